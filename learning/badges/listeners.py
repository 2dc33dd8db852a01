"""Badges earned the moment something happens: the learning milestones and shares.

The receivers run after the action's commit (see `learning.signals`), and what they
write is a unit of work of its own: a learner's action never waits on a badge, and a
badge never undoes it."""

from learning import signals
from learning.badges import rules, services


def _evaluate(kinds):
    def receiver(user, **_details) -> None:
        services.evaluate(user, kinds)

    return receiver


# Kept at module level: blinker holds receivers weakly.
on_guide_acknowledged = _evaluate(("guide_acknowledged",))
on_course_completed = _evaluate(("course_completed",))
on_path_completed = _evaluate(("path_completed",))
on_item_shared = _evaluate(rules.SHARING_KINDS)

signals.guide_acknowledged.connect(on_guide_acknowledged)
signals.course_completed.connect(on_course_completed)
signals.path_completed.connect(on_path_completed)
signals.item_shared.connect(on_item_shared)
