"""Practical exercises: a lesson that asks for a draft post, checked by the platform.

A draft is its author's alone: never shown to anyone else, part of their data download,
deleted when they are anonymised.
"""

from flask import Blueprint

blueprint = Blueprint("exercises", __name__)

from learning.exercises import views  # noqa: E402,F401  (registers the routes and the panel)
