"""The roster import: each bad line's verdict, the file's own problems, preview then apply,
leavers, and the command line. Every refusal leaves the database as it was."""

import io
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from learning.auth import services as accounts
from learning.auth.models import User
from learning.errors import Invalid
from learning.extensions import db
from learning.hr import roster
from learning.transaction import unit_of_work

HEADER = "email,name,department,site,manager_email,hire_date"
TODAY = date(2026, 11, 24)


def csv_text(*lines: str, header: str = HEADER) -> str:
    return "\n".join((header, *lines)) + "\n"


def people() -> dict[str, User]:
    return {user.email: user for user in db.session.execute(sa.select(User)).scalars()}


def only_line(text: str, **options) -> roster.RosterLine:
    plan = roster.preview(text, today=TODAY, **options)
    return plan.lines[0]


def assert_rejected(text: str, reason: str, **options) -> None:
    before = sorted(people())
    line = only_line(text, **options)
    assert line.verdict == roster.REJECTED
    assert any(reason in text for text in line.reasons), line.reasons
    assert sorted(people()) == before


def test_a_clean_line_is_to_create_and_nothing_is_written_before_apply(app):
    plan = roster.preview(csv_text("ana@example.com,Ana Lima,Sales,Lyon,,2026-01-05"), today=TODAY)
    assert plan.counts["create"] == 1
    assert accounts.find_user_by_email("ana@example.com") is None


def test_bad_email(app):
    assert_rejected(csv_text("not-an-address,Ana,Sales,Lyon,,2026-01-05"), "not a valid e-mail")


def test_duplicate_email_rejects_every_line_of_it(app):
    plan = roster.preview(
        csv_text("ana@example.com,Ana,Sales,,,", "ANA@example.com,Ana Two,Sales,,,"),
        today=TODAY,
    )
    assert [line.verdict for line in plan.lines] == [roster.REJECTED] * 2
    assert "on more than one line" in plan.lines[1].reasons[0]


def test_manager_not_in_the_file_nor_in_the_database(app):
    assert_rejected(
        csv_text("ana@example.com,Ana,Sales,,ghost@example.com,"),
        "The manager ghost@example.com is neither in the file nor an employee",
    )


def test_manager_in_the_file_or_in_the_database_is_fine(app, make_user):
    boss = make_user(email="boss@example.com")
    plan = roster.preview(
        csv_text(
            "ana@example.com,Ana,Sales,,boss@example.com,",
            "bob@example.com,Bob,Sales,,ana@example.com,",
        ),
        today=TODAY,
    )
    assert plan.counts["create"] == 2
    with unit_of_work():
        roster.apply(plan)
    assert accounts.find_user_by_email("bob@example.com").manager.email == "ana@example.com"
    assert accounts.find_user_by_email("ana@example.com").manager_id == boss.id


def test_manager_cycles_of_two_and_three(app):
    plan = roster.preview(
        csv_text(
            "a@example.com,A,X,,b@example.com,",
            "b@example.com,B,X,,a@example.com,",
            "c@example.com,C,X,,d@example.com,",
            "d@example.com,D,X,,e@example.com,",
            "e@example.com,E,X,,c@example.com,",
            "f@example.com,F,X,,a@example.com,",
        ),
        today=TODAY,
    )
    verdicts = {line.email: line.verdict for line in plan.lines}
    assert all(verdicts[e + "@example.com"] == roster.REJECTED for e in "abcde")
    assert "Manager cycle" in plan.lines[0].reasons[0]
    assert "a@example.com → b@example.com → a@example.com" in plan.lines[0].reasons[0]
    # Reporting to someone in a cycle: that manager's line is rejected, so has no manager.
    assert verdicts["f@example.com"] == roster.REJECTED
    assert people() == {}


def test_cycle_through_the_database(app, make_user):
    boss = make_user(email="boss@example.com")
    with unit_of_work():
        report = make_user(email="report@example.com")
        report.manager_id = boss.id
    assert_rejected(csv_text("boss@example.com,Boss,X,,report@example.com,"), "Manager cycle")


def test_unknown_level(app):
    assert_rejected(
        csv_text("ana@example.com,Ana,Sales,,,,guru", header=HEADER + ",level"),
        "Unknown level guru",
    )


def test_unparseable_hire_date(app):
    assert_rejected(csv_text("ana@example.com,Ana,Sales,,,31.02.2026"), "is not a date")


def test_hire_date_more_than_a_year_ahead_is_refused_a_few_weeks_is_fine(app):
    far = (TODAY + timedelta(days=366)).isoformat()
    assert_rejected(csv_text(f"ana@example.com,Ana,Sales,,,{far}"), "more than a year ahead")
    soon = (TODAY + timedelta(days=21)).isoformat()
    assert only_line(csv_text(f"ana@example.com,Ana,Sales,,,{soon}")).verdict == roster.CREATE
    assert only_line(csv_text("ana@example.com,Ana,Sales,,,05/01/2026")).hire_date == date(
        2026, 1, 5
    )


