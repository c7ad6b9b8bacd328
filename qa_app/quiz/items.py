"""The quiz item record: one question, its key and the clause it was made from.

Every stage (generation, validation, the page, each export) passes these frozen records
around; the dict form is the JSON a trainer's platform or a re-import reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

# single: who is responsible (one of four canonical parties)
# truefalse: a real duty, or one with its modality flipped or its party swapped
# fill: a key term, deadline or frequency blanked out
# multi: which of these are <party>'s duties (two or three of four options are right)
# scenario: a short case (named companies, provinces, product) and one question about it - who
#   must act, whether something is allowed, by when, which bureau; one of three or four options
TYPES = ("single", "truefalse", "fill", "multi", "scenario")
TYPE_LABELS = {"single": "单项选择题", "truefalse": "判断题", "fill": "填空题", "multi": "多项选择题",
               "scenario": "案例分析题"}
DIFFICULTIES = ("easy", "medium", "hard")
DIFFICULTY_LABELS = {"easy": "易", "medium": "中", "hard": "难"}
TRUE, FALSE = "正确", "错误"
BLANK = "（　　）"  # the answer slot of a choice question, as printed papers show it
FILL_BLANK = "＿＿＿＿"  # the gap of a fill-in-the-blank item
LETTERS = "ABCDEFGH"


@dataclass(frozen=True)
class Citation:
    """Where an item comes from: the clause id, its display ref and its verbatim text."""

    clause_id: str
    ref: str
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"clause_id": self.clause_id, "ref": self.ref, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Citation:
        return cls(str(data["clause_id"]), str(data["ref"]), str(data["text"]))


@dataclass(frozen=True)
class QuizItem:
    """One question. ``answer`` is the text of the right option (``truefalse``: 正确/错误,
    ``fill``: the blanked words), a tuple of option texts for ``multi``.

    ``id`` is derived from the source sentence and the kind of question, never from the
    seed or the option order, so the same question keeps its id across sets and exports.
    ``sources`` lists every clause the item rests on (several for ``multi``, whose options
    come from different clauses); ``citation`` is the first of them.

    ``probe`` is the question in the regulations' own terms (谁负责产品上市放行？), which the
    independent check (:mod:`qa_app.quiz.crosscheck`) asks the question-answering path;
    ``case`` says which canonical party each name in a scenario stands for
    (("甲公司", "注册人/备案人"), ...); ``notes`` is what that check or a reviewer wants the
    trainer to look at (empty: nothing).
    """

    id: str
    type: str
    stem: str
    options: tuple[str, ...]
    answer: str | tuple[str, ...]
    explanation: str
    citation: Citation
    difficulty: str = "medium"
    tags: tuple[str, ...] = ()
    sources: tuple[Citation, ...] = field(default=())
    probe: str = ""
    case: tuple[tuple[str, str], ...] = ()
    notes: str = ""

    @property
    def answers(self) -> tuple[str, ...]:
        """The right answer(s) as a tuple, whatever the type."""
        return self.answer if isinstance(self.answer, tuple) else (self.answer,)

    @property
    def answer_letters(self) -> str:
        """'B' or 'A,C' for choice items; empty for fill-in-the-blank."""
        if not self.options:
            return ""
        return ",".join(LETTERS[self.options.index(a)] for a in self.answers if a in self.options)

    @property
    def case_parties(self) -> dict[str, str]:
        """Name in the case -> canonical party (甲公司 -> 注册人/备案人)."""
        return dict(self.case)

    def tag_values(self, kind: str) -> tuple[str, ...]:
        """Tags are 'doc:…', 'topic:…', 'party:…'; the values of one kind."""
        prefix = kind + ":"
        return tuple(t[len(prefix):] for t in self.tags if t.startswith(prefix))

    def edited(self, **changes: Any) -> QuizItem:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "stem": self.stem,
            "options": list(self.options),
            "answer": list(self.answer) if isinstance(self.answer, tuple) else self.answer,
            "explanation": self.explanation,
            "citation": self.citation.to_dict(),
            "difficulty": self.difficulty,
            "tags": list(self.tags),
            "sources": [s.to_dict() for s in self.sources],
            "probe": self.probe,
            "case": [list(pair) for pair in self.case],
            "notes": self.notes,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> QuizItem:
        answer = data["answer"]
        citation = Citation.from_dict(data["citation"])
        sources = tuple(Citation.from_dict(s) for s in data.get("sources") or ()) or (citation,)
        return cls(
            id=str(data["id"]),
            type=str(data["type"]),
            stem=str(data["stem"]),
            options=tuple(str(o) for o in data.get("options") or ()),
            answer=tuple(str(a) for a in answer) if isinstance(answer, (list, tuple)) else str(answer),
            explanation=str(data.get("explanation", "")),
            citation=citation,
            difficulty=str(data.get("difficulty", "medium")),
            tags=tuple(str(t) for t in data.get("tags") or ()),
            sources=sources,
            probe=str(data.get("probe") or ""),
            case=tuple((str(a), str(b)) for a, b in data.get("case") or ()),
            notes=str(data.get("notes") or ""),
        )
