"""The OpenAPI 3.1 document of the API, served at /api/v1/openapi.json and tested against (schemathesis)."""

from __future__ import annotations

from typing import Any

from workbench import __version__

_ERROR = {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}}
_RELEASE = {
    "type": "object",
    "required": ["slug", "title", "lang", "signed_off_at", "last_change"],
    "properties": {
        "slug": {"type": "string"}, "title": {"type": "string"}, "lang": {"type": "string"},
        "signed_off_at": {"type": "string", "format": "date-time"},
        "last_change": {"type": "string", "format": "date-time"},
    },
}
_SEGMENTS = {
    "type": "object",
    "required": ["slug", "lang", "source_lang", "title", "signed_off_at", "reviewer", "segments"],
    "properties": {
        "slug": {"type": "string"}, "lang": {"type": "string"}, "source_lang": {"type": "string"},
        "title": {"type": "string"}, "signed_off_at": {"type": "string", "format": "date-time"},
        "reviewer": {"type": "string"},
        "segments": {"type": "array", "items": {
            "type": "object", "required": ["id", "kind", "block", "source", "target"],
            "properties": {"id": {"type": "string"}, "kind": {"type": "string"}, "block": {"type": "integer"},
                           "source": {"type": "string"}, "target": {"type": ["string", "null"]}},
        }},
    },
}
_VALIDATORS = {
    "ETag": {"schema": {"type": "string"}, "description": "strong validator of the body: send it in If-None-Match"},
    "Last-Modified": {"schema": {"type": "string"}, "description": "the last change of the signed-off content"},
}
_CONDITIONAL = [
    {"name": "If-None-Match", "in": "header", "required": False, "schema": {"type": "string"}},
    {"name": "If-Modified-Since", "in": "header", "required": False, "schema": {"type": "string"}},
]
_SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}
_LANG = {"name": "lang", "in": "path", "required": True, "schema": {"type": "string"}}


def _errors() -> dict[str, Any]:
    body = {"application/json": {"schema": _ERROR}}
    return {
        "304": {"description": "not modified: the If-None-Match or If-Modified-Since validator is current",
                "headers": _VALIDATORS},
        "401": {"description": "no token, an unknown one or a revoked one", "content": body},
        "404": {"description": "unknown, not signed off, embargoed, or in a language the token does not see "
                               "(one answer for all, so nothing is revealed)", "content": body},
    }


def _file(summary: str, media: str, schema: dict[str, Any], params: list[dict[str, Any]]) -> dict[str, Any]:
    return {"get": {
        "summary": summary, "parameters": [*params, *_CONDITIONAL],
        "responses": {"200": {"description": "the file", "headers": _VALIDATORS,
                              "content": {media: {"schema": schema}}}, **_errors()},
    }}


def document() -> dict[str, Any]:
    """The OpenAPI document."""
    binary = {"type": "string", "format": "binary"}
    base = "/api/v1/releases/{slug}"
    return {
        "openapi": "3.1.0",
        "info": {"title": "Workbench publishing API", "version": __version__,
                 "description": "Signed-off, released translations for the sections' sites (docs/publishing.md)."},
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearer": []}],
        "paths": {
            "/api/v1/releases": {"get": {
                "summary": "the signed-off, released languages this token sees",
                "parameters": _CONDITIONAL,
                "responses": {"200": {"description": "releases, one row per language", "headers": _VALIDATORS,
                                      "content": {"application/json": {"schema": {
                                          "type": "object", "required": ["releases"],
                                          "properties": {"releases": {"type": "array", "items": _RELEASE}}}}}},
                              **_errors()},
            }},
            f"{base}/{{lang}}.po": _file("the gettext catalog", "text/x-gettext-translation", {"type": "string"},
                                         [_SLUG, _LANG]),
            f"{base}/{{lang}}.mo": _file("the compiled catalog", "application/x-gettext-translation", binary,
                                         [_SLUG, _LANG]),
            f"{base}/{{lang}}.html": _file("the rendered page", "text/html", {"type": "string"}, [_SLUG, _LANG]),
            f"{base}/{{lang}}.json": _file("segments and approved targets", "application/json", _SEGMENTS,
                                           [_SLUG, _LANG]),
            f"{base}/bundle.zip": _file("catalogs, pages and manifest of every language the token sees",
                                        "application/zip", binary, [_SLUG]),
            "/api/v1/openapi.json": {"get": {"summary": "this document", "security": [],
                                             "responses": {"200": {"description": "OpenAPI 3.1",
                                                                   "content": {"application/json": {}}}}}},
        },
    }
