"""Training coverage: every figure against the hand-computed roster of
`tests.coverage_data`, grouping and the small-group rule in the page, the API and the CSV,
the overdue boundary days, bad filters, and a query count that does not grow."""

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import g

from learning.auth.models import User
from learning.extensions import db
from learning.hr import coverage
from tests.conftest import PASSWORD
from tests.coverage_data import Roster, set_profile
from tests.test_progress import page_text


@pytest.fixture
def roster(app, catalogue, make_user):
    return Roster(make_user)


def test_every_figure_matches_the_hand_computed_roster(roster):
    report = coverage.coverage(today=roster.today)

    totals = report.totals
    assert totals.employees == 14
    assert totals.diagnosed == 9
    assert totals.by_level == {
        "native": 6,
        "late_adopter": 0,
        "reluctant": 1,
        "objector": 1,
        "beginner": 1,
    }
    assert totals.completed_path == 2
    assert totals.acknowledged_current_guide == 3
    assert totals.overdue == 3
    assert totals.must_reacknowledge == 0
    assert report.groups == []


def test_overdue_from_day_31_not_on_the_deadline_day_30(roster):
    """s2 is on day 31, s3 on day 30, s4 on day 29: only s2 (with s5 and l1) is overdue.
    A day later, s3 is on day 31 too; a day earlier, s2 is on day 30."""
    sales = coverage.Filters(department="Sales")

    assert coverage.coverage(sales, today=roster.today).totals.overdue == 2  # s2, s5
    tomorrow = roster.today + timedelta(days=1)
    assert coverage.coverage(sales, today=tomorrow).totals.overdue == 3  # s3 too
    yesterday = roster.today - timedelta(days=1)
    assert coverage.coverage(sales, today=yesterday).totals.overdue == 1  # s5 only


def test_without_a_hire_date_the_account_creation_day_starts_the_clock(roster):
    l2 = roster.legal[1]
    created = datetime.combine(roster.today - timedelta(days=30), datetime.min.time(), UTC)
    set_profile(l2, created_at=created + timedelta(hours=23))
    legal = coverage.Filters(department="Legal")

    assert coverage.coverage(legal, today=roster.today, see_small_groups=True).totals.overdue == 1
    tomorrow = roster.today + timedelta(days=1)
    assert coverage.coverage(legal, today=tomorrow, see_small_groups=True).totals.overdue == 2


def test_the_onboarding_days_are_configurable(roster, app):
    app.config["ONBOARDING_DAYS"] = 60
    # s2 (31 days), l1 (60 days: the deadline itself) are on time; s5 (200) is not.
    assert coverage.coverage(today=roster.today).totals.overdue == 1


def test_grouping_merges_small_groups_into_other_except_for_admins(roster):
    report = coverage.coverage(group_by="department", today=roster.today)

    rows = {
        group.label: (
            group.employees,
            group.diagnosed,
            group.completed_path,
            group.acknowledged_current_guide,
            group.overdue,
        )
        for group in report.groups
    }
    # Legal (2) and People (1) go into Other; three is still fewer than five, so the next
    # smallest group, Ops (5), joins them.
    assert rows == {"Sales": (6, 5, 2, 2, 2), "Other": (8, 4, 0, 1, 1)}
    assert report.merged == 3
    assert report.groups[-1].merged

    as_admin = coverage.coverage(group_by="department", see_small_groups=True, today=roster.today)
    assert {group.label: group.employees for group in as_admin.groups} == {
        "Legal": 2,
        "Ops": 5,
        "People": 1,
        "Sales": 6,
    }
    assert as_admin.merged == 0


def test_grouping_by_level_manager_site_and_hire_month(roster):
    def groups(group_by):
        report = coverage.coverage(group_by=group_by, see_small_groups=True, today=roster.today)
        return {group.label: group.employees for group in report.groups}

    assert groups("level") == {
        "Native": 6,
        "Beginner": 1,
        "Objector": 1,
        "Reluctant": 1,
        "Not set": 5,
    }
    assert groups("manager") == {"Sales s1": 5, "Not set": 9}
    assert groups("site") == {"Paris": 6, "Lyon": 5, "Not set": 3}
    months = groups("hire_month")
    assert sum(months.values()) == 14 and months["Not set"] == 2


