"""What the browser journeys share: the real app on a local port, a headless Chromium, and
the checks every page they visit must pass.

The app is served by a background thread, with its own SQLite file, the real courses, CSRF
protection on and rate limiting off. On every page, axe-core (installed by `dev.py test`
from npm into .cache/axe-core) must find nothing serious or critical, at desktop and at
phone width, and at 375 px nothing may scroll sideways.
"""

import json
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from flask import Flask, got_request_exception
from werkzeug.serving import make_server

from learning import content_sync, create_app
from learning.auth import services as accounts
from learning.courses import services as courses
from learning.extensions import db
from learning.transaction import unit_of_work

ROOT = Path(__file__).resolve().parents[2]
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
AXE_CORE = ROOT / ".cache" / "axe-core" / "node_modules" / "axe-core" / "axe.min.js"
REAL_COURSES = ROOT / "courses"
PASSWORD = "correct horse battery"
LEARNER = ("ada@example.com", "Ada Lovelace")
HR = ("hana@example.com", "Hana Rossi")
COLLEAGUE = ("bob@example.com", "Bob Martin")
LEVEL = "late_adopter"
FIRST_COURSE = "conduct-essentials"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
TIMEOUT_MS = 10_000
# Set it to a folder to keep a full-page screenshot of every page at both widths.
SCREENSHOTS = os.environ.get("BROWSER_SCREENSHOTS")

# Serious and critical findings only; each with the elements at fault and why.
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(
      n => n.target.join(" ") + ": " + (n.failureSummary || "").replace(/\\s+/g, " "))}));
}"""


def skip_or_fail(reason: str) -> None:
    """CI must run every check; a developer's machine may lack axe-core, and is told so."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the browser journeys may not be skipped)")
    pytest.skip(reason)


@dataclass
class LiveServer:
    url: str
    app: Flask
    expected_path_percent: int
    errors: list[str] = field(default_factory=list)


def _units(course) -> int:
    return len(courses.active_lessons(course)) + (1 if course.pass_mark is not None else 0)


@pytest.fixture(scope="session")
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
            "SELF_REGISTRATION_DOMAINS": ["example.com"],
        }
    )
    with app.app_context():
        db.create_all()
        with unit_of_work():
            content_sync.sync(app.config["COURSES_DIR"])
            for (email, name), roles in ((LEARNER, ["employee"]), (HR, ["hr"])):
                accounts.create_user(email, name, roles, department="Sales", password=PASSWORD)
            accounts.create_user(*COLLEAGUE, ["employee"], department="Support", password=PASSWORD)
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


@pytest.fixture(scope="session")
def playwright_api():
    return pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="session")
def axe_core() -> Path:
    if not AXE_CORE.exists():
        skip_or_fail(
            f"axe-core not found at {AXE_CORE.relative_to(ROOT)}: `python3 dev.py test` "
            "installs it with npm"
        )
    return AXE_CORE


@pytest.fixture(scope="session")
def browser(playwright_api):
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}: browser journeys skipped")
    with playwright_api.sync_playwright() as playwright:
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
def new_page(browser, journey_server, problems, axe_core):
    """A tab in a fresh browser context (no cookies): call it once per person."""
    contexts = []

    def open_tab():
        context = browser.new_context(viewport=DESKTOP, locale="en-GB", timezone_id="UTC")
        context.set_default_timeout(TIMEOUT_MS)
        # Playwright injects it outside the page, so the CSP (no inline script) still holds.
        context.add_init_script(path=str(axe_core))
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=journey_server.url)
        contexts.append(context)
        tab = context.new_page()
        # Console errors (a CSP violation, a failed load), script errors, failed responses.
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
                problems.append(f"{response.status} {response.url}")
                if response.status >= 400
                else None
            ),
        )
        return tab

    yield open_tab
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def expect(playwright_api):
    return playwright_api.expect


class PageAudit:
    """axe-core at desktop and phone width, and no sideways scroll at 375 px, page by page.

    Findings are collected, so one run lists every page at fault; `assert_clean` ends it.
    """

    def __init__(self):
        self.findings: list[str] = []
        self.pages: list[str] = []

    def check(self, page, name: str) -> None:
        self.pages.append(name)
        for label, size in (("desktop", DESKTOP), ("375 px", PHONE)):
            page.set_viewport_size(size)
            for violation in page.evaluate(RUN_AXE):
                nodes = "\n      ".join(violation["nodes"])
                self.findings.append(
                    f"{name} at {label}: axe-core {violation['impact']} {violation['id']}: "
                    f"{violation['help']}\n      {nodes}"
                )
            if SCREENSHOTS:
                shot = Path(SCREENSHOTS) / f"{name}-{size['width']}.png"
                page.screenshot(path=str(shot), full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide = page.evaluate(WIDEST_ELEMENTS)
            self.findings.append(
                f"{name} at 375 px: the page is {width} px wide; widest: {json.dumps(wide)}"
            )
        page.set_viewport_size(DESKTOP)

    def assert_clean(self) -> None:
        assert self.pages, "no page was checked"
        assert self.findings == [], "\n".join(self.findings)


# The elements sticking out furthest to the right: where a sideways scroll comes from.
WIDEST_ELEMENTS = """() => [...document.querySelectorAll("body *")]
  .map(e => [e.getBoundingClientRect().right, e.tagName.toLowerCase() +
    (e.id ? "#" + e.id : "") + (e.className ? "." + String(e.className).split(" ").join(".") : "")])
  .filter(([right]) => right > window.innerWidth)
  .sort((a, b) => b[0] - a[0]).slice(0, 5)"""


@pytest.fixture
def audit() -> PageAudit:
    return PageAudit()
