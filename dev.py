#!/usr/bin/env python3
"""The two commands of the README, for a fresh machine with only Python 3.11+.

    python3 dev.py run    install, migrate, load courses and demo data, serve on localhost
    python3 dev.py test   install, lint, and run the whole test suite

Both create `.venv` on first use and reinstall only when pyproject.toml changes.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
STAMP = VENV / ".installed"
CHROMIUM = Path("/usr/bin/chromium")
# The accessibility engine the browser journey runs on every page, from the npm registry.
AXE_CORE_VERSION = "4.14.1"
AXE_CORE = ROOT / ".cache" / "axe-core"
# 1EdTech's Open Badges validator, in an environment of its own: its 2017 pins (click 6.7,
# jsonschema 2.6) cannot live beside Flask 3, and three of them no longer import on Python
# 3.11, so newer releases of those replace them (tests/openbadges_validator.py says more).
OPENBADGES_VALIDATOR = ROOT / ".cache" / "openbadges-validator"
OPENBADGES_PACKAGES = ("openbadges==1.1.2",)
OPENBADGES_REPLACEMENTS = ("pycryptodome==3.20.0", "python-jose==3.3.0", "pytz==2024.2")


def step(message: str) -> None:
    print(f"==> {message}", flush=True)


def run(*args: str, env: dict | None = None) -> int:
    return subprocess.call(args, cwd=ROOT, env={**os.environ, **(env or {})})  # noqa: S603


def check(*args: str, env: dict | None = None) -> None:
    code = run(*args, env=env)
    if code:
        sys.exit(code)


def install(extras: str) -> None:
    """Create the virtual environment and install the project once per pyproject change."""
    if sys.version_info < (3, 11):  # noqa: UP036 - runs before anything else checks it
        sys.exit("Python 3.11 or newer is needed.")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not PYTHON.exists():
        step("Creating the virtual environment in .venv")
        venv.EnvBuilder(with_pip=True).create(VENV)
    step("Installing dependencies (first run only)")
    check(str(PYTHON), "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    check(str(PYTHON), "-m", "pip", "install", "--quiet", "-e", f".{extras}")
    STAMP.write_text(wanted)


def install_axe_core() -> None:
    """axe-core into .cache/axe-core, once per version, when npm is there to fetch it."""
    installed = AXE_CORE / "node_modules" / "axe-core" / "package.json"
    if installed.exists() and json.loads(installed.read_text())["version"] == AXE_CORE_VERSION:
        return
    npm = shutil.which("npm")
    if npm is None:
        step("npm not found: axe-core is not installed, the browser journey will say so")
        return
    step(f"Installing axe-core {AXE_CORE_VERSION} (npm) into .cache/axe-core")
    AXE_CORE.mkdir(parents=True, exist_ok=True)
    check(
        npm,
        "install",
        "--prefix",
        str(AXE_CORE),
        "--no-save",
        "--no-package-lock",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        f"axe-core@{AXE_CORE_VERSION}",
    )


def install_openbadges_validator() -> None:
    """The Open Badges validator into .cache/openbadges-validator, once per version."""
    wanted = " ".join(OPENBADGES_PACKAGES + OPENBADGES_REPLACEMENTS)
    stamp = OPENBADGES_VALIDATOR / ".installed"
    if stamp.exists() and stamp.read_text() == wanted:
        return
    step("Installing the Open Badges validator into .cache/openbadges-validator")
    venv.create(OPENBADGES_VALIDATOR, with_pip=True, clear=True)
    python = OPENBADGES_VALIDATOR / ("Scripts" if os.name == "nt" else "bin") / "python"
    pip = (str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check")
    check(*pip, *OPENBADGES_PACKAGES)
    check(*pip, "--no-deps", *OPENBADGES_REPLACEMENTS)
    stamp.write_text(wanted)


TRANSLATIONS = ROOT / "learning" / "translations"


def compile_translations() -> None:
    """The French catalogue (.po, in the repository) into the .mo the app reads, when the
    .po is newer: a build step, never done as the app starts."""
    for source in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        compiled = source.with_suffix(".mo")
        if not compiled.exists() or compiled.stat().st_mtime < source.stat().st_mtime:
            step(f"Compiling the {source.parent.parent.name} catalogue")
            check(str(BIN / "pybabel"), "compile", "-d", str(TRANSLATIONS))
            return


def flask(*args: str) -> None:
    check(str(BIN / "flask"), "--app", "wsgi", *args)


def command_run() -> None:
    install("")
    compile_translations()
    host = os.environ.get("HOST", "127.0.0.1")
    port = os.environ.get("PORT", "5000")
    step("Applying database migrations")
    flask("db", "upgrade")
    # The demo company's settings (courses/company.yml is the one a company edits).
    os.environ.setdefault("COMPANY_FILE", str(ROOT / "learning" / "demo" / "company.yml"))
    step(f"Loading the courses, with the company settings of {os.environ['COMPANY_FILE']}")
    flask("courses", "sync")
    step("Adding the demo organisation (once)")
    flask("demo", "seed")
    from_demo = subprocess.run(  # noqa: S603
        [
            str(PYTHON),
            "-c",
            "from learning.demo import PEOPLE, DEMO_PASSWORD as P;"
            "print('\\n'.join(f'  {e:26} {P}   {\", \".join(r)}' for e, _, r, *_ in PEOPLE))",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    print(f"\nOpen http://{host}:{port}/ and sign in with one of the demo accounts:\n{from_demo}")
    print("Stop with Ctrl+C.\n", flush=True)
    flask("run", "--host", host, "--port", port)


def command_test(pytest_args: list[str]) -> None:
    install("[dev]")
    compile_translations()
    step("Linting (ruff)")
    check(str(BIN / "ruff"), "check", ".")
    check(str(BIN / "ruff"), "format", "--check", ".")
    install_openbadges_validator()
    database = os.environ.get("TEST_DATABASE_URL") or "SQLite"
    if "not browser" in " ".join(pytest_args):
        browser = "without (deselected)"
    else:
        browser = "with" if CHROMIUM.exists() else "WITHOUT (Chromium not installed)"
        install_axe_core()
    step(f"Running the tests on {database}, {browser} the browser journey")
    code = run(str(PYTHON), "-m", "pytest", *pytest_args)
    if code == 5:
        print("pytest collected no tests: that is a failure.", file=sys.stderr)
    sys.exit(code)


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in {"run", "test"}:
        sys.exit(__doc__)
    if sys.argv[1] == "run":
        command_run()
    else:
        command_test(sys.argv[2:])


if __name__ == "__main__":
    main()
