"""Duty annotation: for each sentence of a clause, which parties it names, what kind of
rule it states (应当 / 不得 / 可以 / 鼓励 / 原则上) and which party holds the duty.

Rule-based on purpose: the wordings of Chinese regulations are regular enough that a
small set of patterns, checked against a hand-labelled fixture, is both accurate and
explainable. Party wordings live in ``data/parties.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ingest.grammar import DEFAULT_RULE, MODAL, QUOTED_TITLE
from ingest.records import Clause, Duty

DATA_DIR = Path(__file__).parent / "data"

MODALITIES = ("obligation", "prohibition", "permission", "recommendation", "default_rule", "none")

# The duty layer's names for the grammar's modalities; 无需/不需要 state no duty at all.
DUTY_KIND = {"must": "obligation", "must_not": "prohibition", "may": "permission",
              "encouraged": "recommendation", "default_rule": "default_rule"}
_NUMBERING = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百零〇]+条|[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、"
    r"|\d+(?:\.\d+)*[.．、]?)\s*"
)
_SENTENCE = re.compile(r"[^。！？；\n]+[。！？；]?")
_SEGMENT_BREAK = "，,：:"
_CONJUNCTION = re.compile(r"^(?:和|、|及|以及|与|或者|或|、以及)$")
_ABBREVIATION = re.compile(r"[（(]以下简称[“\"]([^”\"（）()]{2,16})[”\"][）)]")
_SEGMENT_LEAD = re.compile(r"^(?:各|由|凡|同时|并|且|其|以及|对于|如|当|则|本省|本市|本区)?$")

# The bureau of a party's place (委托方所在地省局, 代工厂所在地的药监部门; a question says 代工厂那边的省局,
# 注册人这边的药监局), whatever word names the party, and one bureau word said for two places
# (注册人所在地与受托企业所在地的省局).
_PLACE_BUREAU = {"注册人/备案人": "注册人所在地省级药监部门", "受托生产企业": "受托生产企业所在地省级药监部门"}
_BUREAU_AFTER = re.compile(r"(?:所在地|那边|这边)(?:的)?(?:省、自治区、直辖市|省级)?"
                           r"(?:药品监督管理部门|药品监管部门|药监部门|药监局|省局|监管部门)")
_PLACE_AND = re.compile(r"所在地(?:的)?(?:和|与|及|以及|、|跟)")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    parties: tuple[str, ...]


class PartyLexicon:
    """Finds party wordings in text and maps them to canonical names."""

    def __init__(self, path: Path = DATA_DIR / "parties.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.names: tuple[str, ...] = tuple(data["parties"])
        rules: list[tuple[re.Pattern, tuple[str, ...]]] = []
        for name, patterns in data["parties"].items():
            rules += [(re.compile(p), (name,)) for p in patterns]
        for entry in data.get("combined", []):
            rules.append((re.compile(entry["pattern"]), tuple(entry["expands_to"])))
        self._rules = rules

    def with_terms(self, terms: dict[str, str | tuple[str, ...]]) -> PartyLexicon:
        """A copy in which the given words name the given canonical parties (one or several)."""
        clone = object.__new__(PartyLexicon)
        clone.names = self.names
        clone._rules = [(re.compile(re.escape(word)), (party,) if isinstance(party, str) else tuple(party))
                        for word, party in terms.items()] + self._rules
        return clone

    def defined_terms(self, text: str) -> dict[str, tuple[str, ...]]:
        """Abbreviations a text defines for parties: 医疗器械注册人、备案人、受托生产企业（以下简称
        “生产企业”） makes 生产企业 mean all three in that document."""
        terms: dict[str, tuple[str, ...]] = {}
        for match in _ABBREVIATION.finditer(text):
            word = match.group(1)
            window = text[max(0, match.start() - 80):match.start()]
            mentions = self.mentions(window)
            if not mentions or mentions[-1].end != len(window):
                continue
            parties = with_conjuncts(window, mentions, mentions[-1])
            own = self.mentions(word)
            if not (own and own[0].start == 0 and own[0].end == len(word) and own[0].parties == parties):
                terms[word] = parties
        return terms

    def mentions(self, text: str) -> list[Mention]:
        found = [Mention(m.start(), m.end(), parties)
                 for pattern, parties in self._rules for m in pattern.finditer(text) if m.end() > m.start()]
        # Leftmost-longest, no overlaps.
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        chosen: list[Mention] = []
        for mention in found:
            if chosen and mention.start < chosen[-1].end:
                continue
            chosen.append(mention)
        return _place_bureaus(text, chosen)


def _place_bureaus(text: str, mentions: list[Mention]) -> list[Mention]:
    """A party followed by 所在地…省局 names that party's bureau; in 注册人所在地与受托企业所在地的省局
    the bureau word after the second place is the first place's too."""
    out: list[Mention] = []
    for i, mention in enumerate(mentions):
        if out and mention.start < out[-1].end:
            continue  # inside a bureau already read
        bureau = _PLACE_BUREAU.get(mention.parties[0]) if len(mention.parties) == 1 else None
        own = _BUREAU_AFTER.match(text, mention.end) if bureau else None
        if own:
            out.append(Mention(mention.start, own.end(), (bureau,)))
            continue
        joined = _PLACE_AND.match(text, mention.end) if bureau else None
        partner = mentions[i + 1] if joined and i + 1 < len(mentions) else None
        if partner is None or partner.start != joined.end() or len(partner.parties) != 1:
            out.append(mention)
            continue
        if partner.parties[0] in _PLACE_BUREAU.values():  # …和受托方所在地省局: read whole already
            out.append(Mention(mention.start, joined.end(), (bureau,)))
            continue
        other = _PLACE_BUREAU.get(partner.parties[0])
        shared = _BUREAU_AFTER.match(text, partner.end) if other else None
        if shared:
            out.append(Mention(mention.start, joined.end(), (bureau,)))
            out.append(Mention(partner.start, shared.end(), (other,)))
            continue
        out.append(mention)
    return out


