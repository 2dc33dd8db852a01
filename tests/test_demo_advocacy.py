"""`demo seed` gives the hub and the reports a history worth looking at."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from learning.advocacy.models import CONTENT_TYPES, ContentItem, ItemReview, Objective
from learning.auth.models import User
from learning.conduct.models import Acknowledgment, GuideVersion
from learning.database import utcnow
from learning.extensions import db
from learning.familiarity.models import LevelAssignment
from learning.progress.models import CourseCompletion, LessonCompletion
from learning.sharing.models import CLICK_KINDS, Click, Conversion, Share
from tests.conftest import REAL_COURSES


@pytest.fixture
def app_config(app_config):
    app_config["COURSES_DIR"] = str(REAL_COURSES)
    return app_config


def scalars(statement) -> list:
    return list(db.session.execute(statement).scalars())


def test_the_demo_hub_has_every_kind_of_item_and_stories_in_review(app, runner):
    assert runner.invoke(args=["demo", "seed"]).exit_code == 0
    items = scalars(sa.select(ContentItem))
    assert {item.type for item in items} == set(CONTENT_TYPES)
    assert {objective.family for objective in scalars(sa.select(Objective))} == {
        "awareness",
        "campaigns",
        "talent",
    }
    assert any(item.status == "submitted" for item in items)
    sent_back = [item for item in items if item.status == "changes_requested"]
    assert sent_back and sent_back[0].reviews[-1].comment
    now = utcnow()
    assert any(item.retired_at is not None for item in items)
    assert any(item.available_from > now for item in items)
    assert scalars(sa.select(ItemReview.decision)).count("approved") >= 1


def test_the_demo_history_spans_months_of_shares_clicks_and_sign_ups(app, runner):
    assert runner.invoke(args=["demo", "seed"]).exit_code == 0
    shares = scalars(sa.select(Share))
    assert len({share.network for share in shares}) >= 5
    assert len({share.user_id for share in shares}) >= 3
    first, last = min(s.created_at for s in shares), max(s.created_at for s in shares)
    assert last - first > timedelta(days=60)
    assert set(scalars(sa.select(Click.kind).distinct())) == set(CLICK_KINDS) - {"head"}
    assert {True, False} <= set(scalars(sa.select(Conversion.attributed)))
    now = utcnow()
    assert max(scalars(sa.select(Click.clicked_at))) <= now
    assert max(scalars(sa.select(Conversion.reported_at))) <= now


def test_only_people_who_acknowledged_the_guide_share_and_never_the_objector(app, runner):
    assert runner.invoke(args=["demo", "seed"]).exit_code == 0
    shares = scalars(sa.select(Share))
    published = db.session.execute(
        sa.select(GuideVersion.published_at, GuideVersion.id).order_by(GuideVersion.version)
    ).all()
    acknowledged = {
        (user_id, guide_id): at
        for user_id, guide_id, at in db.session.execute(
            sa.select(
                Acknowledgment.user_id,
                Acknowledgment.guide_version_id,
                Acknowledgment.acknowledged_at,
            )
        )
    }
    # Each share was made by someone who had acknowledged the version current at that moment.
    for share in shares:
        current = [guide_id for at, guide_id in published if at <= share.created_at][-1]
        assert acknowledged[share.user_id, current] <= share.created_at
    assert len({share.user_id for share in shares}) >= 10
    objectors = set(scalars(sa.select(User.id).where(User.level == "objector")))
    assert objectors and not {share.user_id for share in shares} & objectors


def test_the_demo_history_is_in_the_past_and_after_each_account_was_created(app, runner):
    assert runner.invoke(args=["demo", "seed"]).exit_code == 0
    now = utcnow()
    created = dict(db.session.execute(sa.select(User.id, User.created_at)).all())
    for model, moment in (
        (LessonCompletion, LessonCompletion.completed_at),
        (CourseCompletion, CourseCompletion.completed_at),
        (LevelAssignment, LevelAssignment.created_at),
        (Acknowledgment, Acknowledgment.acknowledged_at),
        (Share, Share.created_at),
    ):
        for user_id, at in db.session.execute(sa.select(model.user_id, moment)):
            assert created[user_id] < at <= now, model.__name__
    for published_at, acknowledged_at in db.session.execute(
        sa.select(GuideVersion.published_at, Acknowledgment.acknowledged_at).join(
            Acknowledgment, Acknowledgment.guide_version_id == GuideVersion.id
        )
    ):
        assert published_at <= acknowledged_at
