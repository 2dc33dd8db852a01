"""Loading the content folder (courses/): the courses and paths, the conduct guide, and the
badges (`badges.yml`).

Both features read their files first; only when nothing is wrong in either is anything
written, so an author sees every problem at once and a half-loaded catalogue never exists.
"""

from pathlib import Path

from learning.badges import definitions as badge_definitions
from learning.conduct import loader as guide_loader
from learning.conduct import services as conduct
from learning.content import ContentError, Problem, SyncReport
from learning.courses import loader as course_loader
from learning.courses import services as courses


def sync(directory: str | Path) -> SyncReport:
    """Check everything under `directory`, then write it. Adds and flushes; the caller
    commits, so that the whole load is one transaction.

    Invalid content raises ContentError listing the problems of every file, and writes
    nothing.
    """
    root = Path(directory)
    if not root.is_dir():
        raise ContentError([Problem(root, 1, "no such directory")])
    problems: list[Problem] = []
    try:
        catalogue = course_loader.load(root)
    except ContentError as error:
        problems += error.problems
    try:
        guides = guide_loader.load(root / "guide")
    except ContentError as error:
        problems += error.problems
    else:
        problems += conduct.published_changes(guides)
    badges = None
    try:
        known_courses = {course.slug for course in catalogue.courses} if not problems else None
        badges = badge_definitions.load(root, known_courses)
    except ContentError as error:
        problems += error.problems
    if problems:
        raise ContentError(problems)
    report = SyncReport()
    courses.sync_catalogue(catalogue, report)
    conduct.sync_guides(guides, report)
    if badges is not None:
        badge_definitions.sync(badges, report)
    return report
