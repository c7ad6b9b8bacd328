"""Cited answers to questions about the regulations, above all "who is responsible".

No language model: the answer is composed from retrieved clauses and their duty
annotations, so every statement is a quotation with its citation, and the same question
always gets the same answer. Steps:

1. an exact reference ("38号公告第十二条") is looked up first;
2. otherwise hybrid retrieval (BM25 + dense) gives candidates, re-ranked with what the
   index knows: question-term coverage, duty annotations, deadlines, status and level;
3. the answer names the party holding the duty, quotes the governing sentence and adds
   any deadline; with no basis in the corpus it abstains and lists what may be related.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import yaml

from ingest.grammar import RECIPIENT, deadline, in_passing, spans, states_time
from ingest.duties import DutyAnnotator, PartyLexicon, _acting_subject, with_conjuncts, with_conjuncts_forward
from ingest.records import Clause, Duty
from qa_app.answer import followup, partyline, readon
from qa_app.answer import frame as frames
from qa_app.answer import rerank
from qa_app.answer.confidence import Signals, confidence
from qa_app.answer.frame import Frame
from qa_app.answer.partyline import second_party
from qa_app.answer.plans import (CANNOT_TELL, COVER_LETTER, LIST_CANDIDATES, MIN_MATCH, ONCE_ASKED, PERSON, Planner,
                                 bigrams, enumeration, met, product_classes, quotation)
from qa_app.answer.readon import read_on
from qa_app.kb import KnowledgeBase
from qa_app.retrieval import DENSE_WEIGHT, Filter

DATA_DIR = Path(__file__).parents[1] / "data"
NO_BASIS = "知识库中未找到依据。"
# 还有吗 when every clause that answers the question has been quoted already.
NOTHING_MORE = "除前面已引用的条款外，知识库中没有找到与此相关的其他规定。如想了解别的方面，请具体说明（例如哪一方的义务、时限或罚则）。"
# The corpus holds only Chinese texts: a question in another language could only match by chance.
ASK_IN_CHINESE = "请用中文提问：本库只收录中文法规原文，例如“谁负责产品上市放行？”"
# A question, not a document: longer input only slows every stage down.
MAX_QUESTION_CHARS = 2000
CANDIDATES = 30
# The candidates the plans read for the rule an answer rests on, however many citations are asked
# for: the answer to a question does not change with the number of clauses listed under it.
PLAN_CANDIDATES = 5
# A question asking what sanction follows reads this many candidates for the sanction article.
SANCTION_CANDIDATES = 15
# Clauses taken from a text the question names, besides those the whole corpus gives.
NAMED_CANDIDATES = 10
# Words of a question marked in the clauses shown with its answer.
HIGHLIGHT_TERMS = 5
# Confidence levels shown to the user (高 / 中 / 低).
HIGH, MEDIUM = 0.8, 0.5
# The confidence of "not covered": a question about another field, or an article that does not
# exist, is surely not answered by the corpus; a question nothing matched well may still be.
SURE_ABSTENTION, UNSURE_ABSTENTION = 0.9, 0.5
# The lead of a clause with no other clause beside it.
MARGIN_ALONE = 0.3
# The question's own words an answer repeats (所问的做法（…）不符合这一要求): not counted as the answer
# saying what was asked (Signals.answer_fit).
ECHO = re.compile(r"所问的(?:情形|做法)（[^）]*）")
# How much a sentence of the region a question names counts over a national one.
REGION_SENTENCE = 0.2

_RESPONSIBILITY = re.compile(r"谁|由谁|哪个|哪一方|哪方|哪家|哪些部门|什么部门|哪级|哪一级|归口|主体|负责.{0,4}[吗呢？?]|还是")
# 代工厂换了 / 受托方换成了B厂: the party is the one replaced, not one who acts.
_REPLACED = re.compile(r"(?:又|也|已经|突然)?(?:换成|(?:换了|换掉|被换|被更换|更换了|变更了)(?=[，,。？?！!\s]|$|另|一家|别的|新的))")
_BY_WHOM = re.compile(r"由谁|由哪|是由|谁来|谁去")
# A party's oversight of another's duty (加强对受托生产企业的监督和指导, 督促受托方…).
OVERSIGHT = re.compile(r"对[^，。；]{2,16}(?:的)?(?:监督|指导|管理)|督促")


# The clause of a question that asks (…需要向哪个部门报告, …要做什么, …要不要召回).
_ASKS = re.compile(r"谁|哪|什么|啥|怎么|怎样|如何|吗|么|嘛|呢|多久|多长|几|要不要|是否|能不能|可不可以|需不需要|有没有")
# 谁负责 / 谁来查: the asked party is the subject, so a party named in that clause is not the actor.
_WHO_ACTS = re.compile(r"(?<![对向给让跟])谁")
_CLAUSE_LEAD = re.compile(r"(?:那么?|则|而|但|另外|同时|此时|这时)?")
# Between two parties named side by side (注册人和代工厂).
_AND = re.compile(r"和|、|与|及|以及|或|或者")
_AND_WITH_ADJECTIVE = re.compile(rf"^(?:{_AND.pattern})(?:原|该|其|新)?$")
_THEY = re.compile(r"(?:他们|她们|对方|人家)(?!的)")
# 对/向/把/找/交到/选 (这家) X: X is acted on, handed something, moved to or picked, not who acts.
_OBJECT_MARK = re.compile(r"(?:[对向将把给找让叫请替帮]|交由|授权|督促|要求|通知|告知|告诉|委托|选择?|(?<![报收])到"
                          r"|(?<![交转])换(?:了|掉|成)?|更换|替换)"
                          r"(?:[这那该另]?一?[家个]|[省市县]|所在地(?:的)?)?$")
# 督促谁: the asked party is the one acted on.
# (通知谁 / 向谁报告 ask for the recipient, but the duty is the notifier's: not these.)
_OBJECT_WHO = re.compile(r"(督促|指导|约谈|监督)谁")


@dataclass(frozen=True)
class Citation:
    clause_id: str
    doc_id: str
    doc_title: str
    ref: str
    text: str
    score: float
    path: tuple[str, ...] = ()
    status: str = "in_force"
    level: str = ""


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str
    parties: tuple[str, ...]
    citations: tuple[Citation, ...]
    abstained: bool
    confidence: float
    kind: str = "search"  # reference | search | out_of_scope | no_basis | not_chinese
    evidence: tuple[str, ...] = field(default=())  # clause ids the answer text quotes
    verdict: str | None = None  # yes | no | depends for yes/no questions, else None
    frame: Frame | None = None
    readings: tuple[str, ...] = ()  # everyday words read as the regulations' terms: 代工厂 → 受托生产企业
    resolved_question: str | None = None  # a follow-up as it was read: 那生产放行呢 -> 谁负责生产放行？
    notice: str | None = None  # why retrieval ran on keywords alone (KnowledgeBase.notice), shown above the answer
    signals: Signals | None = field(default=None, compare=False)  # what the confidence was computed from

    @property
    def confidence_level(self) -> str:
        """The confidence in words, as the chat page shows it."""
        return confidence_level(self.confidence)

    def to_dict(self) -> dict:
        """The JSON contract of `regkb ask --json`."""
        return {
            "question": self.question,
            "answer": self.answer,
            "parties": list(self.parties),
            "citations": [
                {"clause_id": c.clause_id, "doc_id": c.doc_id, "doc_title": c.doc_title, "ref": c.ref,
                 "path": list(c.path), "status": c.status, "text": c.text, "score": round(c.score, 4)}
                for c in self.citations
            ],
            "abstained": self.abstained,
            "confidence": round(self.confidence, 3),
            "confidence_level": self.confidence_level,
            "verdict": self.verdict,
            "frame": self.frame.to_dict() if self.frame else None,
            "readings": list(self.readings),
            "resolved_question": self.resolved_question,
            "notice": self.notice,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Answer:
        """An answer read back from :meth:`to_dict` (the lasting chat history keeps answers so).
        What the JSON leaves out takes its default: the clauses quoted (``evidence``), the kind
        and the document level, none of which the chat page shows."""
        frame = data.get("frame")
        question = data["question"]
        return cls(
            question=question,
            answer=data["answer"],
            parties=tuple(data.get("parties") or ()),
            citations=tuple(
                Citation(clause_id=c["clause_id"], doc_id=c["doc_id"], doc_title=c["doc_title"], ref=c["ref"],
                         text=c["text"], score=float(c.get("score") or 0.0), path=tuple(c.get("path") or ()),
                         status=c.get("status") or "in_force")
                for c in data.get("citations") or ()),
            abstained=bool(data["abstained"]),
            confidence=float(data.get("confidence") or 0.0),
            verdict=data.get("verdict"),
            # The frame was read from the question as resolved (a follow-up's standalone form).
            frame=Frame(question=data.get("resolved_question") or question,
                        **{k: tuple(v) if isinstance(v, list) else v for k, v in frame.items()}) if frame else None,
            readings=tuple(data.get("readings") or ()),
            resolved_question=data.get("resolved_question"),
            notice=data.get("notice"),
        )


def confidence_level(confidence: float) -> str:
    return "高" if confidence >= HIGH else "中" if confidence >= MEDIUM else "低"


@dataclass
class _Candidate:
    clause: Clause
    fused: float
    coverage: float = 0.0
    score: float = 0.0  # the order the plans read the candidates in
    relevance: float = 0.0  # the order the citations list the clauses no answer line quotes
    features: tuple[float, ...] = ()  # what the fitted re-rank reads (qa_app/answer/rerank.py: FEATURES)


class Answerer:
    """Answers questions over an open :class:`KnowledgeBase`."""

    # Weights of the re-ranker, chosen on the eval set (evals/results/QA.md has the ablation).
    W_COVERAGE = 1.0
    W_DENSE = DENSE_WEIGHT  # weight of the dense ranking in the fusion (BM25 weighs 1)
    W_DUTY = 0.15
    W_PARTY = 0.1
    W_ACTOR = 0.15  # the party whose duty the question asks about (…，受托方这时该找哪个局)
    W_DEADLINE = 0.25
    W_LIST = 0.25  # a clause that enumerates (下列/以下…：), for a question asking which items
    W_NATIONAL = 0.05
    W_REGION = 0.6  # a question that names 湖北/山西/巴南 asks about that region's text
    W_NAMED = 0.3  # a question that names a text (按38号公告, 质量协议编制指南里) asks about that text
    # For the citations only (the plans read the candidates by ``score``, and a change there moves
    # verdicts and parties): a clause stating the asked action, matched as the plans match a rule
    # (经营许可证 ~ 经营许可), and one whose rules bind every party the question names (注册人和
    # 代工厂各自…: the clause dividing the duty between them).
    W_ACTION = 1.0
    W_ALL_HOLD = 0.2
    P_SUPERSEDED = 0.4
    P_PREAMBLE = 0.15
    P_COVER_LETTER = 2.0  # a cover letter or purpose statement is never the sentence an answer rests on
    # The share of a term's weight lost where a text has it only among things it names in passing
    # (汇集审评审批、监督检查、违法行为查处等信息): not for a question asking which items.
    P_PASSING = 0.5
    # A term met only in the title of a clause's document (禁止委托生产医疗器械目录 over a bare
    # catalogue line, 年度自查报告 over the items of its guide) counts this share of its weight in
    # the ranking: the title says what every clause of the text is about, not which clause says it.
    # The coverage the plans and the confidence read stays the clause's own (with its headings).
    W_TITLE = 0.5
    # Below this share of the question's (IDF-weighted) terms, no clause is taken as a basis.
    # Kept low: everyday wording (老板, 顺手) shares few words with the texts; questions about
    # other fields are caught by data/scope.yaml first (see evals/results/QA.md).
    MIN_COVERAGE = 0.12

    def __init__(self, kb: KnowledgeBase, lexicon: PartyLexicon | None = None):
        self.kb = kb
        self._terms = followup.regulation_terms()
        self._choice = followup.load_choice()  # None: the rules' one reading (see followup.choose)
        self.lexicon = lexicon or PartyLexicon()
        self.references = kb.references  # built once per index, shared with kb.search
        # Questions also name parties in everyday words (甲方, 乙方, 持证人): the synonym table
        # says which official party each one stands for.
        everyday = {}
        for word, official in kb.tokenizer.synonyms.items():
            found = [m for term in official for m in self.lexicon.mentions(term)
                     if m.start == 0 and m.end == len(term)]
            if len(found) == len(official) and not self.lexicon.mentions(word):
                everyday[word] = tuple(dict.fromkeys(p for m in found for p in m.parties))
        self.question_lexicon = self.lexicon.with_terms(everyday)
        self.planner = Planner(self)
        # The fitted order of the citations after the quoted clauses (None: the hand-set ``relevance``).
        self.citation_order = rerank.model()
        # The fitted order of the plans' candidates below today's first few (None: the hand-set ``score``).
        self.pool_order = rerank.pool_model()
        # The candidates' re-rank features are worked out only where a fitted order reads them or a study
        # (evals/pool_rerank_study.py) sets this.
        self.record_features = self.citation_order is not None or self.pool_order is not None
        # Fitted choices (None: no model file, nothing added): reading on past a quote, the second party's line.
        self.read_on_model = readon.load_model()
        self.party_line_model = partyline.load_model()
        scope = yaml.safe_load((DATA_DIR / "scope.yaml").read_text(encoding="utf-8"))
        self._out_of_scope = re.compile("|".join(scope["out_of_scope"]))
        self._in_scope = re.compile("|".join(scope["in_scope"]))
        self._out_of_field = re.compile("|".join(scope["out_of_field"]))
        self._names_a_text = re.compile("|".join(scope["names_a_text"]))
        self._post_vacated = re.compile("|".join(scope["post_vacated"]))
        self._post_filled = re.compile("|".join(scope["post_filled"]))

    # -- term statistics over the searchable clauses, built once ---------------------

    @property
    def _clause_terms(self) -> dict[str, frozenset[str]]:
        return self.kb.clause_terms  # stored by the ingest

    @cached_property
    def _idf(self) -> dict[str, float]:
        df: dict[str, int] = {}
        for terms in self._clause_terms.values():
            for term in terms:
                df[term] = df.get(term, 0) + 1
        n = len(self._clause_terms)
        return {t: math.log(1 + n / d) for t, d in df.items()}

    @cached_property
    def _title_terms(self) -> dict[str, frozenset[str]]:
        """The words of each document's title, by document id."""
        return {doc_id: frozenset(self.kb.tokenizer.tokens(str(meta.get("title", ""))))
                for doc_id, meta in self.kb.documents.items()}

    def title_coverage(self, terms: list[tuple[frozenset[str], float]], clause: Clause, own: float) -> float:
        """The share of the terms a clause meets only through its document's title (``own``: its
        coverage of them without the title): a catalogue entry or an item of a guide says its topic
        only there (禁止委托生产医疗器械目录, 年度自查报告). An article (第七十五条) names what it rules
        on itself: the title of its regulation would only lift all of its articles alike."""
        if clause.kind == "article":
            return 0.0
        titled = self._clause_terms[clause.id] | self._title_terms.get(clause.doc_id, frozenset())
        return self.coverage(terms, titled) - own

    @cached_property
    def _unknown_weight(self) -> float:
        """A word the corpus never uses weighs like a typical content word: enough that a
        question about something absent finds no basis, not so much that everyday wording
        (老板, 实地, 常驻) drowns the terms that do match."""
        return float(sorted(self._idf.values())[len(self._idf) // 2]) if self._idf else 1.0

    def query_terms(self, question: str) -> list[tuple[frozenset[str], float]]:
        """The question as groups of interchangeable terms with a weight each: a word and
        the official terms it stands for (代工厂 ~ 受托生产企业, 放行 ~ 上市放行/生产放行)
        form one group, met when any of them occurs. A word the corpus never uses weighs
        most, since a question about something the corpus never mentions has no basis."""
        tokenizer = self.kb.tokenizer
        unknown = self._unknown_weight
        # 是不是 / 能不能 ask; the words they are made of are not what is asked about.
        question = frames.A_NOT_A.sub("", question)
        # 多久查一次: the 一次 asks how often, like 多久; it is not a word of the rule asked about.
        question = ONCE_ASKED.sub(r"\1", question)
        tokens = list(dict.fromkeys(tokenizer.tokens(question)))
        # Single characters (找, 做, 查) carry little; keep them only if nothing else is left.
        tokens = [t for t in tokens if len(t) > 1] or tokens
        groups: list[set[str]] = [{t} for t in tokens]
        for word in tokenizer.everyday_words(question):
            key = word.lower()
            groups = [g for g in groups if not all(t in key for t in g)]
            groups.append({key} | {self._term(term) for term in tokenizer.synonyms[word]})
        out = []
        for group in groups:
            known = [self.weight(t) for t in group if self.weight(t)]
            out.append((frozenset(group), max(known) if known else unknown))
        return out

    def _term(self, term: str) -> str:
        """An official term as a group member: itself if the index has it as one word, else
        its words joined by spaces (a phrase, met where all its words are)."""
        term = term.lower()
        if term in self._idf:
            return term
        words = self.kb.tokenizer.phrase(term)
        return term if len(words) <= 1 else " ".join(words)

    def weight(self, member: str) -> float:
        if " " not in member:
            return self._idf.get(member, 0.0)
        weights = [self._idf.get(w, 0.0) for w in member.split()]
        return sum(weights) / len(weights) if all(weights) else 0.0

    def coverage(self, terms: list[tuple[frozenset[str], float]], clause_terms: frozenset[str]) -> float:
        total = sum(w for _, w in terms)
        return sum(w for group, w in terms if met(group, clause_terms)) / total if total else 0.0

    def in_passing(self, terms: list[tuple[frozenset[str], float]], text: str) -> float:
        """The weighted share of the terms a text has only among the things it names in passing
        (省级部门应当…汇集审评审批、监督检查、违法行为查处等信息): an entry of a catalogue is weaker
        evidence of who does a thing than a sentence whose action it is."""
        rest, listed = in_passing(text)
        total = sum(w for _, w in terms)
        if not listed or not total:
            return 0.0
        words, others = self.planner.words(listed), self.planner.words(rest)
        return sum(w for group, w in terms if met(group, words) and not met(group, others)) / total

    def _sentence_coverage(self, terms: list[tuple[frozenset[str], float]], sentence: str) -> float:
        """How much of the terms a rule's sentence has, less what it has only among things it names in passing."""
        return (self.coverage(terms, frozenset(self.kb.tokenizer.tokens(sentence)))
                - self.P_PASSING * self.in_passing(terms, sentence))

    def highlight_terms(self, question: str, text: str = "") -> list[str]:
        """The few words of the question (or official terms for its everyday words) worth marking
        in ``text`` (a cited clause): whole words, the rarest in the corpus first, at most
        HIGHLIGHT_TERMS of those the text contains, so a long question does not mark almost every
        word. Single characters, question words and words in a third of the clauses or more
        (医疗器械, 企业) are never marked. Longest first, as a pattern wants."""
        tokenizer = self.kb.tokenizer
        # Whole words (委托生产, 第八条), not the pieces search also indexes (托生, 八条).
        words = set(tokenizer.phrase(tokenizer.expand_text(question)))
        common = math.log(4)  # the IDF of a word in a third of the clauses (产品, 企业)
        rare = [w for w in words if len(w) >= 2 and w not in _QUESTION_WORDS and self._idf.get(w, 0) > common
                and (not text or w in text.lower())]
        chosen = sorted(rare, key=lambda w: (-self._idf[w], -len(w), w))[:HIGHLIGHT_TERMS]
        return sorted(chosen, key=lambda w: (-len(w), w))

    # -- the question frame ------------------------------------------------------------

    def frame(self, question: str) -> Frame:
        """The question read once: what it asks (slot) and about whom."""
        objects = self._object_parties(question)
        actor = self._actor(question, objects)
        mentions = self.question_lexicon.mentions(question)
        named = tuple(dict.fromkeys(p for m in mentions for p in m.parties))
        # 经销商和注册人各自怎么报 (医院反馈的): the parties 各自 distributes over are the ones asked about.
        named = frames.each_of(question, mentions) or named
        named = frames.bureau_sides(question, named, _speaker(question))
        return Frame(question, frames.read_slot(question), tuple(sorted(actor)), named,
                     tuple(p for p in named if p in objects and p not in actor),
                     frames.several(question, named, tuple(actor)),
                     frames.negated(question),
                     tuple(_sub_questions(question)))

    def action_terms(self, question: str) -> list[tuple[frozenset[str], float]]:
        """The question's terms for matching rules: what is asked to be done, without the
        parties (who), the question words and words the corpus never uses."""
        bare = self.without_parties(question, self.question_lexicon)
        # 只剩90天 / 拖到第20个工作日: the time the question says it has is its case, not a word of the rule that
        # answers (a rule of another licence with a 90个工作日 window is no nearer for it).
        own_times = {m.group(1) for _, _, m in spans(question)}
        return [(group, weight) for group, weight in self.query_terms(bare)
                if any(self.weight(t) for t in group) and not group & _QUESTION_WORDS and not group <= own_times]

    def _signals(self, frame: Frame, ranked: list[_Candidate], terms, text: str, evidence, match: float,
                 satisfied: bool, verdict: str | None) -> Signals:
        """What the confidence of an answer is computed from (see :mod:`qa_app.answer.confidence`);
        ``terms`` are the asked action's terms, ``evidence`` the clauses ``text`` quotes."""
        margin = ranked[0].score - ranked[1].score if len(ranked) > 1 else MARGIN_ALONE
        quoted = [self.kb.clauses[e] for e in dict.fromkeys(evidence) if e in self.kb.clauses]
        rule = next((r for c in quoted[:1] for r in c.obligations if f"「{r.sentence}" in text),
                    next((r for c in quoted[:1] for r in c.obligations if r.sentence in text), None))
        asked = set(frame.actor) or set(frame.parties) - set(frame.objects)
        holders = set(rule.holders) if rule is not None else set()
        sentence = rule.sentence if rule is not None else quoted[0].text if quoted else ""
        lacking = [w for group, w in terms if not self.planner.fit([(group, w)], sentence)]
        total = sum(w for _, w in terms)
        words = self.query_terms(frame.question)
        unknown = sum(w for group, w in words if not any(self.weight(t) for t in group))
        return Signals(fit=match, coverage=ranked[0].coverage, margin=margin,
                       cannot_tell=not satisfied or CANNOT_TELL in text, slot=frame.slot, verdict=verdict,
                       modality=rule.modality if rule is not None else "",
                       holder_asked=bool(asked & holders),
                       quoted_top=bool(quoted) and quoted[0].id == ranked[0].clause.id,
                       missing=len(lacking), missing_share=sum(lacking) / total if total else 0.0,
                       everyday=len(self.kb.tokenizer.everyday_words(frame.question)),
                       unknown=unknown / (sum(w for _, w in words) or 1.0),
                       clauses=len([p for p in re.split(r"[，,；;？?]", frame.question) if p.strip()]),
                       answer_fit=self.planner.fit(terms, ECHO.sub("", text)), holderless=not holders,
                       named_text=bool(quoted) and quoted[0].doc_id in self.references.documents(frame.question))

    # -- the public entry point --------------------------------------------------------

    def ask(self, question: str, k: int = 5, *, doc_ids: list[str] | None = None,
            in_force_only: bool = True, levels: list[str] | None = None,
            history: Sequence[tuple[str, Answer]] = (), exclude: frozenset[str] = frozenset(),
            turn: str = "") -> Answer:
        """The answer to a question; ``history`` holds the earlier turns of the conversation as
        (question, answer) pairs, against which a follow-up (那生产放行呢？, 依据是什么？) is read.
        The clauses in ``exclude`` (already quoted, when the user asks 还有吗) are not used. ``turn``: the
        follow-up's own words, when ``question`` is the follow-up read with the turn before it."""
        question = question.strip()
        if not_chinese(question):
            return Answer(question, ASK_IN_CHINESE, (), (), True, 0.0, "not_chinese")
        if history and question and not followup.new_topic(question):
            asked, answered = history[-1]
            # A turn about the answer before it (为啥 / 就完全不用管了) was read as that question and a mark.
            previous = (answered.resolved_question or asked).split(BASIS_ASKED)[0]
            basis = followup.asks_basis(question)
            if basis and not answered.abstained and answered.citations:
                # 为啥要这么搞 / 出自哪个文件第几条: about the answer just given, not a new search.
                return self._basis(question, followup.unmarked(previous), answered, why=basis == "why")
            doubted = followup.challenged(question, previous, self.question_lexicon)
            if doubted and not answered.abstained:
                # 代工厂就完全不用管了？: whether that party has a part in what was just answered.
                answer = self._left_out(question, followup.unmarked(previous), answered, doubted)
                if answer is not None:
                    return answer
            resolved = followup.resolve(question, previous, self.question_lexicon, answered.parties, self._terms,
                                       self.planner.time_case_lists, answered.answer)
            if resolved != question and (self._choice is None or followup.asks_more(question)
                                         or followup.asks_next(question) or self.frame(resolved).consequence
                                         or followup.swaps_kind(question, previous)):
                # 还有吗 / 然后呢 / 不做会怎样: the rules' reading leads to a path of its own (the rest of the
                # clause, its next rules, the sanction), which the other readings do not take; 一类的呢 after a
                # question naming a class is the same question of that class, which the rules read surely.
                return self._read_as(question, resolved, previous, history, k, doc_ids, in_force_only, levels, exclude)
            if resolved != question:
                # The rules' reading stands unless a model fitted on the spent conversations rates another reading
                # (the turn alone, the turn after the previous question) clearly likelier right.
                read = self.followup_readings(question, previous, history, k, doc_ids, in_force_only, levels, exclude)
                read.sort(key=lambda r: "rules" not in r[1])
                best = followup.choose(self._choice, read, question, previous, answered, self.kb.tokenizer.tokens)
                return read[best][2]
            if self._choice is not None:
                # A turn the rules leave standing alone may still lean on the one before: the turn alone and the
                # turn after the previous question are both answered, and the one a model fitted on the spent
                # conversations rates likelier right is given (evals/results/FOLLOWUP-CHOICE-STUDY.md).
                read = self.followup_readings(question, previous, history, k, doc_ids, in_force_only, levels, exclude)
                best = followup.choose(self._choice, read, question, previous, answered, self.kb.tokenizer.tokens)
                return read[best][2]
        if not question:
            return Answer(question, "请输入问题。", (), (), True, 0.0, "no_basis")
        if len(question) > MAX_QUESTION_CHARS:
            return Answer(question[:MAX_QUESTION_CHARS], f"问题过长（{len(question)}字）。请把问题精简到"
                          f"{MAX_QUESTION_CHARS}字以内；要审查整份协议，请使用“质量协议审查”。", (), (), True, 0.0,
                          "no_basis")
        reference = self.references.find(question)
        if reference is not None:
            return self._reference_answer(question, reference, k)
        frame = self.frame(question)
        # Read before the search too: the vector store may come back while it runs, and an answer found
        # without vectors must still say so (read only after, the notice would be gone).
        notice = self.kb.notice
        field = self._post_vacated.sub("", question) if self._post_filled.search(question) else question
        if (self._out_of_field.search(field) and not self._names_a_text.search(question)) or (
                self._out_of_scope.search(question) and not self._in_scope.search(question)):
            related = self._rank(frame, (), doc_ids, in_force_only, levels)[:k]
            return replace(self._abstain(question, related, "out_of_scope",
                                         "问题涉及的领域不在本知识库（医疗器械注册人制度与委托生产法规）范围内。"),
                           notice=notice or self.kb.notice)
        parts = self._parts(question, frame)
        if parts:
            answer = self._several_answers(frame, [self.ask(p, k, doc_ids=doc_ids, in_force_only=in_force_only,
                                                            levels=levels, exclude=exclude) for p in parts], k)
        else:
            answer = self._answer(frame, k, doc_ids, in_force_only, levels, exclude, turn)
        return replace(answer, readings=self.readings(question), notice=notice or self.kb.notice)

    def readings(self, question: str) -> tuple[str, ...]:
        """The everyday words of a question and the terms they were read as (代工厂 → 受托生产企业),
        longest first as the search reads them, so the user sees how the question was taken."""
        synonyms = self.kb.tokenizer.synonyms
        return tuple(f"{word} → {'、'.join(synonyms[word])}" for word in self.kb.tokenizer.everyday_words(question))

    def _answer(self, frame: Frame, k, doc_ids, in_force_only, levels, exclude: frozenset[str] = frozenset(),
                turn: str = "") -> Answer:
        question = frame.question
        if turn and frame.actor and frames.read_slot(turn) in ("who", "department") \
                and not self.question_lexicon.mentions(turn):
            # 那最后谁拍板: a follow-up asking who, naming no one, does not ask about the party of the turn before.
            frame = replace(frame, actor=())
        action = self.action_terms(question)
        pool = [c for c in self._rank(frame, action, doc_ids, in_force_only, levels) if c.clause.id not in exclude]
        if not pool and in_force_only:
            # Superseded texts are used only when nothing in force answers, and said so.
            pool = [c for c in self._rank(frame, action, doc_ids, False, levels) if c.clause.id not in exclude]
        ranked = pool[:PLAN_CANDIDATES]
        if frame.asks_strength:
            # 是不是强制…: a rule that only encourages or permits the act says 鼓励 / 可以 where the question
            # says 强制 / 必须, shares fewer of its words and ranks lower; the plans read it all the same.
            ranked += [c for c in pool[len(ranked):CANDIDATES] if self.planner.leaves_open(c.clause, action)]
        classes = product_classes(question) if frame.yes_no else set()
        if classes:
            # 一类器械要办经营备案吗: the rule of the class asked (经营第一类医疗器械不需要…) may rank below rules on
            # the others that share more words; the plans read it all the same.
            ranked += [c for c in pool[len(ranked):CANDIDATES] if c not in ranked and self.planner.names_class(c.clause, classes)]
        # 到底谁来兜底: who answers in the end is read from the liability statements of all texts, whatever the
        # question shares with the clauses retrieved.
        if not ranked or (max(c.coverage for c in ranked) < self.MIN_COVERAGE and not frame.ultimate):
            if exclude:
                return Answer(question, NOTHING_MORE, (), (), True, UNSURE_ABSTENTION, "no_basis")
            return self._abstain(question, ranked[:k], "no_basis")
        return self._compose(frame, action, ranked, pool, k, turn)

    # -- questions that ask two things --------------------------------------------------

    def _parts(self, question: str, frame: Frame) -> list[str]:
        """The questions of a question that asks two different things (放行能交给乙方吗？那谁来
        审核？ / 谁来立案？另一个省局做什么？): parts that ask for a
        different kind of answer or about another party. A short part that only points back
        (那生产放行呢？) borrows the part before it. [] when there is one question (several
        time limits are the time-limit plan's, one list's several items the list plan's)."""
        pieces = [p.strip() for p in re.split(r"[？?]", question) if len(p.strip()) >= 4]
        if len(pieces) < 2 or frame.slot in ("when", "items") or frame.sub_questions:
            return []  # several holders asked for at once are the "who" answer's sub-questions
        # 一定要买吗？不买会被罚吗？: whether it is punished is another question than whether it is required.
        slots = [(frames.read_slot(p + "？"), bool(frames.PENALTY.search(p))) for p in pieces]
        named = [self._named_parties(p) for p in pieces]
        if len(set(slots)) == 1 and all(n <= named[0] for n in named[1:]):
            return []
        out = []
        for i, piece in enumerate(pieces):
            if i and len(self.action_terms(piece)) < 2:
                # 药监会查谁 / 受托企业所在地省局管什么: it borrows the scene of the part before
                # (抽检发现产品不合格), not that part's own question (由哪个省局立案).
                before = pieces[i - 1]
                scene = before[:before.rfind("，")] if "，" in before else before
                piece = scene + "，" + piece
            out.append(piece + "？")
        return out

    def _several_answers(self, frame: Frame, answers: list[Answer], k: int) -> Answer:
        """One answer made of the answers to each part, numbered, with their citations (a part
        answered by the same text as the one before it is said once)."""
        answers = [a for i, a in enumerate(answers) if not i or a.answer != answers[i - 1].answer]
        if len(answers) == 1:
            return replace(answers[0], question=frame.question, frame=frame)
        text = "\n".join(f"（{n}）{a.answer}" for n, a in enumerate(answers, start=1))
        evidence = tuple(dict.fromkeys(e for a in answers for e in a.evidence))
        by_id = {c.clause_id: c for a in answers for c in a.citations}
        # What the text quotes is cited first; then each part's best clauses in turn.
        citations = {e: by_id[e] for e in evidence if e in by_id}
        for rank in range(k):
            for a in answers:
                if rank < len(a.citations) and len(citations) < max(k, len(evidence)):
                    citations.setdefault(a.citations[rank].clause_id, a.citations[rank])
        parties = tuple(dict.fromkeys(p for a in answers for p in a.parties))
        # 是不是在目录里？我们能不能找代工厂做？: the first part sets up what the last one asks, so the
        # last part with a verdict gives the answer's verdict (each part keeps its own line).
        # But whether it is punished (不买会被罚吗) follows from whether it is required (一定要买吗): the part
        # asking the duty gives the verdict.
        deciding = [a for a in answers if not (a.frame and a.frame.penalty)]
        verdict = next((a.verdict for a in reversed(deciding) if a.verdict), None) or next(
            (a.verdict for a in reversed(answers) if a.verdict), None)
        # As sure as its least sure part.
        least = min(answers, key=lambda a: a.confidence)
        return Answer(frame.question, text, parties, tuple(citations.values()), all(a.abstained for a in answers),
                      least.confidence, "search", evidence, verdict, frame, signals=least.signals)

    # -- retrieval and re-ranking -----------------------------------------------------------

    def _rank(self, frame: Frame, action, doc_ids, in_force_only, levels) -> list[_Candidate]:
        """Every candidate clause, in the order the plans read them (``score``), each with the
        ``relevance`` its citation is listed by (``action``: the asked action's terms)."""
        question = frame.question
        where = Filter.of(doc_ids, in_force_only, levels)
        # Two readings of an everyday word: the plans read the candidates with every word of its
        # official term (代工厂 -> 受托生产企业, 受托, 生产, 企业), so that clauses saying it another way
        # (委托…企业生产) are there to name the party; the citations list them by the term as one word
        # (Retriever.keyword), which does not let the one everyday word outweigh the rest of the question.
        found, whole = self.kb.retriever.readings(question, where, CANDIDATES, self.W_DENSE, (False, True))
        cited = {f.clause_id: f.score for f in whole}
        if not found:
            return []
        fused = {f.clause_id: f.score for f in found}
        # Each engine's own rank of a clause under the citations' reading (1/rank, 0 where it missed).
        engines = {f.clause_id: (1.0 / f.bm25_rank if f.bm25_rank else 0.0, 1.0 / f.dense_rank if f.dense_rank else 0.0)
                   for f in whole}
        top, cited_top = max(fused.values()), max(cited.values(), default=1.0)
        # 按38号公告… / 质量协议编制指南里…: the text the question names is searched on its own too.
        named = set() if doc_ids else set(self.references.documents(question))
        if named:
            for f in self.kb.retriever.fused(question, Filter.of(sorted(named), in_force_only, levels), NAMED_CANDIDATES,
                                             self.W_DENSE, whole_terms=False):
                fused.setdefault(f.clause_id, f.score)
                cited.setdefault(f.clause_id, f.score)
        for clause_id in cited:
            fused.setdefault(clause_id, 0.0)
        terms = self.query_terms(question)
        wants_party = bool(_RESPONSIBILITY.search(question)) or frame.yes_no
        wants_deadline = bool(frames.WHEN.search(question))
        asked_parties = set(frame.parties)
        governed = self._governed(question)
        if governed:
            # 代工厂归哪个省的药监局管: the bureau of the firm governed answers, not the firm.
            asked_parties = {p for p in asked_parties if "部门" in p} | {
                frames.SIDE_BUREAU[p] for p in governed if p in frames.SIDE_BUREAU}
        region = next((r for r in frames.REGIONS if r in question), None)
        actor = set(frame.actor)
        own = [(group, w) for group, w in terms if len(group) == 1]  # the user's own words, not the lexicon's
        candidates = []
        for clause_id, value in fused.items():
            clause = self.kb.clauses[clause_id]
            meta = self.kb.documents[clause.doc_id]
            cand = _Candidate(clause, value / top, self.coverage(terms, self._clause_terms[clause_id]))
            duties = [d for d in clause.duties if d.modality != "none" and d.subjects]
            score = cand.fused + self.W_COVERAGE * (cand.coverage + self.W_TITLE * self.title_coverage(terms, clause, cand.coverage))
            if wants_party and duties:
                score += self.W_DUTY
            if asked_parties and any(asked_parties & set(d.subjects) for d in duties):
                score += self.W_PARTY
            if actor and any(actor & set(d.subjects) for d in duties):
                score += self.W_ACTOR
            if wants_deadline and states_time(clause.text):
                score += self.W_DEADLINE
            if frame.slot == "items" and (any(r.lead_in for r in clause.obligations) or enumeration(clause)):
                score += self.W_LIST
            if region:
                score += self.W_REGION if self._in_region(region, clause) else 0
            elif clause.doc_id in named:
                score += self.W_NAMED
            elif meta.get("level") == "national":
                score += self.W_NATIONAL
            if meta.get("status") == "superseded":
                score -= self.P_SUPERSEDED
            if clause.kind == "preamble":
                score -= self.P_PREAMBLE
            if COVER_LETTER.search(clause.text):
                score -= self.P_PREAMBLE
            if _IMPORTERS_RULE.match(clause.text) and not _IMPORTED.search(question):
                score -= self.W_DUTY + self.W_PARTY + self.W_ACTOR  # the importers' rule, asked of registrants in general
            if _only_title(clause.text, meta):
                score -= self.P_COVER_LETTER
            if frame.slot != "items":
                score -= self.P_PASSING * self.W_COVERAGE * self.in_passing(terms, clause.text)
            cand.score = score
            cand.relevance = (score + cited.get(clause_id, 0.0) / cited_top - cand.fused
                              + self.W_ACTION * self.planner.fit(action, clause.text))
            holders = {p for r in clause.obligations for p in r.holders}
            if len(asked_parties) >= 2 and asked_parties <= holders:
                cand.relevance += self.W_ALL_HOLD
            if not self.record_features:
                candidates.append(cand)
                continue
            own_cov = self.coverage(own, self._clause_terms[clause_id])
            cand.features = rerank.features(
                fused=cand.fused, cited=cited.get(clause_id, 0.0) / cited_top, engines=engines.get(clause_id, (0.0, 0.0)),
                coverage=cand.coverage, own_coverage=own_cov,
                title=self.title_coverage(terms, clause, cand.coverage), fit=self.planner.fit(action, clause.text),
                actor_holds=bool(actor & holders), parties_hold=bool(asked_parties & holders),
                modality=rerank.modality_fits(frame.slot, clause), deadline=wants_deadline and states_time(clause.text),
                listing=frame.slot == "items" and any(r.lead_in for r in clause.obligations),
                level=str(meta.get("level", "")), region=(self._in_region(region, clause) if region else None),
                named=clause.doc_id in named, preamble=clause.kind == "preamble" or bool(COVER_LETTER.search(clause.text)),
                length=len(clause.text), depth=len(clause.path), passing=self.in_passing(terms, clause.text))
            candidates.append(cand)
        if self.record_features:
            rerank.with_ranks(candidates)
        if self.citation_order is not None:
            # The citations after the quoted clauses follow the fitted model (evals/pool_rerank_study.py).
            for cand in candidates:
                cand.relevance = rerank.score(self.citation_order, cand.features)
        candidates.sort(key=lambda c: (-c.score, c.clause.id))
        pool = _merge_pieces(candidates)
        # Below today's first few, the plans read the candidates in the fitted order (evals/pool_rerank_study.py).
        return rerank.reorder_pool(self.pool_order, pool) if self.pool_order is not None else pool

    def _in_region(self, region: str | None, clause: Clause) -> bool:
        meta = self.kb.documents[clause.doc_id]
        return bool(region) and region in str(meta.get("region", "")) + str(meta.get("title", ""))

    def region_bonus(self, question: str, clause: Clause) -> float:
        """For choosing the sentence an answer rests on: the text of the region the question
        names (湖北/山西/巴南) over a national one that matches about as well."""
        region = next((r for r in frames.REGIONS if r in question), None)
        return REGION_SENTENCE if self._in_region(region, clause) else 0.0

    # -- composing -----------------------------------------------------------------------

    def _cited(self, pool: list[_Candidate], evidence, k: int) -> tuple[Citation, ...]:
        """The clauses the answer text quotes, in the order it quotes them (citation [1] is the rule
        the answer rests on), then the other candidates by relevance, ``k`` in all or as many as are
        quoted."""
        by_id = {c.clause.id: c for c in pool}
        # A rule read from outside the candidates (the liability statements) is cited all the same.
        quoted = [by_id.get(e) or _Candidate(self.kb.clauses[e], 0.0) for e in dict.fromkeys(evidence)
                  if e in by_id or e in self.kb.clauses]
        rest = sorted((c for c in pool if c not in quoted), key=lambda c: (-c.relevance, c.clause.id))
        return tuple(self._citation(c.clause, c.relevance) for c in (quoted + rest)[:max(k, len(quoted))])

    def _citation(self, clause: Clause, score: float) -> Citation:
        meta = self.kb.documents[clause.doc_id]
        return Citation(clause.id, clause.doc_id, str(meta.get("title", clause.doc_id)), clause.ref, clause.text,
                        score, clause.path, str(meta.get("status", "in_force")), str(meta.get("level", "")))

    def _compose(self, frame: Frame, action_terms, ranked: list[_Candidate], pool: list[_Candidate],
                 k: int, turn: str = "") -> Answer:
        """The answer the plans (or the holder reading) make of the ``ranked`` candidates, citing
        the clauses its lines quote first, then the rest of the ``pool`` by relevance (``turn``: a follow-up's own
        words, when the frame's question is the follow-up read with the turn before it)."""
        question = frame.question
        # 不报罚多少: the sanction article shares fewer of the question's words than the duty it enforces,
        # so it is looked for further down the candidates.
        plan = self.planner.sanction(frame, pool[:SANCTION_CANDIDATES], action_terms) if frame.consequence else None
        plan = plan or self.planner.build(frame, ranked, action_terms, pool[:LIST_CANDIDATES], turn)
        if plan is not None:
            text, parties, evidence = self._completed(frame, action_terms, pool, "".join(plan.lines), plan.parties,
                                                      plan.evidence)
            signals = self._signals(frame, ranked, action_terms, text, evidence, plan.match, plan.satisfied,
                                    plan.verdict)
            return Answer(question, text, parties, self._cited(pool, evidence, k), False,
                          confidence(signals), "search", tuple(dict.fromkeys(evidence)), plan.verdict,
                          frame, signals=signals)
        terms = self.query_terms(question)
        wants_deadline = bool(frames.WHEN.search(question))
        yes_no = frames.yes_no(question) is not None and not _RESPONSIBILITY.search(question)
        best, best_duty, parties = self._holders(question, ranked, terms, set(frame.actor))
        extra = []
        subs = _sub_questions(question)
        if len(subs) >= 2:
            # 批记录谁来审核、谁来保存 / 先报哪里？之后谁去检查？: each part
            # asks for its own holder, and the answer names them all.
            answered = [self._holders(sub, ranked, self.query_terms(sub)) for sub in subs]
            answered = [a for a in answered if a[2]]
            if answered:
                best, best_duty, _ = answered[0]
                parties = tuple(dict.fromkeys(p for a in answered for p in a[2]))
                sentences = {best_duty.sentence}
                for sub_best, sub_duty, _ in answered[1:]:
                    if sub_duty.sentence not in sentences:
                        sentences.add(sub_duty.sentence)
                        extra.append((sub_best.clause, sub_duty))
        if not parties and best_duty.modality != "none" and not extra:
            # XXXX年度…自查报告…应于次年3月31日之前向药品监管部门提交: the sentence names no
            # holder; a sentence of another text that states the same rule names one.
            support = self._holder_elsewhere(ranked, best, best_duty, terms, wants_deadline)
            if support is not None:
                parties = self._asked_subjects(support[1], terms)
                extra.append(support)
        if parties and not extra and not yes_no and frame.slot == "who":
            # Asked who, not what is to be done: the one who oversees the holder's part is also an answer.
            overseer = self._overseer(best.clause, best_duty, parties)
            if overseer is not None:
                extra.append((best.clause, overseer))
                parties = tuple(dict.fromkeys((*parties, *overseer.subjects)))
        if len(parties) == 1 and not extra and not yes_no and _WHAT_TO_DO.search(question):
            # 生产条件变了，代工厂要怎么做: what the party must do is every duty the rule gives it, also those of its
            # other paragraphs (…应当立即整改… / 受托生产企业应当及时将变化情况告知注册人).
            extra += [(best.clause, duty) for duty in self._own_duties(best.clause, best_duty, parties, action_terms)]
        lines = []
        verdict = None
        if yes_no:
            said = _verdict(best_duty, must=frames.yes_no(question) == "whether_must")
            if said:
                lines.append(said)
                verdict = "no" if said.startswith(("不", "鼓励")) else "yes"
        # Several holders of a "who" question, each with a duty of its own: one line each.
        per_party = None
        if len(parties) >= 2 and not yes_no and best_duty.modality != "none":
            per_party = self.planner.party_lines(parties, [(best.clause, best_duty), *extra], action_terms)
        if parties and not per_party:
            post = frames.WITHIN.search(question) and PERSON.search(best_duty.sentence)
            lines.append(_lead(best_duty.modality, parties, post.group(0) if post else ""))
        told = RECIPIENT.search(best_duty.sentence)
        if told and frames.TO_WHOM.search(question) and not yes_no:
            # 要向哪个部门报告: the one it goes to is the answer, in the rule's words.
            lines.append(f"{told.group(0)}。")
        when = deadline(best_duty.sentence)
        if wants_deadline and when:
            lines.append(f"期限：{when}。")
        other = None if extra else self._second_source(ranked, best, best_duty, terms)
        if per_party:
            party_lines, evidence = per_party
            lines.append("\n".join(party_lines))
            if other is not None:
                lines.append("\n")
        else:
            lines.append(f"「{quotation(best.clause.text, best_duty.sentence)}」（{best.clause.ref}）")
            evidence = [best.clause.id]
            for clause, duty in extra:
                quoted = quotation(clause.text, duty.sentence)
                # (A duty whose paragraph is quoted already in part is quoted as its sentence alone.)
                said = "".join(lines)
                lines.append(f"「{duty.sentence if quoted[:20] in said else quoted}」（{clause.ref}）")
                evidence.append(clause.id)
        if other is not None:
            clause, duty = other
            # Consistent when the other text gives the same party the duty (maybe beside others).
            same = set(parties or best_duty.subjects) <= set(duty.subjects)
            levels = {self.kb.documents[c.doc_id].get("level") for c in (best.clause, clause)}
            if "national" in levels and len(levels) == 2:
                lead = "国家与地方文件均有规定，另见" if same else "国家与地方文件规定不同，另见"
            else:
                lead = "另见" if same else "另有规定"
            lines.append(f"{lead}{clause.ref}：「{quotation(clause.text, duty.sentence)}」")
            evidence.append(clause.id)
        status = self.kb.documents[best.clause.doc_id].get("status")
        if status == "superseded":
            lines.insert(0, "（现行文件中未找到依据，以下引自已被替代的文件。）")
        match = self.coverage(action_terms, frozenset(self.kb.tokenizer.tokens(self.without_parties(best_duty.sentence))))
        text, parties, evidence = self._completed(frame, action_terms, pool, "".join(lines), parties, evidence)
        signals = self._signals(frame, ranked, action_terms, text, evidence, match,
                                bool(parties) or frame.slot not in ("who", "department"), verdict)
        return Answer(question, text, parties, self._cited(pool, evidence, k), False, confidence(signals),
                      "search", tuple(evidence), verdict, frame, signals=signals)

    def _completed(self, frame: Frame, action_terms, pool, text: str, parties, evidence):
        """(text, parties, evidence) of an answer with what the fitted composition models add where they are
        shipped: the line of an asked party the answer left out (:mod:`qa_app.answer.partyline`), then the
        sentence after a quote that states what the answer still lacks (:mod:`qa_app.answer.readon`)."""
        text, parties, evidence = second_party(self.planner, frame, action_terms, pool, text, parties, evidence,
                                               self.party_line_model)
        clauses = [self.kb.clauses[e] for e in dict.fromkeys(evidence) if e in self.kb.clauses]
        return read_on(text, clauses, frame, action_terms, self.planner, self.read_on_model), parties, evidence

    def _holders(self, question: str, ranked: list[_Candidate], terms,
                 actor: set[str] | None = None) -> tuple[_Candidate, Duty, tuple[str, ...]]:
        """The governing sentence for a question and the parties that hold the duty it asks about
        (``actor``: the party the question's frame asks about, else read from the question)."""
        wants_deadline = bool(frames.WHEN.search(question))
        yes_no = frames.yes_no(question) is not None and not _RESPONSIBILITY.search(question)
        named_objects = self._object_parties(question)
        actor = self._actor(question, named_objects) if actor is None else actor
        objects = named_objects - actor
        # 该由代工厂查还是由注册人查: the parties offered as the choice (A还是B).
        named = self._named_parties(question) - objects
        offered = named if "还是" in question and len(named) >= 2 else set()
        best, best_duty = self._key_sentence(question, ranked[:3], terms, wants_deadline, yes_no, actor, objects,
                                             offered, bool(frames.WITHIN.search(question)))
        parties = self._asked_subjects(best_duty, terms) if best_duty.modality != "none" else ()
        joined = self._joined_parties(question) - objects
        # 由谁制定、由谁执行 asks for two holders; 由谁对谁考核 asks for one (the second is the object).
        whos = len(re.findall(r"(?<![对向给让])谁", question)) - len(re.findall(r"(?:督促|通知|告诉|告知|要求)谁", question))
        several = frames.several(question, tuple(self._named_parties(question))) or whos >= 2
        if several and len(parties) < 2:
            parties = self._all_holders(best.clause, best_duty, terms, actor) or parties
        elif len(joined) >= 2:
            # "经营企业和使用单位…向谁报告": the holders the question names, if it names them.
            named = tuple(p for p in self._all_holders(best.clause, best_duty, terms) if p in joined)
            parties = named or parties
        several = several or len(joined) >= 2
        if _BY_WHOM.search(question) and not several:
            # "目录由哪个部门制定": the 由X of the governing sentence, whatever its modality.
            parties = DutyAnnotator(self.lexicon).assigned(best_duty.sentence) or parties
        if actor and not several and len(parties) > 1 and actor & set(parties):
            # "经营企业遇到…该告诉谁", "某地省局查出问题…如何处置": the question is
            # about the duty of the party it names as actor.
            parties = tuple(p for p in parties if p in actor)
        wanted = {frames.SIDE_BUREAU[p] for p in self._governed(question) if p in frames.SIDE_BUREAU}
        if wanted and wanted <= {p for m in self.lexicon.mentions(best_duty.sentence) for p in m.parties}:
            # 受托企业平时由哪个省的药监局检查: of the bureaus the rule names, the one of the firm governed.
            parties = tuple(sorted(wanted))
        told = _OBJECT_WHO.search(question)
        if told:
            # 巴南区要督促谁落实…: the party the sentence's 督促 is aimed at.
            parties = self._told(best_duty.sentence, told.group(1)) or parties
        return best, best_duty, parties

    def _actor(self, question: str, named_objects: set[str] = frozenset()) -> set[str]:
        """The party whose duty a question asks about, when it names one: the party opening
        the clause that asks (甲方不再委托以后，受托方该向哪里报告？); failing
        that, the party the question opens with (医院发现…) and, outside 谁 questions, any party
        it names other than as an object (检验机构要做什么？) and the speaker (我们)."""
        if _BY_WHOM.search(question) or frames.GOVERNED_BY.search(question):
            return set()
        actor = self._clause_actor(question)
        if not actor:
            actor = self._leading_party(question)
            if not _RESPONSIBILITY.search(question):
                actor |= (self._named_parties(question) | _speaker(question)) - named_objects
        # 跨省委托…省局怎么分工 / 我们改成委托生产，要跟省局报吗: a bare 省局 is the bureau of a side.
        return set(frames.bureau_sides(question, sorted(actor), _speaker(question)))

    def _clause_actor(self, question: str) -> set[str]:
        """The party opening the clause that asks (…，受托方该向哪里报告？), or the
        party a 他们 (or 我们) there stands for; not in a 谁 clause, where the asked party is the
        subject. The asking clause comes last (代工厂名称改了几个字，注册人是否需要…？): the
        clauses are read from the end."""
        for part in reversed(re.split(r"[，,；;？?。！!]", question)):
            if not _ASKS.search(part) or _BY_WHOM.search(part) or _WHO_ACTS.search(part) or "还是" in part:
                continue
            if _THEY.match(part):
                # 乙方换了设备…，他们得告诉甲方吗: 他们 is the other party named before.
                speaker = _speaker(question)
                earlier = [m for m in self.question_lexicon.mentions(question[:question.find(part)])
                           if not set(m.parties) & speaker]
                if earlier:
                    return set(earlier[0].parties)
                continue
            mentions = self.question_lexicon.mentions(part)
            if re.match(rf"{_CLAUSE_LEAD.pattern}(?:{_WE})", part) and _speaker(question) and not (
                    mentions and _CLAUSE_LEAD.fullmatch(part[:mentions[0].start])):
                return _speaker(question)  # …，我们注册证那边得去办变更吗
            if not mentions or not _CLAUSE_LEAD.fullmatch(part[:mentions[0].start]):
                continue
            group = with_conjuncts_forward(part, mentions, mentions[0], _AND_WITH_ADJECTIVE)
            # …的X / …平时的X: an owner; …会被约谈: the one acted on; …是: a statement about it.
            if not re.match(r"(?:平时|日常|自己|本身|这边|那边)?的|是(?!否)|(?:会|将|要|是否|可能)?被", part[group[-1].end:]):
                return {p for m in group for p in m.parties}
        return set()

    def _acted_on(self, sentence: str) -> set[str]:
        """The parties a sentence names right after 对 (对注册人生产活动开展日常监督检查 -> 注册人/备案人)."""
        return {p for m in self.lexicon.mentions(sentence) if sentence[max(0, m.start - 1):m.start] == "对"
                for p in m.parties}

    def _told(self, sentence: str, verb: str) -> tuple[str, ...]:
        """The parties a sentence names right after a verb such as 督促 (督促经营企业和使用单位落实…)."""
        mentions = self.lexicon.mentions(sentence)
        for at in (m.end() for m in re.finditer(verb, sentence)):
            head = next((m for m in mentions if at <= m.start <= at + 4), None)
            if head is not None:
                return with_conjuncts(sentence, mentions, head)
        return ()

    def _key_sentence(self, question: str, top: list[_Candidate], terms: list[tuple[frozenset[str], float]],
                      wants_deadline: bool, yes_no: bool = False, actor: set[str] = frozenset(),
                      objects: set[str] = frozenset(), offered: set[str] = frozenset(), within: bool = False):
        """The sentence the answer rests on: the best-covered duty sentence of the top clauses. Asked which
        of the ``offered`` parties holds a duty, a sentence about another kind of party answers neither
        (经营企业…对客户投诉的质量问题应当查明原因, asked whether the contract maker or the registrant does).
        Asked who ``within`` a firm does it, a sentence naming the post that does (由质量管理部门负责人组织…) answers."""
        governed = bool(frames.GOVERNED_BY.search(question))

        def score(rank: int, cand: _Candidate, duty: Duty, carried: str = "") -> float:
            value = self._sentence_coverage(terms, duty.sentence + carried) - 0.15 * rank
            if duty.modality != "none" and duty.subjects:
                value += 0.2
            if wants_deadline and states_time(duty.sentence):
                value += 0.3
            if yes_no and (_PROHIBITS.search(duty.sentence) or duty.modality == "permission"):
                value += 0.3
            if actor and actor & set(duty.subjects):
                value += 0.25
            if within and PERSON.search(duty.sentence):
                value += 0.25
            if objects and duty.subjects and set(duty.subjects) <= objects:
                value -= 0.25
            if governed and objects & self._acted_on(duty.sentence):
                value += 0.25  # 注册人归哪个局查: the rule that has a bureau 对注册人…检查
            if offered and duty.subjects and not offered & set(duty.subjects):
                value -= self.P_COVER_LETTER  # only when no sentence of an offered party is left
            if COVER_LETTER.search(duty.sentence):
                value -= self.P_COVER_LETTER  # only when nothing else is left
            if duty.modality == "none" and _heading(cand.clause.text):
                value -= self.P_COVER_LETTER  # a heading (…编写模板（进口…适用）) says nothing itself
            return value + self.region_bonus(question, cand.clause)

        # Every sentence competes, however far its penalties put it down (those penalties apply "only when nothing
        # else is left"): a floor would leave no sentence at all where all of them are penalized.
        best_score, choice = float("-inf"), None
        for rank, cand in enumerate(top):
            for duty in cand.clause.duties or (Duty(cand.clause.text, 0, (), (), "none"),):
                value = score(rank, cand, duty)
                if value > best_score:
                    best_score, choice = value, (cand, duty)
        if choice is None:
            return choice
        # Within the clause chosen, a duty whose holder is carried from the sentence before (生产企业应当建立评估
        # 制度。…经评估发现…重大缺陷…时，应当中止采购) is as much that party's as one that names it.
        cand = choice[0]
        if not cand.clause.duties:
            return choice
        rank = top.index(cand)

        def carried(duty: Duty) -> float:
            return score(rank, cand, duty, "".join(p for p in duty.subjects if p not in duty.sentence))
        return cand, max(cand.clause.duties, key=carried)

    def _leading_party(self, question: str) -> set[str]:
        """The party a question opens with (医院发现…, 代工厂那边…, 经营企业…), unless it only
        sets the scene (甲方在A省、乙方在B省，…) or owns something (代工厂的…)."""
        mentions = self.question_lexicon.mentions(question)
        if not mentions or mentions[0].start != 0:
            return set()
        rest = question[mentions[0].end:]
        if rest.startswith("的") or re.match(r"在[^，、。？]{1,8}[，、]", rest) or _REPLACED.match(rest):
            return set()
        return set(mentions[0].parties)

    def _joined_parties(self, question: str) -> set[str]:
        """Parties the question names side by side (注册人和受托生产企业, 经营企业、使用单位)."""
        mentions = self.question_lexicon.mentions(question)
        joined: set[str] = set()
        for a, b in zip(mentions, mentions[1:]):
            if _AND.fullmatch(question[a.end:b.start]):
                joined.update(a.parties + b.parties)
        return joined

    def _object_parties(self, question: str) -> set[str]:
        """Parties a question names only as the object or owner of something (对受托方的现场
        检查, 受托方提出的变更, 持有人上报的结果): not who it asks about."""
        mentions = self.question_lexicon.mentions(question)
        out: set[str] = set()
        group: list = []
        # 使用单位的某份报告何时提交: outside a 谁 question the owner is the one asked about.
        owner_is_object = bool(_RESPONSIBILITY.search(question))
        for i, m in enumerate(mentions):
            group.append(m)
            nxt = mentions[i + 1] if i + 1 < len(mentions) else None
            if nxt is not None and _AND.fullmatch(question[m.end:nxt.start]):
                continue
            before = question[max(0, group[0].start - 6):group[0].start]
            after = question[m.end:m.end + 4]
            if (_OBJECT_MARK.search(before) or (owner_is_object and re.match(r"^[^，。？！、\s]{0,2}的", after))
                    or _REPLACED.match(question, m.end)):
                out.update(p for g in group for p in g.parties)
            group = []
        out |= self._governed(question)
        return set(frames.bureau_sides(question, sorted(out), _speaker(question)))

    def _governed(self, question: str) -> set[str]:
        """The firms a question asks which authority governs (代工厂平时归哪个省的药监局管 -> 受托生产企业): those
        the clause that asks names, else the asker's side where it says 我们 / 公司 there, else the manufacturer
        where it says 工厂 / 厂子; empty for any other question."""
        asking = next((p for p in reversed(re.split(r"[，,。；;？?！!]", question)) if frames.GOVERNED_BY.search(p)), "")
        if not asking:
            return set()
        firms = {p for m in self.question_lexicon.mentions(asking) for p in m.parties if "部门" not in p}
        if firms:
            return firms
        if re.search(rf"{_WE}|我司|公司|品牌方|甲方", asking):
            return _speaker(question) or {"注册人/备案人"}
        return {"受托生产企业"} if re.search(r"工厂|厂子|厂家|代工|乙方|[这那该]家厂", asking) else set()

    def _named_parties(self, question: str) -> set[str]:
        return {p for m in self.question_lexicon.mentions(question) for p in m.parties}

    def _all_holders(self, clause: Clause, best_duty: Duty, terms, wanted: set[str] = frozenset()) -> tuple[str, ...]:
        """"各自 / 分别 / 双方" questions: every party holding a duty the question touches,
        across the sentences of the governing clause (any duty of a party in ``wanted``, the
        parties the question asks about: 甲乙双方各自该做哪些事)."""
        base = self.coverage(terms, frozenset(self.kb.tokenizer.tokens(best_duty.sentence)))
        holders: dict[str, None] = {}
        for duty in clause.duties:
            if duty.modality == "none" or not duty.subjects:
                continue
            coverage = self.coverage(terms, frozenset(self.kb.tokenizer.tokens(duty.sentence)))
            if duty is best_duty or coverage >= 0.6 * base or (coverage > 0 and wanted & set(duty.subjects)):
                holders.update(dict.fromkeys(duty.subjects))
                # 注册人应当与受托生产企业共同调查: the partner takes part in the duty too.
                holders.update(dict.fromkeys(p for m in self.lexicon.mentions(duty.sentence)
                                             if duty.sentence[m.start - 1:m.start] in ("与", "和", "同")
                                             and duty.sentence[m.end:m.end + 2] == "共同" for p in m.parties))
        return tuple(holders)

    def _asked_subjects(self, duty: Duty, terms: list[tuple[frozenset[str], float]]) -> tuple[str, ...]:
        """A sentence may give two parties two duties (注册人负责上市放行，受托生产企业负责生产
        放行): keep the subject of the part the question asks about, or of every part that
        matches it equally well (省级部门应当建立…第二类、第三类…信用档案，设区的市级部门应当建立
        …第一类…信用档案). A part with no subject of its own continues the one before it."""
        annotator = DutyAnnotator(self.lexicon)
        current: tuple[str, ...] = ()  # () = the sentence's own subjects
        matched: dict[tuple[str, ...], float] = {}
        asked = product_classes(" ".join(m for group, _ in terms for m in group))
        fitting: dict[bool, list[tuple[str, ...]]] = {}  # the holders of parts naming a class: asked or other
        for part, joined in self._parts_of(duty.sentence):
            if part.endswith(("的", "时")):
                continue  # a condition (…未采取有效措施消除的), not a duty
            # What a part is about, without the parties it names (they are who, not what); a part made for other
            # classes of device than the one asked (…监督指导第一类…, asked of 二类器械) is not about it.
            named = product_classes(part)
            cov = 0.0 if asked and named and not asked & named else self.coverage(
                terms, frozenset(self.kb.tokenizer.tokens(self.without_parties(part))))
            # A fragment read alone can mistake an object for a subject (对受托生产企业…检查中);
            # one that opens with a party has its own (必要时，注册人和受托生产企业所在地省级…可以…).
            opens = self.lexicon.mentions(part.strip())[:1]
            own = bool(opens) and opens[0].start == 0
            if joined:
                # …、各市市场监督管理部门监督指导第一类…: the party opening it holds the part, as the one before
                # held the part before (the modal word, if any, stands once for both).
                current = tuple(p for p in opens[0].parties if p in duty.parties) or current
            elif own or len(duty.subjects) >= 2:
                sub = annotator.annotate_sentence(part)
                subjects = tuple(p for p in sub.subjects if p in (duty.parties if own else duty.subjects))
                # 省局组织对二类以上…开展监督检查，各市…负责第一类…: a part where its party acts with no modal word.
                acting = tuple(p for p in _acting_subject(part.strip(), opens) if p in duty.parties) if own else ()
                if sub.modality != "none" and subjects:
                    current = subjects
                elif acting:
                    current = acting
            matched[current] = max(matched.get(current, 0.0), cov)
            if asked and named:
                # A part made for the class asked, beside one made for another: the class decides.
                fitting.setdefault(bool(asked & named), []).append(current)
        base = matched.pop((), 0.0)
        top = max(matched.values(), default=0.0)
        if fitting.get(True) and fitting.get(False) and all(fitting[True]):
            return tuple(dict.fromkeys(p for subjects in fitting[True] for p in subjects))
        if not matched or top <= base + 0.1:
            return duty.subjects
        return tuple(dict.fromkeys(p for subjects, cov in matched.items() if cov >= top - 0.02 for p in subjects))

    def _parts_of(self, sentence: str) -> list[tuple[str, bool]]:
        """The parts of a sentence split at commas, and at a 、 that opens another party's part
        (省药监局监督指导二类以上…企业、各市市场监督管理部门监督指导第一类…: the part before it says more than
        parties, so the 、 joins two duties, not the parties of one list); each with whether it opens so."""
        def bureau(mention) -> bool:
            return any("部门" in p for p in mention.parties)

        out = []
        for part in re.split(r"[，；,;]", sentence):
            start, joined = 0, False
            for m in self.lexicon.mentions(part):
                if m.start > start + 1 and part[m.start - 1] == "、":
                    before = part[start:m.start - 1]
                    said = self.lexicon.mentions(before)
                    words = before
                    for one in reversed(said):
                        words = words[:one.start] + words[one.end:]
                    # The party after 、 is of the kind of the one opening the part (a bureau beside a bureau), not
                    # of the kind just before it (…注册人、受托生产企业信用档案: objects listed).
                    parallel = bool(said) and said[0].start == 0 and bureau(said[0]) == bureau(m) and not (
                        said[-1].end == len(before) and bureau(said[-1]) == bureau(m))
                    if parallel and len(re.sub(r"[和与及或、]", "", words)) >= 4:
                        out.append((before, joined))
                        start, joined = m.start, True
            out.append((part[start:], joined))
        return out

    def _holder_elsewhere(self, ranked, best, best_duty, terms, wants_deadline: bool):
        """The best-matching duty sentence with a named holder among the other top clauses,
        if it matches the question about as well as the governing sentence does."""
        floor = 0.8 * self.coverage(terms, frozenset(self.kb.tokenizer.tokens(best_duty.sentence)))
        # A guide's opening names whom it addresses (…注册人、备案人、受托生产企业依据…开展年度自查): a
        # holder from another sector of the trade (经营企业 of the distribution rules) is not its.
        addressed = self.addressees(best.clause.doc_id)
        choice, best_cov = None, 0.0
        for cand in ranked[:5]:
            if cand is best:
                continue
            for duty in cand.clause.duties:
                if duty.modality == "none" or not duty.subjects:
                    continue
                if addressed and not {_SECTOR.get(s, s) for s in duty.subjects} <= addressed:
                    continue
                if wants_deadline and not states_time(duty.sentence):
                    continue
                cov = self.coverage(terms, frozenset(self.kb.tokenizer.tokens(duty.sentence)))
                if cov >= floor and cov > best_cov:
                    choice, best_cov = (cand.clause, duty), cov
        return choice

    @cached_property
    def _addressed(self) -> dict[str, frozenset[str]]:
        """The sectors of the trade (:data:`_SECTOR`) each document's opening (its preamble clause)
        names parties of, by document id."""
        openings = ((doc_id, self.kb.clauses.get(f"{doc_id}:pre")) for doc_id in self.kb.documents)
        return {doc_id: frozenset(_SECTOR.get(p, p) for p in self.planner.parties_in(opening.text))
                for doc_id, opening in openings if opening is not None}

    def addressees(self, doc_id: str) -> frozenset[str]:
        """Whom a document is for, by sector of the trade; empty where it has no preamble or it names none."""
        return self._addressed.get(doc_id, frozenset())

    def without_parties(self, text: str, lexicon: PartyLexicon | None = None) -> str:
        """The text with the party names cut out (they say who, not what)."""
        pieces, at = [], 0
        for m in (lexicon or self.lexicon).mentions(text):
            pieces.append(text[at:m.start])
            at = m.end
        return "".join(pieces) + text[at:]

    def _overseer(self, clause: Clause, duty: Duty, parties: tuple[str, ...]) -> Duty | None:
        """The sentence after the answering one that gives another party the oversight of what it asks
        (受托生产企业应当…建立相应管理制度。注册人应当加强对受托生产企业的监督和指导，确保…落实到位):
        the matter is then both parties', each its own part."""
        for later in clause.duties:
            if (later.start > duty.start and later.modality in ("obligation", "recommendation") and later.subjects
                    and not set(later.subjects) & set(parties) and OVERSIGHT.search(later.sentence)
                    and set(parties) & self.planner.parties_in(later.sentence)):
                return later
        return None

    def _own_duties(self, clause: Clause, quoted: Duty, parties: tuple[str, ...], terms) -> list[Duty]:
        """The duties of ``parties`` in the other paragraphs of ``clause`` than the one quoted for ``quoted`` that
        share a word with the question (at most :data:`OWN_DUTIES_MAX`, in the clause's order)."""
        said = quotation(clause.text, quoted.sentence)
        out = []
        for duty in clause.duties:
            if (duty.modality in _BINDING and set(parties) & set(duty.subjects) and duty.sentence not in said
                    and self.planner.fit(terms, duty.sentence) >= OWN_DUTY_FIT
                    and all(duty.sentence not in quotation(clause.text, d.sentence) for d in out)):
                out.append(duty)
        return out[:OWN_DUTIES_MAX]

    def _second_source(self, ranked, best, best_duty, terms):
        """The best-matching duty sentence of another document (e.g. national beside
        provincial) that speaks to the same question, if any matches well."""
        if best_duty.modality == "none":
            return None
        choice, best_cov = None, 0.5
        for cand in ranked[1:3]:
            if cand.clause.doc_id == best.clause.doc_id or cand.coverage < self.MIN_COVERAGE:
                continue
            for duty in cand.clause.duties:
                if duty.modality != "none" and duty.subjects:
                    cov = self._sentence_coverage(terms, duty.sentence)
                    if cov > best_cov:
                        choice, best_cov = (cand.clause, duty), cov
        return choice

    def _reference_answer(self, question: str, reference, k: int) -> Answer:
        cite = self.kb.documents[reference.doc_id].get("cite_as") or reference.doc_id
        if not reference.found:
            numbers = [c.number for c in self.kb.clauses.values() if c.doc_id == reference.doc_id and c.number]
            span = f"（该文件共{max(numbers)}条）" if numbers else ""
            return Answer(question, f"{NO_BASIS}{cite}中没有{reference.label}{span}。", (), (), True, SURE_ABSTENTION,
                          "no_basis")
        clauses = list(reference.clauses)
        citations = tuple(self._citation(c, 1.0) for c in clauses[:k])
        subjects: dict[str, None] = {}
        for clause in clauses:
            subjects.update(dict.fromkeys(clause.subjects))
        named = self._named_parties(question)
        if named & set(subjects):
            # "条例第三十六条对受托生产企业有什么要求": the duties of the party asked about.
            subjects = dict.fromkeys(p for p in subjects if p in named)
        first = clauses[0]
        text = first.text if len(clauses) == 1 else "\n".join(c.text for c in clauses)
        summary = f"{first.ref}规定：「{_shorten(text)}」"
        return Answer(question, summary, tuple(subjects), citations, False, 1.0, "reference",
                      tuple(c.id for c in clauses))

    def _basis(self, question: str, previous: str, answered: Answer, why: bool) -> Answer:
        """Why, or where the texts say so, of the answer just given: each clause it quoted, with the text
        and reference (the whole clause when it is short, else the sentences the answer quoted), for a why
        the sentence that says what the rule is for (its own 确保… or its text's 为了…制定本办法), and the same
        rule where another text states it."""
        quoted = [self.kb.clauses[e] for e in answered.evidence or [c.clause_id for c in answered.citations[:1]]
                  if e in self.kb.clauses]
        said = _QUOTED.findall(answered.answer)
        lines, evidence = [], []
        for clause in quoted:
            mine = [s for s in said if s in clause.text]
            text = clause.text.strip() if not mine or why and len(clause.text) <= BASIS_WHOLE else "……".join(mine)
            lines.append(f"{self._source(clause)}：「{_NUMBERING.sub('', _BREAKS.sub('', text))}」")
            evidence.append(clause.id)
        if why and quoted and not PURPOSE.search(lines[0]):
            aim = self._purpose(quoted[0].doc_id)
            if aim is not None:
                aim_text = re.split(r"(?<=[。：])", _NUMBERING.sub("", aim.text.strip()))[0]
                lines.append(f"该文件的制定目的：「{aim_text}」（{self._source(aim)}）")
                evidence.append(aim.id)
        for clause, sentence in self._same_rule(quoted, said):
            lines.append(f"其他文件的相同规定：{self._source(clause)}：「{sentence}」")
            evidence.append(clause.id)
        for clause, sentence in self._made_under(quoted):
            lines.append(f"该目录的制定依据：{self._source(clause)}：「{sentence}」")
            evidence.append(clause.id)
        lead = "理由与依据：" if why else "出处："
        cited = [self._citation(self.kb.clauses[e], 1.0) for e in dict.fromkeys(evidence)]
        cited += [c for c in answered.citations if c.clause_id not in evidence]
        return Answer(question, lead + "\n".join(lines), answered.parties, tuple(cited), False, answered.confidence,
                      "search", tuple(dict.fromkeys(evidence)), None, answered.frame,
                      resolved_question=f"{previous}{BASIS_ASKED}{'为什么这样规定' if why else '依据出自哪个文件哪一条'}？")

    def followup_readings(self, question: str, previous: str, history: Sequence[tuple[str, Answer]], k: int = 5,
                          doc_ids=None, in_force_only: bool = True, levels=None,
                          exclude: frozenset[str] = frozenset(),
                          generators: tuple[str, ...] = followup.ANSWERED) -> list[tuple[str, frozenset[str], Answer]]:
        """The candidate readings of a follow-up (:func:`followup.readings`), each with the generators that
        made it and its answer: the turn alone is answered as a question of its own, any other reading as
        :meth:`_read_as` answers it."""
        answered = history[-1][1]
        out = []
        for reading, made in followup.readings(question, previous, self.question_lexicon, answered.parties,
                                               self._terms, self.planner.time_case_lists, answered.answer,
                                               generators):
            if reading == question:
                answer = self.ask(question, k, doc_ids=doc_ids, in_force_only=in_force_only, levels=levels,
                                  exclude=exclude)
            else:
                answer = self._read_as(question, reading, previous, history, k, doc_ids, in_force_only, levels,
                                       exclude)
            out.append((reading, made, answer))
        return out

    def _read_as(self, question: str, resolved: str, previous: str, history: Sequence[tuple[str, Answer]], k: int,
                 doc_ids, in_force_only: bool, levels, exclude: frozenset[str]) -> Answer:
        """The answer to the follow-up ``question`` read as ``resolved`` (a question of its own, built from the
        previous one): 还有吗 gets what was not quoted yet, 然后呢 the clause's next rules, and an answer that
        would repeat the one before gets the next one instead."""
        answered = history[-1][1]
        same = followup.unmarked(previous)
        earlier = [a for q, a in history if followup.unmarked(a.resolved_question or q) == same]
        said = [s for a in earlier for s in _QUOTED.findall(a.answer)]
        if followup.asks_more(question):
            # 还有吗 / 还得干啥: the rest of the clause just quoted, else the same question without
            # the clauses quoted for it already.
            rest = self._rest_of_clause(question, resolved, answered, said)
            if rest is not None:
                return rest
            exclude = frozenset(e for a in earlier for e in a.evidence or [c.clause_id for c in a.citations[:1]])
        answer = self.ask(resolved, k, doc_ids=doc_ids, in_force_only=in_force_only, levels=levels,
                          exclude=exclude, turn=question)
        quoted, before = _QUOTED.findall(answer.answer), _QUOTED.findall(answered.answer)
        if followup.asks_next(question) and not answer.abstained and quoted \
                and all(any(q in s or s in q for s in before) for q in quoted):
            # 查出问题之后呢: a turn asking on gets the clause's next rules, not the quote it just had
            # (nor a part of it: a party's line may have quoted more of the paragraph than this answer does;
            # nor the same quote again inside the paragraph it belongs to).
            answer = self._rest_of_clause(question, resolved, answered, said) or answer
        if answer.answer == answered.answer and not answer.abstained:
            answer = self._not_again(question, previous, resolved, answer, k, doc_ids, in_force_only, levels,
                                     exclude)
        if exclude and answer.evidence and set(answer.evidence) <= exclude:
            # The plan went back to what was quoted (a list's other items, a clause's parent).
            answer = Answer(resolved, NOTHING_MORE, (), (), True, UNSURE_ABSTENTION, "no_basis")
        return replace(answer, question=question, resolved_question=resolved)

    def _not_again(self, question: str, previous: str, resolved: str, again: Answer, k, doc_ids, in_force_only,
                   levels, exclude: frozenset[str]) -> Answer:
        """A follow-up answered word for word as the turn before it, though it asks about something the
        quoted rule does not mention (证上的地址怎么处理 after the rule on marking the certificate): the rule
        that decided the turn before is set aside, and the answer from the next rules is given if what it
        quotes has every word the follow-up itself asks about. Else the repeat stands (那受托方也得报吗:
        the same rule names the other party too). A time word (多久, 时限) is what is asked, not a topic."""
        own = [(group, weight) for group, weight in self.action_terms(question)
               if not frames.WHEN.search("".join(group)) and not self.planner.fit([(group, weight)], previous)]
        quoted = "".join(_QUOTED.findall(again.answer))
        if not own or self.planner.fit(own, quoted) == 1.0:
            return again
        other = self.ask(resolved, k, doc_ids=doc_ids, in_force_only=in_force_only, levels=levels,
                         exclude=exclude | set(again.evidence), turn=question)
        if other.abstained or other.evidence[0] not in {c.clause_id for c in again.citations} \
                or self.planner.fit(own, "".join(_QUOTED.findall(other.answer))) < 1.0:
            return again
        # The rule set aside is still related: it is cited after the ones the new answer quotes.
        cited = [c for c in other.citations if c.clause_id in other.evidence]
        cited += [c for c in again.citations if c.clause_id in again.evidence and c not in cited]
        cited += [c for c in other.citations if c not in cited]
        return replace(other, citations=tuple(cited[:max(k, len(other.evidence))]))

    def _rest_of_clause(self, question: str, resolved: str, answered: Answer, said: list[str]) -> Answer | None:
        """What else the clause the previous answer quoted first says: its rules not quoted yet (``said``), those
        after the quoted part when there are any (what comes next), of the party that answer named or of no one
        in particular; None when it has none left."""
        # An answer read back from the chat history keeps no evidence: its first citation is the clause quoted.
        quoted = answered.evidence or [c.clause_id for c in answered.citations[:1]]
        clause = next((self.kb.clauses[e] for e in quoted if e in self.kb.clauses), None)
        if clause is None:
            return None
        at = [clause.text.find(s) for s in said if s in clause.text]
        wanted = set(answered.parties)
        rest: dict[str, int] = {}
        for rule in clause.obligations:
            if any(rule.sentence in s for s in said) or wanted and rule.holders and not wanted & set(rule.holders):
                continue
            rest.setdefault(rule.sentence, rule.start)
        if not at or not rest:
            return None
        after = [s for s in rest if rest[s] > min(at)]
        order = sorted(after or rest, key=rest.get)[:REST_RULES]
        text = "除前面已引用的内容外，同一条还规定：" + "".join(f"「{s}」" for s in order) + f"（{clause.ref}）"
        cited = (self._citation(clause, 1.0), *(c for c in answered.citations if c.clause_id != clause.id))
        return Answer(question, text, answered.parties, cited, False, answered.confidence, "search", (clause.id,),
                      None, answered.frame, resolved_question=resolved)

    def _left_out(self, question: str, previous: str, answered: Answer, doubted: tuple[str, ...]) -> Answer | None:
        """Whether a party is out of the matter the previous question asked about, as the turn doubts
        (代工厂就完全不用管了？): the rule of that party in the clauses the answer quoted or cited that fits the
        matter best says no, it has its part (or yes, when the rule says it need not); None when none fits."""
        terms = self.query_terms(previous)
        first = set(answered.evidence)
        best = None
        for cited in answered.citations:
            clause = self.kb.clauses.get(cited.clause_id)
            for rule in clause.obligations if clause is not None else ():
                if not set(rule.holders) & set(doubted) & self.planner.parties_in(rule.sentence):
                    continue
                fit = self.coverage(terms, frozenset(self.kb.tokenizer.tokens(self.without_parties(rule.sentence))))
                # A rule of the clause quoted is about the matter already; one of a clause only cited must fit it.
                if clause.id in first or fit >= MIN_MATCH / 2:
                    score = fit + (QUOTED_BONUS if clause.id in first else 0.0)
                    best = best if best is not None and best[0] >= score else (score, clause, rule)
        if best is None:
            return None
        _, clause, rule = best
        name = "、".join(p.split("/")[0] for p in doubted)
        verdict = "yes" if rule.modality == "no_need" else "no"
        lead = f"是的，{name}无需为之。" if verdict == "yes" else f"不是。{name}在此也有相应的义务。"
        text = f"{lead}「{quotation(clause.text, rule.sentence)}」（{clause.ref}）"
        cited = (self._citation(clause, 1.0), *(c for c in answered.citations if c.clause_id != clause.id))
        return Answer(question, text, doubted, cited, False, answered.confidence, "search", (clause.id,), verdict,
                      answered.frame, resolved_question=f"{previous}{BASIS_ASKED}{name}是否完全不用管？")

    def _source(self, clause: Clause) -> str:
        """A clause's reference with its text's full title when the reference gives only a number
        (2024年第38号公告 第（八）条 -> …（《国家药监局关于…的公告》）)."""
        if "《" in clause.ref:
            return clause.ref
        return f"{clause.ref}（《{self.kb.documents[clause.doc_id].get('title', clause.doc_id)}》）"

    def _purpose(self, doc_id: str) -> Clause | None:
        """The clause of a text that says what it is for (第一条 为了…，制定本办法 / a notice's 为贯彻…)."""
        return next((c for c in self.kb.clauses.values() if c.doc_id == doc_id and _AIMS.match(c.text)), None)

    def _made_under(self, quoted: list[Clause]) -> list[tuple[Clause, str]]:
        """For an entry of a catalogue the answer quoted (植入式心脏起搏器 in 禁止委托生产医疗器械目录), the
        article the catalogue is made under: the sentence of an article of another text that has the
        catalogue published (具体目录由…制定、调整并公布) and shares most of the catalogue title's words. The
        entry says only what is listed; the article says what the listing means."""
        found: list[tuple[Clause, str]] = []
        for doc_id in dict.fromkeys(c.doc_id for c in quoted):
            meta = self.kb.documents[doc_id]
            if meta.get("kind") != "catalog":
                continue
            title = [(frozenset({t}), self.weight(t)) for t in set(self.kb.tokenizer.tokens(str(meta.get("title", ""))))
                     if len(t) > 1 and "目录" not in t and self.weight(t)]
            best, share = None, 0.5
            for clause in self.kb.clauses.values():
                if clause.kind != "article" or clause.doc_id == doc_id:
                    continue
                for sentence in re.split(r"(?<=[。；])", clause.text):
                    fit = self.planner.fit(title, sentence) if _LISTED_BY.search(sentence) else 0.0
                    if fit > share:
                        best, share = (clause, sentence.strip()), fit
            if best is not None:
                found.append(best)
        return found

    def _same_rule(self, quoted: list[Clause], said: list[str]) -> list[tuple[Clause, str]]:
        """The rules the answer quoted as other texts state them: a rule of another text with the same
        modality whose action shares most of its words (受托生产的产品不得再次委托生产 beside
        受托医疗器械生产不得再次委托), searched for with the quoted rule's own sentence."""
        rules = [r for c in quoted for r in c.obligations if r.action and any(r.sentence in s or s in r.sentence for s in said)]
        docs = {c.doc_id for c in quoted}
        found: list[tuple[Clause, str]] = []
        for rule in rules[:2]:
            frame = self.frame(rule.sentence)
            for candidate in self._rank(frame, self.action_terms(rule.sentence), None, True, None)[:PLAN_CANDIDATES * 2]:
                clause = candidate.clause
                if clause.doc_id in docs:
                    continue
                other = next((r for r in clause.obligations if r.modality == rule.modality and r.action
                              and _alike(r.action, rule.action)), None)
                if other is not None:
                    docs.add(clause.doc_id)
                    found.append((clause, other.sentence))
        return found[:SAME_RULE_TEXTS]

    def _abstain(self, question: str, related: list[_Candidate], kind: str, reason: str = "") -> Answer:
        citations = tuple(self._citation(c.clause, c.score) for c in related[:3])
        text = NO_BASIS + reason + ("以下条款可能相关，仅供参考。" if citations else "")
        # Saying "not covered" is itself an answer: sure when the question is about another
        # field (scope.yaml), less so when nothing matched well enough.
        return Answer(question, text, (), citations, True, SURE_ABSTENTION if kind == "out_of_scope" else
                      UNSURE_ABSTENTION, kind)


# A quoted clause this short is shown whole when its basis is asked (its other sentences often say what the
# rule is for or who sets it down); a longer one shows the sentences the answer quoted.
BASIS_WHOLE = 300
# The other texts stating a quoted rule that an answer about its basis names at most.
SAME_RULE_TEXTS = 2
# A party's rule in a clause the previous answer quoted beats a somewhat better fitting one in a clause it
# only cited.
QUOTED_BONUS = 0.2
# What an answer quotes: 「…」.
_QUOTED = re.compile(r"「([^」]+)」")
# The rules of a clause given at most when asked what else it says.
REST_RULES = 3
# The paragraph breaks inside a clause, left out when it is quoted on one line.
_BREAKS = re.compile(r"\s*\n\s*")
# 具体目录由国务院药品监督管理部门制定、调整并公布: a sentence that has a catalogue made.
_LISTED_BY = re.compile(r"目录由[^。；]{0,30}(?:制定|公布)")
# How a why or source turn is shown as read: the question it is about, this mark, what it asks of the answer.
BASIS_ASKED = "——"
# What a rule is for, in its own words: 确保… / 保证… / 以便… / 为了….
PURPOSE = re.compile(r"(?:确保|保证|保障|以便|为了|旨在|防止|避免)[^，。；」]*")
# A text's opening that says what it is for: 第一条 为了…，制定本办法 / 为贯彻实施…，现…公告如下.
_AIMS = re.compile(r"^(?:第一条)?[\s\u00a0\u3000]*为(?:了|贯彻|进一步|加强|规范|保证)")
# A clause's own numbering (（三） / 第十七条), which the reference beside the quote already gives.
_NUMBERING = re.compile(r"^(?:（[一二三四五六七八九十]+）|第[一二三四五六七八九十百零]+条)[\s\u00a0\u3000]*")


def _alike(one: str, other: str) -> bool:
    """Whether two rules' actions are one (再次委托 / 再次委托生产): most of the shorter one's character
    pairs are in the longer one."""
    short, long = sorted((bigrams(one), bigrams(other)), key=len)
    return bool(short) and len(short & long) / len(short) >= 0.75


# Words that ask rather than say what is asked about.
_QUESTION_WORDS = frozenset({"需要", "可以", "应当", "必须", "是否", "能否", "什么", "哪些", "怎么", "如何", "要求",
                             "规定", "问题", "情况", "企业", "医疗器械", "有没有", "能不能",
                             "各自", "分别", "双方", "方面"})


_WE = frames.WE
_speaker = frames.speaker


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Japanese kana and Korean hangul: never part of a Chinese question.
_KANA_HANGUL = re.compile(r"[\u3040-\u30ff\u1100-\u11ff\uac00-\ud7af]")
# A word of a language written in letters; an all-capital one (QA, OEM, UDI, GMP, ISO13485) is a
# term Chinese staff use inside Chinese sentences, not a sign of another language.
_WORD = re.compile(r"[^\W\d_\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]+")


def not_chinese(question: str) -> bool:
    """A question asked in another language (Who is responsible for release?, 誰が…ですか): kana
    or hangul; or no Chinese character but letters; or at least two words in letters that are
    not capital abbreviations, more than half as many as the Chinese characters (Who is
    responsible for 上市放行?, while 请问medical device注册人是谁 is still Chinese)."""
    han = len(_HAN.findall(question))
    if len(_KANA_HANGUL.findall(question)) >= 2:
        return True
    if not han:
        return bool(_WORD.search(question))
    words = [w for w in _WORD.findall(question) if not w.isupper()]
    return len(words) >= 2 and 2 * len(words) > han


# 进口医疗器械注册人 / 境外注册人 / 国外的厂家: an importer, a party of its own kind; (四)进口医疗器械注册人…: a rule
# that opens with one is the importers' alone.
_IMPORTED = re.compile(r"进口|境外|国外|海外|外企|外资")
_IMPORTERS_RULE = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[)）]|\d+\.)?\s*(?:进口|境外)")


