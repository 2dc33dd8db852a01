"""Benchmark of the advocacy report: the analytics page and `GET /api/v1/reports/advocacy`
over a year of generated activity (by default 1,000,000 clicks, 100,000 shares, 10,000
employees), on SQLite or PostgreSQL.

    .venv/bin/python benchmarks/advocacy_report.py --engine sqlite
    .venv/bin/python benchmarks/advocacy_report.py --engine postgresql \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test
    (add --clicks 10000000 for the long run)

It writes the data in bulk (COPY on PostgreSQL, executemany on SQLite), times the first
report (which rolls up every finished day), then times warm requests through the
application (the WSGI test client: template, JSON and all, no network): median and p95
over --requests of each. Last, it prints the query plan of each statement of a report
that reads clicks, shares or rollups, to show the indexes and rollups they use.
PostgreSQL runs in a schema of its own (`--schema`, by default `bench_advocacy`), dropped
and made again. `--profile` adds the time of each statement of one API report per period.
"""

import argparse
import gc
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from learning import create_app  # noqa: E402
from learning.advocacy.models import CONTENT_TYPES, FAMILIES, METRICS  # noqa: E402
from learning.auth import services as accounts  # noqa: E402
from learning.extensions import db  # noqa: E402
from learning.networks import NETWORK_NAMES  # noqa: E402
from learning.sharing.models import Share  # noqa: E402
from learning.transaction import unit_of_work  # noqa: E402

DAYS = 365
ITEMS = 400
OBJECTIVES = 8
PASSWORD = "benchmark password"  # noqa: S105 - a throwaway database
KINDS = ["person"] * 85 + ["bot"] * 6 + ["preview"] * 6 + ["head"] * 2 + ["self"]
NETWORK_WEIGHTS = [40, 15, 15, 10, 12, 8]


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--clicks", type=int, default=1_000_000)
    parser.add_argument("--shares", type=int, default=100_000)
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--schema", default="bench_advocacy", help="PostgreSQL: the schema, dropped and made"
    )
    parser.add_argument(
        "--profile", action="store_true", help="time each statement of one report per period"
    )
    return parser.parse_args()


def make_app(args):
    if args.engine == "sqlite":
        path = Path(args.database_url or "/tmp/advocacy-benchmark.sqlite3")  # noqa: S108
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return create_app(_config(f"sqlite:///{path}", {}))
    url = args.database_url or "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {args.schema} CASCADE"))
        connection.execute(sa.text(f"CREATE SCHEMA {args.schema}"))
    engine.dispose()
    options = {"connect_args": {"options": f"-c search_path={args.schema}"}}
    return create_app(_config(url, options))


def _config(url: str, engine_options: dict) -> dict:
    return {
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options,
        "SECRET_KEY": "benchmark",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": None,
    }


def bulk(table: str, columns: list[str], rows) -> int:
    """Write rows fast: COPY on PostgreSQL, one executemany on SQLite."""
    connection = db.engine.raw_connection()
    count = 0
    try:
        cursor = connection.cursor()
        if db.engine.dialect.name == "postgresql":
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        else:

            def counted():
                nonlocal count
                for row in rows:
                    count += 1
                    yield tuple(_sqlite_value(value) for value in row)

            marks = ", ".join("?" for _ in columns)
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
            cursor.executemany(sql, counted())
        connection.commit()
    finally:
        connection.close()
    return count


