"""Making quiz items from the duty annotations, and picking a set of them.

Four kinds of question, each from one verbatim sentence of a clause (``multi``: from
several):

* ``single`` - "（　　）应当……": the party that holds the duty is blanked out; the
  distractors are other canonical parties that hold no such duty anywhere in the corpus.
* ``truefalse`` - the sentence as it stands (正确), or with its modality flipped (应当 -> 不得,
  不得 -> 可以) or its party swapped for one that holds no such duty (错误).
* ``fill`` - a deadline, frequency, amount or key term blanked out.
* ``multi`` - "下列属于注册人义务的有": two or three of the party's duties and others'
  duties it does not hold.

Candidates are made once, in corpus order, independent of any seed; :func:`generate`
filters them, draws a set with a seeded generator, drops near-duplicates and balances the
answer positions. The same seed and corpus give the same set.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property

from ingest.duties import DutyAnnotator
from ingest.errors import InputError
from ingest.records import Clause, Duty
from ingest.tokenize import DATA_DIR as TOKENIZE_DATA
from qa_app.quiz.facts import (
    FAMILY, FILER_ONLY, MODAL_WORDS, PARTY_LABELS, TWINS, USABLE_PARTIES, FactBase, as_statement, bigrams, clean_sentence, overlaps,
    same_trade, vague_name,
)
from qa_app.quiz.items import (
    BLANK, DIFFICULTIES, DIFFICULTY_LABELS, FALSE, FILL_BLANK, TRUE, TYPE_LABELS, TYPES, Citation, QuizItem,
)
from qa_app.quiz.scenarios import ScenarioMaker, load_cases
from qa_app.quiz.topics import TOPICS, topics_of

# A modal word right after the subject: 注册人应当 / 受托方不得 / 国家药监局负责.
# At most an adverb in between (也应当, 均应当): "国家药品监督管理局器械审评中心应当" has
# another subject, which the party only qualifies.
_AFTER_SUBJECT = re.compile(r"^(?:也|均|还|亦|都|同时|依法|另行)?(?:应当|必须|须|负责(?!人)|不得|严禁|禁止|应)")
_FLIPS = {"应当": ("不得", "prohibition"), "不得": ("可以", "permission")}
_UNNEGATABLE = re.compile(r"^(?:采取|及时|主动|优先|严格|按照|依照|依据|根据|在|于|自|每|定期|持续|积极|认真|如实|立即|切实|确保|"
                          r"加强|进一步|依法|全面|充分|妥善|尽快|同时|结合|综合|逐步|合理|科学|规范|有效|准确|真实)")
_OTHER_MODALS = re.compile(r"必须|禁止|严禁|可以|鼓励|原则上|不应|(?<![相适对响供反答效回呼顺感])应(?!当|用|急|答|对措施)|须")

# Deadlines, frequencies and amounts worth learning by heart.
_NUMBER = r"(?:\d{1,3}|[一二三四五六七八九十两]{1,3})"
_FILL_PATTERNS = (
    ("frequency", re.compile(r"每(?:年|季度|半年|月|两年|三年)(?:至少)?(?:一|1)次|至少每(?:年|季度|半年)(?:一|1)次")),
    ("deadline", re.compile(r"(?:次年|每年)\d{1,2}月\d{1,2}日(?:前|之前)?")),
    ("deadline", re.compile(_NUMBER + r"(?:个)?(?:工作日|自然日|日|天|个月|年|小时)(?=内|以内|之内|前|后|届满|起|的|；|。|，)")),
    ("amount", re.compile(r"\d+(?:\.\d+)?万元以上\d+(?:\.\d+)?万元以下")),
)
# Too general to have one right answer in a gap ("与＿＿＿＿有关的原因调查").
_GENERIC_TERMS = frozenset({"委托生产", "受托生产"})
_FILL_DIFFICULTY = {"frequency": "medium", "deadline": "hard", "amount": "hard", "term": "medium"}

# Parties a "which of these are X's duties" question is asked about.
MULTI_PARTIES = ("注册人/备案人", "受托生产企业", "注册人所在地省级药监部门", "受托生产企业所在地省级药监部门",
                 "经营企业", "使用单位", "国家药监局", "省级药监部门", "不良事件监测机构")
_BARE_VERB = re.compile(r"^(?:建立|制定|开展|保存|落实|承担|配备|确保|组织|明确|定期|按照|对|向|将|与|做好|加强|保证|实施)")
_PREDICATE = re.compile(r"^(?:(?:应当|必须|须)(?:依法)?|应(?!当))(?P<rest>.+)$|^(?P<duty>负责.+)$")


@dataclass(frozen=True)
class Selection:
    """What a trainer asks for. Empty filters mean "any"."""

    n: int = 20
    types: tuple[str, ...] = TYPES
    doc_ids: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    difficulty: tuple[str, ...] = ()
    seed: int = 1


@dataclass(frozen=True)
class QuizSet:
    """A drawn set; ``short`` maps each chosen topic that had too few source clauses for its
    share to (items it got, its share)."""

    items: list[QuizItem]
    wanted: int
    short: dict[str, tuple[int, int]] = field(default_factory=dict)

    def notices(self) -> list[str]:
        """What a trainer should know about the set, in Chinese (empty: it is what was asked)."""
        out = [f"主题“{topic}”按所选条件可出的题不够：只有 {got} 题（按主题平均应约 {share} 题），"
               "其余由其他所选主题补足。可减少题量，或放宽题型、文件、主体、难度条件。"
               for topic, (got, share) in self.short.items()]
        if not self.items:
            out.append("没有符合条件的题目，请放宽文件、主题、主体或难度条件。")
        elif len(self.items) < self.wanted:
            out.append(f"符合条件的题目只有 {len(self.items)} 道（要求 {self.wanted} 道）。")
        return out


@dataclass
class _Group:
    """Candidate items made from one source; at most one of them goes into a set
    (a true/false sentence has up to three variants)."""

    key: str
    type: str
    variants: list[QuizItem] = field(default_factory=list)

    @property
    def first(self) -> QuizItem:
        return self.variants[0]


@dataclass
class _Draw:
    """What a set drawn so far holds, shared by the draws of its topics."""

    rng: random.Random
    chosen: list[QuizItem] = field(default_factory=list)
    seen: list[tuple[str, frozenset[str]]] = field(default_factory=list)
    stems: set[str] = field(default_factory=set)
    used: set[int] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=lambda: {"true": 0, "false": 0})


def item_id(*parts: str) -> str:
    """Stable across runs and seeds: derived from what the question is made of."""
    return "q-" + hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:10]


def resolve_parties(facts: FactBase, names: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Canonical parties from what a user typed (注册人, 受托方, 省局 ...)."""
    out: list[str] = []
    for name in names:
        name = name.strip()
        if not name:
            continue
        if name in PARTY_LABELS:
            out.append(name)
            continue
        found = facts.parties_in(name)
        if not found:
            raise InputError(f"无法识别的责任主体“{name}”，请使用以下之一：{'、'.join(USABLE_PARTIES)}。")
        out += found
    return tuple(dict.fromkeys(out))


