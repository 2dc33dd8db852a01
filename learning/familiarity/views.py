from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning import panels
from learning.courses import services as courses
from learning.errors import DomainError
from learning.familiarity import blueprint, forms, questionnaire, services
from learning.security import person_required


@blueprint.route("/diagnostic", methods=["GET", "POST"])
@person_required
def diagnostic():
    form = forms.diagnostic_form()
    if form.validate_on_submit():
        answers = {q.id: form[q.id].data for q in questionnaire.QUESTIONS}
        try:
            services.take_diagnostic(current_user, answers)
        except DomainError as error:
            flash(error.message, "error")
        else:
            return redirect(url_for("familiarity.result"))
    return render_template(
        "familiarity/diagnostic.html", form=form, questions=questionnaire.QUESTIONS
    )


@blueprint.get("/result")
@person_required
def result():
    assignment = services.latest_diagnostic(current_user)
    if assignment is None and current_user.level is None:
        flash(_("Answer the questionnaire first to find your level."), "info")
        return redirect(url_for("familiarity.diagnostic"))
    history = services.history(current_user)
    current = history[0]
    return render_template(
        "familiarity/result.html",
        current=current,
        explanation=services.explanation(current),
        diagnostic=assignment,
        rule=questionnaire.RULES[assignment.scores["rule"] - 1] if assignment else None,
        rules=questionnaire.RULES,
        score_ranges=questionnaire.SCORE_RANGES,
        score_descriptions=questionnaire.SCORE_DESCRIPTIONS,
        path=courses.get_path(current_user.level),
        history=history,
    )


@panels.panel(blueprint, panels.DASHBOARD, "familiarity/_dashboard_panel.html", order=10)
def level_panel(user) -> dict:
    return {}


@panels.panel(blueprint, panels.PROFILE, "familiarity/_profile_panel.html", order=10)
def history_panel(user) -> dict:
    return {"history": services.history(user)}
