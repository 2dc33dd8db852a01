"""Pages made of panels that features contribute, so a page need not import every feature.

The dashboard and the profile show a card per feature (the path, the conduct guide, the
level history, later the badges and the shares). A feature registers its panel on the
application when its blueprint is registered; the page renders whatever was registered,
in order. A panel's `context` function gets the signed-in user and returns the variables
its template needs, or None to show nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Flask, current_app

DASHBOARD = "dashboard"
PROFILE = "profile"


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    context: Callable[[Any], dict | None]
    order: int = 100


@dataclass(frozen=True)
class RenderedPanel:
    name: str
    template: str
    data: dict


def contribute(blueprint: Blueprint, page: str, panel: Panel) -> None:
    """Add `panel` to `page` on every application the blueprint is registered on."""

    def add(state) -> None:
        _registry(state.app).setdefault(page, []).append(panel)

    blueprint.record_once(add)


def _registry(app: Flask) -> dict[str, list[Panel]]:
    return app.extensions.setdefault("learning.panels", {})


def render(page: str, user) -> list[RenderedPanel]:
    panels = sorted(_registry(current_app).get(page, []), key=lambda panel: panel.order)
    rendered = []
    for panel in panels:
        data = panel.context(user)
        if data is not None:
            rendered.append(RenderedPanel(panel.name, panel.template, data))
    return rendered
