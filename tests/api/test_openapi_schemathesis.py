"""The API against its own OpenAPI document: schemathesis generates requests (paths, validators) from it and
checks every answer of the served API (no server error, documented status, content type, headers, JSON schema).

The schema is loaded from workbench.api.openapi (the same dict the API serves, checked below), and requests go
to a real uvicorn on loopback: schemathesis's lazy pytest fixtures do not work with pytest 9.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from api_fixtures import api_server, get
from hypothesis import HealthCheck, settings
from publishing_fixtures import signed_sample

from workbench.api.openapi import document
from workbench.services import tokens
from workbench.services.app import App

schema = schemathesis.openapi.from_dict(document())


@pytest.fixture
def api(sqlite_app: App, sample_bytes: bytes) -> Iterator[tuple[str, dict[str, str]]]:
    """The served API over the signed-off sample, and the headers of a site token seeing every language."""
    signed_sample(sqlite_app, sample_bytes)
    token = tokens.add_token(sqlite_app, "site", "", "ad")["token"]
    with api_server(sqlite_app) as base:
        yield base, {"Authorization": f"Bearer {token}"}


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_conforms_to_its_openapi_document(case: Any, api: tuple[str, dict[str, str]]) -> None:
    base, auth = api
    case.call_and_validate(base_url=base, headers=auth)


def test_the_known_files_conform_too(api: tuple[str, dict[str, str]]) -> None:
    """Generated slugs rarely hit a real release: the sample's own files are checked the same way."""
    base, auth = api
    for path in ("/api/v1/releases/{slug}/{lang}.po", "/api/v1/releases/{slug}/{lang}.mo",
                 "/api/v1/releases/{slug}/{lang}.html", "/api/v1/releases/{slug}/{lang}.json"):
        case = schema[path]["GET"].Case(path_parameters={"slug": "sample", "lang": "es"})
        assert case.call_and_validate(base_url=base, headers=auth).status_code == 200
    case = schema["/api/v1/releases/{slug}/bundle.zip"]["GET"].Case(path_parameters={"slug": "sample"})
    assert case.call_and_validate(base_url=base, headers=auth).status_code == 200
    case = schema["/api/v1/releases"]["GET"].Case()
    assert case.call_and_validate(base_url=base, headers=auth).status_code == 200
    assert json.loads(get(f"{base}/api/v1/openapi.json")[2]) == document()
