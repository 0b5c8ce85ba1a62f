"""WTForms forms of the staff side (CSRF-protected by Flask-WTF); messages in Chinese."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from publish.fields import ID_TYPES

from ..errors import PortalError
from ..forms import Form
from ..masking import PERSON
from ..models import PARTY_TYPES, PENALTY_CATEGORIES, REVIEW_CHECKS, ROLES, WITHDRAWAL_EVENTS
from ..penalties.lifecycle import FIELDS
from ..schemas import MAX_ID, parse_int

REQUIRED = "必填"


class AsciiIntegerField(IntegerField):
    """WTForms' IntegerField through the one integer parser: ASCII digits only (int() takes ٣ and ３ too)."""

    def process_formdata(self, valuelist):
        if valuelist and valuelist[0] not in ("", None):
            try:
                self.data = parse_int(valuelist[0].strip(), 0, MAX_ID)
            except ValueError:
                self.data = None
                raise ValueError("应为整数") from None


class LoginForm(Form):
    username = StringField("用户名", validators=[DataRequired(REQUIRED), Length(max=40)])
    password = PasswordField("密码", validators=[DataRequired(REQUIRED), Length(max=200)])


class PasswordForm(Form):
    current = PasswordField("当前密码", validators=[DataRequired(REQUIRED), Length(max=200)])
    new = PasswordField(
        "新密码（至少10个字符）", validators=[DataRequired(REQUIRED), Length(min=10, max=200, message="至少10个字符")]
    )
    repeat = PasswordField(
        "再次输入新密码", validators=[DataRequired(REQUIRED), EqualTo("new", message="两次输入的新密码不一致")]
    )


class MultiCheckbox(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, *args, **kwargs):
        # WTForms' Chinese catalogue leaves this one message untranslated (a fuzzy entry).
        kwargs.setdefault("invalid_choice_message", "“%(value)s”不是可选项")
        super().__init__(*args, **kwargs)


def _text(label, max_len, required=False, area=False):
    validators = [
        DataRequired(REQUIRED) if required else Optional(),
        Length(max=max_len, message=f"不能超过{max_len}个字符"),
    ]
    field = TextAreaField if area else StringField
    return field(label, validators=validators, filters=[lambda v: (v or "").strip()])


class DecisionForm(Form):
    document_number = _text("行政处罚决定书文号", 128, required=True)
    party_type = SelectField(
        "行政相对人类别", choices=[SelectChoice(t, t) for t in PARTY_TYPES], validators=[DataRequired(REQUIRED)]
    )
    party_name = _text("行政相对人名称", 200, required=True)
    uscc = _text("统一社会信用代码", 18)
    business_reg_no = _text("工商注册号", 50)
    org_code = _text("组织机构代码", 9)
    tax_reg_no = _text("税务登记号", 15)
    institution_cert_no = _text("事业单位证书号", 12)
    social_org_cert_no = _text("社会组织登记证号", 50)
    legal_rep = _text("法定代表人（个体工商户填经营者）", 50)
    legal_rep_id_type = _text("法定代表人证件类型", 64)
    legal_rep_id_number = _text("法定代表人证件号码", 64)
    id_type = SelectField(
        "证件类型（自然人）",
        validators=[Optional()],
        choices=[SelectChoice("", "（非自然人不填）")] + [SelectChoice(t, t) for t in ID_TYPES],
    )
    id_number = _text("证件号码（自然人）", 64)
    party_birth_date = DateField("出生日期（自然人，证件号码不含出生日期时填写）", validators=[Optional()])
    violation = _text("违法行为类型", 2000, required=True)
    facts = _text("违法事实", 5000, area=True)
    power_code = SelectField("权责清单事项", choices=[], validators=[Optional()])
    basis = _text("处罚依据（法律名称及条款）", 2000, area=True)
    law_id = SelectField(
        "依据的法律（用于关联条文）",
        choices=[],
        coerce=lambda v: parse_int(str(v)) if v else None,
        validators=[Optional()],
    )
    article_number = AsciiIntegerField("条", validators=[Optional(), NumberRange(1, 9999, "条文序号无效")])
    categories = MultiCheckbox("处罚类别", choices=[SelectChoice(c, c) for c in PENALTY_CATEGORIES])
    content = _text("处罚内容", 4000, area=True)
    fine_yuan = DecimalField("罚款金额（元）", places=2, validators=[Optional(), NumberRange(0, 10**11, "金额无效")])
    confiscated_yuan = DecimalField(
        "没收金额（元）", places=2, validators=[Optional(), NumberRange(0, 10**11, "金额无效")]
    )
    license_info = _text("暂扣或吊销证照名称及编号", 200)
    decided_on = DateField("处罚决定日期", validators=[InputRequired(REQUIRED)])
    procedure = SelectField(
        "程序",
        choices=[SelectChoice(t, t) for t in ("普通程序", "简易程序")],
        validators=[Optional()],
        default="普通程序",
    )
    valid_until = DateField("处罚有效期", validators=[InputRequired(REQUIRED)])
    remarks = _text("备注", 512)
    major = BooleanField("重大执法决定（须经四级审核）")

    # Fields that apply to some party types only (the credit format's rules, publish/format.py): the page hides
    # the others once it knows the party type (with JavaScript); the server checks them per type either way.
    # The party codes and the representative: in the credit format's order, every field after the party type and
    # before the natural person's ID fields.
    ORGANISATION_FIELDS = FIELDS[FIELDS.index("uscc") : FIELDS.index("id_type")]
    PERSON_FIELDS = ("id_type", "id_number", "party_birth_date")

    def party_types_of(self, name: str) -> str:
        """The party types a field applies to, space-separated ("" for every type)."""
        if name in self.ORGANISATION_FIELDS:
            return " ".join(t for t in PARTY_TYPES if t != PERSON)
        if name in self.PERSON_FIELDS:
            return PERSON
        return ""

    def data_for_model(self) -> dict:
        data = {name: field.data for name, field in self._fields.items() if name != "csrf_token"}
        data["categories"] = ";".join(c for c in PENALTY_CATEGORIES if c in (data.get("categories") or []))
        data["power_code"] = data.get("power_code") or None
        data["id_type"] = data.get("id_type") or ""
        data["procedure"] = data.get("procedure") or "普通程序"
        return data


