"""Checking a quality agreement against the requirement library.

For every requirement the agreement's clauses are ranked with the same hybrid
machinery as regulation search: the knowledge base's sentence embedder (each clause
against the requirement and its model wordings) and BM25 over jieba tokens of the
agreement's own clauses, fused by reciprocal rank (the one BM25 engine and the one fusion
of :mod:`qa_app.retrieval`). Among the best-ranked clauses the requirement's elements
(保存期限, 委托方获取记录的权利 ...) are looked for sentence by sentence. A duty is covered only where the agreement gives it to a party: the element
stands in a sentence whose holder is 委托方, 受托方 or 双方 (read with the duty annotator's
modal grammar, or the party acting in the sentence); a definition, a heading or a mention
with nobody to do it makes the requirement ``partial`` at most. What an agreement merely
states (its product, parties, term) counts wherever it is said. All elements given ->
``covered``, some named -> ``partial``, none -> ``missing``; a requirement whose duty the
agreement shifts illegally (see below) is never ``covered``.

Before that, every sentence is read for who holds which duty. The agreement's names
for the parties (甲方, 乙方, 承揽方 ...) become 委托方 (the registrant) and 受托方 (the
contract manufacturer), and :class:`ingest.duties.DutyAnnotator` finds the subject and
modality. A duty the law gives the registrant but the sentence gives the manufacturer
(乙方负责上市放行, 由受托方承担不良事件监测的全部责任), permission to re-entrust, a term
beyond the certificates or a prohibited product is a **violation**: the words that break
the rule never count as coverage, and the requirement they belong to is ``partial`` at most.

Every step is bounded, so that no upload can take a shared server down: clauses come
in pieces of at most ``MAX_PIECE_CHARS`` characters (see :mod:`qa_app.agreement.document`,
which also caps the whole agreement), the patterns are matched one sentence at a time, and
reading who holds a duty stays within a budget linear in its sentence (READING_BUDGET).
The time a check takes grows with the agreement's length and no faster.

The agreement is only held in memory; nothing here writes, indexes or logs it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from ingest.duties import DutyAnnotator
from ingest.embed import Embedder
from ingest.numerals import cn_to_int
from ingest.records import Clause, Duty
from ingest.structure import classify
from ingest.tokenize import Tokenizer
from qa_app.agreement.document import Agreement, AgreementClause, numbering_of
from qa_app.agreement.parties import MANUFACTURER, REGISTRANT, Party, PartyMap, read_parties
from qa_app.agreement.requirements import DEFAULT_LIBRARY, Requirement, RequirementLibrary, Rule, load_library
from qa_app.retrieval import KeywordRanking, fuse

STATUSES = ("covered", "partial", "missing")
# A requirement is looked for in its best-ranked clauses: at least this many ...
MIN_CANDIDATES = 5
# ... or this share of a long agreement.
CANDIDATE_SHARE = 0.15
# With no element found, a clause this close in meaning to the requirement still makes it
# "partial" (worded differently enough that the patterns miss it; a person should look).
SEMANTIC_PARTIAL = 0.80
MAX_EVIDENCE = 3
MAX_PER_RULE = 3
# Who holds a duty is read by annotating regions of its sentence, growing back a segment at
# a time. A sentence may spend annotation worth this many characters per character of its
# own, and at least READING_FLOOR (an ordinary sentence uses a small part of either), so
# that a hostile one naming a duty hundreds of times costs no more than a few ordinary ones.
READING_BUDGET = 4
READING_FLOOR = 2000
_READING_CALL = 50  # one annotation costs about as much as this many more characters

_SENTENCE = re.compile(r"[^。！？；\n]+[。！？；]?")
_PDF_SENTENCE = re.compile(r"[^。！？；]+[。！？；]?")
_SEPARATOR_ROW = re.compile(r"^\|?[\s:|—–-]+\|[\s:|—–-]*$")
_EMPTY_CELL = re.compile(r"(—|–|-|/|／|无|不适用|不涉及|不负责|不参与|否|N/?A|NO?|×|✗)?", re.I)
_TICK = re.compile(r"(R|●|√|✓|✔|是|Y|主责|主要责任)", re.I)
_HELPS = re.compile(r"参与|配合|协助|协同|协作|支持|提供|提交|传递|转交|反馈|收集|咨询|知悉|知情|知会|通知|告知")
# A matrix's serial-number cells (| 1 | 上市放行 | …), passed over for the row's item.
_SERIAL = re.compile(r"[\d.、()（）]*|序号|编号|No\.?", re.I)
# A cell that does the work itself, whatever else it says (负责收集并向监测机构报告).
_HOLDS = re.compile(r"负责|承担|主责|主导|批准|签发|监测机构|监督管理部门|监管部门|药监")
# A matrix's marks, as its caption or a note defines them (●负责　○参与或配合, ★主责 ☆协助).
_MARK = "●○◎△▲☆★◆◇■□√✓✔"
# A RACI matrix: R 负责 (responsible), A 批准 (accountable), C 咨询 (consulted), I 知会 (informed), S 支持.
_RACI = re.compile(r"[RACIS](\s*[/、,，]\s*[RACIS])*")
_RACI_MEANS = {"R": "负责", "A": "批准", "C": "咨询", "I": "知会", "S": "支持"}
_LEGEND = re.compile(f"([{_MARK}]|(?<![A-Za-z])[RACIS](?![A-Za-z]))[”\"」』’]?[ \\t\u3000]*[:：=＝—-]?[ \\t\u3000]*(?:表示|代表|指|为)?([^\\s{_MARK}|，,；;。、（）()]{{1,8}})")
# Without a legend, a hollow mark in a matrix that also uses a filled one or a tick is the lesser part.
_HOLLOW, _FILLED = "○△☆◇□", "●▲★◆■√✓✔"
_BREAK = "，,：:】"
# A clause's title after its number: a few words without punctuation (协议目的, 产品标识和追溯).
_TITLE = re.compile(r"[^，,。；;：:！？]{1,15}")
# A line above a table this short is its caption (表2 职责分工).
_CAPTION_CHARS = 40
_PARTY = re.compile(f"{REGISTRANT}|{MANUFACTURER}|双方")
_CANONICAL = {"注册人/备案人": REGISTRANT, "受托生产企业": MANUFACTURER}
# 甲方（受托方）/ 受托方（以下简称甲方）: the agreement names the manufacturer 甲方.
_SWAPPED = re.compile(
    r"甲方[（(：:\s]{0,3}(受托方|受托生产企业|受托企业|承揽方|加工方)"
    r"|(受托方|受托生产企业|受托企业|承揽方|加工方)[^。；\n]{0,12}(简称|称)[“\"「]?甲方"
)
# A duty the subject does not take on (不负责, 无需 ...), as opposed to a prohibition.
_NEGATED_DUTY = re.compile(r"不(再)?(负责|承担|进行|开展|履行|实施|参与)|无需|无须|不必|不需要?|免除|免于|不予")
_PROHIBITED = re.compile(r"不得|禁止|严禁|不允许|不能|不可|无权")
# The manufacturer helping the registrant with the registrant's duty is no shift.
_ASSISTS = re.compile(f"配合|协助|协同|支持|参与|协作|(通知|告知|提供给|报告给?|反馈给?|提交给?|向){REGISTRANT}")
_AFTER_ASSISTS = re.compile(f"^[^。；，]{{0,4}}(给|至|予|向)?{REGISTRANT}")
_DELEGATES = re.compile(f"(委托|授权|交由|交给|转交|指定|允许|同意|要求)(给|予|由)?({MANUFACTURER}|双方)")
_ELEMENT_NEGATED = re.compile(
    r"(无需|无须|不必|不需要?|不负责|不承担|不进行|不开展|不要求|免除|不予|不做|不设|没有|未约定)[^。；，]{0,6}$")
# 有效期十年 / 期限为5年; not 期限：自2025年1月1日 (a date) and not 5年内.
_TERM_YEARS = re.compile(r"(有效期|期限)(限)?[^。；，,\d一二三四五六七八九十两×xX自起至]{0,6}?"
                         r"(?:自[^。；，,\d]{1,12}?起[^。；，,\d]{0,2})?"  # 有效期为自签订之日起六年
                         r"(?<!\d)(\d{1,2}|[一二三四五六七八九十两]+)\s*(个)?年(?![\d内])")
_NOT_AGREEMENT_TERM = re.compile(r"(产品|注册证|许可证|证书|证件|灭菌|货架|保存|保管|质保|保修|保密|记录|留样|使用)[^。；，]{0,4}$")
_DATE = r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
_DATE_RANGE = re.compile(_DATE + r"[^。；\d]{0,8}?(至|到|止|—|－|-|~)[^。；\d]{0,4}" + _DATE)
_TERM_UNTIL = re.compile(r"(有效期|期限)[^。；\d]{0,6}?(至|到|截至|截止)[^。；\d]{0,4}" + _DATE)
_TERM_FROM = re.compile(r"自\s*" + _DATE)
_CERTIFICATE = re.compile(r"注册证|许可证|备案凭证|证书|证件")
_CERT_END = re.compile(r"(注册证|许可证|备案凭证)[^。；]{0,40}?有效期[^。；\d]{0,12}?(至|截至|到)[^。；\d]{0,4}" + _DATE)
_ABOUT_TERM = re.compile(r"协议|合同|期限|有效期|生效|终止")
# A party opening a sentence acts in it (受托方确保…) unless the sentence says who or what it
# is (受托方：某公司, 受托方为…, 受托方（以下简称…）, a name standing alone) or defines a term (…是指…).
# 为每台产品 / 为各批次 / 为其 is "for": the party does what follows (受托方为每台产品赋予序列号).
_NOT_ACTING = re.compile(r"\s*(是|系|为(?!每|各|其)|指|即|[：:（(，,）)]|$)")
_DEFINES = re.compile(r"是指|系指|指的是")
# A heading names a topic (第18条 再委托, 九、上市放行, 5.3 不良事件): once its number is taken off
# (a sentence's ``norm`` has it off, see _strip_numbering), a few words with no punctuation and no
# word that gives or allows anything. It grants nothing, so it is never the evidence of a
# violation; the sentences under it are read on their own.
# A clause's title run into its first sentence: 【上市放行】 or a few words before a wide space.
# A title before a colon too (转委托：受托方不得…), but not a duty labelled with its holder (上市放行：受托方负责；).
# What follows the colon of a duty labelled with its holder (上市放行：受托方 / 不良事件监测：受托方负责；).
_HOLDER_AFTER_COLON = rf"\s*(由)?({_PARTY.pattern})(负责|承担|主责|执行|完成|实施)?\s*([；;。，,]|$)"
_RUN_IN_TITLE = re.compile(r"【[^】]{1,15}】\s*|[^\s，,。；;：:、]{1,12}(\u3000+|[ \t]{2,})(?=\S)"
                           rf"|[^\s，,。；;：:、]{{1,12}}[：:](?!{_HOLDER_AFTER_COLON})\s*")
# A duty named as what goods have had or await (上市放行的产品 / 批次): a description, not the duty.
_OF_GOODS = re.compile(r"(后)?的(产品|批次|成品|物料|器械|医疗器械|货物)")
# A duty ending its part of a sentence, its holder opening the next part (…不良事件，由X负责).
_NEXT_HOLDER = re.compile(f"[，,]\\s*(?:均|应|应当|统一)?由({_PARTY.pattern})")
# Going by a record of the duty (根据委托方的上市放行通知 / 凭上市放行单发货) is not doing it.
_GOES_BY = re.compile(f"((根据|按照|依据|凭|按)[^，,。；]{{0,12}}|{REGISTRANT}[^，,。；]{{0,4}}的)$")
_RECORD_OF = re.compile(r"(的)?(通知|指令|单|文件|结论|决定|记录|报告|意见|证明)")
_REGISTRANT_ENTRUSTS = re.compile(f"\\s*{REGISTRANT}(可以|可|有权|也可以|也可|亦可|另行|还可以)*(委托|交由)")
# A sentence that says the product is not one of the catalog's, or that lists the catalog's
# products as examples (例如心脏起搏器等不得委托生产): it names no product of the agreement.
_NOT_THE_PRODUCT = re.compile(r"(不属于|不在|不是|非|不含|不包括|不涉及)[^。；]{0,16}(禁止委托|目录|不得委托)"
                              r"|(例如|比如|诸如|如)[^。；]{0,30}(禁止委托|不得委托)|等[^。；，]{0,12}(禁止委托|不得委托)")
_SCOPE = re.compile(r"(方面|环节|工作中|过程中|中)")
# 上市放行：受托方 / 不良事件监测：受托方负责；… : a duty labelled with its holder.
_LABEL_HOLDER = re.compile(f"[：:]{_HOLDER_AFTER_COLON}")
# The party named just before the duty (委托方完成上市放行, 委托方上市放行通知).
_NEAR_PARTY = re.compile(f"(?<![代替为帮])(?<!代表)({_PARTY.pattern})(?!对|就|关于)[^，,。；的]{{0,4}}$")
# Helping the registrant do it (协助委托方…向监测机构报告) is the registrant's duty still.
_HELPS_REGISTRANT = re.compile(f"(协助|配合|协同|帮助|支持){REGISTRANT}")
# A period counted after the agreement ends (终止后…期限为十年) is not the agreement's term.
_AFTER_END = re.compile(r"(终止|解除|期满|届满)(后|之后|以后)")
# 即使经委托方同意亦同: consent that changes nothing is no condition.
_EVEN_IF = re.compile(r"(即使|即便|哪怕|纵使|就算)[^。；，]{0,3}$")
# A run-in "title" with one of these words is the sentence itself (乙方负责生产放行　甲方…).
_MODAL_WORD = re.compile(r"负责|应当|应|须|不得|可以|可|由|承担")
_HEADING_ONLY = re.compile(r"[^，,。；;：:！？!?\s]{1,16}")
_GIVES = re.compile(r"可|应|须|得|允许|同意|负责|由|交|承担|代")


def _heading_only(norm: str) -> bool:
    text = norm.strip()
    return bool(_HEADING_ONLY.fullmatch(text)) and not _GIVES.search(text)
_SUBJECT_LEAD = re.compile(r"(各|由|并|且|则|同时|应由|经)?")
# A party or a blank left for one in a draft or template (由XX方完成…).
_HOLDER = re.compile(f"{_PARTY.pattern}|[X×Ｘx＊*]{{1,3}}方")
_IN_COMPANY_NAME = re.compile(r"[^，。；、：:（）()\s]{0,10}(有限公司|公司|集团|厂)")


# -- the result records ----------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    text: str  # verbatim agreement text
    location: str

    def to_dict(self) -> dict:
        return {"text": self.text, "location": self.location}


@dataclass(frozen=True)
class Basis:
    clause_id: str
    ref: str  # display citation, e.g. 《医疗器械生产监督管理办法》第三十四条
    text: str  # the clause exactly as it stands in the corpus

    def to_dict(self) -> dict:
        return {"clause_id": self.clause_id, "ref": self.ref, "text": self.text}


@dataclass(frozen=True)
class Finding:
    """How one requirement fares in the agreement."""

    requirement: Requirement
    status: str  # covered | partial | missing
    evidence: tuple[Evidence, ...]
    basis: tuple[Basis, ...]
    suggestion: str
    found: tuple[str, ...] = ()  # element names found (for a duty: given to a party)
    lacking: tuple[str, ...] = ()  # element names not found (for a duty: not given to a party)
    unassigned: tuple[str, ...] = ()  # lacking elements the agreement names without giving them to a party
    violated_by: tuple[str, ...] = ()  # ids of the rules whose violation keeps it from covered

    def to_dict(self) -> dict:
        return {
            "id": self.requirement.id,
            "title": self.requirement.title,
            "mandatory": self.requirement.mandatory,
            "status": self.status,
            "evidence": [e.to_dict() for e in self.evidence],
            "basis": [b.to_dict() for b in self.basis],
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True)
class Violation:
    rule: Rule
    evidence: Evidence
    basis: tuple[Basis, ...]
    suggestion: str
    detail: str = ""  # why this sentence breaks the rule, in Chinese

    @property
    def severity(self) -> str:
        return self.rule.severity

    def to_dict(self) -> dict:
        return {
            "rule_id": self.rule.id,
            "title": self.rule.title,
            "severity": self.rule.severity,
            "evidence": self.evidence.to_dict(),
            "basis": [b.to_dict() for b in self.basis],
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True)
class CheckReport:
    document: str
    findings: tuple[Finding, ...]
    violations: tuple[Violation, ...]
    clauses: int = 0
    not_applicable: tuple[str, ...] = ()  # requirement ids switched off (e.g. not an implant)
    parties: tuple[Party, ...] = ()  # the agreement's names for the parties, as the check read them

    @property
    def has_errors(self) -> bool:
        """Error-level violations: what `regkb check` exits 1 for."""
        return any(v.severity == "error" for v in self.violations)

    @property
    def summary(self) -> dict[str, int]:
        counts = {status: sum(f.status == status for f in self.findings) for status in STATUSES}
        counts["violations"] = len(self.violations)
        return counts

    def finding(self, requirement_id: str) -> Finding:
        for finding in self.findings:
            if finding.requirement.id == requirement_id:
                return finding
        raise KeyError(requirement_id)

    def to_dict(self) -> dict:
        """The `regkb check --json` contract."""
        return {
            "document": self.document,
            "parties": [p.to_dict() for p in self.parties],
            "requirements": [f.to_dict() for f in self.findings],
            "violations": [v.to_dict() for v in self.violations],
            "summary": self.summary,
        }


# -- reading sentences -------------------------------------------------------------------


@dataclass(frozen=True)
class _Sentence:
    clause: AgreementClause
    text: str  # verbatim
    norm: str  # the same with the parties named 委托方 / 受托方
    location: str = ""  # where a table row says it: 表2 职责分工 · 上市放行 · 受托方 ✓
    title: int = 0  # characters of ``norm`` that are the clause's run-in title (no evidence of a violation)

    @property
    def where(self) -> str:
        return self.location or self.clause.location


class PartyNames:
    """The agreement's names for the two parties, mapped to 委托方 / 受托方: the words the
    library knows (甲方, 承揽方 ...) and what the agreement itself defines (沐辰公司)."""

    def __init__(self, registrant: tuple[str, ...], manufacturer: tuple[str, ...]):
        self._registrant = registrant
        self._manufacturer = manufacturer

    def read(self, text: str) -> PartyMap:
        """The parties the agreement defines (see :mod:`qa_app.agreement.parties`)."""
        return read_parties(text, self._registrant, self._manufacturer)

    def for_agreement(self, text: str, parties: PartyMap | None = None) -> dict[str, str]:
        """Alias -> role. 甲方 is the registrant unless the agreement says otherwise."""
        roles = {alias: REGISTRANT for alias in self._registrant}
        roles.update({alias: MANUFACTURER for alias in self._manufacturer})
        parties = self.read(text) if parties is None else parties
        if parties.parties:
            roles.update(parties.roles())
        elif _SWAPPED.search(text[:5000]):
            roles["甲方"], roles["乙方"] = MANUFACTURER, REGISTRANT
        return roles


def _normaliser(roles: dict[str, str]):
    pattern = re.compile("|".join(re.escape(a) for a in sorted(roles, key=len, reverse=True)))
    return lambda text: pattern.sub(lambda m: roles[m.group(0)], text)


def _strip_numbering(sentence: str) -> str:
    found = numbering_of(sentence)
    return sentence[len(found[1]):].strip() if found else sentence


def _run_in_title(norm: str) -> int:
    """The length of a clause title run into the first sentence (【上市放行】为缩短…, 仓储和运输　乙方
    应当…), 0 if there is none: a title names a topic, it neither gives nor shifts a duty."""
    title = _RUN_IN_TITLE.match(norm)
    if not title or not norm[title.end():].strip() or _MODAL_WORD.search(title.group(0)):
        return 0
    return title.end()


def _sentences(agreement: Agreement, normalise) -> list[_Sentence]:
    out: list[_Sentence] = []
    carried = None
    previous = None
    for clause in agreement.clauses:
        if clause.page is None and "|" in clause.text:
            # A long table is checked in pieces; its party columns and caption hold for every piece.
            if clause.part == 1:
                carried = (None, [], _caption_before(clause, previous) or clause.location)
            sentences, carried = _table_sentences(clause, normalise, carried)
            out += sentences
        else:
            out += _plain_sentences(clause, clause.text, normalise)
        previous = clause
    return out


def _caption_before(table: AgreementClause, previous: AgreementClause | None) -> str:
    """A table read as a paragraph of its own (an agreement with little numbering) has its
    caption (表2 职责分工) in the short line before it."""
    line = previous.text.strip() if previous else ""
    if (_cells(table.text.split("\n", 1)[0]) is None or not line or "\n" in line or "|" in line
            or len(line) > _CAPTION_CHARS or line.endswith(tuple("。；;"))):
        return ""
    return line.lstrip("#*> ").strip()


def _plain_sentences(clause: AgreementClause, text: str, normalise) -> list[_Sentence]:
    out = []
    # In a PDF a line break is layout, not the end of a sentence; only a clause's title
    # line (第九条　不合格品) ends where its line does.
    splitter = _PDF_SENTENCE if clause.page is not None else _SENTENCE
    for part in _title_and_body(text) if clause.page is not None else (text,):
        for match in splitter.finditer(part):
            raw = match.group(0).strip()
            if not raw.strip("#*>|-— \t\n"):
                continue
            flat = raw.replace("\n", "") if clause.page is not None else raw
            norm = normalise(_strip_numbering(flat.lstrip("#* ")))
            titled = numbering_of(flat.lstrip("#* ")) or norm.startswith("【")
            out.append(_Sentence(clause, raw, norm, title=_run_in_title(norm) if titled else 0))
    return out


def _title_and_body(text: str) -> tuple[str, ...]:
    """A PDF clause whose first line is its number and a short title (第九条　不合格品, not
    第九条 乙方应当… wrapped at the margin), as that line and the rest."""
    first, newline, rest = text.partition("\n")
    numbered = numbering_of(first.strip())
    if newline and rest.strip() and numbered and _TITLE.fullmatch(first.strip()[len(numbered[1]):].strip()):
        return first, rest
    return (text,)


def _table_sentences(clause: AgreementClause, normalise, carried: tuple | None = None) -> tuple[list[_Sentence], tuple]:
    """Tables as sentences. A responsibility matrix (事项 | 甲方 | 乙方) says who does what
    in its cells, so each row becomes 「事项由甲方负责」/「乙方配合事项：参与」 for the party
    columns, with the row itself as the evidence; other rows stay as they are. A row is
    located by the table's caption (the short line above it), its first cell and, for a
    duty, the column and the mark: 表2 职责分工 · 上市放行 · 受托方 ✓. ``carried`` is the
    (party columns, header, caption) of the piece before (a long table comes in pieces), or
    the caption found before the table; the ones in force at the end are returned with the
    sentences."""
    out: list[_Sentence] = []
    columns, header, caption = carried or (None, [], clause.location)
    marks = _marks(caption, clause.text)
    for line in clause.text.split("\n"):
        cells = _cells(line)
        if cells is None:
            columns, header = None, []
            out += _plain_sentences(clause, line, normalise)
            if line.strip() and len(line.strip()) <= _CAPTION_CHARS:
                caption = line.strip().lstrip("#*> ").strip()
            continue
        row = line.strip()
        if _SEPARATOR_ROW.match(row):
            continue
        if not header:
            header = cells
        party_header = _party_columns(cells, normalise)
        if party_header:
            columns = party_header
        if party_header or columns is None:
            where = caption if cells is header else f"{caption} · {cells[0]}"
            out.append(_Sentence(clause, row, normalise(" ".join(cells)), where))
            continue
        # The row's item: its first cell that is not a serial number (| 1 | 上市放行 | ★ | ☆ |).
        label = next((c for c in cells[:min(columns)] if not _SERIAL.fullmatch(c)), cells[0])
        item = normalise(label)
        for j, role in columns.items():
            duty = _row_duty(item, role, cells[j], marks) if j < len(cells) else ""
            if duty:
                column = header[j] if j < len(header) else role
                out.append(_Sentence(clause, row, duty, f"{caption} · {label} · {column} {cells[j].strip()}"))
    return out, (columns, header, caption)


def _cells(line: str) -> list[str] | None:
    line = line.strip()
    if "|" not in line:
        return None
    cells = [c.strip() for c in line.strip("|").split("|")]
    return cells if len(cells) >= 2 else None


def _party_columns(cells: list[str], normalise) -> dict[int, str]:
    """Header cells naming one party each (甲方, 乙方职责, 受托方 ...), by column."""
    out = {}
    for j, cell in enumerate(cells[1:], start=1):
        name = normalise(cell)
        if len(cell) <= 12 and (REGISTRANT in name) != (MANUFACTURER in name):
            out[j] = REGISTRANT if REGISTRANT in name else MANUFACTURER
    return out if len(cells) <= 6 else {}


def _marks(caption: str, table: str) -> dict[str, str]:
    """What a matrix's marks mean: its legend (●负责　○参与或配合) where the caption or a line
    of the table's text gives one; else a hollow mark beside a filled one or a tick (○ where ●
    or √ is used) only takes part."""
    notes = "\n".join([caption, *(line for line in table.split("\n") if _cells(line) is None)])
    legend = {m.group(1): m.group(2) for m in _LEGEND.finditer(notes)}
    text = f"{caption}\n{table}"
    if any(mark in text for mark in _FILLED):
        legend.update({hollow: "参与" for hollow in _HOLLOW if hollow not in legend and hollow in text})
    if any(_RACI.fullmatch(cell) for line in table.split("\n") for cell in _cells(line) or ()):
        legend = {**_RACI_MEANS, **legend}
    return legend


def _row_duty(item: str, role: str, cell: str, marks: Mapping[str, str] | None = None) -> str:
    """The sentence a party's cell says about the row's item, a mark read by the matrix's
    legend (``marks``). A cell that only helps (参与, 配合调查, 提供生产放行文件, ○ for
    参与或配合) leaves the item with whoever holds it: its party assists (受托方配合上市放行：
    提供生产放行文件), it is not given the duty."""
    value = cell.strip()
    if _EMPTY_CELL.fullmatch(value):
        return ""
    marks = marks or {}
    said = (marks.get(value, value) if not _RACI.fullmatch(value) or value in marks
            else "、".join(marks.get(letter, letter) for letter in re.findall(r"[RACIS]", value)))
    if _HELPS.search(said) and not _HOLDS.search(said):
        return f"{role}配合{item}：{said}"
    verb = "负责" if _TICK.fullmatch(said) else said
    return f"{item}由{role}{verb}"


def _segment_bounds(text: str, at: int, end: int) -> tuple[int, int]:
    start = max(text.rfind(ch, 0, at) for ch in _BREAK) + 1
    ends = [i for i in (text.find(ch, end) for ch in _BREAK) if i >= 0]
    return start, min(ends, default=len(text))


# -- the checker ---------------------------------------------------------------------------


class _Reading:
    """Duty annotations of regions of one sentence, each made once, within a budget of
    work linear in the sentence's length (see READING_BUDGET); past it, ``duty`` is None."""

    def __init__(self, annotator: DutyAnnotator, norm: str):
        self.annotator, self.norm = annotator, norm
        self.left = max(READING_FLOOR, READING_BUDGET * len(norm))
        self._done: dict[tuple[int, int], Duty] = {}

    def duty(self, start: int, end: int) -> Duty | None:
        key = (start, end)
        if key not in self._done:
            if self.left <= 0:
                return None
            self.left -= end - start + _READING_CALL
            self._done[key] = self.annotator.annotate_sentence(self.norm[start:end])
        return self._done[key]


