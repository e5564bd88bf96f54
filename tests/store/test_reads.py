"""The driver reads (store.reads) give what the ORM gives, on SQLite and PostgreSQL.

`segments`, the editor's listing and `qa` read through the driver without SQLAlchemy; writes and
everything else read through the ORM. Both must see the same rows, timestamps included (a
comment's ``at`` is shown to people and compared by tools).
"""

from __future__ import annotations

import pytest
from alembic.runtime.migration import MigrationContext
from review_fixtures import add_team, ingest_small

from workbench.errors import NotFoundError, StorageError
from workbench.services import comments, review
from workbench.services.app import App
from workbench.store import comment_repo, reads, release_repo, translation_repo
from workbench.store.database import Database


def test_reads_match_the_orm_rows(app: App) -> None:
    add_team(app)
    keys = ingest_small(app)
    review.edit(app, "rel", keys[0], "es", "Dos dirigentes tártaros de Crimea liberados", "tr")
    review.reject(app, "rel", keys[0], "es", "rv", "Falta «de Crimea» tras «tártaros».")
    comments.add_comment(app, "rel", keys[0], "es", "Corregido, gracias @rv", "tr")
    review.edit(app, "rel", keys[1], "es", "Ilmi Umerov y Akhtem Chiygoz llegaron a Kiev.", "tr")

    with app.db.read() as session, app.db.reader() as reader:
        release = release_repo.get_release(session, "rel")
        row = reads.get_release(reader, "rel")
        assert (row.id, row.slug, row.title, row.source_lang) == (
            release.id, release.slug, release.title, release.source_lang)

        orm_segments = release_repo.current_segments(session, release)
        segments = reads.current_segments(reader, row.id)
        fields = ("id", "key", "position", "block", "kind", "source", "previous_source")
        assert [tuple(getattr(s, f) for f in fields) for s in segments] == [
            tuple(getattr(s, f) for f in fields) for s in orm_segments]
        assert [s.key for s in segments] == keys

        orm_translations = release_repo.translations_by_segment(session, release, "es")
        translations = reads.translations_by_segment(reader, row.id, "es")
        fields = ("id", "segment_id", "lang", "target", "state", "origin", "version", "failure", "unknown_words",
                  "updated_by")
        assert {k: tuple(getattr(t, f) for f in fields) for k, t in translations.items()} == {
            k: tuple(getattr(t, f) for f in fields) for k, t in orm_translations.items()}
        assert translations[segments[0].id].state == "needs_edit"

        ids = [s.id for s in segments]
        orm_threads = comment_repo.threads(session, ids, "es")
        threads = reads.threads(reader, ids, "es")
        assert {k: [reads.comment_json(c) for c in v] for k, v in threads.items()} == {
            k: [reads.comment_json(c) for c in v] for k, v in orm_threads.items()}
        assert [c.at for c in threads[segments[0].id]] == [c.at for c in orm_threads[segments[0].id]]
        assert [c.kind for c in threads[segments[0].id]] == ["rejection", "comment"]

        tids = [t.id for t in translations.values()]
        assert reads.last_texts(reader, tids, "edit") == translation_repo.last_texts(session, tids, "edit")
        assert reads.last_texts(reader, tids, "edit")[translations[segments[1].id].id] == (
            "Ilmi Umerov y Akhtem Chiygoz llegaron a Kiev.")

    with app.db.engine.connect() as conn:
        assert app.db.revision() == MigrationContext.configure(conn).get_current_revision()


def test_an_unknown_slug_names_the_known_releases_as_the_orm_does(app: App) -> None:
    ingest_small(app, "crimee-liberes")
    with app.db.read() as session, pytest.raises(NotFoundError) as orm_error:
        release_repo.get_release(session, "oumerov")
    with app.db.reader() as reader, pytest.raises(NotFoundError) as error:
        reads.get_release(reader, "oumerov")
    assert str(error.value) == str(orm_error.value) == "no release 'oumerov' (known: crimee-liberes)"


def test_checking_a_missing_sqlite_file_does_not_create_it(tmp_path) -> None:
    path = tmp_path / "not-yet.db"
    db = Database(f"sqlite:///{path}")
    assert db.revision() is None
    with pytest.raises(StorageError, match="not initialised: run `workbench init`"):
        db.require_current()
    assert not path.exists()


def test_a_driver_error_becomes_a_storage_error(app: App) -> None:
    with pytest.raises(StorageError, match="database error"), app.db.reader() as reader:
        reader.rows("SELECT * FROM no_such_table")


def test_the_memory_stamp_changes_when_the_highest_unit_is_withdrawn_and_another_added(app: App) -> None:
    # The case an id reused would hide: the newest unit withdrawn (a segment reopened), then one unit
    # added (a TMX unit with an older date). The stamp and the indexes' state must not come back.
    from workbench.store import tm_repo

    def stamp() -> str:
        with app.db.reader() as reader:
            return reads.memory_stamp(reader)

    with app.db.write() as session:
        tm_repo.add(session, "fr", "en", "Le Mejlis est interdit.", "The Mejlis is banned.", origin="rel/1",
                   created_by="rv")
        newest, _ = tm_repo.add(session, "fr", "en", "Ilmi Oumerov a été libéré.", "Ilmi Umerov was freed.",
                                origin="rel/2", created_by="rv")
        withdrawn = newest.id
    before = stamp()
    with app.db.write() as session:
        assert tm_repo.withdraw(session, "fr", "en", "Ilmi Oumerov a été libéré.", "Ilmi Umerov was freed.",
                                "rel/2") == 1
        added, _ = tm_repo.add(session, "fr", "en", "Akhtem Tchigoz a été libéré.", "Akhtem Chiygoz was freed.",
                               origin="tmx:old.tmx", created_by=None)
        assert added.id > withdrawn  # never the withdrawn unit's id
        state = tm_repo.table_state(session)
    assert stamp() != before and state == (added.id, 2)
