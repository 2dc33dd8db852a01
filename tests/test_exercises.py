"""The draft exercise: the four rules of the check, the draft stored and the lesson done
when it passes, refusals that store nothing, drafts private to their author, and their
place in the data download and the anonymisation."""

import html
import json
import re

import pytest
import sqlalchemy as sa

from learning.auth.models import User
from learning.company import services as company
from learning.courses import services as courses
from learning.errors import Invalid, NotFound
from learning.exercises import services as exercises
from learning.exercises.models import TEXT_MAX_LENGTH, Draft
from learning.extensions import db
from learning.privacy import services as privacy
from learning.progress.models import LessonCompletion
from learning.transaction import unit_of_work
from tests.catalogue import COMPANY, EXERCISE_COURSE, load_content

GOOD = "Our case study is out today: eight months of work.\nI work at Acme; views are my own."
DRAFT_URL = f"/courses/{EXERCISE_COURSE}/lessons/practice/drafts"
LESSON_URL = f"/courses/{EXERCISE_COURSE}/lessons/practice"


def check(text: str, network: str = "linkedin", terms=("Project Falcon",)) -> dict:
    findings = exercises.check(text, network, company_name="Acme", confidential_terms=terms)
    assert [finding.rule for finding in findings] == [
        "length",
        "disclosure",
        "confidential",
        "personal",
    ]
    return {finding.rule: finding for finding in findings}


def page_text(response) -> str:
    text = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return " ".join(html.unescape(text).split())


def count(model) -> int:
    return db.session.execute(sa.select(sa.func.count()).select_from(model)).scalar()


def completed(user, lesson) -> bool:
    return (
        db.session.get(LessonCompletion, {"user_id": user.id, "lesson_id": lesson.id}) is not None
    )


def submit(user, lesson, text=GOOD, network="linkedin") -> Draft:
    with unit_of_work():
        return exercises.submit_draft(user, lesson, network, text)


# The rules, one by one


def test_a_good_draft_passes_every_rule_and_each_finding_says_why(app):
    findings = check(GOOD)
    assert all(finding.passed for finding in findings.values())
    assert findings["length"].message == (
        f"Your draft has {len(GOOD)} characters: it fits LinkedIn, which takes at most 3,000."
    )
    assert findings["disclosure"].message == (
        'Your draft says who is speaking: "I work at Acme; views are my own."'
    )
    assert "none of the terms Acme keeps confidential" in findings["confidential"].message
    assert "no e-mail address, phone number or bank account number" in (
        findings["personal"].message
    )


def test_the_length_is_the_networks_own():
    x_limit = 256
    fits = "Views are my own. " + "a" * (x_limit - 18)
    assert len(fits) == x_limit
    assert check(fits, "x")["length"].passed

    over = check(fits + "bcd", "x")["length"]
    assert not over.passed
    assert over.message.startswith(
        f"Your draft has {x_limit + 3} characters, 3 over the {x_limit} that X takes. "
        "Shorten it by at least 3 characters"
    )
    # The same text is well within LinkedIn's limit.
    assert check(fits + "bcd", "linkedin")["length"].passed


@pytest.mark.parametrize(
    "line",
    [
        "Views are my own.",
        "VIEWS ARE MY OWN",
        "All opinions are mine.",
        "This is my own opinion.",
        "Personal opinion, of course.",
        "I work at Acme.",
        "I work for ACME, the one in Lyon.",
        "I'm speaking for myself here.",
        "Posted on behalf of Acme",
        "posted for Acme",
        "Mon avis personnel.",
        "Je travaille chez Acme.",
        "J’écris en mon nom.",
        "J'ECRIS EN MON NOM",
        "Publié au nom d’Acme.",
        "Au nom de la société Acme",
        "À titre personnel.",
        "Ces propos n'engagent que moi.",
    ],
)
def test_a_line_saying_who_speaks_passes_in_english_or_french(line):
    finding = check(f"Our case study is out today.\n{line}")["disclosure"]
    assert finding.passed, line
    assert line.strip() in finding.message


@pytest.mark.parametrize(
    "text",
    [
        "Our case study is out today!",
        "I work at Globex, proud of this one.",  # another company says nothing about Acme
        "Posted on behalf of my team.",
        "Views",
    ],
)
def test_without_a_line_saying_who_speaks_the_draft_is_told_what_to_add(app, text):
    finding = check(text)["disclosure"]
    assert not finding.passed
    assert finding.message.startswith("Add a line that says who is speaking.")
    assert '"I work at Acme; views are my own"' in finding.message
    assert '"Posted on behalf of Acme"' in finding.message