def check_selection(facts: FactBase, selection: Selection) -> None:
    """Refuse filters that name nothing known, with the list of what is."""
    if selection.n < 1:
        raise InputError("题量至少为 1 题。")
    unknown = [t for t in selection.types if t not in TYPES]
    if unknown:
        raise InputError(f"无法识别的题型：{'、'.join(unknown)}。请使用 {', '.join(TYPES)}"
                         f"（{'、'.join(TYPE_LABELS[t] for t in TYPES)}）。")
    missing = [d for d in selection.doc_ids if d not in facts.documents]
    if missing:
        raise InputError(f"知识库中没有这些文件：{'、'.join(missing)}。可用 `regkb stats` 查看全部文件编号。")
    bad_topics = [t for t in selection.topics if t not in TOPICS]
    if bad_topics:
        raise InputError(f"无法识别的主题：{'、'.join(bad_topics)}。请使用以下之一：{'、'.join(TOPICS)}。")
    bad_levels = [d for d in selection.difficulty if d not in DIFFICULTIES]
    if bad_levels:
        raise InputError(f"无法识别的难度：{'、'.join(bad_levels)}。请使用 {', '.join(DIFFICULTIES)}"
                         f"（{'、'.join(DIFFICULTY_LABELS[d] for d in DIFFICULTIES)}）。")


