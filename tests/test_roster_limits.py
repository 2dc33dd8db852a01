"""The roster upload in the browser takes a file larger than the other forms' limit, up to
its own, with CSRF protection on (its check reads the form before the view does); past
that limit, or past the line limit, it says why on its page and imports nothing."""

import io

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from learning.auth.models import User
from learning.extensions import db
from tests.conftest import PASSWORD
from tests.test_roster import csv_text
from tests.test_web_security import csrf_token_in


@pytest.fixture
def app_config(app_config):
    app_config["WTF_CSRF_ENABLED"] = True
    app_config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    return app_config


def sign_in(client, user) -> str:
    token = csrf_token_in(client.get("/auth/login").text)
    client.post(
        "/auth/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    return csrf_token_in(client.get("/hr/roster/import").text)


def upload(client, token, data: bytes):
    # Encoded here, in memory: the test client would spool a large body to a temporary
    # file of its own and leave it for the garbage collector.
    boundary, body = encode_multipart(
        {"csrf_token": token, "file": FileStorage(io.BytesIO(data), "big.csv")}
    )
    return client.post(
        "/hr/roster/import",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def test_fifty_thousand_lines_over_the_form_limit_are_refused_with_why(app, client, make_user):
    token = sign_in(client, make_user(email="hr@example.com", roles=("hr",)))
    fifty_thousand = csv_text(*(f"p{n}@example.com,P {n},X,,," for n in range(50_000))).encode()
    assert len(fifty_thousand) > app.config["MAX_CONTENT_LENGTH"]
    refused = upload(client, token, fifty_thousand)
    assert refused.status_code == 200 and "more than 20000 lines" in refused.text
    app.config["ROSTER_MAX_BYTES"] = 1024 * 1024
    too_large = upload(client, token, fifty_thousand * 2)
    assert too_large.status_code == 413 and "larger than 1 MB" in too_large.text
    assert list(db.session.execute(sa.select(User.email)).scalars()) == ["hr@example.com"]
