"""Choosing champions: 1 to 3 on four criteria; 8 or more out of 12 marks a suitable
leader. Bad input: a clear error, nothing written."""

import pytest
import sqlalchemy as sa

from learning.extensions import db
from learning.programme import candidates
from learning.programme.models import CandidateRating
from learning.transaction import unit_of_work


def rating_count() -> int:
    return db.session.execute(sa.select(sa.func.count()).select_from(CandidateRating)).scalar()


def scores(charismatic="2", known="2", recognised="2", available="2") -> dict:
    return {
        "charismatic": charismatic,
        "known": known,
        "recognised": recognised,
        "available": available,
    }


@pytest.fixture
def hr(make_user, client, login):
    person = make_user(roles=("hr",), name="Hana Rossi")
    login(person)
    return person


@pytest.fixture
def candidate(make_user):
    return make_user(email="nadia@example.com", name="Nadia Benali", department="Sales")


def row_of(page_text: str, email: str) -> str:
    start = page_text.index(f'data-candidate="{email}"')
    return page_text[start : page_text.index("</tr>", start)]


@pytest.mark.parametrize(
    "given, total, suitable",
    [
        (scores("2", "2", "2", "1"), 7, "No"),
        (scores("2", "2", "2", "2"), 8, "Yes"),
        (scores("3", "3", "2", "1"), 9, "Yes"),
    ],
)
def test_the_total_and_suitability(client, hr, candidate, given, total, suitable):
    response = client.post("/programme/candidates", data={"candidate": candidate.email, **given})
    assert response.status_code == 302
    page = client.get("/programme/candidates").text
    row = row_of(page, candidate.email)
    assert f"<td>{total}</td>" in row
    assert f'<td class="suitable">{suitable}</td>' in row
    assert "Hana Rossi" in row  # who rated, and when
    assert "<time datetime=" in row


def test_rating_again_replaces_the_raters_previous_rating(client, hr, candidate, make_user):
    client.post("/programme/candidates", data={"candidate": candidate.email, **scores()})
    client.post(
        "/programme/candidates",
        data={"candidate": candidate.email, **scores("3", "3", "3", "3")},
    )
    assert rating_count() == 1
    other = make_user(roles=("admin",), name="Alex Admin")
    with unit_of_work():
        candidates.rate(other, candidate.email, dict.fromkeys(scores(), 1))
    rows = candidates.ratings()
    assert [(row.rated_by, row.total, row.suitable) for row in rows] == [
        ("Hana Rossi", 12, True),
        ("Alex Admin", 4, False),
    ]


@pytest.mark.parametrize(
    "values, message",
    [
        (scores(charismatic="0"), "“Charismatic” is rated from 1 to 3, not 0."),
        (scores(available="4"), "“Available” is rated from 1 to 3, not 4."),
        ({**scores(), "known": ""}, "Rate “Known” from 1 to 3."),
        ({k: v for k, v in scores().items() if k != "recognised"}, "Rate “Recognised by peers”"),
        (scores(known="two"), "Rate “Known” from 1 to 3."),
        ({**scores(), "candidate": "nobody@example.com"}, "Nobody with the e-mail address"),
        ({**scores(), "candidate": ""}, "e-mail address."),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(client, hr, candidate, values, message):
    data = {"candidate": candidate.email, **values}
    response = client.post("/programme/candidates", data=data)
    assert response.status_code == 200
    assert message in response.text
    assert rating_count() == 0


def test_the_database_keeps_each_criterion_between_1_and_3(hr, candidate):
    with pytest.raises(sa.exc.IntegrityError), unit_of_work():
        db.session.add(
            CandidateRating(
                candidate_id=candidate.id,
                rated_by_id=hr.id,
                charismatic=4,
                known=2,
                recognised=2,
                available=2,
            )
        )
    db.session.rollback()
    assert rating_count() == 0


def test_champions_and_employees_may_not_rate(app, make_user, candidate):
    from tests.conftest import PASSWORD

    for role in ("champion", "employee"):
        person = make_user(roles=(role,))
        web = app.test_client()
        web.post("/auth/login", data={"email": person.email, "password": PASSWORD})
        assert web.get("/programme/candidates").status_code == 403
        data = {"candidate": candidate.email, **scores()}
        assert web.post("/programme/candidates", data=data).status_code == 403
    assert rating_count() == 0
