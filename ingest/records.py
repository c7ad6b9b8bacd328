"""The typed records that flow through every stage: Document -> Clause (with Duty annotations)."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class Document:
    """One corpus file: front-matter metadata plus its full text.

    ``source`` is the whole file as read; every clause span indexes into it, so a
    citation can always be checked against the file on disk.
    """

    id: str
    meta: dict[str, Any]
    source: str
    body_start: int
    sha256: str

    @property
    def title(self) -> str:
        return self.meta.get("title") or self.id

    @property
    def cite_as(self) -> str:
        return self.meta.get("cite_as") or f"《{self.title}》"

    @property
    def in_force(self) -> bool:
        return self.meta.get("status", "in_force") == "in_force"


@dataclass(frozen=True)
class Duty:
    """What one sentence of a clause says about who must, must not or may do what."""

    sentence: str
    start: int  # offset of the sentence within the clause text
    parties: tuple[str, ...]
    subjects: tuple[str, ...]
    modality: str  # obligation | prohibition | permission | recommendation | default_rule | none


@dataclass(frozen=True)
class Clause:
    """One citable unit of a document (an article, a numbered item, a table row ...).

    ``id`` is the document id plus the clause's structural position, so it survives
    re-ingest; ``text`` is exactly ``document.source[span[0]:span[1]]``.
    """

    id: str
    doc_id: str
    ref: str
    label: str
    path: tuple[str, ...]
    kind: str  # article | item | preamble | table_row | non_normative
    text: str
    span: tuple[int, int]
    number: int | None = None
    part: int = 1
    parts: int = 1
    header: str = ""  # article/item header repeated on every piece of a split clause
    normative: bool = True
    duties: tuple[Duty, ...] = field(default=())

    @property
    def hash(self) -> str:
        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()

    @property
    def parties(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for duty in self.duties:
            seen.update(dict.fromkeys(duty.parties))
        return tuple(seen)

    @property
    def subjects(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for duty in self.duties:
            if duty.modality != "none":
                seen.update(dict.fromkeys(duty.subjects))
        return tuple(seen)

    @property
    def context_text(self) -> str:
        """Text with its heading path and header, for embedding and keyword search."""
        lead = " ".join(p for p in self.path if p)
        head = self.header if self.part > 1 else ""
        return " ".join(x for x in (lead, head, self.text) if x)

    def with_duties(self, duties: tuple[Duty, ...]) -> Clause:
        return replace(self, duties=duties)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Clause:
        data = dict(data)
        data["path"] = tuple(data["path"])
        data["span"] = tuple(data["span"])
        data["duties"] = tuple(
            Duty(**{**d, "parties": tuple(d["parties"]), "subjects": tuple(d["subjects"])})
            for d in data.get("duties", ())
        )
        return cls(**data)