@dataclass
class _Context:
    """What one check knows about the agreement while it runs."""

    agreement: Agreement
    sentences: list[_Sentence]
    normalise: Callable[[str], str]  # the agreement's names for the parties -> 委托方 / 受托方
    # Spans of sentences that break a rule (乙方负责……上市放行): masked before the
    # requirements are matched, so a violation never counts as coverage while the rest
    # of the sentence (乙方负责生产放行) still does.
    masks: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    features: dict[str, _Sentence] = field(default_factory=dict)
    flagged: set[tuple[str, str]] = field(default_factory=set)  # (rule id, sentence text) reported
    readings: dict[int, _Reading] = field(default_factory=dict)  # by sentence, shared by the rules

    def reading(self, index: int, annotator: DutyAnnotator) -> _Reading:
        if index not in self.readings:
            self.readings[index] = _Reading(annotator, self.sentences[index].norm)
        return self.readings[index]


class AgreementChecker:
    """Built once per knowledge base (it embeds the requirement library); ``check`` is
    then cheap enough for an interactive page."""

    def __init__(self, library: RequirementLibrary, clauses: Mapping[str, Clause], embedder: Embedder,
                 tokenizer: Tokenizer, annotator: DutyAnnotator | None = None):
        self.library = library
        self.embedder = embedder
        self.tokenizer = tokenizer
        self.annotator = annotator or DutyAnnotator()
        self.parties = PartyNames(library.registrant_aliases, library.manufacturer_aliases)
        self._basis = {cid: Basis(cid, clauses[cid].ref, clauses[cid].text) for cid in library.basis_ids()}
        texts, owners = [], []
        for index, requirement in enumerate(library.requirements):
            for text in (requirement.query, *requirement.examples):
                texts.append(text)
                owners.append(index)
        self._req_vectors = embedder.embed(texts)
        self._req_owner = np.array(owners)
        self._req_tokens = [tokenizer.expand(" ".join((r.query, *r.terms))) for r in library.requirements]

    @classmethod
    def from_kb(cls, kb, library_path=DEFAULT_LIBRARY) -> AgreementChecker:
        """The checker for an open :class:`qa_app.kb.KnowledgeBase`; the library's basis
        ids are resolved against the knowledge base's clauses."""
        library = load_library(kb.clauses, library_path)
        return cls(library, kb.clauses, kb.embedder, kb.tokenizer)

    # -- the whole check -------------------------------------------------------------------

    def read_parties(self, agreement: Agreement) -> PartyMap:
        """Who the parties are, as the agreement defines them; a reviewer may correct it
        (:meth:`PartyMap.corrected`) and pass it to :meth:`check`."""
        return self.parties.read(agreement.text)

    def check(self, agreement: Agreement, parties: PartyMap | None = None) -> CheckReport:
        """``parties``: the reviewer's reading of who the parties are; by default the
        agreement's own definitions."""
        parties = self.read_parties(agreement) if parties is None else parties
        roles = self.parties.for_agreement(agreement.text, parties)
        normalise = _normaliser(roles)
        context = _Context(agreement, _sentences(agreement, normalise), normalise)
        context.features = self._features(context)
        violations = self._violations(context)
        applicable = [r for r in self.library.requirements if not r.applies_to or r.applies_to in context.features]
        skipped = tuple(r.id for r in self.library.requirements if r not in applicable)
        findings = self._findings(context, applicable, violations)
        return CheckReport(agreement.name, tuple(findings), tuple(violations),
                           clauses=len(agreement.clauses), not_applicable=skipped, parties=parties.parties)

    def _features(self, context: _Context) -> dict[str, _Sentence]:
        found = {}
        for name, feature in self.library.features.items():
            for sentence in context.sentences:
                # Inside a company name (天津精工植入物制造有限公司) the word says nothing
                # about the product.
                named = [m for m in feature.pattern.finditer(sentence.norm)
                         if not _IN_COMPANY_NAME.match(sentence.norm, m.end())]
                if named and not (feature.unless and feature.unless.search(sentence.norm)):
                    found[name] = sentence
                    break
        return found

    # -- requirements ---------------------------------------------------------------------

    def _findings(self, context: _Context, requirements: list[Requirement],
                  violations: list[Violation]) -> list[Finding]:
        clauses = context.agreement.clauses
        held_by = self._given_to(context)
        by_clause: dict[int, list[tuple[int, str]]] = {}
        for i, sentence in enumerate(context.sentences):
            by_clause.setdefault(sentence.clause.index, []).append((i, _masked(sentence.norm, context.masks.get(i))))
        norm_texts = [" ".join(n for _, n in by_clause.get(c.index, [])) or c.text for c in clauses]
        contexts = [" ".join((*c.path, t)) for c, t in zip(clauses, norm_texts)]
        vectors = self.embedder.embed(contexts)
        similarity = vectors @ self._req_vectors.T  # clauses x requirement texts
        keywords = KeywordRanking([self.tokenizer.tokens(t) for t in contexts])
        candidates = max(MIN_CANDIDATES, round(CANDIDATE_SHARE * len(clauses)))
        out = []
        for requirement in requirements:
            index = self.library.requirements.index(requirement)
            dense = similarity[:, self._req_owner == index].max(axis=1)
            by_meaning = sorted(range(len(clauses)), key=lambda i: (-dense[i], i))
            fused = fuse([(1.0, by_meaning), (1.0, keywords.rank(self._req_tokens[index]))])
            rank = {i: r for r, i in enumerate(sorted(fused, key=lambda i: (-fused[i], i)), start=1)}
            matched = [self._elements(requirement, by_clause.get(c.index, []), held_by) for c in clauses]
            hits, given = [m[0] for m in matched], [m[1] for m in matched]
            # A clause outside the best-ranked ones still counts when it shows half of the
            # requirement's telling elements (supporting words like 通知 do not count).
            telling = {k for k, e in enumerate(requirement.elements) if not e.weak}
            strong = max(2, math.ceil(len(telling) / 2))
            pool = [i for i in range(len(clauses)) if hits[i] and (
                requirement.anywhere or rank[i] <= candidates or len(hits[i] & telling) >= strong)]
            if requirement.statement:
                # What an agreement states may come item by item under one heading
                # (一、加工产品 / 1. 产品名称… / 2. 规格…): the items beside a counted one count too.
                headed = {clauses[i].path for i in pool if clauses[i].path}
                pool += [i for i in range(len(clauses)) if hits[i] and i not in pool and clauses[i].path in headed]
            pool.sort(key=lambda i: rank[i])
            out.append(self._finding(requirement, clauses, hits, given, pool, dense,
                                     [v for v in violations if v.rule.requirement == requirement.id]))
        return out

    def _elements(self, requirement: Requirement, sentences: list[tuple[int, str]],
                  held_by: list[frozenset[str]]) -> tuple[set[int], set[int]]:
        """The requirement's elements a clause names (not negated), and those among them it
        gives to a party (a statement's elements and supporting words count as given)."""
        found, given = set(), set()
        for number, element in enumerate(requirement.elements):
            for i, norm in sentences:
                for match in element.pattern.finditer(norm):
                    start, _ = _segment_bounds(norm, match.start(), match.end())
                    if not _ELEMENT_NEGATED.search(norm[start:match.start()]):
                        found.add(number)
                        if requirement.statement or element.weak or held_by[i]:
                            given.add(number)
                        break
                if number in given:
                    break
        return found, given

    def _finding(self, requirement: Requirement, clauses, hits, given, pool, dense,
                 violations: list[Violation]) -> Finding:
        """``hits``/``given``: per clause, the elements named and those given to a party;
        ``violations``: this requirement's, which keep it from covered."""
        elements = requirement.elements
        names = [e.name for e in elements]
        needed = {k for k, e in enumerate(elements) if e.required}
        telling = {k for k, e in enumerate(elements) if not e.weak}
        if requirement.together:
            complete = [i for i in pool if needed <= given[i]]
            # Else the clause giving the most of what tells (技术文件 …), not of the supporting words
            # (清单, 确认) another clause may be full of.
            best = complete[:1] or sorted(
                pool, key=lambda i: (-len(given[i] & telling), -len(given[i]), -len(hits[i])))[:1]
            found, held = (hits[best[0]], given[best[0]]) if best else (set(), set())
            chosen = best + [i for i in pool if i not in best][: MAX_EVIDENCE - 1] if best else []
        else:
            # The clause showing the most of the requirement first, then what it lacks.
            found, held, chosen = set(), set(), []
            for i in sorted(pool, key=lambda i: (-len(given[i]), -len(hits[i]))):
                if not (given[i] <= held and hits[i] <= found):
                    chosen.append(i)
                found |= hits[i]
                held |= given[i]
            chosen = chosen[:MAX_EVIDENCE]
        if needed <= held and not violations:
            status = "covered"
        elif found & telling:
            status = "partial"
        elif len(clauses) and dense.max() >= SEMANTIC_PARTIAL:
            status, chosen = "partial", [int(dense.argmax())]
        else:
            status, chosen = "missing", []
        evidence = tuple(Evidence(clauses[i].text, clauses[i].location) for i in chosen)
        got = tuple(names[k] for k in sorted(held))
        lacking = tuple(n for k, n in enumerate(names) if k not in held and k in needed)
        unassigned = tuple(n for k, n in enumerate(names) if k in found - held and k in needed)
        suggestion = _suggestion(requirement, status, got, lacking, unassigned, violations)
        return Finding(requirement, status, evidence, self._bases(requirement.basis), suggestion, got, lacking,
                       unassigned, tuple(v.rule.id for v in violations))

    def _given_to(self, context: _Context) -> list[frozenset[str]]:
        """Who each sentence gives a duty to (委托方, 受托方, 双方 or a blank 由XX方), or nobody.

        A party holds what a sentence says when the duty annotator reads it as the subject of
        a modal word, 负责 or 由X (:mod:`ingest.duties`, the one modal grammar), or when it
        acts in it: opening a part of the sentence (受托方确保…, 审核：委托方每年对受托方…审核一次)
        or after 由. A sentence without a holder of its own continues the party of the sentence
        before it in the same clause (受托方应当保存…记录。记录保存期限不少于…), or the one the
        clause's heading names (乙方职责); a clause's own heading line (4.1 符合性审核) takes the
        party its body gives the duty to. Definitions (本协议所称…是指…), a heading or caption
        alone, and a clause naming no party (保密期限为本合同终止后两年) give nothing."""
        out: list[frozenset[str]] = []
        clause, carried, headings = None, frozenset(), []
        for i, sentence in enumerate(context.sentences):
            if sentence.clause.index != clause:
                clause, headings = sentence.clause.index, []
                carried = _heading_holder(sentence.clause, context.normalise)
            norm = sentence.norm
            if _DEFINES.search(norm):
                out.append(frozenset())
                continue
            duty = context.reading(i, self.annotator).duty(0, len(norm))
            roles = frozenset()
            if duty is not None and duty.modality != "none":
                roles = frozenset(_CANONICAL[s] for s in duty.subjects if s in _CANONICAL)
            roles = roles or _acting_party(norm, sentence.title) or carried
            if not roles and not sentence.location and not norm.endswith(tuple("。；;！？")):
                headings.append(i)
            elif roles:
                for h in headings:
                    out[h] = roles
                carried, headings = roles, []
            out.append(roles)
        return out

    def _bases(self, ids) -> tuple[Basis, ...]:
        return tuple(self._basis[i] for i in ids)

    # -- violations -----------------------------------------------------------------------

    def _violations(self, context: _Context) -> list[Violation]:
        detectors = {
            "shifted_duty": self._shifted_duty,
            "reentrustment": self._reentrustment,
            "term_limit": self._term_limit,
            "catalog": self._catalog,
            "required_clause": self._required_clause,
        }
        out = []
        for rule in self.library.rules:
            if rule.applies_to and rule.applies_to not in context.features:
                continue
            found = detectors[rule.kind](rule, context)
            out += found[:MAX_PER_RULE] if rule.kind != "catalog" else found
        order = {"error": 0, "warning": 1}
        return sorted(out, key=lambda v: order[v.severity])

    def _violation(self, rule: Rule, sentence: _Sentence, detail: str = "", basis=None) -> Violation:
        return Violation(rule, Evidence(sentence.text, sentence.where),
                         self._bases(basis or rule.basis), rule.suggestion, detail)

    def _flag(self, context: _Context, rule: Rule, index: int, detail: str, out: list,
              span: tuple[int, int] | None = None) -> None:
        if span:
            context.masks.setdefault(index, []).append(span)
        key = (rule.id, context.sentences[index].text)
        if key not in context.flagged:
            context.flagged.add(key)
            out.append(self._violation(rule, context.sentences[index], detail))

    def _shifted_duty(self, rule: Rule, context: _Context) -> list[Violation]:
        out: list[Violation] = []
        for i, sentence in enumerate(context.sentences):
            norm = sentence.norm
            if _heading_only(norm):
                continue
            shifted = False
            reading = context.reading(i, self.annotator)
            for match in rule.topic.finditer(norm, sentence.title):
                if norm[match.start() - 1:match.start()] in ("待", "已") or _OF_GOODS.match(norm, match.end()):
                    continue  # 待上市放行的产品应当单独存放: what the goods await, no duty
                if norm[match.start() - 1:match.start()] == "在" and _SCOPE.match(norm, match.end()):
                    continue  # 在上市放行方面的义务仅限于…: a scope, not the duty
                detail = self._shift(rule, reading, match.start(), match.end())
                if detail:
                    self._flag(context, rule, i, detail, out, match.span())
                    shifted = True
            for pattern in rule.also:
                match = pattern.search(norm, sentence.title)
                if (match and not _PROHIBITED.search(norm[max(0, match.start() - 4):match.end()])
                        and not _HELPS_REGISTRANT.search(match.group(0))):
                    if shifted:
                        # The rest of a shifting sentence (…由受托方负责，受托方获知后直接向监测机构报告)
                        # breaks the same rule: it is no coverage either.
                        context.masks.setdefault(i, []).append(match.span())
                        continue
                    self._flag(context, rule, i, rule.also_detail or rule.title, out, match.span())
                    break
        return out

    def _shift(self, rule: Rule, reading: _Reading, at: int, end: int) -> str:
        """Why the duty named at norm[at:end] is held by the wrong party, or ''."""
        norm = reading.norm
        seg_start, seg_end = _segment_bounds(norm, at, end)
        holders, lead = self._holders(reading, seg_start, at, end, seg_end)
        if not holders:
            return ""
        between = norm[lead:at]
        if re.fullmatch(r"(对|就|关于)(本?产品)?的?", between) and not re.search("负责|承担", norm[end:seg_end]):
            return ""  # 双方对上市放行和生产放行的职责分工如下: about the duty, not doing it
        if _GOES_BY.search(norm[seg_start:at]) and _RECORD_OF.match(norm, end):
            return ""  # 乙方根据甲方的上市放行通知安排发货: acting on a record of the other's release
        if MANUFACTURER in holders:
            if _ASSISTS.search(between) or _AFTER_ASSISTS.search(norm[max(end, lead):seg_end]):
                return ""
            if _PROHIBITED.search(between) or _NEGATED_DUTY.search(between):
                return ""
            if REGISTRANT in holders and not rule.shared_violates:
                return ""
            return "由双方共同承担" if REGISTRANT in holders else "约定由受托方承担"
        if holders == {REGISTRANT} and _NEGATED_DUTY.search(between):
            return "约定委托方不承担该项法定职责"
        return ""

    def _holders(self, reading: _Reading, seg_start: int, at: int, end: int, seg_end: int) -> tuple[set[str], int]:
        """Who holds the duty named at norm[at:end], and where the holder is named
        (the text between there and the duty says whether it is negated or assisted)."""
        norm = reading.norm
        segment_before, after = norm[seg_start:at], norm[end:seg_end]
        delegated = list(_DELEGATES.finditer(segment_before))
        if delegated:  # 委托方委托受托方进行上市放行
            return _roles(delegated[-1].group(3)), seg_start + delegated[-1].end()
        handed = _DELEGATES.search(after)
        if handed:  # 上市放行由委托方授权受托方质量负责人执行; not 上市放行不得委托受托方进行
            if _PROHIBITED.search(after[:handed.start()]) or _NEGATED_DUTY.search(after[:handed.start()]):
                return set(), at
            return _roles(handed.group(3)), end + handed.end()
        labelled = _LABEL_HOLDER.match(norm, end)
        if labelled:  # 上市放行：受托方；不良事件监测：受托方负责
            return _roles(labelled.group(2)), at
        passive = re.search(f"(不|不再|并非|不是|非)?由({_PARTY.pattern})", segment_before + after)
        if passive:  # 由受托方承担不良事件监测的全部责任 / 上市放行由受托方负责
            if passive.group(1):
                return set(), at  # 上市放行不由受托方负责
            inside = passive.end() <= len(segment_before)
            return _roles(passive.group(2)), seg_start + passive.end() if inside else at
        near = _NEAR_PARTY.search(segment_before)
        if near:  # 受托方应当在委托方完成上市放行后发货: the party right before the duty does it
            return _roles(near.group(1)), seg_start + near.end(1)
        following = _NEXT_HOLDER.match(norm, seg_end)
        if following:  # …发生的不良事件，由受托方负责监测并报告
            rest = norm[following.end():_segment_bounds(norm, following.end(), following.end())[1]]
            if not (_ASSISTS.search(rest) or _PROHIBITED.search(rest) or _NEGATED_DUTY.search(rest)):
                return _roles(following.group(1)), at
        # A segment without a subject continues the one before it (受托方完成生产放行后，
        # 可直接进行上市放行), so the region grows back a segment at a time.
        start = seg_start
        while True:
            duty = reading.duty(start, seg_end)
            if duty is None:  # the sentence's budget is spent
                return set(), at
            roles = {_CANONICAL[s] for s in duty.subjects if s in _CANONICAL}
            if duty.modality != "none" and roles:
                return roles, _last_mention(norm, start, at, roles)
            subject = _subject_mention(norm, start, at)
            if subject:
                return _roles(subject.group(0)), subject.end()
            if start == 0:
                return set(), at
            start = _segment_bounds(norm, start - 1, start - 1)[0]

    def _reentrustment(self, rule: Rule, context: _Context) -> list[Violation]:
        out: list[Violation] = []
        for i, sentence in enumerate(context.sentences):
            norm = sentence.norm
            match = rule.topic.search(norm, sentence.title)
            if not match or _heading_only(norm):
                continue
            seg_start, seg_end = _segment_bounds(norm, match.start(), match.end())
            if rule.exempt and rule.exempt.search(norm[seg_start:seg_end]):
                continue
            if _REGISTRANT_ENTRUSTS.match(norm, seg_start):
                continue  # 委托方可以委托其他企业生产: the registrant may entrust more than one manufacturer
            forbidden = rule.prohibition.search(norm[:match.end()]) or re.match(r"^(再次)?不", norm[match.start() - 1:])
            if forbidden:
                # 除前款约定的工序外，不得转委托: an exception for a process step (外协加工, bought in
                # under purchasing control) allows no re-entrustment; 未经委托方同意 / 除经同意外 does.
                # The exception's whole part of the sentence says what it is for (但经批准的外协工序除外).
                conditions = [c for c in rule.condition.finditer(norm) if not _EVEN_IF.search(norm[:c.start()])] \
                    if rule.condition else ()
                if any(not (rule.exempt and rule.exempt.search(norm[slice(*_segment_bounds(norm, c.start(), c.end()))]))
                       for c in conditions):
                    self._flag(context, rule, i, "以委托方同意为条件允许转委托，仍属再次委托", out)
                continue
            self._flag(context, rule, i, "允许受托方再次委托生产", out)
        return out

    def _term_limit(self, rule: Rule, context: _Context) -> list[Violation]:
        out: list[Violation] = []
        caps = self._capped_clauses(context)
        cert_end = None
        for sentence in context.sentences:
            for match in _CERT_END.finditer(sentence.norm):
                end = _date(*match.groups()[-3:])
                if end and (cert_end is None or end < cert_end):
                    cert_end = end
        for i, sentence in enumerate(context.sentences):
            norm = sentence.norm
            about_term = _ABOUT_TERM.search(norm) or any(_ABOUT_TERM.search(p) for p in sentence.clause.path)
            if rule.not_bound and rule.not_bound.search(norm):
                self._flag(context, rule, i, "约定协议期限不受注册证或生产许可证有效期限制", out)
                continue
            capped = sentence.clause.index in caps
            if rule.unlimited and rule.unlimited.search(norm) and re.search("协议|合同", norm) and not capped:
                self._flag(context, rule, i, "协议未设期限（长期有效）", out)
                continue
            for match in _TERM_YEARS.finditer(norm):
                if (_NOT_AGREEMENT_TERM.search(norm[:match.start()]) or _AFTER_END.search(norm[:match.start()])
                        or not about_term or capped):
                    continue
                years = _years(match.group(3))
                if years and years > rule.max_years:
                    self._flag(context, rule, i, f"协议有效期{years}年，超过注册证和生产许可证的有效期（{rule.max_years}年）", out)
                    break
            else:
                for match in _TERM_UNTIL.finditer(norm):
                    # 有效期至2031年12月31日 in a sentence about the agreement, not a certificate.
                    if _CERTIFICATE.search(norm[:match.start()]) or capped:
                        continue
                    end = _date(*match.groups()[-3:])
                    begin = _TERM_FROM.search(norm[:match.start()])
                    start = _date(*begin.groups()) if begin else None
                    if end and start and (end - start).days > rule.max_years * 365 + 2:
                        self._flag(context, rule, i, f"协议期限自{start}至{end}，超过{rule.max_years}年", out)
                    elif end and cert_end and end > cert_end:
                        self._flag(context, rule, i, f"协议期满日{end}晚于证件有效期届满日{cert_end}", out)
                    elif end and not (start or cert_end) and (end - dt.date.today()).days > rule.max_years * 365 + 2:
                        # A certificate valid today expires within its five years of today.
                        self._flag(context, rule, i, f"协议期满日{end}晚于任何现行证件的有效期（自今日起不超过"
                                                     f"{rule.max_years}年）", out)
                for match in _DATE_RANGE.finditer(norm):
                    start, end = _date(*match.group(1, 2, 3)), _date(*match.group(5, 6, 7))
                    if not (start and end) or capped:
                        continue
                    if (end - start).days > rule.max_years * 365 + 2:
                        self._flag(context, rule, i, f"协议期限自{start}至{end}，超过{rule.max_years}年", out)
                    elif cert_end and end > cert_end and not _CERT_END.search(norm):
                        self._flag(context, rule, i, f"协议期满日{end}晚于证件有效期届满日{cert_end}", out)
        return out

    def _capped_clauses(self, context: _Context) -> set[int]:
        """Clauses that tie the term to the certificates (不超过注册证有效期…)."""
        try:
            cap = self.library.requirement("term-within-certificates").elements[0].pattern
        except KeyError:
            return set()
        return {s.clause.index for s in context.sentences if cap.search(s.norm)}

    def _catalog(self, rule: Rule, context: _Context) -> list[Violation]:
        out: list[Violation] = []
        for entry in rule.entries:
            for i, sentence in enumerate(context.sentences):
                if not entry.pattern.search(sentence.norm):
                    continue
                if entry.unless and entry.unless.search(sentence.norm):
                    continue
                if _NOT_THE_PRODUCT.search(sentence.norm):
                    continue
                out.append(self._violation(rule, sentence, f"{entry.name}列入《禁止委托生产医疗器械目录》",
                                           basis=(*entry.basis, *rule.basis)))
                break
        return out

    def _required_clause(self, rule: Rule, context: _Context) -> list[Violation]:
        for sentence in context.sentences:
            match = rule.pattern.search(sentence.norm)
            if match and not re.search(r"(不|无需|无须|未)[^。；，]{0,3}$", sentence.norm[:match.start()]):
                return []
        where = context.features.get(rule.applies_to)
        return [self._violation(rule, where, "植入性医疗器械委托生产，协议未约定派驻人员")] if where else []


