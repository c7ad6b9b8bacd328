"""Answer plans: how an answer is built for each kind of question (the frame's slot).

Each plan picks the obligation record (see :mod:`ingest.obligations`) whose action matches
what is asked and leads with a plain conclusion, then quotes: a yes/no verdict from that
rule's modality (无需 -> 不需要, 鼓励 -> 不是强制, 不得 -> 不可以), every item of a list, one
line per party for 分别/双方 questions, the deadline with its trigger, the primary liability
statement. A plan returns None when it does not apply; the caller then answers "who" from the
duty annotations. ``match`` says how well the chosen rule fits the question (0-1): the
answer's confidence and its "not sure" wording come from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from ingest.grammar import LEAD_IN
from ingest.records import Obligation
from qa_app.answer.frame import Frame

# Below this, no rule matches what is asked well enough to state a conclusion.
MIN_MATCH = 0.3
# Primary liability statements: 注册人对…质量负责 / 依法承担责任.
LIABILITY = re.compile(r"对[^，。；]{0,40}(?:质量|安全|有效)[^，。；]{0,10}负责|(?:依法)?承担[^，。；]{0,12}责任|负主体责任|主体责任")
# A notice's cover letter (现印发给你们，请结合实际…) announces the measure; it is not the rule.
COVER_LETTER = re.compile(r"现(?:予以)?(?:印发|发布|转发)|请结合(?:本地)?实际|请认真(?:贯彻|遵照)|特此通知|遵照执行")
_MAIN_PAIR = ("注册人/备案人", "受托生产企业")
_BUREAU_PAIR = ("注册人所在地省级药监部门", "受托生产企业所在地省级药监部门")
_SHORT = {"注册人/备案人": "注册人", "注册人所在地省级药监部门": "注册人所在地省级药监部门"}


@dataclass
class Plan:
    lines: list[str]
    parties: tuple[str, ...] = ()
    evidence: list[str] = field(default_factory=list)  # clause ids the text quotes
    verdict: str | None = None
    match: float = 0.0
    satisfied: bool = True


@dataclass(frozen=True)
class Match:
    score: float
    fit: float  # how much of the asked action the rule's action covers (0-1)
    rank: int
    clause: object
    record: Obligation


class Planner:
    """Builds the plan for a frame over the ranked candidates, scoring rules with ``ctx``
    (the :class:`~qa_app.answer.answerer.Answerer`: its term coverage and citations)."""

    def __init__(self, ctx):
        self.ctx = ctx
        # The words of a rule's text without its parties: the same records come back query
        # after query, so each text is tokenized once.
        self._words = lru_cache(maxsize=16384)(
            lambda text: frozenset(ctx.kb.tokenizer.tokens(ctx._without_parties(text))))

    @cached_property
    def _descendants(self) -> dict[str, list]:
        """Clause id -> the clauses nested under it, in corpus order (items of a lead-in
        that closes its clause are its children: 二、基本要素 -> 二（一）, 二（二） …)."""
        out: dict[str, list] = {}
        for clause in self.ctx.kb.clauses.values():
            parts = clause.id.split("/")
            for i in range(1, len(parts)):
                out.setdefault("/".join(parts[:i]), []).append(clause)
        return out

    # -- matching rules to the question ---------------------------------------------------

    def matches(self, frame: Frame, ranked, terms, top: int = 3) -> list[Match]:
        """Every rule of the top clauses, best first. The rule's own words (action, condition,
        items) weigh most; the sentence and the clause's rank break ties."""
        out = []
        for rank, cand in enumerate(ranked[:top]):
            for record in cand.clause.obligations:
                if COVER_LETTER.search(record.sentence):
                    continue
                own = " ".join((record.topic, record.action, record.condition, " ".join(record.items)))
                fit = self.ctx._coverage(terms, self._words(own))
                whole = self.ctx._coverage(terms, self._words(record.sentence))
                score = 0.6 * fit + 0.4 * whole + 0.3 * cand.coverage - 0.08 * rank
                if frame.actor and set(frame.actor) & set(record.holders):
                    score += 0.1
                out.append(Match(score, max(fit, 0.8 * whole), rank, cand.clause, record))
        out.sort(key=lambda m: -m.score)
        return out

    def build(self, frame: Frame, ranked, terms) -> Plan | None:
        if frame.several:
            plan = self.several(frame, ranked, terms)
            if plan is not None:
                return plan
        build = {"whether_must": self.whether, "whether_may": self.whether, "items": self.items,
                 "when": self.when, "liable": self.liable}.get(frame.slot)
        return build(frame, ranked, terms) if build else None

    # -- plans ------------------------------------------------------------------------------

    def whether(self, frame: Frame, ranked, terms) -> Plan | None:
        found = self.matches(frame, ranked, terms)
        if not found:
            return None
        best = found[0]
        if best.fit < MIN_MATCH:
            return Plan([f"未能从条文中确定{_topic(frame)}，以下条款最相关：", self._quote(best)],
                        evidence=[best.clause.id], match=best.fit, satisfied=False)
        best = handing_over(frame, best, found)
        verdict, words = verdict_for(frame, best.record)
        lines = [words, self._quote(best)]
        if best.record.condition and best.record.condition not in frame.question:
            lines.append(f"适用条件：{best.record.condition}。")
        if best.record.exception:
            lines.append(f"但：{best.record.exception}。")
        return Plan(lines, _holders(best), [best.clause.id], verdict, best.fit)

    def items(self, frame: Frame, ranked, terms) -> Plan | None:
        found = [m for m in self.matches(frame, ranked, terms) if m.record.lead_in and m.record.items]
        if not found:
            return None
        best = found[0]
        clause, record = best.clause, best.record
        children = {c.text.split("\n")[0].strip(): c for c in self._descendants.get(clause.id, ())}
        lines = [f"{_lead_sentence(record)}（{clause.ref}）"]
        evidence = [clause.id]
        for n, item in enumerate(record.items, start=1):
            child = next((c for head, c in children.items() if item and item in head), None)
            ref = child.ref if child is not None else clause.ref
            if child is not None:
                evidence.append(child.id)
            lines.append(f"{n}. {item}（{ref}）")
        return Plan(["\n".join(lines)], record.holders, evidence, None, best.fit, satisfied=True)

    def when(self, frame: Frame, ranked, terms) -> Plan | None:
        found = [m for m in self.matches(frame, ranked, terms, top=5) if m.record.deadline and m.record.deadline != "年度"]
        if not found:
            return None
        best = found[0]
        record = best.record
        who = "、".join(record.holders)
        limit = f"{record.trigger}{record.deadline}" if record.trigger and record.trigger not in record.deadline \
            else record.deadline
        head = f"期限：{limit}" + (f"（{who}{record.action}）" if who else f"（{record.action}）")
        lines = [head + "。", self._quote(best)]
        if record.condition:
            lines.append(f"适用条件：{record.condition}。")
        return Plan(lines, record.holders, [best.clause.id], None, best.fit)

    def liable(self, frame: Frame, ranked, terms) -> Plan | None:
        found = [m for m in self.matches(frame, ranked, terms) if LIABILITY.search(m.record.sentence)
                 and m.record.holders and m.fit >= MIN_MATCH / 2]
        if not found:
            return None
        # The primary statement (the registrant answers for its products) before what a
        # manufacturer answers for; among equals the better match.
        found.sort(key=lambda m: (m.rank, not set(m.record.holders) & {"注册人/备案人"}, -m.score))
        best = found[0]
        lines = [f"责任方：{'、'.join(best.record.holders)}。", self._quote(best)]
        evidence = [best.clause.id]
        others = [m for m in found[1:] if set(m.record.holders) - set(best.record.holders)]
        if others:
            lines.append(f"另：{'、'.join(others[0].record.holders)}{others[0].record.action}。"
                         + self._quote(others[0]))
            evidence.append(others[0].clause.id)
        return Plan(lines, best.record.holders, evidence, None, best.fit)

    def several(self, frame: Frame, ranked, terms) -> Plan | None:
        """分别 / 双方 / 各自 / 还是: one line per party, each with its own rule and citation."""
        parties = [p for p in frame.parties if p not in frame.objects] or list(frame.parties)
        if len(parties) < 2:
            bureaus = any(w in frame.question for w in ("省局", "药监", "监管部门", "两地", "部门"))
            parties = list(_BUREAU_PAIR if bureaus else _MAIN_PAIR)
        found = self.matches(frame, ranked, terms, top=5)
        lines, evidence, used, fits = [], [], [], []
        for party in parties:
            mine = [m for m in found if party in m.record.holders]
            if not mine:
                lines.append(f"{_SHORT.get(party, party)}：条文中未找到对应规定。")
                fits.append(0.0)
                continue
            best = mine[0]
            lines.append(f"{_SHORT.get(party, party)}：{_modal_words(best.record)}{best.record.action}"
                         f"——「{best.record.sentence}」（{best.clause.ref}）")
            evidence.append(best.clause.id)
            used.append(party)
            fits.append(best.fit)
        if len(used) < 2:
            return None
        verdict = None
        if frame.yes_no:
            asked = [m for m in found if set(m.record.holders) & set(used)]
            verdict = verdict_for(frame, asked[0].record)[0] if asked else None
        return Plan(["\n".join(lines)], tuple(used), list(dict.fromkeys(evidence)), verdict, min(fits))

    def _quote(self, match: Match) -> str:
        return f"「{match.record.sentence}」（{match.clause.ref}）"


