"""The tracked-link redirect served before Flask's request machinery.

Every reader of every shared post goes through `/s/{code}`, so its cost is the
product's. Through Flask, the request would pass the application-wide hooks (rate
limiting, security headers, body checks, the unit of work) that a redirect has no use
for, and they cost as much as the redirect's own work (benchmarks/redirect.py). This
WSGI middleware answers the common case, a link that leads somewhere, itself: the same
`tracking.follow` as the `sharing.redirect` view (one lookup, one insert, committed
before the answer), with the headers the application sets on every response. Anything
else (an unknown code, an item withdrawn, another method, plain HTTP when the site is
HTTPS only, a database that does not answer) goes on to Flask, whose view answers it
with the friendly pages and the usual error handling.
"""

from http.cookies import SimpleCookie

import sqlalchemy as sa
from flask import Flask
from itsdangerous import BadSignature

from learning.extensions import talisman
from learning.sharing import tracking
from learning.sharing.redirect_engine import shelf

PREFIX = "/s/"


class TrackedLinks:
    def __init__(self, app: Flask, wsgi_app):
        self.app = app
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "")
        if not path.startswith(PREFIX) or method not in ("GET", "HEAD"):
            return self.wsgi_app(environ, start_response)
        secure = _is_secure(environ)
        if self.app.config["HTTPS"] and not secure:
            return self.wsgi_app(environ, start_response)  # Flask sends it to HTTPS
        code = path[len(PREFIX) :]  # PATH_INFO comes decoded
        try:
            outcome = tracking.follow(
                self.app,
                code,
                method,
                environ.get("HTTP_USER_AGENT", ""),
                self._signed_in_person(environ),
                environ.get("REMOTE_ADDR"),
            )
        except (sa.exc.DBAPIError, shelf(self.app).error):
            outcome = None  # the view follows the link again, on a fresh connection
        if outcome is None or outcome.status != 302:
            if outcome is not None:  # the view answers it without following the link again
                environ[tracking.OUTCOME_KEY] = outcome
            return self.wsgi_app(environ, start_response)
        start_response("302 FOUND", self._headers(outcome.target, secure))
        return [b""]

    def _headers(self, target: str, secure: bool) -> list[tuple[str, str]]:
        headers = [
            ("Location", target),
            ("Content-Length", "0"),
            # Never kept by a cache, so that a repeated click comes back to be counted.
            ("Cache-Control", "private, no-store"),
            ("Vary", "Cookie"),
            ("Referrer-Policy", talisman.referrer_policy),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
        ]
        if self.app.config["HTTPS"] and secure and talisman.strict_transport_security:
            value = f"max-age={talisman.strict_transport_security_max_age}"
            if talisman.strict_transport_security_include_subdomains:
                value += "; includeSubDomains"
            headers.append(("Strict-Transport-Security", value))
        return headers

    def _signed_in_person(self, environ) -> int | None:
        """The person id the signed session cookie holds; read without the database."""
        header = environ.get("HTTP_COOKIE")
        name = self.app.config["SESSION_COOKIE_NAME"]
        if not header or name not in header:
            return None
        cookie = SimpleCookie()
        try:
            cookie.load(header)
        except Exception:  # noqa: BLE001 - an unreadable cookie is no person's
            return None
        if name not in cookie:
            return None
        serializer = self.app.session_interface.get_signing_serializer(self.app)
        max_age = int(self.app.permanent_session_lifetime.total_seconds())
        try:
            data = serializer.loads(cookie[name].value, max_age=max_age)
        except BadSignature:
            return None
        person = data.get(tracking.PERSON_KEY) if isinstance(data, dict) else None
        return person if isinstance(person, int) else None


def _is_secure(environ) -> bool:
    return (
        environ.get("wsgi.url_scheme") == "https"
        or environ.get("HTTP_X_FORWARDED_PROTO", "http") == "https"
    )
