"""The roster import in the browser: upload, preview, confirm, result."""

import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from learning.database import utcnow
from learning.errors import DomainError
from learning.extensions import db
from learning.hr import blueprint, roster, roster_csv
from learning.hr.forms import RosterConfirmForm, RosterUploadForm
from learning.hr.roster_models import PendingRosterImport
from learning.security import roles_required


def _expiry():
    return utcnow() - timedelta(minutes=current_app.config["ROSTER_IMPORT_TTL_MINUTES"])


def _upload_page(form, error=None):
    return render_template(
        "hr/roster_import.html",
        form=form,
        error=error,
        max_lines=roster_csv.max_lines(),
        max_megabytes=roster_csv.max_bytes() // (1024 * 1024),
    )


@blueprint.url_value_preprocessor
def _roster_upload_limit(endpoint: str | None, _values: dict | None) -> None:
    """A roster file may be larger than the other forms' limit (MAX_CONTENT_LENGTH). Set
    here because URL preprocessors run before every `before_request`, and the CSRF check,
    one of those, reads the form; the file's own limit is checked again on its content."""
    if endpoint == "hr.roster_import":
        request.max_content_length = roster_csv.max_bytes() + 64 * 1024


@blueprint.errorhandler(RequestEntityTooLarge)
def _roster_too_large(_error):
    """Only the roster upload takes files on HR's pages: say what to do, on its page."""
    message = _(
        "The file is larger than %(size)d MB: split it, or send it through the API.",
        size=roster_csv.max_bytes() // (1024 * 1024),
    )
    return _upload_page(RosterUploadForm(formdata=None), message), 413


@blueprint.route("/roster/import", methods=["GET", "POST"])
@roles_required("hr", "admin")
def roster_import():
    form = RosterUploadForm()
    if not form.validate_on_submit():
        return _upload_page(form)
    try:
        text = roster_csv.decode(form.file.data.read(roster_csv.max_bytes() + 1))
        plan = roster.preview(text, whole_roster=form.whole_roster.data, by=current_user)
    except DomainError as error:
        return _upload_page(form, error.message)
    db.session.execute(
        sa.delete(PendingRosterImport).where(PendingRosterImport.created_at < _expiry())
    )
    pending = PendingRosterImport(
        key=secrets.token_urlsafe(32),
        user_id=current_user.id,
        file_name=(form.file.data.filename or "roster.csv")[:255],
        content=text,
        whole_roster=plan.whole_roster,
    )
    db.session.add(pending)
    return render_template(
        "hr/roster_preview.html",
        plan=plan,
        pending=pending,
        form=RosterConfirmForm(key=pending.key),
    )


@blueprint.post("/roster/import/confirm")
@roles_required("hr", "admin")
def roster_confirm():
    form = RosterConfirmForm()
    pending = None
    if form.validate_on_submit():
        pending = db.session.execute(
            sa.select(PendingRosterImport).where(
                PendingRosterImport.key == form.key.data,
                PendingRosterImport.user_id == current_user.id,
                PendingRosterImport.created_at >= _expiry(),
            )
        ).scalar_one_or_none()
    if pending is None:
        return _upload_page(
            RosterUploadForm(formdata=None),
            _(
                "This import is no longer waiting: it was applied already, or it expired. "
                "Upload the file again."
            ),
        )
    try:
        plan = roster.preview(pending.content, whole_roster=pending.whole_roster, by=current_user)
        counts = roster.apply(plan, by=current_user)
    except DomainError as error:
        db.session.rollback()
        return _upload_page(RosterUploadForm(formdata=None), error.message)
    file_name = pending.file_name
    db.session.delete(pending)
    return render_template("hr/roster_result.html", counts=counts, file_name=file_name)
