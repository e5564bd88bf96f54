"""Plain dataclasses shared by every layer: documents, blocks, segments."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from typing import Literal

BlockKind = Literal["title", "heading", "paragraph"]
BLOCK_KINDS: tuple[BlockKind, ...] = ("title", "heading", "paragraph")


@dataclass(frozen=True)
class Block:
    """One unit of a release's text in reading order: its title, a heading or a paragraph."""

    kind: BlockKind
    text: str


@dataclass(frozen=True)
class ExcludedBlock:
    """A piece of the source left out of the release (site chrome, teaser...), with the reason."""

    text: str
    reason: str


@dataclass(frozen=True)
class Document:
    """A release as read from its source: title, kept blocks, excluded blocks and metadata."""

    title: str
    blocks: tuple[Block, ...]
    excluded: tuple[ExcludedBlock, ...] = ()
    metadata: dict[str, str] = field(default_factory=dict)
    source_format: str = "text"

    @property
    def text(self) -> str:
        """The kept text, blocks separated by blank lines (for language detection)."""
        return "\n\n".join(b.text for b in self.blocks)

    def without(self, indices: Collection[int], reason: str = "excluded by hand") -> Document:
        """The document with the blocks at ``indices`` moved to the excluded ones (the title stays)."""
        drop = {i for i in indices if 0 <= i < len(self.blocks) and self.blocks[i].kind != "title"}
        if not drop:
            return self
        kept = tuple(b for i, b in enumerate(self.blocks) if i not in drop)
        dropped = tuple(ExcludedBlock(b.text, reason) for i, b in enumerate(self.blocks) if i in drop)
        return replace(self, blocks=kept, excluded=dropped + self.excluded)


@dataclass(frozen=True)
class Segment:
    """One translatable unit: a sentence of a paragraph, or a whole title or heading.

    ``id`` is stable: the same text at the same place gets the same id on re-ingest.
    ``block`` is the 0-based index of the block in ``Document.blocks``.
    """

    id: str
    block: int
    kind: BlockKind
    source: str
