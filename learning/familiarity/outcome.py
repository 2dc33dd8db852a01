"""A diagnostic's outcome as the learner is told it: what the API's diagnostic operation
sends, read through the familiarity services."""

from dataclasses import dataclass

from learning.courses import services as courses
from learning.familiarity import questionnaire
from learning.familiarity.explanation import explanation
from learning.familiarity.models import LevelAssignment


@dataclass(frozen=True)
class PathRef:
    """A learning path by its slug, with the slugs of the courses it offers, in order."""

    slug: str
    courses: list[str]


@dataclass(frozen=True)
class DiagnosticOutcome:
    """The level, why, the scores, whether the result was borderline and its neighbouring
    level, and the path the level leads to (none before the courses are loaded)."""

    assignment: LevelAssignment
    path: PathRef | None

    @property
    def level(self) -> str:
        return self.assignment.level

    @property
    def explanation(self) -> str:
        return explanation(self.assignment)

    @property
    def scores(self) -> dict[str, int]:
        return {name: self.assignment.scores[name] for name in questionnaire.SCORES}

    @property
    def borderline(self) -> bool:
        return self.assignment.neighbour_level is not None

    @property
    def neighbouring_level(self) -> str | None:
        return self.assignment.neighbour_level


def outcome(assignment: LevelAssignment) -> DiagnosticOutcome:
    path = courses.get_path(assignment.level)
    if path is None:
        return DiagnosticOutcome(assignment, None)
    offered = [step.course.slug for step in courses.steps_for(assignment.user, path)]
    return DiagnosticOutcome(assignment, PathRef(path.level, offered))
