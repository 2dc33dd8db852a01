"""Benchmark of the roster import through the HR pages: a generated CSV file of
`--lines` employees (10,000 by default) uploaded (the preview page), then confirmed (the
apply, invitations included), into an empty roster; then the same roster again with one
line in ten changed and one in a hundred broken (a re-import: updates and rejections).

    .venv/bin/python benchmarks/roster_import.py --engine sqlite
    .venv/bin/python benchmarks/roster_import.py --engine postgresql \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

The target: preview and apply together under 10 s for 10,000 lines.
"""

import io
import logging
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import advocacy_report as generator  # noqa: E402

from learning.auth import services as accounts  # noqa: E402
from learning.extensions import db  # noqa: E402
from learning.transaction import unit_of_work  # noqa: E402

DEPARTMENTS = ("Sales", "Engineering", "Marketing", "Finance", "Operations", "Legal", "People")
SITES = ("Paris", "Lyon", "Nantes", "Lille")
HR_PASSWORD = "benchmark password"  # noqa: S105 - a throwaway database


def roster_csv(lines: int, seed: int, changed: float = 0.0, broken: float = 0.0) -> str:
    rng = random.Random(seed)
    rows = ["email;name;department;site;manager_email;hire_date"]
    today = date.today()
    for number in range(lines):
        manager = f"person{number // 10}@example.com" if number >= 10 else ""
        department = DEPARTMENTS[number % len(DEPARTMENTS)]
        if rng.random() < changed:
            department = rng.choice(DEPARTMENTS)
        hired = (today - timedelta(days=number % 365)).isoformat()
        email = f"person{number}@example.com"
        if rng.random() < broken:
            hired = "31.02.2026"
        rows.append(f"{email};Person {number};{department};{SITES[number % 4]};{manager};{hired}")
    return "\n".join(rows) + "\n"


def timed_import(client, text: str) -> tuple[float, float, str]:
    started = time.perf_counter()
    preview = client.post(
        "/hr/roster/import",
        data={"file": (io.BytesIO(text.encode()), "roster.csv")},
        content_type="multipart/form-data",
    )
    middle = time.perf_counter()
    assert preview.status_code == 200 and "Import preview" in preview.text, preview.text[:500]
    key = preview.text.split('name="key" type="hidden" value="')[1].split('"')[0]
    result = client.post("/hr/roster/import/confirm", data={"key": key})
    ended = time.perf_counter()
    assert "Import applied" in result.text, result.text[:500]
    summary = result.text.split('<ul id="roster-result">')[1].split("</ul>")[0]
    counts = " ".join(
        part.split("<li>")[-1].split("(")[0].strip() for part in summary.split("</li>")[:-1]
    )
    return middle - started, ended - middle, counts


def main() -> None:
    parser = generator.argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--schema", default="bench_roster")
    args = parser.parse_args()
    app = generator.make_app(args)
    # The invitations go to the log (no MAIL_SERVER): their sending is timed, not printed.
    logging.getLogger("learning.mail").setLevel(logging.ERROR)
    with app.app_context():
        db.create_all()
        with unit_of_work():
            hr = accounts.create_user("hr@example.com", "HR", ["hr"], password=HR_PASSWORD)
            hr_email = hr.email
        client = app.test_client()
        client.post("/auth/login", data={"email": hr_email, "password": HR_PASSWORD})
        print(f"| {args.engine} | run | lines | preview (s) | apply (s) | total (s) | result |")
        print("|---|---|---|---|---|---|---|")
        for run, text in (
            ("first import", roster_csv(args.lines, 1)),
            ("re-import", roster_csv(args.lines, 1, changed=0.1, broken=0.01)),
        ):
            preview, apply, counts = timed_import(client, text)
            print(
                f"| {args.engine} | {run} | {args.lines:,} | {preview:.2f} | {apply:.2f} "
                f"| {preview + apply:.2f} | {counts} |"
            )


if __name__ == "__main__":
    main()
