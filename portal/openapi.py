"""The OpenAPI 3 description of /api/v1, kept beside the code it describes (tests check they agree).

It states the limits the code enforces (the integer parser's bounds in ``schemas.py``, string lengths, page
sizes), declares a withdrawn decision as its own ``Withdrawal`` shape, and every response the API gives:
tests/web/test_openapi.py validates real responses against it and runs schemathesis over it.
"""

from __future__ import annotations

from .penalties.schemas import MAX_SINCE
from .schemas import MAX_ID, MAX_PAGE

_ERROR = {"$ref": "#/components/schemas/Error"}
_ID = {"type": "integer", "minimum": 0, "maximum": MAX_ID}
_PAGE = {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ERROR}}}


def _not_allowed() -> dict:
    return {
        "405": {
            **_error("不支持该请求方法"),
            "headers": {"Allow": {"description": "允许的方法", "schema": {"type": "string"}}},
        }
    }


def _get(operation: dict) -> dict:
    """A read-only resource: GET, and a 405 naming the allowed methods for anything else."""
    operation["responses"] = {**operation["responses"], **_not_allowed()}
    return {"get": operation}


def _param(name, schema, description, required=False, where="query"):
    param = {"name": name, "in": where, "required": required, "description": description, "schema": schema}
    if where == "query":
        param["allowEmptyValue"] = True  # an empty value (category= from a form's empty select) means "not set"
    return param


def _tiers(ref: str, items: str, related: str, example: str) -> dict:
    """``items``, ``related`` and ``did_you_mean`` of a two-tier search page (权责清单 and decisions alike)."""
    return {
        "items": {"type": "array", "items": {"$ref": ref}, "description": items},
        "related": {"type": "array", "items": {"$ref": ref}, "description": related},
        "did_you_mean": {
            "type": ["string", "null"],
            "description": f"按原词没有结果、改用读音相同的词（如{example}）检索时的该词；"
            "此时 items 与 related 是该词的结果",
        },
    }


def _change_params() -> list[dict]:
    """The cursor of a change log (/api/v1/changes, /api/v1/inspections/changes): keyset paging by ``seq``."""
    return [
        _param(
            "since",
            {"type": "integer", "minimum": 0, "maximum": MAX_SINCE, "default": 0},
            "上次返回的 next（非负整数，最多18位）",
        ),
        _param("after", {"type": "integer", "minimum": 0, "maximum": MAX_SINCE}, "同 since（与其他列表一致的游标名）"),
        _param("limit", {"type": "integer", "minimum": 1, "maximum": 500, "default": 500}, "最多返回条数"),
    ]


def _penalty_filters(categories, party_types, max_query: int, max_per_page: int) -> list[dict]:
    """The filters of /penalties, shared by its API, feeds and downloads (``penalties/schemas.py``), paging last."""
    return [
        _param(
            "q", {"type": "string", "maxLength": max_query}, "查询词：违法行为、当事人（已隐私处理的名称）、文号、拼音"
        ),
        _param("year", {"type": "integer", "minimum": 1990, "maximum": 2100}, "处罚决定年份"),
        _param("category", {"type": "string", "enum": list(categories)}, "处罚类别"),
        _param("party_type", {"type": "string", "enum": list(party_types)}, "行政相对人类别"),
        _param("law", {"type": "string", "maxLength": 100}, "处罚依据的法律简称，如“大气污染防治法”"),
        _param("item", {"type": "string", "maxLength": 40}, "权责清单事项编码，如 HX-CF-031"),
        _param("page", _PAGE, "页码（供浏览；翻到很深处请用 after）"),
        _param("per_page", {"type": "integer", "minimum": 1, "maximum": max_per_page, "default": 20}, "每页条数"),
        _param(
            "after",
            {"type": "string", "pattern": "^[0-9]{1,18}_[0-9]{1,10}$"},
            "游标：上一页返回的 next，取其后的一页（按决定日期倒序的键集分页，任意深处同样快；此时忽略 page）",
        ),
    ]