class ReviewForm(Form):
    comment = TextAreaField("审核意见", validators=[Optional(), Length(max=2000)])


# One checkbox per review check, from the single list of what reviewers confirm (models.REVIEW_CHECKS).
for _key, _label in REVIEW_CHECKS.items():
    setattr(ReviewForm, _key, BooleanField(_label))


class TierForm(Form):
    tier = SelectField("失信程度档次", choices=[SelectChoice(t, t) for t in ("轻微", "一般", "严重")])
    tier_reason = TextAreaField("调整理由", validators=[DataRequired(REQUIRED), Length(max=1000)])


class CorrectionForm(Form):
    """A proposed correction: the fields as they should read (filled with today's text; a blank one is left as it
    is) and the public 更正说明. It takes effect only when a second person approves it (``corrections``)."""

    note = TextAreaField("更正说明（将公开）", validators=[DataRequired(REQUIRED), Length(max=1000)])
    violation = _text("违法行为类型（更正后）", 2000)
    facts = _text("违法事实（更正后）", 5000, area=True)
    content = _text("处罚内容（更正后）", 4000, area=True)
    license_info = _text("暂扣或吊销证照名称及编号（更正后）", 200)
    fine_yuan = DecimalField(
        "罚款金额（元，更正后）", places=2, validators=[Optional(), NumberRange(0, 10**11, "金额无效")]
    )

    FIELDS = ("violation", "facts", "content", "license_info", "fine_yuan")

    def changes(self) -> dict:
        return {name: self[name].data for name in self.FIELDS}


class CorrectionReviewForm(Form):
    reason = TextAreaField("核准意见或驳回理由（驳回时必填）", validators=[Optional(), Length(max=1000)])


class WithdrawalForm(Form):
    event = SelectField(
        "撤回事由", choices=[SelectChoice(e, e) for e in WITHDRAWAL_EVENTS], validators=[DataRequired(REQUIRED)]
    )
    event_on = DateField("事由发生日期", validators=[InputRequired(REQUIRED)])
    reason = TextAreaField("撤回理由（将公开）", validators=[DataRequired(REQUIRED), Length(max=1000)])


class AttachmentForm(Form):
    file = FileField("签章决定书（PDF）", validators=[FileRequired("请选择文件")])


class ActionForm(Form):
    """A bare form for one-button actions (submit, publish, logout): it carries the CSRF token."""


class AccountForm(Form):
    username = StringField("用户名", validators=[DataRequired(REQUIRED), Length(max=40, message="最多40个字符")])
    display_name = StringField("姓名", validators=[Optional(), Length(max=50, message="最多50个字符")])
    role = SelectField("角色", choices=[SelectChoice(k, v) for k, v in ROLES.items()])
    password = PasswordField(
        "初始密码（至少10个字符）", validators=[DataRequired(REQUIRED), Length(min=10, max=200, message="至少10个字符")]
    )


class RoleForm(Form):
    role = SelectField("角色", choices=[SelectChoice(k, v) for k, v in ROLES.items()])


class ResetPasswordForm(Form):
    password = PasswordField(
        "新密码（至少10个字符）", validators=[DataRequired(REQUIRED), Length(min=10, max=200, message="至少10个字符")]
    )


def require_valid(form: Form) -> None:
    """Raise a 400 naming each bad field unless the posted form (its CSRF token included) validates."""
    if not form.validate_on_submit():
        errors = "；".join(f"{form[k].label.text}：{'、'.join(v)}" for k, v in form.errors.items() if k in form)
        raise PortalError("bad_request", errors or "表单无效", 400)