def _sqlite_value(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


def generate(args, now: datetime) -> dict:
    rng = random.Random(args.seed)
    start = now - timedelta(days=DAYS)
    today = now.date()
    with unit_of_work():
        champion = accounts.create_user(
            "champion@bench.example", "Bench Champion", ["champion"], password=PASSWORD
        )
    bulk(
        "users",
        ["email", "name", "department", "timezone", "locale", "is_active", "created_at"],
        (
            (f"e{n}@bench.example", f"Employee {n}", f"Department {n % 40}", "UTC", "en", True, now)
            for n in range(args.employees)
        ),
    )
    user_ids = db.session.execute(
        sa.text("SELECT id FROM users WHERE email LIKE 'e%@bench.example'")
    ).scalars()
    user_ids = list(user_ids)
    bulk("user_roles", ["user_id", "role"], ((uid, "employee") for uid in user_ids))
    bulk(
        "objectives",
        ["title", "family", "description", "target", "metric", "starts_on", "due", "created_at"],
        (
            (
                f"Objective {n}",
                FAMILIES[n % len(FAMILIES)],
                "",
                1000 * (n + 1),
                METRICS[n % len(METRICS)],
                today - timedelta(days=45 * n + 30),
                today + timedelta(days=30 * (n % 3) - 10),
                now,
            )
            for n in range(OBJECTIVES)
        ),
    )
    objective_ids = list(db.session.execute(sa.text("SELECT id FROM objectives")).scalars())
    bulk(
        "content_items",
        ["title", "type", "url", "body", "suggested_text", "objective_id", "status"]
        + ["available_from", "author_id", "created_at", "updated_at"],
        (
            (
                f"Item {n}",
                CONTENT_TYPES[n % len(CONTENT_TYPES)],
                f"https://example.com/{n}",
                "",
                "",
                objective_ids[n % len(objective_ids)],
                "published",
                start,
                champion.id,
                start,
                start,
            )
            for n in range(ITEMS)
        ),
    )
    item_ids = list(db.session.execute(sa.text("SELECT id FROM content_items")).scalars())
    share_times = sorted(
        start + timedelta(seconds=rng.randrange(DAYS * 86400)) for _ in range(args.shares)
    )
    bulk(
        "shares",
        ["code", "user_id", "item_id", "network", "text", "created_at"],
        (
            (
                f"b{n:015d}",
                rng.choice(user_ids),
                rng.choice(item_ids),
                rng.choices(NETWORK_NAMES, NETWORK_WEIGHTS)[0],
                "",
                moment,
            )
            for n, moment in enumerate(share_times)
        ),
    )
    shares = db.session.execute(sa.select(Share.id, Share.created_at).order_by(Share.id)).all()
    per_share = args.clicks / len(shares)
    clicks = bulk(
        "clicks",
        ["share_id", "clicked_at", "kind", "visitor"],
        _clicks(rng, shares, per_share, now, args.clicks),
    )
    conversions = bulk(
        "conversions",
        ["reference", "share_id", "reported_at", "attributed"],
        (
            (
                f"ref-{n}",
                share_id,
                min(now, created + timedelta(days=rng.random() * 20)),
                rng.random() < 0.9,
            )
            for n, (share_id, created) in enumerate(shares)
            if rng.random() < 0.2
        ),
    )
    return {
        "champion": (champion.id, champion.email),
        "clicks": clicks,
        "conversions": conversions,
    }


def _clicks(rng, shares, per_share: float, now: datetime, total: int):
    """About `per_share` requests per share, most in its first days, until `total`."""
    written = 0
    for share_id, created in shares:
        for _ in range(max(0, round(rng.expovariate(1 / per_share)))):
            if written >= total:
                return
            moment = min(now - timedelta(seconds=1), created + timedelta(days=rng.expovariate(0.7)))
            kind = rng.choice(KINDS)
            yield share_id, moment, kind, f"{rng.randrange(200_000):032x}"
            written += 1
    # Top up to the exact number asked for, on the most recent shares.
    while written < total:
        share_id, created = shares[-1 - written % 1000]
        yield (
            share_id,
            min(now - timedelta(seconds=1), created + timedelta(hours=1)),
            "person",
            "f" * 32,
        )
        written += 1


def timed(client, url: str, requests: int, **kwargs) -> tuple[float, float]:
    durations = []
    for _ in range(requests):
        began = time.perf_counter()
        response = client.get(url, **kwargs)
        durations.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    durations.sort()
    p95 = durations[max(0, round(0.95 * len(durations)) - 1)]
    return statistics.median(durations), p95


PERIODS = {"30d": 29, "90d": 89, "12m": 364, "all": None}


def requests_to_time(today, bearer) -> list:
    """The page, its chart data and the API, for each period the page offers."""
    requests = []
    for name, days in PERIODS.items():
        start = (today - timedelta(days=days)).isoformat() if days is not None else "2000-01-01"
        requests += [
            (f"page, {name}", f"/analytics/?period={name}", {}),
            (f"data.json, {name}", f"/analytics/data.json?period={name}", {}),
            (f"API, {name}", f"/api/v1/reports/advocacy?from={start}", {"headers": bearer}),
        ]
    return requests


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def profile(client, bearer, today) -> None:
    """Each statement of one API report per period, with its time, and the time outside
    the database."""
    for label, url, kwargs in requests_to_time(today, bearer):
        if label.startswith("API"):
            total, spent = _statement_times(client, url, kwargs)
            took = sum(t for t, _ in spent)
            print(f"\n{label}: {total:.0f} ms, of which statements {took:.0f} ms")
            for took, statement in sorted(spent, reverse=True)[:8]:
                print(f"  {took:6.1f} ms  {' '.join(statement.split())[:150]}")


def _statement_times(client, url: str, kwargs: dict) -> tuple[float, list]:
    spent: list[tuple[float, str]] = []
    began_at: dict[int, float] = {}

    def before(conn, cursor, statement, parameters, context, executemany):
        began_at[id(cursor)] = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):
        spent.append(((time.perf_counter() - began_at[id(cursor)]) * 1000, statement))

    sa.event.listen(db.engine, "before_cursor_execute", before)
    sa.event.listen(db.engine, "after_cursor_execute", after)
    began = time.perf_counter()
    client.get(url, **kwargs)
    total = (time.perf_counter() - began) * 1000
    sa.event.remove(db.engine, "before_cursor_execute", before)
    sa.event.remove(db.engine, "after_cursor_execute", after)
    return total, spent


