"""The company's settings (company.yml): checked at their lines, filled into lessons,
quizzes, titles and the guide, and deciding which networks are offered."""

import sqlalchemy as sa

from learning.conduct import services as conduct
from learning.conduct.models import Acknowledgment
from learning.courses.models import Lesson, QuizQuestion
from learning.extensions import db
from learning.transaction import unit_of_work
from tests.catalogue import COMPANY, assert_refused, lesson_md, load_content, sync_cli
from tests.test_sharing import acknowledge, page_text

ONLY_LINKEDIN_AND_INSTAGRAM = """\
name: Acme
communications_contact: the communications team (press@acme.example)
data_protection_contact: the data protection officer (dpo@acme.example)
networks:
  - network: instagram
    purpose: Pictures.
  - network: linkedin
    purpose: Our news and our jobs.
"""


def test_the_settings_are_checked_at_their_lines(app, runner, catalogue_dir):
    (catalogue_dir / "company.yml").write_text(
        "name: Acme\n"
        "communications_contact: {fr: l'équipe}\n"
        "networks:\n"
        "  - network: myspace\n"
        "    purpose: Music.\n"
        "  - network: linkedin\n"
        "    purpose: News.\n"
        "  - network: linkedin\n"
        "    purpose: Again.\n"
        "confidential_terms: [Falcon]\n"
        "colour: blue\n",
        encoding="utf-8",
    )
    path = catalogue_dir / "company.yml"
    assert_refused(
        runner,
        catalogue_dir,
        [
            (path, 1, "missing field 'data_protection_contact'"),
            (
                path,
                2,
                "'communications_contact' is a text, or one text per language (en, fr) with "
                "at least 'en'",
            ),
            (
                path,
                4,
                "unknown network 'myspace' (known: linkedin, x, facebook, instagram, "
                "whatsapp, email)",
            ),
            (path, 8, "network 'linkedin' is listed twice (first at line 6)"),
            (path, 11, "unknown field 'colour'"),
        ],
    )


def test_content_needs_the_company_file(app, runner, catalogue_dir):
    (catalogue_dir / "company.yml").unlink()
    assert_refused(
        runner,
        catalogue_dir,
        [
            (
                catalogue_dir / "company.yml",
                1,
                "missing company.yml: the company's name, contacts and networks",
            )
        ],
    )


def test_an_unknown_placeholder_is_refused_at_its_line(app, runner, catalogue_dir):
    lesson = catalogue_dir / "core-conduct" / "lessons" / "intro.md"
    lesson.write_text(lesson_md("Intro", "First line.\n\nAsk {{ compnay }} first."))
    quiz = catalogue_dir / "core-conduct" / "quiz.yml"
    quiz.write_text(quiz.read_text().replace("Who answers", "Who at {{ the_boss }} answers"))
    known = "company, communications_contact, data_protection_contact, networks, network_purposes"
    assert_refused(
        runner,
        catalogue_dir,
        [
            (lesson, 8, f"unknown placeholder '{{{{ compnay }}}}' (known: {known})"),
            (quiz, 5, f"unknown placeholder '{{{{ the_boss }}}}' (known: {known})"),
        ],
    )


def test_placeholders_are_filled_in_each_language(app, catalogue_dir):
    folder = catalogue_dir / "core-conduct"
    (folder / "lessons" / "intro.md").write_text(
        lesson_md(
            "Speaking for {{ company }}",
            "Ask {{ communications_contact }}. We use {{ networks }}.\n\n{{ network_purposes }}",
        )
    )
    (folder / "lessons" / "intro.fr.md").write_text(
        "---\ntitle: Parler pour {{ company }}\n---\nDemandez à {{ communications_contact }}.\n",
        encoding="utf-8",
    )
    quiz = folder / "quiz.yml"
    quiz.write_text(
        quiz.read_text().replace("The communications team", "The team at {{ company }}")
    )
    (catalogue_dir / "company.yml").write_text(
        COMPANY.replace(
            "communications_contact: the communications team (press@acme.example)",
            "communications_contact:\n  en: the press office\n  fr: le service de presse",
        )
    )
    load_content(catalogue_dir)
    lesson = db.session.execute(
        sa.select(Lesson).where(Lesson.key == "intro", Lesson.title.like("Speaking%"))
    ).scalar_one()
    assert lesson.title == "Speaking for Acme"
    assert (
        "Ask the press office. We use LinkedIn, X, Facebook, Instagram, WhatsApp and e-mail."
        in (lesson.body_markdown)
    )
    assert "- **LinkedIn**: Our news and our jobs." in lesson.body_markdown
    assert "<strong>Instagram</strong>: Pictures." in lesson.body_html
    french = lesson.translations["fr"]
    assert (french.title, french.body_markdown) == (
        "Parler pour Acme",
        "Demandez à le service de presse.",
    )
    question = db.session.execute(
        sa.select(QuizQuestion).where(
            QuizQuestion.key == "first", QuizQuestion.lesson_id == lesson.id
        )
    ).scalar_one()
    assert "The team at Acme" in [choice.text for choice in question.choices]


