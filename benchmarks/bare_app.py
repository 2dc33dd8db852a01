"""The benchmark's yardstick: a bare Flask route that only answers the same 302 as the
tracked-link redirect, with the same headers, and touches nothing else."""

import os

from flask import Flask, redirect

app = Flask(__name__)
TARGET = os.environ["BENCH_TARGET"]


@app.get("/s/<code>")
def bare_redirect(code: str):
    response = redirect(TARGET, 302)
    response.headers["Cache-Control"] = "private, no-store"
    return response
