"""Who may use every route of the application.

The table ACCESS below names, for every endpoint of `app.url_map`, whether it is an HTML
page (people sign in through the form) or an API route (people send a bearer token), and
which roles may use it. The sweep visits every route, with every method it accepts, as
each role, with URL parameters filled with real objects:

- a role allowed gets its page: 2xx, or a 3xx that is the page's own redirect (never the
  sign-in bounce); on the API, a 2xx;
- a stranger is sent to the sign-in page (HTML) or gets 401 JSON (API);
- anyone else gets 403.

The integration account is a machine: on the API it uses its token (and is refused the
learner routes); it cannot sign in to the HTML pages, so there it is a stranger. A new
route must be added to the table, or the sweep fails.
"""

from datetime import UTC, date, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from learning.advocacy import objectives, stories
from learning.advocacy import services as hub
from learning.auth import registration
from learning.auth import services as accounts
from learning.auth.models import ApiToken
from learning.badges.models import Badge
from learning.conduct import services as conduct
from learning.courses import services as courses
from learning.database import utcnow
from learning.demo import ANSWERS_FOR_LEVEL
from learning.extensions import db
from learning.familiarity import services as familiarity
from learning.programme import events as programme_events
from learning.progress import quizzes
from learning.sharing import services as sharing
from learning.sharing.models import Share
from tests.conftest import PASSWORD
from tests.personas import persona
from tests.recognition_data import RecognitionWorld

PUBLIC = "anyone"
PEOPLE = ("employee", "champion", "hr", "admin")
HR = ("hr", "admin")
REPORT_READERS = ("champion", "hr", "admin")
ADMIN = ("admin",)
CURATORS = ("champion", "admin")
ROLES = ("anonymous", "employee", "champion", "hr", "admin", "integration")

BORDERLINE = persona("reader-with-doubts")

HTML = "html"
API = "api"

