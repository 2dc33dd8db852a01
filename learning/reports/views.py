from flask import render_template, request

from learning.reports import blueprint, services
from learning.security import roles_required


@blueprint.get("/employees")
@roles_required("hr", "admin")
def employees():
    department = request.args.get("department", "").strip()[:120] or None
    search = request.args.get("q", "").strip()[: services.SEARCH_MAX_LENGTH] or None
    page = request.args.get("page", 1, type=int)
    return render_template(
        "reports/employees.html",
        listing=services.employees(page=page, department=department, search=search),
        department=department,
        search=search or "",
    )
