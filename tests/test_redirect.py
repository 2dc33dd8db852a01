"""`GET /s/{code}`: the redirect to the hub item with UTM parameters, what is counted as
a click and what is not, what is kept of a visitor (never the address), and clicks
arriving all at once on a served application."""

import http.client
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from urllib.parse import parse_qsl, urlsplit

import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from learning.advocacy.models import ContentItem
from learning.database import utcnow
from learning.extensions import db
from learning.sharing import redirect_engine as redirect_engine_module
from learning.sharing import services as sharing
from learning.sharing.models import Click, Share, VisitorKey
from learning.sharing.redirect_engine import redirect_engine
from learning.transaction import unit_of_work
from tests.conftest import PASSWORD
from tests.test_sharing import acknowledge, page_text

BROWSER = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36"
)
ADDRESS = "203.0.113.77"
CLICKS_AT_ONCE = 20
WAIT = 30  # seconds: far more than the burst needs, so a hang fails the test


@pytest.fixture
def sharer(catalogue, make_user):
    user = make_user(name="Nadia Benali", level="native")
    acknowledge(user)
    return user


@pytest.fixture
def share_of(sharer, hub_item):
    """A share of a new item (made with these values) on a network."""

    def factory(network="linkedin", **item_values) -> Share:
        item = hub_item(**item_values)
        with unit_of_work():
            return sharing.create_share(sharer, item.id, network)

    return factory


def visit(client, code, agent=BROWSER, method="GET", address=ADDRESS):
    return client.open(
        f"/s/{code}",
        method=method,
        headers={"User-Agent": agent},
        environ_base={"REMOTE_ADDR": address},
    )


def clicks() -> list[tuple[str, str | None]]:
    db.session.expire_all()
    return [tuple(row) for row in db.session.execute(sa.select(Click.kind, Click.visitor))]


def test_a_click_is_recorded_and_sent_on_with_utm_parameters(share_of, client, objective):
    share = share_of("linkedin")

    response = visit(client, share.code)

    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert (location.scheme, location.netloc, location.path) == (
        "https",
        "www.example.com",
        "/events/q3",
    )
    assert parse_qsl(location.query) == [
        ("ref", "hub"),
        ("utm_source", "linkedin"),
        ("utm_medium", "employee_advocacy"),
        ("utm_campaign", f"objective-{share.item.objective_id}"),
    ]
    assert location.fragment == "register"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Set-Cookie" not in response.headers
    assert [kind for kind, _visitor in clicks()] == ["person"]


def test_the_urls_own_query_is_kept_as_it_is_and_our_utm_values_win(share_of, client):
    url = "https://shop.example.com/p?q=a%20b&utm_source=newsletter&utm_content=banner&empty="
    share = share_of("x", url=url)

    location = visit(client, share.code).headers["Location"]

    query = urlsplit(location).query
    assert query.startswith("q=a%20b&utm_content=banner&empty=&")
    assert dict(parse_qsl(query, keep_blank_values=True)) == {
        "q": "a b",
        "utm_content": "banner",
        "empty": "",
        "utm_source": "x",
        "utm_medium": "employee_advocacy",
        "utm_campaign": f"objective-{share.item.objective_id}",
    }


def test_only_the_hub_items_url_is_ever_a_target(share_of, client):
    share = share_of("x")
    location = client.get(
        f"/s/{share.code}?url=https://evil.example.net/&next=//evil.example.net",
        headers={"User-Agent": BROWSER},
    ).headers["Location"]
    assert location.startswith("https://www.example.com/events/q3?")
    assert "evil" not in location

    # Even a URL that is not http(s) in the hub is never redirected to.
    odd = share_of("x", url="https://www.example.com/ok")
    db.session.execute(
        sa.text("UPDATE content_items SET url = 'javascript:alert(1)' WHERE id = :id"),
        {"id": odd.item_id},
    )
    db.session.commit()
    response = visit(client, odd.code)
    assert response.status_code == 410
    assert "Location" not in response.headers


