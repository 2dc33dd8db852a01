"""What the features' JSON APIs under /api/v1 share.

Each feature declares its operations in its own `api.py`, on a flask-smorest Blueprint
made by `feature_blueprint`. The application factory hands them all to `register`, which
puts every one behind a bearer token (`auth`) and the per-token rate limit (`limits`),
outside CSRF protection (a token is not a cookie a browser sends on its own), and into the
OpenAPI document with the errors it can answer (`errors`).
"""

from collections.abc import Callable, Iterable

from flask import Flask, request
from flask_smorest import Blueprint

from learning.api.auth import authenticate
from learning.api.errors import JsonApi, spec_options
from learning.api.limits import api_rate_limit, rate_limit_key
from learning.extensions import csrf, limiter

URL_PREFIX = "/api/v1"

rest_api = JsonApi()


def feature_blueprint(name: str, import_name: str, description: str) -> Blueprint:
    """A feature's part of the API, under /api/v1, described in the OpenAPI document."""
    return Blueprint(name, import_name, url_prefix=URL_PREFIX, description=description)


def register(
    app: Flask, blueprints: Iterable[Blueprint], *, user_for_token: Callable[[str], object]
) -> None:
    """Serve these feature APIs, and the OpenAPI document describing them all.

    `user_for_token` gives the active user a token belongs to, or None.
    """
    rest_api.init_app(app, spec_kwargs=spec_options())
    names = set()
    for blueprint in blueprints:
        csrf.exempt(blueprint)
        limiter.limit(api_rate_limit, key_func=rate_limit_key)(blueprint)
        rest_api.register_blueprint(blueprint)
        names.add(blueprint.name)

    @app.before_request
    def authenticate_api_requests() -> None:
        if request.blueprint in names:
            authenticate(user_for_token)
