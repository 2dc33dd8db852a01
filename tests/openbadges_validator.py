"""Run 1EdTech's Open Badges validator (the `openbadges` package) on one hosted assertion,
offline, and print its report as JSON.

    <validator python> tests/openbadges_validator.py ASSERTION_URL|BAKED.png [RECIPIENT_EMAIL]

It runs in an environment of its own (`.cache/openbadges-validator`, made by
`dev.py test`): the validator pins packages of 2017 (click 6.7, jsonschema 2.6) that
cannot live beside Flask 3, and three of its pins no longer import on Python 3.11
(pycryptodome 3.6.6, python-jose 3.0.1, pytz 2017.2: they use `collections.Mapping`
or Python 2 syntax), so that environment takes newer releases of those three.

Offline: every HTTP request the validator makes goes through `requests`; the JSON-LD
context `https://w3id.org/openbadges/v2` is answered from the copy the validator ships
(`openbadges.verifier.openbadges_context`), requests to the application under test (on
127.0.0.1) go through, and any other address is refused.
"""

import json
import sys
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests.models import Response

CONTEXT_URLS = {"https://w3id.org/openbadges/v2", "https://openbadgespec.org/v2/context.json"}
LOCAL_HOSTS = {"127.0.0.1", "localhost"}

_send = HTTPAdapter.send


def _answer(request, status: int, body: bytes, content_type: str) -> Response:
    response = Response()
    response.status_code = status
    response._content = body
    response.headers["Content-Type"] = content_type
    response.url = request.url
    response.request = request
    response.encoding = "utf-8"
    return response


def offline_send(self, request, *args, **kwargs):
    from openbadges.verifier.openbadges_context import OPENBADGES_CONTEXT_V2_DICT

    url = request.url.rstrip("/")
    if url in CONTEXT_URLS:
        body = json.dumps(OPENBADGES_CONTEXT_V2_DICT).encode()
        return _answer(request, 200, body, "application/ld+json")
    if urlsplit(url).hostname in LOCAL_HOSTS:
        return _send(self, request, *args, **kwargs)
    raise requests.ConnectionError(f"offline: no request to {request.url}")


def main() -> int:
    HTTPAdapter.send = offline_send
    import openbadges

    subject = sys.argv[1]
    recipient = {"email": sys.argv[2]} if len(sys.argv) > 2 else None
    # No cache: each run fetches what the application serves now.
    options = {"use_cache": False, "cache_backend": None}
    if subject.endswith(".png"):
        with open(subject, "rb") as baked:  # noqa: PTH123  (Python of the validator's own)
            result = openbadges.verify(baked, recipient, **options)
    else:
        result = openbadges.verify(subject, recipient, **options)
    json.dump(result, sys.stdout, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main())
