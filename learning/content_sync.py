"""Loading the content folder (courses/): the company's settings (`company.yml`), the
courses and paths, the conduct guide, and the badges (`badges.yml`).

Every file is read first; only when nothing is wrong in any is anything written, so an
author sees every problem at once and a half-loaded catalogue never exists. The company's
settings are filled into the texts (`{{ company }}` and the like) before they are written.
"""

from pathlib import Path

from learning.badges import definitions as badge_definitions
from learning.company import loader as company_loader
from learning.company import services as company
from learning.conduct import loader as guide_loader
from learning.conduct import services as conduct
from learning.content import ContentError, Problem, SyncReport
from learning.courses import loader as course_loader
from learning.courses import services as courses


def sync(directory: str | Path, company_file: str | Path | None = None) -> SyncReport:
    """Check everything under `directory`, with the company's settings from `company_file`
    (by default `company.yml` in it), then write it. Adds and flushes; the caller commits,
    so that the whole load is one transaction.

    Invalid content raises ContentError listing the problems of every file, and writes
    nothing.
    """
    root = Path(directory)
    if not root.is_dir():
        raise ContentError([Problem(root, 1, "no such directory")])
    problems: list[Problem] = []
    settings = None
    try:
        settings = company_loader.load(
            Path(company_file) if company_file else root / company_loader.FILE_NAME
        )
    except ContentError as error:
        problems += error.problems
    try:
        catalogue = course_loader.load(root)
    except ContentError as error:
        problems += error.problems
    try:
        guides = guide_loader.load(root / "guide")
    except ContentError as error:
        problems += error.problems
    else:
        if settings is not None:
            guides = company.fill(guides, settings)
            problems += conduct.published_changes(guides, company.changed_settings(settings))
    if settings is not None and not problems:
        offered = {name for name, _purpose in settings.networks}
        problems += course_loader.nothing_left(catalogue, offered)
    badges = None
    try:
        known_courses = {course.slug for course in catalogue.courses} if not problems else None
        badges = badge_definitions.load(root, known_courses)
    except ContentError as error:
        problems += error.problems
    if problems:
        raise ContentError(problems)
    report = SyncReport()
    company.sync(settings, report)
    courses.sync_catalogue(
        company.fill(catalogue, settings), report, company.offered_network_names()
    )
    conduct.sync_guides(guides, report)
    if badges is not None:
        badge_definitions.sync(company.fill(badges, settings), report)
    return report
