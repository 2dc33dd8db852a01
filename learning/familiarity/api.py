"""The diagnostic part of the JSON API: the questionnaire and the level it gives."""

from learning.api import feature_blueprint
from learning.api.auth import current_api_user, person
from learning.familiarity import questionnaire
from learning.familiarity import services as familiarity
from learning.familiarity.outcome import outcome
from learning.familiarity.schemas import (
    DiagnosticAnswersSchema,
    DiagnosticResultSchema,
    DiagnosticSchema,
)

blueprint = feature_blueprint(
    "familiarity_api",
    __name__,
    "The familiarity questionnaire and the level it places a person at.",
)


@blueprint.get("/diagnostic")
@person
@blueprint.response(200, DiagnosticSchema)
def diagnostic_questions():
    """The familiarity questionnaire."""
    return {"questions": questionnaire.QUESTIONS}


@blueprint.post("/diagnostic")
@person
@blueprint.arguments(DiagnosticAnswersSchema)
@blueprint.response(200, DiagnosticResultSchema)
def take_diagnostic(body):
    """Answer the questionnaire; returns the level, why, and the path it leads to.
    Retakes are not limited."""
    assignment = familiarity.take_diagnostic(current_api_user(), body["answers"])
    return outcome(assignment)
