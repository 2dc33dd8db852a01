"""Why a person has their level, in sentences built from their own answers and scores."""

from dataclasses import dataclass, field

from flask_babel import gettext as _

from learning.familiarity import questionnaire
from learning.familiarity.models import QUESTIONNAIRE, LevelAssignment
from learning.levels import level_label


@dataclass(frozen=True)
class Explanation:
    summary: str
    # What the person's answers say about them.
    reasons: list[str] = field(default_factory=list)
    # Which neighbouring level one point on which score would give.
    borderline: str | None = None

    def __str__(self) -> str:
        return " ".join([self.summary, *self.reasons, *filter(None, [self.borderline])])


def is_current(assignment: LevelAssignment) -> bool:
    """Whether the assignment holds a result of this questionnaire (an earlier one asked
    other questions, and its scores mean other things)."""
    scores = assignment.scores or {}
    return scores.get("version") == questionnaire.VERSION


def rule(assignment: LevelAssignment) -> questionnaire.Rule:
    return questionnaire.RULES[assignment.scores["rule"] - 1]


def scores(assignment: LevelAssignment) -> dict[str, int]:
    return {name: assignment.scores[name] for name in questionnaire.SCORES}


def explain(assignment: LevelAssignment) -> Explanation:
    level = level_label(assignment.level)
    if assignment.source == "override":
        return Explanation(
            _("HR set your level to %(level)s: %(reason)s", level=level, reason=assignment.reason)
        )
    if not is_current(assignment):
        if assignment.source in QUESTIONNAIRE:
            return Explanation(
                _(
                    "Your level comes from an earlier version of the questionnaire: retake it "
                    "to see why you are at this level."
                )
            )
        return Explanation(_("Your level was set to %(level)s.", level=level))
    decided = rule(assignment)
    reasons = questionnaire.statements(
        assignment.answers, decided, assignment.scores.get("networks")
    )
    other = level_label(assignment.neighbour_level)
    if assignment.source == "confirmed":
        summary = _(
            "You kept the %(level)s path after a result close to %(other)s.",
            level=level,
            other=other,
        )
        return Explanation(summary, reasons)
    if assignment.source == "chosen":
        summary = _(
            "You chose the %(level)s path; the questionnaire placed you at %(other)s, close to it.",
            level=level,
            other=other,
        )
        return Explanation(summary, reasons)
    return Explanation(str(decided.description), reasons, _borderline(assignment))


def _borderline(assignment: LevelAssignment) -> str | None:
    neighbour = questionnaire.neighbour(scores(assignment))
    if assignment.neighbour_level is None or neighbour is None:
        return None
    values = {
        "score": questionnaire.SCORE_LABELS[neighbour.score],
        "level": level_label(neighbour.level),
    }
    if neighbour.step > 0:
        return _(
            "Your result is borderline: one point more on the %(score)s score would give "
            "%(level)s.",
            **values,
        )
    return _(
        "Your result is borderline: one point less on the %(score)s score would give %(level)s.",
        **values,
    )


def explanation(assignment: LevelAssignment) -> str:
    """Why this level, as one paragraph."""
    return str(explain(assignment))
