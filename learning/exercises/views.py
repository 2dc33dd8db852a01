"""The draft exercise on its lesson's page: the form and the findings (a panel of the
lesson page), and the route that checks a draft."""

from flask import flash, g, redirect, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from learning import panels
from learning.company import services as company
from learning.courses import services as courses
from learning.errors import DomainError, NotFound
from learning.exercises import blueprint, forms, services
from learning.locales import SOURCE_LOCALE
from learning.networks import network_label
from learning.progress.views import lesson_page
from learning.security import person_required

# Where a submitted draft's form waits for the panel, when the page is shown again.
REFUSED_FORM = "exercises_draft_form"


def _locale() -> str:
    return str(get_locale() or SOURCE_LOCALE)


def _exercise(slug: str, key: str):
    """The active draft exercise at this address, or 404."""
    course = courses.get_course(slug)
    lesson = next((each for each in courses.active_lessons(course) if each.key == key), None)
    if lesson is None or not services.is_draft_exercise(lesson):
        raise NotFound(_("This lesson has no draft exercise."), code="not_a_draft_exercise")
    return lesson


@panels.panel(blueprint, panels.LESSON, "exercises/_draft_panel.html", order=10)
def draft_panel(user, lesson) -> dict | None:
    if lesson.exercise != services.DRAFT:
        return None
    networks = company.offered_networks(_locale())
    drafts = services.drafts_of(user, lesson)
    latest = drafts[0] if drafts else None
    form = g.pop(REFUSED_FORM, None)
    if form is None:
        # A draft that did not pass comes back in the form, to be fixed.
        again = latest is not None and not latest.passed
        first = networks[0].name if networks else None
        form = forms.DraftForm(
            formdata=None,
            network=latest.network if again else first,
            text=latest.text if again else "",
        )
    form.offer(networks)
    return {
        "lesson": lesson,
        "form": form,
        "latest": latest,
        "earlier": drafts[1:],
        "rules": services.RULES,
        "network_label": network_label,
        "limits": {network.name: network.text_limit for network in networks},
    }


@blueprint.post("/courses/<slug>/lessons/<key>/drafts")
@person_required
def submit(slug: str, key: str):
    lesson = _exercise(slug, key)
    form = forms.DraftForm()
    form.offer(company.offered_networks(_locale()))
    if not form.validate_on_submit():
        setattr(g, REFUSED_FORM, form)
        return lesson_page(slug, key)
    try:
        draft = services.submit_draft(current_user, lesson, form.network.data, form.text.data)
    except DomainError as error:
        target = form.network if error.code == "network_not_offered" else form.text
        target.errors = [*target.errors, error.message]
        setattr(g, REFUSED_FORM, form)
        return lesson_page(slug, key, error.status)
    if draft.passed:
        flash(_("Your draft passes the check: this exercise is done."), "success")
    else:
        flash(_("Your draft does not pass yet: see what to fix below."), "info")
    return redirect(url_for("progress.lesson", slug=slug, key=key, _anchor="draft-result"))
