"""The benchmark's yardstick: a bare Flask route that only answers the same 302 as the
tracked-link redirect, with the same headers and the same empty body, and touches
nothing else (benchmarks/redirect.py checks that both answers are alike)."""

import os

from flask import Flask, Response

app = Flask(__name__)
TARGET = os.environ["BENCH_TARGET"]
HEADERS = {
    "Location": TARGET,
    "Cache-Control": "private, no-store",
    "Vary": "Cookie",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}


@app.get("/s/<code>")
def bare_redirect(code: str):
    response = Response(b"", 302, headers=HEADERS)
    del response.headers["Content-Type"]  # the redirect sends none: it has no body
    return response