class QuizGenerator:
    """Makes every candidate item of a corpus once; :meth:`generate` draws sets."""

    def __init__(self, facts: FactBase, terms: tuple[str, ...] | None = None, cases: dict | None = None):
        self.facts = facts
        self.terms = terms if terms is not None else key_terms(facts)
        self.cases = cases if cases is not None else load_cases()

    # -- drawing a set -------------------------------------------------------------------

    def generate(self, selection: Selection) -> list[QuizItem]:
        return self.draw(selection).items

    def draw(self, selection: Selection) -> QuizSet:
        """A set, and which of several chosen topics had too few source clauses for its share."""
        check_selection(self.facts, selection)
        selection = _with_parties(self.facts, selection)
        rng = random.Random(selection.seed)
        pools = {}
        for kind in selection.types:
            pool = [g for g in (_wanted(g, selection) for g in self.groups(kind)) if g is not None]
            rng.shuffle(pool)
            pools[kind] = pool
        state = _Draw(rng)
        # Several topics share the set evenly (放行 + 委托生产: about 10 + 10 of 20); a topic that
        # runs dry leaves its share to the others. Within each share the types take turns, and
        # each type's turn takes items of that topic alone before those it shares with another
        # chosen topic: an item tagged both counts for both, so 放行's ten taken from what is
        # about 委托生产 too would leave the set nineteen items on 委托生产 and ten on 放行.
        topics = list(selection.topics) if len(selection.topics) > 1 else [None]
        quotas = _quotas(selection.n, topics)
        for topic, share in quotas.items():
            until = min(selection.n, len(state.chosen) + share)
            own = {k: _of_topic(pool, topic, selection.topics, alone=False) for k, pool in pools.items()}
            if topic is not None:
                alone = {k: _of_topic(pool, topic, selection.topics, alone=True) for k, pool in own.items()}
                turns = _quotas(until - len(state.chosen), [k for k in selection.types if own[k]])
                for kind, turn in turns.items():
                    stop = len(state.chosen) + turn
                    self._draw({kind: alone[kind]}, stop, (kind,), state)
                    self._draw({kind: own[kind]}, stop, (kind,), state)
                self._draw(alone, until, selection.types, state)
            self._draw(own, until, selection.types, state)
        if len(state.chosen) < selection.n:
            self._draw(pools, selection.n, selection.types, state)
        items = _ordered(_balance(state.chosen, rng))
        have = {t: sum(t in i.tag_values("topic") for i in items) for t in quotas if t is not None}
        return QuizSet(items, selection.n, {t: (n, quotas[t]) for t, n in have.items() if n < quotas[t]})

    def _draw(self, pools: dict[str, list[_Group]], until: int, types: tuple[str, ...], state: _Draw) -> None:
        """Round robin over the types until each has its quota of the ``until - len(chosen)``
        items still wanted; a type that runs dry leaves its share to the others."""
        drawn: Counter[str] = Counter()
        pools = {k: [g for g in pool if id(g) not in state.used] for k, pool in pools.items()}
        quota = _quotas(until - len(state.chosen), [k for k in types if pools[k]])
        while len(state.chosen) < until and any(pools.values()):
            progressed = False
            for kind in types:
                if len(state.chosen) >= until:
                    break
                if drawn[kind] >= quota.get(kind, 0) and any(
                        pools[k] and drawn[k] < quota.get(k, 0) for k in pools):
                    continue
                while pools[kind]:
                    group = pools[kind].pop(_next_group(pools[kind], kind, state.counts))
                    if id(group) in state.used:
                        continue
                    state.used.add(id(group))
                    item = self._variant(group, state.counts, state.rng)
                    fingerprint = _fingerprint(self.facts, item)
                    # One stem once: two items that read the same are one question asked twice.
                    if item.stem in state.stems or _near_duplicate(fingerprint, state.seen):
                        continue
                    state.seen.append(fingerprint)
                    state.stems.add(item.stem)
                    state.chosen.append(item)
                    drawn[kind] += 1
                    if item.type == "truefalse":
                        state.counts["true" if item.answer == TRUE else "false"] += 1
                    progressed = True
                    break
            if not progressed:
                break

    def _variant(self, group: _Group, counts: dict[str, int], rng: random.Random) -> QuizItem:
        if group.type == "scenario":
            return group.variants[rng.randrange(len(group.variants))]
        if group.type != "truefalse" or len(group.variants) == 1:
            return group.first
        want_false = counts["false"] < counts["true"] or (counts["false"] == counts["true"] and rng.random() < 0.5)
        pool = [v for v in group.variants if (v.answer == FALSE) == want_false] or group.variants
        return pool[rng.randrange(len(pool))]

    # -- candidates ------------------------------------------------------------------------

    def groups(self, kind: str) -> list[_Group]:
        return self._all_groups[kind]

    def candidates(self, kind: str) -> list[QuizItem]:
        """Every candidate item of one type (all true/false variants), in corpus order."""
        return [v for g in self.groups(kind) for v in g.variants]

    @cached_property
    def _all_groups(self) -> dict[str, list[_Group]]:
        out: dict[str, list[_Group]] = {kind: [] for kind in TYPES}
        for clause, duty in self._sentences():
            for kind, make in (("single", self._single), ("truefalse", self._truefalse), ("fill", self._fill)):
                group = make(clause, duty)
                if group and group.variants:
                    out[kind].append(group)
        out["multi"] = list(self._multi())
        out["scenario"] = [_Group(key, "scenario", items) for key, items in ScenarioMaker(self.facts, self.cases).groups()]
        return out

    def _sentences(self) -> Iterator[tuple[Clause, Duty]]:
        """Clean, verbatim duty sentences of the documents questions may come from."""
        order = self.facts.doc_order
        clauses = sorted(self.facts.clauses.values(), key=lambda c: (order.get(c.doc_id, 0), c.span[0]))
        for clause in clauses:
            if not clause.normative or not self.facts.usable_doc(clause.doc_id):
                continue
            for duty in clause.duties:
                if duty.modality == "none" or not clean_sentence(duty.sentence):
                    continue
                if clause.text[duty.start:duty.start + len(duty.sentence)] != duty.sentence:
                    continue  # never quote what is not verbatim in the clause
                yield clause, duty

    def _subject(self, clause: Clause, duty: Duty):
        """The one mention of the duty's single subject, where it stands as the subject
        (sentence-initial, after a short adverbial, or after 由); else None. None too where
        that mention does not pin the party down (申请人 of a licence may be the contract
        manufacturer, 委托方 of 委托检验 any manufacturer): it is no key of a "who" question."""
        if duty.modality not in ("obligation", "prohibition") or len(duty.subjects) != 1:
            return None
        key = duty.subjects[0]
        if key not in PARTY_LABELS:
            return None
        mentions = self.facts.mentions(duty.sentence)
        own = [m for m in mentions if key in m.parties]
        if len(own) != 1 or own[0].parties != (key,):
            return None
        mention = own[0]
        if vague_name(duty.sentence[mention.start:mention.end], clause.text):
            return None
        before, after = duty.sentence[:mention.start], duty.sentence[mention.end:]
        if before.endswith("由"):
            if not re.search(r"(应当|必须|须|应)由$", before):
                return None
        elif before:
            if not before.endswith("，") or len(before) > 24 or any(m.start < mention.start for m in mentions):
                return None
        if not before.endswith("由") and not _AFTER_SUBJECT.match(after):
            return None
        return key, mention, mentions

    def _distractors(self, key: str, sentence: str, mentions) -> list[str]:
        """Parties that are plausibly wrong: not named in the sentence, not including or
        included in the key, holding no such duty anywhere in the corpus."""
        named = {p for m in mentions for p in m.parties}
        family = FAMILY[key]
        preference = list(TWINS.get(key, ())) + [p for p in USABLE_PARTIES if FAMILY[p] == family] + list(USABLE_PARTIES)
        own = next((m for m in mentions if key in m.parties), None)
        rest = sentence[:own.start] + sentence[own.end:] if own else sentence
        generic = not self.facts.role_marked(rest)
        out: list[str] = []
        for party in dict.fromkeys(preference):
            if overlaps(party, key) or any(overlaps(party, n) for n in named):
                continue
            if self.facts.holds(party, sentence) or (generic and same_trade(party, key)):
                continue
            out.append(party)
        return out

    def _base(self, clause: Clause, duty: Duty, parties: tuple[str, ...]) -> dict:
        citation = Citation(clause.id, clause.ref, clause.text)
        tags = (f"doc:{clause.doc_id}",) + tuple(f"topic:{t}" for t in topics_of(duty.sentence)) \
            + tuple(f"party:{p}" for p in parties)
        return {"citation": citation, "tags": tags, "sources": (citation,), "explanation": duty.sentence}

    def _single(self, clause: Clause, duty: Duty) -> _Group | None:
        found = self._subject(clause, duty)
        if not found:
            return None
        key, mention, mentions = found
        distractors = self._distractors(key, duty.sentence, mentions)[:3]
        if len(distractors) < 3:
            return None
        stem_core = duty.sentence[:mention.start] + BLANK + duty.sentence[mention.end:]
        stem = f"根据{self.facts.doc_name(clause.doc_id)}，{as_statement(stem_core)}"
        if any(d in TWINS.get(key, ()) for d in distractors):
            difficulty = "hard"
        elif any(FAMILY[d] == FAMILY[key] for d in distractors):
            difficulty = "medium"
        else:
            difficulty = "easy"
        # Options name the parties as the text does (2024年第38号公告 says 注册人 only).
        answer = self.facts.party_label(key, clause.doc_id, duty.sentence[mention.start:mention.end])
        options = (answer, *(self.facts.party_label(p, clause.doc_id) for p in distractors))
        item = QuizItem(id=item_id("single", clause.id, duty.sentence), type="single", stem=stem,
                        options=options, answer=answer,
                        difficulty=difficulty, **self._base(clause, duty, (key,)))
        return _Group(duty.sentence, "single", [item])

    def _truefalse(self, clause: Clause, duty: Duty) -> _Group | None:
        found = self._subject(clause, duty)
        if not found:
            return None
        key, mention, mentions = found
        sentence, name = duty.sentence, self.facts.doc_name(clause.doc_id)
        base = self._base(clause, duty, (key,))

        def make(variant: str, statement: str, answer: str, difficulty: str) -> QuizItem:
            return QuizItem(id=item_id("truefalse", clause.id, sentence, variant), type="truefalse",
                            stem=f"根据{name}，{as_statement(statement)}", options=(TRUE, FALSE), answer=answer,
                            difficulty=difficulty, **base)

        variants = [make("true", sentence, TRUE, "easy")]
        flip = _flip(sentence)
        if flip:
            flipped, modality = flip
            if not self.facts.holds(key, flipped, modalities=(modality,)):
                variants.append(make("flip", flipped, FALSE, "medium"))
        twins = TWINS.get(key, ())
        swaps = [p for p in self._distractors(key, sentence, mentions) if p in twins or FAMILY[p] == FAMILY[key]]
        # Only duties are swapped: a prohibition (不得转移义务) usually binds the other party too.
        if swaps and duty.modality == "obligation":
            other = swaps[0]
            swapped = sentence[:mention.start] + self.facts.party_label(other, clause.doc_id) + sentence[mention.end:]
            variants.append(make(f"swap:{other}", swapped, FALSE, "hard" if other in twins else "medium"))
        return _Group(sentence, "truefalse", variants)

    def _fill(self, clause: Clause, duty: Duty) -> _Group | None:
        sentence = duty.sentence
        # "负责管理……记录" under a heading, or an item of a checklist ("……等人员了解熟悉……
        # 情况；") reads as a fragment once out of its list: a gap needs a whole rule.
        if _PREDICATE.match(sentence) or _BARE_VERB.match(sentence) or not MODAL_WORDS.search(sentence):
            return None
        found = _fill_target(sentence, self.terms, self.facts.mentions(sentence))
        if not found:
            return None
        kind, start, end = found
        answer = sentence[start:end]
        stem_core = sentence[:start] + FILL_BLANK + sentence[end:]
        item = QuizItem(id=item_id("fill", clause.id, sentence, answer), type="fill",
                        stem=f"根据{self.facts.doc_name(clause.doc_id)}，{as_statement(stem_core)}",
                        options=(), answer=answer, difficulty=_FILL_DIFFICULTY[kind],
                        **self._base(clause, duty, duty.subjects))
        return _Group(sentence, "fill", [item])

    # -- "which of these are X's duties" ---------------------------------------------------

    def predicates(self, party: str) -> list[tuple[Clause, Duty, str]]:
        """What ``party`` must do, as short verb phrases, from sentences that open with
        the party (注册人应当……) or sit under a heading naming it (湖北指南 1.1 注册人)."""
        out = []
        for clause, duty in self._sentences():
            if duty.modality != "obligation" or duty.subjects != (party,):
                continue
            mentions = self.facts.mentions(duty.sentence)
            lead = duty.sentence[:mentions[0].start] if mentions else ""
            if mentions and mentions[0].parties == (party,) and not vague_name(
                    duty.sentence[mentions[0].start:mentions[0].end], clause.text) and (
                    not lead or (lead.endswith("，") and len(lead) <= 12 and not re.search("[：:]", lead))):
                # 委托生产前，委托方应当…… -> "委托生产前，对……进行现场评估"
                rest = duty.sentence[mentions[0].end:]
            elif not mentions and self._heading_party(clause) == (party,):
                # Under a heading that names the party (湖北指南 "1.1医疗器械注册人") a bare
                # instruction is the party's duty. A subject carried over from the previous
                # sentence is not trusted: 持有人应当…… after a bureau's duty is no bureau duty.
                rest = duty.sentence if _PREDICATE.match(duty.sentence) else (
                    "应当" + duty.sentence if _BARE_VERB.match(duty.sentence) else "")
            else:
                continue
            match = _PREDICATE.match(rest)
            if not match:
                continue
            phrase = lead + (match.group("rest") or match.group("duty") or "").rstrip("。；，")
            if not (6 <= len(phrase) <= 48) or phrase.count("，") > 2 or _OTHER_MODALS.search(phrase) \
                    or re.search("应当|不得", phrase):
                continue
            if any(overlaps(p, party) for p in self.facts.parties_in(phrase)):
                continue
            out.append((clause, duty, phrase))
        return out

    def _heading_party(self, clause: Clause) -> tuple[str, ...]:
        return self._annotator.heading_party(clause.path)

    @cached_property
    def _annotator(self) -> DutyAnnotator:
        return DutyAnnotator(self.facts.lexicon)

    def _multi(self) -> Iterator[_Group]:
        for party in MULTI_PARTIES:
            # A duty the text gives the 备案人 alone is no 注册人's: such a stem would need its own label.
            own = [e for e in self.predicates(party)
                   if self.facts.holder_label(party, e[0].id, e[1].sentence) != FILER_ONLY]
            if len(own) < 2:
                continue
            others = self._foreign_predicates(party)
            by_doc: dict[str, list[tuple[Clause, Duty, str]]] = {}
            for entry in own:
                by_doc.setdefault(entry[0].doc_id, []).append(entry)
            used: set[str] = set()
            leftover: list[tuple[Clause, Duty, str]] = []
            # One document's duties together first; what is left over makes questions
            # across documents ("根据医疗器械相关法规规章").
            for doc_id, entries in [*by_doc.items(), ("", leftover)]:
                entries = _distinct(self.facts, entries)
                sizes = [3, 2]
                while len(entries) >= 2:
                    size = min(sizes[0], len(entries))
                    sizes.reverse()
                    right, entries = entries[:size], entries[size:]
                    wrong = self._wrong_options(party, right, others, doc_id, used, 4 - size)
                    if len(wrong) < 4 - size:
                        entries = right + entries
                        break
                    used.update(w[3] for w in wrong)
                    if (group := self._multi_item(party, doc_id, right, wrong)) is not None:
                        yield group
                if doc_id:
                    leftover += entries

    def _foreign_predicates(self, party: str) -> list[tuple[str, Clause, Duty, str]]:
        """Duties of other parties that ``party`` holds nowhere in the corpus, the most
        tempting (its twin's) first."""
        twins = TWINS.get(party, ())
        family = FAMILY[party]
        order = list(twins) + [p for p in MULTI_PARTIES if FAMILY[p] == family] + list(MULTI_PARTIES)
        out = []
        for other in dict.fromkeys(order):
            if overlaps(other, party):
                continue
            for clause, duty, phrase in self.predicates(other):
                if self.facts.holds(party, phrase) or self.facts.holds(party, duty.sentence):
                    continue
                if any(overlaps(p, party) for p in self.facts.parties_in(phrase)):
                    continue  # "监督受托方……" is plainly not the 受托方's own duty
                if self.facts.general_rule(party, clause.id, duty.sentence):
                    continue  # its paragraph binds every 企业, ``party`` included (GMP 第二条)
                out.append((other, clause, duty, phrase))
        return out

    def _wrong_options(self, party, right, others, doc_id, used, count) -> list[tuple[str, Clause, Duty, str]]:
        chosen: list[tuple[str, Clause, Duty, str]] = []
        # Same document first: options then read as one regulation's division of labour.
        for entry in sorted(others, key=lambda e: e[1].doc_id != doc_id):
            if len(chosen) == count:
                break
            phrase = entry[3]
            if phrase in used or any(_alike(self.facts, phrase, p) for p in
                                     [r[2] for r in right] + [c[3] for c in chosen]):
                continue
            if same_trade(entry[0], party) and not self.facts.role_marked(phrase):
                continue
            chosen.append(entry)
        return chosen

    def _multi_item(self, party, doc_id, right, wrong) -> _Group | None:
        role = _role(party)
        # The stem names the party as narrowly as its narrowest text: a duty of 注册人、备案人
        # is also a 注册人's, not the other way round. Texts that name it two narrower ways
        # (注册人 here, 委托方 there) share no stem: no item.
        said = {self.facts.holder_label(party, c.id, d.sentence) for c, d, _ in right}
        narrower = said - {PARTY_LABELS[party], FILER_ONLY}
        if len(narrower) > 1:
            return None
        label = next(iter(narrower), PARTY_LABELS[party])
        options = tuple(r[2] for r in right) + tuple(w[3] for w in wrong)
        sources = tuple(Citation(c.id, c.ref, c.text) for c, _, _ in right) + \
            tuple(Citation(c.id, c.ref, c.text) for _, c, _, _ in wrong)
        lines = [f"{d.sentence}（{c.ref}）" for c, d, _ in right]
        lines += [f"“{p}”是{self.facts.holder_label(o, c.id, d.sentence)}的{_role(o)}（{c.ref}）。"
                  for o, c, d, p in wrong]
        topics = topics_of(*(d.sentence for _, d, _ in right))
        docs = tuple(dict.fromkeys(c.doc_id for c, _, _ in right))
        tags = tuple(f"doc:{d}" for d in docs) + tuple(f"topic:{t}" for t in topics) + (f"party:{party}",)
        where = self.facts.doc_name(doc_id) if doc_id else "医疗器械相关法规、规章和规范性文件"
        difficulty = "hard" if any(w[0] in TWINS.get(party, ()) for w in wrong) else "medium"
        item = QuizItem(id=item_id("multi", party, *sorted(options)), type="multi",
                        stem=f"根据{where}，下列属于{label}{role}的有{BLANK}。",
                        options=options, answer=tuple(r[2] for r in right), explanation="\n".join(lines),
                        citation=sources[0], difficulty=difficulty, tags=tags, sources=sources)
        return _Group("multi|" + "|".join(sorted(options)), "multi", [item])


