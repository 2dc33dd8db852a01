"""Command-line interface: `flask --app wsgi <group> <command>`.

Each command is one unit of work: it commits once, after everything it did succeeded,
and only then says so.
"""

import click
from flask import Flask
from flask.cli import AppGroup

from learning import content_sync
from learning.auth import services as accounts
from learning.content import ContentError
from learning.errors import DomainError
from learning.roles import ROLES
from learning.transaction import unit_of_work

users_cli = AppGroup("users", help="Manage accounts.")
tokens_cli = AppGroup("tokens", help="Manage API tokens.")
courses_cli = AppGroup("courses", help="Load course content.")
demo_cli = AppGroup("demo", help="Demo data.")
clicks_cli = AppGroup("clicks", help="Clicks on tracked links.")
reminders_cli = AppGroup("reminders", help="Reminder e-mails to people late with their training.")


@users_cli.command("create")
@click.argument("email")
@click.option("--name", required=True, help="Full name.")
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    type=click.Choice(ROLES),
    help="A role; repeat for several.",
)
@click.option("--department", default=None)
@click.option("--password", default=None, help="Asked for when not given.")
def create_user(email, name, roles, department, password):
    """Create an account."""
    if password is None and "integration" not in roles:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with unit_of_work():
            user = accounts.create_user(
                email, name, list(roles), department=department, password=password
            )
            created = f"{user.email} ({', '.join(user.roles)})"
    except DomainError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Created {created}.")


@tokens_cli.command("create")
@click.argument("email")
@click.option(
    "--expires-in-days",
    type=click.IntRange(min=1, max=accounts.TOKEN_MAX_DAYS),
    default=None,
    help="Days the token works; without it, until revoked.",
)
def create_token(email, expires_in_days):
    """Print a new API token for that user, alone on the last line."""
    with unit_of_work():
        user = accounts.find_user_by_email(email)
        if user is None:
            raise click.ClickException(f"No account with the e-mail {email}.")
        address = user.email
        token = accounts.create_api_token(user, expires_in_days)
    lasting = f"for {expires_in_days} days" if expires_in_days else "until revoked"
    click.echo(f"API token for {address}, working {lasting} (shown once; store it safely):")
    click.echo(token)


@courses_cli.command("sync")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@click.option(
    "--company",
    "company_file",
    type=click.Path(dir_okay=False),
    help="The company's settings (default: company.yml in the folder, or COMPANY_FILE).",
)
def sync_courses(directory, company_file):
    """Load courses/ (or DIRECTORY) into the database, keeping everyone's progress."""
    from flask import current_app

    from learning.courses.services import REVIEW_MONTHS, lessons_due_for_review

    try:
        with unit_of_work():
            report = content_sync.sync(
                directory or current_app.config["COURSES_DIR"],
                company_file or current_app.config["COMPANY_FILE"],
            )
    except ContentError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(
            f"{len(error.problems)} problem(s) in the course content; nothing was changed."
        ) from None
    click.echo(f"Courses synced: {report}.")
    due = lessons_due_for_review()
    if due:
        click.echo(f"{len(due)} lesson(s) not reviewed for {REVIEW_MONTHS} months or more:")
        for lesson in due:
            reviewed = lesson.reviewed_on.isoformat() if lesson.reviewed_on else "never"
            click.echo(f"  {lesson.course.slug}/lessons/{lesson.key}.md (reviewed: {reviewed})")


@demo_cli.command("seed")
def seed_demo():
    """Fill an empty database with a demo organisation."""
    from learning import demo

    try:
        with unit_of_work():
            accounts_made = demo.seed()
    except demo.NotEmpty as error:
        click.echo(str(error))
        return
    click.echo("Demo organisation created. Sign in with:")
    for email, password, roles in accounts_made:
        click.echo(f"  {email:32} {password:20} {roles}")


@clicks_cli.command("rotate-keys")
def rotate_visitor_keys():
    """Make today's visitor key and destroy those of earlier days (run it daily: the first
    click of a day does the same)."""
    from learning.database import utcnow
    from learning.extensions import db
    from learning.sharing import tracking

    day = utcnow().date()
    with db.engine.begin() as connection:
        tracking.rotate_keys(connection, day)
    click.echo(f"Visitor key of {day.isoformat()} in place; earlier days' keys are destroyed.")


@reminders_cli.command("send")
def send_reminders():
    """E-mail everyone overdue or due to acknowledge a new guide who has had no reminder
    for a week (run it daily from a scheduler; see the README)."""
    from learning.hr import reminders

    with unit_of_work():
        sent = [(item.user.email, item.training, item.guide) for item in reminders.send()]
    for email, training, guide in sent:
        about = " and ".join(
            name for name, due in (("learning path", training), ("conduct guide", guide)) if due
        )
        click.echo(f"Reminded {email}: {about}.")
    click.echo(f"{len(sent)} reminder(s) sent.")


def register(app: Flask) -> None:
    from learning.hr.roster_cli import employees_cli

    for group in (
        users_cli,
        tokens_cli,
        courses_cli,
        demo_cli,
        clicks_cli,
        reminders_cli,
        employees_cli,
    ):
        app.cli.add_command(group)
