"""The personal-data page and download, the anonymisation form, and the privacy audit."""

import json
from datetime import UTC

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning.errors import DomainError
from learning.privacy import blueprint, export, forms, services
from learning.security import person_required, roles_required
from learning.spreadsheets import csv_download, csv_text

HR = ("hr", "admin")


def action_label(action: str) -> str:
    return {"download": _("Data downloaded"), "anonymisation": _("Anonymised")}.get(action, action)


@blueprint.get("/my-data")
@person_required
def my_data():
    return render_template("privacy/my_data.html")


@blueprint.get("/my-data.json")
@person_required
def my_data_json():
    services.record_download(current_user, current_user)
    document = export.personal_data(current_user)
    return Response(
        json.dumps(document, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={
            "Content-Disposition": 'attachment; filename="my-data.json"',
            "Cache-Control": "private, no-store",
        },
    )


@blueprint.route("/anonymise", methods=["GET", "POST"])
@roles_required(*HR)
def anonymise():
    form = forms.AnonymiseForm(people=services.leavers())
    if form.validate_on_submit():
        try:
            person = services.anonymise(current_user, form.person.data, form.reason.data)
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(_("%(name)s is anonymised.", name=person.name), "success")
            return redirect(url_for("privacy.audit"))
    return render_template("privacy/anonymise.html", form=form)


@blueprint.get("/audit")
@roles_required(*HR)
def audit():
    return render_template(
        "privacy/audit.html", rows=services.audit_rows(), action_label=action_label
    )


@blueprint.get("/audit.csv")
@roles_required(*HR)
def audit_csv():
    header = [_("When (UTC)"), _("Action"), _("By"), _("Person"), _("Reason")]
    rows = [
        (
            row.created_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M"),
            action_label(row.action),
            row.actor,
            f"{row.subject} (#{row.subject_id})",
            row.reason,
        )
        for row in services.audit_rows()
    ]
    return csv_download(csv_text([header, *rows]), "privacy-audit.csv")
