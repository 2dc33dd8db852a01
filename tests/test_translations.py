"""Lessons, quiz questions and guide versions in French, with English as the fallback."""

import pytest
import sqlalchemy as sa

from learning.conduct import services as conduct
from learning.conduct.models import Acknowledgment, GuideTranslation
from learning.courses import services as courses
from learning.courses.models import LessonTranslation
from learning.extensions import db
from learning.progress.models import LessonCompletion
from tests.catalogue import (
    GUIDE_V1,
    GUIDE_V1_FR,
    INTRO_FR,
    QUIZ_FR,
    assert_refused,
    lesson_md,
    load_content,
    write_course,
)


def core_course():
    course = courses.get_course("core-conduct")
    lessons = {lesson.key: lesson for lesson in courses.active_lessons(course)}
    questions = {question.key: question for question in courses.quiz_questions(course)}
    return lessons, questions


def acknowledgment() -> tuple[str, str]:
    return db.session.execute(sa.select(Acknowledgment.locale, Acknowledgment.content_hash)).one()


def test_a_lesson_and_a_question_in_french_and_in_english(app, catalogue):
    lessons, questions = core_course()

    french = courses.lesson_text(lessons["intro"], "fr")
    assert (french.locale, french.title) == ("fr", "Qui peut parler")
    assert french.body_html == "<p>Un texte <strong>utile</strong>.</p>\n"
    english = courses.lesson_text(lessons["intro"], "en")
    assert (english.locale, english.title) == ("en", "core-conduct intro")
    # No French text for this lesson: the English one, saying so.
    untranslated = courses.lesson_text(lessons["practice"], "fr")
    assert (untranslated.locale, untranslated.title) == ("en", "core-conduct practice")

    question = courses.question_text(questions["first"], "fr")
    assert question.locale == "fr"
    assert question.text == "Qui répond à un journaliste pendant une crise ?"
    assert question.explanation == "Les crises sont gérées par l'équipe communication."
    assert [(choice.key, text) for choice, text in question.choices] == [
        ("a", "Vous"),
        ("b", "L'équipe communication"),
    ]
    fallback = courses.question_text(questions["second"], "fr")
    assert (fallback.locale, fallback.text) == ("en", "May you share unpublished results?")
    assert [text for _choice, text in fallback.choices] == ["No", "Yes, with friends"]


def test_the_guide_in_french_has_its_own_text_and_hash(app, catalogue):
    guide = conduct.require_current_version()
    french = conduct.guide_text(guide, "fr")
    assert french.locale == "fr"
    assert french.changes == "Première version."
    assert [section["title"] for section in french.sections] == [
        "Qui parle pour l'entreprise",
        "Ce qui n'est pas toléré",
        "Ce que vous pouvez dévoiler",
        "Dites qui parle",
    ]
    assert french.content_hash == conduct.guide_hash(1, french.sections)
    assert french.content_hash != guide.content_hash
    # A language the guide is not translated in: the English text.
    assert conduct.guide_text(guide, "de").content_hash == guide.content_hash


@pytest.mark.parametrize(
    ("asked", "recorded"), [("fr", "fr"), ("en", "en")], ids=["french", "english"]
)
def test_an_acknowledgment_records_the_language_of_the_text_it_hashed(
    app, catalogue, make_user, asked, recorded
):
    guide = conduct.require_current_version()
    assert conduct.acknowledge(make_user(password=None), 1, locale=asked) is True
    assert acknowledgment() == (recorded, conduct.guide_text(guide, recorded).content_hash)


def test_acknowledging_in_a_language_without_a_translation_records_english(
    app, catalogue, catalogue_dir, make_user
):
    (catalogue_dir / "guide" / "v2.yml").write_text(GUIDE_V1.replace("version: 1", "version: 2"))
    load_content(catalogue_dir)
    guide = conduct.require_current_version()
    assert guide.version == 2
    conduct.acknowledge(make_user(password=None), 2, locale="fr")
    assert acknowledgment() == ("en", guide.content_hash)


def test_editing_or_removing_translations_keeps_everyone_s_progress(
    app, catalogue, catalogue_dir, make_user, api
):
    client = api(make_user(level="native", password=None))
    lessons, _questions = core_course()
    assert client.post(f"/api/v1/lessons/{lessons['intro'].id}/complete").status_code == 200
    folder = catalogue_dir / "core-conduct"

    (folder / "lessons" / "intro.fr.md").write_text(
        INTRO_FR.replace("Qui peut parler", "Qui a le droit de parler"), encoding="utf-8"
    )
    assert load_content(catalogue_dir).counts == {"lesson translations updated": 1}
    db.session.expire_all()
    lessons, _questions = core_course()
    assert courses.lesson_text(lessons["intro"], "fr").title == "Qui a le droit de parler"

    (folder / "lessons" / "intro.fr.md").unlink()
    (folder / "quiz.fr.yml").unlink()
    assert load_content(catalogue_dir).counts == {
        "lesson translations removed": 1,
        "question translations removed": 1,
        "choice translations removed": 2,
    }
    db.session.expire_all()
    lessons, questions = core_course()
    assert courses.lesson_text(lessons["intro"], "fr").locale == "en"
    assert courses.question_text(questions["first"], "fr").locale == "en"
    assert (
        db.session.execute(sa.select(sa.func.count()).select_from(LessonTranslation)).scalar() == 0
    )

    # The lesson, its completion and the learner's progress are untouched.
    assert db.session.execute(sa.select(LessonCompletion.lesson_id)).scalars().all() == [
        lessons["intro"].id
    ]
    assert client.get("/api/v1/courses/core-conduct").json["progress"] == 33


