"""The social-media learning and advocacy platform."""

from pathlib import Path

from flask import Flask, current_app, g, has_request_context, redirect, request, session, url_for
from flask_babel import format_date, format_time, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.routing import IntegerConverter

from learning import config as configuration
from learning.extensions import babel, csrf, db, limiter, login_manager, mailer, migrate, talisman

PROJECT_ROOT = Path(__file__).resolve().parent.parent

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


class DatabaseIntegerConverter(IntegerConverter):
    """`<int:...>` in a URL: at most a 64-bit integer, the largest a database id can be.

    A larger number is simply no address (404); unbounded, it would reach the database,
    which refuses it with an error (SQLite raises OverflowError) and so a 500. Only
    ASCII digits: Werkzeug's `\\d` also takes other scripts' digits ("١٢" would be 12).
    """

    regex = r"[0-9]+"

    def __init__(self, map, fixed_digits=0, min=None, max=2**63 - 1, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def create_app(config: dict | None = None) -> Flask:
    """Build the application. Wiring only: nothing here touches the database."""
    from learning.errors import Utf8Request
    from learning.security import landing_page

    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.request_class = Utf8Request
    app.config.from_mapping(configuration.from_environment(app.instance_path))
    if config:
        app.config.update(config)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = configuration.instance_secret_key(app.instance_path)

    app.url_map.converters["int"] = DatabaseIntegerConverter
    _init_extensions(app)
    _register_blueprints(app)
    _register_apis(app)
    _register_templates_helpers(app)

    from learning.errors import register_error_handlers

    register_error_handlers(app)

    from learning import cli

    cli.register(app)

    from learning import transaction

    transaction.register(app)

    @app.get("/")
    def index():
        if current_user.is_authenticated:
            return redirect(landing_page(current_user))
        return redirect(url_for("auth.login"))

    return app


def _select_locale():
    """The person's own choice, then the language switch of a signed-out visitor, then the
    browser's `Accept-Language`, then the company's default (None: BABEL_DEFAULT_LOCALE).
    An API caller's `Accept-Language`, when sent, comes before the token owner's choice."""
    # Outside a request (the command line), the default locale applies.
    if not has_request_context():
        return None
    languages = current_app.config["LANGUAGES"]
    asked = request.accept_languages.best_match(languages)
    api_user = g.get("api_user")
    if api_user is not None:
        return asked or api_user.locale
    if current_user.is_authenticated and current_user.locale:
        return current_user.locale
    if session.get("locale") in languages:
        return session["locale"]
    return asked


def _select_timezone():
    if has_request_context() and current_user.is_authenticated:
        return current_user.timezone
    return None


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True, compare_type=True
    )
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    csrf.init_app(app)
    babel.init_app(app, locale_selector=_select_locale, timezone_selector=_select_timezone)
    limiter.init_app(app)
    if warning := configuration.per_process_limits_warning(app.config):
        app.logger.warning(warning)
    mailer.init_app(app)
    https = app.config["HTTPS"]
    talisman.init_app(
        app,
        force_https=https,
        strict_transport_security=https,
        session_cookie_secure=https,
        content_security_policy=CONTENT_SECURITY_POLICY,
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
    )

    from learning.auth.services import user_for_session

    login_manager.user_loader(user_for_session)


def _register_blueprints(app: Flask) -> None:
    from learning.advocacy import blueprint as advocacy_blueprint
    from learning.analytics import blueprint as analytics_blueprint
    from learning.auth import blueprint as auth_blueprint
    from learning.badges import blueprint as badges_blueprint
    from learning.conduct import blueprint as conduct_blueprint
    from learning.courses import blueprint as courses_blueprint
    from learning.exercises import blueprint as exercises_blueprint
    from learning.familiarity import blueprint as familiarity_blueprint
    from learning.health import blueprint as health_blueprint
    from learning.hr import blueprint as hr_blueprint
    from learning.privacy import blueprint as privacy_blueprint
    from learning.programme import blueprint as programme_blueprint
    from learning.progress import blueprint as progress_blueprint
    from learning.sharing import blueprint as sharing_blueprint

    for blueprint in (
        auth_blueprint,
        familiarity_blueprint,
        courses_blueprint,
        progress_blueprint,
        conduct_blueprint,
        exercises_blueprint,
        hr_blueprint,
        advocacy_blueprint,
        sharing_blueprint,
        analytics_blueprint,
        programme_blueprint,
        badges_blueprint,
        privacy_blueprint,
        health_blueprint,
    ):
        app.register_blueprint(blueprint)


def _register_apis(app: Flask) -> None:
    """Each feature's part of the JSON API, in the order of the features."""
    from learning import api
    from learning.advocacy.api import blueprint as advocacy_api
    from learning.analytics.api import blueprint as analytics_api
    from learning.auth.api import blueprint as auth_api
    from learning.auth.services import user_for_api_token
    from learning.badges.api import blueprint as badges_api
    from learning.badges.awards_api import blueprint as awards_api
    from learning.conduct.api import blueprint as conduct_api
    from learning.familiarity.api import blueprint as familiarity_api
    from learning.hr.api import blueprint as hr_api
    from learning.hr.reports_api import blueprint as hr_reports_api
    from learning.privacy.api import blueprint as privacy_api
    from learning.programme.api import blueprint as programme_api
    from learning.progress.api import blueprint as progress_api
    from learning.sharing.api import blueprint as sharing_api

    api.register(
        app,
        (
            auth_api,
            familiarity_api,
            progress_api,
            conduct_api,
            hr_reports_api,
            hr_api,
            advocacy_api,
            sharing_api,
            analytics_api,
            programme_api,
            badges_api,
            awards_api,
            privacy_api,
        ),
        user_for_token=user_for_api_token,
    )


def format_moment(value) -> str:
    """A date and time to the minute, in the person's time zone and language.

    Babel's medium date-time has seconds, which nobody needs on a page: it is rebuilt
    from the locale's own medium date, short time and the pattern joining them.
    """
    if not value:
        return ""
    joined = str(get_locale().datetime_formats["medium"]).replace("'", "")
    return joined.replace("{1}", format_date(value, "medium")).replace(
        "{0}", format_time(value, "short")
    )


def _register_templates_helpers(app: Flask) -> None:
    from learning.levels import level_label
    from learning.markdown import render_markup

    app.jinja_env.filters["datetime"] = format_moment
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["markdown"] = render_markup
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.filters["level_label"] = level_label