def test_the_company_name_may_be_given_in_each_language():
    findings = exercises.check(
        "Je travaille chez Exemple & Cie.",
        "linkedin",
        company_name=["Example & Co", "Exemple & Cie"],
        confidential_terms=[],
    )
    assert findings[1].passed


@pytest.mark.parametrize(
    ("text", "terms", "found"),
    [
        ("Project Falcon ships soon.", ["Project Falcon"], ("Project Falcon",)),
        ("project   FALCON ships soon.", ["Project Falcon"], ("Project Falcon",)),
        ("Le projet Heron avance.", ["Projet Héron"], ("Projet Héron",)),
        ("Falcon and Heron, not Kestrel.", ["Falcon", "Heron", "Osprey"], ("Falcon", "Heron")),
    ],
)
def test_a_confidential_term_fails_and_is_named(app, text, terms, found):
    finding = check(f"{text}\nViews are my own.", terms=terms)["confidential"]
    assert not finding.passed
    assert finding.found == found
    assert f"terms Acme keeps confidential: {', '.join(found)}. Remove them" in finding.message


def test_confidential_terms_match_whole_words_only():
    finding = check("Our projects: Falconry Club. Views are my own.", terms=["Falcon"])[
        "confidential"
    ]
    assert finding.passed


@pytest.mark.parametrize(
    ("data", "shown", "hidden"),
    [
        ("jane.doe@example.com", "j•••@example.com", "jane.doe"),
        ("06 12 34 56 78", "•• •• •• •• 78", "06 12 34"),
        ("06.12.34.56.78", "••.••.••.••.78", "06.12"),
        ("0612345678", "••••••••78", "06123"),
        ("+33 6 12 34 56 78", "+•• • •• •• •• 78", "+33 6 12"),
        ("+33612345678", "+•••••••••78", "+3361"),
        ("+44 20 7946 0958", "+•• •• •••• ••58", "7946"),
        ("+1 (555) 123-4567", "+• (•••) •••-••67", "123-45"),
        ("(555) 123-4567", "(•••) •••-••67", "123-45"),
        ("FR76 3000 6000 0112 3456 7890 189", "FR••••89", "3000 6000"),
        ("GB29NWBK60161331926819", "GB••••19", "NWBK6016"),
    ],
)
def test_someones_personal_data_fails_and_is_named_masked(app, data, shown, hidden):
    finding = check(f"Call Jane on {data} for details. Views are my own.")["personal"]
    assert not finding.passed
    assert len(finding.found) == 1, finding.found
    assert shown in finding.found[0]
    assert shown in finding.message
    assert hidden not in finding.message
    assert "Leave it out" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        "We grew 12% in 2026, with 3,000 customers on 4 sites.",
        "Results for 2025-2026: up 15.5 points. Follow @acme!",
        "Read the case study at https://www.acme.example/cases/2026/spare-parts",
        "Call 0 800 for the hotline",
    ],
)
def test_figures_and_links_are_not_personal_data(text):
    assert check(text)["personal"].passed


# Submitting a draft


def test_a_passing_draft_completes_the_lesson_and_a_failing_one_does_not(
    app, exercise_lesson, make_user
):
    user = make_user()
    failing = submit(user, exercise_lesson, "Project Falcon is nearly ready!")
    assert not failing.passed
    assert [finding["passed"] for finding in failing.findings] == [True, False, False, True]
    assert not completed(user, exercise_lesson)

    passing = submit(user, exercise_lesson, GOOD, network="x")
    assert passing.passed and passing.network == "x" and passing.text == GOOD
    assert passing.findings[0]["rule"] == "length"
    assert completed(user, exercise_lesson)
    assert count(Draft) == 2


