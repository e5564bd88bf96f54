"""Glossary changes are reviewed (issue 16, finding 3), through the services on SQLite and PostgreSQL.

The attack: a reviewer saves a "term" whose target form is a whole sentence, drafts a release that
holds the source phrase and approves the draft, attributed to the engine. Now the term is only
proposed (drafting does not use it) until a second reviewer accepts it, and its proposer (or its
accepter) cannot approve a draft whose text comes from it.
"""

from __future__ import annotations

import dataclasses
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from threading import Barrier

import pytest
from race_fixtures import race
from review_fixtures import add_team, ingest_small, operator
from sqlalchemy import func, select

from workbench.config import Settings
from workbench.domain.glossary import Concept
from workbench.errors import ConflictError, NotFoundError, PermissionDeniedError, WorkbenchError
from workbench.formats.glossary_csv import write_glossary_csv
from workbench.services import drafting, glossary, releases, review, setup, users
from workbench.services.app import App
from workbench.store.tables import GlossaryChange, GlossaryConcept

needs_apertium = pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium is not installed")

PHRASE = "Amnesty International demande que toutes les poursuites engagées contre eux soient abandonnées"
SENTENCE = "Amnistía Internacional exige que se retiren todos los cargos y que los responsables rindan cuentas"
TERM = Concept(id="demande_abandon", kind="term", forms={"fr": PHRASE, "es": SENTENCE})


@pytest.fixture
def team(app: App) -> App:
    """The shipped glossary, the small release as `rel` and the review team."""
    setup.init_workbench(app)
    add_team(app)
    ingest_small(app)
    return app


def _segment_with(app: App, slug: str, text: str) -> str:
    return next(s["id"] for s in releases.list_segments(app, slug)["segments"] if text in s["source"])


def _target(app: App, slug: str, key: str, lang: str = "es") -> str:
    return review.current(app, slug, key, lang)["target"] or ""


@needs_apertium
def test_a_sentence_term_is_only_proposed_and_its_proposer_cannot_approve_the_draft(team: App) -> None:
    proposed = glossary.save_concept(team, TERM, "rv")
    [change] = proposed["proposed"]
    assert "demande_abandon" not in glossary.termbase(team).concepts  # a proposal is not the term base
    assert [p["id"] for p in glossary.proposals(team)] == [change]

    # Drafting uses accepted forms only: the reviewer's sentence does not reach the draft.
    drafting.translate_release(team, "rel", "es", user=operator(team))
    key = _segment_with(team, "rel", "Amnesty International demande")
    assert SENTENCE not in _target(team, "rel", key)

    # The proposer cannot accept their own proposal; a second reviewer can.
    with pytest.raises(PermissionDeniedError, match="proposer cannot accept their own proposal"):
        glossary.accept(team, [change], "rv")
    glossary.accept(team, [change], "rv2")
    assert glossary.termbase(team).concepts["demande_abandon"].forms["es"] == SENTENCE
    assert glossary.proposals(team) == []

    # A new release with the phrase is drafted with the sentence, now accepted.
    ingest_small(team, "rel2")
    drafting.translate_release(team, "rel2", "es", user=operator(team))
    key2 = _segment_with(team, "rel2", "Amnesty International demande")
    assert SENTENCE in _target(team, "rel2", key2)

    # Its proposer and its accepter wrote that text: neither approves it, and the message says why.
    for person in ("rv", "rv2"):
        with pytest.raises(PermissionDeniedError, match=r"four-eyes rule: the text comes from the glossary form "
                                                        r"of 'demande_abandon', which '" + person + "' proposed"):
            review.approve(team, "rel2", [key2], "es", person)
    assert review.current(team, "rel2", key2, "es")["state"] == "draft"
    # --all reports the refusal and approves the rest
    result = review.approve(team, "rel2", None, "es", "rv")
    assert [r["segment"] for r in result["refused"]] == [key2] and key2 not in result["approved"]
    review.approve(team, "rel2", [key2], "es", "ad")  # a third person may

    # The history shows the glossary the draft used and who proposed and accepted the concept.
    story = review.history(team, "rel2", key2, "es")
    assert story["glossary"]["version"] == glossary.termbase(team).version
    [applied] = [c for c in story["glossary"]["changes"] if c["concept"] == "demande_abandon"]
    assert (applied["id"], applied["proposed_by"], applied["decided_by"], applied["state"]) == (
        change, "rv", "rv2", "accepted")
    assert "demande_abandon" in story["glossary"]["concepts"]
    # shipped concepts the draft applied are attributed to the shipped files
    shipped = {c["proposed_by"] for c in story["glossary"]["changes"] if c["concept"] != "demande_abandon"}
    assert shipped <= {"shipped:names.csv", "shipped:organisations.csv", "shipped:places.csv",
                       "shipped:human-rights-terms.csv"}


