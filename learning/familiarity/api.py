"""The diagnostic part of the JSON API: the questionnaire and the level it gives."""

from learning.api import feature_blueprint
from learning.api.auth import current_api_user, person
from learning.api.errors import ApiErrorSchema
from learning.familiarity import questionnaire
from learning.familiarity import services as familiarity
from learning.familiarity.outcome import outcome
from learning.familiarity.schemas import (
    DiagnosticAnswersSchema,
    DiagnosticResultSchema,
    DiagnosticSchema,
    LevelChoiceSchema,
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
    """The familiarity questionnaire, naming the social networks the company uses."""
    return {"questions": questionnaire.asked()}


@blueprint.post("/diagnostic")
@person
@blueprint.arguments(DiagnosticAnswersSchema)
@blueprint.response(200, DiagnosticResultSchema)
def take_diagnostic(body):
    """Answer the questionnaire; returns the level, why, whether it is borderline, and the
    path it leads to. Retakes are not limited."""
    assignment = familiarity.take_diagnostic(current_api_user(), body["answers"])
    return outcome(assignment)


@blueprint.post("/diagnostic/choice")
@person
@blueprint.arguments(LevelChoiceSchema)
@blueprint.response(200, DiagnosticResultSchema)
@blueprint.alt_response(
    409,
    schema=ApiErrorSchema,
    description="`nothing_to_choose`: the current level is not a borderline result (or the "
    "choice was made already).",
)
def choose_level(body):
    """After a borderline result, keep its level or take the neighbouring one; 422
    `not_offered` for any other level."""
    assignment = familiarity.choose_level(current_api_user(), body["level"])
    return outcome(assignment)