# endpoint -> (HTML page or API route, who may use it)
ACCESS = {
    "index": (HTML, PUBLIC),
    "health.healthz": (API, PUBLIC),
    "api-docs.openapi_json": (API, PUBLIC),
    # Accounts
    "auth.login": (HTML, PUBLIC),
    "auth.language": (HTML, PUBLIC),
    "auth.register": (HTML, PUBLIC),
    "auth.confirm_registration": (HTML, PUBLIC),
    "auth.accept_invitation": (HTML, PUBLIC),
    "auth.logout": (HTML, PEOPLE),
    "auth.profile": (HTML, PEOPLE),
    "auth.change_password": (HTML, PEOPLE),
    "auth.tokens": (HTML, PEOPLE),
    "auth.revoke_token": (HTML, PEOPLE),
    "auth.all_tokens": (HTML, ADMIN),
    "courses.content": (HTML, ADMIN),
    "hr.new_account": (HTML, HR),
    # The roster: the import pages, and the employees API an HR information system uses
    "hr.roster_import": (HTML, HR),
    "hr.roster_confirm": (HTML, HR),
    "hr_api.list_employees": (API, ("hr", "admin", "integration")),
    "hr_api.upsert_employee": (API, ("hr", "admin", "integration")),
    # The learner's pages
    "progress.dashboard": (HTML, PEOPLE),
    "familiarity.diagnostic": (HTML, PEOPLE),
    "familiarity.result": (HTML, PEOPLE),
    "familiarity.choose": (HTML, PEOPLE),
    "hr.override": (HTML, HR),
    "progress.path": (HTML, PEOPLE),
    "progress.course": (HTML, PEOPLE),
    "progress.lesson": (HTML, PEOPLE),
    "progress.quiz": (HTML, PEOPLE),
    "progress.attempt": (HTML, PEOPLE),
    "exercises.submit": (HTML, PEOPLE),
    "conduct.guide": (HTML, PEOPLE),
    "conduct.acknowledge": (HTML, PEOPLE),
    "hr.employees": (HTML, HR),
    "hr.overview": (HTML, HR),
    # HR: training coverage, overdue people and their reminders
    "hr.coverage_page": (HTML, HR),
    "hr.coverage_data": (HTML, HR),
    "hr.coverage_export": (HTML, HR),
    "hr.reminders_page": (HTML, HR),
    "hr.send_reminders": (HTML, HR),
    "hr_reports_api.coverage_report": (API, HR),
    # The learner API: people only, never the integration account
    "auth_api.me": (API, PEOPLE),
    "familiarity_api.diagnostic_questions": (API, PEOPLE),
    "familiarity_api.take_diagnostic": (API, PEOPLE),
    "familiarity_api.choose_level": (API, PEOPLE),
    "progress_api.my_path": (API, PEOPLE),
    "progress_api.course": (API, PEOPLE),
    "progress_api.complete_lesson": (API, PEOPLE),
    "progress_api.attempt_quiz": (API, PEOPLE),
    "conduct_api.conduct_guide": (API, PEOPLE),
    "conduct_api.acknowledge_guide": (API, PEOPLE),
    # The content hub (advocacy): everyone browses and writes stories; champions curate
    "advocacy.index": (HTML, PEOPLE),
    "advocacy.item": (HTML, PEOPLE),
    "advocacy.my_stories": (HTML, PEOPLE),
    "advocacy.new_story": (HTML, PEOPLE),
    "advocacy.story": (HTML, PEOPLE),
    "advocacy.edit_story": (HTML, PEOPLE),
    "advocacy.objectives_list": (HTML, CURATORS),
    "advocacy.new_objective": (HTML, CURATORS),
    "advocacy.edit_objective": (HTML, CURATORS),
    "advocacy.manage": (HTML, CURATORS),
    "advocacy.new_item": (HTML, CURATORS),
    "advocacy.edit_item": (HTML, CURATORS),
    "advocacy.retire_item": (HTML, CURATORS),
    "advocacy.reviews": (HTML, CURATORS),
    "advocacy.review": (HTML, CURATORS),
    "advocacy_api.list_objectives": (API, PEOPLE),
    "advocacy_api.create_objective": (API, CURATORS),
    "advocacy_api.list_content": (API, PEOPLE),
    "advocacy_api.create_content": (API, CURATORS),
    "advocacy_api.get_content": (API, PEOPLE),
    "advocacy_api.retire_content": (API, CURATORS),
    "advocacy_api.submit_story": (API, PEOPLE),
    "advocacy_api.my_stories": (API, PEOPLE),
    # Sharing
    "sharing.share": (HTML, PEOPLE),
    "sharing.share_page": (HTML, PEOPLE),
    "sharing.my_sharing": (HTML, PEOPLE),
    "sharing.privacy": (HTML, PUBLIC),
    "sharing.redirect": (HTML, PUBLIC),
    "sharing_api.create_share": (API, PEOPLE),
    "sharing_api.my_shares": (API, PEOPLE),
    "sharing_api.report_conversion": (API, ("integration", "admin")),
    # Analytics
    "analytics.overview": (HTML, REPORT_READERS),
    "analytics.data": (HTML, REPORT_READERS),
    "analytics.export": (HTML, REPORT_READERS),
    "analytics_api.advocacy_report": (API, REPORT_READERS),
    "analytics.impact": (HTML, HR),
    "analytics.impact_data": (HTML, HR),
    "analytics.impact_export": (HTML, HR),
    # The champions' programme
    "programme.overview": (HTML, REPORT_READERS),
    "programme.health_data": (HTML, REPORT_READERS),
    "programme.health_export": (HTML, REPORT_READERS),
    "programme.leaderboard_page": (HTML, PEOPLE),
    "programme.set_opt_in": (HTML, PEOPLE),
    "programme.events_page": (HTML, PEOPLE),
    "programme.new_event": (HTML, CURATORS),
    "programme.attendance": (HTML, CURATORS),
    "programme.candidates_page": (HTML, HR),
    "programme_api.leaderboard": (API, PEOPLE),
    # Personal data
    "privacy.my_data": (HTML, PEOPLE),
    "privacy.my_data_json": (HTML, PEOPLE),
    "privacy.anonymise": (HTML, HR),
    "privacy.audit": (HTML, HR),
    "privacy.audit_csv": (HTML, HR),
    "privacy_api.my_data": (API, PEOPLE),
    # Badges
    "badges.mine": (HTML, PEOPLE),
    "badges.detail": (HTML, PEOPLE),
    "badges_api.my_badges": (API, PEOPLE),
    # Badges: awards by hand, revocations, their audit; Open Badges documents for anyone
    "badges.award": (HTML, CURATORS),
    "badges.revoke": (HTML, HR),
    "badges.audit": (HTML, HR),
    "badges.audit_csv": (HTML, HR),
    "badges.assertion": (HTML, PUBLIC),
    "badges.badge_class": (HTML, PUBLIC),
    "badges.issuer": (HTML, PUBLIC),
    "badges.baked": (HTML, PEOPLE),
    "awards_api.create_award": (API, CURATORS),
    "awards_api.revoke_award": (API, HR),
}

