"""Errors a user can cause, and how they are shown: an HTML page or the API's JSON shape."""

import io
import json
import math
import time
from http import HTTPStatus

import sqlalchemy as sa
from flask import Flask, Request, current_app, g, jsonify, render_template, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_limiter import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import BadRequest, HTTPException
from werkzeug.formparser import FormDataParser, MultiPartParser

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


# What an error message may repeat of a request: a few of the faults it found, each of a
# bounded length, so that a body of a hundred thousand unknown keys is not sent back.
MESSAGE_ITEMS = 10
ECHO_CHARACTERS = 40


def echo(value: object) -> str:
    """Something a request sent, as an error message may repeat it: cut to ECHO_CHARACTERS."""
    text = str(value)
    return text if len(text) <= ECHO_CHARACTERS else text[: ECHO_CHARACTERS - 1] + "…"


def problem_list(problems: list[str]) -> str:
    """The problems as one message, naming at most MESSAGE_ITEMS of them."""
    text = "; ".join(problems[:MESSAGE_ITEMS])
    hidden = len(problems) - MESSAGE_ITEMS
    if hidden > 0:
        text += "; " + ngettext("and %(num)d more problem", "and %(num)d more problems", hidden)
    return text


class UndecodableBody(BadRequest):
    """A body, form or JSON, that is not UTF-8 text."""


class _Utf8MultiPartParser(MultiPartParser):
    """Multipart text fields decoded as UTF-8, like url-encoded ones, and refused when they
    are not: Werkzeug would replace what it cannot decode with U+FFFD and carry on."""

    def get_part_charset(self, headers) -> str:
        # Latin-1 maps every byte to one character, so `parse` gets the bytes back intact.
        return "latin-1"

    def parse(self, stream, boundary, content_length):
        form, files = super().parse(stream, boundary, content_length)
        try:
            fields = [
                (name, value.encode("latin-1").decode()) for name, value in form.items(multi=True)
            ]
        except UnicodeDecodeError:
            raise UndecodableBody() from None
        return self.cls(fields), files


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

    def _parse_multipart(self, stream, mimetype, content_length, options):
        parser = _Utf8MultiPartParser(
            stream_factory=self.stream_factory,
            max_form_memory_size=self.max_form_memory_size,
            max_form_parts=self.max_form_parts,
            cls=self.cls,
        )
        boundary = options.get("boundary", "").encode("ascii")
        if not boundary:
            raise ValueError("Missing boundary")
        form, files = parser.parse(stream, boundary, content_length)
        return stream, form, files


class NulCharacter(BadRequest):
    description = _l("A NUL character is not allowed in any text.")


def refuse_nul_characters() -> None:
    """No text a person sends may hold NUL: PostgreSQL refuses it, and it means nothing.
    Headers too: the sign-in keeps the User-Agent."""
    values = [request.path, *request.headers.values()]
    values.extend(value for _key, value in request.args.items(multi=True))
    if request.mimetype in {"application/x-www-form-urlencoded", "multipart/form-data"}:
        values.extend(value for _key, value in request.form.items(multi=True))
    if any("\x00" in value for value in values) or (
        request.is_json and b"\\u0000" in request.get_data()
    ):
        raise NulCharacter()


# The JSON a request may send: deeper nesting, or a longer number, is no request of this
# application's, and the standard parser would recurse or convert without bound (Python
# refuses integers of more than 4,300 digits with a ValueError of its own).
JSON_MAX_DEPTH = 32
JSON_MAX_NUMBER_LENGTH = 100


class UnreadableJson(BadRequest):
    """A JSON body that is malformed, too deep, or holds a number out of reach."""


def _number(convert):
    def read(text: str) -> int | float:
        if len(text) > JSON_MAX_NUMBER_LENGTH:
            raise UnreadableJson(
                _l(
                    "A number in the JSON body is longer than %(count)d characters.",
                    count=JSON_MAX_NUMBER_LENGTH,
                )
            )
        value = convert(text)
        if isinstance(value, float) and not math.isfinite(value):
            raise UnreadableJson(_l("A number in the JSON body is too large."))
        return value

    return read


def _not_json(name: str):
    raise UnreadableJson(_l("%(name)s is not a JSON value.", name=name))


def _depth_at_most(value, limit: int) -> bool:
    # Walked with a stack, not recursion: the point is to refuse what would exhaust it.
    stack = [(value, 1)] if isinstance(value, dict | list) else []
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return False
        children = node.values() if isinstance(node, dict) else node
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return True


def read_json(data: bytes | str):
    """A JSON body, read strictly: UTF-8, nested at most JSON_MAX_DEPTH deep, numbers of at
    most JSON_MAX_NUMBER_LENGTH characters, no NaN or Infinity. Anything else is a 400."""
    try:
        text = data.decode() if isinstance(data, bytes) else data
    except UnicodeDecodeError:
        raise UndecodableBody() from None
    # Lazy texts: this also reads the session cookie, before the language is known.
    too_deep = _l("The JSON body is nested more than %(count)d levels deep.", count=JSON_MAX_DEPTH)
    try:
        value = json.loads(
            text,
            parse_int=_number(int),
            parse_float=_number(float),
            parse_constant=_not_json,
        )
    except RecursionError:
        raise UnreadableJson(too_deep) from None
    except json.JSONDecodeError as error:
        raise UnreadableJson(
            _l(
                "The body is not valid JSON: %(reason)s (character %(position)d).",
                reason=error.msg,
                position=error.pos,
            )
        ) from None
    if not _depth_at_most(value, JSON_MAX_DEPTH):
        raise UnreadableJson(too_deep)
    return value


class StrictJsonProvider(DefaultJSONProvider):
    """Flask's JSON, reading with `read_json`; what it writes is unchanged."""

    def loads(self, s: str | bytes) -> object:
        return read_json(s)


def refuse_unreadable_json() -> None:
    """Read a JSON body strictly before any view does: the API's argument parser reads it
    again with the standard module, which is safe only once this has accepted it."""
    if request.is_json and request.get_data():
        request.get_json()


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
        details = problem_list(list(_message_parts(messages)))
        return _("Invalid request: %(details)s", details=details)
    return str(error.description or HTTPStatus(error.code).phrase)


# webargs files each message under the part of the request it read: not a field name.
WEBARGS_LOCATIONS = {"json", "query", "form", "headers"}


def _message_parts(messages, path: tuple[str, ...] = ()):
    """Each message of a webargs (marshmallow) error tree, as 'field.path: message'; a
    field name the request made up is cut short (`echo`)."""
    if isinstance(messages, dict):
        for key, nested in messages.items():
            if key in WEBARGS_LOCATIONS:
                yield from _message_parts(nested, path)
            elif key == "_schema":
                yield from _message_parts(nested, path or ("body",))
            else:
                yield from _message_parts(nested, (*path, echo(key)))
        return
    text = ", ".join(str(m) for m in messages) if isinstance(messages, list) else str(messages)
    yield f"{'.'.join(path)}: {text}" if path else text


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
    # A request's JSON is read through `app.json` (Flask sets it on every request).
    app.json = StrictJsonProvider(app)
    app.before_request(refuse_nul_characters)
    app.before_request(refuse_unreadable_json)

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

    @app.errorhandler(UnreadableJson)
    def handle_unreadable_json(error: UnreadableJson):
        if _wants_json():
            return json_error(400, "invalid_json", str(error.description))
        return _render(400, _("Bad request"), str(error.description))

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