def _last_mention(norm: str, start: int, at: int, roles: set[str]) -> int:
    """Where the last of ``roles`` is named before the duty."""
    ends = [m.end() for m in _PARTY.finditer(norm, start, at) if _roles(m.group(0)) & roles]
    return ends[-1] if ends else start


def _subject_mention(norm: str, start: int, at: int):
    """A party opening a segment (受托方完成…, 并由双方…), not one in object position (对受托方…)."""
    found = None
    for mention in _PARTY.finditer(norm, start, at):
        lead = norm[_segment_bounds(norm, mention.start(), mention.start())[0]:mention.start()]
        if _SUBJECT_LEAD.fullmatch(lead):
            found = mention
    return found


def _heading_holder(clause: AgreementClause, normalise) -> frozenset[str]:
    """The one party a clause's headings name (乙方的职责 -> 受托方), if any."""
    for heading in reversed(clause.path):
        named = {m.group(0) for m in _PARTY.finditer(normalise(heading))}
        if len(named) == 1:
            return frozenset(_roles(named.pop()))
    return frozenset()


def _acting_party(norm: str, title: int = 0) -> frozenset[str]:
    """The first party acting in a sentence with no modal word: opening a part of it (after a
    label such as 采购：, or after the clause's run-in title, ``title`` characters) or after 由,
    and not merely named (受托方：某公司, 受托方为…)."""
    for mention in _HOLDER.finditer(norm, title):
        lead = norm[max(title, _segment_bounds(norm, mention.start(), mention.start())[0]):mention.start()]
        if (_SUBJECT_LEAD.fullmatch(lead) or lead.endswith("由")) and not _NOT_ACTING.match(norm, mention.end()):
            word = mention.group(0)
            return frozenset(_roles(word) if _PARTY.fullmatch(word) else {word})
    return frozenset()