def handing_over(frame: Frame, best: Match, found: list[Match]) -> Match:
    """A question that names another party as the one something is handed to (交给/委托/让
    受托生产企业…) asks whether the duty may be handed over: where the matched rule's sentence
    also forbids that (应当由注册人自行完成，不得委托其他企业), the prohibition decides."""
    if not frame.objects or best.record.negative:
        return best
    same = [m for m in found if m.record.sentence == best.record.sentence and m.record.negative]
    return same[0] if same else best


def _holders(match: Match) -> tuple[str, ...]:
    """The rule's holders, or those of another rule of its sentence (产品上市放行应当由注册人
    自行完成，不得委托其他企业上市放行: the 不得 part names no one, the sentence names the registrant)."""
    if match.record.holders:
        return match.record.holders
    same = [r for r in match.clause.obligations if r.sentence == match.record.sentence and r.holders]
    return same[0].holders if same else ()


def verdict_for(frame: Frame, record: Obligation) -> tuple[str, str]:
    """The yes/no a question gets from the rule that matches it, and its plain words.

    The modality decides, not any modal word in the quote: 无需X，但应当Y asked about X is
    "no"; 鼓励 is not a requirement; 可以 answers "may" yes and "must" no. A duty the rule
    gives another party (上市放行由注册人负责, asked whether the manufacturer may/must) is "no".
    A question about not doing it (可以不…吗) turns the answer round."""
    must = frame.slot == "whether_must"
    modality, holders = record.modality, set(record.holders)
    others = holders and frame.actor and not holders & set(frame.actor) and holders <= set(_MAIN_PAIR) \
        and set(frame.actor) <= set(_MAIN_PAIR)
    if others and not record.negative and modality in ("must", "default_rule"):
        who = "、".join(_SHORT.get(p, p) for p in record.holders)
        return "no", f"{'不需要' if must else '不可以'}。该事项由{who}负责。"
    if modality == "default_rule":
        verdict, words = ("no", "原则上不可以。") if record.negative else ("yes", "原则上应当。")
    elif modality == "must":
        verdict, words = "yes", ("需要。这是应当履行的义务。" if must else "可以，而且应当。")
    elif modality == "must_not":
        verdict, words = "no", "不可以。条文规定不得为之。"
    elif modality == "no_need":
        verdict, words = "no", "不需要。条文规定无需为之。"
    elif modality == "may":
        verdict, words = ("no", "不是必须。条文规定可以（允许但不强制）。") if must else ("yes", "可以。")
    else:  # encouraged
        verdict, words = ("no", "不是必须。这是鼓励性规定，不是强制要求。") if must else ("yes", "可以，而且受鼓励。")
    if frame.negated:
        # 可以不…吗: "no, it must be done" / "yes, it need not be done".
        verdict = "no" if verdict == "yes" else "yes"
        words = "不可以不做。" + words if verdict == "no" else "可以不做。" + words
    return verdict, words


def _modal_words(record: Obligation) -> str:
    return {"must": "应当", "must_not": "不得", "may": "可以", "no_need": "无需", "encouraged": "鼓励",
            "default_rule": record.modal or "原则上"}.get(record.modality, "")


def _lead_sentence(record: Obligation) -> str:
    """The lead-in up to its colon (the items follow as a list)."""
    found = LEAD_IN.search(record.sentence)
    return record.sentence[:found.end()] if found else record.sentence


def _topic(frame: Frame) -> str:
    return "是否需要" if frame.slot == "whether_must" else "是否可以"