@pytest.mark.parametrize("code", ["NoSuchCode12", "x" * 17, "bad code!", "%00", "é"])
def test_an_unknown_code_is_a_friendly_404(share_of, client, code):
    share_of()
    response = client.get(f"/s/{code}")
    assert response.status_code in (404, 400)
    if response.status_code == 404:
        assert "This link does not exist" in page_text(response)
    assert clicks() == []


@pytest.mark.parametrize(
    "change",
    [
        {"retired_at": "past"},
        {"available_until": "past", "available_from": "long ago"},
        {"available_from": "future"},
    ],
)
def test_a_retired_expired_or_future_items_link_is_a_friendly_410(share_of, client, change):
    share = share_of()
    moments = {
        "past": utcnow() - timedelta(hours=1),
        "long ago": utcnow() - timedelta(days=30),
        "future": utcnow() + timedelta(days=1),
    }
    item = db.session.get(ContentItem, share.item_id)
    for column, value in change.items():
        setattr(item, column, moments[value])
    db.session.commit()

    response = visit(client, share.code)

    assert response.status_code == 410
    assert "This content is no longer available" in page_text(response)
    assert clicks() == []  # nobody reached the item: nothing is recorded


@pytest.mark.parametrize(
    ("agent", "kind"),
    [
        (
            "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
            "preview",
        ),
        ("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", "preview"),
        ("Twitterbot/1.0", "preview"),
        ("WhatsApp/2.23.20.0 A", "preview"),
        ("Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", "preview"),
        ("Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)", "preview"),
        ("TelegramBot (like TwitterBot)", "preview"),
        ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "bot"),
        ("python-requests/2.31.0", "bot"),
        ("curl/8.5.0", "bot"),
        ("", "bot"),
        (BROWSER, "person"),
    ],
)
def test_bots_and_previews_are_recorded_as_such_and_not_counted(share_of, client, agent, kind):
    share = share_of()
    assert visit(client, share.code, agent=agent).status_code == 302
    assert [recorded for recorded, _visitor in clicks()] == [kind]


def test_a_head_request_is_recorded_and_not_counted(share_of, client):
    share = share_of()
    response = visit(client, share.code, method="HEAD")
    assert response.status_code == 302
    assert clicks() == [("head", None)]


def test_the_sharers_own_click_is_not_counted_anyone_elses_is(
    share_of, sharer, make_user, app, login, client
):
    share = share_of()
    login(sharer)
    assert visit(client, share.code).status_code == 302
    colleague = make_user(level="native")
    other_browser = app.test_client()
    other_browser.post("/auth/login", data={"email": colleague.email, "password": PASSWORD})
    assert visit(other_browser, share.code).status_code == 302
    assert [kind for kind, _visitor in clicks()] == ["self", "person"]
    assert sharer.id != colleague.id


def test_the_redirect_does_one_lookup_and_one_insert(share_of, client, monkeypatch):
    code = share_of().code
    visit(client, code)  # the day's key is made on the first click of the day
    seen = []
    run = redirect_engine_module.run

    def count(cursor, statement, parameters):
        seen.append(" ".join(statement.split()))
        run(cursor, statement, parameters)

    monkeypatch.setattr(redirect_engine_module, "run", count)
    assert visit(client, code).status_code == 302
    if redirect_engine().dialect.name == "postgresql":
        # One round trip: the lookup, and the insert that takes its row from it.
        [statement] = seen
        assert statement.startswith("WITH link AS (SELECT")
        assert statement.count("FROM shares JOIN content_items") == 1
        assert statement.count("INSERT INTO clicks") == 1
    else:
        assert [statement.split()[0] for statement in seen] == ["SELECT", "INSERT"]
    assert len(clicks()) == 2
    # Stored as every other time of the database is: read back as the aware UTC moment.
    latest = db.session.execute(
        sa.select(Click.clicked_at).order_by(Click.id.desc()).limit(1)
    ).scalar_one()
    assert timedelta(0) <= utcnow() - latest < timedelta(minutes=1)


