"""Benchmark of the programme's leaderboards: `/programme/leaderboard` and
`GET /api/v1/leaderboard` over a year of generated activity (by default 10,000 employees,
100,000 shares, 1,000,000 requests to tracked links, the advocacy report's benchmark
data), on SQLite or PostgreSQL. A third of the employees have opted in.

    .venv/bin/python benchmarks/leaderboard.py                       # SQLite, full size
    .venv/bin/python benchmarks/leaderboard.py --scale 0.1           # a tenth, quick
    .venv/bin/python benchmarks/leaderboard.py --engine postgresql \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

It writes the data in bulk (as `advocacy_report.py` does, whose generator it reuses),
times the first board (which rolls up every finished day of clicks), then warm requests
through the application (the WSGI test client, no network): median and p95 over
--requests of each, for an employee (opted in) and for HR (who sees everyone), for each
scope and period. The target: under 300 ms.
"""

import argparse
import gc
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import advocacy_report as data  # noqa: E402

from learning.auth import services as accounts  # noqa: E402
from learning.extensions import db  # noqa: E402
from learning.transaction import unit_of_work  # noqa: E402

PASSWORD = "benchmark password"  # noqa: S105 - a throwaway database


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: 1,000,000 clicks")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--periods", default="month,quarter,all", help="which periods to time, e.g. all"
    )
    parser.add_argument("--schema", default="bench_leaderboard", help="PostgreSQL only")
    args = parser.parse_args()
    args.clicks = round(1_000_000 * args.scale)
    args.shares = round(100_000 * args.scale)
    args.employees = max(100, round(10_000 * args.scale))
    if args.engine == "sqlite" and not args.database_url:
        args.database_url = "/tmp/leaderboard-benchmark.sqlite3"  # noqa: S108
    return args


def viewers() -> dict:
    """An employee who opted in, in a department of the generated ones, and HR."""
    with unit_of_work():
        employee = accounts.create_user(
            "viewer@bench.example",
            "Bench Viewer",
            ["employee"],
            password=PASSWORD,
            department="Department 1",
        )
        employee.leaderboard_opt_in = True
        hr = accounts.create_user(
            "hr@bench.example", "Bench HR", ["hr"], password=PASSWORD, department="Department 1"
        )
    return {"employee": (employee.id, employee.email), "hr": (hr.id, hr.email)}


def main() -> None:
    args = options()
    app = data.make_app(args)
    now = datetime.now(UTC)
    with app.app_context():
        db.create_all()
        began = time.perf_counter()
        made = data.generate(args, now)
        # A third of the employees opted in.
        db.session.execute(sa.text("UPDATE users SET leaderboard_opt_in = (id % 3 = 0)"))
        db.session.commit()
        people = viewers()
        objective_id = db.session.execute(sa.text("SELECT min(id) FROM objectives")).scalar()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                c.execute(sa.text("VACUUM ANALYZE"))
        print(
            f"{args.engine}: {made['clicks']:,} clicks, {args.shares:,} shares, "
            f"{args.employees:,} employees, {made['conversions']:,} sign-ups "
            f"written in {time.perf_counter() - began:.1f} s"
        )
        db.session.remove()
    gc.collect()
    gc.freeze()
    clients = {}
    for role, (_id, email) in people.items():
        clients[role] = app.test_client()
        response = clients[role].post("/auth/login", data={"email": email, "password": PASSWORD})
        assert response.status_code == 302, response.status_code
    with app.app_context():
        with unit_of_work():
            token = accounts.create_api_token(accounts.get_user(people["employee"][0]))
        db.session.remove()
    bearer = {"Authorization": f"Bearer {token}"}

    began = time.perf_counter()
    clients["employee"].get("/programme/leaderboard")
    print(f"first board (rolls up {data.DAYS} days): {time.perf_counter() - began:.1f} s")
    print(f"load average before timing: {data._load()}")
    print(f"\n| {args.engine}, {made['clicks']:,} clicks | median ms | p95 ms |\n|---|---|---|")
    for period in args.periods.split(","):
        for scope in ("overall", "department", "objective"):
            query = f"scope={scope}&period={period}&objective_id={objective_id}"
            for label, client, url, kwargs in (
                ("page, employee", clients["employee"], "/programme/leaderboard", {}),
                ("page, HR", clients["hr"], "/programme/leaderboard", {}),
                ("API, employee", clients["employee"], "/api/v1/leaderboard", bearer),
            ):
                headers = {"headers": kwargs} if kwargs else {}
                client.get(f"{url}?{query}", **headers)  # warm
                median, p95 = data.timed(client, f"{url}?{query}", args.requests, **headers)
                print(f"| {label}, {scope}, {period} | {median:.0f} | {p95:.0f} |")
    print(f"load average after timing: {data._load()}")


if __name__ == "__main__":
    main()
