"""A small French release and a team of users, shared by the review tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from workbench.services import releases, review, users
from workbench.services.app import App

RELEASE_MD = """# Deux dirigeants tatars de Crimée libérés

Ilmi Oumerov et Akhtem Tchigoz sont arrivés à Kiev vendredi après-midi. Ils avaient été libérés mercredi.

Amnesty International demande que toutes les poursuites engagées contre eux soient abandonnées.
""".encode()

#: name -> (role, languages); the *_es users may work on Spanish only.
TEAM = {
    "tr": ("translator", ""),
    "tr_es": ("translator", "es"),
    "rv": ("reviewer", ""),
    "rv2": ("reviewer", ""),
    "rv_es": ("reviewer", "es"),
    "ad": ("admin", ""),
    "ad_es": ("admin", "es"),
}


#: The admin who sets a test's scene up (ingests, adds the team): every service needs an acting user.
OPERATOR = "op"


def operator(app: App) -> str:
    """The name of the scene-setting admin, added (as the first user, or by the first admin) when missing."""
    names = {u["name"]: u for u in users.list_users(app)}
    if OPERATOR not in names:
        by = next((n for n, u in names.items() if u["role"] == "admin" and not u["disabled"]), None)
        users.add_user(app, OPERATOR, "admin", f"pw-{OPERATOR}", by=by)
    return OPERATOR


def cli_operator(run: Callable[..., tuple[int, str, str]]) -> None:
    """Add the operator admin through the command line (the first user; the `cli` fixture acts as them)."""
    code, _, err = run("user", "add", OPERATOR, "--role", "admin", stdin=f"pw-{OPERATOR}-secret\n")
    assert code == 0, err


def ingest_small(app: App, slug: str = "rel") -> list[str]:
    """Ingest the small release under ``slug`` (as the operator); returns its segment keys in order."""
    report = releases.ingest_release(app, RELEASE_MD, name=f"{slug}.md", lang="fr", slug=slug, user=operator(app))
    return [s["id"] for s in report.segments]


def add_team(app: App, names: tuple[str, ...] | None = None) -> None:
    """Create the users of TEAM (all of them by default), each with password ``pw-<name>``, as the operator."""
    by = operator(app)
    for name in names or tuple(TEAM):
        role, langs = TEAM[name]
        users.add_user(app, name, role, f"pw-{name}", langs, by=by)


def es_text(key: str) -> str:
    """A distinct target text for segment ``key`` with no digits (the numbers check would flag them)."""
    return "texto " + key.translate(str.maketrans("0123456789", "ghijklmnop"))


def import_reviewed(app: App, path: Path) -> dict[str, Any]:
    """Import a glossary file the way a team does: proposed by one reviewer, accepted by another.

    Returns the import's result with the acceptance's ``added``/``updated`` counts.
    """
    from workbench.services import glossary

    known = {u["name"] for u in users.list_users(app)}
    for name in ("gl_proposer", "gl_accepter"):
        if name not in known:
            users.add_user(app, name, "reviewer", f"pw-{name}", by=operator(app))
    result = glossary.import_file(app, path, "gl_proposer")
    if result["proposed"]:
        accepted = glossary.accept(app, result["proposed"], "gl_accepter")
        result = {**result, "added": accepted["added"], "updated": accepted["updated"]}
    return result


#: The sample's title in Spanish, as the browser tests approve it so that the memory has a match.
ES_TITLE = "Rusia. Los dirigentes tártaros de Crimea deben poder volver a su tierra"


def crimea_with_approved_title(app: App, sample: bytes) -> list[dict[str, Any]]:
    """The sample ingested as ``crimea``, its title translated into es by tina and approved by rui
    (``ES_TITLE``: both exist, as the browser's ``server`` fixture makes them); its segments."""
    releases.ingest_release(app, sample, name="sample.txt", slug="crimea", user=operator(app))
    segs: list[dict[str, Any]] = releases.list_segments(app, "crimea", "es")["segments"]
    review.edit(app, "crimea", segs[0]["id"], "es", ES_TITLE, "tina")
    review.approve(app, "crimea", [segs[0]["id"]], "es", "rui")
    return segs
