"""华新街道行政执法公示平台: the Flask application factory.

Importing the package imports nothing else (Flask and the rest load in ``create_app``), so a stand-alone tool
such as ``python -m portal.inspections.verify`` runs with the standard library alone.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from flask import Flask

MIGRATIONS = str(Path(__file__).resolve().parent / "migrations")


def create_app(test_config: dict | None = None, instance_path: str | None = None) -> Flask:
    """Build the app: defaults and PORTAL_ environment, then ``test_config``; bind extensions and blueprints."""
    from flask import Flask

    from . import config

    app = Flask(__name__, instance_path=instance_path or os.environ.get("PORTAL_INSTANCE_PATH") or None)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    try:
        app.config.from_mapping(config.load(app.instance_path))
    except config.ConfigError as err:
        # One line naming the variable and what it accepts, instead of a traceback at start-up.
        raise SystemExit(f"配置错误：{err}") from None
    if test_config:
        app.config.update(test_config)
    app.json.ensure_ascii = False
    from .schemas import IntConverter

    # Every <int:…> path segment goes through the one integer parser (before any blueprint adds its routes).
    app.url_map.converters["int"] = IntConverter

    from .extensions import db, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS)

    from . import api, assets, cache, cli, errors, logs, security, site, templating
    from .inspections import feeds as inspection_feeds
    from .inspections import routes as inspection_routes
    from .inspections import staff as inspection_staff
    from .penalties import feeds
    from .penalties import routes as penalty_routes
    from .powers import routes as power_routes
    from .staff import routes as staff_routes
    from .staff import users as staff_users

    logs.init_app(app)
    errors.register(app)
    assets.init_app(app)
    security.init_app(app)
    # After compression and the rate limit: Flask's hooks say what may be kept; its WSGI layer answers hits (each
    # still counted by the rate limit) before Flask, behind the host check and ProxyFix (security.wrap_wsgi).
    cache.init_app(app)
    templating.init_app(app)
    app.register_blueprint(staff_routes.bp)
    app.register_blueprint(staff_users.bp)
    app.register_blueprint(site.bp)
    app.register_blueprint(power_routes.bp)
    app.register_blueprint(penalty_routes.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(inspection_routes.bp)
    app.register_blueprint(inspection_feeds.bp)
    app.register_blueprint(inspection_staff.bp)
    api.register(app)
    from .search import views as search_views

    app.register_blueprint(search_views.api_bp)
    app.register_blueprint(search_views.staff_bp)
    cli.register(app)
    security.wrap_wsgi(app)

    # jieba's dictionary loads here, once per process; under gunicorn with preload_app this happens before
    # the workers fork, so they share it instead of each loading it again.
    from .search import init_jieba

    userdict = Path(app.config["SEED_DIR"]) / "jieba_userdict.txt"
    init_jieba(str(userdict) if userdict.exists() else None)
    return app