def test_a_link_that_leads_nowhere_records_nothing(share_of, client):
    share = share_of()
    db.session.execute(
        sa.text("UPDATE content_items SET url = 'ftp://files.example.com/x' WHERE id = :id"),
        {"id": share.item_id},
    )
    db.session.commit()
    assert visit(client, share.code).status_code == 410
    assert clicks() == []


def test_a_connection_that_died_in_the_pool_costs_no_click(share_of, client):
    """The redirect's pool does not ping: a connection the database closed fails once,
    and the request is answered on a fresh one (PostgreSQL ends idle connections when it
    restarts, or an administrator does)."""
    share = share_of()
    assert visit(client, share.code).status_code == 302
    engine = redirect_engine()
    if engine.dialect.name != "postgresql":
        pytest.skip("only a server closes a connection")
    with engine.connect() as connection:  # the pool's one connection, given back after
        pooled = connection.execute(sa.text("SELECT pg_backend_pid()")).scalar_one()
    db.session.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pooled})
    db.session.commit()
    responses = [visit(client, share.code) for _ in range(3)]
    assert [response.status_code for response in responses] == [302] * 3
    assert [kind for kind, _visitor in clicks()] == ["person"] * 4


def test_a_visitor_is_a_daily_keyed_hash_never_the_address(share_of, client, runner):
    share = share_of()
    visit(client, share.code)
    visit(client, share.code)
    visit(client, share.code, address="198.51.100.9")
    visit(client, share.code, agent=BROWSER + " Edg/124.0")
    visitors = [visitor for _kind, visitor in clicks()]
    assert visitors[0] == visitors[1]
    assert len(set(visitors)) == 3
    assert all(len(visitor) == 32 for visitor in visitors)
    [key] = db.session.execute(sa.select(VisitorKey)).scalars()
    assert key.day == utcnow().date()

    # A new day's key destroys the earlier ones (the first click of a day, or the command).
    with unit_of_work():
        db.session.add(VisitorKey(day=date(2020, 1, 1), secret="old"))
    result = runner.invoke(args=["clicks", "rotate-keys"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert [key.day for key in db.session.execute(sa.select(VisitorKey)).scalars()] == [
        utcnow().date()
    ]


def _text_values() -> list[str]:
    """Every text value of every column of every table."""
    values = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(sa.select(table)).mappings():
            values.extend(str(value) for value in row.values() if value is not None)
    return values


def test_no_address_nor_user_agent_is_stored_anywhere(share_of, sharer, login, client, caplog):
    share = share_of()
    agent = "Mozilla/5.0 (UniqueTestBrowser 9.9)"
    for kind_agent in (agent, "LinkedInBot/1.0", agent):
        visit(client, share.code, agent=kind_agent)
    visit(client, share.code, agent=agent, method="HEAD")
    db.session.expire_all()
    assert len(clicks()) == 4

    values = _text_values()
    assert not [value for value in values if ADDRESS in value]
    assert not [value for value in values if "UniqueTestBrowser" in value]
    assert ADDRESS not in caplog.text


def test_clicks_at_the_same_moment_are_all_recorded(app, share_of):
    """A served application, real threads and connections: N clicks, N rows."""
    share = share_of()
    code = share.code
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    start = threading.Barrier(CLICKS_AT_ONCE, timeout=WAIT)

    def click(number: int) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=WAIT)
        start.wait()
        connection.request("GET", f"/s/{code}", headers={"User-Agent": f"{BROWSER} n{number}"})
        status = connection.getresponse().status
        connection.close()
        return status

    try:
        with ThreadPoolExecutor(max_workers=CLICKS_AT_ONCE) as pool:
            statuses = list(pool.map(click, range(CLICKS_AT_ONCE)))
    finally:
        server.shutdown()
        thread.join(WAIT)
    assert statuses == [302] * CLICKS_AT_ONCE
    recorded = clicks()
    assert len(recorded) == CLICKS_AT_ONCE
    assert {kind for kind, _visitor in recorded} == {"person"}
    assert len({visitor for _kind, visitor in recorded}) == CLICKS_AT_ONCE
    assert db.session.execute(sa.select(sa.func.count()).select_from(VisitorKey)).scalar() == 1