def test_a_translation_may_come_after_its_guide_version_is_published(app, catalogue_dir):
    (catalogue_dir / "guide" / "v1.fr.yml").unlink()
    assert "1 guide versions added" in str(load_content(catalogue_dir))
    (catalogue_dir / "guide" / "v1.fr.yml").write_text(GUIDE_V1_FR, encoding="utf-8")
    assert load_content(catalogue_dir).counts == {"guide translations added": 1}
    # Removing the file does not unpublish it: people may have acknowledged it.
    (catalogue_dir / "guide" / "v1.fr.yml").unlink()
    assert str(load_content(catalogue_dir)) == "nothing changed"
    assert db.session.execute(sa.select(GuideTranslation.locale)).scalars().all() == ["fr"]


@pytest.mark.parametrize("locale", ["en", "de"])
def test_the_database_keeps_translations_to_the_other_known_languages(app, catalogue, locale):
    lessons, _questions = core_course()
    with pytest.raises(sa.exc.IntegrityError):
        db.session.execute(
            sa.insert(LessonTranslation).values(
                lesson_id=lessons["practice"].id,
                locale=locale,
                title="Practice",
                body_markdown="Text.",
                body_html="<p>Text.</p>",
            )
        )
    db.session.rollback()


def test_the_database_refuses_an_acknowledgment_in_an_unknown_language(app, catalogue, make_user):
    user = make_user(password=None)
    with pytest.raises(sa.exc.IntegrityError):
        db.session.execute(
            sa.insert(Acknowledgment).values(
                user_id=user.id,
                guide_version_id=conduct.require_current_version().id,
                locale="de",
                content_hash="0" * 64,
            )
        )
    db.session.rollback()
    assert db.session.execute(sa.select(sa.func.count()).select_from(Acknowledgment)).scalar() == 0


# Each case breaks a translation and returns the (file, line, message) it must report.


def _lesson_translation_of_an_unlisted_lesson(root):
    path = root / "core-conduct" / "lessons" / "gone.fr.md"
    path.write_text(INTRO_FR, encoding="utf-8")
    return [(path, 1, "translation of lesson 'gone', which course.yml does not list")]


def _unknown_language(root):
    path = root / "core-conduct" / "lessons" / "intro.de.md"
    path.write_text(lesson_md("Wer spricht"))
    return [(path, 1, "unknown language 'de' in the file name (translations: fr)")]


def _lesson_translation_with_minutes(root):
    path = root / "core-conduct" / "lessons" / "intro.fr.md"
    path.write_text(lesson_md("Qui peut parler"))
    return [(path, 3, "unknown field 'minutes'")]


def _quiz_translation_of_an_unknown_question(root):
    path = root / "core-conduct" / "quiz.fr.yml"
    path.write_text(QUIZ_FR.replace("id: first", "id: third"), encoding="utf-8")
    return [(path, 2, "quiz.yml has no question 'third'")]


def _quiz_translation_with_another_choice(root):
    path = root / "core-conduct" / "quiz.fr.yml"
    path.write_text(QUIZ_FR.replace("      - id: b", "      - id: z"), encoding="utf-8")
    return [
        (path, 5, "choices not translated for question 'first': b"),
        (path, 8, "question 'first' has no choice 'z'"),
    ]


def _quiz_translation_without_a_quiz(root):
    folder = write_course(root, "extra-course", "[all]")
    (folder / "quiz.yml").unlink()
    path = folder / "quiz.fr.yml"
    path.write_text(QUIZ_FR, encoding="utf-8")
    return [(path, 1, "a translation of quiz.yml, which is missing")]


def _guide_translation_of_another_version(root):
    path = root / "guide" / "v1.fr.yml"
    path.write_text(GUIDE_V1_FR.replace("version: 1", "version: 2"), encoding="utf-8")
    return [(path, 1, "'version' must be 1, the version of the file it translates")]


def _guide_translation_missing_a_topic(root):
    path = root / "guide" / "v1.fr.yml"
    start = GUIDE_V1_FR.index("  - topic: disclosure")
    end = GUIDE_V1_FR.index("  - topic: personal_or_company")
    path.write_text(GUIDE_V1_FR[:start] + GUIDE_V1_FR[end:], encoding="utf-8")
    return [(path, 3, "the guide must cover every required topic; missing: disclosure")]


def _guide_translation_of_a_missing_version(root):
    path = root / "guide" / "v9.fr.yml"
    path.write_text(GUIDE_V1_FR, encoding="utf-8")
    return [(path, 1, "a translation of v9.yml, which is missing")]


def _published_guide_translation_edited(root):
    path = root / "guide" / "v1.fr.yml"
    path.write_text(GUIDE_V1_FR.replace("les insultes", "les injures"), encoding="utf-8")
    message = (
        "the 'fr' text of guide version 1 is already published with a different text; "
        "publish the change as version 2"
    )
    return [(path, 1, message)]


@pytest.mark.parametrize(
    "break_translation",
    [
        _lesson_translation_of_an_unlisted_lesson,
        _unknown_language,
        _lesson_translation_with_minutes,
        _quiz_translation_of_an_unknown_question,
        _quiz_translation_with_another_choice,
        _quiz_translation_without_a_quiz,
        _guide_translation_of_another_version,
        _guide_translation_missing_a_topic,
        _guide_translation_of_a_missing_version,
        _published_guide_translation_edited,
    ],
    ids=lambda f: f.__name__.strip("_"),
)
def test_an_invalid_translation_is_refused_with_file_and_line(
    app, runner, catalogue, catalogue_dir, break_translation
):
    assert_refused(runner, catalogue_dir, break_translation(catalogue_dir))
