"""Benchmark of HR's training coverage: the page `/hr/coverage` (grouped by department)
and `GET /api/v1/reports/coverage`, over 10,000 employees, 30 courses and 300,000 lesson
completions by default, on SQLite or PostgreSQL.

    .venv/bin/python benchmarks/coverage.py --engine sqlite
    .venv/bin/python benchmarks/coverage.py --engine postgresql \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test
    (add --scale 0.1 for a short run: a tenth of the people and of the progress records)

It writes a catalogue of 30 courses (a core course and 29 spread over the five levels'
paths, five lessons each) through the content sync, then the people (departments, sites,
managers, hire dates over two years, levels), the lesson completions and the guide's
acknowledgments in bulk (COPY on PostgreSQL, executemany on SQLite), and times warm
requests through the application (the WSGI test client: template, JSON and all, no
network): median and p95 over --requests, and the number of SQL statements of each.
PostgreSQL runs in a schema of its own (`--schema`, by default `bench_coverage`), dropped
and made again.
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.advocacy_report import bulk  # noqa: E402
from learning import content_sync, create_app  # noqa: E402
from learning.auth import services as accounts  # noqa: E402
from learning.conduct import services as conduct  # noqa: E402
from learning.extensions import db  # noqa: E402
from learning.levels import LEVELS  # noqa: E402
from learning.transaction import unit_of_work  # noqa: E402
from tests.catalogue import GUIDE_V1, write_course  # noqa: E402

PASSWORD = "benchmark password"  # noqa: S105 - a throwaway database
COURSES = 30
LESSONS = ("intro", "practice", "case", "habits", "review")
DEPARTMENTS = 40
SITES = ("Paris", "Lyon", "Lille", "Nantes", "Remote")


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--completions", type=int, default=300_000)
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies both counts")
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--schema", default="bench_coverage")
    return parser.parse_args()


def make_app(args):
    config = {
        "SECRET_KEY": "benchmark",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": None,
        "MAIL_BACKEND": "locmem",
    }
    if args.engine == "sqlite":
        path = Path(args.database_url or "/tmp/coverage-benchmark.sqlite3")  # noqa: S108
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return create_app({**config, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    url = args.database_url or "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {args.schema} CASCADE"))
        connection.execute(sa.text(f"CREATE SCHEMA {args.schema}"))
    engine.dispose()
    return create_app(
        {
            **config,
            "SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": {
                "connect_args": {"options": f"-c search_path={args.schema}"}
            },
        }
    )


def write_catalogue(root: Path) -> None:
    """The core course and 29 others, each path holding the core and about six more."""
    write_course(root, "core-conduct", "[all]", lessons=LESSONS)
    paths: dict[str, list[str]] = {level: [] for level in LEVELS}
    for number in range(1, COURSES):
        level = LEVELS[number % len(LEVELS)]
        slug = f"course-{number}"
        write_course(root, slug, f"[{level}]", lessons=LESSONS)
        paths[level].append(slug)
    text = ["core:\n  - core-conduct\npaths:\n"]
    for level, slugs in paths.items():
        text.append(f"  {level}:\n    title: Path for {level}\n    courses: [{', '.join(slugs)}]\n")
    (root / "paths.yml").write_text("".join(text))
    (root / "guide").mkdir()
    (root / "guide" / "v1.yml").write_text(GUIDE_V1)


def generate(args, now: datetime) -> str:
    rng = random.Random(args.seed)
    employees = int(args.employees * args.scale)
    completions = int(args.completions * args.scale)
    with tempfile.TemporaryDirectory() as folder:
        write_catalogue(Path(folder))
        with unit_of_work():
            content_sync.sync(Path(folder))
    with unit_of_work():
        viewer = accounts.create_user(
            "hr@bench.example", "Bench HR", ["hr"], password=PASSWORD, department="People"
        )
        token = accounts.create_api_token(viewer)
    today = now.date()
    levels = [*LEVELS, None]
    bulk(
        "users",
        ["email", "name", "department", "site", "hire_date", "level"]
        + ["timezone", "locale", "is_active", "created_at", "leaderboard_opt_in"],
        (
            (
                f"e{n}@bench.example",
                f"Employee {n}",
                f"Department {n % DEPARTMENTS}",
                SITES[n % len(SITES)],
                today - timedelta(days=rng.randrange(-20, 730)),
                rng.choice(levels),
                "UTC",
                "en",
                n % 50 != 0,  # a few leavers
                now,
                False,
            )
            for n in range(employees)
        ),
    )
    people = db.session.execute(
        sa.text("SELECT id, level FROM users WHERE email LIKE 'e%@bench.example' ORDER BY id")
    ).all()
    bulk("user_roles", ["user_id", "role"], ((uid, "employee") for uid, _ in people))
    # Every tenth person manages the nine after them.
    db.session.execute(
        sa.text(
            "UPDATE users SET manager_id = (SELECT MIN(m.id) FROM users m WHERE "
            "m.email LIKE 'e%@bench.example' AND m.id <= users.id AND (m.id % 10) = 0) "
            "WHERE email LIKE 'e%@bench.example' AND (id % 10) <> 0"
        )
    )
    db.session.commit()
    lessons_by_level: dict[str, list[tuple[int, int]]] = {level: [] for level in LEVELS}
    for level, course_id, lesson_id in db.session.execute(
        sa.text(
            "SELECT lp.level, l.course_id, l.id FROM learning_paths lp JOIN path_courses pc "
            "ON pc.path_id = lp.id JOIN lessons l ON l.course_id = pc.course_id"
        )
    ):
        lessons_by_level[level].append((course_id, lesson_id))
    diagnosed = [(uid, level) for uid, level in people if level]
    per_person = max(1, completions // max(1, len(diagnosed)))
    lesson_rows, course_rows = [], []
    for uid, level in diagnosed:
        lessons = lessons_by_level[level]
        done = rng.sample(lessons, min(per_person, len(lessons)))
        lesson_rows += [(uid, lesson) for _course, lesson in done]
        # A course is recorded completed once its lessons are done (and its quiz passed,
        # which the benchmark leaves out): here, a course every lesson of which was drawn.
        by_course: dict[int, int] = {}
        for course, _lesson in done:
            by_course[course] = by_course.get(course, 0) + 1
        course_rows += [
            (uid, course) for course, count in by_course.items() if count == len(LESSONS)
        ]
    lesson_rows = lesson_rows[:completions]
    bulk(
        "lesson_completions",
        ["user_id", "lesson_id", "completed_at"],
        ((uid, lesson, now) for uid, lesson in lesson_rows),
    )
    bulk(
        "course_completions",
        ["user_id", "course_id", "completed_at"],
        ((uid, course, now) for uid, course in course_rows),
    )
    guide = conduct.current_version()
    bulk(
        "acknowledgments",
        ["user_id", "guide_version_id", "locale", "content_hash", "acknowledged_at"],
        ((uid, guide.id, "en", guide.content_hash, now) for uid, _ in people if uid % 3),
    )
    print(
        f"{len(people)} employees, {COURSES} courses, {len(lesson_rows)} lesson completions, "
        f"{len(course_rows)} course completions, {args.engine}"
    )
    return token


def timed(client, url: str, requests: int, **kwargs) -> tuple[float, float, int]:
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    durations = []
    for _ in range(requests):
        statements.clear()
        sa.event.listen(db.engine, "before_cursor_execute", count)
        began = time.perf_counter()
        response = client.get(url, **kwargs)
        durations.append((time.perf_counter() - began) * 1000)
        sa.event.remove(db.engine, "before_cursor_execute", count)
        assert response.status_code == 200, (url, response.status_code)
    durations.sort()
    p95 = durations[max(0, round(0.95 * len(durations)) - 1)]
    return statistics.median(durations), p95, len(statements)


def main() -> None:
    args = options()
    app = make_app(args)
    with app.app_context():
        db.create_all()
        token = generate(args, datetime.now(UTC))
        client = app.test_client()
        client.post("/auth/login", data={"email": "hr@bench.example", "password": PASSWORD})
        bearer = {"Authorization": f"Bearer {token}"}
        requests = [
            ("page, everyone", "/hr/coverage", {}),
            ("page, by department", "/hr/coverage?group_by=department", {}),
            ("page, by manager", "/hr/coverage?group_by=manager", {}),
            ("data.json, by department", "/hr/coverage/data.json?group_by=department", {}),
            ("API", "/api/v1/reports/coverage", {"headers": bearer}),
        ]
        client.get("/hr/coverage")  # warm the templates
        print("| request | median ms | p95 ms | statements |\n|---|---|---|---|")
        for label, url, kwargs in requests:
            median, p95, count = timed(client, url, args.requests, **kwargs)
            print(f"| {label} | {median:.0f} | {p95:.0f} | {count} |")


if __name__ == "__main__":
    main()
