"""Headers, cookies, CSRF, inert output, field limits and undecodable bodies."""

import re
from html.parser import HTMLParser

import pytest
from flask.testing import FlaskClient

from learning.auth import services as accounts
from learning.auth.models import User
from learning.courses import services as courses
from learning.extensions import db
from learning.familiarity import services as familiarity
from tests.catalogue import GUIDE_V1, course_yml, lesson_md
from tests.conftest import PASSWORD, fixtures

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
ESCAPED_IMG = "&lt;img src=x onerror=alert(1)&gt;"
FORM_EXPIRED = "The form was out of date or not sent from this site. Reload it and try again."


def browser_for(app, user, base_url="http://localhost") -> FlaskClient:
    browser = app.test_client()
    response = browser.post(
        "/auth/login",
        data={"email": user.email, "password": PASSWORD},
        base_url=base_url,
    )
    assert response.status_code == 302, "signed in"
    return browser


def stored(user_id) -> User:
    db.session.expire_all()
    return db.session.get(User, user_id)


class Tags(HTMLParser):
    """Every start tag of a page with its attributes."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def active_content(page_text) -> list[str]:
    """What in this page could run script: it must be nothing."""
    found = []
    for tag, attrs in Tags(page_text).tags:
        # The application's own script file, which the CSP allows; never one inline.
        if tag == "script" and (attrs.get("src") or "").startswith("/static/js/"):
            continue
        if tag in {"script", "iframe", "object", "embed", "img", "svg", "style"}:
            found.append(f"<{tag} {attrs}>")
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}={value!r}>")
            if name in {"href", "src", "action", "formaction", "xlink:href"} and value:
                scheme = re.sub(r"[\x00-\x20]", "", value).lower()
                if scheme.startswith(("javascript:", "vbscript:")) or (
                    # An empty `data:,` icon is harmless; a data: link or frame is not.
                    scheme.startswith("data:") and tag != "link"
                ):
                    found.append(f"<{tag} {name}={value!r}>")
    return found


def csrf_token_in(page_text) -> str:
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page_text)
    assert found, "the form carries a CSRF token"
    return found[1]


# Security headers


def csp_directives(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def assert_security_headers(response) -> None:
    directives = csp_directives(response)
    assert directives, "a Content-Security-Policy is sent"
    script_src = directives.get("script-src", directives.get("default-src"))
    assert script_src, "the policy limits where scripts come from"
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src
    assert "*" not in script_src
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("Referrer-Policy")
    assert response.headers.get("X-Frame-Options") == "DENY" or directives.get(
        "frame-ancestors"
    ) == ["'none'"]


def test_pages_carry_the_security_headers(client, login, make_user):
    anonymous = [client.get("/auth/login"), client.get("/no/such/page")]
    for response in anonymous:
        assert_security_headers(response)
    login(make_user())
    for response in (client.get("/progress/"), client.get("/auth/profile")):
        assert response.status_code == 200
        assert_security_headers(response)


def test_api_responses_carry_the_security_headers(client, api, make_user):
    me = api(make_user()).get("/api/v1/me")
    assert me.status_code == 200
    for response in (
        me,
        client.get("/api/v1/me"),
        client.get("/healthz"),
        client.get("/api/v1/openapi.json"),
    ):
        assert_security_headers(response)


def test_pages_contain_no_inline_script(client, login, make_user, catalogue):
    login(make_user(level="native"))
    for path in ("/progress/", "/courses/", "/courses/core-conduct", "/conduct/", "/auth/profile"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert active_content(page.text) == [], path


# Session cookie


def session_set_cookie(response) -> str:
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert cookies, "the response sets the session cookie"
    return cookies[-1]


def cookie_attributes(set_cookie) -> set[str]:
    return {part.strip().lower() for part in set_cookie.split(";")[1:]}


def test_the_session_cookie_is_http_only_and_same_site_lax(client, make_user):
    user = make_user()
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})

    attributes = cookie_attributes(session_set_cookie(response))

    assert "httponly" in attributes
    assert "samesite=lax" in attributes
    assert "secure" not in attributes  # plain HTTP in development


def test_with_https_the_session_cookie_is_secure(app_config, request):
    app_config["HTTPS"] = True
    app, make_user = fixtures(request, "app", "make_user")
    user = make_user()
    browser = app.test_client()

    response = browser.post(
        "/auth/login",
        data={"email": user.email, "password": PASSWORD},
        base_url="https://localhost",
    )

    assert response.status_code == 302
    attributes = cookie_attributes(session_set_cookie(response))
    assert {"secure", "httponly", "samesite=lax"} <= attributes
    assert "max-age=" in response.headers.get("Strict-Transport-Security", "")
    plain = app.test_client().get("/auth/login")
    assert plain.status_code in {301, 302}
    assert plain.headers["Location"].startswith("https://")


# CSRF


@pytest.fixture
def csrf_config(app_config):
    app_config["WTF_CSRF_ENABLED"] = True
    return app_config


def signed_in_with_csrf(app, user) -> FlaskClient:
    browser = app.test_client()
    token = csrf_token_in(browser.get("/auth/login").text)
    response = browser.post(
        "/auth/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302, "signed in with the form's token"
    return browser


def assert_form_expired(response) -> None:
    assert response.status_code == 400
    assert "Form expired" in response.text
    assert FORM_EXPIRED in response.text


@pytest.mark.parametrize("token", [None, "", "forged-token", "other-browser"])
def test_a_profile_form_without_a_valid_csrf_token_is_refused(csrf_config, request, token):
    app, make_user = fixtures(request, "app", "make_user")
    user = make_user(name="Original Name")
    browser = signed_in_with_csrf(app, user)
    if token == "other-browser":  # a real token, but of somebody else's session
        other = signed_in_with_csrf(app, make_user())
        token = csrf_token_in(other.get("/auth/profile").text)
    data = {"name": "Changed Name", "timezone": "Europe/Paris", "locale": "en"}
    if token is not None:
        data["csrf_token"] = token

    response = browser.post("/auth/profile", data=data)

    assert_form_expired(response)
    assert (stored(user.id).name, stored(user.id).timezone) == ("Original Name", "UTC")


def test_the_same_profile_form_with_its_csrf_token_is_accepted(csrf_config, request):
    app, make_user = fixtures(request, "app", "make_user")
    user = make_user(name="Original Name")
    browser = signed_in_with_csrf(app, user)
    token = csrf_token_in(browser.get("/auth/profile").text)

    response = browser.post(
        "/auth/profile",
        data={"name": "Changed Name", "timezone": "UTC", "locale": "en", "csrf_token": token},
    )

    assert response.status_code == 302
    assert stored(user.id).name == "Changed Name"


def test_other_state_changing_forms_need_the_csrf_token(csrf_config, request):
    app, make_user, catalogue = fixtures(request, "app", "make_user", "catalogue")
    hr = make_user(roles=("hr",), level="native")
    employee = make_user(level="beginner")
    browser = signed_in_with_csrf(app, hr)

    attempts = {
        "/auth/password": {
            "current_password": PASSWORD,
            "password": "new password here",
            "confirm": "new password here",
        },
        "/hr/accounts/new": {"name": "Forged", "email": "forged@example.com", "role": "hr"},
        f"/hr/employees/{employee.id}/level": {"level": "native", "reason": "forged"},
        "/conduct/1/acknowledge": {"confirm": "y"},
        "/courses/core-conduct/lessons/intro": {},
        "/familiarity/diagnostic": {},
        "/auth/logout": {},
    }
    for path, data in attempts.items():
        assert_form_expired(browser.post(path, data={**data, "csrf_token": "forged"}))

    assert browser.get("/progress/").status_code == 200  # still signed in
    assert accounts.find_user_by_email("forged@example.com") is None
    assert stored(employee.id).level == "beginner"
    assert "You acknowledged version" not in browser.get("/progress/").text
    assert browser.get("/courses/core-conduct").text.count("✓") == 0
    assert signed_in_with_csrf(app, hr)  # the password did not change


def test_sign_in_without_a_csrf_token_is_refused(csrf_config, request):
    app, make_user = fixtures(request, "app", "make_user")
    user = make_user()
    browser = app.test_client()

    response = browser.post("/auth/login", data={"email": user.email, "password": PASSWORD})

    assert_form_expired(response)
    assert browser.get("/progress/").status_code == 302


def test_the_api_takes_bearer_tokens_without_csrf(csrf_config, request):
    app, make_user, api, catalogue = fixtures(request, "app", "make_user", "api", "catalogue")
    lesson = courses.active_lessons(courses.get_course("core-conduct"))[0]
    response = api(make_user()).post(f"/api/v1/lessons/{lesson.id}/complete")
    assert response.status_code == 200
    assert response.json["completed"] is True


# Inert output


PAYLOAD = f"""\
{SCRIPT}

