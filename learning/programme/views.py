"""The programme's pages: its health (champions, HR, admins), the leaderboards (every
person), the events, and the candidate champions (HR, admins)."""

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from learning import panels
from learning.advocacy import objectives
from learning.advocacy.views import refused
from learning.database import parse_id
from learning.errors import DomainError
from learning.programme import blueprint, candidates, events, exports, forms, health, leaderboard
from learning.programme.models import CRITERIA
from learning.programme.points import WEIGHTS
from learning.security import person_required, roles_required
from learning.spreadsheets import csv_download

READERS = ("champion", "hr", "admin")
ORGANISERS = ("champion", "admin")
RATERS = ("hr", "admin")


# Health


@blueprint.get("/")
@roles_required(*READERS)
def overview():
    return render_template("programme/health.html", health=health.programme_health())


@blueprint.get("/health.json")
@roles_required(*READERS)
def health_data():
    """What the chart draws."""
    months = health.programme_health().months
    return jsonify(
        health={
            "labels": [month.starts_on.strftime("%Y-%m") for month in months],
            "active": [month.active for month in months],
            "first_time": [month.first_time for month in months],
            "lapsed": [month.lapsed for month in months],
            "events": [month.events for month in months],
        }
    )


@blueprint.get("/health.csv")
@roles_required(*READERS)
def health_export():
    text = exports.health_csv(health.programme_health())
    return csv_download(text, "programme-health.csv")


# Leaderboards


@blueprint.get("/leaderboard")
@person_required
def leaderboard_page():
    scope = request.args.get("scope", "overall")
    period = request.args.get("period", "month")
    error = None
    try:
        board = leaderboard.leaderboard(
            current_user,
            scope,
            period,
            objective_id=parse_id(request.args.get("objective_id")),
            department=request.args.get("department"),
        )
    except DomainError as refusal:
        # A bad choice: say so, and show the default board under it.
        error = refusal.message
        board = leaderboard.leaderboard(current_user)
    page = render_template(
        "programme/leaderboard.html",
        board=board,
        error=error,
        scopes=leaderboard.SCOPES,
        periods=leaderboard.PERIODS,
        weights=WEIGHTS,
        # An objector is never nudged to share: no prompt to climb the board.
        nudge=current_user.level != "objector",
        opt_in_form=forms.OptInForm(opted_in=current_user.leaderboard_opt_in),
    )
    return page, 400 if error else 200


@blueprint.post("/leaderboard/opt-in")
@person_required
def set_opt_in():
    form = forms.OptInForm()
    if form.validate_on_submit():
        leaderboard.set_opt_in(current_user, form.opted_in.data)
        if form.opted_in.data:
            flash(_("You are shown by name on the leaderboards."), "success")
        else:
            flash(_("You are no longer shown on the leaderboards; only you and HR see your row."))
    back = request.form.get("back")
    if back == "leaderboard":
        return redirect(url_for("programme.leaderboard_page"))
    return redirect(url_for("auth.profile"))


@panels.panel(blueprint, panels.PROFILE, "programme/_profile_panel.html", order=80)
def profile_panel(user) -> dict | None:
    return {"form": forms.OptInForm(opted_in=user.leaderboard_opt_in)}


# Events


@panels.panel(blueprint, panels.DASHBOARD, "programme/_dashboard_panel.html", order=70)
def dashboard_panel(user) -> dict | None:
    coming = events.upcoming_for(user)[:3]
    return {"events": coming, "kind_labels": events.KIND_LABELS} if coming else None


@blueprint.get("/events")
@person_required
def events_page():
    organiser = current_user.has_role(*ORGANISERS)
    coming, past = events.upcoming_and_past() if organiser else ([], [])
    return render_template(
        "programme/events.html",
        mine=events.upcoming_for(current_user),
        coming=coming,
        past=past,
        organiser=organiser,
        kind_labels=events.KIND_LABELS,
    )


@blueprint.route("/events/new", methods=["GET", "POST"])
@roles_required(*ORGANISERS)
def new_event():
    form = forms.EventForm(objectives=objectives.objectives(), departments=events.departments())
    if form.validate_on_submit():
        try:
            made = events.create_event(current_user, **form.values())
        except DomainError as error:
            refused(form, error)
        else:
            flash(
                ngettext(
                    "“%(title)s” is scheduled.",
                    "“%(title)s” is scheduled: %(num)d occurrences.",
                    len(made),
                    title=made[0].title,
                ),
                "success",
            )
            return redirect(url_for("programme.events_page"))
    return render_template("programme/event_form.html", form=form)


@blueprint.route("/events/<int:event_id>/attendance", methods=["GET", "POST"])
@roles_required(*ORGANISERS)
def attendance(event_id: int):
    event = events.get_event(event_id)
    if request.method == "POST":
        attended = [parse_id(value) for value in request.form.getlist("attended")]
        if None in attended:
            flash(_("Tick the people who attended."), "error")
        else:
            try:
                count = events.record_attendance(event, current_user, attended)
            except DomainError as error:
                flash(error.message, "error")
            else:
                message = ngettext(
                    "Attendance recorded: %(num)d person.",
                    "Attendance recorded: %(num)d people.",
                    count,
                )
                flash(message, "success")
        return redirect(url_for("programme.attendance", event_id=event.id))
    return render_template(
        "programme/attendance.html",
        event=event,
        people=events.audience_people(event),
        attended=events.attendee_ids(event),
        limit=events.ATTENDANCE_LIST_LIMIT,
        kind_labels=events.KIND_LABELS,
        audience_labels=events.AUDIENCE_LABELS,
    )


# Candidate champions


@blueprint.route("/candidates", methods=["GET", "POST"])
@roles_required(*RATERS)
def candidates_page():
    form = forms.RatingForm()
    if form.validate_on_submit():
        try:
            total = candidates.rate(current_user, form.candidate.data, form.scores())
        except DomainError as error:
            refused(form, error)
        else:
            flash(_("The rating is saved: %(total)d out of 12.", total=total), "success")
            return redirect(url_for("programme.candidates_page"))
    return render_template(
        "programme/candidates.html",
        form=form,
        ratings=candidates.ratings(),
        criteria=CRITERIA,
        criterion_labels=candidates.CRITERION_LABELS,
    )