def test_lessons_and_questions_about_a_network_the_company_does_not_use_are_not_offered(
    app, catalogue_dir
):
    folder = catalogue_dir / "core-conduct"
    (folder / "course.yml").write_text(
        (folder / "course.yml").read_text().replace("  - practice\n", "  - practice\n  - x-only\n")
    )
    (folder / "lessons" / "x-only.md").write_text(lesson_md("X basics", front="networks: [x]\n"))
    quiz = folder / "quiz.yml"
    quiz.write_text(
        quiz.read_text().replace(
            "  - id: second\n    lesson: practice\n",
            "  - id: second\n    lesson: x-only\n    networks: [x]\n",
        )
    )
    (catalogue_dir / "company.yml").write_text(ONLY_LINKEDIN_AND_INSTAGRAM)
    load_content(catalogue_dir)
    assert (
        db.session.execute(sa.select(Lesson.is_active).where(Lesson.key == "x-only")).scalar_one()
        is False
    )
    second = db.session.execute(
        sa.select(QuizQuestion).where(
            QuizQuestion.key == "second",
            QuizQuestion.lesson_id.in_(sa.select(Lesson.id).where(Lesson.key == "x-only")),
        )
    ).scalar_one()
    assert second.is_active is False

    (catalogue_dir / "company.yml").write_text(COMPANY)
    load_content(catalogue_dir)
    db.session.expire_all()
    assert db.session.execute(
        sa.select(Lesson.is_active).where(Lesson.key == "x-only")
    ).scalar_one()


def test_only_the_company_s_networks_are_offered(
    app, client, catalogue_dir, make_user, login, api, hub_item
):
    (catalogue_dir / "company.yml").write_text(ONLY_LINKEDIN_AND_INSTAGRAM)
    load_content(catalogue_dir)
    person = make_user(level="native")
    acknowledge(person)
    item = hub_item()
    login(person)

    hub = page_text(client.get("/hub/"))
    assert "Instagram" in hub and "LinkedIn" in hub
    assert "Facebook" not in hub and "WhatsApp" not in hub
    form = client.get(f"/hub/items/{item.id}/share").get_data(as_text=True)
    assert 'value="instagram"' in form and 'value="linkedin"' in form
    assert 'value="x"' not in form and 'value="facebook"' not in form
    # The first network offered is the company's first.
    assert form.index('value="instagram"') < form.index('value="linkedin"')
    refused = client.post(f"/hub/items/{item.id}/share", data={"network": "x", "text": "Hi"})
    assert refused.status_code == 200
    assert "Not a valid choice" in page_text(refused)

    person_api = api(person)
    unused = person_api.post(f"/api/v1/content/{item.id}/shares", json={"network": "x"})
    unknown = person_api.post(f"/api/v1/content/{item.id}/shares", json={"network": "myspace"})
    assert unused.status_code == unknown.status_code == 422
    assert unused.json["error"]["code"] == unknown.json["error"]["code"]
    assert "Choose one of: instagram, linkedin." in unused.json["error"]["message"]
    assert (
        person_api.post(
            f"/api/v1/content/{item.id}/shares", json={"network": "linkedin"}
        ).status_code
        == 201
    )


def test_a_setting_the_current_guide_uses_changes_only_with_a_new_version(
    app, runner, catalogue_dir, make_user
):
    guide = catalogue_dir / "guide" / "v1.yml"
    guide.write_text(
        guide.read_text().replace(
            "Only the communications team", "At {{ company }}, only the communications team"
        )
    )
    load_content(catalogue_dir)
    version = conduct.require_current_version()
    assert version.sections[0]["body"].startswith("At Acme, only the communications team")
    reader = make_user(level="native")
    acknowledge(reader)

    company = catalogue_dir / "company.yml"
    company.write_text(COMPANY.replace("name: Acme", "name: Acme Group"))
    assert_refused(
        runner,
        catalogue_dir,
        [
            (
                guide,
                1,
                "guide version 1, which people acknowledged, uses {{ company }}, whose value "
                "changed in the company's settings; publish the new value with guide version 2",
            )
        ],
    )
    # A setting the guide does not use may change.
    company.write_text(COMPANY.replace("press@acme.example", "media@acme.example"))
    assert sync_cli(runner, catalogue_dir).exit_code == 0

    # With a new version, the name changes; what was acknowledged stays what it was.
    company.write_text(
        COMPANY.replace("name: Acme", "name: Acme Group").replace(
            "press@acme.example", "media@acme.example"
        )
    )
    (catalogue_dir / "guide" / "v2.yml").write_text(
        guide.read_text().replace("version: 1", "version: 2").replace("2026-01-05", "2026-02-05")
    )
    assert sync_cli(runner, catalogue_dir).exit_code == 0
    db.session.expire_all()
    current = conduct.require_current_version()
    assert current.version == 2
    assert current.sections[0]["body"].startswith("At Acme Group, only")
    first = db.session.execute(
        sa.select(Acknowledgment).where(Acknowledgment.user_id == reader.id)
    ).scalar_one()
    assert first.guide_version.sections[0]["body"].startswith("At Acme, only")
    assert first.content_hash == first.guide_version.content_hash


