"""What the glossary and releases screens ask of the services: a concept as the editor gives it (variants
as text, a form holding ``;``), a concept for an unknown name, glossary files as bytes, downloads."""

from __future__ import annotations

from pathlib import Path

import pytest
from review_fixtures import add_team

from workbench.errors import InputError, PermissionDeniedError
from workbench.formats.glossary_csv import read_glossary_csv
from workbench.services import glossary, setup
from workbench.services.app import App


@pytest.fixture
def team(sqlite_app: App) -> App:
    setup.init_workbench(sqlite_app)
    add_team(sqlite_app)
    return sqlite_app


def test_a_variant_holding_a_semicolon_survives_the_editor_and_the_csv(team: App) -> None:
    mejlis = glossary.termbase(team).concepts["mejlis"]
    # the editor shows the variants as text; a reviewer adds one whose form holds the separator
    text = glossary.variants_text(mejlis) + "; fr:Mejlis\\; Qurultay"
    [change] = glossary.edit_concept(team, "mejlis", mejlis.kind, mejlis.forms, text, mejlis.note, "rv")["proposed"]
    glossary.accept(team, [change], "rv2")
    edited = glossary.termbase(team).concepts["mejlis"]
    assert edited.variants == (*mejlis.variants, ("fr", "Mejlis; Qurultay"))
    assert edited.sources == mejlis.sources  # what the editor does not show is kept
    # saved again as the editor shows it: nothing changes, nothing is proposed
    again = glossary.edit_concept(team, "mejlis", edited.kind, edited.forms, glossary.variants_text(edited),
                                  edited.note, "rv")
    assert again["proposed"] == [] and again["unchanged"] == 1
    # the CSV file says the same
    exported = {c.id: c for c in read_glossary_csv(glossary.export_data(team, "glossary.csv"), "glossary.csv")}
    assert exported["mejlis"].variants == edited.variants


@pytest.mark.parametrize(("concept_id", "variants", "reason"), [
    ("  ", "", "the concept needs an id"),
    ("nariman_dzhelyal", "Nariman Dzhelial", "malformed variant 'Nariman Dzhelial'"),
    ("nariman_dzhelyal", "fr:Nariman\\Dzhelial", "a backslash in variants must be followed by"),
])
def test_the_editor_refuses_what_it_cannot_read_and_proposes_nothing(
    team: App, concept_id: str, variants: str, reason: str
) -> None:
    with pytest.raises(InputError, match=reason):
        glossary.edit_concept(team, concept_id, "person", {"fr": "Nariman Djelal"}, variants, "", "rv")
    assert glossary.proposals(team) == []


def test_an_unknown_name_is_proposed_with_an_id_from_its_spelling(team: App) -> None:
    assert glossary.propose_name(team, "Natalia Berg-Lévy", "fr", "person", "rv") == "natalia_berg_levy"
    [proposal] = glossary.proposals(team)
    assert (proposal["concept"], proposal["kind"], proposal["forms"]) == ("natalia_berg_levy", "person",
                                                                           {"fr": "Natalia Berg-Lévy"})
    with pytest.raises(PermissionDeniedError):
        glossary.propose_name(team, "Rustem Umerov", "fr", "person", "tr")


def test_a_glossary_file_is_exported_and_imported_as_bytes_like_a_file(team: App, tmp_path: Path) -> None:
    for suffix in ("csv", "tbx"):
        path = tmp_path / f"glossary.{suffix}"
        glossary.export_file(team, path)
        data = glossary.export_data(team, path.name)
        assert data == path.read_bytes()
        changed = data.replace(b"Ilmi Umerov", b"Ilmi Umerow", 1)
        result = glossary.import_data(team, changed, f"upload/{path.name}", "rv")
        assert result["file"] == path.name and len(result["proposed"]) == 1
    # a translator's upload is refused before it is read
    with pytest.raises(PermissionDeniedError):
        glossary.import_data(team, b"not a glossary", "x.csv", "tr")