@needs_apertium
def test_an_edited_text_keeping_the_glossary_sentence_is_still_the_proposers(team: App) -> None:
    [change] = glossary.save_concept(team, TERM, "rv")["proposed"]
    glossary.accept(team, [change], "rv2")
    drafting.translate_release(team, "rel", "es", user=operator(team))
    key = _segment_with(team, "rel", "Amnesty International demande")
    review.edit(team, "rel", key, "es", "Según el comunicado: " + _target(team, "rel", key), "tr")
    with pytest.raises(PermissionDeniedError, match="four-eyes rule"):
        review.approve(team, "rel", [key], "es", "rv")
    # once the translator rewrote the sentence, nothing of it is the reviewer's any more
    review.edit(team, "rel", key, "es", "Amnistía Internacional pide que se retiren todos los cargos.", "tr")
    review.approve(team, "rel", [key], "es", "rv")


@needs_apertium
def test_with_four_eyes_off_a_one_person_section_approves_its_own_glossary_drafts(
    db_url: str, tmp_path: Path
) -> None:
    from conftest import ROOT

    settings = Settings(database_url=db_url, glossary_dir=ROOT / "glossary", locales_dir=tmp_path / "locales",
                        four_eyes=False, glossary_self_accept=True)
    app = App.open(settings)
    try:
        setup.init_workbench(app)
        users.add_user(app, "solo", "admin", "pw-solo")
        ingest_small(app)
        result = glossary.propose_concepts(app, [TERM], "solo", "edited by solo", accept=True)
        assert result["added"] == 1 and result["proposed"]
        drafting.translate_release(app, "rel", "es", user="solo")
        key = _segment_with(app, "rel", "Amnesty International demande")
        review.approve(app, "rel", [key], "es", "solo")
        [applied] = [c for c in review.history(app, "rel", key, "es")["glossary"]["changes"]
                     if c["concept"] == "demande_abandon"]
        assert applied["proposed_by"] == applied["decided_by"] == "solo"
    finally:
        app.db.dispose()


def test_self_acceptance_needs_an_admin_and_the_setting(team: App) -> None:
    with pytest.raises(PermissionDeniedError, match="cannot accept their own glossary change"):
        glossary.propose_concepts(team, [TERM], "ad", "x.csv", accept=True)
    [change] = glossary.save_concept(team, TERM, "ad")["proposed"]
    with pytest.raises(PermissionDeniedError, match="proposer cannot accept"):
        glossary.accept(team, [change], "ad")
    self_accepting = App(dataclasses.replace(team.settings, glossary_self_accept=True), team.db)
    with pytest.raises(PermissionDeniedError, match="proposer cannot accept"):  # a reviewer never may
        glossary.accept(self_accepting, [glossary.save_concept(team, TERM, "rv")["proposed"][0]], "rv")
    glossary.accept(self_accepting, [change], "ad")
    assert "demande_abandon" in glossary.termbase(team).concepts


def test_who_may_propose_accept_and_reject(team: App) -> None:
    with pytest.raises(PermissionDeniedError, match="only a reviewer or admin may change the glossary"):
        glossary.save_concept(team, TERM, "tr")
    [change] = glossary.save_concept(team, TERM, "rv")["proposed"]
    with pytest.raises(PermissionDeniedError, match="only a reviewer or admin may change the glossary"):
        glossary.accept(team, [change], "tr")
    with pytest.raises(PermissionDeniedError, match="changes fr: user 'rv_es' works on es only"):
        glossary.accept(team, [change], "rv_es")  # the French form is outside her languages
    users.set_disabled(team, "rv2", True, by="ad")
    with pytest.raises(PermissionDeniedError, match="disabled"):
        glossary.accept(team, [change], "rv2")
    with pytest.raises(NotFoundError, match="no glossary proposal 999"):
        glossary.accept(team, [999], "ad")
    rejected = glossary.reject(team, change, "ad", "a sentence is not a term")
    assert (rejected["state"], rejected["decided_by"], rejected["comment"]) == (
        "rejected", "ad", "a sentence is not a term")
    with pytest.raises(WorkbenchError, match="is rejected already by ad"):
        glossary.accept(team, [change], "ad")
    assert "demande_abandon" not in glossary.termbase(team).concepts
    # a proposer may withdraw their own proposal
    [again] = glossary.save_concept(team, TERM, "rv")["proposed"]
    assert glossary.reject(team, again, "rv")["state"] == "withdrawn"


