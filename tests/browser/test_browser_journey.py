"""The learner's journey in a real browser: headless Chromium against the real app.

The app is served on 127.0.0.1 by a background thread, with its own SQLite file, the real
courses, CSRF protection on and rate limiting off. The diagnostic is answered with the
keyboard only; everything is found through accessible roles and labels.
"""

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from flask import Flask, got_request_exception
from werkzeug.serving import make_server

from learning import content_sync, create_app
from learning.auth import services as accounts
from learning.courses import services as courses
from learning.demo import ANSWERS_FOR_LEVEL
from learning.extensions import db
from learning.transaction import unit_of_work

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
REAL_COURSES = Path(__file__).resolve().parents[2] / "courses"
EMAIL = "ada@example.com"
PASSWORD = "correct horse battery"
NAME = "Ada Lovelace"
LEVEL = "late_adopter"
FIRST_COURSE = "conduct-essentials"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
TIMEOUT_MS = 10_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"Chromium not found at {CHROMIUM}: browser journey skipped",
    ),
]

playwright_api = pytest.importorskip("playwright.sync_api")
sync_playwright, expect = playwright_api.sync_playwright, playwright_api.expect


@dataclass
class LiveServer:
    url: str
    app: Flask
    expected_path_percent: int
    errors: list[str] = field(default_factory=list)


def _units(course) -> int:
    return len(courses.active_lessons(course)) + (1 if course.pass_mark is not None else 0)