CHECKED_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


class World:
    """Real objects to fill URL parameters and request bodies with."""

    def __init__(self, make_user):
        self.course = courses.get_course("core-conduct")
        self.lesson = courses.active_lessons(self.course)[0]
        self.questions = courses.quiz_questions(self.course)
        self.guide_version = conduct.require_current_version().version
        self.employee = make_user(level="native")
        self.invited = accounts.create_user("invited@example.com", "Invited Person", ["employee"])
        self.invitation = accounts.invitation_token(self.invited)
        self.registration = registration.registration_token("newcomer@example.com", "New Comer")
        self.attempts = {}
        self.add_attempt(self.employee)
        self.tokens = {}
        self.add_token(self.employee)
        self.hub = HubWorld(make_user)
        self.item = self.hub.item
        self.shares = {}
        self.add_share(self.employee)
        self.share_code = db.session.get(Share, self.shares[self.employee.id]).code
        self.references = iter(range(1, 1000))
        self.event = programme_events.create_event(
            self.hub.champion,
            kind="workshop",
            title="Sharing clinic",
            starts_at=datetime(2099, 1, 1, 12, tzinfo=UTC),
            audience="everyone",
        )[0]
        self.badge = Badge(
            slug="three-networks",
            name="Three networks",
            description="Shared on three networks.",
            criteria="Share on three different networks.",
            criteria_kind="networks",
            threshold=3,
            image="three-networks.png",
        )
        db.session.add(self.badge)

    def quiz_answers(self) -> dict:
        return {str(q.id): q.choices[0].id for q in self.questions}

    def add_attempt(self, user) -> None:
        result = quizzes.attempt_quiz(user, self.course, self.quiz_answers())
        self.attempts[user.id] = result.attempt.id

    def add_token(self, user) -> None:
        """A token of the person's own to revoke, apart from the one the sweep uses."""
        accounts.create_api_token(user)
        self.tokens[user.id] = accounts.api_tokens_of(user)[0].id

    def add_share(self, user) -> None:
        """A share of the person's own, once they have acknowledged the guide (which the
        API's share operation needs too)."""
        conduct.acknowledge(user, self.guide_version)
        self.shares[user.id] = sharing.create_share(user, self.item.id, "x").id

    def url_values(self, endpoint, arguments, user) -> dict:
        mine = user.id if user else None
        # A draft is checked on an exercise lesson only.
        lesson = self.exercise if endpoint.startswith("exercises.") else self.lesson
        values = {
            "slug": self.badge.slug if endpoint == "badges.detail" else lesson.course.slug,
            "key": lesson.key,
            "lesson_id": self.lesson.id,
            "version": self.guide_version,
            "user_id": self.employee.id,
            "token": (
                self.registration if endpoint == "auth.confirm_registration" else self.invitation
            ),
            # Each person's own attempt and token: someone else's is as good as absent.
            "attempt_id": self.attempts.get(mine) or self.attempts[self.employee.id],
            "token_id": self.tokens.get(mine) or self.tokens[self.employee.id],
            **self.hub.url_values(endpoint, user),
            "share_id": self.shares.get(mine) or self.shares[self.employee.id],
            "code": self.share_code,
            "table": "levels" if endpoint == "analytics.impact_export" else "items",
            "event_id": self.event.id,
            **self.badges.url_values(endpoint, user),
        }
        unknown = sorted(set(arguments) - set(values))
        assert not unknown, f"no real value for the URL parameter(s) {unknown}: add one to World"
        return {name: values[name] for name in arguments}

    def json_body(self, endpoint, user):
        if endpoint == "familiarity_api.choose_level":
            return self.borderline_choice(user)
        bodies = {
            "familiarity_api.take_diagnostic": {"answers": ANSWERS_FOR_LEVEL["native"]},
            "progress_api.attempt_quiz": {"answers": self.quiz_answers()},
            **self.hub.json_bodies(),
            **self.badges.json_bodies(endpoint, user),
            "sharing_api.create_share": {"network": "linkedin"},
            "hr_api.upsert_employee": {
                "email": "roster-sweep@example.com",
                "name": "Swept Person",
                "department": "Sales",
            },
            "sharing_api.report_conversion": {
                "code": self.share_code,
                "reference": f"signup-{next(self.references)}",
            },
        }
        return bodies.get(endpoint)

    def borderline_choice(self, user) -> dict:
        """A person's borderline result to choose from, and the choice of its level."""
        if user is not None and user.is_person:
            familiarity.take_diagnostic(user, BORDERLINE.answers)
        return {"level": BORDERLINE.level}


