"""Benchmark of badge evaluation: what one event costs (statements and milliseconds) for
the person with the longest history, and what the reconciliation costs for a batch of
new clicks, over generated advocacy activity (the advocacy report's generator).

    .venv/bin/python benchmarks/badges.py --engine sqlite
    .venv/bin/python benchmarks/badges.py --engine postgresql \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

By default 1,000,000 clicks, 100,000 shares, 10,000 employees (`--clicks`, `--shares`,
`--employees` make it smaller). It loads the product's badges, runs the first
reconciliation (which counts every click once), then times each kind of event for the
busiest sharer, median and p95 over `--repeats`; each evaluation runs in a transaction
that is rolled back, so every repeat finds the badges still to earn and does the whole
work. Last it writes `--batch` new clicks for `--batch-people` sharers and times the
reconciliation that counts them and awards their badges.
"""

import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import advocacy_report as generator  # noqa: E402

from learning import PROJECT_ROOT  # noqa: E402
from learning.auth.models import User  # noqa: E402
from learning.badges import definitions, reconcile, rules, services  # noqa: E402
from learning.content import SyncReport  # noqa: E402
from learning.extensions import db  # noqa: E402
from learning.sharing.models import Share  # noqa: E402
from learning.transaction import unit_of_work  # noqa: E402

EVENTS = {
    "a share made (shares, networks, months)": rules.SHARING_KINDS,
    "clicks or sign-ups counted (counters)": rules.IMPACT_KINDS,
    "the guide acknowledged": ("guide_acknowledged",),
    "every automatic kind at once (backfill of one person)": services.AUTOMATIC_KINDS,
}


def options():
    parser = generator.argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--clicks", type=int, default=1_000_000)
    parser.add_argument("--shares", type=int, default=100_000)
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--batch", type=int, default=1_000)
    parser.add_argument("--batch-people", type=int, default=100)
    parser.add_argument(
        "--heavy-shares", type=int, default=5_000, help="extra shares of the busiest sharer"
    )
    parser.add_argument(
        "--heavy-clicks", type=int, default=100_000, help="extra clicks on those shares"
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--schema", default="bench_badges")
    args = parser.parse_args()
    if args.engine == "sqlite" and args.database_url is None:
        args.database_url = "/tmp/badges-benchmark.sqlite3"  # noqa: S108
    return args


def counting():
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    return statements, lambda: sa.event.remove(db.engine, "before_cursor_execute", count)


def time_event(person_id: int, kinds, repeats: int) -> tuple[float, float, int, int]:
    """Median and p95 ms, statements, badges given, for one evaluation rolled back."""
    times, statements, given = [], 0, 0
    for _ in range(repeats):
        person = db.session.get(User, person_id)
        counted, stop = counting()
        began = time.perf_counter()
        try:
            given = len(services.evaluate(person, kinds))
            db.session.flush()
        finally:
            elapsed = time.perf_counter() - began
            stop()
            db.session.rollback()
        times.append(elapsed * 1000)
        statements = len(counted)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], statements, given


def heavy_history(args, now: datetime) -> None:
    """One person with a very long history: the case a per-person scan would suffer."""
    rng = random.Random(args.seed + 1)
    person = db.session.scalar(sa.select(User.id).where(User.email == "e0@bench.example"))
    item = db.session.scalar(sa.text("SELECT min(id) FROM content_items"))
    networks = ("linkedin", "x", "facebook", "email", "whatsapp")
    generator.bulk(
        "shares",
        ["code", "user_id", "item_id", "network", "text", "created_at"],
        (
            (f"h{n:015d}", person, item, networks[n % 5], "", now - timedelta(hours=n))
            for n in range(args.heavy_shares)
        ),
    )
    heavy = list(
        db.session.scalars(
            sa.select(Share.id).where(Share.code.like("h%"), Share.user_id == person)
        )
    )
    generator.bulk(
        "clicks",
        ["share_id", "clicked_at", "kind", "visitor"],
        (
            (rng.choice(heavy), now - timedelta(minutes=rng.randrange(1, 500_000)), "person", None)
            for _ in range(args.heavy_clicks)
        ),
    )


def main() -> None:
    args = options()
    app = generator.make_app(args)
    now = datetime.now(UTC)
    with app.app_context():
        db.create_all()
        began = time.perf_counter()
        made = generator.generate(args, now)
        print(
            f"{args.engine}: {made['clicks']:,} clicks, {args.shares:,} shares, "
            f"{args.employees:,} employees written in {time.perf_counter() - began:.1f} s"
        )
        heavy_history(args, now)
        with unit_of_work():
            definitions.sync(definitions.load(PROJECT_ROOT / "courses"), SyncReport())
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                c.execute(sa.text("VACUUM ANALYZE"))
        began = time.perf_counter()
        with unit_of_work():
            first = reconcile.reconcile(now + timedelta(seconds=5))
        print(
            f"first reconciliation: {first.clicks:,} counted clicks, {first.signups:,} "
            f"sign-ups, {len(first.awarded):,} awards in {time.perf_counter() - began:.1f} s"
        )
        busiest, shares = db.session.execute(
            sa.select(Share.user_id, sa.func.count())
            .group_by(Share.user_id)
            .order_by(sa.func.count().desc())
            .limit(1)
        ).one()
        # The busiest person starts with no badge, so every repeat does the whole work.
        db.session.execute(sa.text("DELETE FROM awards WHERE user_id = :id"), {"id": busiest})
        db.session.commit()
        print(f"the busiest sharer: {shares} shares\n")
        print(f"| {args.engine}: event | statements | median ms | p95 ms | badges given |")
        print("|---|---|---|---|---|")
        for label, kinds in EVENTS.items():
            time_event(busiest, kinds, 2)  # warm
            median, p95, statements, given = time_event(busiest, kinds, args.repeats)
            print(f"| {label} | {statements} | {median:.1f} | {p95:.1f} | {given} |")
        db.session.remove()

        rng = random.Random(args.seed)
        sharers = list(
            db.session.scalars(sa.select(Share.id).order_by(Share.id).limit(args.batch_people))
        )
        clicked_at = datetime.now(UTC) - timedelta(seconds=10)
        generator.bulk(
            "clicks",
            ["share_id", "clicked_at", "kind", "visitor"],
            ((rng.choice(sharers), clicked_at, "person", None) for _ in range(args.batch)),
        )
        began = time.perf_counter()
        with unit_of_work():
            batch = reconcile.reconcile()
        print(
            f"\nreconciliation of {args.batch:,} new clicks from up to {args.batch_people} "
            f"people: {batch.people} people evaluated, {len(batch.awarded)} awards, "
            f"{(time.perf_counter() - began) * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
