"""SQLAlchemy 2 tables: one schema for SQLite and PostgreSQL. Alembic migrations follow these."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Explicit constraint names keep migrations identical on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Release(Base):
    """A press release: its source language, title and the blocks it was cut into."""

    __tablename__ = "releases"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str] = mapped_column(Text)
    source_lang: Mapped[str] = mapped_column(String(16))
    detected_lang: Mapped[str | None] = mapped_column(String(16))
    source_format: Mapped[str] = mapped_column(String(16))
    source_name: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[str | None] = mapped_column(String(32))
    # Nothing about the release leaves the system before this moment (UTC; NULL: no embargo). docs/publishing.md
    embargo_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    blocks: Mapped[list[Block]] = relationship(
        back_populates="release", cascade="all, delete-orphan", order_by="Block.position"
    )
    segments: Mapped[list[Segment]] = relationship(
        back_populates="release", cascade="all, delete-orphan", order_by="Segment.position"
    )


class Block(Base):
    """A kept or excluded block of a release's source, in document order."""

    __tablename__ = "blocks"
    __table_args__ = (UniqueConstraint("release_id", "position"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("releases.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))  # title | heading | paragraph | excluded
    text: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text, default="")  # why an excluded block was left out

    release: Mapped[Release] = relationship(back_populates="blocks")


class Segment(Base):
    """A source sentence (or whole title/heading). ``key`` is the stable id shown to people."""

    __tablename__ = "segments"
    __table_args__ = (UniqueConstraint("release_id", "key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("releases.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(32))
    # None once a segment has left the release after an update: kept, never deleted, with its translations.
    position: Mapped[int | None] = mapped_column(Integer)
    block: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(Text)
    previous_source: Mapped[str | None] = mapped_column(Text)

    release: Mapped[Release] = relationship(back_populates="segments")
    translations: Mapped[list[Translation]] = relationship(back_populates="segment", cascade="all, delete-orphan")


class Translation(Base):
    """The target text of one segment in one language, with its review state and version."""

    __tablename__ = "translations"
    __table_args__ = (UniqueConstraint("segment_id", "lang"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id", ondelete="CASCADE"), index=True)
    lang: Mapped[str] = mapped_column(String(16))
    target: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), default="new")  # the states of docs/review.md
    origin: Mapped[str] = mapped_column(String(64), default="")  # engine name, "tm" or "human"
    version: Mapped[int] = mapped_column(Integer, default=0)
    glossary_applied: Mapped[str] = mapped_column(Text, default="")  # concept ids, comma-separated
    glossary_unresolved: Mapped[str] = mapped_column(Text, default="")
    # The term base the machine draft used (Termbase.version; NULL: no engine drafted it, or before
    # migration 0010) and the accepted glossary changes of the concepts it applied (ids, comma-separated).
    glossary_version: Mapped[str | None] = mapped_column(String(32))
    glossary_changes: Mapped[str] = mapped_column(Text, default="", server_default="")
    failure: Mapped[str] = mapped_column(Text, default="")  # why the last drafting attempt failed
    # Words the engine that drafted this text marked as untranslated, comma-separated ("" none);
    # NULL when no such engine drafted it (online engines, the memory, drafts before migration 0006).
    # Kept through later edits: readers report only those still in the target (docs/engines.md).
    unknown_words: Mapped[str | None] = mapped_column(Text)
    updated_by: Mapped[str | None] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    segment: Mapped[Segment] = relationship(back_populates="translations")


class Event(Base):
    """One change of a translation: who, when, before, after, and why. History replays from these."""

    __tablename__ = "events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    translation_id: Mapped[int] = mapped_column(ForeignKey("translations.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))  # a user name or "engine:<name>"
    action: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer)
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    state_before: Mapped[str] = mapped_column(String(16))
    state_after: Mapped[str] = mapped_column(String(16))
    comment: Mapped[str] = mapped_column(Text, default="")


class Comment(Base):
    """One message of a segment's thread in one target language: a remark, or a reviewer's rejection."""

    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_segment_lang", "segment_id", "lang"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # On the segment, not its translation: a thread may start before anyone wrote a target.
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id", ondelete="CASCADE"))
    lang: Mapped[str] = mapped_column(String(16))
    author: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))  # comment | rejection | unapproval


