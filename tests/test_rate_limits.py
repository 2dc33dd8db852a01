"""Rate limits: a refused request says how long to wait, on the pages and on the API."""

from tests.conftest import PASSWORD, fixtures


def retry_after(response) -> int:
    return int(response.headers["Retry-After"])


def test_a_throttled_sign_in_says_when_to_try_again(app_config, request):
    app_config.update(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute")
    app, make_user = fixtures(request, "app", "make_user")
    user = make_user()
    browser = app.test_client()

    statuses = [
        browser.post("/auth/login", data={"email": user.email, "password": "a guess"}).status_code
        for _attempt in range(2)
    ]
    response = browser.post("/auth/login", data={"email": user.email, "password": PASSWORD})

    assert statuses == [200, 200]
    assert response.status_code == 429
    assert "text/html" in response.content_type
    assert 1 <= retry_after(response) <= 60


def test_the_api_limit_counts_per_token_and_says_when_to_try_again(app_config, request):
    app_config.update(RATELIMIT_ENABLED=True, API_RATE_LIMIT="2 per minute")
    make_user, api = fixtures(request, "make_user", "api")
    busy, other = api(make_user()), api(make_user())

    statuses = [busy.get("/api/v1/me").status_code for _request in range(2)]
    refused = busy.get("/api/v1/me")

    assert statuses == [200, 200]
    assert refused.status_code == 429
    assert refused.json["error"]["code"] == "rate_limited"
    assert refused.json["error"]["message"] == (
        "Too many requests; please wait a moment and try again."
    )
    assert 1 <= retry_after(refused) <= 60
    assert other.get("/api/v1/me").status_code == 200


def test_requests_within_the_limit_carry_no_retry_after(app_config, request):
    app_config.update(RATELIMIT_ENABLED=True)
    make_user, api = fixtures(request, "make_user", "api")

    response = api(make_user()).get("/api/v1/me")

    assert response.status_code == 200
    assert "Retry-After" not in response.headers