def test_a_proposal_made_stale_by_another_accepted_change_is_refused(team: App) -> None:
    umerov = glossary.termbase(team).concepts["ilmi_umerov"]
    first = glossary.save_concept(team, Concept(**{**umerov.__dict__, "forms": {**umerov.forms, "de": "Ilmi Umerow"}}),
                                  "rv")["proposed"][0]
    second = glossary.save_concept(team, Concept(**{**umerov.__dict__, "forms": {**umerov.forms, "de": "I. Umerow"}}),
                                   "rv2")["proposed"][0]
    [listed] = [p for p in glossary.proposals(team) if p["id"] == first]
    assert listed["changes"] == [{"what": "form", "lang": "de", "before": umerov.forms.get("de", ""),
                                  "after": "Ilmi Umerow"}]
    glossary.accept(team, [first], "rv2")
    with pytest.raises(ConflictError, match="changed since it was proposed"):
        glossary.accept(team, [second], "rv")
    assert glossary.termbase(team).concepts["ilmi_umerov"].forms["de"] == "Ilmi Umerow"
    # a person's newer proposal of the same concept supersedes their older one
    a = glossary.save_concept(team, TERM, "rv")["proposed"][0]
    b = glossary.save_concept(team, Concept(**{**TERM.__dict__, "note": "house wording"}), "rv")["proposed"][0]
    assert [p["id"] for p in glossary.proposals(team)] == [second, b] and a != b


def test_importing_a_file_proposes_what_changes_and_init_keeps_accepted_changes(team: App, tmp_path: Path) -> None:
    path = tmp_path / "more.csv"
    path.write_text(
        "id,kind,fr,en,de,variants,note\n"
        "ilmi_umerov,person,Ilmi Oumerov,Ilmi Umerov,Ilmi Umerow,de:Ilmi Umerov,German form decided\n"
        "nariman_dzhelyal,person,Nariman Djelal,Nariman Dzhelyal,,fr:Nariman Dzhelial,\n",
        encoding="utf-8",
    )
    before = glossary.termbase(team).version
    result = glossary.import_file(team, path, "rv")
    assert len(result["proposed"]) == 2 and (result["added"], result["updated"]) == (0, 0)
    assert glossary.termbase(team).version == before
    assert {p["origin"] for p in glossary.proposals(team)} == {"more.csv"}
    glossary.accept(team, result["proposed"], "rv2")
    assert glossary.termbase(team).concepts["ilmi_umerov"].forms["de"] == "Ilmi Umerow"
    # the same file again changes nothing: nothing to propose
    assert glossary.import_file(team, path, "rv")["proposed"] == []
    # `init` reloads the shipped files but does not undo what two people accepted since
    reloaded = {Path(r["file"]).name: r for r in setup.init_workbench(team)["glossary"]}
    assert reloaded["names.csv"]["kept"] == 1 and reloaded["names.csv"]["updated"] == 0
    assert glossary.termbase(team).concepts["ilmi_umerov"].forms["de"] == "Ilmi Umerow"
    # a colliding form refuses the whole file before anything is proposed
    clash = tmp_path / "clash.csv"
    clash.write_text("id,kind,fr,en\numerov_bis,person,Ilmi Oumerov,Ilmi Umerov2\n", encoding="utf-8")
    with pytest.raises(ConflictError, match="already a form of 'ilmi_umerov'; nothing proposed"):
        glossary.import_file(team, clash, "rv")
    with team.db.read() as session:
        assert session.scalar(select(func.count()).select_from(GlossaryChange)
                              .where(GlossaryChange.concept_id == "umerov_bis")) == 0


def test_the_shipped_glossary_is_accepted_and_attributed_to_its_files(team: App) -> None:
    with team.db.read() as session:
        rows = session.execute(select(GlossaryConcept.id, GlossaryChange.proposed_by, GlossaryChange.decided_by)
                               .join(GlossaryChange, GlossaryChange.id == GlossaryConcept.change_id)).all()
        total = session.scalar(select(func.count()).select_from(GlossaryConcept))
    assert len(rows) == total and total > 39
    assert {(p, d) for _c, p, d in rows if _c == "ilmi_umerov"} == {("shipped:names.csv", "shipped:names.csv")}
    assert glossary.proposals(team) == []


def accept_at_once(app: App, changes: list[int], by: list[str]) -> list[str]:
    """Accept ``changes[i]`` as ``by[i]``, each in its own thread, all starting together: for each,
    "accepted" or "refused: " and the ConflictError's message."""
    barrier = Barrier(len(changes))

    def accept(change: int, user: str) -> str:
        barrier.wait()
        try:
            glossary.accept(app, [change], user)
        except ConflictError as exc:
            return f"refused: {exc}"
        return "accepted"

    with ThreadPoolExecutor(len(changes)) as pool:
        return list(pool.map(accept, changes, by))


