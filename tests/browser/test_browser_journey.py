"""The learner's journey in a real browser: headless Chromium against the real app.

The diagnostic is answered with the keyboard only; everything is found through accessible
roles and labels; every page passes the audit of `conftest.PageAudit`.
"""

import re

import pytest
import yaml

from learning import placeholders
from learning.company import loader as company_loader
from learning.company import services as company
from learning.demo import ANSWERS_FOR_LEVEL
from tests.browser.conftest import FIRST_COURSE, LEARNER, LEVEL, PASSWORD, REAL_COURSES

EMAIL, NAME = LEARNER

pytestmark = pytest.mark.browser


def source_quiz() -> dict:
    """The first course's quiz from its source file, the company's settings filled in."""
    quiz = yaml.safe_load((REAL_COURSES / FIRST_COURSE / "quiz.yml").read_text())
    values = company.placeholder_values(company_loader.load(REAL_COURSES / "company.yml"), "en")
    for question in quiz["questions"]:
        question["text"] = placeholders.fill(question["text"], values)
        for choice in question["choices"]:
            choice["text"] = placeholders.fill(choice["text"], values)
    return quiz


def quiz_answers() -> list[tuple[str, str]]:
    """(question text, right choice text) for the first course's quiz."""
    answers = []
    for question in source_quiz()["questions"]:
        right = next(c["text"] for c in question["choices"] if c["id"] == question["answer"])
        answers.append((question["text"], right))
    return answers


def wrong_choice(question_text: str) -> str:
    question = next(q for q in source_quiz()["questions"] if q["text"] == question_text)
    return next(c["text"] for c in question["choices"] if c["id"] != question["answer"])


# Characters a line in the longest paragraph of a text: its length over its lines.
CHARACTERS_A_LINE = """e => {
  const longest = [...e.querySelectorAll("p")].sort(
    (a, b) => b.textContent.length - a.textContent.length)[0];
  const lineHeight = parseFloat(getComputedStyle(longest).lineHeight);
  const lines = Math.round(longest.getBoundingClientRect().height / lineHeight);
  return longest.textContent.length / lines;
}"""

# The contrast of the focused element's outline against the page's background (WCAG formula).
FOCUS_RING_CONTRAST = """() => {
  const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const luminance = c => {
    const [r, g, b] = rgb(c).map(v => v / 255).map(
      v => v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const style = getComputedStyle(document.activeElement);
  const ring = luminance(style.outlineColor);
  const page = luminance(getComputedStyle(document.body).backgroundColor);
  return {style: style.outlineStyle, width: parseFloat(style.outlineWidth),
    contrast: (Math.max(ring, page) + 0.05) / (Math.min(ring, page) + 0.05)};
}"""


def check_focus_ring(page) -> None:
    """A link and a button reached with the keyboard show a ring of 3:1 or more."""
    for wanted in ("A", "BUTTON"):
        tab_until(page, lambda e, wanted=wanted: e["tag"] == wanted)
        ring = page.evaluate(FOCUS_RING_CONTRAST)
        assert ring["style"] == "solid" and ring["width"] >= 2, ring
        assert ring["contrast"] >= 3, ring


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
        group = page.get_by_role("group", name=f"Question {number} of {len(answers)} {question}")
        choice = wrong_choice(question) if number <= wrong else right
        group.get_by_role("radio", name=choice, exact=True).check()
    page.get_by_role("button", name="Submit my answers").click()


