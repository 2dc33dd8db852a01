"""The served assertions pass 1EdTech's Open Badges validator (the `openbadges` package),
run offline against the application served on 127.0.0.1.

The validator lives in an environment of its own, `.cache/openbadges-validator`, that
`dev.py test` makes (see `tests/openbadges_validator.py` for why); without it this test
is skipped, and pytest says so (under CI=true it fails instead).
"""

import json
import os
import subprocess
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from learning.badges import manual
from learning.transaction import unit_of_work
from tests.conftest import PASSWORD
from tests.recognition_data import make_badge, use_badge_images

ROOT = Path(__file__).resolve().parent.parent
VALIDATOR_ENV = ROOT / ".cache" / "openbadges-validator"
VALIDATOR_PYTHON = Path(
    os.environ.get("OPENBADGES_VALIDATOR_PYTHON")
    or VALIDATOR_ENV / ("Scripts" if os.name == "nt" else "bin") / "python"
)
DRIVER = Path(__file__).resolve().parent / "openbadges_validator.py"


@pytest.fixture
def validator():
    if not VALIDATOR_PYTHON.exists():
        message = f"the Open Badges validator is not installed at {VALIDATOR_ENV} (dev.py test)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)

    def run(url: str, email: str | None = None) -> dict:
        arguments = [str(VALIDATOR_PYTHON), str(DRIVER), url, *([email] if email else [])]
        done = subprocess.run(  # noqa: S603
            arguments, capture_output=True, text=True, timeout=60, check=False
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout)

    return run


@pytest.fixture
def live_app(app):
    """The application served on 127.0.0.1 by a threaded server, its public origin."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    origin = f"http://127.0.0.1:{server.server_port}"
    app.config["PUBLIC_BASE_URL"] = origin
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield origin
    server.shutdown()
    thread.join()
    server.server_close()


@pytest.fixture
def awarded(app, make_user, tmp_path):
    use_badge_images(app, tmp_path / "static")
    champion = make_user(roles=("champion",), department="Sales")
    holder = make_user(email="sam.sales@example.com", department="Sales")
    make_badge("expert", name="Expert", description="Helps colleagues share with confidence.")
    with unit_of_work():
        award = manual.award_by_hand(champion, "expert", holder.id, "Ran two workshops")
    return {"award": award, "holder": holder}


def test_the_served_assertion_passes_the_open_badges_validator(awarded, validator, live_app):
    url = f"{live_app}/badges/assertions/{awarded['award'].id}"
    result = validator(url, "sam.sales@example.com")
    report = result["report"]
    assert report["valid"] is True, report["messages"]
    assert (report["errorCount"], report["warningCount"]) == (0, 0), report["messages"]
    assert report["openBadgesVersion"] == "2.0"
    assert report["validationSubject"] == url
    types = {node.get("type") for node in result["graph"]}
    assert {"Assertion", "BadgeClass", "Issuer"} <= types


def test_the_validator_refuses_another_recipient_and_a_revoked_award(
    awarded, make_user, validator, live_app
):
    """The check is real: the hash is compared, and a revoked award fails. (Validator
    1.1.2 has no check of its own for a hosted 410: it finds the revoked body lacks the
    Assertion's required properties, and so refuses it.)"""
    url = f"{live_app}/badges/assertions/{awarded['award'].id}"
    assert validator(url, "someone.else@example.com")["report"]["valid"] is False
    with unit_of_work():
        manual.revoke(make_user(roles=("hr",)), awarded["award"].id, "Given in error")
    report = validator(url, "sam.sales@example.com")["report"]
    assert report["valid"] is False
    assert report["errorCount"] > 0


def test_the_baked_png_passes_the_validator(app, awarded, validator, live_app, tmp_path):
    browser = app.test_client()
    browser.post("/auth/login", data={"email": awarded["holder"].email, "password": PASSWORD})
    baked = browser.get(f"/badges/awards/{awarded['award'].id}/baked.png")
    assert baked.status_code == 200
    path = tmp_path / "baked.png"
    path.write_bytes(baked.data)
    report = validator(str(path), "sam.sales@example.com")["report"]
    assert report["valid"] is True, report["messages"]
    assert report["errorCount"] == 0