def test_the_acknowledgment_hashes_the_text_as_read(app, catalogue_dir, make_user):
    guide = catalogue_dir / "guide" / "v1.yml"
    guide.write_text(
        guide.read_text().replace("Only the communications team", "Only {{ company }}'s team")
    )
    load_content(catalogue_dir)
    reader = make_user(level="native")
    with unit_of_work():
        conduct.acknowledge(reader, 1)
    acknowledgment = db.session.execute(sa.select(Acknowledgment)).scalar_one()
    version = acknowledgment.guide_version
    assert "Only Acme's team" in version.sections[0]["body"]
    assert acknowledgment.content_hash == conduct.guide_hash(1, version.sections)


def test_a_company_on_one_network_publishes_and_shares_on_it(
    app, client, catalogue_dir, make_user, login, api, objective
):
    (catalogue_dir / "company.yml").write_text(
        ONLY_LINKEDIN_AND_INSTAGRAM.replace(
            "  - network: linkedin\n    purpose: Our news and our jobs.\n", ""
        )
    )
    load_content(catalogue_dir)
    champion = make_user(roles=("champion",))
    goal = objective()
    item = {
        "title": "Our workshop",
        "type": "press_release",
        "url": "https://news.example.org/workshop",
        "suggested_text": "Inside our workshop.",
        "objective_id": goal.id,
        "texts": {"instagram": "Inside our workshop, in pictures.", "x": ""},
    }
    created = api(champion).post("/api/v1/content", json=item)
    assert created.status_code == 201, created.json
    # The hub's form sends a field for every network, empty ones included.
    login(champion)
    form = {
        "title": "Our second workshop",
        "type": "press_release",
        "url": "https://news.example.org/second",
        "suggested_text": "Inside.",
        "objective_id": str(goal.id),
        **{f"text_{name}": "" for name in ("linkedin", "x", "facebook", "whatsapp", "email")},
        "text_instagram": "Inside, in pictures.",
    }
    page = client.post("/hub/manage/items/new", data=form, follow_redirects=True)
    assert "“Our second workshop” is in the hub." in page_text(page)

    person = make_user(level="native")
    acknowledge(person)
    shared = api(person).post(
        f"/api/v1/content/{created.json['id']}/shares", json={"network": "instagram"}
    )
    assert shared.status_code == 201
    refused = api(person).post(
        f"/api/v1/content/{created.json['id']}/shares", json={"network": "linkedin"}
    )
    assert refused.json["error"]["message"] == "Unknown network. Choose one of: instagram."


def test_a_guide_version_scheduled_for_later_takes_the_new_setting(
    app, runner, catalogue_dir, make_user
):
    guide = catalogue_dir / "guide" / "v1.yml"
    guide.write_text(
        guide.read_text().replace("Only the communications team", "Only {{ company }}'s team")
    )
    later = catalogue_dir / "guide" / "v2.yml"
    later.write_text(
        guide.read_text().replace("version: 1", "version: 2").replace("2026-01-05", "2099-01-05")
    )
    load_content(catalogue_dir)
    acknowledge(make_user(level="native"))
    company = catalogue_dir / "company.yml"
    company.write_text(COMPANY.replace("name: Acme", "name: Acme Group"))
    # A version dated 2099 does not replace the current one now: the change is refused.
    assert_refused(
        runner,
        catalogue_dir,
        [
            (
                guide,
                1,
                "guide version 1, which people acknowledged, uses {{ company }}, whose value "
                "changed in the company's settings; publish the new value with guide version 2",
            )
        ],
    )
    # Brought forward to now, it comes with the change, and the scheduled text is rewritten
    # with the new value before anyone reads it.
    later.write_text(later.read_text().replace("2099-01-05", "2026-02-05"))
    company.write_text(COMPANY.replace("name: Acme", "name: Acme Group"))
    assert sync_cli(runner, catalogue_dir).exit_code == 0
    db.session.expire_all()
    current = conduct.require_current_version()
    assert current.version == 2
    assert current.sections[0]["body"].startswith("Only Acme Group's team")
    assert current.content_hash == conduct.guide_hash(2, current.sections)


def test_a_course_left_without_lessons_or_questions_is_refused(app, runner, catalogue_dir):
    folder = catalogue_dir / "core-conduct"
    for key in ("intro", "practice"):
        (folder / "lessons" / f"{key}.md").write_text(lesson_md(key, front="networks: [x]\n"))
    (catalogue_dir / "company.yml").write_text(ONLY_LINKEDIN_AND_INSTAGRAM)
    assert_refused(
        runner,
        catalogue_dir,
        [
            (
                folder / "course.yml",
                1,
                "no lesson is left for the company's networks (instagram, linkedin)",
            ),
            (
                folder / "quiz.yml",
                1,
                "no question is left for the company's networks (instagram, linkedin)",
            ),
        ],
    )
