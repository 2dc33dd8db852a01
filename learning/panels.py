"""Pages made of panels that features contribute, so a page need not import every feature.

The dashboard and the profile show a card per feature (the path, the conduct guide, the
level history, later the badges and the shares). A feature registers its panel on the
application when its blueprint is registered; the page renders whatever was registered,
in order. A panel's `context` function gets the signed-in user (and, on a page about
one thing, that thing: the hub item on HUB_ITEM, the lesson on LESSON) and returns the
variables its template needs, or None to show nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Flask, current_app

DASHBOARD = "dashboard"
PROFILE = "profile"
# A hub item's page: the features above the hub (sharing) add what one can do with it.
HUB_ITEM = "hub_item"
# A lesson's page: the features above progress (exercises) add what the lesson asks for.
LESSON = "lesson"


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable[[Any], dict | None]
    order: int


@dataclass(frozen=True)
class RenderedPanel:
    template: str
    data: dict


def panel(blueprint: Blueprint, page: str, template: str, *, order: int = 100):
    """Decorate a context function to add its panel to `page` on every application the
    blueprint is registered on."""

    def decorator(context: Callable[[Any], dict | None]):
        def add(state) -> None:
            _registry(state.app).setdefault(page, []).append(Panel(template, context, order))

        blueprint.record_once(add)
        return context

    return decorator


def _registry(app: Flask) -> dict[str, list[Panel]]:
    return app.extensions.setdefault("learning.panels", {})


def render(page: str, user, *subjects) -> list[RenderedPanel]:
    panels = sorted(_registry(current_app).get(page, []), key=lambda item: item.order)
    rendered = []
    for item in panels:
        data = item.context(user, *subjects)
        if data is not None:
            rendered.append(RenderedPanel(item.template, data))
    return rendered
