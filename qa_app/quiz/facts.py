"""The corpus as a set of duty facts, for making and checking quiz items.

A fact is one annotated sentence: who it names, who holds the duty and how (应当 / 不得 /
可以). The question both the generator and the checker keep asking is "does party P hold
this duty anywhere in the corpus?" - a distractor, a swapped party or a flipped modality is
only used when the answer is no. Sentences are compared by their character bigrams once
party names, modal words and punctuation are removed (bigrams suit Chinese, which has no
spaces, and need no model).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from ingest.duties import DUTY_KIND, PartyLexicon
from ingest.grammar import CONDITION_PART, DEFAULT_RULE, MODAL
from ingest.records import Clause

# How a canonical party reads in an exam option or a rewritten statement.
PARTY_LABELS = {
    "注册人/备案人": "医疗器械注册人、备案人",
    "受托生产企业": "受托生产企业",
    "注册人所在地省级药监部门": "注册人所在地省级药品监督管理部门",
    "受托生产企业所在地省级药监部门": "受托生产企业所在地省级药品监督管理部门",
    "省级药监部门": "省级药品监督管理部门",
    "国家药监局": "国家药品监督管理局",
    "市县级市场监管部门": "设区的市级、县级负责药品监督管理的部门",
    "药品监管部门": "药品监督管理部门",
    "不良事件监测机构": "医疗器械不良事件监测技术机构",
    "检验机构": "医疗器械检验机构",
    "经营企业": "医疗器械经营企业",
    "使用单位": "医疗器械使用单位",
    "中选企业": "中选企业",
    "生产企业": "医疗器械生产企业",
}
# 其他政府部门 lumps 卫生健康、医保、公安 together: too vague to be a key or a distractor.
USABLE_PARTIES = tuple(PARTY_LABELS)
REGISTRANT = "注册人/备案人"
# How an option names the registrant when the text names only one of the two (2024年第38号公告
# speaks of 注册人 alone): the option follows the text, see FactBase.party_label.
REGISTRANT_ONLY = "医疗器械注册人"
FILER_ONLY = "医疗器械备案人"
# How a key names any other party when the text's own word for it is narrower than its
# PARTY_LABELS label: (pattern on the text's word, label), first match wins, no match keeps the
# label. 经营办法第六十条 gives the 信用档案 to 设区的市级 bureaus alone: the key must not add 县级.
WORDED_LABELS: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    "市县级市场监管部门": (
        (re.compile(r"设区的市级、县级"), PARTY_LABELS["市县级市场监管部门"]),
        (re.compile(r"设区的市级"), "设区的市级负责药品监督管理的部门"),
        (re.compile(r"^县级"), "县级负责药品监督管理的部门"),
    ),
    "省级药监部门": ((re.compile(r"^省、自治区、直辖市"), "省、自治区、直辖市药品监督管理部门"),),
    "使用单位": ((re.compile(r"^医疗机构$"), "医疗机构"),),
    "经营企业": ((re.compile(r"^配送企业$"), "配送企业"),),
}
# 委托方 / 受托方 name the registrant and the contract manufacturer only where their document
# defines them so (委托生产质量协议编制指南: 医疗器械注册人、备案人（以下称“委托方”）); elsewhere (GMP
# 第一百一十条) a key keeps the text's own word.
CLIENT, CONTRACTOR = "委托方", "受托方"
LABEL_PARTY = {**{label: party for party, label in PARTY_LABELS.items()},
               **{label: party for party, rules in WORDED_LABELS.items() for _, label in rules},
               REGISTRANT_ONLY: REGISTRANT, FILER_ONLY: REGISTRANT, CLIENT: REGISTRANT, CONTRACTOR: "受托生产企业"}

FAMILY = {
    "注册人/备案人": "industry", "受托生产企业": "industry", "经营企业": "industry",
    "使用单位": "industry", "中选企业": "industry", "生产企业": "industry",
    "注册人所在地省级药监部门": "regulator", "受托生产企业所在地省级药监部门": "regulator",
    "省级药监部门": "regulator", "国家药监局": "regulator", "市县级市场监管部门": "regulator",
    "药品监管部门": "regulator",
    "不良事件监测机构": "institution", "检验机构": "institution",
}

# Parties that include one another: 药品监督管理部门 covers every level, a 省级 bureau is
# also the 注册人所在地 bureau of its registrants, a 生产企业 may be the registrant or the
# contract manufacturer. Never a distractor for one another: both could be right.
_CONTAINS = {
    "药品监管部门": ("国家药监局", "省级药监部门", "注册人所在地省级药监部门",
                 "受托生产企业所在地省级药监部门", "市县级市场监管部门"),
    "省级药监部门": ("注册人所在地省级药监部门", "受托生产企业所在地省级药监部门"),
    "生产企业": ("注册人/备案人", "受托生产企业", "中选企业"),
    "中选企业": ("注册人/备案人",),
}

# The confusions an exam wants to test, most tempting first.
TWINS = {
    "注册人/备案人": ("受托生产企业", "生产企业"),
    "受托生产企业": ("注册人/备案人",),
    "注册人所在地省级药监部门": ("受托生产企业所在地省级药监部门",),
    "受托生产企业所在地省级药监部门": ("注册人所在地省级药监部门",),
    "国家药监局": ("省级药监部门",),
    "省级药监部门": ("国家药监局", "市县级市场监管部门"),
    "市县级市场监管部门": ("省级药监部门",),
    "经营企业": ("使用单位",),
    "使用单位": ("经营企业",),
    "不良事件监测机构": ("检验机构",),
    "检验机构": ("不良事件监测机构",),
}

# The modal words of the one grammar: where a rule starts, and what "how strongly" is when a
# sentence is compared by what it says (qa_app.quiz.generate reads this name too).
MODAL_WORDS = MODAL
_PUNCT = re.compile(r"[\s，。；：、,.;:！？!?“”\"'《》（）()【】\[\]<>/|*#\-—…0-9０-９]")
_FILLER = re.compile(r"[的和及与等并或其在对]")
# Markup, template placeholders (XXX), and a space between Chinese characters (left where a
# heading label such as "（体系文件） " ran into the text).
_DEBRIS = re.compile(r"[|#*_<>\[\]{}\\]|(?<![A-Za-z])X{1,3}(?![A-Za-z])|×××|ＸＸＸ|\n|\t|\s{2,}"
                     r"|(?<=[\u4e00-\u9fff）)，。；：])[ \u3000](?=[\u4e00-\u9fff（(])")
# References that only make sense next to the sentence's neighbours.
_DANGLING = re.compile(r"前款|本款|前项|本项|前述|上述|下列|如下|以下(?:情形|方面|内容|要求|事项|工作|几)|以下[^。]{0,4}[：:]"
                       r"|前[一二三四五六七八九十]+项|前条|本条")
_BAD_START = re.compile(r"^(?:[（(]?[\d一二三四五六七八九十]+[）)．.、]|[（(【][^）)】]{1,8}[）)】]|但|并|且|同时|其中|其|该|此|对此|对其|以及|或者|或|否则|为此|据此|由此|这|上)")
# Share of a claim's bigrams a held duty must contain to count as "the same duty". Set
# low on purpose: a wrongly kept distractor costs more than a dropped one (see the
# eval's hand review for the cases it still misses).
SAME_DUTY = 0.35
_SEGMENTS = re.compile(r"[^，；：,;:]+[，；：,;:]?")
_ENTERPRISE = re.compile(r"^\s*(?:各|本|该)?企业(?!所在地|名称|的)")
_SUBJECT_LEAD = re.compile(r"^(?:由|各|凡|并|且|同时|其|对于|如|若|当|经|以及|和|或)?$")
_CONJUNCT = re.compile(r".?(?:和|、|及|与|或)$")
# A glossary or form entry ("联系人：指……", "生产放行：受托方……") is a definition, not a rule.
_LABEL = re.compile(r"^[^，。；：:]{1,10}[：:]")
_OPENERS, _CLOSERS = "（(《“【", "）)》”】"
# A rule for cross-region entrustment only (跨区域委托生产申请产品注册的；注册人和受托生产企业不在同一
# 省、自治区、直辖市的): it says nothing of a case where both companies sit in one province.
CROSS_REGION = re.compile(r"跨区域|跨省|不在同一(?:省|设区的市)")
# A document that gives a word a meaning: "医疗器械注册人、备案人（以下简称注册人）",
# "持有人，是指……即医疗器械注册人和备案人", "注册人和备案人即是《办法》中所称……持有人".
_SHORT_NAME = re.compile(r"（以下(?:简称|称|统称)[“\"]?([^”\"）]{1,8})[”\"]?）")

# Words the party lexicon reads as one role although they do not pin it down. The 申请人 of a
# 生产许可 may be the contract manufacturer (生产办法第十条), that of a 经营许可 a distributor;
# the lexicon reads every 申请人 as the registrant. A duty named only so is never the key of a
# "who" question, and it counts as held by any company when a distractor is checked.
_VAGUE_WORDS = re.compile(r"(?:医疗器械)?申请(?:人|企业)")
# 委托方 / 受托方 / 双方 name the registrant and the contract manufacturer only where 委托生产 is
# what is commissioned: in 委托检验 the 委托方 is any manufacturer (GMP 第一百零六条 with its
# 第二条) and the 受托方 a testing body.
_COMMISSION_WORDS = re.compile(r"委托(?:方|人)|受托(?:方|企业|人)|双方")
_OTHER_COMMISSION = re.compile(r"(?:委托|受托)(?:检验|检测|研发|储存|运输|配送|贮存)|受托检验机构|检验机构的检验能力")


def _modality(segment: str) -> str:
    """The kind of rule a segment states, in the duty layer's names (obligation, prohibition,
    permission, recommendation, default_rule), '' if none: that of its first modal word, or
    default_rule where 原则上 governs one. As in the duty annotation, 无需/不需要 state no duty,
    and a condition (不能按期交付的，/ 发现可疑不良事件时，) states no rule whatever
    modal-looking word is in it."""
    if _sets_condition(segment):
        return ""
    if DEFAULT_RULE.search(segment):
        return "default_rule"
    # 原则上 alone (原则上采取…) governs no modal word.
    kinds = [DUTY_KIND[m.lastgroup] for m in MODAL.finditer(segment) if m.lastgroup in DUTY_KIND]
    return next((kind for kind in kinds if kind != "default_rule"), "")


def _sets_condition(segment: str) -> bool:
    """A segment closed as a condition (…的，/ …时，/ …后，) or that is nothing else (必要时，).
    One that only opens like one states a rule of its own (必要时可以…; 经营企业… opens with 经)."""
    part = segment.rstrip("，；：,;:")
    return any(m.end() == len(part) for m in CONDITION_PART.finditer(part))


# Words that tie a duty to one role in the registrant system. Between two companies a duty
# without any (确保变更符合法规, 使用适当的方法开展检验) is one every manufacturer has,
# whatever one regulation happens to say: no question may claim the other company lacks it.
# Left out on purpose: 不良事件, 召回, 质量协议, 购入, 售后 - distributors and users have such
# duties too.
ROLE_TERMS = ("上市放行", "生产放行", "委托", "受托", "技术文件", "设计开发", "设计输出", "注册证", "注册申请",
              "责任险", "知识产权", "在用", "临床", "代理人")


def vague_name(word: str, context: str = "") -> bool:
    """A party wording that does not say which company is meant: 申请人 (of which licence?),
    or 委托方 / 受托方 in a ``context`` (the clause) about commissioning something other than
    production (委托检验). Examples: tests/qa_app/test_quiz_holders.py."""
    if _VAGUE_WORDS.fullmatch(word):
        return True
    return bool(_COMMISSION_WORDS.fullmatch(word) and _OTHER_COMMISSION.search(context))


def includes(general: str, party: str) -> bool:
    """``general`` covers ``party`` and more (生产企业 covers 受托生产企业): a rule for the
    general party binds ``party`` too."""
    return party in _CONTAINS.get(general, ())


def same_trade(a: str, b: str) -> bool:
    """Two companies (注册人 / 受托生产企业 / 经营企业 / 使用单位 ...), whose general
    quality duties overlap."""
    return FAMILY.get(a) == FAMILY.get(b) == "industry"


def overlaps(a: str, b: str) -> bool:
    """True where one party includes the other (or they are the same)."""
    return a == b or b in _CONTAINS.get(a, ()) or a in _CONTAINS.get(b, ())


def bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i:i + 2] for i in range(len(text) - 1))


def balanced(text: str) -> bool:
    """Brackets and quotes open and close in order."""
    stack: list[str] = []
    for ch in text:
        if ch in _OPENERS:
            stack.append(_CLOSERS[_OPENERS.index(ch)])
        elif ch in _CLOSERS:
            if not stack or stack.pop() != ch:
                return False
    return not stack


def clean_sentence(sentence: str, min_len: int = 14, max_len: int = 110) -> bool:
    """A sentence that can stand alone in an exam: no markup or template debris, no
    reference to a neighbouring paragraph, complete and of a readable length."""
    return (min_len <= len(sentence) <= max_len
            and sentence[-1] in "。；"
            and not _DEBRIS.search(sentence)
            and not _DANGLING.search(sentence)
            and not _BAD_START.match(sentence)
            and not _LABEL.match(sentence)
            and not sentence.rstrip("。；").endswith(("：", ":", "，"))
            and balanced(sentence))


def as_statement(sentence: str) -> str:
    """A clause sentence ends with 。 or ；; as a stand-alone statement it ends with 。."""
    return sentence.rstrip("。；，、 ") + "。"


@dataclass(frozen=True)
class Fact:
    """A run of one sentence that one set of parties holds: "注册人负责上市放行，受托生产企业
    负责生产放行" is two facts, so that neither party is taken to hold the other's duty."""

    clause_id: str
    doc_id: str
    sentence: str  # the whole annotated sentence
    text: str  # the run within it
    modality: str
    holders: tuple[str, ...]
    grams: frozenset[str]
    # The holder is named only by a word that does not pin the company down (申请人): any
    # company may hold the duty.
    vague: bool = False