def test_a_learner_goes_through_the_whole_journey(page, journey_server, problems, audit, expect):
    base = journey_server.url

    # Sign in, typing into the labelled fields.
    page.goto(base + "/")
    expect(page).to_have_url(re.compile(r"/auth/login"))
    # Before the form, two sentences say what the platform is.
    expect(page.get_by_role("heading", level=1)).to_have_text("Social media, with confidence")
    expect(page.get_by_text("the company's training for using social media")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Sign in")).to_be_visible()
    # Nothing grabs the focus on load.
    assert focused(page)["tag"] == "BODY"
    audit.check(page, "login")
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # The dashboard invites to the questionnaire.
    expect(page).to_have_url(re.compile(r"/progress/$"))
    expect(page.get_by_role("heading", level=1, name=f"Hello, {NAME}")).to_be_visible()
    expect(page.get_by_role("heading", name="1. Your level")).to_be_visible()
    expect(page.get_by_text("Your path appears once you know your level.")).to_be_visible()
    audit.check(page, "dashboard-new")
    page.get_by_role("button", name="Start the questionnaire").click()

    # The diagnostic, with the keyboard only.
    expect(
        page.get_by_role("heading", level=1, name="Your familiarity with social media")
    ).to_be_visible()
    questions = len(ANSWERS_FOR_LEVEL[LEVEL])
    expect(page.get_by_role("group")).to_have_count(questions)
    expect(page.get_by_role("group").nth(2)).to_contain_text(f"Question 3 of {questions}")
    audit.check(page, "diagnostic")
    # Sent empty, it sums up what is missing at the top, where the focus goes.
    page.get_by_role("button", name="See my level").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary.get_by_role("link")).to_have_count(questions)
    audit.check(page, "diagnostic-errors")
    summary.get_by_role("link").first.click()
    assert focused(page)["type"] == "radio"
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    page.get_by_role("button", name="Start the questionnaire").click()
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
    audit.check(page, "result")
    page.get_by_role("button", name="Go to my learning path").click()

    # The path, with its progress bar at zero.
    expect(page).to_have_url(re.compile(r"/courses/$"))
    expect(
        page.get_by_role(
            "heading", level=1, name="Example & Co's networks, and how to engage on each"
        )
    ).to_be_visible()
    expect(page.get_by_text("Path progress: 0%")).to_be_visible()
    path_bar = page.get_by_role("progressbar", name="Path progress")
    expect(path_bar).to_have_attribute("value", "0")
    expect(page.get_by_role("progressbar")).to_have_count(4)  # the path and its 3 courses
    # Nothing done yet: the path starts, it does not resume.
    expect(page.get_by_role("button", name=re.compile(r"^Start: "))).to_be_visible()
    audit.check(page, "path")
    first_title = "Speaking safely online: the conduct guide"
    page.get_by_role("heading", level=2).get_by_role("link", name=first_title).click()

    # The first course, its lessons one after the other.
    expect(page.get_by_role("heading", level=1, name=first_title)).to_be_visible()
    lessons = page.get_by_role("heading", name="Lessons").locator("xpath=following-sibling::ol[1]")
    lesson_titles = lessons.get_by_role("link").all_inner_texts()
    assert len(lesson_titles) == 7
    expect(page.get_by_role("progressbar", name="Course progress")).to_have_attribute("value", "0")
    audit.check(page, "course")
    lessons.get_by_role("link", name=lesson_titles[0]).click()
    for position, title in enumerate(lesson_titles, start=1):
        expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
        expect(page.get_by_text(f"Lesson {position} of {len(lesson_titles)}")).to_be_visible()
        if position == 1:
            audit.check(page, "lesson")
            # About 70 characters a line on a desktop, not 105.
            assert page.locator(".lesson-body").evaluate(CHARACTERS_A_LINE) <= 80
            check_focus_ring(page)
        if position < len(lesson_titles):
            page.get_by_role("button", name="Mark as done and continue").click()
        else:
            # The last lesson is a practical exercise: a draft checked by the platform.
            page.get_by_label("Network").select_option("linkedin")
            page.get_by_label("Your draft post").fill(
                "Our team's case study is out. I work at Example & Co; views are my own."
            )
            page.get_by_role("button", name="Check my draft").click()
            expect(page.get_by_text("Your draft passes the check")).to_be_visible()
            audit.check(page, "exercise")
            page.get_by_role("button", name="Take the quiz").click()

    # The quiz: a first try that misses the pass mark, with what was wrong.
    answers = quiz_answers()
    expect(page.get_by_role("heading", level=1, name=f"Quiz: {first_title}")).to_be_visible()
    expect(page.get_by_text(f"{len(answers)} questions. Pass mark: 80%.")).to_be_visible()
    expect(page.get_by_role("group").first).to_contain_text(f"Question 1 of {len(answers)}")
    audit.check(page, "quiz")
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
        expect(item.get_by_role("link", name=re.compile("^Review: "))).to_be_visible()
        expect(item).not_to_contain_text(right)
    audit.check(page, "quiz-failed")
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
    expect(first_card).to_contain_text("7 of 7 lessons · quiz passed")

    # The conduct guide: refused without the box, acknowledged with it.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Conduct guide").click()
    expect(page.get_by_role("heading", level=1, name="Social-media conduct guide")).to_be_visible()
    expect(page.get_by_text("Version 2, published")).to_be_visible()
    assert page.locator(".prose").first.evaluate(CHARACTERS_A_LINE) <= 80
    audit.check(page, "guide")
    page.get_by_role("button", name="Acknowledge").click()
    # The error is summed up at the top, and said again beside the box.
    expect(page.locator(".error-summary")).to_be_focused()
    box = page.get_by_label("I have read this version of the conduct guide and I will follow it.")
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(box).to_have_accessible_description("Tick the box to acknowledge the guide.")
    audit.check(page, "guide-error")
    box.check()
    page.get_by_role("button", name="Acknowledge").click()

    # The dashboard: progress and the acknowledgment.
    expect(page).to_have_url(re.compile(r"/progress/$"))
    expect(page.get_by_role("status")).to_have_text(
        "Thank you: you acknowledged version 2 of the conduct guide."
    )
    expect(page.get_by_text("Late adopter", exact=True)).to_be_visible()
    expect(page.get_by_text(f"{percent}% done")).to_be_visible()
    expect(page.get_by_role("progressbar", name="Path progress")).to_have_attribute(
        "value", str(percent)
    )
    expect(page.get_by_text("You acknowledged version 2 on")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(r"^Resume: "))).to_be_visible()
    audit.check(page, "dashboard-after")

    # The profile, with the history of levels and acknowledgments, times to the minute.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Profile").click()
    acknowledged = page.get_by_role("table").last.get_by_role("cell").last
    expect(acknowledged).to_have_text(re.compile(r"^\w{3} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s[AP]M$"))
    audit.check(page, "profile")

    # Sign out.
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/auth/login"))
    expect(page.get_by_role("status")).to_have_text("You are signed out.")
    page.goto(base + "/progress/")
    expect(page).to_have_url(re.compile(r"/auth/login"))

    audit.assert_clean()
    assert problems == []
    assert journey_server.errors == []
