"""Segment comment threads through the services, on SQLite and PostgreSQL: who may write, rejections, rows."""

from __future__ import annotations

import pytest
from alembic import command
from review_fixtures import add_team, ingest_small, operator

from workbench.errors import InputError, NotFoundError, PermissionDeniedError
from workbench.services import comments, releases, review
from workbench.services.app import App


def test_a_rejection_lands_in_the_thread_the_translator_reads(app: App) -> None:
    add_team(app)
    keys = ingest_small(app)
    review.edit(app, "rel", keys[0], "es", "Dos dirigentes tártaros liberados", "tr")
    review.reject(app, "rel", keys[0], "es", "rv", "  Falta «de Crimea» tras «tártaros».  ")
    comments.add_comment(app, "rel", keys[0], "es", "Corregido, gracias @rv", "tr")
    row = releases.list_segments(app, "rel", "es")["segments"][0]
    assert [(c["author"], c["kind"], c["text"]) for c in row["comments"]] == [
        ("rv", "rejection", "Falta «de Crimea» tras «tártaros»."),
        ("tr", "comment", "Corregido, gracias @rv"),
    ]
    assert row["comments"][0]["at"] <= row["comments"][1]["at"]
    # the paged rows of the editor carry the same thread; other segments and languages have none
    page = releases.list_segments_page(app, "rel", "es", 0, 20)["segments"]
    assert page[0]["comments"] == row["comments"] and page[1]["comments"] == []
    assert releases.list_segments(app, "rel", "en")["segments"][0]["comments"] == []
    assert comments.thread(app, "rel", keys[0], "es")["comments"] == row["comments"]


def test_a_withdrawn_approval_gives_its_reason_in_the_thread(app: App) -> None:
    add_team(app)
    key = ingest_small(app)[0]
    review.edit(app, "rel", key, "es", "Dos dirigentes tártaros de Crimea liberados", "tr")
    review.approve(app, "rel", [key], "es", "rv")
    review.unapprove(app, "rel", key, "es", "rv2", "El título cambió en la web")
    assert [(c["author"], c["kind"]) for c in comments.thread(app, "rel", key, "es")["comments"]] == [
        ("rv2", "unapproval")]


def test_comments_are_refused_outside_the_users_languages_and_for_unknown_users(app: App) -> None:
    add_team(app)
    key = ingest_small(app)[0]
    comments.add_comment(app, "rel", key, "es", "ok", "tr_es")
    with pytest.raises(PermissionDeniedError, match="es only"):
        comments.add_comment(app, "rel", key, "en", "hello", "tr_es")
    with pytest.raises(NotFoundError, match="no user 'ghost'"):
        comments.add_comment(app, "rel", key, "es", "boo", "ghost")
    with pytest.raises(InputError, match="empty"):
        comments.add_comment(app, "rel", key, "es", "   ", "tr")
    with pytest.raises(InputError, match="written in 'fr'"):
        comments.add_comment(app, "rel", key, "fr", "bonjour", "tr")
    with pytest.raises(NotFoundError, match="no segment"):
        comments.add_comment(app, "rel", "nope", "es", "?", "tr")
    assert [c["text"] for c in comments.thread(app, "rel", key, "es")["comments"]] == ["ok"]


def test_a_disabled_user_cannot_comment(app: App) -> None:
    from workbench.services import users

    add_team(app, ("tr",))
    key = ingest_small(app)[0]
    users.set_disabled(app, "tr", True, by=operator(app))
    with pytest.raises(PermissionDeniedError, match="disabled"):
        comments.add_comment(app, "rel", key, "es", "hola", "tr")


def test_the_migration_brings_earlier_rejections_into_the_threads(app: App) -> None:
    add_team(app)
    key = ingest_small(app)[0]
    review.edit(app, "rel", key, "es", "Texto", "tr")
    review.reject(app, "rel", key, "es", "rv", "Otra vez")
    # as a database made before revision 0008 holds it: the reason only in the history
    command.downgrade(app.db._alembic_config(), "0007")
    assert app.db.revision() == "0007"
    app.db.migrate()
    thread = comments.thread(app, "rel", key, "es")["comments"]
    assert [(c["author"], c["kind"], c["text"]) for c in thread] == [("rv", "rejection", "Otra vez")]