class DutyAnnotator:
    """Annotates clauses sentence by sentence."""

    def __init__(self, lexicon: PartyLexicon | None = None):
        self.lexicon = lexicon or PartyLexicon()

    def annotate(self, clause: Clause, default_subjects: tuple[str, ...] = ()) -> Clause:
        """Annotate every sentence. ``default_subjects`` is who a bare instruction is
        addressed to when no heading says so (the issuing bureau of a work plan)."""
        if not clause.normative:
            return clause
        implied = self.heading_party(clause.path) or default_subjects
        duties, carried, lead_in = [], (), ()
        for match in _SENTENCE.finditer(clause.text):
            raw = match.group(0)
            # The numbering (（八）, 1.1.5, 第三十四条) is not part of the sentence.
            line_start = match.start() == 0 or clause.text[match.start() - 1] == "\n"
            lead = _NUMBERING.match(raw) if line_start else None
            sentence = (raw[lead.end():] if lead else raw).strip()
            if not sentence:
                continue
            duty = self.annotate_sentence(sentence, carried or implied, implied=implied)
            if lead_in and _starts_with_party(self.lexicon.mentions(sentence)):
                lead_in = ()
            if lead_in and (duty.modality == "none" or not duty.subjects):
                # An item under a lead-in (省级药监部门负责以下工作：（一）…；（二）…) is the
                # lead-in party's duty.
                duty = Duty(sentence, 0, _unique(duty.parties + lead_in), lead_in, "obligation")
            duties.append(Duty(sentence, match.start() + raw.index(sentence),
                               duty.parties, duty.subjects, duty.modality))
            if duty.subjects and duty.modality != "none":
                carried = duty.subjects
            if sentence.endswith(("：", ":")):
                lead_in = duty.subjects if duty.modality in ("obligation", "default_rule") else ()
            elif sentence.endswith("。"):
                lead_in = ()
        return clause.with_duties(tuple(duties))

    def _bare_verb_subjects(self, sentence: str, hits) -> tuple[str, ...]:
        """省局组织…，各市…负责…: a segment with no modal word can still give a duty."""
        out: tuple[str, ...] = ()
        for a, b in _segments(sentence):
            if any(a <= at < b for _, at, _ in hits):
                continue
            part = sentence[a:b]
            # …的 / …时 segments are conditions (由受托生产企业实施质量检验的), not duties.
            if part.rstrip().endswith(("的", "时", "后", "前")):
                continue
            out += _acting_subject(part, self.lexicon.mentions(part))
        return out

    def for_document(self, meta: dict, text: str = "") -> DutyAnnotator:
        """A document may define a party its own way: by an abbreviation in its text
        (（以下简称“生产企业”）), or by front matter `party_terms` where the meaning comes from
        elsewhere (召回管理办法: under the 2021 条例 its 医疗器械生产企业 is the registrant)."""
        terms = {**self.lexicon.defined_terms(text), **(meta.get("party_terms") or {})}
        return DutyAnnotator(self.lexicon.with_terms(terms)) if terms else self

    def addressed_to(self, meta: dict) -> tuple[str, ...]:
        """In a district or city work plan a bare instruction is addressed to the issuing
        bureau's own units (各科所, 各单位), i.e. the issuer."""
        if meta.get("level") not in ("district", "municipal"):
            return ()
        mentions = self.lexicon.mentions(str(meta.get("issuer", "")))
        return mentions[-1].parties if mentions else ()

    def assigned(self, sentence: str) -> tuple[str, ...]:
        """Parties a sentence assigns a task with 由X / 明确X承担 (whatever its modality)."""
        return _assignments(sentence, self.lexicon.mentions(sentence))

    def heading_party(self, path: tuple[str, ...]) -> tuple[str, ...]:
        """A heading such as '1.1医疗器械注册人' gives the subject of the items below it."""
        for heading in reversed(path):
            bare = re.sub(r"^[\d.\s]+|^[（(]?[一二三四五六七八九十]+[）)、]", "", heading).strip()
            mentions = self.lexicon.mentions(bare)
            if len(mentions) == 1 and mentions[0].start == 0 and mentions[0].end >= len(bare) - 2:
                return mentions[0].parties
        return ()

    def annotate_sentence(self, sentence: str, fallback: tuple[str, ...] = (),
                          implied: tuple[str, ...] = ()) -> Duty:
        """``fallback``: the subject carried from the previous sentence or implied by a
        heading; ``implied``: a heading/addressee subject that makes a bare instruction
        (负责产品上市放行 under '1.1医疗器械注册人') an obligation."""
        mentions = self.lexicon.mentions(sentence)
        parties = _unique(p for m in mentions for p in m.parties)
        assigned = _assignments(sentence, mentions)
        hits = _modal_hits(sentence, mentions)
        if not hits:
            if assigned:
                return Duty(sentence, 0, parties, assigned, "obligation")
            if _descriptive(sentence):
                return Duty(sentence, 0, parties, (), "none")
            # Rules often state a duty with a bare verb: 国家药品监督管理局建立……监测信息系统.
            acting = _acting_subject(sentence, mentions)
            if acting:
                return Duty(sentence, 0, parties, acting, "obligation")
            if implied and not _starts_with_party(mentions):
                return Duty(sentence, 0, _unique(implied + parties), implied, "obligation")
            # A follow-on instruction with no subject of its own (…；对生产重点监管产品目录品种的企业
            # 每年至少检查一次) continues the previous sentence's duty holder.
            # Parties it names there are objects (对中选品种配送单位实施重点监管), not subjects.
            if fallback and _CONTINUES.match(sentence):
                return Duty(sentence, 0, fallback, fallback, "obligation")
            return Duty(sentence, 0, parties, (), "none")
        kind = _main_kind(sentence, hits)
        subjects: tuple[str, ...] = ()
        for i, (hit_kind, at, end) in enumerate(hits):
            if hit_kind == kind or (kind == "default_rule" and hit_kind in ("obligation", "prohibition")):
                own = _subjects(sentence, mentions, hit_kind, at, end)
                if not own and not i and fallback and not _starts_with_party(mentions):
                    # 记录应当永久保存，医疗机构应当…: the opening duty still belongs to the
                    # party carried from before; the later one names its own.
                    own = fallback
                subjects += own
        if kind in ("obligation", "default_rule"):
            subjects += assigned
            subjects += self._bare_verb_subjects(sentence, hits)
        subjects = _unique(subjects) or fallback
        return Duty(sentence, 0, _unique(parties + subjects), subjects, kind)


