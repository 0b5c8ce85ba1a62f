"""Every Jinja filter and global in one place: site settings, paging links, money, China time, audit labels,
the page's QR code and the permission check ``can``.

Public templates receive public views only (``penalties.public``); nothing here turns a row into public text.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from flask import current_app, request, url_for
from flask_login import current_user
from markupsafe import Markup, escape
from werkzeug.exceptions import SecurityError

from . import clock, permissions
from .audit import ACTION_NAMES
from .models import CORRECTION_STATUSES, REVIEW_LEVEL_NAMES, REVIEW_STAGES


def yuan(value) -> str:
    """2710.00 → 2,710; 12.50 → 12.50 (amounts arrive as exact decimal strings)."""
    text = f"{float(value):,.2f}"
    return text[:-3] if text.endswith(".00") else text


PHONE = re.compile(r"(?<![\d-])((?:0\d{2,3}-)?\d{5,11})(?![\d-])")


def tel_links(text) -> Markup:
    """Phone numbers in ``text`` (12345, 022-24390000, mobiles) as tel: links a phone can call; the rest escaped."""
    escaped = str(escape(text or ""))
    return Markup(PHONE.sub(lambda m: f'<a href="tel:{m.group(1).replace("-", "")}">{m.group(1)}</a>', escaped))


def local_time(value) -> str:
    """A stored time as China time, to the minute."""
    return clock.local(value).strftime("%Y-%m-%d %H:%M") if value else ""


def audit_action(event) -> str:
    """An audited action's Chinese name."""
    return ACTION_NAMES.get(event.action, event.action)


def audit_note(event) -> str:
    """The one line of an audit event staff need: the comment, the new stage, the reason or the file."""
    after = event.after or {}
    if after.get("comment"):
        return after["comment"]
    if event.action.startswith("review.") and after.get("stage"):
        return f"→ {REVIEW_STAGES.get(after['stage'], after['stage'])}"
    if event.action == "penalty.withdraw":
        return after.get("withdrawal_reason", "")
    if event.action == "attachment.add":
        return after.get("filename", "")
    if event.action == "correction.propose":
        return after.get("note", "")
    if event.action in ("correction.reject", "correction.cancel"):
        return after.get("reason", "")
    return ""


def page_url(page: int) -> str:
    """This page's URL with another page number."""
    args = request.args.to_dict()
    args["page"] = page
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def filter_url(**changes) -> str:
    """This page's URL with filters changed (None removes one) and back on page 1."""
    args = request.args.to_dict()
    args.pop("page", None)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def page_address() -> str:
    """This page's full URL, or "" when the request's Host is not one this site serves (its error page then
    names no address rather than failing again)."""
    try:
        return request.url
    except SecurityError:
        return ""


def can(action: str, obj=None) -> bool:
    """Whether the signed-in person may do ``action``: templates show a button only where the domain allows it."""
    return permissions.can(current_user, action, obj)


def _site() -> dict:
    cfg = current_app.config
    correction = cfg["CORRECTION_URL"].format(
        site_code=quote(cfg["SITE_CODE"] or ""), url=quote(page_address(), safe="")
    )
    return {
        "site": {
            "name": cfg["SITE_NAME"],
            "host_org": cfg["HOST_ORG"],
            "site_code": cfg["SITE_CODE"],
            "icp": cfg["ICP"],
            "psb": cfg["PSB"],
            "phone": cfg["CONTACT_PHONE"],
            "correction_url": correction,
            "today": clock.today().isoformat(),
            "gov_mark_url": cfg["GOV_MARK_URL"],
            "gov_mark_image": cfg["GOV_MARK_IMAGE"],
            "new_media": cfg["NEW_MEDIA"],
        }
    }


def remedies() -> dict:
    """The 救济渠道 block (行政复议, 行政诉讼) shown on /enforcement and on every decision page."""
    from .inspections import enforcement

    return enforcement.remedies(current_app.config["SEED_DIR"])


def _page_qr() -> dict:
    from .site import qr_code

    # Only HTML pages render templates; the QR of the page as the visitor sees it (scheme and host included).
    return {
        "page_qr": lambda: (
            qr_code(page_address()) if urlsplit(page_address()).scheme in ("http", "https") else Markup("")
        )
    }


FILTERS = {
    "tel_links": tel_links,
    "yuan": yuan,
    "local_time": local_time,
    "audit_action": audit_action,
    "audit_note": audit_note,
}
GLOBALS = {
    "page_address": page_address,
    "page_url": page_url,
    "filter_url": filter_url,
    "can": can,
    "remedies": remedies,
    "stages": REVIEW_STAGES,
    "level_names": REVIEW_LEVEL_NAMES,
    "correction_statuses": CORRECTION_STATUSES,
}


def init_app(app) -> None:
    """Register every filter, global and context processor on ``app``."""
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.globals.update(GLOBALS)
    app.context_processor(_site)
    app.context_processor(_page_qr)