{IMG}

[click](javascript:alert(1))

<a href="javascript:alert(2)">raw link</a>

[spaced](  JaVaScRiPt:alert(3))

<iframe src="https://evil.example"></iframe>

[a fine link](https://example.com/ok)
"""


@pytest.fixture
def hostile_catalogue(catalogue_dir, runner):
    """The test catalogue with HTML and script in every text an author writes."""
    folder = catalogue_dir / "core-conduct"
    (folder / "course.yml").write_text(
        course_yml(
            "core-conduct", "[all]", ["intro", "practice"], title=f"'{IMG} Core conduct'"
        ).replace("summary: About core-conduct.", f"summary: '{SCRIPT} About it.'")
    )
    (folder / "lessons" / "intro.md").write_text(lesson_md(f"'{SCRIPT} Intro'", PAYLOAD))
    quiz = (folder / "quiz.yml").read_text()
    quiz = quiz.replace(
        "text: Who answers a journalist about a crisis?",
        f"text: '{SCRIPT} Who answers a journalist?'",
    ).replace(
        "explanation: Crises are handled by the communications team.",
        f"explanation: '{IMG} The communications team.'",
    )
    (folder / "quiz.yml").write_text(quiz)
    guide = GUIDE_V1.replace(
        "body: Only the communications team speaks for the company in a crisis.",
        "body: |\n      " + "\n      ".join(PAYLOAD.splitlines()),
    ).replace("title: Who speaks for the company", f"title: '{SCRIPT} Who speaks'")
    (catalogue_dir / "guide" / "v1.yml").write_text(guide)

    result = runner.invoke(args=["courses", "sync", str(catalogue_dir)])
    assert result.exit_code == 0, result.output
    return catalogue_dir


def test_course_content_with_html_and_script_is_inert(
    app, client, login, make_user, hostile_catalogue
):
    user = make_user(level="native")
    login(user)
    course = courses.get_course("core-conduct")
    question = courses.quiz_questions(course)[0]
    client.post(
        "/courses/core-conduct/quiz",
        data={f"q{q.id}": str(q.choices[0].id) for q in courses.quiz_questions(course)},
    )
    attempt = client.get("/courses/core-conduct").text
    review = re.search(r'href="(/courses/core-conduct/quiz/attempts/\d+)"', attempt)
    assert review, "the course page links to the attempt"
    assert question.text.startswith(SCRIPT)

    pages = {
        "lesson": "/courses/core-conduct/lessons/intro",
        "course": "/courses/core-conduct",
        "path": "/courses/",
        "dashboard": "/progress/",
        "quiz": "/courses/core-conduct/quiz",
        "attempt review": review[1],
        "conduct guide": "/conduct/",
    }
    for name, path in pages.items():
        page = client.get(path)
        assert page.status_code == 200, name
        assert active_content(page.text) == [], name
        assert SCRIPT not in page.text, name
        assert IMG not in page.text, name
        assert "javascript:alert" not in re.sub(r">[^<]*<", "><", page.text), name

    lesson = client.get(pages["lesson"]).text
    assert ESCAPED_SCRIPT in lesson  # shown as text, not run
    assert 'href="https://example.com/ok"' in lesson  # ordinary links still work
    guide = client.get(pages["conduct guide"]).text
    assert ESCAPED_SCRIPT in guide
    assert 'href="https://example.com/ok"' in guide
    assert ESCAPED_IMG in client.get(pages["course"]).text


def names_and_escapes(page_text, raw, escaped) -> None:
    assert raw not in page_text
    assert escaped in page_text
    assert active_content(page_text) == []


def test_a_name_with_html_is_escaped_on_every_page_showing_it(app, client, login, make_user):
    hr = make_user(roles=("hr",), name=f"{IMG} HR person", level="native")
    employee = make_user(level="beginner")
    login(employee)

    response = client.post(
        "/auth/profile",
        data={"name": SCRIPT, "timezone": "UTC", "locale": "en"},
        follow_redirects=True,
    )
    assert stored(employee.id).name == SCRIPT  # kept as typed, shown as text

    names_and_escapes(response.text, SCRIPT, ESCAPED_SCRIPT)
    names_and_escapes(client.get("/progress/").text, SCRIPT, ESCAPED_SCRIPT)

    hr_browser = browser_for(app, hr)
    names_and_escapes(hr_browser.get("/hr/employees").text, SCRIPT, ESCAPED_SCRIPT)
    override = f"/hr/employees/{employee.id}/level"
    names_and_escapes(hr_browser.get(override).text, SCRIPT, ESCAPED_SCRIPT)
    after = hr_browser.post(
        override, data={"level": "native", "reason": "Fine."}, follow_redirects=True
    )
    assert "level is now" in after.text  # the flash message names the employee
    names_and_escapes(after.text, SCRIPT, ESCAPED_SCRIPT)
    names_and_escapes(after.text, IMG, ESCAPED_IMG)  # the HR person's own name

    for path in ("/familiarity/result", "/auth/profile"):  # "Set by <HR name>"
        names_and_escapes(client.get(path).text, IMG, ESCAPED_IMG)


def test_an_override_reason_with_html_is_escaped_everywhere(app, client, login, make_user):
    hr = make_user(roles=("hr",), level="native")
    employee = make_user(level="beginner")
    reason = f"{SCRIPT} {IMG} <a href=javascript:alert(1)>x</a>"
    hr_browser = browser_for(app, hr)

    hr_browser.post(
        f"/hr/employees/{employee.id}/level", data={"level": "native", "reason": reason}
    )

    assert stored(employee.id).level == "native"
    login(employee)
    pages = [
        hr_browser.get(f"/hr/employees/{employee.id}/level").text,
        client.get("/familiarity/result").text,
        client.get("/auth/profile").text,
    ]
    for page in pages:
        names_and_escapes(page, SCRIPT, ESCAPED_SCRIPT)
        names_and_escapes(page, IMG, ESCAPED_IMG)


def test_an_invited_name_with_html_is_escaped(app, make_user):
    hr = make_user(roles=("hr",))
    hr_browser = browser_for(app, hr)

    created = hr_browser.post(
        "/hr/accounts/new", data={"name": SCRIPT, "email": "new@example.com", "role": "employee"}
    )

    names_and_escapes(created.text, SCRIPT, ESCAPED_SCRIPT)
    link = re.search(r'<code class="invitation-link">http://localhost([^<]+)</code>', created.text)
    assert link
    names_and_escapes(app.test_client().get(link[1]).text, SCRIPT, ESCAPED_SCRIPT)


def test_a_search_with_html_is_escaped(app, make_user):
    hr_browser = browser_for(app, make_user(roles=("hr",)))
    page = hr_browser.get("/hr/employees", query_string={"q": f'">{SCRIPT}'})
    assert page.status_code == 200
    names_and_escapes(page.text, SCRIPT, ESCAPED_SCRIPT)


# Too-long fields


LONG = "x" * 10_000


def test_a_too_long_name_on_the_profile_is_refused(client, login, make_user):
    user = make_user(name="Short Name")
    login(user)

    response = client.post("/auth/profile", data={"name": LONG, "timezone": "UTC", "locale": "en"})

    assert response.status_code == 200
    assert "Field cannot be longer than 120 characters." in response.text
    assert stored(user.id).name == "Short Name"


def test_too_long_fields_on_a_new_account_are_refused(app, make_user):
    hr_browser = browser_for(app, make_user(roles=("hr",)))
    for data in (
        {"name": LONG, "email": "long@example.com"},
        {"name": "Fine", "email": "long@example.com", "department": LONG},
        {"name": "Fine", "email": f"{LONG}@example.com"},
    ):
        response = hr_browser.post("/hr/accounts/new", data={"role": "employee", **data})
        assert response.status_code == 200
        assert "Field cannot be longer than" in response.text
        assert "invitation-link" not in response.text
    assert accounts.find_user_by_email("long@example.com") is None


def test_a_too_long_override_reason_is_refused(app, make_user):
    hr_browser = browser_for(app, make_user(roles=("hr",)))
    employee = make_user(level="beginner")

    response = hr_browser.post(
        f"/hr/employees/{employee.id}/level", data={"level": "native", "reason": LONG}
    )

    assert response.status_code == 200
    assert "Field cannot be longer than 500 characters." in response.text
    assert stored(employee.id).level == "beginner"
    assert len(familiarity.history(stored(employee.id))) == 1


def test_too_long_sign_in_and_registration_fields_are_refused(app_config, request):
    app_config["SELF_REGISTRATION_DOMAINS"] = ["example.com"]
    (client,) = fixtures(request, "client")

    sign_in = client.post("/auth/login", data={"email": LONG, "password": LONG})
    registration = client.post(
        "/auth/register",
        data={"name": LONG, "email": "long@example.com", "password": LONG, "confirm": LONG},
    )

    assert sign_in.status_code == 200
    assert "Field cannot be longer than" in sign_in.text
    assert registration.status_code == 200
    assert "Field cannot be longer than" in registration.text
    assert accounts.find_user_by_email("long@example.com") is None


def test_a_too_long_name_is_refused_by_the_service_too(make_user):
    user = make_user(name="Short Name")
    with pytest.raises(accounts.Invalid, match="at most 120 characters"):
        accounts.update_profile(user, LONG, "UTC", "en")
    db.session.rollback()
    assert stored(user.id).name == "Short Name"


def test_a_too_large_request_is_refused_readably(client, api, make_user):
    body = b"name=" + b"x" * (3 * 1024 * 1024)
    page = client.post("/auth/login", data=body, content_type="application/x-www-form-urlencoded")
    assert page.status_code == 413
    assert "The request is too large." in page.text
    response = api(make_user()).post(
        "/api/v1/diagnostic",
        data=b"[" + b"1," * (1024 * 1024) + b"1]",
        content_type="application/json",
    )
    assert response.status_code == 413
    assert response.json["error"]["message"] == "The request is too large."


# Bodies that are not UTF-8


UNDECODABLE = b"\xff\xfe"


def test_a_form_body_that_is_not_utf8_is_refused(client, login, make_user):
    page = client.post(
        "/auth/login", data=UNDECODABLE, content_type="application/x-www-form-urlencoded"
    )
    assert page.status_code == 400
    assert "The request is not valid UTF-8 text." in page.text

    user = make_user(name="Kept Name")
    login(user)
    response = client.post(
        "/auth/profile",
        data=b"name=" + UNDECODABLE + b"&timezone=Europe%2FParis&locale=en",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert (stored(user.id).name, stored(user.id).timezone) == ("Kept Name", "UTC")


def test_an_undecodable_form_is_refused_even_with_throttling_on(app_config, request):
    app_config["RATELIMIT_ENABLED"] = True
    (client,) = fixtures(request, "client")
    response = client.post(
        "/auth/login", data=UNDECODABLE, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400


def multipart(**fields: bytes) -> bytes:
    parts = (
        b'--b\r\nContent-Disposition: form-data; name="' + name.encode() + b'"\r\n\r\n' + value
        for name, value in fields.items()
    )
    return b"\r\n".join(parts) + b"\r\n--b--\r\n"


def test_a_multipart_form_that_is_not_utf8_is_refused_too(client, login, make_user):
    # Werkzeug would decode it replacing what it cannot read with U+FFFD, and carry on.
    page = client.post(
        "/auth/login",
        data=multipart(email=UNDECODABLE),
        content_type="multipart/form-data; boundary=b",
    )
    assert page.status_code == 400
    assert "The request is not valid UTF-8 text." in page.text

    user = make_user(name="Kept Name")
    login(user)
    response = client.post(
        "/auth/profile",
        data=multipart(name=b"New " + UNDECODABLE, timezone=b"Europe/Paris", locale=b"en"),
        content_type="multipart/form-data; boundary=b",
    )
    assert response.status_code == 400
    assert (stored(user.id).name, stored(user.id).timezone) == ("Kept Name", "UTC")

    readable = "Zoë Martin".encode()
    response = client.post(
        "/auth/profile",
        data=multipart(name=readable, timezone=b"Europe/Paris", locale=b"en"),
        content_type="multipart/form-data; boundary=b",
    )
    assert response.status_code == 302
    assert (stored(user.id).name, stored(user.id).timezone) == ("Zoë Martin", "Europe/Paris")


@pytest.mark.parametrize(
    "path", ["/api/v1/diagnostic", "/api/v1/courses/core-conduct/quiz-attempts"]
)
@pytest.mark.parametrize("body", [UNDECODABLE, b'{"answers": {"' + UNDECODABLE + b'": 1}}'])
def test_a_json_body_that_is_not_utf8_is_refused(api, make_user, catalogue, path, body):
    response = api(make_user()).post(path, data=body, content_type="application/json")
    assert 400 <= response.status_code < 500
    assert set(response.json["error"]) == {"code", "message"}
    assert response.json["error"]["message"]


def test_malformed_json_is_refused_with_the_error_shape(api, make_user):
    response = api(make_user()).post(
        "/api/v1/diagnostic", data=b"{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert set(response.json["error"]) == {"code", "message"}


# NUL characters: PostgreSQL refuses them in text, so they are refused before anything runs


def test_a_nul_character_in_a_form_is_refused_with_a_clear_page(client, make_user):
    user = make_user()
    response = client.post("/auth/login", data={"email": user.email + "\x00", "password": "x"})
    assert response.status_code == 400
    assert "A NUL character is not allowed in any text." in response.text


def test_a_nul_character_in_a_search_is_refused(app, make_user, login, client):
    login(make_user(roles=("hr",)))
    for query in ("?q=%00", "?department=%00"):
        response = client.get("/hr/employees" + query)
        assert response.status_code == 400, query


def test_a_nul_character_in_json_is_a_json_400(api, make_user):
    response = api(make_user()).post(
        "/api/v1/diagnostic", json={"answers": {"personal-use\u0000": "a"}}
    )
    assert response.status_code == 400
    assert response.json["error"]["code"] == "bad_request"
    assert "NUL" in response.json["error"]["message"]