@pytest.fixture(scope="module")
def journey_server(tmp_path_factory) -> Iterator[LiveServer]:
    """The real app on a free local port, always on a SQLite file of its own."""
    folder = tmp_path_factory.mktemp("browser-app")
    app = create_app(
        {
            "TESTING": False,
            "SECRET_KEY": "browser test secret key",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'browser.sqlite3'}",
            "SQLALCHEMY_ENGINE_OPTIONS": {},
            "WTF_CSRF_ENABLED": True,
            "RATELIMIT_ENABLED": False,
            "HTTPS": False,
            "SESSION_COOKIE_SECURE": False,
            "REMEMBER_COOKIE_SECURE": False,
            "SERVER_NAME": None,
            "COURSES_DIR": str(REAL_COURSES),
        }
    )
    with app.app_context():
        db.create_all()
        with unit_of_work():
            content_sync.sync(app.config["COURSES_DIR"])
            accounts.create_user(EMAIL, NAME, ["employee"], department="Sales", password=PASSWORD)
        path = courses.get_path(LEVEL)
        units = [_units(step.course) for step in path.steps if step.course.is_active]
        first = next(step.course for step in path.steps if step.course.slug == FIRST_COURSE)
        expected = (100 * _units(first)) // sum(units)
        db.session.remove()

    errors: list[str] = []

    def record(sender, exception, **extra):
        errors.append(repr(exception))

    got_request_exception.connect(record, app)
    server = make_server("127.0.0.1", 0, app, threaded=True)  # 0: a free port
    port = server.server_port
    thread = threading.Thread(target=server.serve_forever, name="browser-app", daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", app, expected, errors)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        got_request_exception.disconnect(record, app)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def problems() -> list[str]:
    """What went wrong in the browser, whatever the page: it should stay empty."""
    return []


@pytest.fixture
def page(browser, journey_server, problems):
    context = browser.new_context(viewport=DESKTOP, locale="en-GB", timezone_id="UTC")
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    # Console errors (a CSP violation, a failed load), script errors and failed responses.
    tab.on(
        "console",
        lambda message: (
            problems.append(f"console {message.type}: {message.text} {message.location['url']}")
            if message.type == "error"
            else None
        ),
    )
    tab.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    tab.on(
        "response",
        lambda response: (
            problems.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    yield tab
    context.close()


def quiz_answers() -> list[tuple[str, str]]:
    """(question text, right choice text) for the first course's quiz, from its source file."""
    quiz = yaml.safe_load((REAL_COURSES / FIRST_COURSE / "quiz.yml").read_text())
    answers = []
    for question in quiz["questions"]:
        right = next(c["text"] for c in question["choices"] if c["id"] == question["answer"])
        answers.append((question["text"], right))
    return answers


def wrong_choice(question_text: str) -> str:
    quiz = yaml.safe_load((REAL_COURSES / FIRST_COURSE / "quiz.yml").read_text())
    question = next(q for q in quiz["questions"] if q["text"] == question_text)
    return next(c["text"] for c in question["choices"] if c["id"] != question["answer"])


def screenshot(page, folder: Path, name: str) -> None:
    """Full-page shots at desktop and phone width."""
    page.screenshot(path=str(folder / f"{name}-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(folder / f"{name}-phone.png"), full_page=True)
    no_sideways_scroll = page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    page.set_viewport_size(DESKTOP)
    assert no_sideways_scroll, f"{name} scrolls sideways at phone width"


def focused(page) -> dict:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return {tag: e.tagName, type: e.type || '', name: e.name || '',"
        " value: e.value || '', checked: !!e.checked, text: (e.innerText || '').trim()}; }"
    )


def tab_until(page, predicate, limit: int = 30) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if predicate(element):
            return element
    raise AssertionError("the keyboard never reached the expected control")


def answer_diagnostic_with_keyboard(page, answers: dict[str, str]) -> None:
    question_ids = page.eval_on_selector_all(
        "form.diagnostic fieldset input[type=radio]",
        "inputs => [...new Set(inputs.map(i => i.name))]",
    )
    assert set(question_ids) == set(answers)
    for number, question_id in enumerate(question_ids):
        element = (
            tab_until(page, lambda e: e["type"] == "radio")
            if number == 0
            else (page.keyboard.press("Tab"), focused(page))[1]
        )
        # Tab lands on the group's first radio; nothing is chosen yet.
        assert element["name"] == question_id, element
        assert not element["checked"]
        position = ord(answers[question_id]) - ord("a")
        if position == 0:
            page.keyboard.press("Space")
        for _ in range(position):
            page.keyboard.press("ArrowDown")
        element = focused(page)
        assert (element["name"], element["value"], element["checked"]) == (
            question_id,
            answers[question_id],
            True,
        )
    page.keyboard.press("Tab")
    element = focused(page)
    assert (element["type"], element["value"]) == ("submit", "See my level")
    page.keyboard.press("Enter")


def answer_quiz(page, answers: list[tuple[str, str]], wrong: int = 0) -> None:
    """Tick an answer in each group; the first `wrong` questions are answered wrongly."""
    for number, (question, right) in enumerate(answers, start=1):
        group = page.get_by_role("group", name=f"{number}. {question}")
        choice = wrong_choice(question) if number <= wrong else right
        group.get_by_role("radio", name=choice, exact=True).check()
    page.get_by_role("button", name="Submit my answers").click()


def test_a_learner_goes_through_the_whole_journey(page, journey_server, problems, tmp_path):
    base = journey_server.url
    shots = tmp_path

    # Sign in, typing into the labelled fields.
    page.goto(base + "/")
    expect(page).to_have_url(re.compile(r"/auth/login"))
    expect(page.get_by_role("heading", level=1, name="Sign in")).to_be_visible()
    screenshot(page, shots, "01-login")
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # The dashboard invites to the questionnaire.
    expect(page).to_have_url(re.compile(r"/progress/$"))
    expect(page.get_by_role("heading", level=1, name=f"Hello, {NAME}")).to_be_visible()
    expect(page.get_by_role("heading", name="1. Your level")).to_be_visible()
    expect(page.get_by_text("Your path appears once you know your level.")).to_be_visible()
    screenshot(page, shots, "02-dashboard-new")
    page.get_by_role("button", name="Start the questionnaire").click()

    # The diagnostic, with the keyboard only.
    expect(
        page.get_by_role("heading", level=1, name="Your familiarity with social media")
    ).to_be_visible()
    expect(page.get_by_role("group")).to_have_count(len(ANSWERS_FOR_LEVEL[LEVEL]))
    screenshot(page, shots, "03-diagnostic")
    answer_diagnostic_with_keyboard(page, ANSWERS_FOR_LEVEL[LEVEL])

    # The result: the level, and why.
    expect(page).to_have_url(re.compile(r"/familiarity/result$"))
    expect(page.get_by_role("heading", level=1, name="Your level: Late adopter")).to_be_visible()
    expect(
        page.get_by_text("You use social networks and post on them", exact=False)
    ).to_be_visible()
    expect(page.get_by_text("You last posted this month.", exact=False)).to_be_visible()
    # The scores and the rules wait behind a disclosure.
    expect(page.get_by_role("heading", name="How the questionnaire decides")).to_be_visible()
    expect(page.get_by_role("table", name="Your scores")).to_be_hidden()
    page.get_by_text("Your scores and the rules").click()
    expect(page.get_by_role("table", name="Your scores")).to_be_visible()
    expect(page.locator(".rules li.matched")).to_contain_text("(your answers)")
    expect(page.locator(".rules li.matched")).to_contain_text("otherwise")
    screenshot(page, shots, "04-result")
    page.get_by_role("button", name="Go to my learning path").click()

    # The path, with its progress bar at zero.
    expect(page).to_have_url(re.compile(r"/courses/$"))
    expect(
        page.get_by_role(
            "heading", level=1, name="The company's networks, and how to engage on each"
        )
    ).to_be_visible()
    expect(page.get_by_text("Path progress: 0%")).to_be_visible()
    path_bar = page.get_by_role("progressbar", name="Path progress")
    expect(path_bar).to_have_attribute("value", "0")
    expect(page.get_by_role("progressbar")).to_have_count(4)  # the path and its 3 courses
    screenshot(page, shots, "05-path")
    first_title = "Speaking safely online: the conduct guide"
    page.get_by_role("heading", level=2).get_by_role("link", name=first_title).click()

    # The first course, its lessons one after the other.
    expect(page.get_by_role("heading", level=1, name=first_title)).to_be_visible()
    lessons = page.get_by_role("heading", name="Lessons").locator("xpath=following-sibling::ol[1]")
    lesson_titles = lessons.get_by_role("link").all_inner_texts()
    assert len(lesson_titles) == 5
    expect(page.get_by_role("progressbar", name="Course progress")).to_have_attribute("value", "0")
    lessons.get_by_role("link", name=lesson_titles[0]).click()
    for position, title in enumerate(lesson_titles, start=1):
        expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
        expect(page.get_by_text(f"Lesson {position} of {len(lesson_titles)}")).to_be_visible()
        if position == 1:
            screenshot(page, shots, "06-lesson")
        if position < len(lesson_titles):
            page.get_by_role("button", name="Mark as done and continue").click()
        else:
            page.get_by_role("button", name="Mark as done and take the quiz").click()

    # The quiz: a first try that misses the pass mark, with what was wrong.
    answers = quiz_answers()
    expect(page.get_by_role("heading", level=1, name=f"Quiz: {first_title}")).to_be_visible()
    expect(page.get_by_text(f"{len(answers)} questions. Pass mark: 80%.")).to_be_visible()
    screenshot(page, shots, "07-quiz")
    answer_quiz(page, answers, wrong=2)
    failed_score = (100 * (len(answers) - 2)) // len(answers)
    expect(
        page.get_by_role("heading", level=1, name=f"Not passed yet: {failed_score}%")
    ).to_be_visible()
    review = page.locator("ol.review > li")
    expect(review).to_have_count(len(answers))
    expect(page.locator("ol.review > li.wrong")).to_have_count(2)
    for question, right in answers[:2]:
        item = review.filter(has_text=question)
        expect(item).to_contain_text("wrong")
        expect(item).to_contain_text(f"The right answer: {right}")
    screenshot(page, shots, "08-quiz-failed")
    page.get_by_role("button", name="Try again").click()

    # The retake passes.
    answer_quiz(page, answers)
    expect(page.get_by_role("heading", level=1, name="Passed: 100%")).to_be_visible()
    expect(page.locator("ol.review > li.wrong")).to_have_count(0)
    page.get_by_role("button", name="Back to my path").click()

    # Back on the path: the first course is completed.
    percent = journey_server.expected_path_percent
    expect(page.get_by_text(f"Path progress: {percent}%")).to_be_visible()
    expect(page.get_by_role("progressbar", name="Path progress")).to_have_attribute(
        "value", str(percent)
    )
    expect(page.get_by_role("progressbar", name=f"Progress in {first_title}")).to_have_attribute(
        "value", "100"
    )
    first_card = page.locator("ol.course-list > li").first
    expect(first_card).to_contain_text("Completed")
    expect(first_card).to_contain_text("5 of 5 lessons · quiz passed")

    # The conduct guide: refused without the box, acknowledged with it.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Conduct guide").click()
    expect(page.get_by_role("heading", level=1, name="Social-media conduct guide")).to_be_visible()
    expect(page.get_by_text("Version 1, published")).to_be_visible()
    screenshot(page, shots, "09-guide")
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_role("alert")).to_have_text("Tick the box to acknowledge the guide.")
    box = page.get_by_label("I have read this version of the conduct guide and I will follow it.")
    box.check()
    page.get_by_role("button", name="Acknowledge").click()

    # The dashboard: progress and the acknowledgment.
    expect(page).to_have_url(re.compile(r"/progress/$"))
    expect(page.get_by_role("status")).to_have_text(
        "Thank you: you acknowledged version 1 of the conduct guide."
    )
    expect(page.get_by_text("Late adopter", exact=True)).to_be_visible()
    expect(page.get_by_text(f"{percent}% done")).to_be_visible()
    expect(page.get_by_role("progressbar", name="Path progress")).to_have_attribute(
        "value", str(percent)
    )
    expect(page.get_by_text("You acknowledged version 1 on")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(r"^Resume: "))).to_be_visible()
    screenshot(page, shots, "10-dashboard-after")

    # Sign out.
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/auth/login"))
    expect(page.get_by_role("status")).to_have_text("You are signed out.")
    page.goto(base + "/progress/")
    expect(page).to_have_url(re.compile(r"/auth/login"))

    assert problems == []
    assert journey_server.errors == []