def test_two_reviewers_accepting_rival_proposals_at_once_keep_exactly_one(team: App) -> None:
    umerov = glossary.termbase(team).concepts["ilmi_umerov"]
    rivals = {}
    for proposer, form in (("rv", "Ilmi Umerow"), ("ad", "I. Umerow")):
        edited = Concept(**{**umerov.__dict__, "forms": {**umerov.forms, "de": form}})
        rivals[proposer] = glossary.save_concept(team, edited, proposer)["proposed"][0]
    outcomes = accept_at_once(team, [rivals["rv"], rivals["ad"]], ["rv2", "rv"])
    assert sorted(o.split(":")[0] for o in outcomes) == ["accepted", "refused"], outcomes
    assert "changed since it was proposed" in next(o for o in outcomes if o.startswith("refused"))
    winner = "Ilmi Umerow" if outcomes[0] == "accepted" else "I. Umerow"
    assert glossary.termbase(team).concepts["ilmi_umerov"].forms["de"] == winner


def test_two_reviewers_accepting_rival_proposals_of_one_new_concept_at_once_keep_exactly_one(team: App) -> None:
    """Two proposals create the same concept, absent from the term base: accepted at once, one is
    refused with one clear ConflictError (not the unique key's database error), nothing of it written."""
    for round_ in range(4):
        concept_id = f"oleh_sentsov_{round_}"
        rivals = {}
        for proposer, fr, de in (("rv", "Oleh Sentsov", "Oleh Senzow"), ("ad", "Oleg Sentsov", "Oleg Senzow")):
            new = Concept(id=concept_id, kind="person",
                          forms={"fr": f"{fr} {round_}", "de": f"{de} {round_}", "uk": f"Олег Сенцов {round_}"})
            rivals[proposer] = glossary.save_concept(team, new, proposer)["proposed"][0]
        assert concept_id not in glossary.termbase(team).concepts
        outcomes = accept_at_once(team, [rivals["rv"], rivals["ad"]], ["rv2", "rv"])
        assert sorted(o.split(":")[0] for o in outcomes) == ["accepted", "refused"], outcomes
        refusal = next(o for o in outcomes if o.startswith("refused"))
        won, lost = (rivals["rv"], rivals["ad"]) if outcomes[0] == "accepted" else (rivals["ad"], rivals["rv"])
        assert repr(concept_id) in refusal and "accepted another change to it meanwhile" in refusal, refusal
        assert f"(change {won}, by " in refusal, refusal
        concept = glossary.termbase(team).concepts[concept_id]
        assert concept.forms["fr"] == f"{'Oleh' if won == rivals['rv'] else 'Oleg'} Sentsov {round_}"
        with team.db.read() as session:
            assert session.scalar(select(func.count()).select_from(GlossaryConcept)
                                  .where(GlossaryConcept.id == concept_id)) == 1
            assert session.scalar(select(GlossaryConcept.change_id).where(GlossaryConcept.id == concept_id)) == won
        open_ids = [p["id"] for p in glossary.proposals(team)]
        assert lost in open_ids and won not in open_ids


@pytest.mark.parametrize("writer", ["self-acceptance", "shipped load"])
def test_a_writer_of_the_term_base_never_overwrites_an_acceptance_it_did_not_see(
        team: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writer: str) -> None:
    """An admin's self-accepted edit of a concept, or a load of a newer shipped glossary, reads the
    term base while a second reviewer accepts another change of that concept: the reviewer's
    acceptance is either seen or refused, never lost.

    The writer's transaction is held between its read and its write until the reviewer's acceptance
    returns (at most 2 s): on PostgreSQL, without the term base's lock, the reviewer committed there
    and the writer then replaced the accepted spelling, both told they succeeded.
    """
    umerov = glossary.termbase(team).concepts["ilmi_umerov"]
    rival = Concept(**{**umerov.__dict__, "forms": {**umerov.forms, "de": "Ilmi Umerow"}})
    proposal = glossary.save_concept(team, rival, "rv")["proposed"][0]
    edited = Concept(**{**umerov.__dict__, "forms": {**umerov.forms, "de": "I. Umerow"}})
    (tmp_path / "newer.csv").write_bytes(write_glossary_csv([edited]))
    writing_app = App(dataclasses.replace(team.settings, glossary_self_accept=True, glossary_dir=tmp_path), team.db)

    def write() -> None:
        if writer == "self-acceptance":
            glossary.propose_concepts(writing_app, [edited], "ad", "editor", accept=True)
        else:
            assert glossary.load_shipped(writing_app)[0]["updated"] == 1

    written, reviewed = race(monkeypatch, glossary.glossary_repo, "load_concepts", write,
                             lambda: glossary.accept(team, [proposal], "rv2"))
    assert written is None, written
    assert isinstance(reviewed, ConflictError) and "changed since it was proposed" in str(reviewed), reviewed
    assert glossary.termbase(team).concepts["ilmi_umerov"].forms["de"] == "I. Umerow"
    assert proposal in [p["id"] for p in glossary.proposals(team)]  # still open: nothing of it was written
