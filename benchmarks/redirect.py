"""Benchmark of the tracked-link redirect, `GET /s/{code}`, against a bare Flask route.

    .venv/bin/python benchmarks/redirect.py                      # SQLite and PostgreSQL
    .venv/bin/python benchmarks/redirect.py --engine sqlite --seconds 10
    .venv/bin/python benchmarks/redirect.py --layout shared      # every process on every core
    BENCH_POSTGRES_URL=postgresql+psycopg://user@host/db .venv/bin/python benchmarks/redirect.py

For each engine it makes a fresh database (a temporary SQLite file, or a schema of its
own on PostgreSQL, dropped at the end) holding one published hub item and one share,
then serves two applications with gunicorn under the same settings (gthread workers,
`--workers` processes of `--threads` threads each, bound to 127.0.0.1 only):

- the product (`wsgi:app`), whose `/s/{code}` looks the link up, records the click and
  commits before answering 302;
- a bare Flask application (`benchmarks/bare_app.py`) whose `/s/{code}` only answers
  the same 302 with the same headers.

The load comes from this machine only: `--processes` processes of `--connections`
threads, each thread on one keep-alive connection sending requests back to back with a
browser's user agent (taken from a small set, as real readers vary). Both routes are
loaded in turns (`--rounds` rounds of `--seconds` / `--rounds` each, the bare route
first) so that a passing disturbance on the machine weighs on both alike. It reports
requests per second and the p50 and p99 latency of each route, the redirect's share of
the bare route's throughput (the target is 60% or more), and checks afterwards that
every 302 the redirect answered is a click row in the database.

Where the processes run (`--layout`): `split`, the default, gives the server processes
one core and the load generator the others, and leaves the database server to the
scheduler, as a deployment gives the database a machine of its own; `shared` lets every
process run on every core, so the redirect is also charged the database server's work
and the load generator's on the same cores (README, "The tracked-link redirect").
"""

import argparse
import http.client
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TARGET_SHARE = 0.60
AGENTS = [
    f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    f"Chrome/{version}.0.0.0 Safari/537.36"
    for version in range(110, 130)
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare_database(url: str) -> str:
    """Tables, one published item and one share; returns the share's code."""
    from datetime import date

    from learning import create_app
    from learning.advocacy.models import ContentItem, Objective
    from learning.auth.models import User
    from learning.extensions import db
    from learning.sharing.models import Share

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "benchmark"})
    with app.app_context():
        db.create_all()
        author = User(email="bench@example.com", name="Bench")
        objective = Objective(
            title="Launch",
            family="campaigns",
            target=100,
            starts_on=date(2026, 1, 1),
            due=date(2030, 1, 1),
            created_by=author,
        )
        item = ContentItem(
            title="Launch event",
            type="event",
            url="https://www.example.com/launch?ref=hub",
            status="published",
            objective=objective,
            author=author,
        )
        share = Share(code="BenchCode123", user=author, item=item, network="linkedin")
        db.session.add(share)
        db.session.commit()
        code = share.code
        db.engine.dispose()
    return code


def count_clicks(url: str) -> int:
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        count = connection.execute(sa.text("SELECT count(*) FROM clicks")).scalar_one()
    engine.dispose()
    return count


def serve(app_path: str, port: int, env: dict, args) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "gunicorn", app_path,
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(args.workers),
        "--threads", str(args.threads),
        "--worker-class", "gthread",
        "--keep-alive", "30",
        "--pythonpath", f"{ROOT},{ROOT / 'benchmarks'}",
        "--log-level", "warning",
    ]  # fmt: skip
    cores = args.server_cores
    server = subprocess.Popen(  # noqa: S603 - our own command
        command,
        cwd=ROOT,
        env=env,
        preexec_fn=(lambda: os.sched_setaffinity(0, cores)) if cores else None,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError(f"gunicorn did not start on port {port}")


def _client(port: int, path: str, until: float, agent: str, results: list) -> None:
    latencies, statuses = [], {}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    while time.perf_counter() < until:
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers={"User-Agent": agent})
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            statuses["error"] = statuses.get("error", 0) + 1
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            continue
        latencies.append(time.perf_counter() - started)
        statuses[response.status] = statuses.get(response.status, 0) + 1
    connection.close()
    results.append((latencies, statuses))


