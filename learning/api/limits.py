"""The API's rate limit: counted per token, so one busy client cannot slow the others."""

from flask import current_app, request

from learning.api.auth import bearer_token
from learning.auth import services as accounts


def rate_limit_key() -> str:
    token = bearer_token()
    return "token:" + accounts.digest(token) if token else "ip:" + (request.remote_addr or "")


def api_rate_limit() -> str:
    return current_app.config["API_RATE_LIMIT"]
