"""The base of every WTForms form (staff side): CSRF from Flask-WTF, messages in Chinese.

WTForms ships Chinese messages ("不是有效的小数。" for "Not a valid decimal value."); Flask-WTF only looks for them
through Flask-Babel, which the portal does not use, so without this every built-in message would reach staff
in English. The locale is fixed: the staff side is Chinese only.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms.meta import DefaultMeta


class Form(FlaskForm):
    class Meta:
        locales = ("zh_CN", "zh")

        def get_translations(self, form):
            # WTForms' own catalogue for ``locales`` (cached per process), whatever Flask-WTF's i18n setting.
            return DefaultMeta.get_translations(self, form)