def _load_process(port, path, seconds, connections, offset, queue, cores) -> None:
    if cores:
        os.sched_setaffinity(0, cores)
    until = time.perf_counter() + seconds
    results: list = []
    threads = [
        threading.Thread(
            target=_client,
            args=(port, path, until, AGENTS[(offset + number) % len(AGENTS)], results),
        )
        for number in range(connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies = [value for part, _ in results for value in part]
    statuses: dict = {}
    for _, part in results:
        for status, count in part.items():
            statuses[status] = statuses.get(status, 0) + count
    queue.put((latencies, statuses))


def load(port: int, path: str, seconds: float, args) -> tuple[list[float], dict, float]:
    """Requests back to back for `seconds`; the latencies, statuses and time taken."""
    queue = multiprocessing.Queue()
    processes = [
        multiprocessing.Process(
            target=_load_process,
            args=(
                port,
                path,
                seconds,
                args.connections,
                number * args.connections,
                queue,
                args.load_cores,
            ),
        )
        for number in range(args.processes)
    ]
    started = time.perf_counter()
    for process in processes:
        process.start()
    parts = [queue.get() for _ in processes]
    for process in processes:
        process.join()
    elapsed = time.perf_counter() - started
    latencies = [value for part, _ in parts for value in part]
    statuses: dict = {}
    for _, part in parts:
        for status, count in part.items():
            statuses[status] = statuses.get(status, 0) + count
    return latencies, statuses, elapsed


def percentile(values: list[float], fraction: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[round(fraction * 100) - 1]


def first_answer(port: int, path: str) -> tuple[dict, bytes]:
    """The headers (but the date, which changes) and the body of one 302."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"User-Agent": AGENTS[0]})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    assert response.status == 302, response.status
    return {name: value for name, value in response.getheaders() if name != "Date"}, body


def run_engine(engine: str, url: str, args) -> dict:
    code = prepare_database(url)
    path = f"/s/{code}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "benchmark",
        "PUBLIC_BASE_URL": "https://go.example.com",
    }
    app_port, bare_port = free_port(), free_port()
    product = serve("wsgi:app", app_port, env, args)
    try:
        answer = first_answer(app_port, path)
        bare = serve(
            "bare_app:app", bare_port, {**env, "BENCH_TARGET": answer[0]["Location"]}, args
        )
        try:
            # The same answer, byte for byte but the date: only the work behind it differs.
            assert first_answer(bare_port, path) == answer, (first_answer(bare_port, path), answer)
            for port in (bare_port, app_port):  # warm up: imports, connections, caches
                load(port, path, 1, args)
            before = count_clicks(url)
            measured = {"bare": ([], {}, 0.0), "redirect": ([], {}, 0.0)}
            turn = args.seconds / args.rounds
            for _round in range(args.rounds):
                for name, port in (("bare", bare_port), ("redirect", app_port)):
                    latencies, statuses, elapsed = load(port, path, turn, args)
                    total = measured[name]
                    for status, count in statuses.items():
                        total[1][status] = total[1].get(status, 0) + count
                    measured[name] = (total[0] + latencies, total[1], total[2] + elapsed)
            recorded = count_clicks(url) - before
        finally:
            bare.terminate()
            bare.wait()
    finally:
        product.terminate()
        product.wait()
    rows = {}
    for name, (latencies, statuses, elapsed) in measured.items():
        rows[name] = {
            "requests": len(latencies),
            "rps": len(latencies) / elapsed,
            "p50_ms": percentile(latencies, 0.50) * 1000,
            "p99_ms": percentile(latencies, 0.99) * 1000,
            "statuses": statuses,
        }
    redirects = rows["redirect"]["statuses"].get(302, 0)
    return {
        "engine": engine,
        "rows": rows,
        "share": rows["redirect"]["rps"] / rows["bare"]["rps"],
        "redirects": redirects,
        "clicks_recorded": recorded,
    }


def postgres_schema_url(base: str, schema: str) -> str:
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options=-csearch_path%3D{schema}"


def with_postgres_schema(base: str, args) -> dict:
    schema = f"redirect_benchmark_{os.getpid()}"
    admin = sa.create_engine(base)
    with admin.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    try:
        return run_engine("PostgreSQL", postgres_schema_url(base, schema), args)
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()


def load_average() -> str:
    """The machine's 1-minute load average: what else was running weighs on the figures."""
    return f"{os.getloadavg()[0]:.2f}"


def report(results: list[dict], args, load_before: str) -> str:
    lines = [
        f"gunicorn gthread, {args.workers} workers x {args.threads} threads; load "
        f"{args.processes} processes x {args.connections} keep-alive connections, "
        f"{args.seconds:g} s per route in {args.rounds} rounds",
        f"layout {args.layout}: "
        + (
            f"server on core(s) {sorted(args.server_cores)}, load on {sorted(args.load_cores)}"
            if args.server_cores
            else "every process on every core"
        ),
        f"machine: {os.cpu_count()} cores, load average {load_before} before the run, "
        f"{load_average()} after it (the run's own processes included)",
        "",
        "| engine | route | requests/s | p50 (ms) | p99 (ms) | share of bare | clicks in DB |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for result in results:
        for name in ("bare", "redirect"):
            row = result["rows"][name]
            label = "bare Flask 302" if name == "bare" else "`/s/{code}`"
            share = f"{result['share']:.0%}" if name == "redirect" else ""
            check = ""
            if name == "redirect":
                ok = result["clicks_recorded"] == result["redirects"]
                check = (
                    f"{result['clicks_recorded']} of {result['redirects']} "
                    f"{'(all)' if ok else '(MISSING)'}"
                )
            lines.append(
                f"| {result['engine']} | {label} | {row['rps']:.0f} | {row['p50_ms']:.1f} "
                f"| {row['p99_ms']:.1f} | {share} | {check} |"
            )
    return "\n".join(lines)


def cores_of(layout: str) -> tuple[set[int], set[int]]:
    """The cores of the server and of the load generator: none chosen when shared."""
    cores = sorted(os.sched_getaffinity(0))
    if layout == "shared" or len(cores) < 2:
        return set(), set()
    return {cores[0]}, set(cores[1:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--seconds", type=float, default=10, help="of load per route")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--processes", type=int, default=2, help="load-generating processes")
    parser.add_argument("--connections", type=int, default=4, help="per load process")
    parser.add_argument(
        "--layout",
        choices=("split", "shared"),
        default="split",
        help="split: the server on one core, the load on the others (the default); "
        "shared: every process on every core",
    )
    args = parser.parse_args()
    args.server_cores, args.load_cores = cores_of(args.layout)

    load_before = load_average()
    results = []
    if args.engine in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{Path(folder) / 'redirect.sqlite3'}"
            results.append(run_engine("SQLite", url, args))
    if args.engine in ("postgresql", "both"):
        base = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES)
        results.append(with_postgres_schema(base, args))
    print(report(results, args, load_before))
    complete = all(result["clicks_recorded"] == result["redirects"] for result in results)
    fast = all(result["share"] >= TARGET_SHARE for result in results)
    print(f"\nevery click in the database: {'yes' if complete else 'NO'}")
    print(f"redirect at {TARGET_SHARE:.0%} or more of the bare route: {'yes' if fast else 'NO'}")
    return 0 if complete and fast else 1


if __name__ == "__main__":
    sys.exit(main())