# -- helpers -------------------------------------------------------------------------------


def _role(party: str) -> str:
    return "义务" if FAMILY[party] == "industry" else "职责"


def key_terms(facts: FactBase) -> tuple[str, ...]:
    """Key terms for fill-in-the-blank: the domain dictionary, less party names."""
    words = []
    for line in (TOKENIZE_DATA / "user_dict.txt").read_text(encoding="utf-8").splitlines():
        word = line.split(" ")[0].strip()
        if len(word) >= 3 and not facts.parties_in(word) and word not in _GENERIC_TERMS:
            words.append(word)
    # Longest first, so that 委托生产质量协议 wins over 质量协议.
    return tuple(sorted(dict.fromkeys(words), key=len, reverse=True))


def _fill_target(sentence: str, terms: tuple[str, ...], mentions=()) -> tuple[str, int, int] | None:
    """The first deadline/frequency/amount in the sentence, else a key term; only if it
    occurs once (a second occurrence would give the answer away). A term inside a party
    name (受托生产|企业) or a document title (……核查|指南) is no key term."""
    for kind, pattern in _FILL_PATTERNS:
        for match in pattern.finditer(sentence):
            text = match.group(0)
            if sentence.count(text) == 1:
                return kind, match.start(), match.end()
    for term in terms:
        at = sentence.find(term)
        end = at + len(term)
        if at < 0 or sentence.count(term) != 1 or any(
                t != term and term in t and t in sentence for t in terms):
            continue
        if any(m.start < end and m.end > at for m in mentions):
            continue
        if re.match(r"(?:工作)?(?:指南|办法|规定|规范|目录|管理规定)", sentence[end:]) or \
                sentence[:at].count("《") > sentence[:at].count("》"):
            continue
        return "term", at, end
    return None