class FactBase:
    """Duty facts of every normative clause (superseded documents included: a party
    that held a duty under the old rules is still a dangerous distractor)."""

    def __init__(self, clauses: Iterable[Clause], documents: dict[str, dict],
                 lexicon: PartyLexicon | None = None):
        self.lexicon = lexicon or PartyLexicon()
        self.documents = documents
        self.clauses: dict[str, Clause] = {c.id: c for c in clauses}
        self.facts: list[Fact] = []
        self._by_gram: dict[str, list[int]] = {}
        self._similar_cache: dict[tuple[str, float], tuple[tuple[int, float], ...]] = {}
        self._core_cache: dict[str, str] = {}
        self._defined_cache: dict[tuple[str, str], bool] = {}
        self._doc_texts: dict[str, str] = {}
        for clause in self.clauses.values():
            if not clause.normative:
                continue
            for duty in clause.duties:
                if duty.modality == "none":
                    continue
                for holders, modality, text in self.runs(duty.sentence, duty.subjects, duty.modality):
                    fact = Fact(clause.id, clause.doc_id, duty.sentence, text, modality, holders,
                                bigrams(self.core(text)), self.named_vaguely(text, holders, clause.text))
                    index = len(self.facts)
                    self.facts.append(fact)
                    for gram in fact.grams:
                        self._by_gram.setdefault(gram, []).append(index)

    def runs(self, sentence: str, subjects: tuple[str, ...], modality: str):
        """(holders, modality, text) for each stretch of the sentence with its own subject.
        A segment (between ，；：) that names a party as its subject starts a new stretch;
        one that does not continues the previous one, the first one the annotator's."""
        out: list[tuple[tuple[str, ...], str, str]] = []
        holders, kind = subjects, modality
        for segment in _SEGMENTS.findall(sentence):
            named = self.segment_subjects(segment)
            seg_kind = _modality(segment)
            if named and (named != holders or (seg_kind and seg_kind != kind)):
                holders, kind = named, seg_kind or kind
                out.append((holders, kind, segment))
            elif out:
                out[-1] = (out[-1][0], out[-1][1], out[-1][2] + segment)
            else:
                out.append((holders, kind, segment))
        return out

    def segment_subjects(self, segment: str) -> tuple[str, ...]:
        """Parties in subject position in one segment: opening it, standing just before
        its modal word, or after 由 / 鼓励 / 督促 / 要求. A party after 对 / 向 / 与 or
        before 的 is an object or an owner, not a holder."""
        mentions = self.mentions(segment)
        if not mentions:
            # 生产质量管理规范 addresses "企业" - whoever manufactures: the registrant that
            # produces itself and the contract manufacturer alike.
            return ("生产企业",) if _ENTERPRISE.match(segment) else ()
        modal = MODAL_WORDS.search(segment)
        modal_at = modal.start() if modal else len(segment)
        found: list[str] = []
        for m in mentions:
            lead = segment[:m.start]
            between = segment[m.end:modal_at]
            if segment[m.end:m.end + 1] == "的":
                continue
            if (_SUBJECT_LEAD.match(lead) or lead.endswith(("由", "鼓励", "督促", "要求", "支持", "指导"))
                    or (m.end <= modal_at and len(between) <= 6 and not re.search("[的对向将把与给]", between))
                    or (found and _CONJUNCT.match(lead[-2:] if len(lead) >= 2 else lead))):
                found += m.parties
        return tuple(dict.fromkeys(found))

    def named_vaguely(self, text: str, holders: tuple[str, ...], context: str) -> bool:
        """``holders`` are named in ``text`` only by vague words (申请人; 委托方 in a clause on
        委托检验): the record carries a canonical party the sentence does not state. A holder
        the text does not name at all (carried over from a heading) is not vague."""
        own = [m for m in self.mentions(text) if set(m.parties) & set(holders)]
        return bool(own) and all(vague_name(text[m.start:m.end], context) for m in own)

    def general_rule(self, party: str, clause_id: str, sentence: str) -> Fact | None:
        """A fact in the paragraph of ``sentence`` held by a party that covers ``party`` (a GMP
        paragraph addressed to 企业, which its 第二条 makes every manufacturer) or held by a
        vaguely named company: the paragraph may bind ``party`` as well, so nothing in it is a
        safe "not ``party``'s duty"."""
        clause = self.clauses.get(clause_id)
        paragraph = next((p for p in clause.text.split("\n") if sentence in p), sentence) if clause else sentence
        for fact in self._by_clause.get(clause_id, ()):
            if fact.sentence not in paragraph:
                continue
            if any(includes(h, party) for h in fact.holders) or (
                    fact.vague and any(same_trade(h, party) for h in fact.holders)):
                return fact
        return None

    @cached_property
    def _by_clause(self) -> dict[str, list[Fact]]:
        out: dict[str, list[Fact]] = {}
        for fact in self.facts:
            out.setdefault(fact.clause_id, []).append(fact)
        return out

    @classmethod
    def from_kb(cls, kb) -> FactBase:
        """From an open :class:`qa_app.kb.KnowledgeBase` (its clauses and document metadata)."""
        return cls(kb.clauses.values(), kb.documents)

    # -- documents -----------------------------------------------------------------------

    def doc_name(self, doc_id: str) -> str:
        """《Title》 as an exam stem names a document."""
        meta = self.documents.get(doc_id, {})
        cite = str(meta.get("cite_as") or "")
        # Short forms (湖北指南, 2024年第38号公告) and dated ones read badly in a stem.
        if cite.startswith("《") and cite.endswith("》"):
            return cite
        return f"《{meta.get('title') or doc_id}》"

    def usable_doc(self, doc_id: str) -> bool:
        """Questions are made from texts in force and reference texts, never superseded ones."""
        return self.documents.get(doc_id, {}).get("status", "in_force") != "superseded"

    @cached_property
    def doc_order(self) -> dict[str, int]:
        return {doc_id: i for i, doc_id in enumerate(self.documents)}

    def cross_region_only(self, clause_id: str, sentence: str) -> bool:
        """The sentence is a rule for cross-region entrustment only: its document is about
        跨区域委托生产 (title), or the clause up to the sentence's end limits it so. Such a
        rule is no source for a case where both companies sit in one province."""
        clause = self.clauses.get(clause_id)
        if clause is None:
            return False
        meta = self.documents.get(clause.doc_id, {})
        if CROSS_REGION.search(f"{meta.get('title', '')} {meta.get('cite_as', '')}"):
            return True
        at = clause.text.find(sentence)
        return bool(CROSS_REGION.search(clause.text[:at + len(sentence)] if at >= 0 else sentence))

    def party_label(self, party: str, doc_id: str, word: str | None = None) -> str:
        """How an option names ``party`` in a question on a text of ``doc_id``: never wider than
        ``word``, the text's own wording of it. Another party than the registrant reads as
        WORDED_LABELS says for ``word`` (设区的市级负责药品监督管理的部门 where the text names no
        县级), else as PARTY_LABELS. The registrant follows ``word`` too: 注册人 alone is
        医疗器械注册人 (unless the document defines 注册人 to include 备案人), 备案人 alone
        医疗器械备案人, both (or a word the document defines as both: 持有人) the two; 委托方 /
        受托方 that no definition ties to a party stay 委托方 / 受托方. Without a
        word (a wrong option) it follows the document: both where it names 备案人 at all."""
        if party == "受托生产企业" and word == CONTRACTOR:
            return PARTY_LABELS[party] if self._defines(doc_id, word, "生产企业") else CONTRACTOR
        if party != REGISTRANT:
            return next((label for pattern, label in WORDED_LABELS.get(party, ()) if word and pattern.search(word)),
                        PARTY_LABELS[party])
        word = word or ""
        registrant, filer = "注册" in word, "备案" in word
        if registrant and filer:
            return PARTY_LABELS[party]
        if filer:
            return FILER_ONLY
        if registrant:
            return PARTY_LABELS[party] if self._defines_both(doc_id, "注册人") else REGISTRANT_ONLY
        if word and self._defines_both(doc_id, word):
            return PARTY_LABELS[party]
        if word == CLIENT:
            return REGISTRANT_ONLY if self._defines(doc_id, word, "注册人") else CLIENT
        return PARTY_LABELS[party] if "备案人" in self._doc_text(doc_id) else REGISTRANT_ONLY

    def holder_label(self, party: str, clause_id: str, sentence: str) -> str:
        """:meth:`party_label` with the wording of ``party``'s first mention in ``sentence``."""
        word = next((sentence[m.start:m.end] for m in self.mentions(sentence) if party in m.parties), None)
        return self.party_label(party, self.clauses[clause_id].doc_id, word)

    def _defines(self, doc_id: str, word: str, meaning: str) -> bool:
        """The document gives ``word`` as the short name of a phrase ending in ``meaning``
        (医疗器械注册人（以下简称注册人）, 其他生产企业（以下称“受托方”）)."""
        text = self._doc_text(doc_id)
        bare = re.sub(r"^(?:医疗器械)?(?:上市许可)?", "", word) or word
        return any(m.group(1).endswith(bare) and meaning in text[max(0, m.start() - 24):m.start()]
                   for m in _SHORT_NAME.finditer(text))

    def _defines_both(self, doc_id: str, word: str) -> bool:
        """The document defines ``word`` (注册人, 持有人, 委托方) as the registrant and the filer."""
        key = (doc_id, word)
        if key not in self._defined_cache:
            text = self._doc_text(doc_id)
            bare = re.sub(r"^(?:医疗器械)?(?:上市许可)?", "", word) or word
            found = self._defines(doc_id, word, "备案人")
            found = found or bool(re.search(re.escape(bare) + r"[，,]?(?:是指|即)[^。]{0,40}备案人", text)) \
                or bool(re.search(r"备案人即(?:是)?[^。]{0,24}" + re.escape(bare), text))
            self._defined_cache[key] = found
        return self._defined_cache[key]

    def _doc_text(self, doc_id: str) -> str:
        if doc_id not in self._doc_texts:
            self._doc_texts[doc_id] = "\n".join(c.text for c in self.clauses.values() if c.doc_id == doc_id)
        return self._doc_texts[doc_id]

    # -- text ------------------------------------------------------------------------------

    def mentions(self, text: str):
        return self.lexicon.mentions(text)

    def parties_in(self, text: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p for m in self.mentions(text) for p in m.parties))

    def role_marked(self, text: str) -> bool:
        """The text names a company (委托方, 注册人 ...) or a role-specific term (see
        ROLE_TERMS); naming a bureau (配合药品监管部门的调查) ties a duty to no company."""
        return any(FAMILY.get(p) == "industry" for m in self.mentions(text) for p in m.parties) \
            or any(term in text for term in ROLE_TERMS)

    def core(self, text: str) -> str:
        """What a sentence says once who says it and how strongly is taken out."""
        if text not in self._core_cache:
            self._core_cache[text] = self._core(text)
        return self._core_cache[text]

    def _core(self, text: str) -> str:
        out, last = [], 0
        for m in self.mentions(text):
            out.append(text[last:m.start])
            last = m.end
        out.append(text[last:])
        bare = MODAL_WORDS.sub("", "".join(out))
        return _FILLER.sub("", _PUNCT.sub("", bare))

    def similarity(self, a: str, b: str) -> float:
        """Share of a's bigrams found in b (a is the shorter claim being checked)."""
        ga, gb = bigrams(self.core(a)), bigrams(self.core(b))
        return len(ga & gb) / len(ga) if ga else 0.0

    # -- the question that matters -----------------------------------------------------------

    def holds(self, party: str, claim: str, modalities: Iterable[str] | None = None,
              threshold: float = SAME_DUTY) -> Fact | None:
        """A fact held by ``party`` (or by a party that includes it or that it includes, or by
        a vaguely named company where ``party`` is a company) saying much the same as
        ``claim``: at least ``threshold`` of the claim's bigrams, with one of ``modalities``
        if given. Meant to err towards "holds"."""
        allowed = set(modalities) if modalities else None
        best, best_share = None, 0.0
        for index, share in self._similar(self.core(claim), threshold):
            fact = self.facts[index]
            if share <= best_share or (allowed is not None and fact.modality not in allowed):
                continue
            if any(overlaps(p, party) or (fact.vague and same_trade(p, party)) for p in fact.holders):
                best, best_share = fact, share
        return best

    def _similar(self, core: str, threshold: float) -> tuple[tuple[int, float], ...]:
        """Facts holding at least ``threshold`` of the bigrams of ``core``, each bigram
        weighted by its rarity: 再次委托 says more than 委托生产, which half the corpus
        shares. Memoised: the generator asks about one sentence for every party."""
        key = (core, threshold)
        if key not in self._similar_cache:
            grams = bigrams(core)
            total = sum(self._idf(g) for g in grams)
            weights: Counter[int] = Counter()
            for gram in grams:
                weight = self._idf(gram)
                for index in self._by_gram.get(gram, ()):
                    weights[index] += weight
            self._similar_cache[key] = tuple((i, w / total) for i, w in weights.items() if w / total >= threshold)
        return self._similar_cache[key]

    def _idf(self, gram: str) -> float:
        return math.log((1 + len(self.facts)) / (1 + len(self._by_gram.get(gram, ())))) + 1.0

    def duty_for(self, clause_id: str, sentence: str):
        """The annotated sentence (a :class:`Duty`) of a clause that is ``sentence``."""
        clause = self.clauses.get(clause_id)
        for duty in clause.duties if clause else ():
            if duty.sentence == sentence:
                return duty
        return None
