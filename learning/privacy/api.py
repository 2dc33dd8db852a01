"""The personal-data part of the JSON API: a person's own data, as the page gives it."""

from learning.api import feature_blueprint
from learning.api.auth import current_api_user, person
from learning.privacy import export, services
from learning.privacy.schemas import PersonalDataSchema

blueprint = feature_blueprint("privacy_api", __name__, "A person's own data.")


@blueprint.get("/me/data")
@person
@blueprint.response(200, PersonalDataSchema)
def my_data():
    """Everything the platform holds about the token's person (recorded in the audit)."""
    user = current_api_user()
    services.record_download(user, user)
    return export.personal_data(user)