def _heading(text: str) -> bool:
    """A clause that is only a heading (2.医疗器械质量管理体系年度自查报告编写模板（进口医疗器械注册人、备案人适用）):
    one short line that closes no sentence and states no rule."""
    line = text.strip()
    return 0 < len(line) <= 60 and "\n" not in line and not re.search(r"[。；;！!？?：:]|应当|应|须|不得|可以", line)


def _only_title(text: str, meta: dict) -> bool:
    """A clause that is nothing but its document's title (湖北省…实施指南（试行）): never an answer."""
    bare = re.sub(r"[「」《》“”\s]|（试行）|\(试行\)", "", text)
    title = re.sub(r"[《》\s]|（试行）|\(试行\)", "", str(meta.get("title", "")))
    return bool(bare) and len(bare) <= 60 and (bare in title or title in bare)


# Sectors of the trade: a text addressed to one party of a sector speaks to all of it (a notice to
# registrants binds their contract manufacturers too; 生产企业 is either).
_SECTOR = {party: "生产" for party in ("注册人/备案人", "受托生产企业", "生产企业", "中选企业")} | {
    party: "监管" for party in ("注册人所在地省级药监部门", "受托生产企业所在地省级药监部门", "省级药监部门", "国家药监局",
                              "市县级市场监管部门", "药品监管部门")}


