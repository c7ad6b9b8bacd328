"""The responsibility matrix: activities x parties, who must / must not / may do what,
every cell made of cited duty sentences.

Built from the duty annotations made at ingest (``ingest.duties``): a sentence with a
modality and a subject party lands in the row of every activity whose terms it matches
(``data/activities.yaml``) and in the column of each party that holds the duty. A cell
therefore never says more than its sentences, and each sentence is verbatim corpus text
with its clause id and citation.

The annotator gives one modality and one set of subjects per sentence. Many sentences
state two rules at once (产品上市放行应当由注册人自行完成，不得委托其他企业上市放行) or
give two parties two tasks (注册人负责上市放行，受托生产企业负责生产放行), so each duty
sentence is re-read part by part (at its commas, with the same annotator) to give every
holder the activities and modalities of its own parts; where that finds nothing, the
sentence's reading stands.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from ingest.duties import DUTY_KIND, DutyAnnotator
from ingest.errors import InputError, UnknownIdError, os_reason
from ingest.grammar import MODAL
from ingest.records import Clause, Duty

DATA_DIR = Path(__file__).parent / "data"
ACTIVITIES_FILE = DATA_DIR / "activities.yaml"

# How a cell shows each modality of the grammar (the groups of ingest.grammar.MODAL), in column
# order: the word a Chinese reader expects. no_need (无需) binds no one, so no cell shows it.
LABELS = {"must": "应当", "must_not": "不得", "may": "可以", "encouraged": "鼓励", "default_rule": "原则上"}
# Annotator modality (ingest.duties.DUTY_KIND) -> (key used in exports, label); exports call
# default_rule "default".
MODALITIES: dict[str, tuple[str, str]] = {
    DUTY_KIND[group]: ("default" if group == "default_rule" else group, label) for group, label in LABELS.items()
}
MODALITY_LABELS = {key: label for key, label in MODALITIES.values()}
_ORDER = [key for key, _ in MODALITIES.values()]
# Where one duty sentence states several rules: the same breaks the annotator uses
# inside a sentence (commas and colons), never inside a party name.
_SEGMENT = re.compile(r"[，,：:]")
# The column for duties whose holder the annotator could not name (passive sentences,
# bodies outside the canonical list such as 注册审批部门).
UNSPECIFIED = "未指明主体"
_STATUS_RANK = {"in_force": 0, "reference": 1, "superseded": 2}


@dataclass(frozen=True)
class Activity:
    """One row: an activity and the wordings (regular expressions) that name it."""

    id: str
    name: str
    terms: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    description: str = ""

    def __post_init__(self):
        # Compiled once; a bad pattern raises re.error here, which load_activities reports.
        object.__setattr__(self, "_terms", re.compile("|".join(f"(?:{t})" for t in self.terms)))
        object.__setattr__(self, "_exclude",
                           re.compile("|".join(f"(?:{t})" for t in self.exclude)) if self.exclude else None)

    def names(self, text: str) -> bool:
        """One of the activity's terms occurs in the text."""
        return bool(self._terms.search(text))

    def matches(self, sentence: str) -> bool:
        """The sentence is about this activity: a term occurs and no exclusion does."""
        return self.names(sentence) and not (self._exclude and self._exclude.search(sentence))

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "description": self.description,
                "terms": list(self.terms), "exclude": list(self.exclude)}


@dataclass(frozen=True)
class CellDuty:
    """One cited duty sentence in a cell, with what it requires of the cell's party."""

    clause_id: str
    doc_id: str
    ref: str
    sentence: str
    start: int  # offset of the sentence in the clause text
    modalities: tuple[str, ...]  # keys of MODALITIES values: must, must_not, may, encouraged, default
    status: str = "in_force"

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(MODALITY_LABELS[m] for m in self.modalities)

    def to_dict(self) -> dict:
        return {"clause_id": self.clause_id, "doc_id": self.doc_id, "ref": self.ref,
                "sentence": self.sentence, "start": self.start, "modalities": list(self.modalities),
                "labels": list(self.labels), "status": self.status}


