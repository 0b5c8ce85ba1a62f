"""Conditional GET (ETag / Last-Modified → 304) for feeds, the API and downloads.

A response's validators come from the version of the data behind it (the change log's newest entry for decisions,
the list's fingerprint for the 权责清单), the endpoint, its arguments and the host, never from the body: a 304
costs one small query, not a rendering. ``If-None-Match`` wins over ``If-Modified-Since`` (RFC 9110 13.2.2).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from flask import Response, make_response, request

from . import clock


@dataclass
class Validators:
    etag: str  # quoted
    last_modified: dt.datetime | None

    @classmethod
    def make(cls, kind: str, version, changed_at: dt.datetime | None, extra=None) -> Validators:
        key = [kind, str(version), sorted(request.args.items(multi=True)), request.host_url, extra]
        digest = hashlib.sha256(json.dumps(key, ensure_ascii=False, default=str).encode()).hexdigest()[:24]
        return cls(f'"{digest}"', clock.local(changed_at) if changed_at else None)

    def fresh(self) -> bool:
        """Whether the client's copy is current."""
        if request.if_none_match:
            return request.if_none_match.contains(self.etag.strip('"'))
        return bool(
            self.last_modified
            and request.if_modified_since
            and self.last_modified.replace(microsecond=0) <= request.if_modified_since
        )

    def apply(self, resp: Response, max_age: int = 300) -> Response:
        resp.headers["ETag"] = self.etag
        if self.last_modified:
            resp.last_modified = self.last_modified
        resp.headers.setdefault("Cache-Control", f"public, max-age={max_age}")
        return resp

    def not_modified(self, max_age: int = 300) -> Response:
        return self.apply(Response(status=304), max_age)


def conditional(version: Callable[[], tuple[object, dt.datetime | None]], max_age: int = 300):
    """Decorate a GET view: answer 304 when the client holds the current version, else stamp the validators.

    ``version()`` returns (a version key, when it last changed); it is called before the view does any work.
    """

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            key, changed_at = version()
            validators = Validators.make(request.endpoint or "", key, changed_at, kwargs)
            if validators.fresh():
                return validators.not_modified(max_age)
            resp = make_response(view(*args, **kwargs))
            if resp.status_code == 200:
                validators.apply(resp, max_age)
            return resp

        return wrapper

    return decorate