def _flip(sentence: str) -> tuple[str, str] | None:
    """The sentence with its one modal word flipped (应当 -> 不得, 不得 -> 可以), or None
    where there is not exactly one (a second 应当 would be left saying the opposite)."""
    found = [(w, m.start()) for w in _FLIPS for m in re.finditer(w, sentence)]
    if len(found) != 1:
        return None
    word, at = found[0]
    rest = sentence[:at] + sentence[at + len(word):]
    if _OTHER_MODALS.search(rest):
        return None
    # "应当及时报告" -> "不得及时报告", "每年应当…不少于一次" -> "每年不得…": the negation of
    # a manner, a time or a quantity is nonsense rather than a plausible wrong rule.
    if word == "应当" and (_UNNEGATABLE.match(sentence[at + 2:]) or len(sentence) > 70
                         or re.search(r"\d|[一二三四五六七八九十]+(?:次|日|个|年)|不少于|至少|每", sentence)):
        return None
    new, modality = _FLIPS[word]
    return sentence[:at] + new + sentence[at + len(word):], modality


def _distinct(facts: FactBase, entries):
    """Drop phrases that say the same as an earlier one."""
    out = []
    for entry in entries:
        if not any(_alike(facts, entry[2], e[2]) for e in out):
            out.append(entry)
    return out


