"""Badge pages: "My badges" (what the person holds, why, and what they are closest to),
a badge's own page, and the dashboard panel."""

from datetime import date

from flask import render_template, url_for
from flask_babel import format_date
from flask_login import current_user

from learning import panels
from learning.badges import blueprint, reconcile, services
from learning.badges.models import STATIC_FOLDER
from learning.security import person_required


def image_url(badge) -> str:
    return url_for("static", filename=f"{STATIC_FOLDER}/{badge.image}")


@blueprint.app_context_processor
def _badge_helpers() -> dict:
    return {
        "badge_image_url": image_url,
        "month_label": month_label,
    }


def month_label(month: str) -> str:
    """'2026-08' as the person's language writes a month: "August 2026"."""
    year, number = (int(part) for part in month.split("-"))
    return format_date(date(year, number, 1), "MMMM y")


@blueprint.get("/")
@person_required
def mine():
    reconcile.catch_up_if_stale()
    held = services.held_by(current_user)
    return render_template(
        "badges/mine.html",
        held=held,
        closest=services.closest(current_user),
        objector=current_user.level == "objector",
    )


@blueprint.get("/<slug>")
@person_required
def detail(slug: str):
    badge = services.get_badge(slug)
    held = next((h for h in services.held_by(current_user) if h.badge.id == badge.id), None)
    return render_template(
        "badges/detail.html", badge=badge, holders=services.holders(badge), held=held
    )


@panels.panel(blueprint, panels.DASHBOARD, "badges/_dashboard_panel.html", order=70)
def dashboard_panel(user) -> dict | None:
    held = services.held_by(user)
    return {"held": held[:4], "count": len(held)}