def _penalty_part(categories, party_types, max_query: int, max_per_page: int) -> tuple[dict, dict]:
    """Paths and schemas of the penalty decisions, change log and statistics."""
    filters = _penalty_filters(categories, party_types, max_query, max_per_page)
    text = {"type": "string"}
    decision = {
        "type": "object",
        "required": [
            "id",
            "document_number",
            "party_name",
            "party_type",
            "violation",
            "facts",
            "basis",
            "categories",
            "content",
            "fine_yuan",
            "decided_on",
            "publicity_until",
            "status",
            "url",
        ],
        "properties": {
            "id": {"type": "integer"},
            "document_number": text,
            "party_name": {"type": "string", "description": "自然人、无字号个体工商户仅保留姓氏（张某某）"},
            "party_type": {"type": "string", "enum": list(party_types)},
            "uscc": text,
            "legal_rep": text,
            "violation": text,
            "facts": text,
            "basis": text,
            "content": text,
            "license_info": text,
            "categories": {"type": "array", "items": {"type": "string", "enum": list(categories)}},
            "fine_yuan": {"type": ["string", "null"], "description": "元，两位小数的精确十进制字符串"},
            "confiscated_yuan": {"type": ["string", "null"]},
            "decided_on": {"type": "string", "format": "date"},
            "valid_until": {"type": "string", "format": "date"},
            "publicity_until": {"type": ["string", "null"], "format": "date"},
            "authority": text,
            "power_code": {"type": ["string", "null"], "description": "权责清单事项编码"},
            "procedure": {"type": "string", "enum": ["普通程序", "简易程序"]},
            "publicity_tier": {"type": "string", "enum": ["轻微", "一般", "严重", ""], "description": "失信程度档次"},
            "law": {"type": ["string", "null"]},
            "article_number": {"type": ["integer", "null"]},
            "status": {"type": "string", "enum": ["published", "corrected"]},
            "version": {"type": "integer"},
            "correction_note": text,
            "masked_fields": {"type": "array", "items": text, "description": "已作隐私处理的字段"},
            "published_at": {"type": ["string", "null"], "format": "date-time"},
            "updated_at": {"type": "string", "format": "date-time"},
            "url": text,
        },
    }
    nullable_text = {"type": ["string", "null"]}
    withdrawal = {
        "type": "object",
        "description": "已撤回的决定：只公开撤回公告，不再公开决定内容",
        "required": ["id", "document_number", "status", "withdrawal_event", "decided_on"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "integer"},
            "document_number": text,
            "status": {"type": "string", "const": "withdrawn"},
            "withdrawal_event": text,
            "withdrawal_event_on": {"type": ["string", "null"], "format": "date"},
            "withdrawal_reason": nullable_text,
            "withdrawn_at": {"type": ["string", "null"], "format": "date-time"},
            "decided_on": {"type": "string", "format": "date"},
            "url": text,
        },
    }
    record = {"oneOf": [{"$ref": "#/components/schemas/Decision"}, {"$ref": "#/components/schemas/Withdrawal"}]}
    page = {
        "type": "object",
        "required": ["total", "total_estimated", "page", "per_page", "next", "items", "related", "did_you_mean"],
        "properties": {
            "total": {
                "type": "integer",
                "description": "严格匹配（包含全部查询词或其同义词）且符合条件的总数（每次数据变更后重新计数）；"
                "total_estimated 为 true 时是估计值",
            },
            "total_estimated": {
                "type": "boolean",
                "description": "total 是否为估计值：PostgreSQL 上匹配超过 1000 件的全文搜索按统计信息估计"
                "（页面显示“约 N 件”），其余情况均为精确计数；翻页请用 next",
            },
            "page": {"type": ["integer", "null"], "description": "页码；按 after 翻页时为 null"},
            "per_page": {"type": "integer"},
            "next": {"type": ["string", "null"], "description": "下一页的 after 值；最后一页为 null"},
            **_tiers(
                "#/components/schemas/Decision",
                "严格匹配的决定，新的在前；total 是它们的总数",
                "相关处罚决定（只在第一页、且严格匹配在这一页就已列完时给出；最多约 10 件）："
                "不完整包含查询词、按相关程度排列的其他公示中的决定，同样受筛选条件限制；"
                "与查询关系不大时最多 3 件或为空",
                "“少烤”→“烧烤”",
            ),
            "expansions": {
                "type": "array",
                "items": {"type": "object", "properties": {"from": text, "to": text}},
            },
        },
    }
    change = {
        "type": "object",
        "required": ["seq", "op", "id"],
        "properties": {
            "seq": {"type": "integer"},
            "op": {"type": "string", "enum": ["add", "update", "withdraw", "expire"]},
            "id": {"type": "integer"},
            "at": {"type": "string", "format": "date-time"},
            "decision": {"$ref": "#/components/schemas/Record"},
        },
    }
    changes = {
        "type": "object",
        "required": ["next", "changes"],
        "properties": {
            "next": {"type": "integer", "description": "下次请求的 since"},
            "more": {"type": "boolean"},
            "changes": {"type": "array", "items": change},
        },
    }
    count = {"type": "object", "additionalProperties": {"type": "integer"}}
    annual = {
        "type": "object",
        "required": ["year", "cases", "fines_yuan", "by_month", "by_category"],
        "properties": {
            "year": {"type": "integer"},
            "cases": {"type": "integer"},
            "fines_yuan": text,
            "fined_cases": {"type": "integer"},
            "by_month": {"type": "array", "items": {"type": "object"}},
            "by_category": count,
            "by_party_type": count,
            "by_violation": {"type": "array", "items": {"type": "object"}},
            "by_item": {"type": "array", "items": {"type": "object"}},
        },
    }
    errors = {"400": _error("参数无效")}
    missing = {"404": _error("不存在或不在公示期内")}

    def ok(ref, what):
        return {"200": {"description": what, "content": {"application/json": {"schema": {"$ref": ref}}}}}

    paths = {
        "/api/v1/penalties": _get(
            {
                "summary": "检索公示期内的行政处罚决定",
                "operationId": "searchPenalties",
                "parameters": filters,
                "responses": {**ok("#/components/schemas/DecisionPage", "一页结果"), **errors},
            }
        ),
        "/api/v1/penalties/{penalty_id}": _get(
            {
                "summary": "单个处罚决定；已撤回的只有撤回公告（Withdrawal）",
                "operationId": "getPenalty",
                "parameters": [_param("penalty_id", _ID, "编号", True, "path")],
                "responses": {**ok("#/components/schemas/Record", "决定或撤回公告"), **missing},
            }
        ),
        "/api/v1/changes": _get(
            {
                "summary": "公开数据的变更日志：依次应用全部变更即得到当前公开数据",
                "operationId": "changes",
                "parameters": _change_params(),
                "responses": {**ok("#/components/schemas/Changes", "变更"), **errors},
            }
        ),
        "/api/v1/stats/{year}": _get(
            {
                "summary": "年度执法统计",
                "operationId": "annualStats",
                "parameters": [_param("year", _ID, "年份（1990–2100 之外没有统计）", True, "path")],
                "responses": {**ok("#/components/schemas/AnnualStats", "统计"), **missing},
            }
        ),
    }
    schemas = {
        "Decision": decision,
        "Withdrawal": withdrawal,
        "Record": record,
        "DecisionPage": page,
        "Changes": changes,
        "AnnualStats": annual,
    }
    return paths, schemas