@dataclass(frozen=True)
class Matrix:
    activities: tuple[Activity, ...]
    parties: tuple[str, ...]
    cells: dict[tuple[str, str], tuple[CellDuty, ...]] = field(default_factory=dict)
    documents: tuple[str, ...] = ()  # the documents the matrix was built from

    def activity(self, activity_id: str) -> Activity:
        for activity in self.activities:
            if activity.id == activity_id or activity.name == activity_id:
                return activity
        raise UnknownIdError(f"没有活动 {activity_id!r}：已有的活动是 {'、'.join(a.name for a in self.activities)}。")

    def cell(self, activity: str, party: str) -> tuple[CellDuty, ...]:
        """The duties of ``party`` in ``activity`` (an activity id or name)."""
        return self.cells.get((self.activity(activity).id, party), ())

    def used_parties(self) -> tuple[str, ...]:
        """Parties with at least one duty, in canonical order."""
        used = {party for (_, party), duties in self.cells.items() if duties}
        return tuple(p for p in self.parties if p in used)

    def summary(self, activity: str, party: str) -> str:
        """'应当 3 · 不得 1': how many sentences of the cell carry each modality."""
        counts: dict[str, int] = {}
        for duty in self.cell(activity, party):
            for modality in duty.modalities:
                counts[modality] = counts.get(modality, 0) + 1
        return " · ".join(f"{MODALITY_LABELS[m]} {counts[m]}" for m in _ORDER if m in counts)

    def subset(self, activities: Iterable[str] | None = None, parties: Iterable[str] | None = None) -> Matrix:
        """The same matrix restricted to some rows and columns (ids or names; None keeps all)."""
        rows = self.activities if activities is None else tuple(
            dict.fromkeys(self.activity(a) for a in activities))
        wanted = set(self.parties if parties is None else parties)
        unknown = wanted - set(self.parties)
        if unknown:
            raise UnknownIdError(f"没有这些主体：{'、'.join(sorted(unknown))}。已有的主体是 {'、'.join(self.parties)}。")
        cols = tuple(p for p in self.parties if p in wanted)
        keep = {a.id for a in rows}
        cells = {k: v for k, v in self.cells.items() if k[0] in keep and k[1] in wanted}
        return replace(self, activities=rows, parties=cols, cells=cells)

    def to_dict(self) -> dict:
        """rows (activities), columns (parties) and the non-empty cells with their citations."""
        return {
            "rows": [a.to_dict() for a in self.activities],
            "columns": list(self.parties),
            "documents": list(self.documents),
            "modalities": {key: label for key, label in MODALITIES.values()},
            "cells": [
                {"activity": a.id, "activity_name": a.name, "party": p,
                 "duties": [d.to_dict() for d in self.cells[(a.id, p)]]}
                for a in self.activities for p in self.parties if self.cells.get((a.id, p))
            ],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


# -- building --------------------------------------------------------------------------


def load_activities(path: Path = ACTIVITIES_FILE) -> list[Activity]:
    """The rows, from the editable activities file; a broken file is an InputError."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise InputError(f"无法读取活动文件 {path}（{os_reason(exc)}）：请检查路径和权限。") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行附近" if mark else "其中"
        raise InputError(f"无法读取活动文件 {path}：{where}不是有效的 YAML，请改正后再试。") from None
    entries = data.get("activities") if isinstance(data, dict) else None
    if not entries:
        raise InputError(f"活动文件 {path} 中没有 'activities:' 列表：请按 qa_app/data/activities.yaml 的格式书写。")
    activities, seen = [], set()
    for n, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not entry.get("name") or not entry.get("terms"):
            raise InputError(f"{path}：第 {n} 项活动需要 name 和至少一个 terms 词语。")
        activity_id = str(entry.get("id") or entry["name"])
        if activity_id in seen:
            raise InputError(f"{path}：活动编号 {activity_id!r} 用了两次：请给每项活动不同的编号。")
        seen.add(activity_id)
        try:
            activities.append(Activity(activity_id, str(entry["name"]), tuple(map(str, entry["terms"])),
                                       tuple(map(str, entry.get("exclude") or ())),
                                       str(entry.get("description") or "")))
        except re.error as exc:
            raise InputError(f"{path}：活动 {entry['name']!r} 的一个词语不是有效的正则表达式（{exc}）：请改正后再试。") from None
    return activities


@dataclass(frozen=True)
class Segment:
    """A comma-separated part of a duty sentence and who holds it."""

    text: str
    owners: tuple[str, ...]  # () for a leading condition (开展联合检查的) that belongs to everyone
    modality: str  # the annotator's reading of this part alone; "none" if it states no rule


def read_segments(duty: Duty, annotator: DutyAnnotator) -> list[Segment]:
    """Split a duty sentence at its commas and read each part with the annotator.

    A part without a modal word continues the previous holder (…开展检查，并于10个工作日内
    反馈检查结果), and a part that opens with a party names the holder of what follows
    (注册人所在地省局因客观因素无法派出检查人员的，应当及时委托…).
    """
    out: list[Segment] = []
    owners: tuple[str, ...] = ()
    carried = duty.subjects
    for piece in _SEGMENT.split(duty.sentence):
        if not piece.strip():
            continue
        read = annotator.annotate_sentence(piece, fallback=carried)
        if not _states_rule(piece, annotator):
            read = replace(read, modality="none")
        if read.modality != "none" and read.subjects:
            owners = read.subjects
        else:
            mentions = annotator.lexicon.mentions(piece)
            if mentions and mentions[0].start == 0:
                owners = mentions[0].parties
        out.append(Segment(piece, owners, read.modality))
        carried = owners or carried
    return out


def _states_rule(part: str, annotator: DutyAnnotator) -> bool:
    """Whether a part of a sentence states a rule of its own: it has a modal word of a kind a
    cell shows (无需 binds no one) or gives someone a task (由X负责). The annotator also reads
    bare verbs as duties (国家药品监督管理局建立…), which is right for a whole sentence but not
    for a fragment (对注册人监督检查中发现…的 is a condition)."""
    return any(m.lastgroup in DUTY_KIND for m in MODAL.finditer(part)) or bool(annotator.assigned(part))


def sentence_cells(duty: Duty, activities: list[Activity],
                   annotator: DutyAnnotator) -> dict[tuple[str, str], tuple[str, ...]]:
    """(activity id, party) -> modality keys, for one duty sentence.

    Where a sentence gives two parties two different tasks (注册人负责上市放行，受托生产企业
    负责生产放行) each party gets only the activity named in its own part. A part that names
    no activity, or goes on with the same holder, is about what the sentence has named so far
    (…联合或者委托开展现场核查，受托生产企业所在地省局应当支持配合; …自行完成，不得委托其他
    企业进行), and an activity named in a leading condition (开展联合检查的，…) concerns
    every holder of the sentence.
    """
    matched = [a for a in activities if a.matches(duty.sentence)]
    if not matched or duty.modality not in MODALITIES:
        return {}
    segments = read_segments(duty, annotator)
    parties = _unique(duty.subjects + tuple(p for s in segments if s.modality != "none" for p in s.owners))
    if not parties:
        # 注册审批部门应当在注册证中登载… : a duty whose holder is no canonical party.
        parties = (UNSPECIFIED,)
        segments = [replace(s, owners=parties) if s.modality != "none" else s for s in segments]
    reread = annotator.annotate_sentence(duty.sentence, fallback=duty.subjects).modality
    sentence_modality = reread if reread in MODALITIES else duty.modality
    topics: list[set[str]] = []
    so_far: set[str] = set()
    holder: tuple[str, ...] = ()
    for segment in segments:
        named = {a.id for a in matched if a.names(segment.text)}
        # The same holder going on (…监测责任，不得通过质量协议…转移) keeps the topic; a new
        # holder (…，受托生产企业负责生产放行) has only what its own part names.
        topics.append(named | so_far if not named or segment.owners == holder else named)
        so_far |= named
        holder = segment.owners
    owned = {p: [s for s in segments if p in s.owners] for p in parties}

    cells: dict[tuple[str, str], tuple[str, ...]] = {}
    for activity in matched:
        about = [s for s, topic in zip(segments, topics) if activity.id in topic]
        # A term split by a comma, or named before anyone is: the whole sentence's holders.
        shared = not about or any(not s.owners and activity.names(s.text) for s in about)
        for party in parties:
            mine = [s for s in about if party in s.owners]
            if not (len(parties) == 1 or shared or mine or not owned[party]):
                continue
            # The rules the party states about the activity, else all the rules it holds here.
            kinds = [s.modality for s in mine if s.modality in MODALITIES] or \
                    [s.modality for s in owned[party] if s.modality in MODALITIES] or [sentence_modality]
            cells[(activity.id, party)] = _ordered(MODALITIES[k][0] for k in kinds)
    return cells


def build_matrix(clauses: Iterable[Clause], documents: dict[str, dict], activities: list[Activity],
                 *, parties: tuple[str, ...] | None = None,
                 annotator: DutyAnnotator | None = None) -> Matrix:
    """The matrix over ``clauses`` (already annotated). ``documents`` maps doc id -> metadata
    (for status and ordering); ``parties`` defaults to the annotator's canonical parties
    plus :data:`UNSPECIFIED`."""
    annotator = annotator or DutyAnnotator()
    columns = tuple(parties or (*annotator.lexicon.names, UNSPECIFIED))
    order = {doc_id: i for i, doc_id in enumerate(documents)}

    def rank(clause: Clause):
        status = str(documents.get(clause.doc_id, {}).get("status") or "in_force")
        return _STATUS_RANK.get(status, 1), order.get(clause.doc_id, len(order)), clause.span

    cells: dict[tuple[str, str], list[CellDuty]] = {}
    used_docs: dict[str, None] = {}
    for clause in sorted((c for c in clauses if c.normative), key=rank):
        status = str(documents.get(clause.doc_id, {}).get("status") or "in_force")
        used_docs[clause.doc_id] = None
        for duty in clause.duties:
            for (activity_id, party), modalities in sentence_cells(duty, activities, annotator).items():
                if party in columns:
                    cells.setdefault((activity_id, party), []).append(CellDuty(
                        clause.id, clause.doc_id, clause.ref, duty.sentence, duty.start, modalities, status))
    return Matrix(tuple(activities), columns, {k: tuple(v) for k, v in cells.items()}, tuple(used_docs))


def matrix_for(kb, doc_ids: list[str] | None = None, *, include_superseded: bool = False,
               activities: list[Activity] | None = None) -> Matrix:
    """The matrix over a knowledge base. Superseded texts (2014版GMP) are left out unless
    asked for or named in ``doc_ids``: their duties are no longer anyone's."""
    if doc_ids:
        unknown = set(doc_ids) - set(kb.documents)
        if unknown:
            raise UnknownIdError(f"没有这些编号的文件：{'、'.join(sorted(unknown))}。`regkb stats` 列出了所有文件的编号。")
        chosen = set(doc_ids)
    else:
        chosen = {d for d, meta in kb.documents.items()
                  if include_superseded or meta.get("status") != "superseded"}
    documents = {d: meta for d, meta in kb.documents.items() if d in chosen}
    clauses = (c for c in kb.clauses.values() if c.doc_id in chosen)
    return build_matrix(clauses, documents, activities if activities is not None else load_activities())


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _ordered(keys: Iterable[str]) -> tuple[str, ...]:
    keys = set(keys)
    return tuple(k for k in _ORDER if k in keys)


# -- exports ---------------------------------------------------------------------------


def to_markdown(matrix: Matrix, documents: dict[str, dict] | None = None) -> str:
    """A readable report: the overview table, then every cell's sentences with citations."""
    documents = documents or {}
    columns = matrix.used_parties()
    lines = [
        "# 职责矩阵：活动 × 主体",
        "",
        "每一格列出该主体在该活动中承担的职责句原文，注明情态（应当 / 不得 / 可以 / 鼓励 / 原则上）"
        "与出处（条款 ID 可用 `regkb show` 查看）。由条款的职责标注自动生成，活动及其匹配词见 "
        "`qa_app/data/activities.yaml`；总览中的数字是句子数。",
        "",
        f"文件（{len(matrix.documents)}）：" + "、".join(
            f"{documents.get(d, {}).get('title') or d}（`{d}`）" for d in matrix.documents),
        "",
        "## 总览",
        "",
        "| 活动 | " + " | ".join(columns) + " |",
        "|---|" + "---|" * len(columns),
    ]
    for activity in matrix.activities:
        cells = [matrix.summary(activity.id, p) or "—" for p in columns]
        lines.append(f"| {activity.name} | " + " | ".join(cells) + " |")
    for activity in matrix.activities:
        lines += ["", f"## {activity.name}", ""]
        if activity.description:
            lines += [activity.description, ""]
        filled = [p for p in columns if matrix.cell(activity.id, p)]
        if not filled:
            lines.append("（所选文件中没有与该活动相关的职责句。）")
        for party in filled:
            lines += [f"### {party}", ""]
            for duty in matrix.cell(activity.id, party):
                flag = "" if duty.status == "in_force" else f"（{_STATUS_NAMES.get(duty.status, duty.status)}）"
                lines.append(f"- **{'、'.join(duty.labels)}** · {duty.ref}{flag} · `{duty.clause_id}`")
                lines.append(f"  > {duty.sentence}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


_STATUS_NAMES = {"reference": "参考", "superseded": "已被替代"}


def to_xlsx(matrix: Matrix) -> bytes:
    """A workbook: 总览 (counts per cell) and 明细 (one row per cited sentence)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    overview = book.active
    overview.title = "总览"
    columns = matrix.used_parties()
    overview.append(["活动", *columns])
    for activity in matrix.activities:
        overview.append([activity.name, *(matrix.summary(activity.id, p) for p in columns)])
    detail = book.create_sheet("明细")
    detail.append(["活动", "主体", "情态", "出处", "条款ID", "原文", "文件状态"])
    for activity in matrix.activities:
        for party in matrix.parties:
            for duty in matrix.cell(activity.id, party):
                detail.append([activity.name, party, "、".join(duty.labels), duty.ref, duty.clause_id,
                               duty.sentence, _STATUS_NAMES.get(duty.status, "现行有效")])
    for sheet in (overview, detail):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "B2" if sheet is overview else "A2"
    overview.column_dimensions["A"].width = 26
    for width, letter in zip((22, 24, 14, 40, 48, 90, 10), "ABCDEFG"):
        detail.column_dimensions[letter].width = width
    for row in detail.iter_rows(min_row=2, min_col=6, max_col=6):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
