"""The API's rate limit: counted per token, so one busy client cannot slow the others."""

import hashlib

from flask import current_app, request

from learning.api.auth import bearer_token


def rate_limit_key() -> str:
    # The limiter's storage keeps a hash of the token, never the token itself.
    token = bearer_token()
    if token:
        return "token:" + hashlib.sha256(token.encode()).hexdigest()
    return "ip:" + (request.remote_addr or "")


def api_rate_limit() -> str:
    return current_app.config["API_RATE_LIMIT"]