def test_empty_name(app):
    assert_rejected(csv_text("ana@example.com,,Sales,,,"), "Name is required")


@pytest.mark.parametrize("cell", ['"=HYPERLINK(""http://evil"",""x"")"', "+33 1", "-2", "@SUM(A1)"])
def test_formula_injection_is_refused(app, cell):
    assert_rejected(
        csv_text(f"ana@example.com,{cell},Sales,,,"), "starts like a spreadsheet formula"
    )


def test_missing_column_is_one_error_for_the_file(app):
    with pytest.raises(Invalid) as error:
        roster.preview("email,name,department\nana@example.com,Ana,Sales\n")
    assert "misses the column(s) site, manager_email, hire_date" in error.value.message


def test_too_many_lines_is_refused_whole(app):
    app.config["ROSTER_MAX_LINES"] = 100
    text = csv_text(*(f"p{n}@example.com,P {n},X,,," for n in range(101)))
    with pytest.raises(Invalid) as error:
        roster.preview(text)
    assert "more than 100 lines" in error.value.message


def test_fifty_thousand_lines_are_refused(app):
    text = csv_text(*(f"p{n}@example.com,P {n},X,,," for n in range(50_000)))
    with pytest.raises(Invalid) as error:
        roster.preview(text)
    assert "more than 20000 lines" in error.value.message
    assert people() == {}


def test_file_over_the_size_limit(app):
    from learning.hr import roster_csv

    app.config["ROSTER_MAX_BYTES"] = 1024 * 1024
    with pytest.raises(Invalid) as error:
        roster_csv.decode(b"x" * (1024 * 1024 + 1))
    assert "larger than 1 MB" in error.value.message


@pytest.mark.parametrize(
    "data",
    [
        (
            "email;name;department;site;manager_email;hire_date\n"
            "zoe@example.com;Zoé Hébert;Ventes;Paris;;05/01/2026\n"
        ).encode("latin-1"),
        (
            "\ufeffEmail, Name ,Department,Site,Manager e-mail,Hire date\n"
            "zoe@example.com,Zoé Hébert,Ventes,Paris,,2026-01-05\n"
        ).encode(),
    ],
    ids=["latin1-semicolons", "bom-header-spelling"],
)
def test_latin1_bom_semicolon_files(app, data):
    from learning.hr import roster_csv

    plan = roster.preview(roster_csv.decode(data), today=TODAY)
    line = plan.lines[0]
    assert (line.verdict, line.name, line.department) == (roster.CREATE, "Zoé Hébert", "Ventes")
    assert line.hire_date == date(2026, 1, 5)


def test_apply_creates_updates_and_invites(app, make_user, outbox):
    make_user(email="old@example.com", name="Old Name", department="Sales")
    plan = roster.preview(
        csv_text(
            "old@example.com,New Name,Sales,Lyon,,",
            "new@example.com,New Person,Legal,Paris,old@example.com,2026-10-01",
            "bad,Bad,Legal,,,",
        ),
        today=TODAY,
    )
    assert plan.counts == {"rejected": 1, "create": 1, "update": 1, "deactivate": 0, "unchanged": 0}
    update = next(line for line in plan.lines if line.verdict == roster.UPDATE)
    assert "name: Old Name → New Name" in update.changes
    with unit_of_work():
        roster.apply(plan)
    new = accounts.find_user_by_email("new@example.com")
    assert (new.roles, new.site, new.hire_date, new.password_hash) == (
        ["employee"],
        "Paris",
        date(2026, 10, 1),
        None,
    )
    assert [message.to for message in outbox] == [["new@example.com"]]
    assert "/auth/invitations/" in outbox[0].body
    again = roster.preview(csv_text("old@example.com,New Name,Sales,Lyon,,"), today=TODAY)
    assert again.counts["unchanged"] == 1


def test_whole_roster_deactivates_the_absent_but_never_hr(app, make_user, login, client):
    make_user(email="stays@example.com")
    leaver = make_user(email="leaver@example.com")
    hr = make_user(email="hr@example.com", roles=("hr",))
    plan = roster.preview(csv_text("stays@example.com,Stays,X,,,"), whole_roster=True, by=hr)
    assert [(line.email, line.verdict) for line in plan.lines if line.verdict == "deactivate"] == [
        ("leaver@example.com", "deactivate")
    ]
    with unit_of_work():
        roster.apply(plan, by=hr)
    assert accounts.find_user_by_email("leaver@example.com").is_active is False
    assert accounts.find_user_by_email("hr@example.com").is_active is True
    # Kept, not deleted, and can no longer sign in.
    response = login(leaver)
    assert response.status_code == 200 and "/auth/login" in response.request.path


def test_active_column_deactivates_a_leaver(app, make_user):
    make_user(email="leaver@example.com")
    plan = roster.preview(
        csv_text("leaver@example.com,Leaver,X,,,,no", header=HEADER + ",active"), today=TODAY
    )
    assert plan.counts["deactivate"] == 1
    with unit_of_work():
        roster.apply(plan)
    assert accounts.find_user_by_email("leaver@example.com").is_active is False


