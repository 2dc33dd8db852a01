from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning import panels
from learning.courses import services as courses
from learning.errors import DomainError
from learning.familiarity import blueprint, explanation, forms, questionnaire, services
from learning.levels import level_label
from learning.security import person_required


@blueprint.route("/diagnostic", methods=["GET", "POST"])
@person_required
def diagnostic():
    questions = questionnaire.asked()
    form = forms.diagnostic_form(questions)
    if form.validate_on_submit():
        answers = {q.id: form[q.id].data for q in questionnaire.QUESTIONS}
        try:
            services.take_diagnostic(current_user, answers)
        except DomainError as error:
            flash(error.message, "error")
        else:
            return redirect(url_for("familiarity.result"))
    return render_template("familiarity/diagnostic.html", form=form, questions=questions)


@blueprint.get("/result")
@person_required
def result():
    history = services.history(current_user)
    if not history:
        flash(_("Answer the questionnaire first to find your level."), "info")
        return redirect(url_for("familiarity.diagnostic"))
    current = history[0]
    answered = services.latest_result(current_user)
    if answered is not None and not explanation.is_current(answered):
        answered = None
    choosing = current is answered and current.neighbour_level is not None
    return render_template(
        "familiarity/result.html",
        current=current,
        explanation=explanation.explain(current),
        answered=answered,
        scores=explanation.scores(answered) if answered else None,
        rule=explanation.rule(answered) if answered else None,
        choice_form=forms.LevelChoiceForm() if choosing else None,
        questionnaire=questionnaire,
        path=courses.get_path(current_user.level),
        history=history,
    )


@blueprint.post("/result/choice")
@person_required
def choose():
    form = forms.LevelChoiceForm()
    if not form.validate_on_submit():
        flash(_("Choose a level."), "error")
    else:
        try:
            services.choose_level(current_user, form.level.data)
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(
                _("Your level is now %(level)s.", level=level_label(current_user.level)), "success"
            )
    return redirect(url_for("familiarity.result"))


@panels.panel(blueprint, panels.DASHBOARD, "familiarity/_dashboard_panel.html", order=10)
def level_panel(user) -> dict:
    return {"questions": len(questionnaire.QUESTIONS)}


@panels.panel(blueprint, panels.PROFILE, "familiarity/_profile_panel.html", order=10)
def history_panel(user) -> dict:
    return {"history": services.history(user)}
