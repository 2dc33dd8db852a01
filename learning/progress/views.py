from flask import render_template
from flask_login import current_user

from learning.conduct import services as conduct
from learning.progress import blueprint, services
from learning.security import person_required


@blueprint.get("/")
@person_required
def dashboard():
    return render_template(
        "progress/dashboard.html",
        overview=services.path_overview(current_user),
        guide=conduct.status(current_user),
    )