def test_a_network_the_company_does_not_use_is_refused(app, catalogue, exercise_lesson, make_user):
    (catalogue / "company.yml").write_text(
        COMPANY.replace("  - network: x\n    purpose: Live events.\n", "")
    )
    load_content(catalogue)
    user = make_user()
    for network in ("x", "myspace", ""):
        with pytest.raises(Invalid) as refusal:
            submit(user, exercise_lesson, network=network)
        assert refusal.value.code == "network_not_offered"
        assert "not one of the company's networks; choose one of: LinkedIn, Facebook" in (
            refusal.value.message
        )
    assert count(Draft) == 0


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        ("", "draft_empty", "Write your draft, then check it."),
        (" \r\n\t ", "draft_empty", "Write your draft, then check it."),
        (
            "a" * (TEXT_MAX_LENGTH + 1),
            "draft_too_long",
            "Your draft has 10,001 characters; a draft may have at most 10,000.",
        ),
    ],
)
def test_an_empty_or_too_long_draft_is_refused_and_nothing_is_stored(
    app, exercise_lesson, make_user, text, code, message
):
    user = make_user()
    with pytest.raises(Invalid) as refusal:
        submit(user, exercise_lesson, text)
    assert (refusal.value.code, refusal.value.message) == (code, message)
    assert count(Draft) == 0
    assert not completed(user, exercise_lesson)


def test_the_longest_draft_is_taken(app, exercise_lesson, make_user):
    draft = submit(make_user(), exercise_lesson, "a" * TEXT_MAX_LENGTH)
    assert len(draft.text) == TEXT_MAX_LENGTH


def test_a_lesson_that_is_not_an_exercise_takes_no_draft(app, exercise_lesson, make_user):
    other = courses.active_lessons(exercise_lesson.course)[0]
    assert other.exercise is None
    with pytest.raises(NotFound):
        submit(make_user(), other)
    assert count(Draft) == 0


# The lesson's page


def test_the_exercise_page_checks_a_draft_and_explains_the_findings(
    app, exercise_lesson, make_user, client, login
):
    user = make_user()
    login(user)
    page = client.get(LESSON_URL)
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert '<label for="network">Network</label>' in body
    assert '<label for="text">Your draft post</label>' in body
    assert "X (at most 256 characters)" in body
    assert "LinkedIn (at most 3,000 characters)" in body
    assert "Mark as done" not in body
    assert "This exercise is done when your draft passes the check." in page_text(page)
    assert "js/draft.js" in body

    refused = client.post(DRAFT_URL, data={"network": "x", "text": "Project Falcon soon!"})
    assert refused.status_code == 302
    assert refused.headers["Location"].endswith(f"{LESSON_URL}#draft-result")
    shown = page_text(client.get(LESSON_URL))
    assert "Your last draft does not pass yet" in shown
    assert "To fix: It says who is speaking Add a line that says who is speaking." in shown
    assert "To fix: It keeps confidential terms out" in shown
    assert "Passed: It fits the network" in shown
    # The draft comes back in the form, to be fixed.
    assert "Project Falcon soon!</textarea>" in client.get(LESSON_URL).get_data(as_text=True)
    assert not completed(user, exercise_lesson)

    passed = client.post(
        DRAFT_URL, data={"network": "linkedin", "text": GOOD}, follow_redirects=True
    )
    shown = page_text(passed)
    assert "Your draft passes the check: this exercise is done." in shown
    assert "Your last draft passes the check" in shown
    assert "You have done this exercise." in shown
    assert "Your earlier drafts" in shown and "did not pass" in shown
    assert completed(user, exercise_lesson)


def test_a_refused_draft_shows_the_form_again_with_why_and_stores_nothing(
    app, exercise_lesson, make_user, client, login
):
    login(make_user())
    empty = client.post(DRAFT_URL, data={"network": "linkedin", "text": "  "})
    assert empty.status_code == 422
    assert "Write your draft, then check it." in page_text(empty)
    assert 'aria-invalid="true"' in empty.get_data(as_text=True)

    unknown = client.post(DRAFT_URL, data={"network": "myspace", "text": GOOD})
    assert unknown.status_code == 422
    assert "'myspace' is not one of the company's networks" in page_text(unknown)
    # The text typed is kept.
    assert "views are my own.</textarea>" in unknown.get_data(as_text=True)

    no_network = client.post(DRAFT_URL, data={"text": GOOD})
    assert no_network.status_code == 200
    assert "Choose a network." in page_text(no_network)
    assert count(Draft) == 0


def test_drafts_are_private_to_their_author(app, exercise_lesson, make_user, client, login):
    author = make_user()
    submit(author, exercise_lesson, "Alice's secret draft about our launch")
    submit(author, exercise_lesson, GOOD)
    reader = make_user()
    submit(reader, exercise_lesson, "Bob's own words, views are my own")

    login(reader)
    shown = page_text(client.get(LESSON_URL))
    assert "Alice's secret draft" not in shown
    assert "our case study is out" not in shown.lower()
    assert "Bob's own words" in shown
    assert [draft.text for draft in exercises.drafts_of(reader, exercise_lesson)] == [
        "Bob's own words, views are my own"
    ]


