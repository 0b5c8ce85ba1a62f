"""Staff fixtures: an app with one account per role, and a client that logs in and carries CSRF tokens."""

import datetime as dt
import re

import pytest

from portal import clock
from portal.extensions import db
from portal.models import User
from portal.penalties import lifecycle
from portal.staff import accounts

PASSWORD = "correct horse battery"
ROLES = ("handler", "head", "legal", "leader", "admin")
OFFICE_CODE = "11120110000000123G"
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture
def staff_app(fresh_app):
    fresh_app.config.update(AUTHORITY_USCC=OFFICE_CODE)
    for role in ROLES:
        accounts.create_user(role, role, PASSWORD, display_name=f"测试{role}")
    accounts.create_user("handler2", "handler", PASSWORD)
    db.session.commit()
    return fresh_app


def user(username: str) -> User:
    """The account of a test user by name."""
    return db.session.query(User).filter_by(username=username).one()


@pytest.fixture
def published(staff_app):
    """A decision drafted by ``handler`` and published on 2026-11-12."""
    from tests.penalties.conftest import draft

    p = lifecycle.publish(draft(created_by=user("handler").id), at=dt.datetime(2026, 11, 12, 10, tzinfo=clock.CST))
    db.session.commit()
    return p


class _Client:
    """The Flask test client, forgetting the per-request ``g`` between requests.

    The test holds one app context open (for database assertions), and Flask then reuses it for every request,
    so what Flask-WTF (the CSRF token) and Flask-Login (the user) cache in ``g`` would leak from one client's
    request into another's; a real server gives every request a fresh ``g``.
    """

    def __init__(self, app):
        self._client = app.test_client()

    def __getattr__(self, name):
        attr = getattr(self._client, name)
        if name not in ("get", "post", "open"):
            return attr

        def call(*args, **kwargs):
            from flask import g

            for key in list(vars(g)):
                g.pop(key, None)
            return attr(*args, **kwargs)

        return call


class Staff:
    """A browser-like client: reads the CSRF token from the page it came from, like a form would."""

    def __init__(self, app):
        self.client = _Client(app)

    def token(self, url: str) -> str:
        match = TOKEN.search(self.client.get(url).get_data(as_text=True))
        assert match, f"no CSRF token on {url}"
        return match.group(1)

    def login(self, username: str, password: str = PASSWORD, address: str = "127.0.0.1"):
        token = self.token("/staff/login")
        return self.client.post(
            "/staff/login",
            data={"username": username, "password": password, "csrf_token": token},
            environ_base={"REMOTE_ADDR": address},
        )

    def post(self, url: str, page: str, data: dict | None = None, **kw):
        return self.client.post(url, data={**(data or {}), "csrf_token": self.token(page)}, **kw)


@pytest.fixture
def as_user(staff_app):
    def make(username: str) -> Staff:
        staff = Staff(staff_app)
        assert staff.login(username).status_code == 302
        return staff

    return make


VALID_FORM = {
    "document_number": "华新街道综合执法罚决字〔2026〕99号",
    "party_type": "法人及非法人组织",
    "party_name": "天津市东丽区恒基建筑工程有限公司",
    "uscc": "91350100M000100Y43",
    "legal_rep": "赵立新",
    "violation": "运输散装货物不作密封、覆盖造成遗撒",
    "facts": "2026年11月1日，当事人所属渣土车未采取密闭措施，在华新街道某路沿途遗撒渣土约20米。",
    "basis": "《城市市容和环境卫生管理条例》第三十四条第六项",
    "categories": ["罚款"],
    "content": "罚款人民币2000元",
    "fine_yuan": "2000",
    "decided_on": "2026-11-20",
    "valid_until": "2026-12-05",
    "major": "y",
}
