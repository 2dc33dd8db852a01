"""Everything the platform holds about one person, as one JSON document.

`EXPORTED` and `LEFT_OUT` name every column that refers to a person (a foreign key to
`users.id`); a test checks that every such column of every table is in one of them, so
a new table cannot be forgotten. Each section reads one table: the query count does not
grow with the person's history.
"""

from datetime import date, datetime

import sqlalchemy as sa

from learning.advocacy.models import ContentItem, ItemReview
from learning.auth.models import ApiToken, LoginSession, User
from learning.badges.models import Award, Badge
from learning.conduct.models import Acknowledgment, GuideVersion
from learning.courses.models import Course, Lesson
from learning.exercises.models import Draft
from learning.extensions import db
from learning.familiarity.models import LevelAssignment
from learning.hr.models import Reminder
from learning.privacy.models import PrivacyAudit
from learning.programme.models import CandidateRating, EventAttendance, ProgrammeEvent
from learning.progress.models import CourseCompletion, LessonCompletion, QuizAttempt
from learning.sharing.models import Click, Conversion, Share

# (table, column) -> the section of the export that holds it.
EXPORTED = {
    ("users", "id"): "account",
    ("user_roles", "user_id"): "account.roles",
    ("level_assignments", "user_id"): "level_assignments",
    ("lesson_completions", "user_id"): "lessons_completed",
    ("quiz_attempts", "user_id"): "quiz_attempts",
    ("course_completions", "user_id"): "courses_completed",
    ("acknowledgments", "user_id"): "guide_acknowledgments",
    ("shares", "user_id"): "shares",
    ("content_items", "author_id"): "stories",
    ("awards", "user_id"): "badges",
    ("event_attendances", "user_id"): "events_attended",
    ("candidate_ratings", "candidate_id"): "candidate_ratings",
    ("api_tokens", "user_id"): "api_tokens",
    ("login_sessions", "user_id"): "login_sessions",
    ("privacy_audit", "subject_id"): "privacy_audit",
    ("reminders", "user_id"): "reminders_received",
    ("drafts", "user_id"): "drafts",
}

# (table, column) -> why it is not in the person's export.
LEFT_OUT = {
    ("users", "manager_id"): "the manager is named in the account section (manager_email)",
    (
        "level_assignments",
        "assigned_by_id",
    ): "who overrode someone's level is that HR person's data",
    ("objectives", "created_by_id"): "objectives are the company's content, not personal data",
    ("item_reviews", "reviewer_id"): "a reviewer's decisions are about others' stories; the "
    "reviews of the person's own stories are in the stories section",
    ("share_clicks", "user_id"): "a derived copy of the click counts given per share",
    ("awards", "awarded_by_id"): "the awarder's identity; the reason is in the badges section",
    ("awards", "revoked_by_id"): "the revoker's identity; the revocation reason is given",
    ("award_audit", "actor_id"): "the audit of what that champion or HR person did to others",
    ("badge_counters", "user_id"): "running totals the clicks and sign-ups per share give",
    ("programme_events", "created_by_id"): "events are the programme's content",
    ("event_attendances", "recorded_by_id"): "who recorded others' attendance",
    ("candidate_ratings", "rated_by_id"): "ratings the person gave others are about them",
    ("conversions", "reported_by_id"): "the integration account that reported a sign-up",
    ("privacy_audit", "actor_id"): "what an HR person did to others' data",
    ("reminders", "sent_by_id"): "the HR person who sent reminders to others",
    ("pending_roster_imports", "user_id"): "an HR person's roster upload awaiting "
    "confirmation, about others, deleted once applied or expired",
}


def _when(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _rows(query) -> list:
    return list(db.session.execute(query).all())


def _account(user: User) -> dict:
    manager_email = user.manager.email if user.manager_id else None
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "roles": user.roles,
        "department": user.department,
        "site": user.site,
        "manager_email": manager_email,
        "hire_date": _when(user.hire_date),
        "level": user.level,
        "timezone": user.timezone,
        "locale": user.locale,
        "active": user.is_active,
        "created_at": _when(user.created_at),
        "password_changed_at": _when(user.password_changed_at),
        "leaderboard_opt_in": user.leaderboard_opt_in,
    }


