"""Writes that read then decide: two people acting at the same moment never lose work or break a rule.

SQLite's writers take turns (``BEGIN IMMEDIATE``); on PostgreSQL (READ COMMITTED) a transaction
may read, another commit, and the first then write on what it read. Each test holds one action
just after a read it decides on, until the other action returns (at most 2 s), and checks that the
outcome is one the two actions could have had one after the other: on both databases.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import polib
import pytest
from export_fixtures import SPANISH, load_sample, spanish_in_every_state
from race_fixtures import race
from review_fixtures import RELEASE_MD, add_team, ingest_small, operator
from sqlalchemy import select

from workbench.errors import AccountDisabledError, ConflictError, PermissionDeniedError, WorkbenchError
from workbench.services import publishing, releases, review, users, webhooks
from workbench.services.app import App
from workbench.services.export import export
from workbench.services.translation_import import import_po
from workbench.store.tables import SignOff, WebhookDelivery


def _history_is_a_chain(app: App, slug: str, key: str, lang: str) -> list[dict[str, Any]]:
    """The segment's events, checked to start each from the text the one before left (nothing written over)."""
    events = review.history(app, slug, key, lang)["events"]
    text = None
    for event in events:
        assert event["before"] == text, events
        text = event["after"]
    assert text == review.current(app, slug, key, lang)["target"]
    return events


# --- lost human text ---------------------------------------------------------------------------


