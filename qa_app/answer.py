"""Cited answers to questions about the regulations, above all "who is responsible".

No language model: the answer is composed from retrieved clauses and their duty
annotations, so every statement is a quotation with its citation, and the same question
always gets the same answer. Steps:

1. an exact reference ("38号公告第八条") is looked up first;
2. otherwise hybrid retrieval (BM25 + dense) gives candidates, re-ranked with what the
   index knows: question-term coverage, duty annotations, deadlines, status and level;
3. the answer names the party holding the duty, quotes the governing sentence and adds
   any deadline; with no basis in the corpus it abstains and lists what may be related.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from ingest.duties import DutyAnnotator, PartyLexicon
from ingest.index import searchable
from ingest.records import Clause, Duty
from qa_app.kb import KnowledgeBase
from qa_app.refs import ReferenceResolver

DATA_DIR = Path(__file__).parent / "data"
NO_BASIS = "知识库中未找到依据。"
# A question, not a document: longer input only slows every stage down.
MAX_QUESTION_CHARS = 2000
CANDIDATES = 30

_RESPONSIBILITY = re.compile(r"谁|由谁|哪个|哪一方|哪方|哪家|哪些部门|什么部门|哪级|哪一级|归口|主体|负责.{0,4}[吗呢？?]|还是")
_DEADLINE = re.compile(r"多久|多长时间|几天|几个?工作日|期限|时限|什么时候|何时|多少天|多少日|几日|多少小时|几小时|"
                       r"多少个月|几个月|频次|频率|多久一次|几次|截止|有效期")
_MAY = re.compile(r"能不能|可不可以|能否|可否|是否可以|是否允许|允许|可以.{0,12}[吗么]|能.{0,12}[吗么]|行不行")
_MUST = re.compile(r"要不要|需不需要|是否需要|是否应当|是否必须|必须.{0,12}[吗么]|需要.{0,12}[吗么]|得.{0,6}[吗么]")
_YES_NO = re.compile(f"{_MAY.pattern}|{_MUST.pattern}")
# A count of days or hours, or a date, says more than 每年 or 年度; "1月" alone (as in
# 1月1日) is a date in passing, not a deadline, so counts of months need 内/前.
_CN_COUNT = "(?:\\d+|[一二三四五六七八九十百两]+)"
TIME = re.compile(
    r"次年\d+月\d+日(?:前|之前)?"
    rf"|{_CN_COUNT}\s*个?(?:工作日|小时)(?:内|之内|以内)?"
    rf"|{_CN_COUNT}\s*个?(?:日|天|个月|月|年)(?:内|之内|以内|前)"
    r"|每(?:年|季度|半年|月)(?:至少)?(?:开展|进行)?(?:一次)?|至少每年一次|年度|立即|第一时间"
)
_GENERIC_TIME = ("年度", "立即", "第一时间")


def deadline(text: str) -> str | None:
    """The most specific time expression in a text."""
    found = [m.group(0) for m in TIME.finditer(text)]
    specific = [f for f in found if f not in _GENERIC_TIME]
    return (specific or found or [None])[0]
_REGIONS = ("湖北", "山西", "晋城", "重庆", "巴南")
_BY_WHOM = re.compile(r"由谁|由哪|是由|谁来|谁去")
_SEVERAL = re.compile(r"各自|分别|双方|两地|委托双方|都要|都需要|也要|也需要|也得|也应")


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
    kind: str = "search"  # reference | search | out_of_scope | no_basis
    evidence: tuple[str, ...] = field(default=())  # clause ids the answer text quotes

    def to_dict(self) -> dict:
        """The JSON contract of `regkb ask --json`."""
        return {
            "question": self.question,
            "answer": self.answer,
            "parties": list(self.parties),
            "citations": [
                {"clause_id": c.clause_id, "doc_id": c.doc_id, "doc_title": c.doc_title, "ref": c.ref,
                 "text": c.text, "score": round(c.score, 4)}
                for c in self.citations
            ],
            "abstained": self.abstained,
            "confidence": round(self.confidence, 3),
        }


@dataclass
class _Candidate:
    clause: Clause
    fused: float
    coverage: float = 0.0
    score: float = 0.0


class Answerer:
    """Answers questions over an open :class:`KnowledgeBase`."""

    # Weights of the re-ranker, chosen on the eval set (evals/results/QA.md has the ablation).
    W_COVERAGE = 1.0
    W_DENSE = 0.4  # weight of the dense ranking in the fusion (BM25 weighs 1)
    W_DUTY = 0.15
    W_PARTY = 0.1
    W_DEADLINE = 0.25
    W_NATIONAL = 0.05
    W_REGION = 0.3
    P_SUPERSEDED = 0.4
    P_PREAMBLE = 0.15
    # Below this share of the question's (IDF-weighted) terms, no clause is taken as a basis.
    # Kept low: everyday wording (老板, 顺手) shares few words with the texts; questions about
    # other fields are caught by data/scope.yaml first (see evals/results/QA.md).
    MIN_COVERAGE = 0.12

    def __init__(self, kb: KnowledgeBase, lexicon: PartyLexicon | None = None):
        self.kb = kb
        self.lexicon = lexicon or PartyLexicon()
        self.references = ReferenceResolver(kb.documents, kb.clauses)
        scope = yaml.safe_load((DATA_DIR / "scope.yaml").read_text(encoding="utf-8"))
        self._out_of_scope = re.compile("|".join(scope["out_of_scope"]))
        self._in_scope = re.compile("|".join(scope["in_scope"]))

    # -- term statistics over the searchable clauses, built once ---------------------

    @cached_property
    def _clause_terms(self) -> dict[str, frozenset[str]]:
        return {c.id: frozenset(self.kb.tokenizer.tokens(c.context_text))
                for c in self.kb.clauses.values() if searchable(c)}

    @cached_property
    def _idf(self) -> dict[str, float]:
        df: dict[str, int] = {}
        for terms in self._clause_terms.values():
            for term in terms:
                df[term] = df.get(term, 0) + 1
        n = len(self._clause_terms)
        return {t: math.log(1 + n / d) for t, d in df.items()}

    @cached_property
    def _unknown_weight(self) -> float:
        """A word the corpus never uses weighs like a typical content word: enough that a
        question about something absent finds no basis, not so much that everyday wording
        (老板, 实地, 常驻) drowns the terms that do match."""
        return float(sorted(self._idf.values())[len(self._idf) // 2]) if self._idf else 1.0

    def _query_terms(self, question: str) -> list[tuple[frozenset[str], float]]:
        """The question as groups of interchangeable terms with a weight each: a word and
        the official terms it stands for (代工厂 ~ 受托生产企业, 放行 ~ 上市放行/生产放行)
        form one group, met when any of them occurs. A word the corpus never uses weighs
        most, since a question about something the corpus never mentions has no basis."""
        tokenizer = self.kb.tokenizer
        unknown = self._unknown_weight
        lowered = question.lower()
        tokens = list(dict.fromkeys(tokenizer.tokens(question)))
        # Single characters (找, 做, 查) carry little; keep them only if nothing else is left.
        tokens = [t for t in tokens if len(t) > 1] or tokens
        groups: list[set[str]] = [{t} for t in tokens]
        matched: list[str] = []
        # The longest everyday phrase wins: 再外包 (-> 再次委托), not 外包 (-> 委托生产).
        for word in sorted(tokenizer.synonyms, key=len, reverse=True):
            key = word.lower()
            if key not in lowered or any(key in longer for longer in matched):
                continue
            matched.append(key)
            groups = [g for g in groups if not all(t in key for t in g)]
            groups.append({key} | {term.lower() for term in tokenizer.synonyms[word]})
        out = []
        for group in groups:
            known = [self._idf[t] for t in group if t in self._idf]
            out.append((frozenset(group), max(known) if known else unknown))
        return out

    def _coverage(self, terms: list[tuple[frozenset[str], float]], clause_terms: frozenset[str]) -> float:
        total = sum(w for _, w in terms)
        return sum(w for group, w in terms if group & clause_terms) / total if total else 0.0

    def highlight_terms(self, question: str) -> list[str]:
        """Words of the question (and their official synonyms) worth marking in a clause."""
        words = self.kb.tokenizer.words(self.kb.tokenizer.expand_text(question))
        return sorted({w for w in words if len(w) >= 2}, key=len, reverse=True)

    # -- the public entry point --------------------------------------------------------

    def ask(self, question: str, k: int = 5, *, doc_ids: list[str] | None = None,
            in_force_only: bool = True, levels: list[str] | None = None) -> Answer:
        question = question.strip()
        if not question:
            return Answer(question, "请输入问题。", (), (), True, 0.0, "no_basis")
        if len(question) > MAX_QUESTION_CHARS:
            return Answer(question[:MAX_QUESTION_CHARS], f"问题过长（{len(question)}字）。请把问题精简到"
                          f"{MAX_QUESTION_CHARS}字以内；要审查整份协议，请使用“质量协议审查”。", (), (), True, 0.0,
                          "no_basis")
        reference = self.references.find(question)
        if reference is not None:
            return self._reference_answer(question, reference, k)
        if self._out_of_scope.search(question) and not self._in_scope.search(question):
            related = self._rank(question, k, doc_ids, in_force_only, levels)
            return self._abstain(question, related, "out_of_scope",
                                 "问题涉及的领域不在本知识库（医疗器械注册人制度与委托生产法规）范围内。")
        ranked = self._rank(question, k, doc_ids, in_force_only, levels)
        if not ranked and in_force_only:
            # Superseded texts are used only when nothing in force answers, and said so.
            ranked = self._rank(question, k, doc_ids, False, levels)
        if not ranked or ranked[0].coverage < self.MIN_COVERAGE:
            return self._abstain(question, ranked, "no_basis")
        return self._compose(question, ranked)

    # -- retrieval and re-ranking -----------------------------------------------------------

    def _rank(self, question, k, doc_ids, in_force_only, levels) -> list[_Candidate]:
        allowed = self.kb._filter(doc_ids, in_force_only, levels)
        fused: dict[str, float] = {}
        for weight, ranking in ((1.0, self.kb.keyword_ranking(question, allowed, CANDIDATES)),
                                (self.W_DENSE, self.kb.dense_ranking(question, allowed, CANDIDATES))):
            for rank, clause_id in enumerate(ranking, start=1):
                fused[clause_id] = fused.get(clause_id, 0.0) + weight / (60 + rank)
        if not fused:
            return []
        top = max(fused.values())
        terms = self._query_terms(question)
        wants_party = bool(_RESPONSIBILITY.search(question) or _YES_NO.search(question))
        wants_deadline = bool(_DEADLINE.search(question))
        asked_parties = {p for m in self.lexicon.mentions(self.kb.tokenizer.expand_text(question)) for p in m.parties}
        region = next((r for r in _REGIONS if r in question), None)
        candidates = []
        for clause_id, value in fused.items():
            clause = self.kb.clauses[clause_id]
            meta = self.kb.documents[clause.doc_id]
            cand = _Candidate(clause, value / top, self._coverage(terms, self._clause_terms[clause_id]))
            duties = [d for d in clause.duties if d.modality != "none" and d.subjects]
            score = cand.fused + self.W_COVERAGE * cand.coverage
            if wants_party and duties:
                score += self.W_DUTY
            if asked_parties and any(asked_parties & set(d.subjects) for d in duties):
                score += self.W_PARTY
            if wants_deadline and deadline(clause.text):
                score += self.W_DEADLINE
            if region:
                score += self.W_REGION if region in str(meta.get("region", "")) + str(meta.get("title", "")) else 0
            elif meta.get("level") == "national":
                score += self.W_NATIONAL
            if meta.get("status") == "superseded":
                score -= self.P_SUPERSEDED
            if clause.kind == "preamble":
                score -= self.P_PREAMBLE
            cand.score = score
            candidates.append(cand)
        candidates.sort(key=lambda c: (-c.score, c.clause.id))
        return _merge_pieces(candidates)[:k]

    # -- composing -----------------------------------------------------------------------

    def _citation(self, clause: Clause, score: float) -> Citation:
        meta = self.kb.documents[clause.doc_id]
        return Citation(clause.id, clause.doc_id, str(meta.get("title", clause.doc_id)), clause.ref, clause.text,
                        score, clause.path, str(meta.get("status", "in_force")), str(meta.get("level", "")))

    def _compose(self, question: str, ranked: list[_Candidate]) -> Answer:
        terms = self._query_terms(question)
        wants_deadline = bool(_DEADLINE.search(question))
        yes_no = bool(_YES_NO.search(question)) and not _RESPONSIBILITY.search(question)
        # "检验机构要做什么": the party named as actor (not a 谁 question) picks its own duty.
        # (not in "由谁" questions: 注册人转为委托生产后，…全面检查由谁来做 asks about someone else)
        leading = set() if _BY_WHOM.search(question) else self._leading_party(question)
        annotator = DutyAnnotator(self.lexicon)
        responsibility = bool(_RESPONSIBILITY.search(question))
        named_objects = self._object_parties(question)
        actor = (set() if responsibility else (self._named_parties(question) | _speaker(question)) - named_objects) | leading
        objects = named_objects - actor
        best, best_duty = self._key_sentence(ranked[:3], terms, wants_deadline, yes_no, actor, objects)
        citations = tuple(self._citation(c.clause, c.score) for c in ranked)
        parties = self._asked_subjects(best_duty, terms) if best_duty.modality != "none" else ()
        joined = self._joined_parties(question) - objects
        # 由谁制定、由谁执行 asks for two holders; 由谁对谁考核 asks for one (the second is the object).
        whos = len(re.findall(r"(?<![对向给让])谁", question)) - len(re.findall(r"(?:督促|通知|告诉|告知|要求)谁", question))
        if (_SEVERAL.search(question) or whos >= 2) and len(parties) < 2:
            parties = self._all_holders(best.clause, best_duty, terms) or parties
        elif len(joined) >= 2:
            # "经营企业和使用单位…向谁报告": the holders the question names, if it names them.
            named = tuple(p for p in self._all_holders(best.clause, best_duty, terms) if p in joined)
            parties = named or parties
        several = _SEVERAL.search(question) or whos >= 2 or len(joined) >= 2
        if _BY_WHOM.search(question) and not several:
            # "目录由哪个部门制定": the 由X of the governing sentence, whatever its modality.
            parties = annotator.assigned(best_duty.sentence) or parties
        if actor and not several and len(parties) > 1 and actor & set(parties):
            # "医院发现…要通知谁", "受托生产企业所在地药监部门发现问题…怎么处理": the question is
            # about the duty of the party it names as actor.
            parties = tuple(p for p in parties if p in actor)
        lines = []
        if yes_no:
            verdict = _verdict(best_duty, must=bool(_MUST.search(question)))
            if verdict:
                lines.append(verdict)
        if parties:
            lines.append(_lead(best_duty.modality, parties))
        when = deadline(best_duty.sentence)
        if wants_deadline and when:
            lines.append(f"期限：{when}。")
        lines.append(f"「{best_duty.sentence}」（{best.clause.ref}）")
        evidence = [best.clause.id]
        other = self._second_source(ranked, best, best_duty, terms)
        if other is not None:
            clause, duty = other
            # Consistent when the other text gives the same party the duty (maybe beside others).
            same = set(parties or best_duty.subjects) <= set(duty.subjects)
            levels = {self.kb.documents[c.doc_id].get("level") for c in (best.clause, clause)}
            if "national" in levels and len(levels) == 2:
                lead = "国家与地方文件均有规定，另见" if same else "国家与地方文件规定不同，另见"
            else:
                lead = "另见" if same else "另有规定"
            lines.append(f"{lead}{clause.ref}：「{duty.sentence}」")
            evidence.append(clause.id)
        status = self.kb.documents[best.clause.doc_id].get("status")
        if status == "superseded":
            lines.insert(0, "（现行文件中未找到依据，以下引自已被替代的文件。）")
        confidence = min(1.0, 0.5 * ranked[0].coverage + 0.5 * min(1.0, ranked[0].score / 2))
        return Answer(question, "".join(lines), parties, citations, False, confidence, "search", tuple(evidence))

    def _key_sentence(self, top: list[_Candidate], terms: list[tuple[frozenset[str], float]], wants_deadline: bool,
                      yes_no: bool = False, actor: set[str] = frozenset(), objects: set[str] = frozenset()):
        """The sentence the answer rests on: the best-covered duty sentence of the top clauses."""
        best_score, choice = -1.0, None
        for rank, cand in enumerate(top):
            duties = cand.clause.duties or (Duty(cand.clause.text, 0, (), (), "none"),)
            for duty in duties:
                words = frozenset(self.kb.tokenizer.tokens(duty.sentence))
                score = self._coverage(terms, words) - 0.15 * rank
                if duty.modality != "none" and duty.subjects:
                    score += 0.2
                if wants_deadline and deadline(duty.sentence):
                    score += 0.3
                if yes_no and (_PROHIBITS.search(duty.sentence) or duty.modality == "permission"):
                    score += 0.3
                if actor and actor & set(duty.subjects):
                    score += 0.25
                if objects and duty.subjects and set(duty.subjects) <= objects:
                    score -= 0.25
                if score > best_score:
                    best_score, choice = score, (cand, duty)
        return choice

    def _leading_party(self, question: str) -> set[str]:
        """The party a question opens with (医院发现…, 代工厂那边…, 经营企业…)."""
        mentions = self.lexicon.mentions(question)
        if mentions and mentions[0].start == 0:
            return set(mentions[0].parties)
        for word, official in self.kb.tokenizer.synonyms.items():
            if question.startswith(word):
                found = self.lexicon.mentions("、".join(official))
                if found:
                    return {p for m in found for p in m.parties}
        return set()

    def _joined_parties(self, question: str) -> set[str]:
        """Parties the question names side by side (注册人和受托生产企业, 经营企业、使用单位)."""
        text = self.kb.tokenizer.expand_text(question)
        mentions = self.lexicon.mentions(text)
        joined: set[str] = set()
        for a, b in zip(mentions, mentions[1:]):
            if re.fullmatch(r"和|、|与|及|以及|或|或者", text[a.end:b.start]):
                joined.update(a.parties + b.parties)
        return joined

    def _object_parties(self, question: str) -> set[str]:
        """Parties a question names only as the object or owner of something (对注册人和受托
        生产企业的全面检查, 受托方提出的变更, 持有人上报的结果): not who it asks about."""
        text = self.kb.tokenizer.expand_text(question)
        mentions = self.lexicon.mentions(text)
        out: set[str] = set()
        group: list = []
        for i, m in enumerate(mentions):
            group.append(m)
            nxt = mentions[i + 1] if i + 1 < len(mentions) else None
            if nxt is not None and re.fullmatch(r"和|、|与|及|以及|或|或者", text[m.end:nxt.start]):
                continue
            before = text[max(0, group[0].start - 2):group[0].start]
            after = text[m.end:m.end + 4]
            if re.search(r"[对向将把给找]$|督促$|要求$|通知$|委托$|选择$", before) or re.match(r"^[^，。？！、\s]{0,2}的", after):
                out.update(p for g in group for p in g.parties)
            group = []
        return out

    def _named_parties(self, question: str) -> set[str]:
        text = self.kb.tokenizer.expand_text(question)
        return {p for m in self.lexicon.mentions(text) for p in m.parties}

    def _all_holders(self, clause: Clause, best_duty: Duty, terms) -> tuple[str, ...]:
        """"各自 / 分别 / 双方" questions: every party holding a duty the question touches,
        across the sentences of the governing clause."""
        base = self._coverage(terms, frozenset(self.kb.tokenizer.tokens(best_duty.sentence)))
        holders: dict[str, None] = {}
        for duty in clause.duties:
            if duty.modality == "none" or not duty.subjects:
                continue
            if duty is best_duty or self._coverage(terms, frozenset(self.kb.tokenizer.tokens(duty.sentence))) >= 0.6 * base:
                holders.update(dict.fromkeys(duty.subjects))
                # 注册人应当与受托生产企业共同调查: the partner takes part in the duty too.
                holders.update(dict.fromkeys(p for m in self.lexicon.mentions(duty.sentence)
                                             if duty.sentence[m.start - 1:m.start] in ("与", "和", "同")
                                             and duty.sentence[m.end:m.end + 2] == "共同" for p in m.parties))
        return tuple(holders)

    def _asked_subjects(self, duty: Duty, terms: list[tuple[frozenset[str], float]]) -> tuple[str, ...]:
        """A sentence may give two parties two duties (注册人负责上市放行，受托生产企业负责生产
        放行): keep the subject of the part the question asks about."""
        annotator = DutyAnnotator(self.lexicon)
        best, best_cov = duty.subjects, 0.0
        for part in re.split(r"[，；,;]", duty.sentence):
            if part.endswith(("的", "时")):
                continue  # a condition (…未采取有效措施消除的), not a duty
            sub = annotator.annotate_sentence(part)
            # A fragment read alone can mistake an object for a subject (对受托生产企业…检查中);
            # one that opens with a party has its own (必要时，注册人和受托生产企业所在地省级…可以…).
            opens = self.lexicon.mentions(part.strip())[:1]
            own = bool(opens) and opens[0].start == 0
            subjects = tuple(p for p in sub.subjects if p in (duty.parties if own else duty.subjects))
            if len(duty.subjects) < 2 and not own:
                continue
            if sub.modality == "none" or not subjects:
                continue
            cov = self._coverage(terms, frozenset(self.kb.tokenizer.tokens(part)))
            if cov > best_cov + 0.1:
                best, best_cov = subjects, cov
        return best

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
                    cov = self._coverage(terms, frozenset(self.kb.tokenizer.tokens(duty.sentence)))
                    if cov > best_cov:
                        choice, best_cov = (cand.clause, duty), cov
        return choice

    def _reference_answer(self, question: str, reference, k: int) -> Answer:
        cite = self.kb.documents[reference.doc_id].get("cite_as") or reference.doc_id
        if not reference.found:
            numbers = [c.number for c in self.kb.clauses.values() if c.doc_id == reference.doc_id and c.number]
            span = f"（该文件共{max(numbers)}条）" if numbers else ""
            return Answer(question, f"{NO_BASIS}{cite}中没有{reference.label}{span}。", (), (), True, 0.0, "no_basis")
        clauses = list(reference.clauses)
        citations = tuple(self._citation(c, 1.0) for c in clauses[:k])
        subjects: dict[str, None] = {}
        for clause in clauses:
            subjects.update(dict.fromkeys(clause.subjects))
        named = self._named_parties(question)
        if named & set(subjects):
            # "条例第六十二条对注册人…有什么要求": the duties of the party asked about.
            subjects = dict.fromkeys(p for p in subjects if p in named)
        first = clauses[0]
        text = first.text if len(clauses) == 1 else "\n".join(c.text for c in clauses)
        summary = f"{first.ref}规定：「{_shorten(text)}」"
        return Answer(question, summary, tuple(subjects), citations, False, 1.0, "reference",
                      tuple(c.id for c in clauses))

    def _abstain(self, question: str, related: list[_Candidate], kind: str, reason: str = "") -> Answer:
        citations = tuple(self._citation(c.clause, c.score) for c in related[:3])
        text = NO_BASIS + reason + ("以下条款可能相关，仅供参考。" if citations else "")
        return Answer(question, text, (), citations, True, 0.0, kind)


_WE = r"我们|我司|我公司|咱们|本公司|我们公司"


def _speaker(question: str) -> set[str]:
    """Who "我们" is: users of this tool mostly work for the registrant (我们…代工厂), unless
    the question says otherwise (我们是代工厂, 我们只做代工)."""
    # 他们要告诉我们吗: "we" as the one told is not the actor.
    if not re.search(rf"(?<![告诉跟向给对让和])(?:{_WE})", question):
        return set()
    if re.search(rf"(?:{_WE})(?:是|作为|只做|只是|就是|这种|属于)?(?:代工|受托|乙方|代加工)", question):
        return {"受托生产企业"}
    return {"注册人/备案人"}


def _lead(modality: str, parties: tuple[str, ...]) -> str:
    who = "、".join(parties)
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

