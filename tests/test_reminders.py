"""Reminder e-mails through a real SMTP server started by the test (aiosmtpd): who gets
one, what it says (never sharing to an objector), at most one a week, the scheduler's
command, HR's button and the record of what was sent."""

import email
import socket
from datetime import timedelta
from email.message import Message

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from learning.database import utcnow
from learning.extensions import db
from learning.hr import reminders
from learning.hr.models import Reminder
from learning.transaction import unit_of_work
from tests.catalogue import load_content
from tests.conftest import REAL_COURSES
from tests.coverage_data import Roster, set_profile
from tests.test_conduct_guide import GUIDE_V2
from tests.test_progress import page_text


class Collector:
    def __init__(self):
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp():
    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, collector
    controller.stop()


@pytest.fixture
def app_config(app_config, smtp):
    """Every test here sends through the SMTP server it started."""
    controller, _collector = smtp
    app_config.update(
        MAIL_BACKEND="smtp",
        MAIL_SERVER=controller.hostname,
        MAIL_PORT=controller.port,
        MAIL_USE_TLS=False,
        MAIL_DEFAULT_SENDER="training@example.com",
    )
    return app_config


@pytest.fixture
def roster(app, catalogue, make_user):
    world = Roster(make_user)
    # An objector, 40 days after their hire date, path not finished: overdue.
    world.objector = make_user(name="Olga Objector", level="objector", department="Ops")
    set_profile(world.objector, hire_date=world.today - timedelta(days=40))
    return world


def body_of(message: Message) -> str:
    return message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")


def messages_to(collector, address: str) -> list[Message]:
    return [message for message in collector.messages if message["To"] == address]


def send(now=None, by=None):
    with unit_of_work():
        return reminders.send(by=by, now=now)


def test_the_overdue_get_a_reminder_with_a_link_to_their_path(roster, smtp):
    _controller, collector = smtp

    sent = send()

    # s2 (day 31), s5 (no diagnostic, day 200), l1 (day 60) and the objector (day 40).
    assert sorted(item.user.name for item in sent) == [
        "Legal l1",
        "Olga Objector",
        "Sales s2",
        "Sales s5",
    ]
    assert len(collector.messages) == 4
    (message,) = messages_to(collector, roster.sales[1].email)
    assert message["Subject"] == "Reminder: your social-media training is waiting for you"
    assert message["From"] == "training@example.com"
    body = body_of(message)
    assert "Hello Sales s2," in body
    assert "your learning path is not complete yet" in body
    assert "/courses/" in body
    assert "acknowledge version 1 of the conduct guide" in body  # not acknowledged either
    assert "the hub has the company's news ready for you to pass on" in body
    assert "at most one reminder a week" in body


def test_an_objector_is_reminded_of_the_training_never_of_sharing(roster, smtp):
    _controller, collector = smtp

    send()

    (message,) = messages_to(collector, roster.objector.email)
    body = body_of(message).lower()
    assert "learning path is not complete" in body
    assert "conduct guide" in body
    for word in ("shar", "hub", "pass on", "network"):
        assert word not in body


def test_at_most_one_reminder_a_week_day_6_no_day_7_yes(roster, smtp):
    _controller, collector = smtp
    start = utcnow()

    first = {item.user.name for item in send(now=start)}
    assert first == {"Legal l1", "Olga Objector", "Sales s2", "Sales s5"}
    # Six days later: s3 and s4 have become overdue meanwhile; the first four wait.
    day_6 = send(now=start + timedelta(days=6, hours=23, minutes=59))
    assert {item.user.name for item in day_6} == {"Sales s3", "Sales s4"}
    assert len(collector.messages) == 6
    # Seven days after the first: the first four again; s3 and s4 still wait.
    day_7 = send(now=start + timedelta(days=7))
    assert {item.user.name for item in day_7} == first
    rows = db.session.execute(
        sa.select(Reminder.sent_at).where(Reminder.user_id == roster.sales[1].id)
    ).all()
    assert len(rows) == 2


def test_a_refused_send_sends_and_records_nothing(roster, smtp):
    _controller, collector = smtp
    with pytest.raises(RuntimeError), unit_of_work():
        reminders.send()
        raise RuntimeError("the command failed after choosing whom to remind")
    assert collector.messages == []
    assert db.session.execute(sa.select(sa.func.count(Reminder.id))).scalar_one() == 0


def test_people_who_must_reacknowledge_a_new_guide_are_reminded_of_it(roster, smtp, catalogue_dir):
    _controller, collector = smtp
    (catalogue_dir / "guide" / "v2.yml").write_text(GUIDE_V2)
    load_content(catalogue_dir)
    s1 = roster.sales[0]  # path finished, acknowledged version 1

    send()

    (message,) = messages_to(collector, s1.email)
    assert message["Subject"] == "Reminder: please read the new conduct guide"
    body = body_of(message)
    assert "acknowledge version 2 of the conduct guide" in body
    assert "/conduct/" in body
    assert "learning path" not in body
    due = reminders.due()
    assert due.must_reacknowledge == 3  # s1, s6 and o1 acknowledged version 1


def test_the_scheduler_command_prints_what_it_sent(roster, smtp, runner):
    _controller, collector = smtp

    result = runner.invoke(args=["reminders", "send"])

    assert result.exit_code == 0, result.output
    assert f"Reminded {roster.sales[1].email}: learning path and conduct guide." in result.output
    assert "4 reminder(s) sent." in result.output
    assert len(collector.messages) == 4
    again = runner.invoke(args=["reminders", "send"])
    assert "0 reminder(s) sent." in again.output


def test_hr_sees_who_is_due_sends_with_the_button_and_reads_the_history(
    roster, smtp, client, login
):
    _controller, collector = smtp
    login(roster.viewer)

    before = page_text(client.get("/hr/reminders"))
    assert "Overdue 4" in before
    assert "Sales s2" in before and "Never" in before
    assert "No reminder sent yet." in before

    response = client.post("/hr/reminders/send", follow_redirects=True)

    page = page_text(response)
    assert "4 reminders sent." in page
    assert "Hana HR" in page.split("Reminders sent")[-1]
    assert "next from" in page
    assert len(collector.messages) == 4
    again = page_text(client.post("/hr/reminders/send", follow_redirects=True))
    assert "Nobody is due a reminder" in again
    assert len(collector.messages) == 4


def test_the_demo_has_a_reminder_history(app):
    from learning import demo

    app.config["COURSES_DIR"] = str(REAL_COURSES)
    with unit_of_work():
        demo.seed()

    history = reminders.history()
    assert len(history) == 5
    assert history[0].user.email == "marie@example.com"
    assert history[0].sent_by.name == "Hana Rossi"
    # Only to people already hired, and late.
    assert all(r.sent_at.date() > r.user.hire_date + timedelta(days=30) for r in history)
    assert {reminder.sent_by for reminder in history} >= {None}