def test_two_first_saves_of_a_segment_never_overwrite_each_other(app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two translators save the first text of a segment nobody translated yet (both saw version 0).

    On PostgreSQL the held save read "no translation", the other created it and committed, and the
    held one then met that row at its insert, took it and wrote over its text: both were told they
    saved. Now one of them is told the segment changed, with the other's text.
    """
    key = ingest_small(app)[1]
    add_team(app, ("tr", "tr_es"))
    ana = "Ilmi Umerov y Akhtem Chiygoz llegaron a Kyiv el viernes por la tarde."
    zoe = "Ilmi Umerov y Akhtem Chiygoz llegaron a Kyiv el viernes después del mediodía."
    first, second = race(monkeypatch, review.translation_repo, "find",
                         lambda: review.edit(app, "rel", key, "es", ana, "tr", version=0),
                         lambda: review.edit(app, "rel", key, "es", zoe, "tr_es", version=0))
    saved = [text for text, outcome in ((ana, first), (zoe, second)) if not isinstance(outcome, WorkbenchError)]
    refused = [o for o in (first, second) if isinstance(o, WorkbenchError)]
    assert len(saved) == 1 and len(refused) == 1, (first, second)
    assert isinstance(refused[0], ConflictError) and "stale" in str(refused[0]) and saved[0] in str(refused[0])
    assert review.current(app, "rel", key, "es")["target"] == saved[0]
    assert len(_history_is_a_chain(app, "rel", key, "es")) == 1


def test_an_import_never_overwrites_a_first_save_made_while_it_ran(
        app: App, sample_bytes: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A catalog exported while a segment had no translation comes back with its text while a
    translator saves that segment's first text: the import reports a conflict, or came first."""
    keys = load_sample(app, sample_bytes)
    spanish_in_every_state(app, keys)  # segments 9 and 10 have no Spanish row yet
    add_team(app, ("tr", "tr_es"))
    export(app, "sample", "es", user=operator(app))
    po = polib.pofile(str(app.settings.locales_dir / "es" / "LC_MESSAGES" / "sample.po"))
    entry = next(e for e in po if f"segment {keys[9]} " in e.comment)
    entry.msgstr = SPANISH[9]
    po.save(str(tmp_path / "sample.es.po"))
    mine = "Texto de Zoé, escrito en el navegador."
    imported, edited = race(monkeypatch, releases.release_repo, "translations_by_segment",
                            lambda: import_po(app, "sample", tmp_path / "sample.es.po", "es", "tr"),
                            lambda: review.edit(app, "sample", keys[9], "es", mine, "tr_es", version=0))
    assert not isinstance(imported, WorkbenchError), imported
    if isinstance(edited, WorkbenchError):  # SQLite: the import held the write lock, then the save was stale
        assert isinstance(edited, ConflictError)
        assert review.current(app, "sample", keys[9], "es")["target"] == SPANISH[9]
    else:
        assert keys[9] not in imported["applied"], imported
        assert [c["segment"] for c in imported["conflicts"]] == [keys[9]]
        assert review.current(app, "sample", keys[9], "es")["target"] == mine
    assert len(_history_is_a_chain(app, "sample", keys[9], "es")) == 1


# --- sign-off: it vouches for every segment, and an embargo holds it back --------------------------


def _approved_small(app: App) -> list[str]:
    """The small release translated into Spanish by `tr` and approved by `rv`, segment by segment."""
    keys = ingest_small(app)
    add_team(app)
    for i, key in enumerate(keys):
        review.edit(app, "rel", key, "es", f"Texto número {'uno dos tres cuatro cinco seis'.split()[i]} de la nota.",
                    "tr")
        review.approve(app, "rel", [key], "es", "rv")
    return keys


def _the_signoff_rule_holds(app: App) -> None:
    """At most one sign-off stands; it stands only while every current segment is approved, and
    nothing of it was published while an embargo holds the release."""
    standing = [s for s in review.signoff_status(app, "rel", "es")["signoffs"] if s["revoked_at"] is None]
    assert len(standing) <= 1, standing
    if standing:
        states = {s["id"]: s["state"] for s in releases.list_segments(app, "rel", "es")["segments"]}
        assert set(states.values()) == {"approved"}, states
        embargoed = publishing.release_history(app, "rel")["embargoed"]
        with app.db.read() as session:
            published = session.scalars(select(SignOff.published_at).where(SignOff.revoked_at.is_(None))).all()
        assert not (embargoed and any(published)), "published while under embargo"


MORE_MD = RELEASE_MD + "\n\nLe Mejlis a salué leur libération.\n".encode()

OTHER_ACTIONS: dict[str, Callable[[App, list[str]], Any]] = {
    "unapprove": lambda app, keys: review.unapprove(app, "rel", keys[0], "es", "rv", "Umerov está mal escrito"),
    "reviewer's edit": lambda app, keys: review.edit(app, "rel", keys[0], "es", "Ilmi Umerov llegó a Kyiv.", "rv"),
    "update adding a segment": lambda app, keys: releases.ingest_release(
        app, MORE_MD, name="rel.md", lang="fr", update="rel", user="rv"),
    "embargo": lambda app, keys: publishing.set_embargo(app, "rel", datetime.now(UTC) + timedelta(days=1), "ad"),
    "second sign-off": lambda app, keys: review.signoff(app, "rel", "es", "rv"),
}


@pytest.mark.parametrize("other", list(OTHER_ACTIONS))
def test_a_signoff_never_stands_on_what_changed_while_it_checked(
        app: App, monkeypatch: pytest.MonkeyPatch, other: str) -> None:
    """A reviewer signs the release off while another person un-approves or changes a segment,
    adds one by an update, puts an embargo on the release or signs it off too.

    The sign-off is held after it checked every segment and looked for a standing sign-off. On
    PostgreSQL the other action committed there, found no sign-off to revoke (or to refuse, or
    to take out of the API), and the sign-off then stood on it: both told they succeeded.
    """
    keys = _approved_small(app)
    signed, done = race(monkeypatch, review.signoff_repo, "active",
                        lambda: review.signoff(app, "rel", "es", "rv2"),
                        lambda: OTHER_ACTIONS[other](app, keys))
    if other == "second sign-off":
        assert [isinstance(o, WorkbenchError) for o in (signed, done)].count(True) == 1, (signed, done)
    else:
        assert not isinstance(done, WorkbenchError), done
        assert not isinstance(signed, WorkbenchError) or "signed off" not in str(signed), signed
    _the_signoff_rule_holds(app)


# --- users: a disabled admin no longer acts ------------------------------------------------------


def test_two_admins_disabling_each_other_at_once_leave_one_admin(app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    """The last two admins disable each other at the same moment: one of them is disabled first,
    and a disabled user no longer acts, so the other's disabling is refused and an admin is left.

    The first is held after it checked that its admin is enabled: on PostgreSQL the other committed
    there, and both were disabled, nobody left to manage users.
    """
    by = operator(app)
    users.add_user(app, "chloe.admin", "admin", "pw-chloe", by=by)
    users.add_user(app, "oksana.admin", "admin", "pw-oksana", by=by)
    users.set_disabled(app, by, True, by=by)  # the operator leaves: two admins remain
    first, second = race(monkeypatch, users.user_repo, "find",
                         lambda: users.set_disabled(app, "oksana.admin", True, by="chloe.admin"),
                         lambda: users.set_disabled(app, "chloe.admin", True, by="oksana.admin"))
    refused = [o for o in (first, second) if isinstance(o, WorkbenchError)]
    assert len(refused) == 1 and isinstance(refused[0], AccountDisabledError), (first, second)
    admins = [u["name"] for u in users.list_users(app) if u["role"] == "admin" and not u["disabled"]]
    assert len(admins) == 1, admins


def test_two_admins_disabling_themselves_at_once_leave_one_admin(app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    """The last two admins each disable their own account at the same moment: the last-admin rule
    refuses the second. The first is held after it found another enabled admin: on PostgreSQL,
    with only their own rows locked, the other found the first still enabled there, and both left."""
    by = operator(app)
    users.add_user(app, "chloe.admin", "admin", "pw-chloe", by=by)
    users.add_user(app, "oksana.admin", "admin", "pw-oksana", by=by)
    users.set_disabled(app, by, True, by=by)  # the operator leaves: two admins remain
    first, second = race(monkeypatch, users, "_other_enabled_admin",
                         lambda: users.set_disabled(app, "chloe.admin", True, by="chloe.admin"),
                         lambda: users.set_disabled(app, "oksana.admin", True, by="oksana.admin"))
    refused = [o for o in (first, second) if isinstance(o, WorkbenchError)]
    assert len(refused) == 1 and "last enabled admin" in str(refused[0]), (first, second)
    admins = [u["name"] for u in users.list_users(app) if u["role"] == "admin" and not u["disabled"]]
    assert len(admins) == 1, admins


# --- publishing: the sections are told what stands, and nothing under an embargo ----------------

PUBLISH_RIVALS: dict[str, Callable[[App, list[str], datetime], Any]] = {
    "unapprove": lambda wb, keys, now: review.unapprove(wb, "rel", keys[0], "es", "rv", "Umerov está mal escrito"),
    "a later embargo": lambda wb, keys, now: publishing.set_embargo(wb, "rel", now + timedelta(hours=3), "ad"),
}


@pytest.mark.parametrize("rival", list(PUBLISH_RIVALS))
def test_publish_due_announces_only_what_stands_when_it_commits(
        app: App, monkeypatch: pytest.MonkeyPatch, rival: str) -> None:
    """`publish-due` runs as the embargo passes while a reviewer un-approves a segment, or while
    someone pushes the embargo later.

    It is held after it read the sign-offs and the embargo. On PostgreSQL the unapprove committed
    there and revoked a sign-off not published yet (so no ``revoked`` was queued), and publish-due
    then published it: the sites were told ``published`` and never that it was withdrawn. The new
    embargo committed there too, and publish-due then marked the language published under it, so
    its end announced nothing.
    """
    wb = dataclasses.replace(app, settings=dataclasses.replace(app.settings, webhook_allow=("127.0.0.1",)))
    keys = _approved_small(wb)
    webhooks.add_webhook(wb, "http://127.0.0.1:9/hooks/workbench", "published,revoked", "", "ad")
    now = datetime.now(UTC)
    publishing.set_embargo(wb, "rel", now + timedelta(hours=1), "ad")
    review.signoff(wb, "rel", "es", "rv2")  # under embargo: nothing announced yet
    due, done = race(monkeypatch, publishing, "embargoed",
                     lambda: publishing.publish_due(wb, now=now + timedelta(hours=2)),
                     lambda: PUBLISH_RIVALS[rival](wb, keys, now))
    assert not isinstance(due, WorkbenchError) and not isinstance(done, WorkbenchError), (due, done)

    def told() -> list[str]:
        with wb.db.read() as session:
            return list(session.scalars(select(WebhookDelivery.event).order_by(WebhookDelivery.id)))

    if rival == "unapprove":
        assert not review.signoff_status(wb, "rel", "es")["signed_off"]
        assert told() in ([], ["published", "revoked"]), told()  # told nothing, or told both
    else:
        before = told()
        publishing.publish_due(wb, now=now + timedelta(hours=4))  # the later embargo passes
        assert told() == [*before, "published"], (before, told())


# --- webhooks: a removed webhook is sent nothing more ---------------------------------------------


def test_a_webhook_removed_while_a_delivery_is_sent_gets_no_retry(app: App) -> None:
    """An admin removes a webhook while a delivery to it is on the wire and fails: the delivery
    stays cancelled. Before, the attempt's result was written over the cancellation (back to
    ``pending``), and the retries went on to the removed site for an hour."""
    wb = dataclasses.replace(app, settings=dataclasses.replace(app.settings, webhook_allow=("127.0.0.1",)))
    _approved_small(wb)
    hook = webhooks.add_webhook(wb, "http://127.0.0.1:9/hooks/workbench", "published", "", "ad")
    review.signoff(wb, "rel", "es", "rv")
    sent: list[str] = []

    def post_while_removed(url: str, headers: dict[str, str], body: bytes, timeout: float,
                           allow: tuple[str, ...]) -> webhooks.Answer:
        sent.append(headers["webhook-id"])
        if len(sent) == 1:
            webhooks.remove_webhook(wb, hook["id"], "ad")  # the admin, while the first attempt is on the wire
        return webhooks.Answer(503, "Service Unavailable")

    now = datetime.now(UTC)
    assert webhooks.deliver_due(wb, now=now, post=post_while_removed)["attempted"] == 1
    with wb.db.read() as session:
        assert session.scalars(select(WebhookDelivery.state)).all() == ["cancelled"]
    assert webhooks.deliver_due(wb, now=now + timedelta(days=1), post=post_while_removed)["attempted"] == 0
    assert len(sent) == 1


# --- passwords: a reset is never undone ---------------------------------------------------------


class _Rehashing:
    """The password hasher as after its parameters were raised: every stored hash wants a new one."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def hash(self, password: str) -> str:
        return str(self.real.hash(password))

    def verify(self, stored: str, password: str) -> bool:
        return bool(self.real.verify(stored, password))

    def check_needs_rehash(self, stored: str) -> bool:
        return True


def test_a_password_reset_is_never_undone_by_a_sign_in_rehashing_the_old_one(
        app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    """A user signs in with the old password (its hash is made again with the new parameters) while
    an admin resets it: the reset stands. Before, the sign-in's new hash of the old password was
    written over the admin's, and the old password, perhaps the leaked one, worked again."""
    by = operator(app)
    users.add_user(app, "oksana", "translator", "ancien-mot-de-passe", by=by)
    hasher = _Rehashing(users._HASHER)
    monkeypatch.setattr(users, "_HASHER", hasher)
    signed_in, reset = race(monkeypatch, hasher, "hash",
                            lambda: users.verify_password(app, "oksana", "ancien-mot-de-passe"),
                            lambda: users.set_password(app, "oksana", "nouveau-mot-de-passe-été", by=by))
    assert not isinstance(signed_in, WorkbenchError) and not isinstance(reset, WorkbenchError), (signed_in, reset)
    assert users.verify_password(app, "oksana", "nouveau-mot-de-passe-été")["name"] == "oksana"
    with pytest.raises(PermissionDeniedError):
        users.verify_password(app, "oksana", "ancien-mot-de-passe")


# --- a corrected source sends back what was written for the old one ------------------------------


def test_a_first_save_made_while_an_update_corrects_the_sentence_goes_back_for_editing(
        app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    """A translator saves the first text of a sentence while a reviewer's update corrects that
    sentence: the text, written for the old sentence, goes to ``needs_edit`` (or the save is refused
    because the sentence changed), as it would have one after the other.

    The save is held after it found the segment: on PostgreSQL the update committed there, found no
    translation to send back, and the save then stood as ``translated`` under the new sentence.
    """
    key = ingest_small(app)[1]
    add_team(app, ("tr", "rv"))
    corrected = RELEASE_MD.replace("vendredi après-midi".encode(), "vendredi en fin d'après-midi".encode())
    saved, updated = race(monkeypatch, review, "_segment",
                          lambda: review.edit(app, "rel", key, "es",
                                              "Ilmi Umerov y Akhtem Chiygoz llegaron a Kyiv el viernes por la tarde.",
                                              "tr", version=0),
                          lambda: releases.ingest_release(app, corrected, name="rel.md", lang="fr", update="rel",
                                                          user="rv"))
    assert not isinstance(updated, WorkbenchError), updated
    [change] = updated.changed
    state = review.current(app, "rel", change["id"], "es")["state"]
    if isinstance(saved, WorkbenchError):
        assert state == "new", saved
    else:
        assert state == "needs_edit", state


# --- approval: a reviewer approves only the text they read ----------------------------------------


def test_an_approval_never_lands_on_text_saved_while_it_checked(app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    """A reviewer approves a segment while its translator saves a new text: the approval is
    refused (the text it checked is gone), or came first and the save took it back to
    ``translated``. Held after it read the translation, on PostgreSQL too: the approval's
    conditional UPDATE on the version it read is what refuses it (this test keeps it so)."""
    key = ingest_small(app)[1]
    add_team(app, ("tr", "rv"))
    review.edit(app, "rel", key, "es", "Ilmi Umerov y Akhtem Chiygoz llegaron a Kyiv el viernes.", "tr")
    approved, saved = race(monkeypatch, review.translation_repo, "find",
                           lambda: review.approve(app, "rel", [key], "es", "rv"),
                           lambda: review.edit(app, "rel", key, "es",
                                               "Ilmi Umerov y Akhtem Chiygoz llegaron a Kyiv el viernes por la tarde.",
                                               "tr"))
    assert not isinstance(saved, WorkbenchError), saved
    assert isinstance(approved, ConflictError) or approved["approved"] == [key], approved
    now = review.current(app, "rel", key, "es")
    assert now["state"] == "translated" and now["target"].endswith("por la tarde."), now
    _history_is_a_chain(app, "rel", key, "es")