class HubWorld:
    """The hub's objects: an objective, an item offered, one to retire, a story waiting
    for review, and each person's own story to see and edit."""

    def __init__(self, make_user):
        self.champion = make_user(roles=("champion",))
        self.objective = objectives.create_objective(
            self.champion, title="Launch", family="campaigns", target=100, due=date(2099, 1, 1)
        )
        self.item = self.new_item("Offered")
        self.retirable = self.new_item("To retire")
        self.story = stories.submit(make_user(), title="Waiting", body="A story")
        self.own_stories = {}

    def new_item(self, title):
        return hub.create_item(
            self.champion,
            title=title,
            type="press_release",
            url="https://news.example.org/",
            suggested_text="Text",
            objective_id=self.objective.id,
        )

    def own_story(self, user) -> int:
        """The person's own story, written the first time it is needed."""
        if user is None or not user.is_person:
            return self.story.id
        if user.id not in self.own_stories:
            self.own_stories[user.id] = stories.submit(user, title="Mine", body="Story").id
        return self.own_stories[user.id]

    def url_values(self, endpoint, user) -> dict:
        retiring = endpoint in ("advocacy.retire_item", "advocacy_api.retire_content")
        story_id = self.story.id if endpoint == "advocacy.review" else None
        if endpoint in ("advocacy.story", "advocacy.edit_story"):
            story_id = self.own_story(user)
        return {
            "item_id": self.retirable.id if retiring else self.item.id,
            "objective_id": self.objective.id,
            "story_id": story_id or self.story.id,
        }

    def json_bodies(self) -> dict:
        return {
            "advocacy_api.create_objective": {
                "title": "Hiring",
                "family": "talent",
                "target": 10,
                "due": "2099-01-01",
            },
            "advocacy_api.create_content": {
                "title": "New",
                "type": "web_article",
                "url": "https://www.example.org/article",
                "suggested_text": "Read this",
                "objective_id": self.objective.id,
            },
            "advocacy_api.submit_story": {"title": "My story", "body": "It happened."},
        }


def _routes(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint == "static":
            continue
        for method in CHECKED_METHODS:
            if method in rule.methods:
                yield rule, method


def _is_sign_in_bounce(response) -> bool:
    location = urlsplit(response.headers.get("Location", ""))
    return location.path == "/auth/login" and "next" in parse_qs(location.query)


def _error_code(response):
    body = response.get_json(silent=True) or {}
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict) or not error.get("message"):
        return None
    return error.get("code")


def _check(kind, allowed, role, response) -> str | None:
    """What is wrong with this response, or None."""
    status = response.status_code
    if allowed == PUBLIC or role in allowed:
        if kind == API and not 200 <= status < 300:
            return f"expected 2xx, got {status}: {response.get_data(as_text=True)[:200]}"
        if kind == HTML and not 200 <= status < 400:
            return f"expected its page, got {status}"
        if 300 <= status < 400 and _is_sign_in_bounce(response):
            return f"expected its page, was sent to sign in ({response.headers['Location']})"
        return None
    if role == "anonymous" or (role == "integration" and kind == HTML):
        if kind == HTML:
            if status != 302 or not _is_sign_in_bounce(response):
                return f"expected 302 to /auth/login?next=..., got {status}"
            return None
        if status != 401 or _error_code(response) != "unauthorized":
            return f"expected 401 JSON 'unauthorized', got {status} {response.get_data()[:200]}"
        return None
    if status != 403:
        return f"expected 403, got {status}"
    if kind == API and _error_code(response) != "forbidden":
        return f"expected the JSON error 'forbidden', got {response.get_data()[:200]}"
    if kind == HTML and "You do not have the role this requires." not in response.text:
        return "expected the 403 page to say why"
    return None