def _masked(norm: str, spans: list[tuple[int, int]] | None) -> str:
    for start, end in spans or ():
        norm = norm[:start] + "□" * (end - start) + norm[end:]
    return norm


def _roles(word: str) -> set[str]:
    return {REGISTRANT, MANUFACTURER} if word == "双方" else {word}


def _years(number: str) -> int | None:
    if number.isdigit():
        return int(number)
    try:
        return cn_to_int(number.replace("两", "二"))
    except (ValueError, KeyError):
        return None


def _date(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _suggestion(requirement: Requirement, status: str, found: tuple[str, ...], lacking: tuple[str, ...],
                unassigned: tuple[str, ...] = (), violations: Sequence[Violation] = ()) -> str:
    """What to add or change; a partial finding says what is agreed, what is not, which
    elements are named without a party to do them, and which violation keeps it from covered."""
    if status == "covered":
        return ""
    if status == "missing":
        return requirement.suggestion
    why = "".join(f"{v.evidence.location}：{v.detail or v.rule.title}（{v.rule.title}），不能作为本项的约定；"
                  for v in violations[:1])
    if not lacking:
        return f"{why}建议{violations[0].rule.suggestion}" if violations else requirement.suggestion
    missing = "、".join(f"{n}（协议提到，但未约定由哪一方负责）" if n in unassigned else n for n in lacking)
    if found:
        return f"{why}已约定：{'、'.join(found)}；未见：{missing}。建议补充：{requirement.suggestion}"
    return f"{why}协议中有相近内容，但未见：{missing}。建议核对并补充：{requirement.suggestion}"