def _levels(user_id: int) -> list[dict]:
    rows = db.session.execute(
        sa.select(LevelAssignment)
        .where(LevelAssignment.user_id == user_id)
        .order_by(LevelAssignment.id)
    ).scalars()
    return [
        {
            "level": row.level,
            "source": row.source,
            "reason": row.reason,
            "answers": row.answers,
            "scores": row.scores,
            "neighbour_level": row.neighbour_level,
            "created_at": _when(row.created_at),
        }
        for row in rows
    ]


def _lessons(user_id: int) -> list[dict]:
    rows = _rows(
        sa.select(Course.slug, Lesson.key, Lesson.title, LessonCompletion.completed_at)
        .join(Lesson, Lesson.id == LessonCompletion.lesson_id)
        .join(Course, Course.id == Lesson.course_id)
        .where(LessonCompletion.user_id == user_id)
        .order_by(LessonCompletion.completed_at)
    )
    return [
        {"course": slug, "lesson": key, "title": title, "completed_at": _when(at)}
        for slug, key, title, at in rows
    ]


def _quiz_attempts(user_id: int) -> list[dict]:
    rows = _rows(
        sa.select(QuizAttempt, Course.slug)
        .join(Course, Course.id == QuizAttempt.course_id)
        .where(QuizAttempt.user_id == user_id)
        .order_by(QuizAttempt.id)
    )
    return [
        {
            "course": slug,
            "score": attempt.score,
            "passed": attempt.passed,
            "answers": attempt.answers,
            "created_at": _when(attempt.created_at),
        }
        for attempt, slug in rows
    ]


def _courses(user_id: int) -> list[dict]:
    rows = _rows(
        sa.select(Course.slug, CourseCompletion.completed_at)
        .join(Course, Course.id == CourseCompletion.course_id)
        .where(CourseCompletion.user_id == user_id)
        .order_by(CourseCompletion.completed_at)
    )
    return [{"course": slug, "completed_at": _when(at)} for slug, at in rows]


def _acknowledgments(user_id: int) -> list[dict]:
    rows = _rows(
        sa.select(GuideVersion.version, Acknowledgment)
        .join(GuideVersion, GuideVersion.id == Acknowledgment.guide_version_id)
        .where(Acknowledgment.user_id == user_id)
        .order_by(Acknowledgment.id)
    )
    return [
        {
            "version": version,
            "locale": row.locale,
            "content_hash": row.content_hash,
            "acknowledged_at": _when(row.acknowledged_at),
        }
        for version, row in rows
    ]


def _shares(user_id: int) -> list[dict]:
    """Each share with its text and counts; never the visitors' hashes, which are the
    visitors' data, not the sharer's."""
    clicks = (
        sa.select(sa.func.count())
        .where(Click.share_id == Share.id, Click.kind == "person")
        .scalar_subquery()
    )
    conversions = (
        sa.select(sa.func.count()).where(Conversion.share_id == Share.id).scalar_subquery()
    )
    attributed = (
        sa.select(sa.func.count())
        .where(Conversion.share_id == Share.id, Conversion.attributed.is_(True))
        .scalar_subquery()
    )
    rows = _rows(
        sa.select(Share, ContentItem.title, clicks, conversions, attributed)
        .join(ContentItem, ContentItem.id == Share.item_id)
        .where(Share.user_id == user_id)
        .order_by(Share.id)
    )
    return [
        {
            "id": share.id,
            "code": share.code,
            "item": title,
            "network": share.network,
            "text": share.text,
            "created_at": _when(share.created_at),
            "counted_clicks": click_count,
            "conversions": conversion_count,
            "attributed_conversions": attributed_count,
        }
        for share, title, click_count, conversion_count, attributed_count in rows
    ]


def _stories(user_id: int) -> list[dict]:
    items = list(
        db.session.execute(
            sa.select(ContentItem).where(ContentItem.author_id == user_id).order_by(ContentItem.id)
        ).scalars()
    )
    reviews = _rows(
        sa.select(
            ItemReview.item_id, ItemReview.decision, ItemReview.comment, ItemReview.reviewed_at
        )
        .where(ItemReview.item_id.in_([item.id for item in items]))
        .order_by(ItemReview.id)
    )
    return [
        {
            "id": item.id,
            "title": item.title,
            "body": item.body,
            "url": item.url,
            "type": item.type,
            "status": item.status,
            "created_at": _when(item.created_at),
            "reviews": [
                {"decision": decision, "comment": comment, "reviewed_at": _when(at)}
                for item_id, decision, comment, at in reviews
                if item_id == item.id
            ],
        }
        for item in items
    ]