def _alike(facts: FactBase, a: str, b: str) -> bool:
    return max(facts.similarity(a, b), facts.similarity(b, a)) >= 0.5


def _with_parties(facts: FactBase, selection: Selection) -> Selection:
    return replace(selection, parties=resolve_parties(facts, selection.parties))


def _wanted(group: _Group, selection: Selection) -> _Group | None:
    """The group as the selection wants it, or None. A copy: the generator's own groups serve
    every later draw unchanged."""
    item = group.first
    if selection.doc_ids and not set(item.tag_values("doc")) & set(selection.doc_ids):
        return None
    if selection.topics and not set(item.tag_values("topic")) & set(selection.topics):
        return None
    if selection.parties and not set(item.tag_values("party")) & set(selection.parties):
        return None
    variants = group.variants
    if selection.difficulty:
        # A group qualifies if any of its variants does; only those are kept.
        variants = [v for v in group.variants if v.difficulty in selection.difficulty]
        if not variants:
            return None
    return _Group(group.key, group.type, list(variants))


def _of_topic(pool: list[_Group], topic: str | None, chosen: tuple[str, ...], alone: bool) -> list[_Group]:
    """The groups of ``topic`` (None: all); with ``alone``, only those of no other chosen topic."""
    if topic is None:
        return list(pool)
    others = set(chosen) - {topic}
    return [g for g in pool if topic in (tags := set(g.first.tag_values("topic")))
            and not (alone and others & tags)]