def _segments(sentence: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for i, ch in enumerate(sentence):
        if ch in _SEGMENT_BREAK + "；。":
            out.append((start, i))
            start = i + 1
    out.append((start, len(sentence)))
    return [(a, b) for a, b in out if b > a]


def _modal_hits(sentence: str, mentions: list[Mention]) -> list[tuple[str, int, int]]:
    """Modal words outside party names (监督管理 inside a party is not a modal) and quoted titles."""
    inside = [(m.start, m.end) for m in mentions] + [t.span() for t in QUOTED_TITLE.finditer(sentence)]
    return [(DUTY_KIND[m.lastgroup], m.start(), m.end()) for m in MODAL.finditer(sentence)
            if m.lastgroup in DUTY_KIND and not any(a <= m.start() < b for a, b in inside)]


def _main_kind(sentence: str, hits: list[tuple[str, int, int]]) -> str:
    """原则上应当 makes a default rule; otherwise the first modal word outside a condition
    governs: a sentence opening with a condition (受托生产企业生产范围可以涵盖…，不涉及…变更的，
    …应当提交) is ruled by what follows it."""
    if DEFAULT_RULE.search(sentence):
        return "default_rule"
    first = _CONDITION_END.search(sentence)
    condition_end = first.end() if first else 0
    if any(at >= condition_end for _, at, _ in hits):
        hits = [h for h in hits if h[1] >= condition_end]
    kinds = [h[0] for h in hits if h[0] != "default_rule"]
    return kinds[0] if kinds else "none"


# The end of an opening condition: a segment closing with 的 or 时 (…不涉及生产许可证变更的，), or one opening with
# 对于 (对于不能有效履职的管理者代表，企业负责人应当…: its 不能 is the case, not a ban).
_CONDITION_END = re.compile(r"(?:的|时)[，,]|^对于[^，,。；]{1,40}[，,]")


def _assignments(sentence: str, mentions: list[Mention]) -> tuple[str, ...]:
    """由X负责 / 由X进行: X is given the task, unless 由X ... is a relative clause
    (由注册人采购并提供给受托生产企业的物料)."""
    out: tuple[str, ...] = ()
    for m in mentions:
        if m.start and sentence[m.start - 1] == "由" and not _relative(sentence, m):
            out += m.parties
        # 进口医疗器械注册人、备案人由其代理人向…提交: the party acting through its agent holds the duty.
        elif _THROUGH_AGENT.match(sentence[m.end:]):
            out += m.parties
        # 《质量协议》应当明确委托方承担不良事件监测的职责: the duty is the 委托方's.
        elif sentence[max(0, m.start - 2):m.start] in ("明确", "规定", "约定") and _BEARS.match(sentence[m.end:]):
            out += m.parties
        # 接受国家药品监督管理局组织的境外检查: the one who organises it holds that duty (only
        # after 接受/配合/参加: 医疗保障部门组织的集中带量采购 merely describes the purchase).
        elif _ORGANISES.match(sentence[m.end:]) and sentence[max(0, m.start - 2):m.start] in ("接受", "配合", "参加", "参与"):
            out += m.parties
    return _unique(out)


_BEARS = re.compile(r"^(?:承担|负责|履行|实施|完成)")
_THROUGH_AGENT = re.compile(r"^由其(?:指定的)?[\u4e00-\u9fff]{0,8}?(?:代理人|企业法人)向")
_ORGANISES = re.compile(r"^(?:依法)?(?:组织|实施|开展|牵头)(?:开展|实施)?的")


def _relative(sentence: str, mention: Mention) -> bool:
    # 从事第二类医疗器械经营的，由经营企业向…的部门备案: a 由X opening the part after a case (…的，) assigns the task,
    # whatever 的 its object holds.
    if _CASE_BEFORE.search(sentence[:mention.start - 1]):
        return False
    rest = re.split(f"[{_SEGMENT_BREAK}]", sentence[mention.end:], maxsplit=1)[0]
    # 由委托方按照注册备案管理的规定办理: 的 inside 按照…的规定 modifies the rule, not 由X.
    rest = _BY_RULE.sub("", rest)
    return "的" in rest


_BY_RULE = re.compile(r"(?:按照|依照|根据|依据)[^，,。；]*?的(?:规定|要求|程序|标准)")
_CASE_BEFORE = re.compile(r"(?:的|时)[，,]$")


_GOVERNED = re.compile(r"(按照|依照|根据|依据|遵照|经|应|凭)$")
_CONTINUES = re.compile(r"^(?:对|组织|每|定期|并|同时|及时|按照|依法|督促|加强)")
_ACTION = re.compile(r"^(?:依法|及时|持续|统一|定期|组织|负责|建立|制定|开展|实施|会同|加强|推进|对|将|按照|根据|在|向|"
                     r"督促|指导|监督|承担|履行|落实|做好|完善|收集|汇总|公布|发布|通报|报告|审核|核查|检查|调查|处理|"
                     r"确定|编制|评估|出具|提交|设立|配备|保存|管理|接收|受理|作出|采取|协调|参与|配合|支持)")


def _acting_subject(sentence: str, mentions: list[Mention]) -> tuple[str, ...]:
    """X建立/负责/组织…: a party opening the sentence and followed by an action verb."""
    if not mentions or mentions[0].start > 1:
        return ()
    head = mentions[0]
    group = with_conjuncts_forward(sentence, mentions, head)
    last = group[-1]
    rest = sentence[last.end:]
    if rest.startswith(("的", "是", "、", "和", "与", "及", "或")) or not _ACTION.match(rest):
        return ()
    return _unique(p for m in group for p in m.parties)


def with_conjuncts_forward(sentence: str, mentions: list[Mention], head: Mention,
                           conjunction: re.Pattern = _CONJUNCTION) -> list[Mention]:
    """The head and the mentions coordinated after it (注册人和受托生产企业…)."""
    group = [head]
    for nxt in mentions[mentions.index(head) + 1:]:
        if conjunction.match(sentence[group[-1].end:nxt.start]):
            group.append(nxt)
        else:
            break
    return group


def _starts_with_party(mentions: list[Mention]) -> bool:
    return bool(mentions) and mentions[0].start == 0


def _descriptive(sentence: str) -> bool:
    """Definitions and scope notes state no duty."""
    return bool(re.search(r"是指|指的是|包括|包含|涵盖|适用于|不适用|^本(指南|办法|规定|公告|意见)|[：:]$", sentence))


def _subjects(sentence: str, mentions: list[Mention], kind: str, at: int, end: int) -> tuple[str, ...]:
    # 鼓励注册人自行生产: the encouraged party follows the word.
    if kind == "recommendation":
        after = [m for m in mentions if end <= m.start <= end + 2]
        if after:
            return after[0].parties
    seg_start, seg_end = _segment_start(sentence, at), _segment_end(sentence, end)
    # Passive, in the modal's own segment: 产品上市放行应当由注册人自行完成.
    for m in mentions:
        if seg_start <= m.start < seg_end and sentence[m.start - 1] == "由" and not _relative(sentence, m):
            return with_conjuncts(sentence, mentions, m)
    # Nearest subject-position mention before the modal word.
    candidates = [m for m in mentions if m.end <= at and _subject_position(sentence, m, at)]
    if candidates:
        return with_conjuncts(sentence, mentions, candidates[-1])
    return ()


def _segment_start(sentence: str, at: int) -> int:
    return max(sentence.rfind(ch, 0, at) for ch in _SEGMENT_BREAK) + 1


def _segment_end(sentence: str, at: int) -> int:
    ends = [i for i in (sentence.find(ch, at) for ch in _SEGMENT_BREAK) if i >= 0]
    return min(ends, default=len(sentence))


def _subject_position(sentence: str, mention: Mention, at: int) -> bool:
    """A party is a subject where it opens a segment or stands right before the modal."""
    start = _segment_start(sentence, mention.start)
    lead = sentence[start:mention.start].strip()
    if _SEGMENT_LEAD.match(lead):
        return True
    if _GOVERNED.search(lead):
        return False  # 受托方按照委托方要求负责…: the party after a preposition is its object
    between = sentence[mention.end:at]
    return len(between) <= 6 and not any(ch in between for ch in _SEGMENT_BREAK + "的对向将把")


def with_conjuncts(sentence: str, mentions: list[Mention], head: Mention) -> tuple[str, ...]:
    """注册人和受托生产企业应当 ... -> both parties (coordinated on either side of the head)."""
    group = [head]
    index = mentions.index(head)
    for prev in reversed(mentions[:index]):
        if _CONJUNCTION.match(sentence[prev.end:group[0].start]):
            group.insert(0, prev)
        else:
            break
    group = group[:-1] + with_conjuncts_forward(sentence, mentions, head)
    return _unique(p for m in group for p in m.parties)


def _unique(items) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
