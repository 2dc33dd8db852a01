"""`flask badges ...`: reconcile now, apply a rule to past activity, draw the images."""

from pathlib import Path

import click

from learning.badges import blueprint
from learning.errors import DomainError
from learning.transaction import unit_of_work


@blueprint.cli.command("reconcile")
def reconcile_command():
    """Count new clicks and sign-ups and award what they earn (the app does this by itself
    every 20 seconds; this runs it once)."""
    from learning.badges import reconcile

    with unit_of_work():
        done = reconcile.reconcile()
        awarded = list(done.awarded)
    if not done.ran:
        click.echo("Another process is reconciling now; nothing done.")
        return
    click.echo(
        f"Reconciled: {done.clicks} counted click(s), {done.signups} sign-up(s), "
        f"{len(awarded)} badge(s) awarded."
    )


@blueprint.cli.command("apply")
@click.argument("slug", required=False)
def apply_command(slug):
    """Apply the rule of badge SLUG (or every automatic rule) to past activity: award what
    is due, nothing twice."""
    from learning.badges import services

    try:
        with unit_of_work():
            applied = services.apply(slug)
            lines = [f"  {entry.badge.slug}: {entry.user.email}" for entry in applied]
    except DomainError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Awarded {len(lines)} badge(s).")
    for line in lines:
        click.echo(line)


@blueprint.cli.command("images")
@click.option("--directory", type=click.Path(file_okay=False), default=None)
def images_command(directory):
    """Draw every badge image of courses/badges.yml (512x512 PNG) into static/badges/."""
    from flask import current_app

    from learning.badges import definitions, images

    courses_dir = Path(current_app.config["COURSES_DIR"])
    specs = definitions.load(courses_dir) or []
    target = Path(directory) if directory else images.IMAGES_DIR
    for spec in specs:
        path = images.draw_to(target, spec)
        click.echo(f"{path}")