def _next_group(pool: list[_Group], kind: str, counts: dict[str, int]) -> int:
    """The next group in draw order; for true/false, while 错误 lags behind, the next one
    that has a false variant (fewer sentences can be flipped or swapped than quoted)."""
    if kind != "truefalse" or counts["false"] >= counts["true"]:
        return len(pool) - 1
    for index in range(len(pool) - 1, -1, -1):
        if any(v.answer == FALSE for v in pool[index].variants):
            return index
    return len(pool) - 1


def _quotas(n: int, kinds: list[str]) -> dict[str, int]:
    if not kinds:
        return {}
    base, extra = divmod(n, len(kinds))
    return {k: base + (1 if i < extra else 0) for i, k in enumerate(kinds)}


def _fingerprint(facts: FactBase, item: QuizItem) -> tuple[str, frozenset[str]]:
    """What an item tests: its source sentence(s), as bigrams of the bare content. A case
    is its own question: two cases may rest on one sentence (上市放行 and 生产放行 both come
    from 注册人负责上市放行，受托生产企业负责生产放行) and still ask different things."""
    if item.type == "scenario":
        return item.stem, frozenset()
    text = " ".join(item.answers) if item.type == "multi" else item.explanation
    return item.explanation, bigrams(facts.core(text))


def _near_duplicate(fingerprint, seen) -> bool:
    text, grams = fingerprint
    for other_text, other in seen:
        if text == other_text:
            return True
        if grams and other and len(grams & other) / min(len(grams), len(other)) >= 0.7:
            return True
    return False


