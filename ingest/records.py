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
class Obligation:
    """One rule of a sentence: who (``holders``) must / must not / may / need not / is
    encouraged to do what (``action``), under which ``condition``, with which ``exception``,
    by when (``deadline`` from ``trigger``), reporting to whom (``recipient``). A lead-in
    (应当具备下列条件：) carries its enumerated ``items``. Every text field is verbatim from
    ``sentence``, which starts at ``start`` in the clause text."""

    sentence: str
    start: int
    holders: tuple[str, ...]
    modality: str  # must | must_not | may | no_need | encouraged | default_rule
    modal: str = ""  # the modal words as written (应当, 原则上不得, 无需); "" for 由X负责 / bare verbs
    topic: str = ""  # what the rule's own part is about, before its modal word (一级召回, 产品上市放行)
    action: str = ""
    object: str = ""
    condition: str = ""
    exception: str = ""
    deadline: str = ""
    trigger: str = ""
    recipient: str = ""
    lead_in: bool = False
    items: tuple[str, ...] = ()
    span_end: int = 0  # where this rule ends in the sentence

    @property
    def negative(self) -> bool:
        """Whether the rule says no: 不得, 无需, 原则上不得."""
        return self.modality in ("must_not", "no_need") or (
            self.modality == "default_rule" and any(w in self.modal for w in ("不得", "不应", "不能")))

    def with_items(self, items: tuple[str, ...]) -> Obligation:
        return replace(self, items=items)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Obligation:
        return cls(**{**data, "holders": tuple(data["holders"]), "items": tuple(data.get("items", ()))})


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
    obligations: tuple[Obligation, ...] = field(default=())

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

    def with_obligations(self, obligations: tuple[Obligation, ...]) -> Clause:
        return replace(self, obligations=obligations)

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
        data["obligations"] = tuple(Obligation.from_dict(o) for o in data.get("obligations", ()))
        return cls(**data)
