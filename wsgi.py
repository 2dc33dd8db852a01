"""Entry point: `flask --app wsgi run`, or a WSGI server pointed at `wsgi:app`."""

from learning import create_app

app = create_app()
