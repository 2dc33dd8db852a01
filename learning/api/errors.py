"""The API's one error shape, `{"error": {"code", "message"}}`, and its documentation.

`learning.errors` sends that shape for every error under /api/; here the OpenAPI document
says so. `ErrorResponses` documents, on every operation of every API blueprint, the
errors it can produce, so no view has to repeat them; a view documents only what is its
own (a 409, or a 404 that no path parameter explains) with `alt_response`.
"""

from apispec import BasePlugin
from flask_smorest import Api
from marshmallow import Schema, fields

from learning.errors import JSON_MAX_DEPTH, JSON_MAX_NUMBER_LENGTH

BEARER_SCHEME = "bearerAuth"


class ApiErrorDetailSchema(Schema):
    code = fields.String(
        required=True, metadata={"description": "What went wrong, for programs (snake_case)."}
    )
    message = fields.String(required=True, metadata={"description": "What went wrong, for people."})


class ApiErrorSchema(Schema):
    error = fields.Nested(ApiErrorDetailSchema, required=True)


def _error_response(description: str, headers: dict | None = None) -> dict:
    response = {"description": description, "content": {"application/json": {"schema": "ApiError"}}}
    if headers:
        response["headers"] = headers
    return response


WWW_AUTHENTICATE = {"description": "`Bearer`", "schema": {"type": "string"}}
RETRY_AFTER = {
    "description": "Seconds to wait before the limit lets requests through again.",
    "schema": {"type": "integer", "minimum": 1},
}

# status: (name of the shared response in the document, the response)
ERROR_RESPONSES = {
    400: (
        "BadRequest",
        _error_response(
            f"The request could not be read: malformed JSON, JSON nested more than "
            f"{JSON_MAX_DEPTH} levels deep or with a number of more than "
            f"{JSON_MAX_NUMBER_LENGTH} characters, text that is not UTF-8, or a NUL character."
        ),
    ),
    401: (
        "Unauthorized",
        _error_response(
            "No valid API token: send `Authorization: Bearer <token>`.",
            {"WWW-Authenticate": WWW_AUTHENTICATE},
        ),
    ),
    403: (
        "Forbidden",
        _error_response("The token's user does not hold a role this operation allows."),
    ),
    404: ("NotFound", _error_response("Nothing exists with this identifier.")),
    413: ("ContentTooLarge", _error_response("The body is larger than the API accepts.")),
    422: (
        "UnprocessableContent",
        _error_response("The body is JSON but not what this operation accepts."),
    ),
    429: (
        "TooManyRequests",
        _error_response("Too many requests with this token.", {"Retry-After": RETRY_AFTER}),
    ),
    503: (
        "ServiceUnavailable",
        _error_response("The database does not answer; try again in a moment."),
    ),
}


def expected_errors(path: str, operation: dict) -> list[int]:
    """The error statuses an operation can answer, whatever it does.

    Every operation needs a token and a role, is rate limited, refuses a NUL character
    anywhere and needs the database; a path parameter names something that may not exist;
    a body may be too large, unreadable or unacceptable.
    """
    statuses = [400, 401, 403, 429, 503]
    if "{" in path:
        statuses.append(404)
    if "requestBody" in operation:
        statuses.extend((413, 422))
    return sorted(statuses)


class ErrorResponses(BasePlugin):
    """Adds the errors of `expected_errors` to every operation, as shared responses."""

    def init_spec(self, spec) -> None:
        super().init_spec(spec)
        spec.components.schema("ApiError", schema=ApiErrorSchema)
        for name, response in ERROR_RESPONSES.values():
            spec.components.response(name, response)

    def operation_helper(self, path=None, operations=None, **kwargs) -> None:
        for operation in (operations or {}).values():
            responses = {str(status): doc for status, doc in operation.get("responses", {}).items()}
            for status in expected_errors(path, operation):
                # A view's own description of an error (a dict) is more precise than the
                # shared one; a bare reference flask-smorest adds by itself (the 422 of
                # `arguments`) gives way to it.
                if not isinstance(responses.get(str(status)), dict):
                    responses[str(status)] = ERROR_RESPONSES[status][0]
            operation["responses"] = dict(sorted(responses.items()))


class JsonApi(Api):
    """flask-smorest's Api, documenting the errors the application really sends."""

    ERROR_SCHEMA = ApiErrorSchema
    # Every status is documented where it can happen; a catch-all "default" response would
    # hide one that is not.
    DEFAULT_ERROR_RESPONSE_NAME = None


def spec_options() -> dict:
    """Bearer authentication for every operation, said once, and the error documentation."""
    return {
        "components": {"securitySchemes": {BEARER_SCHEME: {"type": "http", "scheme": "bearer"}}},
        "security": [{BEARER_SCHEME: []}],
        "extra_plugins": [ErrorResponses()],
    }
