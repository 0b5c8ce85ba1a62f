"""The OpenAPI 3 description of /api/v1, kept beside the code it describes (tests check they agree)."""
from __future__ import annotations

_ERROR = {"$ref": "#/components/schemas/Error"}


def _param(name, schema, description, required=False, where="query"):
    return {"name": name, "in": where, "required": required, "description": description, "schema": schema}


def openapi_document(server: str, categories) -> dict:
    search_params = [
        _param("q", {"type": "string", "maxLength": 200},
               "查询词：中文、拼音、拼音首字母、法律名称或条文（如“第三十四条”）"),
        _param("category", {"type": "string", "enum": list(categories)}, "事项类型"),
        _param("department", {"type": "string"}, "承办机构"),
        _param("law", {"type": "string"}, "法律简称，如“消防法”"),
        _param("article", {"type": "integer", "minimum": 1}, "条文序号（与 law 一起使用）"),
        _param("page", {"type": "integer", "minimum": 1, "default": 1}, "页码"),
        _param("per_page", {"type": "integer", "minimum": 1, "maximum": 50, "default": 10}, "每页条数"),
    ]
    basis = {"type": "object", "required": ["law", "article", "text"], "properties": {
        "role": {"type": "string", "enum": ["设定依据", "实施依据"]},
        "law": {"type": "string"}, "law_full_name": {"type": "string"}, "law_level": {"type": "string"},
        "article": {"type": "string", "description": "如“第三十四条”；条款未核实时为空"},
        "article_number": {"type": ["integer", "null"]}, "clause": {"type": "string"},
        "citation": {"type": "string"},
        "text": {"type": ["string", "null"], "description": "条文全文；未收录或未核实时为 null"},
        "quality": {"type": "string", "enum": ["law-text", "secondary", "unverified"]},
        "note": {"type": "string"},
    }}
    item = {"type": "object",
            "required": ["code", "name", "category", "subject", "department", "legal_bases", "responsibilities",
                         "accountability", "url"],
            "properties": {
                "code": {"type": "string"}, "name": {"type": "string"}, "sub_item": {"type": "string"},
                "category": {"type": "string", "enum": list(categories)}, "subject": {"type": "string"},
                "department": {"type": "string"}, "status": {"type": "string", "enum": ["有效", "调整", "取消"]},
                "effective_on": {"type": "string", "format": "date"}, "version": {"type": "integer"},
                "legal_bases": {"type": "array", "items": {"$ref": "#/components/schemas/LegalBasis"}},
                "responsibilities": {"type": "array", "items": {"type": "object", "properties": {
                    "stage": {"type": "string"}, "text": {"type": "string"}}}},
                "accountability": {"type": "string"}, "supervision_phone": {"type": "string"},
                "process": {"type": "string"}, "remarks": {"type": "string"}, "url": {"type": "string"},
            }}
    hit = {"allOf": [{"$ref": "#/components/schemas/PowerItem"}, {"type": "object", "properties": {
        "highlight": {"type": "object", "properties": {"name": {"type": "string"}, "snippet": {"type": "string"}},
                      "description": "HTML，已转义，命中处以 <mark> 标注"},
        "score": {"type": ["number", "null"]}}}]}
    facet = {"type": "array", "items": {"type": "object", "properties": {
        "value": {"type": "string"}, "count": {"type": "integer"}}}}
    page = {"type": "object", "required": ["total", "page", "per_page", "items"], "properties": {
        "total": {"type": "integer"}, "page": {"type": "integer"}, "per_page": {"type": "integer"},
        "items": {"type": "array", "items": {"$ref": "#/components/schemas/PowerHit"}},
        "facets": {"type": "object", "properties": {"category": facet, "department": facet}},
        "expansions": {"type": "array", "items": {"type": "object", "properties": {
            "from": {"type": "string"}, "to": {"type": "string"}}}},
    }}
    error = {"type": "object", "required": ["error"], "properties": {"error": {
        "type": "object", "required": ["code", "message"],
        "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}}
    errors = {"400": {"description": "参数无效", "content": {"application/json": {"schema": _ERROR}}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "华新街道行政执法公示平台 API", "version": "1.0.0",
                 "description": "权责清单查询接口。所有接口只读、无需登录，返回 UTF-8 JSON。"},
        "servers": [{"url": server}],
        "paths": {
            "/api/v1/powers": {"get": {
                "summary": "检索权责清单", "operationId": "searchPowers", "parameters": search_params,
                "responses": {"200": {"description": "一页结果", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/PowerPage"}}}}, **errors}}},
            "/api/v1/powers/{code}": {"get": {
                "summary": "单个权责事项（含历史版本）", "operationId": "getPower",
                "parameters": [_param("code", {"type": "string"}, "事项编码", True, "path")],
                "responses": {"200": {"description": "事项", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/PowerItem"}}}},
                    "404": {"description": "事项不存在", "content": {"application/json": {"schema": _ERROR}}}}}},
            "/api/v1/openapi.json": {"get": {"summary": "本说明", "operationId": "openapi",
                                             "responses": {"200": {"description": "OpenAPI 3 文档"}}}},
        },
        "components": {"schemas": {"LegalBasis": basis, "PowerItem": item, "PowerHit": hit, "PowerPage": page,
                                   "Error": error}},
    }