def _badges(user_id: int) -> list[dict]:
    rows = _rows(
        sa.select(Award, Badge.slug, Badge.name)
        .join(Badge, Badge.id == Award.badge_id)
        .where(Award.user_id == user_id)
        .order_by(Award.id)
    )
    return [
        {
            "badge": slug,
            "name": name,
            "awarded_at": _when(award.awarded_at),
            "evidence": award.evidence,
            "reason": award.reason,
            "revoked_at": _when(award.revoked_at),
            "revocation_reason": award.revocation_reason,
        }
        for award, slug, name in rows
    ]


def _events(user_id: int) -> list[dict]:
    rows = _rows(
        sa.select(ProgrammeEvent.title, ProgrammeEvent.kind, ProgrammeEvent.starts_at)
        .join(EventAttendance, EventAttendance.event_id == ProgrammeEvent.id)
        .where(EventAttendance.user_id == user_id)
        .order_by(ProgrammeEvent.starts_at)
    )
    return [{"title": t, "kind": k, "starts_at": _when(at)} for t, k, at in rows]


def _ratings(user_id: int) -> list[dict]:
    """HR's ratings of the person as a candidate champion: the person has a right to
    them. The raters stay unnamed (that is theirs)."""
    rows = db.session.execute(
        sa.select(CandidateRating)
        .where(CandidateRating.candidate_id == user_id)
        .order_by(CandidateRating.id)
    ).scalars()
    return [
        {
            "charismatic": row.charismatic,
            "known": row.known,
            "recognised": row.recognised,
            "available": row.available,
            "rated_at": _when(row.rated_at),
        }
        for row in rows
    ]


def _tokens(user_id: int) -> list[dict]:
    rows = db.session.execute(
        sa.select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id)
    ).scalars()
    return [
        {
            "prefix": row.prefix,
            "created_at": _when(row.created_at),
            "expires_at": _when(row.expires_at),
            "revoked_at": _when(row.revoked_at),
        }
        for row in rows
    ]


def _sessions(user_id: int) -> list[dict]:
    rows = db.session.execute(
        sa.select(LoginSession).where(LoginSession.user_id == user_id).order_by(LoginSession.id)
    ).scalars()
    return [{"created_at": _when(row.created_at), "user_agent": row.user_agent} for row in rows]


def _audit(user_id: int) -> list[dict]:
    rows = db.session.execute(
        sa.select(PrivacyAudit).where(PrivacyAudit.subject_id == user_id).order_by(PrivacyAudit.id)
    ).scalars()
    return [{"action": row.action, "at": _when(row.created_at)} for row in rows]


def _reminders(user_id: int) -> list[dict]:
    rows = db.session.execute(
        sa.select(Reminder).where(Reminder.user_id == user_id).order_by(Reminder.id)
    ).scalars()
    return [
        {
            "sent_at": _when(row.sent_at),
            "about_training": row.about_training,
            "about_guide": row.about_guide,
        }
        for row in rows
    ]


def _drafts(user_id: int) -> list[dict]:
    rows = _rows(
        sa.select(Draft, Course.slug, Lesson.title)
        .join(Lesson, Lesson.id == Draft.lesson_id)
        .join(Course, Course.id == Lesson.course_id)
        .where(Draft.user_id == user_id)
        .order_by(Draft.id)
    )
    return [
        {
            "course": slug,
            "lesson": title,
            "network": draft.network,
            "text": draft.text,
            "passed": draft.passed,
            "findings": draft.findings,
            "created_at": _when(draft.created_at),
        }
        for draft, slug, title in rows
    ]


def personal_data(user: User) -> dict:
    uid = user.id
    return {
        "account": _account(user),
        "level_assignments": _levels(uid),
        "lessons_completed": _lessons(uid),
        "quiz_attempts": _quiz_attempts(uid),
        "courses_completed": _courses(uid),
        "guide_acknowledgments": _acknowledgments(uid),
        "shares": _shares(uid),
        "stories": _stories(uid),
        "badges": _badges(uid),
        "events_attended": _events(uid),
        "candidate_ratings": _ratings(uid),
        "api_tokens": _tokens(uid),
        "login_sessions": _sessions(uid),
        "privacy_audit": _audit(uid),
        "reminders_received": _reminders(uid),
        "drafts": _drafts(uid),
    }