class User(Base):
    """A person who translates, reviews or administers; optionally limited to target languages."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    langs: Mapped[str] = mapped_column(String(200), default="")  # comma-separated; empty = every language
    password_hash: Mapped[str] = mapped_column(Text)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    ui_lang: Mapped[str] = mapped_column(String(16), default="en", server_default="en")
    # Sign-in throttling lives in the database so that every UI replica sees the same count.
    failed_signins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SignOff(Base):
    """A reviewer's sign-off of a release in one language; revoked (never deleted) when a segment changes."""

    __tablename__ = "signoffs"
    __table_args__ = (Index("ix_signoffs_release_lang", "release_id", "lang"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("releases.id", ondelete="CASCADE"))
    lang: Mapped[str] = mapped_column(String(16))
    reviewer: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_reason: Mapped[str] = mapped_column(Text, default="")
    # When the language became public (signed off and past any embargo) and `published` was announced;
    # NULL while it waits for its embargo. services.publishing
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class GlossaryConcept(Base):
    """A term-base concept (docs/glossary.md); its spellings are GlossaryTerm rows."""

    __tablename__ = "glossary_concepts"
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[str] = mapped_column(Text, default="")
    case_sensitive: Mapped[bool | None] = mapped_column(Boolean)
    # Terminology data kept for exchange (definitions, contexts, part of speech...: domain TermField) as JSON.
    fields: Mapped[str] = mapped_column(Text, default="", server_default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The accepted GlossaryChange this content comes from (NULL: accepted before migration 0010).
    change_id: Mapped[int | None] = mapped_column(Integer)

    terms: Mapped[list[GlossaryTerm]] = relationship(
        back_populates="concept", cascade="all, delete-orphan", order_by="GlossaryTerm.id"
    )


class GlossaryTerm(Base):
    """One spelling of a concept in one language: the preferred form or a variant."""

    __tablename__ = "glossary_terms"
    __table_args__ = (UniqueConstraint("concept_id", "lang", "form"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    concept_id: Mapped[str] = mapped_column(ForeignKey("glossary_concepts.id", ondelete="CASCADE"), index=True)
    lang: Mapped[str] = mapped_column(String(16))
    form: Mapped[str] = mapped_column(Text)
    preferred: Mapped[bool] = mapped_column(Boolean)
    # The TBX administrative status (domain.glossary.TERM_STATUSES); NULL: preferred or deprecated by the flag.
    status: Mapped[str | None] = mapped_column(String(16))

    concept: Mapped[GlossaryConcept] = relationship(back_populates="terms")


class GlossaryChange(Base):
    """A change of one concept, proposed by a person (or loaded from the shipped files), and its decision.

    Only accepted changes reach the term base (glossary_concepts), so drafting and the checks never
    use a proposal (docs/glossary.md, "Glossary changes are reviewed"). Never deleted: a draft's
    history names the accepted change of every concept it applied.
    """

    __tablename__ = "glossary_changes"
    __table_args__ = (Index("ix_glossary_changes_state", "state"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    concept_id: Mapped[str] = mapped_column(String(200), index=True)
    concept: Mapped[str] = mapped_column(Text)  # the concept as proposed (JSON, store.glossary_repo)
    before: Mapped[str] = mapped_column(Text, default="")  # the accepted concept it was made from; "" when new
    origin: Mapped[str] = mapped_column(Text, default="")  # "edited", the imported file's name, "shipped"
    proposed_by: Mapped[str] = mapped_column(String(100))
    proposed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    state: Mapped[str] = mapped_column(String(16), default="proposed")  # proposed|accepted|rejected|superseded
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    comment: Mapped[str] = mapped_column(Text, default="")


class TMEntry(Base):
    """A translation-memory unit: an approved source/target pair with provenance."""

    __tablename__ = "tm_entries"
    # Ids are never reused (SQLite's AUTOINCREMENT; PostgreSQL's sequences never do): the highest id
    # and the count then change at every addition or withdrawal (reads.memory_stamp, migration 0011).
    __table_args__ = (Index("ix_tm_pair_source", "source_lang", "target_lang", "source_hash"),
                      {"sqlite_autoincrement": True})
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_lang: Mapped[str] = mapped_column(String(16))
    target_lang: Mapped[str] = mapped_column(String(16))
    source_hash: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(Text)
    target: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(Text, default="")  # release slug and segment key, or an imported file
    # The key of the neighbours it was approved among (domain.tm.context_key); "" when unknown
    # (imported, or approved before migration 0005).
    context: Mapped[str] = mapped_column(String(64), default="", server_default="")
    created_by: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # From an imported TMX: its changedate/changeid (creationdate/creationid fill created_*), and its
    # notes, props, inline codes and tuid as JSON (services.memory); "" for the workbench's own units.
    changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    changed_by: Mapped[str | None] = mapped_column(String(100))
    extra: Mapped[str] = mapped_column(Text, default="", server_default="")


class EngineResult(Base):
    """A machine-translation engine's output for one masked text, reused instead of paying for it twice.

    Keyed by engine, language pair, glossary version and the SHA-256 of the masked text (the text
    itself is not kept: the release holds it).
    """

    __tablename__ = "engine_cache"
    __table_args__ = (UniqueConstraint("engine", "source_lang", "target_lang", "glossary_version", "text_hash"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    engine: Mapped[str] = mapped_column(String(64))
    source_lang: Mapped[str] = mapped_column(String(16))
    target_lang: Mapped[str] = mapped_column(String(16))
    glossary_version: Mapped[str] = mapped_column(String(32))
    text_hash: Mapped[str] = mapped_column(String(64))
    output: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ReleaseEvent(Base):
    """A change of a release as a whole (an embargo set, changed or lifted): who, when, what, why."""

    __tablename__ = "release_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("releases.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(32))  # embargo | embargo_lift
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)


class ApiToken(Base):
    """A section site's read-only API token: only its SHA-256 is kept (the token is shown once)."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    # 32 random bytes: a fast hash is enough (no dictionary to try), and every API request checks one.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    langs: Mapped[str] = mapped_column(String(200), default="")  # comma-separated; empty = every language
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Webhook(Base):
    """A section site's endpoint told of sign-offs, publications and revocations (Standard Webhooks)."""

    __tablename__ = "webhooks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    events: Mapped[str] = mapped_column(String(200))  # comma-separated: signoff, published, revoked
    langs: Mapped[str] = mapped_column(String(200), default="")  # empty = every language
    # Kept as given (whsec_ + base64): signing needs the key itself, unlike a token's check.
    secret: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class WebhookDelivery(Base):
    """One event to send to one webhook; retried with backoff until delivered or out of attempts."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_due", "state", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"), index=True)
    message_id: Mapped[str] = mapped_column(String(64), unique=True)  # the webhook-id header: same on each retry
    event: Mapped[str] = mapped_column(String(32))
    payload: Mapped[str] = mapped_column(Text)  # the exact JSON body that is signed
    state: Mapped[str] = mapped_column(String(16), default="pending")  # pending | delivered | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class WebhookAttempt(Base):
    """One POST of a delivery: when, the HTTP status (None when no answer) and what went wrong."""

    __tablename__ = "webhook_attempts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("webhook_deliveries.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    status: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str] = mapped_column(Text, default="")
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