def test_filters_narrow_the_figures_and_a_small_result_is_hidden(roster):
    sales_natives = coverage.coverage(
        coverage.Filters(department="Sales", site="Paris"), today=roster.today
    )
    assert (sales_natives.totals.employees, sales_natives.totals.completed_path) == (6, 2)
    managed = coverage.coverage(coverage.Filters(manager_id=roster.manager.id), today=roster.today)
    assert managed.totals.employees == 5

    legal = coverage.coverage(coverage.Filters(department="Legal"), today=roster.today)
    assert legal.hidden and legal.totals.employees == 0
    as_admin = coverage.coverage(
        coverage.Filters(department="Legal"), see_small_groups=True, today=roster.today
    )
    assert not as_admin.hidden and as_admin.totals.employees == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"level": "wizard"}, "Unknown level: wizard."),
        ({"manager": "Bob"}, "The manager must be given by their number."),
        ({"manager": "²"}, "The manager must be given by their number."),
        ({"manager": "9" * 25}, "The manager must be given by their number."),
        ({"hire_month": "2026-13"}, "The hire month must be written YYYY-MM"),
        ({"hire_month": "March"}, "The hire month must be written YYYY-MM"),
        ({"group_by": "shoe_size"}, "Group by one of: department, site, manager"),
    ],
)
def test_a_bad_filter_is_refused_in_words_on_the_page_the_csv_and_the_api(
    roster, client, login, api, args, message
):
    login(roster.viewer)
    page = client.get("/hr/coverage", query_string=args)
    assert page.status_code == 422
    assert message in page_text(page)
    assert client.get("/hr/coverage.csv", query_string=args).status_code == 422
    assert client.get("/hr/coverage/data.json", query_string=args).status_code == 422
    if "group_by" not in args:
        answer = api(roster.viewer).get("/api/v1/reports/coverage", query_string=args)
        assert answer.status_code == 422
        assert message in answer.json["error"]["message"]


def test_the_page_shows_cards_and_the_grouped_table_with_other(roster, client, login):
    login(roster.viewer)

    page = page_text(client.get("/hr/coverage?group_by=department"))

    assert "Employees 14" in page
    assert "Took the diagnostic 9" in page
    assert "Completed their path 2" in page
    assert "Acknowledged the current guide 3" in page
    assert "Overdue 3" in page
    assert "Sales 6 5 2 2 2 0" in page
    assert "Other 8 4 0 1 1 0" in page
    groups = page.split("Coverage per group")[1]
    assert "Legal" not in groups and "Ops" not in groups
    assert '3 groups are counted in "Other": groups of fewer than 5 people' in page


def test_an_admin_sees_the_small_groups_on_the_page(roster, client, login, make_user):
    admin = make_user(roles=("admin",), department="Sales")
    login(admin)

    page = page_text(client.get("/hr/coverage?group_by=department"))

    assert "Legal 2 1 0 0 1 0" in page
    assert "Other" not in page.split("Coverage per group")[1]


def test_the_chart_data_follows_the_small_group_rule(roster, client, login):
    login(roster.viewer)

    data = client.get("/hr/coverage/data.json?group_by=department").json["coverage"]

    assert data["groups"]["labels"] == ["Sales", "Other"]
    assert data["groups"]["employees"] == [6, 8]
    assert data["levels"]["people"] == [6, 0, 1, 1, 1]


