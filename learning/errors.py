"""Errors a user can cause, and how they are shown: an HTML page or the API's JSON shape."""

import io
import math
import time
from http import HTTPStatus

import sqlalchemy as sa
from flask import Flask, Request, current_app, g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_limiter import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import BadRequest, HTTPException
from werkzeug.formparser import FormDataParser

from learning.extensions import limiter


class DomainError(Exception):
    """A rule of the product refused the request; nothing was written."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        if status:
            self.status = status


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Invalid(DomainError):
    status = 422
    code = "validation_error"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class UndecodableBody(BadRequest):
    """A form body that is not UTF-8 text."""


class _Utf8FormDataParser(FormDataParser):
    # Werkzeug silently drops an undecodable form body, leaving an empty form that a
    # form prefilled from the database would then accept as a submission: refuse it.
    def _parse_urlencoded(self, stream, mimetype, content_length, options):
        body = stream.read()
        try:
            body.decode()
        except UnicodeDecodeError:
            raise UndecodableBody() from None
        return super()._parse_urlencoded(io.BytesIO(body), mimetype, content_length, options)


class NulCharacter(BadRequest):
    description = _l("A NUL character is not allowed in any text.")


def refuse_nul_characters() -> None:
    """No text a person sends may hold NUL: PostgreSQL refuses it, and it means nothing."""
    values = [request.path, *request.args.values()]
    if request.mimetype in {"application/x-www-form-urlencoded", "multipart/form-data"}:
        values.extend(request.form.values())
    if any("\x00" in value for value in values) or (
        request.is_json and b"\\u0000" in request.get_data()
    ):
        raise NulCharacter()


class Utf8Request(Request):
    form_data_parser_class = _Utf8FormDataParser


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def _status_code_name(status: int) -> str:
    try:
        return HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
    except ValueError:
        return "error"


def _http_message(error: HTTPException) -> str:
    if error.code == 401:
        return _("Authentication required: send a valid API token as 'Authorization: Bearer'.")
    if error.code == 403:
        return _("You do not have the role this requires.")
    if error.code == 404:
        return _("Nothing exists at this address.")
    if error.code == 405:
        return _("This method is not allowed here.")
    if error.code == 413:
        return _("The request is too large.")
    if error.code == 429:
        return _("Too many requests; please wait a moment and try again.")
    data = getattr(error, "data", None) or {}
    messages = data.get("messages")
    if messages:
        return _("Invalid request: %(details)s", details=_flatten_messages(messages))
    return str(error.description or HTTPStatus(error.code).phrase)


def _flatten_messages(messages, prefix: str = "") -> str:
    parts = []
    if isinstance(messages, dict):
        for key, value in messages.items():
            # webargs nests messages under the location (json, query...): leave that out.
            name = prefix if key in {"json", "query", "form", "headers"} else f"{prefix}{key}"
            if key == "_schema":
                name = "body"
            parts.append(_flatten_messages(value, f"{name}." if name else ""))
    elif isinstance(messages, list):
        parts.append(", ".join(str(m) for m in messages))
        return f"{prefix.rstrip('.')}: {parts[0]}" if prefix else parts[0]
    else:
        return f"{prefix.rstrip('.')}: {messages}" if prefix else str(messages)
    return "; ".join(p for p in parts if p)


def json_error(status: int, code: str, message: str):
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status
    return response


def _render(status: int, title: str, message: str):
    return render_template("errors/error.html", status=status, title=title, message=message), status


def database_unavailable(error: sa.exc.DBAPIError) -> bool:
    """The database cannot serve the request right now (unreachable, connection lost,
    busy), as opposed to a mistake in a query."""
    return error.connection_invalidated or isinstance(
        error, sa.exc.OperationalError | sa.exc.InterfaceError
    )


def database_unavailable_response():
    # Answered as to nobody: the signed-in person cannot be read from a database that
    # does not answer, and neither the language choice nor the page may try (Flask-Login
    # keeps the request's user in `g`).
    g._login_user = current_app.login_manager.anonymous_user()
    message = _("The database does not answer right now; please try again in a moment.")
    if _wants_json():
        return json_error(503, "database_unavailable", message)
    return _render(503, _("Service unavailable"), message)


def register_error_handlers(app: Flask) -> None:
    app.before_request(refuse_nul_characters)

    @app.errorhandler(DomainError)
    def handle_domain_error(error: DomainError):
        if _wants_json():
            response = json_error(error.status, error.code, error.message)
            if error.status == 401:
                response.headers["WWW-Authenticate"] = "Bearer"
            return response
        return _render(error.status, HTTPStatus(error.status).phrase, error.message)

    @app.errorhandler(CSRFError)
    def handle_csrf_error(error: CSRFError):
        message = _("The form was out of date or not sent from this site. Reload it and try again.")
        if _wants_json():
            return json_error(400, "csrf_failed", message)
        return _render(400, _("Form expired"), message)

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException):
        status = error.code or 500
        message = _http_message(error)
        if _wants_json():
            code = "rate_limited" if status == 429 else _status_code_name(status)
            if status == 422:
                code = "validation_error"
            return json_error(status, code, message)
        return _render(status, HTTPStatus(status).phrase, message)

    @app.errorhandler(sa.exc.DBAPIError)
    def handle_database_error(error: sa.exc.DBAPIError):
        if not database_unavailable(error):
            raise error
        return database_unavailable_response()

    @app.errorhandler(UndecodableBody)
    @app.errorhandler(UnicodeDecodeError)
    def handle_undecodable(error: Exception):
        message = _("The request is not valid UTF-8 text.")
        if _wants_json():
            return json_error(400, "invalid_encoding", message)
        return _render(400, _("Bad request"), message)

    @app.errorhandler(RateLimitExceeded)
    def handle_rate_limited(error: RateLimitExceeded):
        response = app.make_response(handle_http_error(error))
        # The limit that refused the request says when it lets requests through again.
        seconds = math.ceil(limiter.current_limit.window.reset_time - time.time())
        response.headers["Retry-After"] = str(max(1, seconds))
        return response