def _sub_questions(question: str) -> list[str]:
    """The parts of a compound question that each ask for a holder: 要向哪个部门备案？备案之后
    由谁来核查？, or 检验规程由谁编写、由谁审核 (the later part keeps what it is about).
    Fewer than two such parts: not compound, an empty list."""
    parts = []
    for part in (p for p in re.split(r"[？?]", question) if p.strip()):
        pieces = re.split(r"[、，,](?=由谁|谁)", part)
        topic = re.split(r"由谁|谁", pieces[0])[0]
        parts += [pieces[0]] + [topic + piece for piece in pieces[1:]]
    asking = [p for p in parts if _RESPONSIBILITY.search(p) or _WHAT_TO_DO.search(p)]
    return asking if len(asking) >= 2 else []


_WHAT_TO_DO = re.compile(r"怎么做|怎么办|做什么|干什么|如何处理|怎么处理|(?:承担|负责|履行)(?:什么|哪些)|"
                         r"有(?:什么|哪些)(?:责任|义务|职责)|(?:什么|哪些)措施")
# The modalities of a rule that binds the one it names (what the party must or must not do).
_BINDING = ("obligation", "default_rule", "prohibition")
# At most this many duties of the asked party from the quoted rule's other paragraphs.
OWN_DUTIES_MAX = 2
# ...and only a duty that has this share of the question's words (变化 of 生产条件变了: a duty about the same change).
OWN_DUTY_FIT = 0.15


