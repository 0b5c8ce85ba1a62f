"""The 30 fields of the 双公示 penalty record ("v2"), in the platform's order (credit-format.md).

One table, so a corrected template needs one edit: code, Chinese name, maximum length (None for dates and
amounts), and the key of the plain decision record the portal hands over.
"""

from __future__ import annotations

from typing import NamedTuple


class Field(NamedTuple):
    code: str
    name: str
    max_len: int | None
    source: str  # key in the plain decision dict given to format.build_record


FIELDS: tuple[Field, ...] = (
    Field("CF_XDR_MC", "行政相对人名称", 200, "party_name"),
    Field("CF_XDR_LB", "行政相对人类别", 16, "party_type"),
    Field("CF_XDR_SHXYM", "行政相对人代码_1（统一社会信用代码）", 18, "uscc"),
    Field("CF_XDR_GSZC", "行政相对人代码_2（工商注册号）", 50, "business_reg_no"),
    Field("CF_XDR_ZZJG", "行政相对人代码_3（组织机构代码）", 9, "org_code"),
    Field("CF_XDR_SWDJ", "行政相对人代码_4（税务登记号）", 15, "tax_reg_no"),
    Field("CF_XDR_SYDW", "行政相对人代码_5（事业单位证书号）", 12, "institution_cert_no"),
    Field("CF_XDR_SHZZ", "行政相对人代码_6（社会组织登记证号）", 50, "social_org_cert_no"),
    Field("CF_FRDB", "法定代表人", 50, "legal_rep"),
    Field("CF_FR_ZJLX", "法定代表人证件类型", 64, "legal_rep_id_type"),
    Field("CF_FR_ZJHM", "法定代表人证件号码", 64, "legal_rep_id_number"),
    Field("CF_XDR_ZJLX", "证件类型", 64, "id_type"),
    Field("CF_XDR_ZJHM", "证件号码", 64, "id_number"),
    Field("CF_WSH", "行政处罚决定书文号", 128, "document_number"),
    Field("CF_WFXW", "违法行为类型", 2000, "violation"),
    Field("CF_SY", "违法事实", 5000, "facts"),
    Field("CF_YJ", "处罚依据", 2000, "basis"),
    Field("CF_CFLB", "处罚类别", 256, "categories"),
    Field("CF_NR", "处罚内容", 4000, "content"),
    Field("CF_NR_FK", "罚款金额（万元）", None, "fine_yuan"),
    Field("CF_NR_WFFF", "没收违法所得、没收非法财物的金额（万元）", None, "confiscated_yuan"),
    Field("CF_NR_ZKDX", "暂扣或吊销证照名称及编号", 200, "license_info"),
    Field("CF_JDRQ", "处罚决定日期", None, "decided_on"),
    Field("CF_YXQ", "处罚有效期", None, "valid_until"),
    Field("CF_GSJZQ", "公示截止期", None, "publicity_until"),
    Field("CF_CFJG", "处罚机关", 200, "authority"),
    Field("CF_CFJGDM", "处罚机关统一社会信用代码", 18, "authority_code"),
    Field("CF_SJLY", "数据来源单位", 200, "data_source"),
    Field("CF_SJLYDM", "数据来源单位统一社会信用代码", 18, "data_source_code"),
    Field("BZ", "备注", 512, "remarks"),
)
CODES = tuple(f.code for f in FIELDS)
BY_CODE = {f.code: f for f in FIELDS}

PARTY_TYPES = ("法人及非法人组织", "自然人", "个体工商户")
# 行政处罚法 (2021) art. 9.
CATEGORIES = (
    "警告",
    "通报批评",
    "罚款",
    "没收违法所得",
    "没收非法财物",
    "暂扣许可证件",
    "降低资质等级",
    "吊销许可证件",
    "限制开展生产经营活动",
    "责令停产停业",
    "责令关闭",
    "限制从业",
    "行政拘留",
    "其他行政处罚",
)
ID_TYPES = ("身份证", "护照号", "港澳居民来往内地通行证", "台湾居民来往大陆通行证", "外国人永久居留身份证")  # assumed
NO_CODE = "00000000000000000X"  # a subject without a 统一社会信用代码 (must then give one of codes _2.._6)
OPEN_ENDED = "2099-12-31"  # CF_YXQ of a penalty without an end (assumed)

# The older "v1" field set some platforms still take, with where each value comes from in a v2 record.
V1_FIELDS: tuple[tuple[str, str], ...] = (
    ("CF_WSH", "CF_WSH"),
    ("CF_CFMC", "CF_WFXW"),
    ("CF_CFLB1", "CF_CFLB"),
    ("CF_CFLB2", ""),
    ("CF_SY", "CF_SY"),
    ("CF_YJ", "CF_YJ"),
    ("CF_XDR_MC", "CF_XDR_MC"),
    ("CF_XDR_SHXYM", "CF_XDR_SHXYM"),
    ("CF_XDR_ZDM", "CF_XDR_ZZJG"),
    ("CF_XDR_GSDJ", "CF_XDR_GSZC"),
    ("CF_XDR_SWDJ", "CF_XDR_SWDJ"),
    ("CF_XDR_SFZ", "CF_XDR_ZJHM"),
    ("CF_FR", "CF_FRDB"),
    ("CF_JG", "CF_NR"),
    ("CF_JDRQ", "CF_JDRQ"),
    ("CF_XZJG", "CF_CFJG"),
    ("CF_ZT", ""),
    ("DFBM", ""),
    ("SJC", ""),
    ("BZ", "BZ"),
)