# The browser pages


def upload(client, text, whole_roster=False, name="roster.csv"):
    data = {"file": (io.BytesIO(text.encode()), name)}
    if whole_roster:
        data["whole_roster"] = "y"
    return client.post("/hr/roster/import", data=data, content_type="multipart/form-data")


def test_upload_preview_confirm_result(app, client, login, make_user, outbox):
    app.config["WTF_CSRF_ENABLED"] = False
    login(make_user(roles=("hr",)))
    page = upload(client, csv_text("ana@example.com,Ana Lima,Sales,,,", "bad,Bad,X,,,"))
    assert page.status_code == 200
    assert "Import preview" in page.text and "not a valid e-mail" in page.text
    assert page.text.index("not a valid e-mail") < page.text.index("ana@example.com")
    assert accounts.find_user_by_email("ana@example.com") is None
    key = page.text.split('name="key" type="hidden" value="')[1].split('"')[0]
    result = client.post("/hr/roster/import/confirm", data={"key": key})
    assert "Import applied" in result.text and "Created: 1" in result.text
    assert accounts.find_user_by_email("ana@example.com").name == "Ana Lima"
    again = client.post("/hr/roster/import/confirm", data={"key": key})
    assert "no longer waiting" in again.text


def test_upload_of_a_bad_file_says_why(app, client, login, make_user):
    app.config["WTF_CSRF_ENABLED"] = False
    login(make_user(roles=("hr",)))
    page = upload(client, "email,name\nana@example.com,Ana\n")
    assert page.status_code == 200 and "misses the column(s)" in page.text


def test_another_hr_person_cannot_confirm_my_import(app, client, login, make_user):
    app.config["WTF_CSRF_ENABLED"] = False
    login(make_user(roles=("hr",)))
    page = upload(client, csv_text("ana@example.com,Ana Lima,Sales,,,"))
    key = page.text.split('name="key" type="hidden" value="')[1].split('"')[0]
    client.post("/auth/logout")
    login(make_user(roles=("hr",)))
    refused = client.post("/hr/roster/import/confirm", data={"key": key})
    assert "no longer waiting" in refused.text
    assert accounts.find_user_by_email("ana@example.com") is None


# The command line


def test_cli_previews_then_applies(app, runner, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text(csv_text("ana@example.com,Ana,Sales,,,", "bad,Bad,X,,,"))
    preview = runner.invoke(args=["employees", "import", str(path)])
    assert preview.exit_code == 0
    assert "create 1" in preview.output and "rejected 1" in preview.output
    assert "line 3: bad: " in preview.output and "Nothing changed" in preview.output
    assert accounts.find_user_by_email("ana@example.com") is None
    applied = runner.invoke(args=["employees", "import", str(path), "--apply"])
    assert applied.exit_code == 0
    assert accounts.find_user_by_email("ana@example.com") is not None


def test_cli_exits_non_zero_for_an_invalid_file(app, runner, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("email\nana@example.com\n")
    result = runner.invoke(args=["employees", "import", str(path), "--apply"])
    assert result.exit_code != 0 and "misses the column(s)" in result.output
    assert people() == {}


def test_hr_sets_levels_through_the_import_the_command_line_may_not(app, make_user):
    hr = make_user(email="hr@example.com", roles=("hr",))
    make_user(email="old@example.com", name="Old", department="X")
    text = csv_text(
        "old@example.com,Old,Y,Lyon,,,beginner",
        "new@example.com,New,X,,old@example.com,,native",
        header=HEADER + ",level",
    )
    refused = roster.preview(text, today=TODAY)
    assert refused.counts["rejected"] == 2
    assert "Only an HR person may set a level" in refused.lines[0].reasons[0]
    plan = roster.preview(text, by=hr, today=TODAY)
    assert plan.counts == {"rejected": 0, "create": 1, "update": 1, "deactivate": 0, "unchanged": 0}
    with unit_of_work():
        roster.apply(plan, by=hr)
    old = accounts.find_user_by_email("old@example.com")
    new = accounts.find_user_by_email("new@example.com")
    assert (old.level, old.department, old.site) == ("beginner", "Y", "Lyon")
    assert (new.level, new.manager_id) == ("native", old.id)


def count_statements(work) -> int:
    seen = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        work()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    return len(seen)


def test_preview_and_apply_do_not_query_per_line(app, make_user):
    """A roster of 20 and one of 400 take the same statements (under a thousand lines,
    one batch): the people are loaded and inserted in bulk, never one by one."""
    hr = make_user(email="hr@example.com", roles=("hr",))

    def statements_for(size: int, prefix: str) -> int:
        text = csv_text(
            *(
                f"{prefix}{n}@example.com,P {n},X,,{prefix}{n - 1}@example.com,"
                if n
                else f"{prefix}0@example.com,P 0,X,,,"
                for n in range(size)
            )
        )

        def work():
            with unit_of_work():
                roster.apply(roster.preview(text, by=hr), by=hr)

        return count_statements(work)

    assert statements_for(20, "small") == statements_for(400, "large")