def read_csv(response) -> list[list[str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_the_csv_export_follows_the_small_group_rule(roster, client, login):
    login(roster.viewer)

    rows = read_csv(client.get("/hr/coverage.csv?group_by=department"))

    assert rows[0][:3] == ["Department", "Employees", "Took the diagnostic"]
    assert [row[0] for row in rows[1:]] == ["Sales", "Other"]
    assert rows[-1][1] == "8"
    everyone = read_csv(client.get("/hr/coverage.csv"))
    assert everyone[1][:3] == ["Everyone", "14", "9"]
    assert read_csv(client.get("/hr/coverage.csv?department=Legal")) == []


def test_a_formula_in_a_department_comes_out_inert_in_the_csv(roster, client, login, make_user):
    make_user(department='=HYPERLINK("http://evil.example","Click")')
    admin = make_user(roles=("admin",))
    login(admin)

    rows = read_csv(client.get("/hr/coverage.csv?group_by=department"))

    assert '\'=HYPERLINK("http://evil.example","Click")' in [row[0] for row in rows]


def test_the_api_gives_the_api_md_shape_with_the_small_group_rule(roster, api, make_user):
    answer = api(roster.viewer).get("/api/v1/reports/coverage")

    assert answer.status_code == 200
    body = answer.json
    assert {key: body[key] for key in ("employees", "diagnosed", "completed_path")} == {
        "employees": 14,
        "diagnosed": 9,
        "completed_path": 2,
    }
    assert body["acknowledged_current_guide"] == 3 and body["overdue"] == 3
    assert body["by_level"]["native"] == 6
    assert body["hidden"] is False
    assert body["by_department"] == [
        {
            "department": "Sales",
            "merged": False,
            "employees": 6,
            "completed_path": 2,
            "acknowledged_current_guide": 2,
        },
        {
            "department": None,
            "merged": True,
            "employees": 8,
            "completed_path": 0,
            "acknowledged_current_guide": 1,
        },
    ]
    admin = make_user(roles=("admin",), department="Sales")
    as_admin = api(admin).get("/api/v1/reports/coverage").json
    assert [row["department"] for row in as_admin["by_department"]] == [
        "Legal",
        "Ops",
        "People",
        "Sales",
    ]
    filtered = api(roster.viewer).get("/api/v1/reports/coverage?department=Legal").json
    assert filtered["hidden"] is True and filtered["employees"] == 0


def test_the_overview_and_navigation_link_to_coverage(roster, client, login):
    login(roster.viewer)
    overview = client.get("/hr/").text
    assert 'href="/hr/coverage"' in overview and 'href="/hr/reminders"' in overview


@pytest.fixture
def statements(app):
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    yield seen
    sa.event.remove(db.engine, "before_cursor_execute", count)


def test_the_query_count_does_not_grow_with_the_roster(
    app, catalogue, make_user, client, statements
):
    viewer = make_user(roles=("hr",), password=PASSWORD)
    client.post("/auth/login", data={"email": viewer.email, "password": PASSWORD})

    def measure() -> tuple[int, int, int]:
        # Everyone hired long ago: all overdue, so the reminders page lists them all.
        db.session.execute(sa.update(User).values(hire_date=date(2020, 1, 6)))
        db.session.commit()
        db.session.expire_all()
        g.pop("_login_user", None)
        statements.clear()
        assert client.get("/hr/coverage?group_by=manager").status_code == 200
        page = len(statements)
        statements.clear()
        reminders_page = client.get("/hr/reminders")
        assert reminders_page.status_code == 200 and "Person 2" in reminders_page.text
        listing = len(statements)
        statements.clear()
        coverage.coverage(group_by="department")
        return page, listing, len(statements)

    for number in range(3):
        make_user(level="native", department=f"Team {number}")
    small = measure()
    for number in range(30):
        make_user(level="beginner", department=f"Team {number % 7}")
    assert measure() == small
    assert small[2] <= 3


def test_other_is_never_a_small_group_itself(roster, app):
    """With a minimum of 2, People (1) alone would be "Other", and readable as the totals
    less the groups shown: the next smallest, Legal (2), joins it."""
    app.config["SMALL_GROUP_MINIMUM"] = 2

    report = coverage.coverage(group_by="department", today=roster.today)

    assert {group.label: group.employees for group in report.groups} == {
        "Ops": 5,
        "Sales": 6,
        "Other": 3,
    }