def _inspection_paths(max_per_page: int) -> dict:
    """双随机一公开 and the annual report."""
    json_object = {"application/json": {"schema": {"type": "object"}}}
    not_found = {"404": _error("不存在或尚未公布")}
    bad = {"400": _error("参数无效")}
    paging = [
        _param("page", _PAGE, "页码"),
        _param("per_page", {"type": "integer", "minimum": 1, "maximum": max_per_page, "default": 10}, "每页条数"),
    ]
    change = {
        "type": "object",
        "required": ["seq", "op", "id"],
        "properties": {
            "seq": {"type": "integer"},
            "op": {"type": "string", "enum": ["add", "update", "withdraw"]},
            "id": {"type": "integer", "description": "检查结果（检查记录）编号"},
            "at": {"type": "string", "format": "date-time"},
            "inspection": {"type": "object", "description": "该检查结果的公开内容（自然人已作隐私处理）"},
        },
    }
    inspection_changes = {
        "type": "object",
        "required": ["next", "more", "changes"],
        "properties": {
            "next": {"type": "integer", "description": "下次请求的 since"},
            "more": {"type": "boolean"},
            "changes": {"type": "array", "items": change},
        },
    }
    return {
        "/api/v1/inspections": _get(
            {
                "summary": "已公布的双随机抽查计划",
                "operationId": "listInspectionPlans",
                "parameters": paging,
                "responses": {
                    "200": {"description": "{total, page, per_page, items: [计划]}", "content": json_object},
                    **bad,
                },
            }
        ),
        "/api/v1/inspections/patrol": _get(
            {
                "summary": "已公开的日常巡查检查结果（自然人已作隐私处理）",
                "operationId": "listPatrolResults",
                "parameters": paging,
                "responses": {
                    "200": {"description": "{total, page, per_page, items: [检查结果]}", "content": json_object},
                    **bad,
                },
            }
        ),
        "/api/v1/inspections/changes": _get(
            {
                "summary": "已公开检查结果的变更日志：依次应用全部变更即得到 /downloads/inspections.json 的全部结果",
                "operationId": "inspectionChanges",
                "parameters": _change_params(),
                "responses": {
                    "200": {
                        "description": "变更；add/update 带该结果当前的公开内容（inspection），已不公开的不带",
                        "content": {"application/json": {"schema": inspection_changes}},
                    },
                    **bad,
                },
            }
        ),
        "/api/v1/inspections/{plan_id}": _get(
            {
                "summary": "一个计划的抽取文档（格式 hx-draw-v1：plan、pools、hashes、commitment、draw）"
                "及已公开的检查结果；可用 python -m portal.inspections.verify 复核",
                "operationId": "getInspectionPlan",
                "parameters": [_param("plan_id", _ID, "计划编号", True, "path")],
                "responses": {"200": {"description": "抽取文档", "content": json_object}, **not_found},
            }
        ),
        "/api/v1/reports/{year}": _get(
            {
                "summary": "年度行政执法工作报告数据",
                "operationId": "getAnnualReport",
                "parameters": [_param("year", _ID, "年份（1990–2100 之外没有报告）", True, "path")],
                "responses": {
                    "200": {
                        "description": "{year, inspections, inspector_person_times, problems_corrected, referrals, "
                        "cases, fines_yuan, withdrawals, legal_education, …}",
                        "content": json_object,
                    },
                    **not_found,
                },
            }
        ),
    }


CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FILE = {"type": "string", "format": "binary"}


def _file(media: str, description: str) -> dict:
    schema = {"type": "object"} if media.endswith("json") else _FILE
    return {"200": {"description": description, "content": {media: {"schema": schema}}}}


def _download_feed_paths(categories, party_types, max_query: int, max_per_page: int) -> dict:
    """Every public download (/downloads/…) and feed (/feeds/…): tests/web/test_openapi.py checks that each route
    of those URLs is here, with every format it serves. Errors there are JSON, as in the API."""
    filters = _penalty_filters(categories, party_types, max_query, max_per_page)
    by_name = {p["name"]: p for p in filters}
    chosen = [by_name[n] for n in ("q", "year", "category", "party_type", "law", "item")]
    feed_params = [*chosen, by_name["page"], by_name["after"]]
    bad, missing = {"400": _error("参数无效")}, {"404": _error("不存在")}
    year = [_param("year", _ID, "年份（1990–2100 之外没有）", True, "path")]
    paths = {}
    for fmt, media in (("csv", CSV_MIME), ("xlsx", XLSX_MIME), ("json", "application/json")):
        paths[f"/downloads/penalties.{fmt}"] = _get(
            {
                "summary": f"下载：符合筛选条件的全部公示期内处罚决定（{fmt.upper()}，不分页）",
                "operationId": f"downloadPenalties{fmt.capitalize()}",
                "parameters": chosen,
                "responses": {**_file(media, "全部符合条件的决定"), **bad},
            }
        )
        paths[f"/downloads/powers.{fmt}"] = _get(
            {
                "summary": f"下载：完整权责清单（{fmt.upper()}，文件名含清单版本日期）",
                "operationId": f"downloadPowers{fmt.capitalize()}",
                "responses": _file(media, "权责清单全部事项、全部字段"),
            }
        )
        paths[f"/downloads/inspections.{fmt}"] = _get(
            {
                "summary": f"下载：全部已公开的检查结果（{fmt.upper()}，每个检查对象一行，自然人已作隐私处理）",
                "operationId": f"downloadInspections{fmt.capitalize()}",
                "responses": _file(media, "计划、检查日期、对象、检查事项、检查情况、整改及复查结果、执法证号"),
            }
        )
    yearly = (
        ("stats", "年度执法统计", "全年合计及按月、类别、相对人类别、违法行为、事项的统计"),
        ("report", "年度行政执法工作报告", "报告中的全部数字"),
    )
    for fmt, media in (("csv", CSV_MIME), ("xlsx", XLSX_MIME)):
        for name, title, holds in yearly:
            paths[f"/downloads/{name}-{{year}}.{fmt}"] = _get(
                {
                    "summary": f"下载：{title}（{fmt.upper()}）",
                    "operationId": f"download{name.capitalize()}{fmt.capitalize()}",
                    "parameters": year,
                    "responses": {**_file(media, holds), **missing},
                }
            )
    feeds = (("rss", "application/rss+xml", "RSS 2.0"), ("atom", "application/atom+xml", "Atom"))
    for fmt, media, name in (*feeds, ("json", "application/feed+json", "JSON Feed 1.1")):
        paths[f"/feeds/penalties.{fmt}"] = _get(
            {
                "summary": f"订阅源（{name}）：公示期内的处罚决定，可按与检索相同的条件筛选；撤回和更正也会出现",
                "operationId": f"feedPenalties{fmt.capitalize()}",
                "parameters": feed_params,
                "responses": {
                    **_file(media, "一页条目（rel=next 指向下一页）"),
                    **bad,
                    "404": _error("订阅源没有这一页"),
                },
            }
        )
    for fmt, media, name in (*feeds, ("json", "application/feed+json", "JSON Feed 1.1")):
        paths[f"/feeds/inspections.{fmt}"] = _get(
            {
                "summary": f"订阅源（{name}）：已公开的双随机抽查和日常巡查检查结果，最近公开的在前",
                "operationId": f"feedInspections{fmt.capitalize()}",
                "parameters": [_param("page", _PAGE, "页码（每页 50 条）")],
                "responses": {
                    **_file(media, "一页条目（rel=next 指向下一页）"),
                    **bad,
                    "404": _error("订阅源没有这一页"),
                },
            }
        )
    paths["/feeds/"] = _get(
        {
            "summary": "全部标准订阅源的说明页（HTML）",
            "operationId": "feedIndex",
            "responses": {"200": {"description": "说明页", "content": {"text/html": {"schema": _FILE}}}},
        }
    )
    paths["/feeds/portal.opml"] = _get(
        {
            "summary": "OPML 2.0：全部标准订阅源（全部、按处罚类别、按年份），供阅读器一次导入",
            "operationId": "feedOpml",
            "responses": {"200": {"description": "OPML", "content": {"text/x-opml": {"schema": _FILE}}}},
        }
    )
    return paths