def _lead(modality: str, parties: tuple[str, ...], post: str = "") -> str:
    """The conclusion naming the holders (and the ``post`` inside them that acts: 注册人/备案人的管理者代表)."""
    who = "、".join(parties) + (f"的{post}" if post else "")
    return {
        "obligation": f"责任方：{who}。",
        "default_rule": f"责任方（原则上）：{who}。",
        "prohibition": f"禁止性规定，义务方：{who}。",
        "permission": f"允许性规定：{who}可以为之。",
        "recommendation": f"鼓励性规定，针对{who}。",
    }.get(modality, f"涉及：{who}。")


_PROHIBITS = re.compile(r"不得|禁止|严禁|不应|不能")


def _verdict(duty: Duty, must: bool) -> str:
    """The short yes/no a "能不能 / 要不要" question wants, read off the sentence."""
    if _PROHIBITS.search(duty.sentence):
        return "不可以。"
    if duty.modality == "permission":
        return "可以。"
    if must:
        return {"obligation": "应当。", "default_rule": "原则上应当。", "recommendation": "鼓励但不强制。"}.get(
            duty.modality, "")
    return ""


def _merge_pieces(candidates: list[_Candidate]) -> list[_Candidate]:
    """Pieces of one long article (art20~1, art20~2) count as one citation: keep the best."""
    seen, out = set(), []
    for cand in candidates:
        base = cand.clause.id.split("~", 1)[0]
        if base not in seen:
            seen.add(base)
            out.append(cand)
    return out


def _shorten(text: str, limit: int = 160) -> str:
    text = text.replace("\n", "")
    return text if len(text) <= limit else text[:limit] + "……"

