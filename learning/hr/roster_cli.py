"""`flask --app wsgi employees import FILE [--apply] [--whole-roster]`: the roster import
for scripts. It prints the preview; only with --apply does it write, in one unit of work."""

from pathlib import Path

import click
from flask.cli import AppGroup

from learning.errors import DomainError
from learning.hr import roster, roster_csv
from learning.transaction import unit_of_work

employees_cli = AppGroup("employees", help="The employee roster.")


def _print_preview(plan: roster.RosterPlan) -> None:
    counts = plan.counts
    click.echo(
        f"create {counts['create']}, update {counts['update']}, "
        f"deactivate {counts['deactivate']}, unchanged {counts['unchanged']}, "
        f"rejected {counts['rejected']}"
    )
    for line in plan.rejected:
        click.echo(f"line {line.number}: {line.email or '-'}: {' '.join(line.reasons)}")


@employees_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--apply", "apply_", is_flag=True, help="Write the valid lines (else: preview).")
@click.option(
    "--whole-roster",
    is_flag=True,
    help="The file is the whole roster: deactivate the employees and champions it omits.",
)
def import_employees(file: Path, apply_: bool, whole_roster: bool):
    """Import employees from a CSV file: preview, and apply with --apply."""
    try:
        with file.open("rb") as handle:
            data = handle.read(roster_csv.max_bytes() + 1)
        with unit_of_work():
            plan = roster.preview(roster_csv.decode(data), whole_roster=whole_roster)
            _print_preview(plan)
            if apply_:
                roster.apply(plan)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    if apply_:
        click.echo("Applied the valid lines; new employees were sent an invitation.")
    else:
        click.echo("Nothing changed: run again with --apply to import the valid lines.")