def test_a_lesson_that_is_not_an_exercise_has_no_draft_route(
    app, exercise_lesson, make_user, client, login
):
    login(make_user())
    response = client.post(
        f"/courses/{EXERCISE_COURSE}/lessons/intro/drafts", data={"network": "x", "text": GOOD}
    )
    assert response.status_code == 404
    assert "This lesson has no draft exercise." in page_text(response)
    assert "Check my draft" not in client.get(f"/courses/{EXERCISE_COURSE}/lessons/intro").text


def test_a_stranger_is_sent_to_sign_in(app, exercise_lesson, client):
    response = client.post(DRAFT_URL, data={"network": "x", "text": GOOD})
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]
    assert count(Draft) == 0


def test_an_exercise_cannot_be_marked_done_by_hand(
    app, exercise_lesson, make_user, client, login, api
):
    user = make_user()
    login(user)
    response = client.post(LESSON_URL, data={})
    assert response.status_code == 409
    assert "This lesson is an exercise: it is done when your draft passes the check" in (
        page_text(response)
    )
    assert not completed(user, exercise_lesson)

    by_api = api(user).post(f"/api/v1/lessons/{exercise_lesson.id}/complete")
    assert by_api.status_code == 409
    assert by_api.json["error"]["code"] == "lesson_is_an_exercise"
    assert not completed(user, exercise_lesson)

    # Another lesson of the course is still marked done by hand.
    other = courses.active_lessons(exercise_lesson.course)[0]
    assert client.post(f"/courses/{EXERCISE_COURSE}/lessons/intro", data={}).status_code == 302
    assert completed(user, other)


# Personal data


def test_the_data_download_holds_ones_drafts_only(app, exercise_lesson, make_user, client, login):
    user = make_user()
    submit(user, exercise_lesson, "Project Falcon is nearly ready!", network="x")
    submit(make_user(), exercise_lesson, "Someone else's draft")
    login(user)

    data = json.loads(client.get("/privacy/my-data.json").data)

    [draft] = data["drafts"]
    assert draft["course"] == EXERCISE_COURSE
    assert draft["lesson"] == f"{EXERCISE_COURSE} practice"
    assert (draft["network"], draft["text"], draft["passed"]) == (
        "x",
        "Project Falcon is nearly ready!",
        False,
    )
    assert [finding["rule"] for finding in draft["findings"]] == [
        "length",
        "disclosure",
        "confidential",
        "personal",
    ]
    assert draft["findings"][2]["found"] == ["Project Falcon"]
    assert draft["created_at"]
    assert "Someone else's draft" not in json.dumps(data)
    assert "drafts you wrote in the exercises" in page_text(client.get("/privacy/my-data"))


def test_anonymisation_deletes_the_persons_drafts(app, exercise_lesson, make_user):
    leaver = make_user()
    stayer = make_user()
    hr = make_user(roles=("hr",))
    submit(leaver, exercise_lesson, GOOD)
    submit(stayer, exercise_lesson, GOOD)
    with unit_of_work():
        db.session.get(User, leaver.id).is_active = False
    with unit_of_work():
        privacy.anonymise(hr, leaver.id, "Left the company")

    owners = db.session.execute(sa.select(Draft.user_id)).scalars().all()
    assert owners == [stayer.id]
    # The lesson the leaver completed stays done, for the reports.
    assert completed(leaver, exercise_lesson)


def test_the_company_s_own_contact_address_is_no_one_s_personal_data(app, catalogue):
    # tests/catalogue.py's company gives press@acme.example as its communications contact.
    findings = {
        finding.rule: finding
        for finding in exercises.check(
            "Questions? Write to press@acme.example or to jane.doe@gmail.com. Views my own.",
            "linkedin",
            company_name="Acme",
            confidential_terms=[],
            public_addresses=company.public_addresses(),
        )
    }
    personal = findings["personal"]
    assert not personal.passed
    assert len(personal.found) == 1 and personal.found[0].startswith("e-mail address j")
    alone = exercises.check(
        "Questions? Write to press@acme.example. Views my own.",
        "linkedin",
        company_name="Acme",
        confidential_terms=[],
        public_addresses=company.public_addresses(),
    )
    assert all(finding.passed for finding in alone if finding.rule == "personal")