def _balance(items: list[QuizItem], rng: random.Random) -> list[QuizItem]:
    """Put the keys of single-choice and case items evenly on A-D, and spread the right
    options of multiple-choice items evenly over the positions."""
    singles = [i for i, item in enumerate(items) if item.type == "single"]
    slots = [k % 4 for k in range(len(singles))]
    rng.shuffle(slots)
    out = list(items)
    for index, slot in zip(singles, slots):
        out[index] = place_single(out[index], slot, rng)
    # Case questions have three or four options: the key takes each position in turn.
    cases = [i for i, item in enumerate(items) if item.type == "scenario"]
    rng.shuffle(cases)
    for turn, index in enumerate(cases):
        out[index] = place_single(out[index], turn % len(out[index].options), rng)
    tally = [0] * 4
    for index, item in enumerate(out):
        if item.type != "multi":
            continue
        best, best_spread = None, None
        for _ in range(24):
            order = list(range(len(item.options)))
            rng.shuffle(order)
            trial = list(tally)
            for pos, source in enumerate(order):
                if item.options[source] in item.answers:
                    trial[pos] += 1
            spread = max(trial) - min(trial)
            if best_spread is None or spread < best_spread:
                best, best_spread = order, spread
        out[index] = reorder(item, best)
        tally = [t + (1 if out[index].options[p] in out[index].answers else 0) for p, t in enumerate(tally)]
    return out


def place_single(item: QuizItem, slot: int, rng: random.Random) -> QuizItem:
    """The key at position ``slot``, distractors shuffled around it."""
    others = [o for o in item.options if o != item.answer]
    rng.shuffle(others)
    options = others[:slot] + [item.answer] + others[slot:]
    return item.edited(options=tuple(options))


def reorder(item: QuizItem, order: list[int]) -> QuizItem:
    """Options (and, for multi, their sources) in a new order."""
    options = tuple(item.options[i] for i in order)
    sources = tuple(item.sources[i] for i in order) if len(item.sources) == len(item.options) else item.sources
    answer = tuple(o for o in options if o in item.answers) if isinstance(item.answer, tuple) else item.answer
    return item.edited(options=options, sources=sources, answer=answer)


def _ordered(items: list[QuizItem]) -> list[QuizItem]:
    """Sections in paper order (单选, 判断, 填空, 多选), draw order within a section."""
    return sorted(items, key=lambda i: TYPES.index(i.type))


def generate(facts: FactBase, selection: Selection | None = None) -> list[QuizItem]:
    """One-off convenience: build the candidates and draw one set."""
    return QuizGenerator(facts).generate(selection or Selection())
