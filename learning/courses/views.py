"""The content as loaded, for the admin: the company's settings in use and the lessons due
for review (what `courses sync` also prints)."""

from flask import render_template

from learning.company import services as company
from learning.courses import blueprint, services
from learning.security import roles_required


@blueprint.get("/admin/content")
@roles_required("admin")
def content():
    return render_template(
        "courses/content.html",
        company_name=company.company_name(),
        networks=company.offered_networks(),
        confidential_terms=company.confidential_terms(),
        due=services.lessons_due_for_review(),
        review_months=services.REVIEW_MONTHS,
    )