def openapi_document(
    server: str, categories, penalty_categories=(), party_types=(), max_query: int = 200, max_per_page: int = 50
) -> dict:
    """The document; ``max_query`` and ``max_per_page`` are PORTAL_MAX_QUERY_CHARS and PORTAL_MAX_PER_PAGE."""
    search_params = [
        _param(
            "q",
            {"type": "string", "maxLength": max_query},
            "查询词：中文、拼音、拼音首字母、法律名称或条文（如“第三十四条”）",
        ),
        _param("category", {"type": "string", "enum": list(categories)}, "事项类型"),
        _param("department", {"type": "string", "maxLength": 100}, "承办机构"),
        _param("law", {"type": "string", "maxLength": 100}, "法律简称，如“消防法”"),
        _param("article", {"type": "integer", "minimum": 1, "maximum": 9999}, "条文序号（与 law 一起使用）"),
        _param("page", _PAGE, "页码"),
        _param("per_page", {"type": "integer", "minimum": 1, "maximum": max_per_page, "default": 10}, "每页条数"),
    ]
    basis = {
        "type": "object",
        "required": ["law", "article", "text"],
        "properties": {
            "role": {"type": "string", "enum": ["设定依据", "实施依据"]},
            "law": {"type": "string"},
            "law_full_name": {"type": "string"},
            "law_level": {"type": "string"},
            "article": {"type": "string", "description": "如“第三十四条”；条款未核实时为空"},
            "article_number": {"type": ["integer", "null"]},
            "clause": {"type": "string"},
            "citation": {"type": "string"},
            "text": {"type": ["string", "null"], "description": "条文全文；未收录或未核实时为 null"},
            "quality": {"type": "string", "enum": ["law-text", "secondary", "unverified"]},
            "note": {"type": "string"},
        },
    }
    item = {
        "type": "object",
        "required": [
            "code",
            "name",
            "category",
            "subject",
            "department",
            "legal_bases",
            "responsibilities",
            "accountability",
            "url",
        ],
        "properties": {
            "code": {"type": "string"},
            "name": {"type": "string"},
            "sub_item": {"type": "string"},
            "category": {"type": "string", "enum": list(categories)},
            "subject": {"type": "string"},
            "department": {"type": "string"},
            "status": {"type": "string", "enum": ["有效", "调整", "取消"]},
            "effective_on": {"type": "string", "format": "date"},
            "version": {"type": "integer"},
            "legal_bases": {"type": "array", "items": {"$ref": "#/components/schemas/LegalBasis"}},
            "responsibilities": {
                "type": "array",
                "items": {"type": "object", "properties": {"stage": {"type": "string"}, "text": {"type": "string"}}},
            },
            "accountability": {"type": "string"},
            "supervision_phone": {"type": "string"},
            "process": {"type": "string"},
            "remarks": {"type": "string"},
            "url": {"type": "string"},
        },
    }
    hit = {
        "allOf": [
            {"$ref": "#/components/schemas/PowerItem"},
            {
                "type": "object",
                "properties": {
                    "highlight": {
                        "type": "object",
                        "properties": {"name": {"type": "string"}, "snippet": {"type": "string"}},
                        "description": "HTML，已转义，命中处以 <mark> 标注",
                    },
                    "score": {"type": ["number", "null"]},
                },
            },
        ]
    }
    facet = {
        "type": "array",
        "items": {"type": "object", "properties": {"value": {"type": "string"}, "count": {"type": "integer"}}},
    }
    page = {
        "type": "object",
        "required": ["total", "page", "per_page", "items"],
        "properties": {
            "total": {"type": "integer"},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
            **_tiers(
                "#/components/schemas/PowerHit",
                "严格匹配：包含全部查询词（或其同义词）的事项；total 是它们的总数",
                "相关事项（只在严格匹配结束的那一页，没有严格匹配时为第一页；最多约 10 项）："
                "不完整包含查询词、按相关程度排列的其他事项；与查询关系不大时最多 3 项或为空",
                "“占到经营”→“占道经营”",
            ),
            "facets": {"type": "object", "properties": {"category": facet, "department": facet}},
            "expansions": {
                "type": "array",
                "items": {"type": "object", "properties": {"from": {"type": "string"}, "to": {"type": "string"}}},
            },
        },
    }
    suggestion = {
        "type": "object",
        "required": ["text", "kind"],
        "properties": {
            "text": {"type": "string"},
            "kind": {
                "type": "string",
                "enum": ["popular", "synonym", "item", "word"],
                "description": "常用搜索、同义词、事项名称、事项名称中的词",
            },
            "code": {"type": "string", "description": "kind 为 item 时的事项编码"},
            "url": {"type": "string", "description": "kind 为 item 时的事项页面"},
        },
    }
    suggestions = {
        "type": "object",
        "required": ["q", "suggestions"],
        "properties": {"q": {"type": "string"}, "suggestions": {"type": "array", "items": suggestion}},
    }
    error = {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
            }
        },
    }
    errors = {"400": _error("参数无效")}
    doc = {
        "openapi": "3.1.0",
        "info": {
            "title": "华新街道行政执法公示平台 API",
            "version": "1.0.0",
            "description": "权责清单、行政处罚决定公示、变更日志、执法统计、双随机一公开和年度报告接口，"
            "以及全部下载（/downloads/…）和订阅源（/feeds/…）。所有接口只读、无需登录，"
            "允许跨域读取（Access-Control-Allow-Origin: *）；JSON 为 UTF-8，出错时返回 JSON 错误（error.code、"
            "error.message）；响应带 ETag 和 Last-Modified，带 If-None-Match 或 If-Modified-Since 再次请求时"
            "数据未变则返回 304。中文说明和示例见 /developers。",
        },
        "servers": [{"url": server}],
        "paths": {
            "/api/v1/powers": _get(
                {
                    "summary": "检索权责清单",
                    "operationId": "searchPowers",
                    "parameters": search_params,
                    "responses": {
                        "200": {
                            "description": "一页结果",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PowerPage"}}},
                        },
                        **errors,
                    },
                }
            ),
            "/api/v1/powers/{code}": _get(
                {
                    "summary": "单个权责事项（含历史版本）",
                    "operationId": "getPower",
                    "parameters": [_param("code", {"type": "string"}, "事项编码", True, "path")],
                    "responses": {
                        "200": {
                            "description": "事项",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PowerItem"}}},
                        },
                        "404": _error("事项不存在"),
                    },
                }
            ),
            "/api/v1/suggest": _get(
                {
                    "summary": "输入提示：按前缀（含拼音、拼音首字母前缀）给出事项名称、常用搜索和同义词",
                    "operationId": "suggest",
                    "parameters": [_param("q", {"type": "string", "maxLength": max_query}, "已输入的内容")],
                    "responses": {
                        "200": {
                            "description": "最多 8 条建议",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Suggestions"}}},
                        },
                        **errors,
                    },
                }
            ),
            "/api/v1/openapi.json": _get(
                {
                    "summary": "本说明",
                    "operationId": "openapi",
                    "responses": {"200": {"description": "OpenAPI 3 文档", "content": {"application/json": {}}}},
                }
            ),
        },
        "components": {
            "schemas": {
                "LegalBasis": basis,
                "PowerItem": item,
                "PowerHit": hit,
                "PowerPage": page,
                "Suggestions": suggestions,
                "Error": error,
            }
        },
    }
    paths, schemas = _penalty_part(penalty_categories, party_types, max_query, max_per_page)
    doc["paths"].update(paths)
    doc["paths"].update(_download_feed_paths(penalty_categories, party_types, max_query, max_per_page))
    doc["components"]["schemas"].update(schemas)
    doc["paths"].update(_inspection_paths(max_per_page))
    for path, operations in doc["paths"].items():
        if path != "/api/v1/openapi.json":  # every data resource answers conditional requests (conditional.py)
            operations["get"]["responses"].update(_NOT_MODIFIED)
    return doc


_NOT_MODIFIED = {"304": {"description": "未变化：请求带 If-None-Match（ETag）或 If-Modified-Since 且数据未变"}}