def explain(app, url: str, client, **kwargs) -> None:
    """The plan of each statement of one report that reads the big tables."""
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    sa.event.listen(db.engine, "before_cursor_execute", record)
    client.get(url, **kwargs)
    sa.event.remove(db.engine, "before_cursor_execute", record)
    postgresql = db.engine.dialect.name == "postgresql"
    connection = db.engine.raw_connection()
    try:
        cursor = connection.cursor()
        for statement, parameters in seen:
            if not statement.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            if not any(name in statement for name in ("click_rollups", "clicks", "shares")):
                continue
            prefix = "EXPLAIN " if postgresql else "EXPLAIN QUERY PLAN "
            cursor.execute(prefix + statement, parameters)
            plan = [row[0] if postgresql else row[-1] for row in cursor.fetchall()]
            print("\n--", " ".join(statement.split())[:160], "...")
            for line in plan:
                print("  ", line)
    finally:
        connection.close()


def main() -> None:
    args = options()
    app = make_app(args)
    now = datetime.now(UTC)
    with app.app_context():
        db.create_all()
        began = time.perf_counter()
        made = generate(args, now)
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as connection:
                connection.execute(sa.text("COMMIT"))
                connection.execute(sa.text("ANALYZE"))
        print(
            f"{args.engine}: {made['clicks']:,} clicks, {args.shares:,} shares, "
            f"{args.employees:,} employees, {made['conversions']:,} sign-ups "
            f"written in {time.perf_counter() - began:.1f} s"
        )
        db.session.remove()
    # As wsgi.py does once the application is made.
    gc.collect()
    gc.freeze()
    client = app.test_client()
    champion_id, email = made["champion"]
    response = client.post("/auth/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    with app.app_context():
        with unit_of_work():
            token = accounts.create_api_token(accounts.get_user(champion_id))
        db.session.remove()
    bearer = {"Authorization": f"Bearer {token}"}

    began = time.perf_counter()
    client.get("/analytics/")
    print(f"first report (rolls up {DAYS} days): {time.perf_counter() - began:.1f} s")
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            # What autovacuum does soon after a bulk write: statistics, and the visibility
            # map that lets index-only scans skip the table.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                c.execute(sa.text("VACUUM ANALYZE"))
        db.session.remove()
    print(f"load average before timing: {_load()}")
    print(f"\n| {args.engine} | median ms | p95 ms |\n|---|---|---|")
    for label, url, kwargs in requests_to_time(now.date(), bearer):
        client.get(url, **kwargs)  # warm
        median, p95 = timed(client, url, args.requests, **kwargs)
        print(f"| {label} | {median:.0f} | {p95:.0f} |")
    print(f"load average after timing: {_load()}")
    if args.profile:
        with app.app_context():
            profile(client, bearer, now.date())
    with app.app_context():
        explain(app, "/analytics/", client)


if __name__ == "__main__":
    main()