@pytest.fixture
def world(app, exercise_lesson, make_user, tmp_path):
    app.config["SELF_REGISTRATION_DOMAINS"] = ["example.com"]
    made = World(make_user)
    made.exercise = exercise_lesson
    made.badges = RecognitionWorld(app, tmp_path / "static", make_user)
    return made


def test_every_route_is_in_the_table(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - {"static"}
    missing = sorted(endpoints - set(ACCESS))
    stale = sorted(set(ACCESS) - endpoints)
    assert not missing, f"routes missing from ACCESS in {__name__}: {missing}; add it to the table"
    assert not stale, f"ACCESS names endpoints that no longer exist: {stale}"


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_each_role_as_the_table_says(app, world, make_user, role):
    user = None
    if role != "anonymous":
        user = make_user(roles=(role,), level="native" if role != "integration" else None)
        if role != "integration":
            world.add_attempt(user)
            world.add_token(user)
            world.add_share(user)
            world.badges.add_award(user)

    def signed_in_client():
        web = app.test_client()
        if user is not None:
            response = web.post("/auth/login", data={"email": user.email, "password": PASSWORD})
            # A machine account is refused at sign-in like a wrong password.
            expected = 200 if role == "integration" else 302
            assert response.status_code == expected, f"{role}: sign-in answered {response.status}"
        return web

    web = signed_in_client()
    token = accounts.create_api_token(user) if user is not None else None
    api_headers = {"Authorization": f"Bearer {token}"} if token else {}

    problems = []
    for rule, method in _routes(app):
        if rule.endpoint not in ACCESS:
            problems.append(f"{rule.endpoint} ({rule.rule}) is not in ACCESS: add it to the table")
            continue
        kind, allowed = ACCESS[rule.endpoint]
        url = app.url_map.bind("localhost").build(
            rule.endpoint, world.url_values(rule.endpoint, rule.arguments, user), method=method
        )
        if kind == API:
            # A token alone, in a client without any session cookie.
            response = app.test_client().open(
                url, method=method, headers=api_headers, json=world.json_body(rule.endpoint, user)
            )
        elif rule.endpoint == "auth.logout":
            # Signing out would end the session the rest of the sweep uses.
            response = signed_in_client().open(url, method=method, data={})
        else:
            response = web.open(url, method=method, data={} if method != "GET" else None)
        problem = _check(kind, allowed, role, response)
        if problem:
            problems.append(f"{method} {url} as {role}: {problem}")
    assert not problems, "\n".join(problems)


def test_a_session_cookie_does_not_open_the_api(client, login, make_user):
    """The API takes bearer tokens only: a signed-in browser gets 401 there."""
    user = make_user()
    assert login(user).status_code == 302
    assert client.get("/progress/").status_code == 200

    response = client.get("/api/v1/me")

    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"
    assert "Bearer" in response.json["error"]["message"]


def test_an_api_token_does_not_open_the_html_pages(app, make_user):
    """A bearer token signs nobody in on a page: the stranger is sent to sign in."""
    user = make_user(level="native")
    token = accounts.create_api_token(user)
    response = app.test_client().get("/progress/", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 302
    assert _is_sign_in_bounce(response)


def test_the_integration_account_is_refused_the_learner_api_with_a_reason(api, make_user):
    robot = make_user(roles=("integration",))
    response = api(robot).get("/api/v1/me")
    assert response.status_code == 403
    assert response.json == {
        "error": {"code": "forbidden", "message": "Your role does not allow this."}
    }


def test_an_unknown_revoked_or_malformed_token_gets_401(client, make_user):
    user = make_user()
    token = accounts.create_api_token(user)
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    db.session.execute(sa.update(ApiToken).values(revoked_at=utcnow()))
    db.session.commit()

    for header in (f"Bearer {token}", "Bearer lrn_not-a-real-token", "Basic dXNlcjpwYXNz", ""):
        response = client.get("/api/v1/me", headers={"Authorization": header})
        assert response.status_code == 401, header
        assert response.json["error"]["code"] == "unauthorized"
