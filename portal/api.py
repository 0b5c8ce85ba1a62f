"""The JSON API (/api/v1): one blueprint that each feature adds its resources to, and the OpenAPI description.

``powers/api.py`` and ``penalties/api.py`` hold the resources; they share the blueprint so every endpoint keeps
its ``api.`` name and its URL under /api/v1. The same query functions serve the HTML pages.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, url_for

from .models import CATEGORIES, PARTY_TYPES, PENALTY_CATEGORIES
from .openapi import openapi_document

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.get("/openapi.json")
def openapi():
    return jsonify(
        openapi_document(
            url_for("public.home", _external=True).rstrip("/"),
            CATEGORIES,
            PENALTY_CATEGORIES,
            PARTY_TYPES,
            max_query=current_app.config["MAX_QUERY_CHARS"],
            max_per_page=current_app.config["MAX_PER_PAGE"],
        )
    )


def register(app) -> None:
    """Attach every feature's resources, then the blueprint."""
    from .inspections import api as _inspections  # noqa: F401 - importing adds the routes to bp
    from .penalties import api as _penalties  # noqa: F401
    from .powers import api as _powers  # noqa: F401

    app.register_blueprint(bp)
