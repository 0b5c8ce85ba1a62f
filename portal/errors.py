"""The project's one error type and its rendering as a 4xx page or JSON error."""

from __future__ import annotations

from flask import jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException


class PortalError(Exception):
    """A user-facing failure: ``code`` is a stable machine name, ``message`` is Chinese for people."""

    def __init__(self, code: str, message: str, status: int = 400):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


_HTTP_MESSAGES = {
    400: "请求参数有误",
    404: "您访问的页面不存在",
    405: "不支持该请求方法",
    413: "请求内容过大",
    429: "请求过于频繁，请稍后再试",
    500: "服务器内部错误，请稍后再试",
}


def _wants_json() -> bool:
    """The API, the feeds and the downloads (the URLs other programs read, ``security.OPEN_PREFIXES``) answer
    errors in JSON, as the OpenAPI document declares; pages get the HTML error page."""
    from .security import OPEN_PREFIXES

    return request.path.startswith(OPEN_PREFIXES)


def render_error(code: str, message: str, status: int):
    """Render an error as JSON for the API and as an HTML page elsewhere: a (response, status) pair."""
    if _wants_json():
        return jsonify({"error": {"code": code, "message": message}}), status
    return make_response(render_template("error.html", status=status, message=message)), status


def register(app) -> None:
    @app.errorhandler(PortalError)
    def _portal_error(err: PortalError):
        return render_error(err.code, err.message, err.status)

    @app.errorhandler(HTTPException)
    def _http_error(err: HTTPException):
        status = err.code or 500
        code = "not_found" if status == 404 else err.name.lower().replace(" ", "_")
        body, status = render_error(code, _HTTP_MESSAGES.get(status, err.name), status)
        # Keep the exception's own headers: a 405 must say which methods are allowed (Allow), a 413 or 429 more.
        for name, value in err.get_headers():
            if name.lower() != "content-type":
                body.headers[name] = value
        return body, status

    @app.errorhandler(Exception)
    def _unexpected(err: Exception):
        # Never show a traceback to the public; the log keeps it for staff.
        app.logger.exception("unhandled error on %s", request.path)
        return render_error("internal_error", _HTTP_MESSAGES[500], 500)
