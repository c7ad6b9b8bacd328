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
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import cached_property, lru_cache

from ingest.grammar import (CONDITION_PART, EITHER_FOLDED, EXCEPTION_AROUND, EXCEPTION_CLOSING, FREQUENCY, ITEM_NUMBER, LEAD_IN, LESSENED, MODAL, RECIPIENT,
                           SANCTION, SPAN, SPARED, spans)
from ingest.numerals import cn_to_int
from ingest.records import Obligation
from qa_app.answer import rule_choice
from qa_app.answer.frame import (BOTH, CLOSING, DOING, EACH, ENTRUSTED, NOT_DONE, PENALTY, SIDE_BUREAU, TO_WHOM, WHEN, WHETHER, WHO,
                                 Frame, asked_nouns, read_slot)

# A rule held by the party the question asks about (经营企业…的期限) over an equally good one of another.
ACTOR_BONUS = 0.15
# Below this, no rule matches what is asked well enough to state a conclusion.
MIN_MATCH = 0.3
# How an answer says that no rule settles what is asked (未能从条文中确定是否可以，以下条款最相关：…).
CANNOT_TELL = "未能从条文中确定"
# Primary liability statements: 注册人对…质量负责 / 依法承担责任.
# (明确主体责任 / 约定…责任 asks for the liability to be written down: it states none.)
ANSWERS_FOR = re.compile(r"对[^，。；]{0,40}(?:质量|安全|有效|生产行为)[^，。；]{0,10}负责(?!人)")
LIABILITY = re.compile(rf"{ANSWERS_FOR.pattern}|(?:依法)?承担[^，。；]{{0,12}}责任|负主体责任|(?<!明确)(?<!约定)主体责任")
# 经营第一类医疗器械和…第二类医疗器械的除外: the cases an exception joins with 和 are excepted each on its own.
ALSO_EXCEPTED = re.compile(r"(?<=[\u4e00-\u9fff]{2})和(?=[\u4e00-\u9fff]{2})")
# 在生产地址以外 / 住所之外: the place named is the one the question is not about.
OUTSIDE = re.compile(r"[^，,。？?；;在于]{2,8}(?:以外|之外)")
OTHER_PLACE = re.compile(r"其他(?:场所|地方|地点|地址|区域)")
# What a party answers for over the product's whole life (全生命周期, 研制、生产、经营、使用全过程): the statement
# that makes one party answerable in the end.
WHOLE_LIFE = re.compile(r"全生命周期|全过程")
# A question about answering for something (责任, 担责, 兜底).
LIABLE_WORDS = re.compile(r"责任|担责|兜底|负全责|背锅")
LIABLE_ONLY = re.compile(rf"{LIABLE_WORDS.pattern}|法律|依法|承担")
# A notice's cover letter (现印发给你们，请结合实际…) announces the measure and a guide's purpose
# statement (本指南旨在…) introduces it: neither is the rule.
COVER_LETTER = re.compile(r"现(?:予以)?(?:印发|发布|转发)|请结合(?:本地)?实际|请认真(?:贯彻|遵照)|特此通知|遵照执行"
                          r"|本(?:指南|意见|通知|要点|规范)(?:旨在|是根据)|按照[^。；]{0,80}要求，[^。；]{0,12}制定《")
# A scope article (…在设计开发、生产、产品放行、销售…过程中应当遵守本规范) says which instrument governs an activity;
# it decides only a question about that instrument (要不要执行GMP / 适用哪个办法), never one about an act.
SCOPE = re.compile(r"^遵守本(?:规范|办法|规定|条例|指南)")
ASKS_INSTRUMENT = re.compile(r"规范|GMP|办法|规定|条例|指南|遵守|适用|执行")
_MAIN_PAIR = ("注册人/备案人", "受托生产企业")
# The texts' general word for a firm that makes devices (医疗器械生产企业): either of the pair.
_MANUFACTURER = "生产企业"
_BUREAU = re.compile(r"药监|监管部门|国家药监局")
_BUREAU_PAIR = tuple(SIDE_BUREAU.values())
_SHORT = {"注册人/备案人": "注册人", "注册人所在地省级药监部门": "注册人所在地省级药监部门"}
# Who a yes/no question names no one in (说明书只印英文行吗, 这个配件能单独卖吗) is about: under the
# registrant system the registrant answers for its product's whole life (条例第十三条), and the
# users of this tool mostly speak for it.
_DEFAULT_HOLDER = ("注册人/备案人",)


def met(group: frozenset[str], words: frozenset[str]) -> bool:
    """Whether a text with these words has any member of a term group (a phrase member,
    words joined by spaces, needs all of its words)."""
    return bool(group & words) or any(" " in m and all(w in words for w in m.split()) for m in group)


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

    def __init__(self, ctx, fitted_choice: bool = True):
        self.ctx = ctx
        # Whether the fitted model (:mod:`qa_app.answer.rule_choice`) has the last word on the rule an answer
        # rests on; its study turns it off to see the hand-set choice it learns from.
        self.fitted_choice = fitted_choice
        # The words of a rule's text without its parties: the same records come back query
        # after query, so each text is tokenized once.
        self.words = lru_cache(maxsize=16384)(
            lambda text: frozenset(ctx.kb.tokenizer.tokens(ctx.without_parties(text))))
        # The terms of a text (a question, a rule's condition): asked again for every rule weighed.
        self.terms_of = lru_cache(maxsize=16384)(lambda text: tuple(ctx.query_terms(text)))
        self.terms_without_parties = lru_cache(maxsize=16384)(lambda text: tuple(
            (g, w) for g, w in ctx.query_terms(ctx.without_parties(text)) if any(ctx.weight(t) for t in g)))

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

    @cached_property
    def _catalog_clauses(self) -> list:
        """The clauses of the catalogues (kind: catalog), in corpus order: read for every whether question."""
        kb = self.ctx.kb
        return [c for c in kb.clauses.values() if kb.documents[c.doc_id].get("kind") == "catalog"]

    @cached_property
    def _evasion_bans(self) -> list[tuple[object, Obligation]]:
        """(clause, rule) of every rule that the inspected may not refuse or evade an inspection (:data:`EVADES`)."""
        return [(clause, record) for clause in self.ctx.kb.clauses.values() for record in clause.obligations
                if record.modality == "must_not" and EVADES.search(record.sentence)]

    @cached_property
    def _unannounced_rules(self) -> dict[str, tuple[object, str]]:
        """Clause id -> (clause, sentence) for every clause with a sentence that an inspection is made without telling
        the inspected first (:data:`UNANNOUNCED`): 飞行检查…是指…不预先告知的监督检查 / 检查组成员不得事先告知 /
        有因检查…非预先告知 (the sentences the ingest split, without the article number)."""
        return {clause.id: (clause, duty.sentence) for clause in self.ctx.kb.clauses.values()
                for duty in clause.duties if UNANNOUNCED.search(duty.sentence)}

    @cached_property
    def _maker_marks(self) -> list[tuple[object, str]]:
        """(clause, item) of every item of a label's or instructions' contents that has an entrusted product carry its
        maker's details (:data:`MAKER_MARKED`: 委托生产的还应当标注受托企业的名称、住所…)."""
        return [(clause, line.strip()) for clause in self.ctx.kb.clauses.values()
                for line in clause.text.splitlines() if MAKER_MARKED.search(line)]

    @cached_property
    def time_case_lists(self) -> tuple[tuple[str, ...], ...]:
        """The cases the texts give a time limit each, list by list (导致死亡 / 导致严重伤害、可能导致
        严重伤害或者死亡; 一级召回 / 二级召回 / 三级召回): a follow-up naming one of them asks the
        limit of that case in place of its sibling (:func:`qa_app.answer.followup.resolve`)."""
        lists = (tuple(case for case, _ in time_cases(_whole_sentence(clause.text, record.sentence)))
                 for clause in self.ctx.kb.clauses.values() for record in clause.obligations if record.deadline)
        return tuple(dict.fromkeys(cases for cases in lists if cases))

    # -- matching rules to the question ---------------------------------------------------

    def matches(self, frame: Frame, ranked, terms, top: int = 3) -> list[Match]:
        """Every rule of the top clauses, best first. The rule's own part of its sentence
        (from where the rule before it ends: its subject, condition, action, items) weighs
        most; the whole sentence and the clause's rank break ties."""
        out = []
        asks_liability = bool(LIABLE_WORDS.search(frame.question))
        asks_instrument = bool(ASKS_INSTRUMENT.search(frame.question))
        for rank, cand in enumerate(ranked[:top]):
            for record, own in _own_parts(cand.clause.obligations):
                if COVER_LETTER.search(record.sentence) or (SCOPE.match(record.action) and not asks_instrument):
                    continue
                fit = self.fit(terms, own)
                whole = self.fit(terms, record.sentence)
                if frame.slot != "items":
                    # 汇集…监督抽检、违法行为查处等信息 names the asked action in passing, as an entry.
                    fit -= self.ctx.P_PASSING * self.ctx.in_passing(terms, own)
                    whole -= self.ctx.P_PASSING * self.ctx.in_passing(terms, record.sentence)
                score = 0.6 * fit + 0.4 * whole + 0.3 * cand.coverage - 0.08 * rank
                score += self.ctx.region_bonus(frame.question, cand.clause)
                if frame.actor and set(frame.actor) & set(record.holders):
                    score += ACTOR_BONUS
                elif (not frame.actor and frame.objects and record.holders and frame.slot != "who"
                      and set(record.holders) <= set(frame.objects)):
                    # 总结报告什么时候交给省局: the party it goes to is not the one whose duty is asked.
                    score -= ACTOR_BONUS
                if asks_liability and LIABILITY.search(record.sentence):
                    score += ACTOR_BONUS  # 责任是不是都算注册人的: the statement of who answers for it
                out.append(Match(score, max(fit, 0.8 * whole), rank, cand.clause, record))
        out.sort(key=lambda m: -m.score)
        return self._stated_case_first(frame, out) if frame.yes_no else out

    def _stated_case_first(self, frame: Frame, found: list[Match]) -> list[Match]:
        """A best rule made for a case the question does not state (境外发生的…, 创新医疗器械…, 第三类…) gives
        way to a rule of another sentence that fits nearly as well and names no such case: asked of the act in
        general, the general rule answers. A general rule that covers clearly less of the asked act does not
        (每年对质量协议…开展评审 does not answer how long an agreement may run, over 注册人进行委托生产，…原则上
        质量协议有效期限不超过…). (Within one sentence the later parts are the sentence's own cases
        of other acts: 可以自行检查…，…的，可以开展委托检查.)"""
        if not found or not self._unstated_case(frame, found[0].record):
            return found
        best = found[0]
        general = next((m for m in found[1:] if m.score >= best.score - UNSTATED_CASE and m.fit >= best.fit - CLEARLY_BETTER
                        and m.record.sentence != best.record.sentence and not self._unstated_case(frame, m.record)), None)
        return found if general is None else [general] + [m for m in found if m is not general]

    def _fitted_first(self, frame: Frame, ranked, terms, best: Match, found: list[Match]) -> Match:
        """The rule of another clause that the fitted model (:mod:`qa_app.answer.rule_choice`) puts above the
        one the rules above chose, among the rules of the top clauses; the chosen one where the model keeps
        its clause first (it rates clauses: which rule of the clause answers stays the rules' choice)."""
        if not self.fitted_choice or best.rank >= rule_choice.TOP:
            return best
        near = [m for m in found if m.rank < rule_choice.TOP]
        if len(near) < 2:
            return best
        first = rule_choice.order(self, frame, terms, ranked, near, best.clause.id)[0]
        return best if first.clause.id == best.clause.id else first

    def leaves_open(self, clause, terms) -> bool:
        """Whether a clause encourages or permits the asked act (鼓励… / 可以…), matched as well as a rule must be."""
        return any(r.modality in ("encouraged", "may") and self.fit(terms, r.sentence) >= MIN_MATCH
                   for r in clause.obligations)

    def names_class(self, clause, classes: set[int]) -> bool:
        """Whether a rule of the clause is made for one of the ``classes`` of device alone (经营第一类医疗器械不需要…)."""
        return any(only_of(r, classes) for r in clause.obligations)

    def fit(self, terms, text: str) -> float:
        """The weighted share of the asked terms a rule's text has. A term counts where the
        text has it as a word, contains it, or has a word that is all of it but one character
        (经营许可证 ~ 经营许可, 委托方 ~ 委托): word segmentation splits the same term differently."""
        words = self.words(text)
        total = sum(w for _, w in terms)
        if not total:
            return 0.0
        hit = 0.0
        for group, weight in terms:
            if met(group, words) or any(len(t) >= 2 and t.replace(" ", "") in text for t in group) or any(
                    len(w) >= 2 and w in t and len(w) >= len(t) - 1 for t in group if len(t) >= 3 for w in words):
                hit += weight
        return hit / total

    def build(self, frame: Frame, ranked, terms, pool=None, turn: str = "") -> Plan | None:
        """The plan for the frame's slot over the ``ranked`` candidates; a list question also looks
        further down the ``pool`` (the candidates beyond them) for the list it asks for. A follow-up read with the
        question before it asks what its own words (``turn``) ask where they ask something (签完以后多久评审一次,
        after 质量协议期限最长多久, asks no validity); a bare 那生产许可证呢 asks what the question before asked."""
        marked = self._maker_marked(frame)
        if marked is not None:
            return marked
        # 委托双方召回时各做什么事 (A和B分别…哪些): each party's part, not one list.
        each = frame.slot == "items" and len(frame.parties) >= 2 and EACH.search(frame.question)
        if frame.several and (frame.slot not in ("when", "items", "liable") or each):
            plan = self.several(frame, ranked, terms)
            if plan is not None:
                return plan
        if frame.slot == "items":
            return self.items(frame, pool or ranked, terms)
        own = turn if turn and read_slot(turn) not in ("what", "how") else frame.question
        valid = self._validity(frame, ranked) if VALIDITY_ASKED.search(own) else None
        if valid is not None:
            # 有效期几年？到期延续什么时候申请？: a part asking a time limit besides gets its plan after it.
            parts = [p for p in re.split(r"[？?]", frame.question) if p.strip()]
            more = [p for p in parts if (WHEN.search(p) or TIME_SPAN.search(p)) and not VALIDITY_ASKED.search(p)]
            limit = None
            if more:
                # Asked of the thing the validity part names (生产许可证…？到期延续…: the licence's renewal).
                head = next(p[:VALIDITY_ASKED.search(p).start()] for p in parts if VALIDITY_ASKED.search(p))
                limit = self.when(replace(frame, question=f"{head.rstrip('的')}，{'，'.join(more)}？"), ranked, terms)
            if limit is not None and not set(limit.evidence) & set(valid.evidence):
                return replace(valid, lines=[*valid.lines, "\n", *limit.lines], parties=limit.parties,
                               evidence=[*valid.evidence, *limit.evidence])
            return valid
        build = {"whether_must": self.whether, "whether_may": self.whether,
                 "when": self.when, "liable": self.liable}.get(frame.slot)
        return build(frame, ranked, terms) if build else None

    # -- plans ------------------------------------------------------------------------------

    def whether(self, frame: Frame, ranked, terms) -> Plan | None:
        if frame.penalty:
            return self.penalty(frame, ranked, terms)
        listed = self._listed(frame, ranked)
        if listed is not None:
            return listed
        # A sanction (…的，处…罚款) says what the bureau does to one who broke a rule, not what one may do.
        # The rule that answers may sit below the top three clauses (they often share the question's setting).
        found = [m for m in self.matches(frame, ranked, terms, top=len(ranked)) if not SANCTION.search(m.record.sentence)]
        if not found:
            return None
        evading = self._evading(frame, terms) or self._unannounced(frame, terms)
        if evading is not None:
            return evading
        found = class_asked_first(frame, found)
        # 管代能兼质量部负责人吗 beside 质量管理部门负责人与生产管理部门负责人不得相互兼任: asked of two posts, a rule
        # that names both answers, not one about another pair, though it shares fewer of the question's words.
        posts = self._roles(frame.question, expand=True)
        pinned = self._paired(posts, found)
        # 监测人员必须专职吗 / 能找兼职的吗 beside …配备专（或者兼）职监测人员: the rule that offers the option asked
        # of answers, though a rule that names one of them (配备专职…人员) shares as many words.
        offered = None if pinned else self._offered(frame, found)
        pinned = pinned or (offered[0] if offered else None)
        best = pinned or found[0]
        named = self._named_prohibition(frame, found) if best.fit < MIN_MATCH and pinned is None else None
        best = named or best
        if best.fit < MIN_MATCH and named is None and pinned is None:
            return Plan([f"{CANNOT_TELL}{_topic(frame)}，以下条款最相关：", self._quote(best)],
                        _asked_about(frame), [best.clause.id], match=best.fit, satisfied=False)
        duty, moved_to = best, self._moved_to(frame)
        best = handing_over(frame, best, found, moved_to)
        # A rule that says no or leaves it open overrides the best one only from the top three clauses: the
        # further ones are read for a better match, not for any 无需 that fits a vague question as well.
        near = [m for m in found if m.rank < 3]
        best = self._governing(frame, best, found)
        if len(posts) >= 2:
            # Nor does a ban about another pair of posts override the rule of the pair asked.
            near = [m for m in near if self._roles(m.record.sentence) >= posts] or near
        # A ban for a failing case the question does not state (不符合…的，不得放行) gives way to a rule that
        # fits the question well; beside a weak match it answers, given with its case (视情况而定).
        plain = [m for m in near if not self._ban_for_unstated_case(frame, m.record)]
        best = prohibition_first(frame, best, plain if best.fit >= WELL_MATCHED else near)
        # Asked how binding it is, the rule that leaves the act open answers from wherever the plans read it.
        # Not a part of the same sentence made for another act (鼓励注册人自行生产，确需委托的，原则上应当选派人员入驻:
        # asked whether sending staff is a must, 鼓励自行生产 does not answer).
        leaving = [m for m in (found if frame.asks_strength else near) if m.record.sentence != best.record.sentence
                   or self._acts_as_asked(terms, m.record.action, best.record.action)]
        best = permission_first(frame, best, leaving)
        best = self._duty_over_unstated_exemption(frame, best, found, terms)
        best = timed_first(frame, best, found)
        best = self._kept_first(frame, best, found)
        best = halt_first(frame, best, found)
        chain, best = best, self._fitted_first(frame, ranked, terms, best, found)
        late = refused_first(frame, best, found)
        if best is not chain or late is not best:
            duty = best = late  # the rule itself, not one that keeps the duty with its holder
        best = self._own_part(frame, best, found, terms)
        best = self._but_part(best, terms)
        outcome = own_outcome(frame, best.clause.text)
        if outcome is not None:
            # 过了期限还能补吗 over 逾期…不再受理 / 证还有效吗 over 逾期未作决定的，视为准予延续: the rule's own
            # words for what follows the case decide, not the duty beside them.
            verdict, words, said = outcome
            lines = [words, f"「{said}」（{best.clause.ref}）"]
            if best.record.sentence not in said:
                lines.append(self._quote(best))  # the duty the case is of (应当在…届满6个月前申请延续)
            return Plan(lines, stated_holders(best) or frame.actor or _holders(best) or _DEFAULT_HOLDER,
                        [best.clause.id], verdict, best.fit)
        acted_on = self.parties_in(best.record.action)
        verdict, words = verdict_for(frame, best.record, acted_on)
        condition = best.record.condition
        timed = in_time(frame, best.record)
        beyond = self._beyond(frame, best.record) if verdict == "yes" and SUFFICES.search(frame.question) else ""
        more = (self._more_in_cases(frame, best) if verdict == "yes" and not beyond and SUFFICES.search(frame.question)
                else None)
        kept = verdict == "yes" and self._kept_not_handed_in(frame, best.record)
        lacking = self._lacking(frame, best) if verdict == "yes" else ""
        spared = self._spared(frame, best) if verdict == "yes" else ""
        assigned = self._assigned_to_other(frame, best.record) if verdict == "yes" else ""
        regime = other_regime(frame.question, best.record) if verdict == "yes" else ""
        either = offered is not None and best is offered[0]
        cases = (self._cases(frame, best, verdict, acted_on)
                 if not (timed or assigned or lacking or beyond or more or kept or regime or either) else None)
        excepted_by = self._hedged_exception(frame, best, verdict) if cases is None and not timed else None
        exempt = (self._exempted(frame, best, verdict, found, terms)
                  if cases is None and not timed and excepted_by is None and not (assigned or lacking or spared)
                  else None)
        if cases is not None and cases[1] == "other":
            # 在其他场所卖要办许可吗 beside 在住所销售的，无需办理: the rule of the case the question names answers.
            best = replace(best, record=cases[0])
            verdict, words = verdict_for(frame, best.record, acted_on)
            condition = best.record.condition
            cases = None
        # …，X的情形除外 closing a duty or a ban: the case X is what the rule does not reach.
        closing = EXCEPTION_CLOSING.fullmatch(best.record.exception)
        unless = (EXCEPTED_CASE.sub("", closing.group(0)) if closing and not frame.negated and not frame.universal
                  and best.record.modality in ("must", "must_not") and verdict in ("yes", "no") else None)
        if timed is not None:
            verdict, words = timed
        elif either:
            _, one, other, asked = offered
            verdict, words = (("no", f"不一定。条文规定{one}或者{other}均可，不限于{asked}。")
                              if frame.slot == "whether_must" or ONLY.search(frame.question) else
                              ("yes", f"可以。条文规定{one}或者{other}均可。"))
        elif regime:
            # 一类产品要注册吗 over 第一类医疗器械实行产品备案管理: the rule puts the kind under another regime.
            verdict, words = "no", f"不需要{regime}。条文规定{best.record.topic}实行{best.record.action}。"
        elif spared:
            # 代工厂也要填这几项吗 over …仅由注册人填报，受托生产企业不填写: the rule spares the party asked about.
            verdict, words = "no", f"不需要。条文规定{spared}。"
        elif assigned:
            # 能不能让生产部经理来组织 over 由质量管理部门负责人组织: the rule names who does it, and not them.
            verdict, words = "no", f"不可以。条文规定{assigned}，而不是{frame.doer}。"
        elif lacking and frame.slot == "whether_must":
            # 我们不是二级医院，也得注册吗 over 二级以上医疗机构应当注册: the rule binds a case the question says it is not.
            verdict, words = "no", f"不需要。条文只对「{_bound(best.record)}」作此要求，所问的情形（{lacking}）不在其列。"
        elif lacking:
            # 没拿到许可证就先生产，可以吗: the question's case lacks what the rule asks for.
            verdict, words = "no", f"不可以。所问的情形（{lacking}）不符合条文的要求。"
        elif kept:
            # 一类产品的定期风险评价报告要交给监测机构吗 over …由持有人留存备查: it is kept, not handed in.
            keeper = RULE_DOER_TAIL.search(best.record.topic)
            verdict, words = "no", (f"不需要提交。条文规定{keeper.group(0) if keeper else ''}{best.record.action}，"
                                    "即自行留存、检查时提供，不要求报送。")
        elif beyond:
            # 只报一次总结就够了吧: the rule asks for more than the question offers.
            verdict, words = "no", f"不够。条文要求{beyond}。"
        elif more is not None:
            # 医院只要告诉厂家就行了吧 over 应当及时告知持有人。其中，导致死亡的还应当在7日内…报告: enough in general,
            # not in the cases the next sentence adds a duty for (not enough where the question states one).
            added = more[0].sentence.removeprefix("其中，").rstrip("。；")
            verdict, words = (("no", f"不够。条文规定{added}。") if more[1] else
                              ("depends", f"视情况而定：一般{best.record.action}即可；但{added}。"))
        elif cases is not None:
            # 卖自己注册的产品要办经营许可吗: 无需 where it is sold from its premises, 应当 elsewhere; the
            # question names neither case, so the answer is both.
            other = cases[0]
            verdict = "depends"
            words = (f"视情况而定：{_case(best.record)}，{words.split('。')[0]}；"
                     f"{_case(other)}，{verdict_for(frame, other, acted_on)[1].split('。')[0]}。")
        elif excepted_by is not None:
            # 一般不得委托检验 beside 确需委托检验的，可以委托…: the ban holds as a rule, the permission is its
            # exception. Still a "no": asked without the exception's case, the rule says no.
            verdict, words = "no", f"原则上不可以；但{excepted_by.condition}的，可以{excepted_by.action}。"
        elif exempt is not None:
            # 二类经营要备案吗 over 从事第二类医疗器械经营的，…应当…备案 beside …不受流通过程影响的第二类医疗器械，可以免予
            # 经营备案: the duty holds as a rule; the kind the other rule exempts is its exception.
            verdict, words = "depends", f"视情况而定：一般需要；但{_exemption(exempt.record)}。"
        elif verdict == "yes" and frame.carries_on and halts(best.record):
            # 能先接着用吗 over 应当立即暂停使用: the rule stops what the question would carry on with.
            verdict, words = "no", f"不可以。条文要求{best.record.action}，不能照常继续。"
        elif (verdict == "yes" and frame.slot == "whether_may" and not frame.negated and not best.record.negative
              and best.record.modality in ("must", "default_rule") and self._unrelated(frame, best.record)):
            # 放满三年就销毁，可以吗 over 监测记录应当永久保存: a duty says nothing of what is proposed, so it
            # is no leave to do it; what the rule asks is the measure.
            verdict, words = "no", f"不可以。条文要求{best.record.action}，所问的做法（{frame.proposed}）不符合这一要求。"
        elif unless is not None and self._meets(frame, ALSO_EXCEPTED.sub("、", unless)):
            # 委托方有特殊要求的，受托方能放行不合格批次吗 over 不得放行…，委托方有特殊要求的情形除外: the
            # question states the case the rule excepts, so the rule does not hold for it.
            verdict, words = ("yes", f"可以。条文将「{unless}」列为除外情形。") if verdict == "no" else (
                "no", f"不需要。条文将「{unless}」列为除外情形。")
        elif unless is not None:
            # The same asked without the excepted case: the rule holds as a rule, and the answer names its exception.
            verdict, words = "depends", f"视情况而定：一般{words.split('。')[0]}；{best.record.exception}。"
        elif verdict == "no" and self._ban_for_unstated_case(frame, best.record):
            # 不符合要求的，不得放行 asked 受托方能放行吗 with no rule of the act itself: done right it is allowed.
            verdict, words = "depends", f"视情况而定：{condition}，不可以。"
        elif verdict == "yes" and (kind := self._qualified_holder(frame, best.record)):
            # 管代能兼任质量负责人吗 over 规模较小生产企业可以…由管理者代表兼任: leave for a kind of holder the question
            # does not say it is.
            verdict, words = "depends", f"视情况而定：条文只允许「{best.record.topic}」{best.record.action}；不属于「{kind}」的，不在此列。"
        elif (verdict == "yes" and not frame.negated and not frame.universal
              and (left := self._left_to_judgement(best.record, terms))):
            # 运输服务商要不要现场审核 over 应当审核其资格证明…，必要时开展现场审核: the act asked of is the part
            # the rule leaves to judgement.
            verdict, words = "depends", f"视情况而定：条文规定{left}，并非一律要求。"
        elif verdict == "yes" and condition and not frame.negated and not self._meets(frame, condition):
            # 可以…，但只在条件下: the question does not say the condition holds.
            verdict, words = "depends", f"视情况而定：{condition}，{words.rstrip('。')}。"
        elif frame.slot == "whether_must" and best.record.modality == "may" and DISCRETION.search(best.record.sentence):
            # 会不会查到… over 可根据情况…核查: it is left to judgement.
            verdict, words = "depends", "视情况而定：条文规定可以根据情况为之，并非必然。"
        evidence = [best.clause.id]
        # 是不是一律不能… asked of a ban on a narrower kind (具有高风险的植入性医疗器械不得委托生产) is answered like
        # 是不是都得…: the ban does not reach every case the question takes in.
        banned = verdict == "no" and best.record.modality == "must_not"
        if (verdict == "yes" or banned) and frame.universal and not frame.negated:
            limit = not_always(best, found)
            setting = _setting(best.record)
            # A ban reaches every case its kind takes in unless the kind is qualified (具有高风险的…) and the
            # question does not state the qualifier.
            qualifier = setting.rpartition("的")[0] if banned else ""
            if limit is None and setting and (not self._meets(frame, qualifier) if qualifier else
                                              not banned and not self._meets(frame, setting, UNIVERSAL_MET)):
                # 是不是所有…都得报 asked of 创新医疗器械在首个注册周期内，应当报告所有…: the rule is for that case only.
                limit = f"不一定：条文只就「{setting}」作此规定。", best.clause.id
            if limit is not None:
                # 是不是都得…: the rule does not hold in every case.
                verdict, words = "depends", limit[0]
                evidence += [limit[1]]
        elif banned and frame.slot == "whether_may" and not frame.negated:
            # 骨科植入物能委托吗 over 具有高风险的植入性医疗器械不得委托生产: the ban is on a kind of product the
            # question names only in part (without 具有高风险的), so it reaches the product only if it is of that kind.
            kind = _bound(best.record)
            qualifier = kind.rpartition("的")[0] if QUALIFIED_KIND.search(kind) else ""
            if qualifier and not self._meets(frame, qualifier):
                act = re.split(r"[，,；;]", best.record.action)[0]
                verdict, words = "depends", f"不一定：条文只禁止「{kind}」{act}，所问的产品属于这一类的才不可以。"
        # 让代工厂QA签字放行 over 产品上市放行应当由注册人自行完成，不得委托其他企业: the duty stays with its holder.
        kept_by = best.record.holders if (best is not duty and best.record.negative and verdict == "no"
                                          and not frame.negated) else ()
        if kept_by:
            words = f"不可以。这一事项由{'、'.join(_SHORT.get(p, p) for p in kept_by)}负责，不得转交他方。"
        lines = [words, self._quote(best)]
        if kept_by and duty.record.sentence not in lines[1]:
            # The duty the ban keeps with its holder is quoted too: what the holder itself must do.
            lines.append(self._quote(duty))
            evidence.append(duty.clause.id)
        # The quote may read on into the exception or the other case (:func:`passage`): not quoted twice.
        if excepted_by is not None and excepted_by.sentence not in lines[1]:
            lines.append(self._quote(replace(best, record=excepted_by)))
        if exempt is not None and exempt.record.sentence not in lines[1]:
            lines.append(self._quote(exempt))
            evidence.append(exempt.clause.id)
        if cases is not None and cases[0].sentence != best.record.sentence and cases[0].sentence not in lines[1]:
            lines.append(self._quote(replace(best, record=cases[0])))
        if condition and verdict != "depends" and condition not in frame.question:
            lines.append(f"适用条件：{condition}。")
        special = (found[1] if len(found) > 1 and best is found[0] and found[1].score >= best.score
                   and found[1].clause.id == best.clause.id and best.record.modality in ("may", "no_need", "encouraged")
                   and found[1].record.modality == "must" and self._unstated_case(frame, found[1].record) else None)
        if verdict == "no" and not frame.negated and special is not None and special.record.sentence not in lines[1]:
            # 鼓励其他使用单位注册 answering in place of 二级以上医疗机构应当注册 (same article): the duty of the case
            # the question does not state is shown too, so the reader sees whom it binds.
            lines.append(f"另：条文对「{_case(special.record)}」的规定：{self._quote(special)}")
            evidence.append(special.clause.id)
        if best.record.exception and unless is None:
            lines.append(f"但：{best.record.exception}。")
        # A rule whose sentence names no holder (…名称文字性变化的，无需申请变更备案, its holder carried
        # over from the sentence before) is about the party the question asks about.
        parties = stated_holders(best) or frame.actor or _holders(best) or _DEFAULT_HOLDER
        if parties == (_MANUFACTURER,) and frame.actor and set(frame.actor) <= set(_MAIN_PAIR):
            # 生产企业应当… asked of the contract manufacturer (代工厂要告诉我们吗): the rule binds it
            # as a manufacturer, and it is the one the answer is about.
            parties = frame.actor
        # 能不能让代工厂那边的省局去查 over 经协商受托生产企业所在地省局同意后，可以开展委托检查: the rule
        # speaks of the one the matter would be handed to, and the answer is about it too.
        parties = (*parties, *(p for p in self._handed(frame, best.record) if p not in parties))
        if spared:
            # The answer is about the party the rule spares (受托生产企业不填写…), not the duty's holder.
            parties = tuple(p for p in frame.actor if p in self.parties_in(spared)) or parties
        if kept_by and held_by_another(frame, duty.record, self.parties_in(duty.record.action)):
            # 工厂能替注册人放行吗, answered by 不得委托其他企业上市放行: as with the duty it keeps (below).
            parties = (*parties, *(p for p in frame.actor if p not in parties))
        if held_by_another(frame, best.record, acted_on) and verdict == "no":
            # 工厂能自己发召回吗 -> 不可以，由注册人负责: the answer places the duty with its holder and
            # denies it to the party asked about; both are its parties.
            parties = (*parties, *frame.actor)
        return Plan(lines, parties, list(dict.fromkeys(evidence)), verdict, best.fit)

    def sanction(self, frame: Frame, ranked, terms) -> Plan | None:
        """不报罚多少 / 没按时通知会怎样: the sentence of the candidates that sanctions the deed the question
        describes (the duty it breaks is no answer), best fitting first, then by rank. Sanction articles
        (…的，由…责令改正，处…罚款) state no duty, so they are read from the clause text, not its rules.
        None when no candidate sanctions that deed."""
        deed = [(g, w) for g, w in terms if not any(PENALTY.search(t) for t in g)]
        found = [(self.fit(deed, sentence), -rank, sentence, cand.clause)
                 for rank, cand in enumerate(ranked) for sentence in re.findall(r"[^。]+。?", cand.clause.text)
                 if SANCTION.search(sentence)]
        found = [f for f in found if f[0] >= MIN_MATCH / 2]
        if not found:
            return None
        fit, _, sentence, clause = max(found, key=lambda f: f[:2])
        lines, evidence = ["后果：", f"「{sentence.strip()}」（{clause.ref}）"], [clause.id]
        set_by = self._sanction_set_by(sentence)
        if set_by is not None:
            # 依照条例第八十一条的规定处罚: the amount and who imposes it are in the article it names.
            target, said = set_by
            lines.append(f"\n其中处罚依照{target.ref}：「{said}」")
            evidence.append(target.id)
        return Plan(lines, _asked_about(frame), evidence, match=fit)

    def _sanction_set_by(self, sentence: str):
        """The article a sanction refers to for its penalty (依照医疗器械监督管理条例第八十一条的规定处罚)
        and that article's sentence that sets it (…没收…，并处…罚款); None when the sentence states its
        penalty itself or names no article found in the corpus."""
        if not REFERS_PENALTY.search(sentence) or FINE.search(sentence):
            return None
        ref = self.ctx.references.find(sentence)
        for clause in ref.clauses if ref is not None else ():
            said = next((s.strip() for s in re.findall(r"[^。]+。?", clause.text) if SANCTION.search(s)), None)
            if said:
                return clause, said
        return None

    def penalty(self, frame: Frame, ranked, terms) -> Plan:
        """会不会被罚: the sanction rule that matches answers (会; 一般不会 where it spares, 不予处罚;
        视情况而定 where it lessens, 从轻或者减轻处罚); 是不是就不会被罚了 gets the answer turned round.
        With no sanction rule among the top clauses it cannot tell."""
        found = self.matches(frame, ranked, terms, top=5)
        # The sanction must be for what the question describes, not only match its words for a penalty.
        deed = [(g, w) for g, w in terms if not any(PENALTY.search(t) for t in g)]
        sanctions = [m for m in found if SANCTION.search(m.record.sentence) and m.fit >= MIN_MATCH / 2
                     and self.fit(deed, m.record.sentence) >= MIN_MATCH / 2]
        if not sanctions:
            best = found[0] if found else None
            lines = [f"{CANNOT_TELL}是否会被处罚" + ("，以下条款最相关：" if best else "。")]
            return Plan(lines + ([self._quote(best)] if best else []), _asked_about(frame),
                        [best.clause.id] if best else [], match=best.fit if best else 0.0, satisfied=False)
        best = sanctions[0]
        own = best.record.condition + best.record.action
        sentence = best.record.sentence
        if SPARED.search(sentence) and SANCTION.search(SPARED.sub("", sentence)):
            # 对企业…依法处罚，对依法履职尽责的…人员不予处罚: it depends on whom the question is about;
            # a question about the post the clause spares (管代会被罚吗) or the firm it punishes is answered for that one.
            parts = [part.strip("。 ") for part in re.split(r"[，；]", sentence)]
            spared = next((part for part in parts if SPARED.search(part)), "")
            punished = next((part for part in parts if SANCTION.search(part) and not SPARED.search(part)), "")
            asked = _asked_person(frame.question)
            if asked == "post" and PERSON.search(spared):
                verdict, words = ("yes", "是的，一般不会被处罚：") if frame.unpunished else ("no", "一般不会：")
                words += f"条文规定{spared}" + (f"；{punished}。" if punished else "。")
            elif asked == "firm":
                verdict, words = ("no", "不是，会被处罚：") if frame.unpunished else ("yes", "会：")
                words += "条文对此规定了处罚（另有不予处罚的人员）。"
            else:
                verdict, words = "depends", "视情况而定：条文对不同的人分别规定处罚或不予处罚。"
        elif SPARED.search(own) or SPARED.search(sentence):
            verdict, words = ("yes", "是的，一般不会被处罚：条文规定不予处罚。") if frame.unpunished else (
                "no", "一般不会：条文规定不予处罚。")
        elif LESSENED.search(sentence):
            verdict, words = "depends", "视情况而定：条文规定可以从轻或者减轻处罚，并非一律免于处罚。"
        else:
            verdict, words = ("no", "不是，会被处罚：条文对此规定了处罚。") if frame.unpunished else (
                "yes", "会：条文对此规定了处罚。")
        return Plan([words, self._quote(best)], _holders(best) or _asked_about(frame), [best.clause.id], verdict,
                    best.fit)

    def _cases(self, frame: Frame, best: Match, verdict: str, acted_on: set[str]) -> tuple[Obligation, str] | None:
        """The same action answered the other way for another case in the same clause (在住所销售的，无需
        办理经营许可；在其他场所贮存并销售的，应当办理): that rule, with "other" when the question names
        only its case and "neither" when it names neither case or both (the answer depends on the case),
        each case named by the words that tell the two apart. None when the clause has no such rule or
        the question names only the best rule's case. A question about not doing it (一定不用办吗) is read
        the same way: verdict_for turns both rules' answers round."""
        own = _case(best.record)
        if verdict not in ("yes", "no") or not best.record.action or not own:
            return None
        said = self._said(frame)
        # 在生产地址以外另租仓库: a place the question puts 以外 is the one it is not in, so its words name no case.
        inside = OUTSIDE.sub("", frame.question)
        said_inside = self._said(frame, inside) if inside != frame.question and inside.strip() else said

        def names(case: str, beside: str, said: frozenset[str]) -> bool:
            telling = [(g, w) for g, w in self._wanted(case, CONTEXT_IDF)
                       if not any(t.replace(" ", "") in beside for t in g)]
            return bool(telling) and self.ctx.coverage(telling, said) > 0
        for record in best.clause.obligations:
            other = _case(record)
            if (record is best.record or not other or own == other
                    or not _same_action(record.action, best.record.action)
                    or verdict_for(frame, record, acted_on)[0] in (verdict, "depends")):
                continue
            named_own, named_other = names(own, other, said_inside), names(other, own, said_inside)
            if said_inside is not said:
                # A case named only as the place it is not in (在住所以外卖) leaves the question in the other one.
                named_other = named_other or (not named_own and names(own, other, said))
                named_own = named_own or (not named_other and names(other, own, said))
            if named_own and not named_other:
                return None
            return record, "other" if named_other and not named_own else "neither"
        return None

    def _own_part(self, frame: Frame, best: Match, found: list[Match], terms) -> Match:
        """Asked whether the firm asked about may leave a matter alone (召回我们代工厂就不用管了吧) where the rule gives
        it to the other firm, the firm's own part of it answers: a rule of the top clauses that gives it
        that matter (受托生产企业应当…协助注册人…实施召回), else one of the same clause (…注册人…应当立即召回。
        受托生产企业…发现前款规定情形的，应当立即停止生产…，通知注册人: a paragraph on the same matter)."""
        # (Not asked whether it must, or decides: 召不召回它说了算吗 is answered by the other firm's holding it.)
        if not frame.negated or not held_by_another(frame, best.record):
            return best
        actor = set(frame.actor)

        def owns(r: Obligation) -> bool:
            return (actor <= set(r.holders) and r.modality in ("must", "default_rule") and not r.negative
                    and not SANCTION.search(r.sentence))

        near = [m for m in found if m.rank < 3 and m.fit >= MIN_MATCH and owns(m.record)]
        if near:
            return max(near, key=lambda m: m.fit)
        own = [r for r in best.clause.obligations if owns(r)]
        if not own:
            return best
        record = max(own, key=lambda r: self.fit(terms, r.sentence))
        return Match(best.score, self.fit(terms, record.sentence), best.rank, best.clause, record)

    def _but_part(self, best: Match, terms) -> Match:
        """无需X，但应当Y (不得X，但…可以Y) asked about Y (在住所卖自己的产品，经营条件也不用管吗):
        the rule of the 但 part answers, when its action fits the question better than X does."""
        record = best.record
        if not record.negative or not record.exception:
            return best
        rules = [r for r in best.clause.obligations if r.sentence == record.sentence and r is not record
                 and r.action and r.action in record.exception]
        but = max(rules, key=lambda r: self.fit(terms, r.action), default=None)
        if but is None or self.fit(terms, but.action) <= self.fit(terms, record.action):
            return best
        return Match(best.score, best.fit, best.rank, best.clause, but)

    def _wanted(self, text: str, floor: float = 0.0) -> list:
        """A text's terms that the corpus uses, parties left out, weighing at least ``floor``."""
        return [(g, w) for g, w in self.terms_without_parties(text) if w >= floor]

    def _said(self, frame: Frame, text: str = "") -> frozenset[str]:
        """Every term of the question (or of ``text``, a part of it), with its synonyms and the words of its phrases."""
        said = {t for group, _ in self.terms_of(text or frame.question) for t in group}
        return frozenset(said | {w for t in said for w in t.split()})

    def _beyond(self, frame: Frame, record: Obligation) -> str:
        """What a duty requires that a question offering less (…就够了吧) does not: the parts of
        the rule's action (…，并…, its items) of which what it offers says nothing, when it
        says something of the others (a rule it says nothing of is not the one it asks about).
        What is offered is what the question says up to its 就行/就够 (告诉厂家就完事了吧，还用上网报吗
        offers telling the maker; the report it goes on to name is the doubted rest)."""
        offered = SUFFICES.search(frame.question)
        # 一年听一次就够了 against 每季度至少听取一次: the rule asks for it more often than offered.
        asked, required = times_a_year(frame.question), times_a_year(record.action)
        if asked and required and asked[0] < required[0]:
            return required[1]
        said = self._said(frame, frame.question[:offered.end()] if offered else "")
        parts = [p.strip() for p in (*re.split(r"[，,；;]|并且|并|同时|以及", record.action), *record.items) if p.strip()]
        missing = []
        for part in parts:
            wanted = self._wanted(part, CONTEXT_IDF)
            if wanted and not self.ctx.coverage(wanted, said):
                missing.append(part)
        return "，并".join(missing) if 0 < len(missing) < len(parts) else ""

    def _more_in_cases(self, frame: Frame, best: Match) -> tuple[Obligation, bool] | None:
        """The rule of the next sentence that adds to the offered duty for some cases, for the same holders (…应当
        及时告知持有人。其中，导致死亡的还应当在7日内…报告), asked whether what the duty asks is enough
        (…只要告诉厂家就行了吧), and whether the question states one of those cases; None where there is none."""
        record = best.record
        later = [r for r in best.clause.obligations if r.start > record.start and r.sentence != record.sentence]
        nxt = min(later, key=lambda r: r.start, default=None)
        if (nxt is None or nxt.modality not in ("must", "default_rule") or set(nxt.holders) != set(record.holders)
                or not (adds := ADDS_FOR_CASES.match(nxt.sentence))):
            return None
        return nxt, self._meets(frame, adds.group(1))

    def _named_prohibition(self, frame: Frame, found: list[Match]) -> Match | None:
        """A prohibition among the top clauses whose act the question names in full (转包 / 再外包 for
        不得再次委托), where no rule matches well: the scene a question sets out first (产能不够, 忙不过来,
        老板出差) weighs down every rule's match, yet a ban on the very act it proposes answers it.
        A question about not doing it (可以不…吗) is answered by the duty instead."""
        if frame.negated:
            return None
        said = self._said(frame)
        said |= {w for t in said for w in self.words(t.replace(" ", ""))}
        for m in found:
            banned = m.record.negative and m.record.modality != "no_need" and m.rank < 3
            wanted = self._wanted(m.record.action) if banned else []
            if m.fit >= MIN_MATCH / 2 and wanted and self.ctx.coverage(wanted, said) >= UNIVERSAL_MET:
                return m
        return None

    def _unrelated(self, frame: Frame, record: Obligation) -> bool:
        """Whether a rule's sentence has none of the words of what a "may" question proposes (销毁 against
        应当永久保存; 让他们下周再来 against 应当…检查): it speaks of something else than the proposal.
        False where the proposal has no word the corpus uses, so nothing can be told."""
        # (让它做 / 这么干 name no deed: a single character says too little to tell.)
        proposed = [(g, w) for g, w in (self.ctx.action_terms(frame.proposed) if frame.proposed else [])
                    if any(len(t) >= 2 for t in g)]
        return bool(proposed) and self.fit(proposed, record.sentence) == 0

    def _hedged_exception(self, frame: Frame, best: Match, verdict: str) -> Obligation | None:
        """The permission of the same clause that excepts a ban made only as a rule (一般不得 / 原则上不得
        委托检验 beside 对于…确需委托检验的项目，可以委托…), when the question does not say its case
        (then the permission answers by itself); None for a flat ban or a clause with no such permission."""
        if verdict != "no" or frame.negated or best.record.modality != "must_not" or not HEDGED.search(best.record.sentence):
            return None
        return next((r for r in best.clause.obligations if r.modality == "may" and r.condition
                     and r.sentence != best.record.sentence and not self._meets(frame, r.condition)), None)

    def _acts_as_asked(self, terms, action: str, other: str) -> bool:
        """Whether ``action`` is as much the act asked of as ``other``, by the asked words that only one of them has
        (选派…人员入驻 against 自行生产, asked 派人入驻是硬性要求吗: 入驻)."""
        telling = [t for t in terms if bool(self.fit([t], action)) != bool(self.fit([t], other))]
        return not telling or self.fit(telling, action) >= self.fit(telling, other)

    def _share_an_act(self, action: str, other: str) -> bool:
        """Whether two rules' actions share a word of two characters or more (备案 of …备案，并提交…资料 and 经营备案)."""
        return bool({w for w in self.words(action) if len(w) >= 2} & {w for w in self.words(other) if len(w) >= 2})

    def _duty_over_unstated_exemption(self, frame: Frame, best: Match, found: list[Match], terms) -> Match:
        """An exemption for a case the question does not state (同时申请…许可和进行…备案的，可以免予提交相应资料) gives way
        to a duty of the same act that matches nearly as well (…经营企业应当…备案，并提交…资料): asked whether the act
        is needed, the duty answers, not the case that spares it."""
        record = best.record
        case = record.condition or _exemption_kind(record).rpartition("的")[0]
        if record.modality != "no_need" or frame.negated or not case or self._meets(frame, case):
            return best
        if record.condition and self.fit(terms, record.action):
            # An exemption of the act asked for a case (仅…名称文字性变化的，无需申请变更备案) may be the question's case
            # in other words (名称改了几个字), and asked how binding the act is, it answers: it stays the answer. One
            # for a narrower kind of product does not: most products are not of that kind.
            return best
        return next((m for m in found if m.record.modality == "must" and m.fit >= best.fit - CLOSE
                     and self._share_an_act(record.action, m.record.action)), best)

    def _exempted(self, frame: Frame, best: Match, verdict: str, found: list[Match], terms) -> Match | None:
        """A rule of the matches that exempts a narrower kind from the duty that answers yes (…应当…备案 beside
        对…不受流通过程影响的第二类医疗器械，可以免予经营备案), when the question does not say its case is of that kind
        (then the exemption answers by itself)."""
        if verdict != "yes" or frame.negated or best.record.modality != "must":
            return None
        for m in found:
            record = m.record
            kind = _exemption_kind(record)
            if (record.modality != "no_need" or not EXEMPTS.search(record.modal) or not kind or m.fit < MIN_MATCH
                    or not self._share_an_act(best.record.action, record.action)
                    or not self.fit(terms, record.action)):  # it spares the act asked of, not another
                continue
            if not self._meets(frame, kind.rpartition("的")[0]):
                return m
        return None

    def _kept_first(self, frame: Frame, best: Match, found: list[Match]) -> Match:
        """Whether X is handed in, asked of the case a keeping rule names (一类产品的定期风险评价报告要交吗 beside
        …每满1年后的60日内完成…报告 and 第一类医疗器械的…报告由持有人留存备查): the rule of that case decides
        from as far behind as a well-matched prohibition does."""
        if best.record.negative:
            return best
        return next((m for m in found if m.score >= best.score - 2 * CLOSE and m.fit >= MIN_MATCH
                     and self._kept_not_handed_in(frame, m.record)), best)

    def _kept_not_handed_in(self, frame: Frame, record: Obligation) -> bool:
        """Whether a "must" question asks if something is handed in (提交/报送/交给…) where the rule only
        has it kept for inspection (第一类医疗器械的定期风险评价报告由持有人留存备查): 留存备查 is how the
        regulations say a document stays with its holder. Only where the question names nearly all of
        what the rule keeps (its topic), so a report of another class is not taken for it."""
        if frame.slot != "whether_must" or frame.negated or not KEPT.fullmatch(record.action):
            return False
        if not HANDED_IN.search(frame.question) or KEPT.search(frame.question):
            return False
        return self._meets(frame, RULE_DOER_TAIL.sub("", record.topic), UNIVERSAL_MET)

    def _lacking(self, frame: Frame, best: Match) -> str:
        """What the question says its case lacks of what the rule asks for (不具备条件的企业 against 委托…
        具备相应条件的企业; 不是全职员工 against 应当是…全职员工), in the question's words; "" when the
        question negates nothing the rule asks for. A question about not doing it (可以不…吗) is read elsewhere."""
        if frame.negated:
            return ""
        # (可以自行生产，也可以委托…具备相应条件的企业: the sentence's other rule asks it.) A "must" question's
        # case lacks what the rule binds, not what it asks for (没有许可证，要办吗 lacks what the duty gives).
        own = _bound(best.record) if frame.slot == "whether_must" else best.record.sentence
        for found in LACKS.finditer(frame.question):
            if found.group(0)[:3] in own:
                continue  # 不合格品 is a term of the rule itself
            lacked = found.group(1)
            # Every word counts, words the corpus never uses too (不设销售团队 is not 销售人员); what it lacks
            # may end at its 的 (不具备条件的企业…).
            for stretch in dict.fromkeys((lacked.split("的")[0], lacked)):
                wanted = self.ctx.query_terms(self.ctx.without_parties(stretch, self.ctx.question_lexicon))
                if len(stretch) >= 2 and wanted and self.fit(wanted, own) >= LACK_MET:
                    return found.group(0)
        # 兼职 / 外聘 / 挂名 say "not full-time staff" without a 不: the case lacks the rule's 全职 / 正式聘用.
        return next((word for word, contraries in CONTRARY.items()
                     if word in frame.question and any(c in own for c in contraries)), "")

    def _spared(self, frame: Frame, best: Match) -> str:
        """The part of a duty's sentence that spares the party a "must" question asks about (…仅由注册人、
        备案人填报，受托生产企业不填写… asked by the contract manufacturer), in the rule's words; "" when
        it spares no one the question asks about, or only the duty's own holder."""
        if frame.slot != "whether_must" or frame.negated:
            return ""
        for part in re.split(r"[，,；;。]", _full_sentence(best.clause.text, best.record.sentence)):
            found = SPARES.search(part)
            if found and (self.parties_in(part[:found.start()]) & set(frame.actor)) - set(best.record.holders):
                return part.strip()
        return ""

    def _assigned_to_other(self, frame: Frame, record: Obligation) -> str:
        """Who a duty is given to, in the rule's words (由X组织, else 由<its holders>负责) when the question proposes someone else
        does it (由代工厂负责 / 让生产部经理来组织); "" when they agree or it cannot tell. Firms are
        told apart by the parties they name; people and departments by the words of their titles
        (生产部经理 shares none with 质量管理部门负责人; 质量总监 shares 质量)."""
        named = RULE_DOER.search(record.sentence)
        # (可以委托受托生产企业开展自检，并由注册申请人出具…报告: a rule that allows one thing names who does another.)
        if not frame.doer or record.negative or record.modality not in ("must", "default_rule") and not named:
            return ""
        rule_doer = named.group(1) if named else ""
        holders = f"由{'、'.join(_SHORT.get(p, p) for p in record.holders)}负责"
        asked = self.parties_in(frame.doer)
        given = self.parties_in(rule_doer) if rule_doer else set(record.holders)
        if asked and given:
            given |= set(_MAIN_PAIR) if _MANUFACTURER in given else set()
            return "" if asked & given else named.group(0) if named else holders
        if asked or not rule_doer:
            return ""
        return "" if bigrams(frame.doer) & bigrams(rule_doer) else named.group(0)

    def _handed(self, frame: Frame, record: Obligation) -> tuple[str, ...]:
        """The party a "may" question proposes to hand the matter to, when it is the other of the
        pair that shares the matter under entrusted production (the two firms, the two places'
        bureaus) and the rule's sentence names it too; () where the words name no party, only
        own what is handed (代工厂的实验室), or name a third party (交给检验所去测: the rule is the
        holder's alone)."""
        words = frame.handed_to
        mentions = self.ctx.question_lexicon.mentions(words) if words else []
        if not mentions or mentions[-1].end != len(words):
            return ()
        named = self.parties_in(record.sentence)
        pair = next((set(p) for p in (_MAIN_PAIR, _BUREAU_PAIR) if set(record.holders) & set(p)), set())
        return tuple(p for p in mentions[-1].parties if p in named and p in pair)

    def _moved_to(self, frame: Frame) -> set[str]:
        """The parties a yes/no question proposes the act be done by or moved to: those it names only as
        objects, and those its words of moving name (让我们乙方工厂全权负责, 转给代工厂)."""
        words = frame.moved_to
        named = {p for m in self.ctx.question_lexicon.mentions(words) for p in m.parties} if words else set()
        return set(frame.objects) | named

    def parties_in(self, text: str) -> set[str]:
        """The parties a text names."""
        return {p for m in self.ctx.lexicon.mentions(text) for p in m.parties}

    def _ban_for_unstated_case(self, frame: Frame, record: Obligation) -> bool:
        """Whether a "may" question meets a ban made for a case it does not state (不符合…要求的，不得放行 /
        未经…的，不得…, asked whether X may be done at all): the ban does not say no to the act in general."""
        return (frame.slot == "whether_may" and not frame.negated and record.modality == "must_not"
                and bool(FAILING_CASE.match(record.condition)) and not self._meets(frame, record.condition))

    def _governing(self, frame: Frame, best: Match, found: list[Match]) -> Match:
        """For a best rule that is a ban for a case the question does not state, a rule of the act that
        fits nearly as well and names no unstated case of its own (受托生产企业…负责生产放行 over 不符合…的，
        不得放行出厂): it governs the act the question asks about."""
        if not self._ban_for_unstated_case(frame, best.record):
            return best
        return next((m for m in found if not m.record.negative and m.fit >= MIN_MATCH
                     and m.score >= best.score - CLOSE and not self._unstated_case(frame, m.record)), best)

    def _qualified_holder(self, frame: Frame, record: Obligation) -> str:
        """The kind of holder a permission is for (规模较小生产企业可以… -> 规模较小), when the question does not
        say it is of that kind; "" for a permission to a party as such."""
        if record.modality != "may" or not record.topic or not self.parties_in(record.topic):
            return ""
        kind = self.ctx.without_parties(record.topic).strip(" 的")
        if len(kind) < 2 or DISCRETION.search(kind) or self._meets(frame, kind, KIND_MET):
            return ""
        return kind

    def _left_to_judgement(self, record: Obligation, terms) -> str:
        """The part of a duty's action left to judgement (…，必要时开展现场审核 -> 必要时开展现场审核) when the asked
        terms fit it better than the rest of the action; "" otherwise."""
        at = DISCRETION.search(record.action) if record.modality in ("must", "default_rule") else None
        if at is None:
            return ""
        left = re.split(r"[，；。]", record.action[at.start():], maxsplit=1)[0]
        before = record.action[:at.start()]
        return left if self.fit(terms, left) > self.fit(terms, before) else ""

    def _unstated_case(self, frame: Frame, record: Obligation) -> str:
        """The case a rule is made for (its condition, else what its sentence says before its modal word:
        境外发生的…, 创新医疗器械在首个注册周期内, 不符合…要求的) when the question does not state it; ""
        where the rule names no case, only a discretionary one (必要时), or the question states it."""
        case = _case(record)
        if (not case or DISCRETION.search(case) or self._names_one_bound(frame, case) or in_grade(frame.question, case)
                or self._meets(frame, case)):
            return ""
        return case

    def _names_one_bound(self, frame: Frame, case: str) -> bool:
        """Whether the question names a party a rule's case lists as it is (持有人、经营企业和二级以上医疗机构
        asked of 经营企业); a party the case narrows (二级以上医疗机构) is not named by naming its kind (诊所)."""
        return any(self.parties_in(one) & set(frame.parties) for one in re.split(r"、|和|及|或者|或", case)
                   if one.strip() and not self.ctx.without_parties(one).strip(" 的"))

    def _meets(self, frame: Frame, condition: str, share: float = 0.0) -> bool:
        """Whether the question states a rule's condition: the condition's parts (…的，…时)
        are stated on average at least CONDITION_MET, a part by the best of its alternatives
        (以更换耗材、售后服务、维修等为目的: any one of them), each by its distinctive words
        (weighted, with their everyday synonyms). A discretionary condition (必要时, 根据情况)
        is never stated by the question."""
        if DISCRETION.search(condition):
            return False  # 必要时 / 根据情况: the rule applies at someone's discretion
        said = self._said(frame)
        shares = []
        failing = bool(LACKS.search(frame.question) or ONLY.search(frame.question))
        # 连续停产一年以上且无同类产品在产的: each side of 且 is a case of its own and the rule holds only
        # where both do, so a side the question does not state leaves the case open (停了一年多 alone).
        conjoined = set()
        for whole in re.split(r"[，,；;]", condition):
            sides = [s for s in CONJOINED.split(whole) if s.strip()]
            conjoined.update(sides if len(sides) > 1 else ())
        for part in (p for p in re.split(rf"[，,；;]|{CONJOINED.pattern}", condition) if p.strip()):
            if FAILING_CASE.match(part.strip()) and not failing:
                # 不符合…要求的 / 未经…的: a question that says nothing is wrong (能放行吗) does not state the
                # failing case, however many of its words it shares (产品不符合技术要求能放行吗 does).
                if part in conjoined:
                    return False
                shares.append(0.0)
                continue
            stated = []
            if OUTSIDE.search(frame.question):
                # 在其他场所… is what 在生产地址以外 says: the place is stated, the rest of the case must be.
                part = OTHER_PLACE.sub("", part)
            for option in (o for o in re.split(r"、|或者|或|以及|及", part) if o.strip()):
                # Words as common as 委托生产 or 检验 set the scene of most rules; they are not
                # what a condition turns on.
                wanted = self._wanted(HEDGE.sub("", option), CONTEXT_IDF)
                if wanted:
                    stated.append(max(self.ctx.coverage(wanted, said), self.fit(wanted, frame.question)))
            if stated:
                shares.append(max(stated))
                if part in conjoined and max(stated) < CONDITION_MET:
                    return False
        return not shares or sum(shares) / len(shares) >= (share or CONDITION_MET)

    def _listed(self, frame: Frame, ranked) -> Plan | None:
        """A catalog states its rule once, in its title (禁止委托生产医疗器械目录), and its entries
        carry no modal word: when the best clause is such an entry and matches the question
        well, the title's modality answers."""
        # The best-covered of the top clauses, if it is such an entry (the duty bonus of the
        # ranking may put a clause that has rules above it).
        top = max(ranked[:3], key=lambda c: c.coverage, default=None)
        terms = self.ctx.query_terms(frame.question)
        kb = self.ctx.kb
        if (top is not None and not top.clause.obligations and top.coverage >= CATALOG_MATCH
                and kb.documents[top.clause.doc_id].get("kind") == "catalog"):
            clause, match = top.clause, top.coverage
            lines = [line.strip() for line in clause.text.splitlines() if line.strip()]
            entry = max(lines, key=lambda line: self.fit(terms, line))
        else:
            # 硬脑膜补片能委托吗: the entry the question names, though the rules of other texts on entrusting
            # share more of its words than the catalogue's entries do.
            named = self._named_entry(frame, terms)
            if named is None:
                return None
            (clause, entry), match = named, CATALOG_MATCH
        title = str(kb.documents[clause.doc_id].get("title", ""))
        modal = MODAL.search(title)
        if modal is None or modal.lastgroup not in ("must_not", "may", "no_need"):
            return None
        modality, said = modal.lastgroup, f"《{title}》列有"
        if excepted(entry, frame.question):
            # 心血管植入物（外周血管支架…除外）asked about 外周血管支架: the title's rule does not reach it.
            modality = "may" if modality == "must_not" else "must_not" if modality == "may" else modality
            said = f"《{title}》将其列为除外情形"
        verdict, words = verdict_for(frame, Obligation(title, 0, (), modality, modal.group(0)))
        unless = CATALOG_EXCEPTION.search(entry)
        # 心脏瓣膜 asked of 心血管植入物（外周血管支架、腔静脉滤器…除外）: a product the vocabulary puts under the
        # entry, and the exception names other products, so the rule holds for it.
        member = CATALOG_NOTE.sub("", entry).strip() not in frame.question and not PROPERTY.search(unless.group(1)) \
            if unless else False
        if unless and not member and not excepted(entry, frame.question) and not frame.negated \
                and verdict in ("yes", "no"):
            # 硬脑（脊）膜补片（不含动物源性材料的产品除外）asked of 硬脑膜补片 alone: the title's rule holds
            # for the entry, and not for what it excepts, which the question leaves open.
            verdict, words = "depends", f"视情况而定：一般{words.split('。')[0]}；{unless.group(1)}除外。"
        if MEMBERSHIP.search(frame.question):
            # 是不是在目录里 / 属不属于: asks whether it is listed, not what the list's rule is.
            listed = not excepted(entry, frame.question)
            verdict, words = ("yes", "在。") if listed else ("no", "不在。")
        return Plan([words, f"{said}：「{entry}」（{clause.ref}）"], _asked_about(frame), [clause.id], verdict, match)

    def _evading(self, frame: Frame, terms) -> Plan | None:
        """飞检来了能不能先拖一拖 / 说负责人不在、改天再来 / 等整理好再给他们看记录: a "may" question that proposes
        putting off or turning away an inspection is answered 不可以 by the rule that the inspected may not refuse or
        evade it (不得拒绝、逃避), wherever that rule ranks (the question's own words, 拖 / 改天 / 不在, are seldom the
        rule's), with the case of the list of what counts as evading (视为拒绝、逃避检查) that the question fits best."""
        question = frame.question
        if frame.slot != "whether_may" or frame.negated or not (INSPECTED.search(question) and PUTS_OFF.search(question)):
            return None
        bans = [Match(0.0, self.fit(terms, clause.text), 0, clause, record) for clause, record in self._evasion_bans]
        if not bans:
            return None
        ban = max(bans, key=lambda m: (DEEMED_EVADING.search(m.clause.text) is not None, m.fit))
        lines = [f"不可以。被检查单位{EVADES.search(ban.record.sentence).group(0)}检查。", self._quote(ban)]
        listed = DEEMED_EVADING.search(ban.clause.text)
        if listed:
            items = [line.strip() for line in ban.clause.text[listed.end():].splitlines() if ITEM_NUMBER.match(line.strip())]
            fit, item = max(((self.fit(terms, line), line) for line in items), key=lambda pair: pair[0], default=(0.0, ""))
            if fit > 0:
                lines.append(f"条文还规定，{listed.group(0)}「{item}」（{ban.clause.ref}）")
        return Plan(lines, _asked_about(frame), [ban.clause.id], "no", max(ban.fit, MIN_MATCH))

    def _unannounced(self, frame: Frame, terms) -> Plan | None:
        """药监局不打招呼就来查，合规吗 / 飞检会提前通知吗: a yes/no question whether an inspection may come, or will
        come, without the firm being told first is answered by the rules that make it so (飞行检查是不预先告知的监督
        检查; 检查组不得事先告知; 有因检查原则上非预先告知), wherever they rank: the question's words (打招呼, 突击,
        提前说) are seldom theirs, and the rules that do share them (适时通知所在地…部门) speak of telling others.
        Asked whether it may come unannounced: 可以; asked whether the firm will or must be told first: 不会."""
        question = frame.question
        plain = A_NOT_A.sub(r"\1", question)  # 会不会跟企业打招呼 -> 会跟企业打招呼: the 不 asks, it does not deny
        told = next((m for m in TOLD.finditer(plain) if plain[max(0, m.start() - 1):m.start()] not in NOT_SO), None)
        untold = told is None and UNTOLD.search(plain)
        if not frame.yes_no or not (CHECKED.search(question) and REGULATOR.search(question) and (told or untold)):
            return None
        said = self._unannounced_rules
        rules = [Match(0.0, self.fit(terms, clause.text), 0, clause, None) for clause, _ in said.values()]
        if not rules:
            return None
        flight = INSPECTED.search(question) or not CAUSED.search(question)
        rules.sort(key=lambda m: (("flight-inspection" in m.clause.doc_id) == bool(flight), m.fit), reverse=True)
        hedge = "原则上" if "原则上" in said[rules[0].clause.id][1] else ""
        if untold:
            words = f"是的，{hedge}不预先告知。" if CONFIRMING.search(question) else f"{hedge}可以。"
        else:
            words = f"{hedge}{'不会' if '会' in question else '不需要'}。"
        lines = [words, *(f"「{said[m.clause.id][1]}」（{m.clause.ref}）" for m in rules[:2])]
        return Plan(lines, _asked_about(frame), [m.clause.id for m in rules[:2]], "yes" if untold else "no",
                    max(rules[0].fit, MIN_MATCH))

    def _maker_marked(self, frame: Frame) -> Plan | None:
        """标签上要印代工厂哪些信息 / 说明书里要不要写受托厂的名字地址: what a label or the instructions of an entrusted
        product must show of its maker is the item of their contents that says so (委托生产的还应当标注受托企业的名称、
        住所、生产地址、生产许可证编号…), wherever its long list ranks: the question's words (代工厂, 印, 信息) are seldom
        the item's, and rules that share them (共同持有的文件…产品说明书和标签) speak of other things. The label's item
        first where the question names the label, the instructions' where it names them (both where it names both)."""
        question = frame.question
        if frame.slot in ("who", "department", "liable") or "还是" in question:
            return None  # 说明书由谁编写，注册人还是受托方: who prepares it, not what it shows
        media = [m for m in ("标签", "说明书") if m in question]
        named = MAKER_ASKED.search(question) or (MAKER_SAID.search(question) and not EVERY_ITEM.search(question))
        if not media or not named or not SHOWN.search(question) or not self._maker_marks:
            return None
        # The medium named last leads (标签上…（说明书上）: a follow-up's swap is put after the question it swaps into).
        label = question.rfind("标签") > question.rfind("说明书")
        found = sorted(self._maker_marks, key=lambda m: ("标签" in m[0].text[:40]) != label)
        chosen = found[:2] if len(media) == 2 else found[:1]
        opening, verdict = (("不可以，应当标注。", "no") if frame.negated else ("需要。", "yes")) if frame.yes_no else (
            "委托生产的产品，还应当标注受托企业的名称、住所、生产地址、生产许可证编号或者生产备案凭证编号：", None)
        lines = [opening, *(f"「{item}」（{clause.ref}）" for clause, item in chosen)]
        return Plan(lines, ("注册人/备案人",), [clause.id for clause, _ in chosen], verdict, MIN_MATCH)

    def _named_entry(self, frame: Frame, terms) -> tuple[object, str] | None:
        """(clause, entry) of a catalogue whose entry the question names (by its name without what its brackets
        add: 硬脑（脊）膜补片 is named by 硬脑膜补片, 心血管植入物 by a word the vocabulary takes for it), where the
        question also shares the act of the catalogue's title (委托生产 / 代工 / 外包 for 禁止委托生产…目录)."""
        # A word the vocabulary takes for one term only (心脏瓣膜 -> 心血管植入物), not one it spreads over several
        # (支架 -> 血管支架, 冠脉支架, 颅内支架系统).
        said = frame.question + "".join(member.replace(" ", "") for group, _ in terms if len(group) <= 2
                                        for member in group)
        asked = [member.replace(" ", "") for group, _ in terms for member in group]
        named = []
        for clause in self._catalog_clauses:
            title = str(self.ctx.kb.documents[clause.doc_id].get("title", ""))
            if not any(len(m) >= 2 and m not in CATALOG_WORDS and m in title for m in asked) and not (
                    "委托" in title and MAKER_FOR_ANOTHER & set(asked)):  # 找代工厂做: the one that makes it for another
                continue
            for line in clause.text.splitlines():
                names = {CATALOG_NOTE.sub("", line).strip(), CATALOG_NOTE.sub("", ALTERNATIVE.sub(r"\2", line)).strip()}
                if any(len(name) >= 3 and name in frame.question for name in names) or excepted(line, frame.question):
                    return clause, line.strip()  # named in the question's own words, or as what the entry excepts
                if any(len(name) >= 3 and name in said for name in names):
                    named.append((clause, line.strip()))
        return named[0] if named else None

    def items(self, frame: Frame, ranked, terms) -> Plan | None:
        """Every enumerated item of the matching list, each with its citation. A lead-in rule
        (应当具备下列条件：) lists its items; items counted in a paragraph (一要…二要…) are listed
        with the sentence before them; a rule that enumerates inline (至少应当包括A、B、C等) is
        quoted whole; a clause of bare lines (a catalog section) is listed line by line; checklist
        points that each state one item (2.1.4, 2.1.5, 2.1.6) are quoted one by one."""
        found = self.matches(frame, ranked, terms)
        # A question that names a region (湖北/山西/巴南) asks for that region's list, not a
        # national one that matches its words as well.
        bonuses = [self.ctx.region_bonus(frame.question, cand.clause) for cand in ranked[:LIST_CANDIDATES]]
        local = any(bonuses[:5])
        # The list: the best-covered of the top clauses that has one (a lead-in rule with its
        # items, numbered lines of its own, or a sentence that enumerates inline), the better
        # ranked among equals. Further down, a list counts only if it names what is asked and none above does.
        lists = []
        best_fit = found[0].fit if found else 0.0
        asked_posts = self._posts(frame.question)
        asks_banned = bool(BANS_ASKED.search(frame.question))
        for rank, cand in enumerate(ranked[:LIST_CANDIDATES]):
            if local and not bonuses[rank]:
                continue
            if rank == 5 and any(x[4] for x in lists) and not (asks_banned and not any(x[5] for x in lists)):
                break  # the top clauses hold a list of what is asked (of what is banned, where that is asked)
            # How well the line that opens the list (应当具备下列条件：) fits, with the clause's
            # coverage and rank: the items themselves say little about which list is asked for.
            leads = [r for r in cand.clause.obligations if r.lead_in and r.items]
            listed = None if leads else enumeration(cand.clause) or self._section(frame.question, cand.clause)
            opening = [_lead_sentence(r) for r in leads] or ([listed[0]] if listed else [])
            # A sentence that lists inline is the list when it fits the question as well as the best
            # rule, or lists what the question asks for (哪些产品 / …等产品).
            inline = [] if opening else [d.sentence for d in cand.clause.duties if inline_opening(d.sentence)
                                         and (self.fit(terms, d.sentence) >= best_fit
                                              or lists_asked(frame.question, d.sentence)
                                              or names_asked(frame.question, [inline_opening(d.sentence)]))]
            opening = opening or [inline_opening(s) for s in inline]
            if opening and not self._about_actor(frame, opening, asked_posts):
                continue
            if any(DEFINING.search(line) for line in opening) and not MEANING.search(frame.question):
                continue  # 下列用语的含义: a list of definitions answers what a word means, not what to do
            if any(SANCTION.search(line) for line in opening) and not PENALTY.search(frame.question):
                continue  # 有下列情形之一的…处…罚款: the deeds a penalty article punishes, not what is asked
            if other_kind(frame.question, opening):
                continue  # 至少符合以下条件 asked what the post holder does: the list is of another kind
            # A lead-in held by the post the question names (管理者代表应当履行…以下职责) says whose list it is.
            named = names_asked(frame.question, opening, inline) or bool(asked_posts & _posts(opening))
            # 哪些话不能写 asks a list of what is banned (不得有下列内容：), not of what is required.
            banned = asks_banned and any(BANNED_LEAD.search(line) for line in opening)
            if opening and (rank < 5 or named or banned):
                fit = max(self.fit(terms, line) + asked_list_bonus(frame.question, line) for line in opening)
                lists.append((0.6 * fit + 0.4 * cand.coverage - 0.1 * min(rank, 5) + bonuses[rank]
                              + BANNED_LIST * banned, cand, inline, fit, named or banned, banned))
        # 哪些部门 / 结论有哪几种: where some list names what is asked, a list that names another thing (an
        # agreement's contents, a bureau's inspection points) does not answer, however many words it shares.
        lists = [x for x in lists if x[4]] or lists
        # 2.1.4 应当配备专职质量管理人员 / 2.1.5 …专职法规事务人员 / 2.1.6 …: a checklist states one
        # item a point; the points that answer the question as well as the best are the list
        # (unless a list answers it).
        parallel = self._parallel(found[0], terms) if found else []
        _, cand, inline, _, _, _ = max(lists, key=lambda x: x[0], default=(0, None, [], 0.0, False, False))
        if cand is not None:
            # 一、有源植入器械 / 二、无源植入器械: sections side by side in one text share its words (and
            # the name the question calls the text by); what tells them apart is how each opens.
            side_by_side = [x for x in lists if x[1] is cand or _side_by_side(x[1].clause, cand.clause)]
            _, cand, inline, _, _, _ = max(side_by_side, key=lambda x: (x[3], x[0]))
        # (A sentence that only mentions things in passing, 熟悉A、B、C等要求, is then one point.)
        if cand is not None and not (inline and len(parallel) >= 2 and not any(map(_listing, inline))):
            if inline:
                # 至少应当包括A、B、C等: the sentence that enumerates is quoted whole.
                sentence = max(inline, key=lambda s: self.fit(terms, inline_opening(s)))
                # The rule's holders (申请人应当…包括…): the parties the question names may be its objects.
                # (设置…管理机构，并至少明确…: a sentence naming no one is held by the one its clause's rules name.)
                holders = next((r.holders for r in cand.clause.obligations if r.sentence == sentence and r.holders),
                               frame.actor or next((r.holders for r in cand.clause.obligations if r.holders), ()))
                # (…等…因素进行审核。应当特别关注…检验能力: the sentence that singles out some of the items goes
                # with them.)
                return Plan([f"「{sentence}{singling_out(cand.clause.text, sentence)}」（{cand.clause.ref}）"], holders,
                            [cand.clause.id], None, cand.coverage)
            leads = [m for m in found if m.clause is cand.clause and m.record.lead_in and m.record.items]
            if not leads:  # a list ranked below the clauses whose rules were read: read its own
                leads = [m for m in self.matches(frame, [cand], terms, top=1) if m.record.lead_in and m.record.items]
            if leads:
                plan = self._lead_items(max(leads, key=lambda m: self.fit(terms, _lead_sentence(m.record))))
                # 经营企业和使用单位…要做哪些: the parties asked about hold the list.
                plan.parties = frame.actor or plan.parties
                return plan
            listed = enumeration(cand.clause)
            section = None if listed else self._section(frame.question, cand.clause)
            if section:  # 二、年度重要变更情况: each part under the heading, with its own citation
                heading, parts = section
                lines = [heading] + [f"{n}. {_title(c)}（{c.ref}）" for n, c in enumerate(parts, 1)]
                return Plan(["\n".join(lines)], frame.actor, [c.id for c in parts], None, cand.coverage)
            if listed:
                lead, entries = listed
                body = "\n".join([f"{lead}（{cand.clause.ref}）"] + [f"{n}. {e}" for n, e in enumerate(entries, 1)])
                after = after_items(cand.clause.text, lead, entries[-1])
                body += f"\n「{after}」（{cand.clause.ref}）" if after else ""
                holders = frame.actor or next((r.holders for r in cand.clause.obligations if r.holders), ())
                return Plan([body], holders, [cand.clause.id], None, cand.coverage)
        if not found:
            return None
        best = found[0]
        children = self._descendants.get(best.clause.id, ())
        if len(parallel) >= 2:
            lines = [f"{n}. {self._quote(m)}" for n, m in enumerate(parallel, start=1)]
            return Plan(["\n".join(lines)], _holders(best), [m.clause.id for m in parallel], None, best.fit)
        lines = [self._quote(best)]
        evidence = [best.clause.id]
        for n, child in enumerate(children, start=1):
            lines.append(f"\n{n}. {child.text.splitlines()[0].strip()}（{child.ref}）")
            evidence.append(child.id)
        return Plan(lines, _holders(best), evidence, None, best.fit)

    def _section(self, question: str, clause) -> tuple[str, list] | None:
        """“年度重要变更情况”要写哪几块: the term the question quotes is the heading over the clause (二、年度重要变更
        情况 over 二（一）…二（四）), so its parts are the clauses under that heading. None otherwise."""
        heading = clause.path[-1] if clause.path else ""
        if not any(re.fullmatch(rf"{SECTION_NUMBER}{re.escape(q)}", heading) for q in QUOTED.findall(question)):
            return None
        parent = clause.id.rpartition("/")[0]
        parts = [c for c in self._descendants.get(parent, ()) if c.path == clause.path]
        return (heading, parts) if len(parts) >= 2 else None

    def _about_actor(self, frame: Frame, opening: list[str], asked_posts: set[str]) -> bool:
        """Whether a list's opening lines name the party the question asks about, or no party:
        …监测机构要做哪些工作 is not asked of a list that opens with what 中选企业 are to do (``asked_posts``:
        the posts the question names, :meth:`_posts`)."""
        named = set().union(*(self.parties_in(line) for line in opening))
        # 生产企业…一般包括 asked of 工厂 (受托生产企业): what binds every manufacturer binds both of the pair.
        named |= set(_MAIN_PAIR) if _MANUFACTURER in named else set()
        # 管理者代表应当履行…以下职责 / 企业负责人应当履行…以下职责: lists side by side in one text, held by
        # one firm, told apart by the post each opens with.
        listed_posts = _posts(opening)
        if asked_posts and listed_posts and not asked_posts & listed_posts:
            return False
        return not frame.actor or not named or bool(named & set(frame.actor))

    def _offered(self, frame: Frame, found: list[Match]) -> tuple[Match, str, str, str] | None:
        """A rule of the first clauses that leaves a choice between two options the question names one of
        (专（或者兼）职 / 专职或者兼职, asked 必须专职吗 or 兼着做行吗): (the rule, one option, the other, the one asked)."""
        if frame.negated:
            return None
        for m in found:
            if m.rank >= 3 or m.fit < MIN_MATCH / 2:
                continue
            for one, other in options(m.record.action):
                asked = [o for o, mark in ((one, one[0]), (other, other[0])) if mark in frame.question]
                if len(asked) == 1:
                    return m, one, other, asked[0]
        return None

    def _paired(self, posts: set[str], found: list[Match]) -> Match | None:
        """Asked of two posts or more (质量部经理兼生产部经理: ``posts``, :meth:`_roles`), the best rule of the first
        clauses that names them all (质量管理部门负责人与生产管理部门负责人不得相互兼任), when the best rule does not."""
        if len(posts) < 2 or not found or self._roles(found[0].record.sentence) >= posts:
            return None
        return next((m for m in found if m.rank < 3 and m.fit >= MIN_MATCH / 2
                     and self._roles(m.record.sentence) >= posts), None)

    def _roles(self, text: str, expand: bool = False) -> set[str]:
        """The posts a text names, by department (质量部经理 -> 质量管理部门, 管代 -> 管理者代表); a question's
        everyday words are read in the texts' words first (``expand``)."""
        return set(ROLE.findall(self.ctx.kb.tokenizer.expand_text(text) if expand else text))

    def _posts(self, question: str) -> set[str]:
        """The posts a question names, in the texts' words (管代 -> 管理者代表)."""
        return _posts([self.ctx.kb.tokenizer.expand_text(question)])

    def _parallel(self, best: Match, terms) -> list[Match]:
        """The points of a dotted checklist (2.1.4, 2.1.5, 2.1.6: the same parent and stem) whose
        best rule fits the question as well as the best rule does, in corpus order; [] for a
        clause not numbered so."""
        parent, _, last = best.clause.id.rpartition("/")
        stem = last.rpartition(".")[0]
        if not parent or not stem or best.fit < MIN_MATCH / 2:
            return []
        out = []
        for clause in self._descendants.get(parent, ()):
            if clause.id.rpartition("/")[0] != parent or clause.id.rpartition("/")[2].rpartition(".")[0] != stem:
                continue
            rules = [Match(0.0, self.fit(terms, r.sentence), 0, clause, r) for r in clause.obligations
                     if not COVER_LETTER.search(r.sentence)]
            top = max(rules, key=lambda m: m.fit, default=None)
            if top is not None and top.fit >= best.fit - PARALLEL_SLACK:
                out.append(top)
        return out

    def _lead_items(self, best: Match) -> Plan:
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
        after = after_items(clause.text, _lead_sentence(record), record.items[-1]) if record.items else ""
        if after:
            lines.append(f"「{after}」（{clause.ref}）")
        return Plan(["\n".join(lines)], _holders(best), evidence, None, best.fit, satisfied=True)

    def when(self, frame: Frame, ranked, terms) -> Plan | None:
        """The deadline of the rule that matches, with its trigger; a question asking two time
        limits (…多久报告？…多久审完？ / 死亡的几天？严重伤害的呢？) gets each."""
        candidates = []
        parts = self._time_parts(frame)
        for at, part_terms in enumerate([t for _, t in parts] or [terms]):
            found = [m for m in self.matches(frame, ranked, part_terms, top=5)
                     if m.record.deadline and m.record.deadline != "年度"]
            # 最晚什么时候 asks a date or a limit: 次年3月31日前 before 每年 (when close); 多久查一次 asks how often:
            # 每年 before 第一时间, which does not answer it at all.
            often = bool(OFTEN.search(frame.question))
            first = [m for m in found if bool(FREQUENCY.match(m.record.deadline)) == often]
            if first and (often or first[0].score >= found[0].score - CLOSE):
                found = first + [m for m in found if m not in first]
            if found:
                # With one time asked, the act the asking part names picks among close rules; where it
                # does not tell them apart, the condition the question states does. (An act named decides
                # over a case two rules share: 增加生产产品…可能影响安全、有效的 -> 30个工作日前, not the
                # 立即停止生产 of a plant whose conditions change and may affect safety.)
                acted = self._asked_act_first(frame, found)
                if acted[0] is found[0]:
                    acted = self._condition_stated_first(frame, acted)
                if not parts:
                    acted = self._case_named_first(frame, acted)
                    # Asked how often, the model chooses among the frequencies (a one-off 30个工作日内 answers nothing).
                    often_ones = [m for m in acted if FREQUENCY.match(m.record.deadline)] if often else []
                    fitted = self._fitted_first(frame, ranked, terms, acted[0],
                                                often_ones if often_ones and often_ones[0] is acted[0] else acted)
                    found = [fitted] + [m for m in acted if m is not fitted]
                candidates.append((at, found))
        # The part that matches a rule best takes it; the others take their best rule left.
        chosen, taken = {}, []
        for at, found in sorted(candidates, key=lambda c: -c[1][0].score):
            left = [m for m in found if all(m.record is not t.record for t in taken)]
            if left and (not taken or left[0].fit >= MIN_MATCH):
                chosen[at] = (left[0], found)
                taken.append(left[0])
        chosen = [(at, *chosen[at]) for at in sorted(chosen)]
        if not chosen:
            return None
        lines, evidence, holders = [], [], []
        listed: list[tuple[str, str]] = []  # the time limits stated with their cases
        for at, best, found in chosen:
            record = best.record
            cases = time_cases(_whole_sentence(best.clause.text, record.sentence))
            if listed and parts and any(self.fit(self._wanted(parts[at][0]), case) >= CONDITION_MET
                                        for case, _ in listed):
                continue  # 严重伤害的呢, asked after 死亡的几天: a case of the limits already stated
            support = None
            if not _holders(best) and not frame.actor:
                # 年度自查报告应于次年3月31日之前提交 names no one: a text that states the same
                # time limit names the holder (注册人、受托生产企业应当每年…次年3月31日前…).
                # One about another thing with the same time limit (经营许可证…延续 beside 生产许可证…延续) does not:
                # its holder is not the one asked about, nor its line wanted.
                same = record.deadline.replace("之", "")
                support = next((m for m in found if m.record.deadline.replace("之", "") == same and _holders(m)
                                and not self._other_matter(frame, best, m)), None)
            owners = _holders(best) or (_holders(support) if support else frame.actor)
            who = "、".join(owners)
            deadline = record.deadline
            if len(spans(record.action)) > 1:
                deadline = compound_limit(record.action, asked_limit(frame.question, record.action)[2])
            limit = f"{record.trigger}{deadline}" if record.trigger and record.trigger not in deadline else deadline
            named = singled_out(frame.question, cases) if len(cases) > 1 else None
            if len(cases) > 1 and (len(parts) > 1 or not named):
                # 一级召回1日内，二级召回3日内，三级召回7日内, asked without a level: every case and its limit.
                head = f"期限（{who}）：" if who else "期限："
                lines.append(("\n" if lines else "") + head + "；".join(f"{case}{span}" for case, span in cases)
                             + "。" + self._quote_sentence(best))
                listed += cases
            elif named and named[1] not in limit:
                # 严重伤害的几天报？ of 导致死亡的…7日内；导致严重伤害…20日内: the limit of the case named,
                # not the first limit of the sentence (立即调查原因).
                case, span = named
                lines.append(("\n" if lines else "") + f"期限：{span}（{who + '：' if who else ''}{case}的）。"
                             + self._quote_sentence(best))
                listed.append(named)
            else:
                lines.append(("\n" if lines else "") + f"期限：{limit}" + (f"（{who}{record.action}）" if who else
                                                                          f"（{record.action}）") + "。" + self._quote(best))
            if record.condition and not (listed and any(case in record.condition for case, _ in listed)):
                lines.append(f"适用条件：{record.condition}。")
            evidence.append(best.clause.id)
            if support is not None:
                lines.append(f"另见：{self._quote(support)}")
                evidence.append(support.clause.id)
            holders += [p for p in owners if p not in holders]
        return Plan(lines, tuple(holders), list(dict.fromkeys(evidence)), None, min(m.fit for _, m, _ in chosen))

    def _validity(self, frame: Frame, ranked) -> Plan | None:
        """How long a certificate or agreement is valid (生产许可证有效期几年), which the texts state as a fact with
        no duty (医疗器械生产许可证…有效期为5年): the statement about the thing the question names, among the
        first candidates; None when none states it."""
        for cand in ranked[:VALIDITY_CANDIDATES]:
            text = cand.clause.text
            for found in VALIDITY.finditer(text):
                start = max(text.rfind(mark, 0, found.start()) for mark in "。；\n") + 1
                thing = THING_VALID.search(text[start:found.start()])
                if not thing or thing.group(1) not in frame.question:
                    continue
                end = min((i for i in (text.find(mark, found.end()) for mark in "。；\n") if i >= 0), default=len(text))
                sentence = ARTICLE_HEAD.sub("", text[start:end + 1].strip())
                # 有效期为5年 / 原则上质量协议有效期限不超过产品注册证和…生产许可证有效期限: a number of years or a bound.
                said = (f"{found.group(1)}年（{thing.group(0)}）" if found.group(1) else
                        f"{'原则上' if '原则上' in thing.group(0) else ''}不超过{found.group(2)}（{thing.group(1)}）")
                return Plan([f"有效期：{said}。「{quotation(text, sentence)}」（{cand.clause.ref}）"],
                            (), [cand.clause.id], None, 1.0)
        return None

    def _other_matter(self, frame: Frame, best: Match, other: Match) -> bool:
        """Whether ``other`` is about a sibling of what the question asks and ``best`` has: a word of the question
        in ``best`` (生产许可证) that ``other`` has with another modifier instead (经营许可证)."""
        asked = {t.replace(" ", "") for g, _ in self.ctx.query_terms(frame.question) for t in g}
        for term in asked:
            if len(term) < 5 or term not in best.record.sentence or term in other.record.sentence:
                continue
            head, tail = term[:2], term[2:]
            if any(other.record.sentence[at - 2:at] not in ("", head) for at in _starts(other.record.sentence, tail)):
                return True
        return False

    def _asked_act_first(self, frame: Frame, found: list[Match]) -> list[Match]:
        """Of close rules, one whose time limit is for the act the asking part of the question names comes
        first (新任命的管代，多久内要报给药监局 -> …确定管理者代表15个工作日内…报告, over …30个工作日内确定
        和任命新的管理者代表): the words before it set the scene (a rare one, 任命, may be in the other rule),
        but what must be done in time is what the asking part says."""
        parts = [p for p in re.split(r"[，,；;]", frame.question) if p.strip()]
        asking = next((p for p in reversed(parts) if WHEN.search(p) or OFTEN.search(p)), "")
        # (报一次: the 一次 asks how often with the time words, it names no act.)
        asked = self.ctx.action_terms(ONCE.sub("", WHEN.sub("", asking))) if asking and len(parts) > 1 else []
        if not found:
            return found
        if not asked or self.fit(asked, found[0].record.action):
            return self._timed_act_first(asking, found)
        doing = next((m for m in found if m.score >= found[0].score - 3 * CLOSE and self.fit(asked, m.record.action)), None)
        return found if doing is None else [doing] + [m for m in found if m is not doing]

    def _timed_act_first(self, asking: str, found: list[Match]) -> list[Match]:
        """Of the rules of one clause, one whose time limit is for the deed the asking part names comes first:
        多久报一次 over two limits of one paragraph, 每年至少开展一次检查 and 按季度报告…情况, takes the limit of 报告 (the
        words right after a limit are the deed it times, :func:`timed_act`). Only between rules of one limit each."""
        deed = self.ctx.action_terms(ONCE.sub("", OFTEN.sub("", WHEN.sub("", asking)))) if asking else []
        def several(m: Match) -> bool:  # a sentence of several limits (立即调查…，7日内报告) is given by its cases
            return len(time_cases(_whole_sentence(m.clause.text, m.record.sentence))) > 1
        if not deed or self.fit(deed, timed_act(found[0].record)) or several(found[0]):
            return found
        doing = next((m for m in found if m.clause.id == found[0].clause.id and not several(m)
                      and self.fit(deed, timed_act(m.record))
                      and self.fit(deed, m.record.action) >= self.fit(deed, found[0].record.action)), None)
        return found if doing is None else [doing] + [m for m in found if m is not doing]

    def _condition_stated_first(self, frame: Frame, found: list[Match]) -> list[Match]:
        """Of rules that match nearly as well, the one whose condition the question states most
        fully comes first (导致死亡的 -> 7日内 over 导致严重伤害…或者死亡的 -> 20日内)."""
        said = self._said(frame)

        def stated(m: Match) -> float:
            wanted = self._wanted(m.record.condition) if m.record.condition else []
            return self.ctx.coverage(wanted, said) if wanted else 0.0
        close = [m for m in found if m.score >= found[0].score - CLOSE]
        if OFTEN.search(frame.question) and FREQUENCY.match(found[0].record.deadline):
            # Asked how often, a one-off limit of another case (对于不能有效履职的…，30个工作日内) does not answer.
            close = [m for m in close if FREQUENCY.match(m.record.deadline)]
        best = max(close, key=stated)
        if stated(best) < CONDITION_MET or best is found[0]:
            return found
        return [best] + [m for m in found if m is not best]

    def _case_named_first(self, frame: Frame, found: list[Match]) -> list[Match]:
        """Of rules that match nearly as well, one whose sentence gives each case a limit of its own
        and whose cases the question names one of comes first (导致死亡的…7日内；导致严重伤害…的…
        20日内 for 严重伤害的几天内报, over a rule with one limit for 严重伤害或者死亡 abroad)."""
        for m in found:
            if m.score < found[0].score - CLOSE:
                break
            cases = time_cases(_whole_sentence(m.clause.text, m.record.sentence))
            if len(cases) > 1 and names_cases(frame.question, cases):
                return [m] + [x for x in found if x is not m]
        return found

    def _time_parts(self, frame: Frame) -> list[tuple[str, list]]:
        """Each part of a question that asks a time limit of its own, when it asks more than one:
        (its words, its terms; an elliptical part, 严重伤害的呢, borrows the terms of the part before it)."""
        parts = [p for p in re.split(r"[？?]", frame.question) if p.strip()]
        if len(parts) < 2:
            return []
        out, before = [], ""
        for part in parts:
            if WHEN.search(part) or part.rstrip().endswith("呢"):
                text = part if len(part) > 8 and not part.rstrip().endswith("呢") else before + part
                out.append((part, self.ctx.action_terms(text)))
            before = part
        return out if len(out) >= 2 else []

    def liable(self, frame: Frame, ranked, terms) -> Plan | None:
        plan = self._answerable(frame, ranked, terms)
        return (self._answerable_in_the_end(frame, plan) or plan) if frame.ultimate else plan

    def _answerable(self, frame: Frame, ranked, terms) -> Plan | None:
        # 我们只是代工厂，自己要担什么责任: asked what the one party it speaks for answers for, not who answers,
        # that party's own statement answers, though the words asking about liability say nothing of its object.
        # (不按协议生产，要承担什么责任 asks what follows a breach, which no such statement says.)
        own = (frame.actor[0] if len(frame.actor) == 1 and not WHO.search(frame.question)
               and not NOT_DONE.search(frame.question) else None)
        if own is not None:
            # Its primary statement (对生产行为负责) from all texts, else what a retrieved rule says it bears.
            mine = self._liability_of(own, terms) or next(
                (m for m in self.matches(frame, ranked, terms, top=5) if own in m.record.holders
                 and LIABILITY.search(m.record.sentence) and m.fit >= MIN_MATCH / 2), None)
            if mine is not None:
                return Plan([f"责任方：{own}。", self._quote(mine)], (own,), [mine.clause.id], None, mine.fit)
        found = [m for m in self.matches(frame, ranked, terms, top=5) if LIABILITY.search(m.record.sentence)
                 and m.record.holders and m.fit >= MIN_MATCH / 2]
        # The registrant's primary statement first (条例: 注册人对所委托生产的医疗器械质量负责).
        asked = sorted((p for p in frame.parties if p not in frame.objects), key=lambda p: p != _MAIN_PAIR[0])
        if frame.several and len(asked) >= 2:
            # 注册人担还是工厂担: each party's line with what it answers for.
            mine = {party: m for party in asked if (m := self._liability_of(party, terms)) is not None}
            if len(mine) >= 2:
                lines = [party_line(party, m.record, m.clause) for party, m in mine.items()]
                return Plan(["\n".join(lines)], tuple(mine), [m.clause.id for m in mine.values()], None,
                            min(m.fit for m in mine.values()))
        if not found:
            # 代工的产品卖出去了，谁对它的安全有效负责: no clause retrieved says what anyone answers for; the
            # statement from all texts whose object (对…安全、有效负责) is what is asked, of the party asked about.
            found = [m for party in asked or _MAIN_PAIR
                     if (m := self._liability_of(party, terms)) is not None and m.fit >= MIN_MATCH / 2]
        if not found:
            return None
        # The primary statement (the registrant answers for its products) before what a
        # manufacturer answers for, wherever it ranks; among equals the better match.
        found.sort(key=lambda m: (_MAIN_PAIR[0] not in m.record.holders, m.rank, -m.score))
        best = found[0]
        lines = [f"责任方：{'、'.join(best.record.holders)}。", self._quote(best)]
        evidence = [best.clause.id]
        # Another party's statement, unless it is the quoted sentence's own next part (…对上市医疗器械的安全、
        # 有效负责，受托生产企业对受托生产行为负责): the quote already says what that party answers for.
        others = [m for m in found[1:] if set(m.record.holders) - set(best.record.holders)
                  and m.record.sentence != best.record.sentence]
        if others:
            lines.append(f"另：{'、'.join(others[0].record.holders)}{others[0].record.action}。"
                         + self._quote(others[0]))
            evidence.append(others[0].clause.id)
        return Plan(lines, best.record.holders, evidence, None, best.fit)

    def _answerable_in_the_end(self, frame: Frame, plan: Plan | None) -> Plan | None:
        """最终谁负责 / 谁兜底: the registrant alone, not each party's share (a manufacturer answers only for its
        making). The registrant's statement the ``plan`` quotes first, if it quotes one; then the one that makes it
        answerable for the product's safety and effectiveness over its whole life (条例第十三条) and, for a product
        made under entrustment, the one that it answers for what another made (条例第三十四条)."""
        registrant = _MAIN_PAIR[0]
        mine = [(c, r) for c, r in self._liability_rules if r.holders == (registrant,)]
        whole = next(((c, r) for c, r in mine if WHOLE_LIFE.search(r.sentence)), None)
        if whole is None:
            return None
        made = next(((c, r) for c, r in mine if ENTRUSTED.search(frame.question)
                     and (said := ANSWERS_FOR.search(r.sentence)) and "委托" in said.group()), None)
        kept = plan is not None and registrant in plan.parties and len(plan.lines) >= 2 and plan.lines[1].startswith("「")
        lines, evidence = [f"责任方：{registrant}。"], []
        if kept:
            lines.append(plan.lines[1])
            evidence.append(plan.evidence[0])
        for clause, record in (whole, made) if made is not None else (whole,):
            if record.sentence not in "".join(lines):
                lines.append(self._quote(Match(0.0, 0.0, 0, clause, record)))
                evidence.append(clause.id)
        return Plan(lines, (registrant,), list(dict.fromkeys(evidence)), None, plan.match if kept else 1.0)

    @cached_property
    def _liability_rules(self) -> list[tuple[object, Obligation]]:
        """Every statement of what a party answers for (…对…质量负责, 依法承担…责任), national texts
        first and the State Council's regulation before them."""
        rules = [(c, r) for c in self.ctx.kb.clauses.values() for r in c.obligations
                 if r.holders and LIABILITY.search(r.sentence) and not COVER_LETTER.search(r.sentence)]
        docs = self.ctx.kb.documents
        return sorted(rules, key=lambda cr: (docs[cr[0].doc_id].get("level") != "national",
                                             docs[cr[0].doc_id].get("issuer") != "国务院"))

    def _liability_of(self, party: str, terms) -> Match | None:
        """The statement of what ``party`` answers for that fits the question best (by what it
        says the party answers for), from all texts: the primary statement (注册人对所委托生产的
        医疗器械质量负责) need not be among the clauses retrieved. One that says 对…负责 first,
        a national text before a provincial one."""
        # 法律上各担什么责任: the words that ask about liability say nothing of what it is for; matched alone they
        # would pick any 承担相应的法律责任 over the statement of what the party answers for.
        terms = [(g, w) for g, w in terms if not any(LIABLE_ONLY.search(t) for t in g)]
        best = None
        for clause, record in self._liability_rules:
            said = LIABILITY.search(record.sentence)
            if party in record.holders and not PERSON.search(record.sentence[:said.start()]):
                # What the party answers for (对所委托生产的医疗器械质量负责) must be what is asked;
                # 对…负责 says it outright, 承担…责任 may only mention it.
                fit = self.fit(terms, said.group(0))
                score = fit + (PRIMARY if ANSWERS_FOR.search(record.sentence) else 0.0)
                if score > 0 and (best is None or score > best.score):
                    best = Match(score, fit, 0, clause, record)
        return best

    def sides(self, frame: Frame) -> list[str]:
        """The parties a one-line-per-party answer gives a line each: those the question names as acting,
        the bureaus where it asks of them, else the two sides of an entrustment (双方 / 各自 naming no one)."""
        parties = [p for p in frame.parties if p not in frame.objects] or list(frame.parties)
        bureaus = any(w in frame.question for w in ("省局", "药监", "监管部门", "两地", "部门"))
        # 委托双方各向哪个部门申请: the firms go to a department each, so the firms are the parties.
        firms = [p for p in parties if not _BUREAU.search(p)]
        firms_go = (TO_WHOM.search(frame.question) or "向什么" in frame.question) and len(firms) >= 2
        if not firms_go and (frame.slot == "department" or (bureaus and BOTH.search(frame.question))):
            # 注册人在A省、代工厂在B省，分别由哪个省局管 / 两边省局各查谁: the firms set the scene;
            # the bureaus answer.
            parties = [p for p in parties if _BUREAU.search(p)]
        if set(parties) & set(_BUREAU_PAIR):
            # 省局…委托方所在地、受托企业所在地的省局分别…: the places say which bureaus are meant.
            parties = [p for p in parties if p != "省级药监部门"]
        if len(parties) < 2:
            parties = list(_BUREAU_PAIR if bureaus else _MAIN_PAIR)
        return parties

    def several(self, frame: Frame, ranked, terms) -> Plan | None:
        """分别 / 双方 / 各自 / 还是: one line per party, each with its own rule and citation."""
        parties = self.sides(frame)
        found = self.matches(frame, ranked, terms, top=5)
        # A party's line must answer what is asked about as well as half the best rule does:
        # a rule of that party about something else is not its answer.
        floor = max(MIN_MATCH, 0.5 * max((m.fit for m in found), default=0.0))
        # A clause that answers states each party's part in turn (注册人发现缺陷的，应当立即停止生产…召回…。
        # 受托生产企业应当…履行责任，并协助注册人实施召回。): there a party's rule need only be about the
        # asked action, though its sentence shares little else with the question.
        answering = {m.clause.id for m in found if m.fit >= floor}
        # The best clause splits the duty between the parties in turn (注册人发现缺陷的，应当…召回。
        # 受托生产企业发现…的，应当立即停止生产，通知注册人): failing a rule that fits, a sentence of it
        # that names the party as its holder is that party's part, though it shares no word with the question.
        top = found[0].clause.id if found and found[0].fit >= floor else None
        # 各自 / 分工 asks how a matter is split: a fitting clause that gives each party a rule of its own
        # (注册人…建立追溯制度；受托生产企业应当协助…) gives each party's line before a rule of another text
        # the party holds alone; it must be about the asked matter nearly as much as the best rule (a split
        # of another matter answers nothing), and a duty both hold that comes first stays the answer (共同).
        # Only the parties' own rules are weighed: a rule of another holder (省级药品监督管理部门应当…, asked of
        # the two bureaus) is no party's line, however well it fits.
        theirs = [m for m in found if set(parties) & set(m.record.holders)]
        # 湖北指南…双方各自该怎么做: where the region's text gives the parties fitting rules, they are the lines,
        # not a national rule both hold that fits a little better.
        in_region = [m for m in found if self.ctx.region_bonus(frame.question, m.clause)]
        if any(m.fit >= floor and set(parties) & set(m.record.holders) for m in in_region):
            found = in_region + [m for m in found if m not in in_region]
            theirs = [m for m in found if set(parties) & set(m.record.holders)]
        best_fit = max((m.fit for m in theirs), default=0.0)
        # A clause with a rule for the case the question names (抽检发现…不合格 -> 对于质量抽检发现的不符合规定要求…的)
        # splits that case between the parties: it comes before one that splits another matter sharing the
        # question's words, and gives each party its line, though it fits a little less than the best rule.
        # The words that ask for both sides (两地, 两个省局, 各自) name no case.
        case_terms = [(g, w) for g, w in self.ctx.action_terms(EACH.sub("", BOTH.sub("", frame.question)))
                      if w >= CONTEXT_IDF]
        event = {m.clause.id for m in theirs if self._states_case(m.record, case_terms)}
        splitting = sorted((m for m in theirs if self._splits(m.clause, parties) and m.fit >= max(
            floor, best_fit - SPLIT_SLACK) - SPLIT_SLACK * (m.clause.id in event)), key=lambda m: m.clause.id not in event)
        # (A duty both hold stays the answer unless a clause splits the named case and the duty is not for it.)
        together = bool(theirs) and set(parties) <= set(theirs[0].record.holders) and (
            not event or theirs[0].clause.id in event)
        split = None if together or not splitting else splitting[0].clause.id
        top = split or top
        lines, evidence, used, fits, verdicts, joint = [], [], [], [], {}, {}
        for party in parties:
            held = [m for m in found if party in m.record.holders and self.names(m.record, party)]
            mine = [m for m in held if m.fit >= floor or m.clause.id in answering
                    and self.fit(terms, m.record.action) >= MIN_MATCH / 2]
            # Where the party's only fitting rules are ones both hold, or ones that fit by their sentence alone
            # and do another act (受托企业所在地省局应当支持配合, in a sentence about another matter), the clause
            # that splits the matter gives the party its line, though the line's own words are not the
            # question's (…由受托企业所在地省局依法进行调查处置 before 注册人、受托生产企业所在地省局应当…通报).
            if all(set(parties) <= set(m.record.holders) or self.fit(terms, m.record.action) < MIN_MATCH / 2
                   for m in mine):
                mine = [m for m in held if m.clause.id == split and not set(parties) <= set(m.record.holders)] or mine
            mine = mine or [m for m in held if m.clause.id == top and party in self.parties_in(m.record.sentence)]
            # In a clause that splits the case the question names, the party's rule for that case is its line
            # where none of its fitting rules is of that clause, though it fits a little less than the floor
            # (由注册人所在地省局对注册人立案查处, the case 对于质量抽检发现的不符合规定要求…的).
            if all(m.clause.id != split for m in mine):
                mine += [m for m in held if m.clause.id == split and m.fit >= floor - SPLIT_SLACK
                         and self._states_case(m.record, case_terms)]
            # A rule whose own sentence names the party before one that only carries it over from the
            # sentence before (产品上市放行、生产放行的记录保存期限，应当符合…: about records, not the party's part).
            # A rule made for the case the question states (不再符合…要求的，应当立即整改) before a generic duty of the
            # party that shares the question's words (签订委托协议…包括生产条件…).
            mine.sort(key=lambda m: (split is not None and (m.clause.id != split or set(parties) <= set(m.record.holders)),
                                     not self._states_case(m.record, case_terms),
                                     party not in self.parties_in(m.record.sentence)))
            if not mine:
                lines.append(f"{_SHORT.get(party, party)}：条文中未找到对应规定。")
                fits.append(0.0)
                continue
            best = mine[0]
            evidence.append(best.clause.id)
            used.append(party)
            fits.append(best.fit)
            # 注册人：需要——「…」: a yes/no question gets each party's own verdict on its line.
            # (Each party's verdict is read as if the question asked about that party alone.)
            own = replace(frame, actor=(party,))
            verdicts[party] = verdict_for(own, best.record) if frame.yes_no else None
            said = verdict_for(replace(own, negated=False), best.record)[1].split("。")[0] if frame.yes_no else ""
            key = (best.clause.id, best.record.sentence, best.record.action, said)
            if key in joint:
                # 注册人和受托生产企业应当每年…: a duty both hold is quoted once, naming both.
                first, names = joint[key]
                names.append(party)
                lines[first] = party_line(names, best.record, best.clause, said=said)
                continue
            joint[key] = (len(lines), [party])
            lines.append(party_line([party], best.record, best.clause, said=said))
        if len(used) < 2:
            return None
        verdict = None
        if frame.yes_no:
            verdict = _doubted_verdict(frame, verdicts, self._asking_parties(frame))
        return Plan(["\n".join(lines)], tuple(used), list(dict.fromkeys(evidence)), verdict, min(fits))

    def _states_case(self, record: Obligation, case_terms) -> bool:
        """Whether a rule is made for the case the question names: it has a condition (…的, …时), and its
        sentence up to its modal word (…的生产条件发生变化，不再符合…要求的 / 对于质量抽检发现的不符合规定要求…的)
        has one of the question's distinctive words (``case_terms``: 生产条件, 抽检; words as common as 委托生产
        set the scene of most rules). A case left to judgement (必要时) is no case the question names."""
        if not record.condition or DISCRETION.search(record.condition):
            return False
        case = self.ctx.without_parties(record.condition + "，" + _setting(record))  # 药品监督管理部门 says no 监督
        return bool(case_terms) and self.fit(case_terms, case) > 0

    def _splits(self, clause, parties) -> bool:
        """Whether a clause gives each of the two sides of an entrustment (the firms, or their bureaus)
        a rule the other does not hold with it."""
        return set(parties) in (set(_MAIN_PAIR), set(_BUREAU_PAIR)) and all(
            any(party in r.holders and not set(parties) <= set(r.holders) for r in clause.obligations)
            for party in parties)

    def _asking_parties(self, frame: Frame) -> set[str]:
        """The parties named in the part of a question that asks (注册人要，受托方也要吗: the
        contract manufacturer): the one whose answer the question doubts."""
        parts = [p for p in re.split(r"[，,；;]", frame.question) if p.strip()]
        asking = next((p for p in reversed(parts) if CLOSING.search(p) or WHETHER.search(p)), parts[-1] if parts else "")
        return {p for m in self.ctx.question_lexicon.mentions(asking) for p in m.parties}

    def party_lines(self, parties, sources, terms) -> tuple[list[str], list[str]] | None:
        """One line per party for a "who" answer that names several (谁来建？注册人要做什么？ /
        A省局负责…，B省局负责…), each with that party's own duty and its citation, taken from the
        sentences the answer rests on (``sources``: (clause, duty) pairs, best first), else from
        another sentence of their clauses that gives the party a duty about what is asked. The
        lines and the clause ids they quote; None for a duty the parties hold together (注册人、
        受托生产企业应当… / 注册人应当与受托生产企业共同…), which one sentence says best."""
        chosen = []
        for party in parties:
            # A sentence that names the party before one that only carries it over from the sentence
            # before (不符合…的，不得放行出厂和上市 after 受托生产企业应当建立生产放行规程).
            found = next(((clause, duty.sentence) for clause, duty in sources if party in duty.subjects
                          and party in self.parties_in(duty.sentence)), None)
            if found is None:
                others = [(party in self.parties_in(d.sentence), self.fit(terms, d.sentence), clause, d.sentence)
                          for clause in dict.fromkeys(c for c, _ in sources) for d in clause.duties
                          if party in d.subjects and d.modality != "none"]
                if not others:
                    return None
                *_, clause, sentence = max(others, key=lambda o: o[:2])
                found = (clause, sentence)
            clause, sentence = found
            own = [r for r in clause.obligations if party in r.holders and r.action
                   and (r.sentence in sentence or sentence in r.sentence)]
            record = max(own, key=lambda r: self.fit(terms, r.action), default=None)
            if record is None:
                return None
            chosen.append((party, record, clause))
        if len({(r.sentence, r.action) for _, r, _ in chosen}) < 2:
            return None
        lines, quoted = [], set()
        for party, record, clause in chosen:
            lines.append(party_line(party, record, clause, again=record.sentence in quoted))
            quoted.add(record.sentence)
        return lines, [clause.id for _, _, clause in chosen]

    def names(self, record: Obligation, party: str) -> bool:
        """Whether a rule may be the party's: not where its sentence has a text give the duty to
        another party (《质量协议》应当明确委托方承担… is no rule of the manufacturer's, whatever
        holder the sentence before left)."""
        for m in self.ctx.lexicon.mentions(record.sentence):
            if ASSIGNS.search(record.sentence[:m.start]) and DUTY_WORD.match(record.sentence[m.end:]):
                return party in m.parties
        return True

    def _quote(self, match: Match) -> str:
        return f"「{quotation(match.clause.text, match.record.sentence)}」（{match.clause.ref}）"

    def _quote_sentence(self, match: Match) -> str:
        """The whole sentence quoted (its rules split at ； quoted together)."""
        return f"「{_whole_sentence(match.clause.text, match.record.sentence)}」（{match.clause.ref}）"


# A list of definitions (本办法下列用语的含义：) and a question asking what a word means.
DEFINING = re.compile(r"用语的?含义|术语和定义|下列用语")
MEANING = re.compile(r"意思|含义|定义|是指|指的是|指什么|什么叫|何谓|什么是|怎么界定|如何界定|怎么算|算是")


def party_line(party: str | list[str], record: Obligation, clause, again: bool = False, said: str = "") -> str:
    """A party's line of a two-party answer: its own duty in brief, then the rule quoted with its
    citation. The quote alone where the duty is nearly all of the sentence or says nothing of its
    own (负责); the citation alone where a line before quotes the same sentence (``again``).
    Several parties holding the rule together share one line (注册人、受托生产企业（共同）：…);
    ``said`` (需要 / 不可以) opens the line of a yes/no answer."""
    parties = [party] if isinstance(party, str) else party
    who = "、".join(_SHORT.get(p, p) for p in parties) + ("（共同）" if len(parties) > 1 else "")
    duty = said or f"{_modal_words(record)}{record.action}"
    quote = passage(clause.text, record.sentence)
    quote += rest_of_part(clause, quote, parties)
    if not said and (len(record.action) < 4 or len(record.sentence) <= len(record.action) + BRIEF):
        return f"{who}：「{quote}」（{clause.ref}）"
    if again:
        return f"{who}：{duty}（{clause.ref}，同上）"
    return f"{who}：{duty}——「{quote}」（{clause.ref}）"


# A party's part of a paragraph adds at most this many sentences to the one its line quotes.
PART_MAX = 2


def rest_of_part(clause, quote: str, parties) -> str:
    """The sentences of the quote's paragraph that go on with the same parties' part (注册人…应当建立上市放行
    规程…。产品上市放行应当由注册人自行完成，不得委托其他企业上市放行。 / …对注册人立案查处…。发布质量公告时，
    一并公告受托生产企业。): a paragraph that splits a matter gives a party its part over several sentences, until
    a sentence gives a rule to a party outside ``parties`` or the paragraph ends. Verbatim from the clause; ""
    where the quote already runs into the next paragraph or the next sentence is another's."""
    text = clause.text
    start = text.find(quote)
    if start < 0 or "」「" in quote:
        return ""
    rest, out = text[start + len(quote):], ""
    for _ in range(PART_MAX):
        end = rest.find("。")
        sentence = rest[:end + 1]
        if end < 0 or not sentence.strip() or "\n" in sentence or len(sentence) > SEQUEL_MAX:
            break
        rules = [r for r in clause.obligations if r.sentence.rstrip("。；") in sentence]
        if any(not r.holders or not set(r.holders) <= set(parties) for r in rules):
            break
        out, rest = out + sentence, rest[end + 1:]
    return out


def _doubted_verdict(frame: Frame, verdicts: dict[str, tuple[str, str] | None], asking: set[str]) -> str | None:
    """The verdict of a two-party yes/no question: that of the party its asking part names
    (品牌方交了就行，代工厂不用交吗: the contract manufacturer's); else the one both share;
    "depends" where they differ and the question does not single one out."""
    found = {party: v[0] for party, v in verdicts.items() if v is not None}
    doubted = {found[p] for p in found if p in asking}
    if len(doubted) == 1 and len(asking & set(found)) < len(found):
        return doubted.pop()
    values = set(found.values())
    return values.pop() if len(values) == 1 else ("depends" if values else None)


# A sentence at most this much longer than a party's duty is quoted without restating the duty.
BRIEF = 12


# What a statement that a party answers for something (对…质量负责) counts over a passing mention
# of its liability (承担…责任), when each party's liability is asked.
PRIMARY = 0.3
# 法定代表人、主要负责人对…全面负责: what a person in the firm answers for, not the firm; also the post
# that acts for the firm, asked for by 公司里谁来组织 (…由质量管理部门负责人组织…).
PERSON = re.compile(r"(?:质量管理部门|生产管理部门|企业|主要|质量|技术)?负责人|法定代表人|管理者代表")
# 《质量协议》应当明确委托方承担… / 一般规定受托方负责…: a text that gives a duty to the party named next.
ASSIGNS = re.compile(r"(?:明确|规定|约定)(?:由)?$")
DUTY_WORD = re.compile(r"(?:应当|应)?(?:承担|负责|履行)")
# 有效期几年 / 有效期是多久 / 证能用几年 / 期限最长能签多久 / 有效期有什么限制: how long something stays valid.
VALIDITY_ASKED = re.compile(r"有效期(?:限)?(?:是|为|有|一般|大概|定|签|能|可以){0,2}(?:几|多少|多长|多久)|(?:能|可以)用(?:几|多少)年|(?:能|可以)用多久"
                            r"|(?:有效期|期限)[^，,。？?]{0,6}(?:最长|限制|上限)|(?:最长|最多)(?:能|可以)?签?(?:多久|多长|几年)")
# 有效期为5年 / 有效期限不超过…有效期限: the texts' statement of it; the thing it is said of, named before it in the
# same sentence.
VALIDITY = re.compile(r"有效期为\s*(\d+|[一二三四五六七八九十]+)\s*年|有效期限?不(?:得|应)?超过([^。；，,]{2,40}?有效期限?)")
THING_VALID = re.compile(r"(?:医疗器械)?(生产许可证|经营许可证|注册证|备案凭证|质量协议|许可证|协议)[^，,。；]*?(?:[，,][^，,。；]{0,12})?$")
VALIDITY_CANDIDATES = 8
# 什么时间段提出: a time asked after the validity (not a slot of its own: 什么时间内写完 reads as what is done).
TIME_SPAN = re.compile(r"什么时间|时间段|时间窗口")
# A class of device named (第一类, 二类, Ⅲ类, 二类以上), not 同一类 / 这类 / 某一类 / 每一类.
PRODUCT_CLASS = re.compile(r"(?<![同这某另每任单])第?([一二三ⅠⅡⅢ])类(以上)?")
# The regimes a kind of device or business is put under (实行产品注册管理 / 备案管理 / 许可管理); not 注册人 / 备案人.
REGIME = re.compile(r"(?:注册|备案|许可)(?!人)")
# The share of a kind of holder (规模较小) a question must state to be of that kind: its everyday word (小厂 ->
# 规模较小) is the whole of it, though not its parts.
KIND_MET = 0.3
# A post whose holder may or may not hold another (质量管理部门负责人 -> 质量管理部门, 管理者代表).
ROLE = re.compile(r"质量管理部门|生产管理部门|管理者代表")
# Two kinds of one thing a rule leaves the choice of: 专（或者兼）职, 专职或者兼职.
EITHER = re.compile(rf"{EITHER_FOLDED.pattern}|([\u4e00-\u9fff]{{2}})或者([\u4e00-\u9fff]{{2}})")
# How often, in the words that count the times (隔多久报一次 -> 报), not the deed.
ONCE = re.compile(r"[隔每]?[一两几]?(?:次|遍|回|趟)")
# A question about how often (多久一次, 多久查一遍, 多长时间搞一回, 频次, 每年几次), not by when.
# 多久查一次: the time words with the 一次 that asks how often (group 1: the time words).
ONCE_ASKED = re.compile(r"((?:多久|多长时间)[^，,。？?]{0,4})一(?:次|遍|回|趟)")
OFTEN = re.compile(rf"{ONCE_ASKED.pattern}|频次|频率|几次|几遍|隔多久")
# How well a catalog entry must match the question for its document title to answer.
CATALOG_MATCH = 0.5
# 飞检 / 检查组来了: the question is set in an inspection of the firm.
INSPECTED = re.compile(r"飞检|飞行检查|检查组|检查人员|检查的人|突击检查|(?:药监|监管)[^，,。？?]{0,4}来(?:检查|查)")
# 先拖一拖 / 改天再来 / 说负责人不在 / 先不给看 / 先把线停了: putting an inspection off or turning it away.
PUTS_OFF = re.compile(r"拖|改天|明天再|下次再|回头再|等[^，,。？?]{0,12}再|先不给|不给[^，,。？?]{0,6}看|不让|晚点|晚些"
                      r"|停了|停线|停产|不在|出差|躲|不开门|在门口等|先等")
# 不得拒绝、逃避（或者阻碍）: the inspected may not refuse or evade the inspection.
EVADES = re.compile(r"不得拒绝、逃避(?:或者阻碍)?")
# 委托生产的还应当标注受托企业的名称…: an item of a label's or the instructions' contents on the maker of an entrusted product.
MAKER_MARKED = re.compile(r"委托生产的还应当标注受托企业")
# 代工厂哪些信息 / 受托厂的名字地址 / 关于代工厂: the maker of an entrusted product named as the one whose details are
# shown (not 贴牌代工的产品, which only sets the scene).
MAKER_ASKED = re.compile(r"(?:代工(?:厂|方|企业)|受托(?:生产)?(?:企业|厂|方)|工厂|厂家|生产厂)(?:那边|方面)?的?[^，,。？?]{0,6}?"
                         r"(?:信息|名字|名称|地址|住所|许可证|东西|资料|哪些|什么)|关于(?:代工|受托|工厂)")
# 代工 / 受托 / 工厂 anywhere: the maker named, perhaps as the scene only; then the question asks of its details unless
# it asks every item (哪些事项 / 哪些内容 / 一共 / 全部).
MAKER_SAID = re.compile(r"代工|受托|工厂|厂家")
EVERY_ITEM = re.compile(r"哪些事项|哪些内容|什么内容|一共|全部|所有|完整")
# 标 / 印 / 写 / 注明 / 体现: the question asks what is shown on the label or in the instructions.
SHOWN = re.compile(r"标|印|写|注明|载明|体现|显示|出现")
# 不预先告知 / 非预先告知 / 不得事先告知: an inspection made without telling the inspected first.
UNANNOUNCED = re.compile(r"[不非](?:得)?(?:预先|事先)告知")
# 检查 / 飞检 / 来查 / 查厂: the question is about an inspection.
CHECKED = re.compile(r"检查|飞检|来查|查厂|进厂查|上门查|有因检查")
# 不打招呼 / 没提前通知 / 事先不告知 / 突击 / 直接进厂: the question proposes an inspection made without telling.
UNTOLD = re.compile(r"(?:不|没|没有|未)(?:提前|事先|事前|预先|先)?(?:打招呼|打个招呼|通知|告知|告诉|说一声|说)"
                    r"|(?:提前|事先|预先)(?:不|没|没有|未)(?:打招呼|通知|告知|告诉|说)|突击|搞突袭|直接(?:进厂|上门|来|到)")
# 会提前通知吗 / 要不要先打招呼 / 事先告诉我们吗: the question asks whether the firm is told first.
TOLD = re.compile(r"(?:提前|事先|事前|预先)(?:[^不没未，,。？?]){0,6}?(?:打招呼|打个招呼|通知|告知|告诉|说一声|说)"
                  r"|先打(?:个)?招呼")
# 不 / 没 / 未 just before 提前通知: the question proposes not telling.
NOT_SO = ("不", "没", "未")
# 会不会 / 要不要 / 能不能: the A-not-A form of a question.
A_NOT_A = re.compile(r"(.)不\1")
# 是这样吗 / 对吗 / 是不是: the question asks to confirm what it states.
CONFIRMING = re.compile(r"是这样吗|对吗|是吗|是不是|没错吧|对吧")
# The inspection asked about is the regulator's (not a firm's own check or its audit of a supplier).
REGULATOR = re.compile(r"药监|监管|省局|市局|局里|飞检|飞行检查|检查组|有因检查|官方")
# 有因检查: an inspection for cause, which 53号令 makes unannounced as a rule.
CAUSED = re.compile(r"有因检查")
# 被检查单位有下列情形之一的，视为拒绝、逃避检查：
DEEMED_EVADING = re.compile(r"有下列情形之一的，视为拒绝、逃避检查：")
# What an entry's brackets add to its name: 硬脑（脊）膜补片 / （不含动物源性材料的产品除外） / （13-06-04）.
CATALOG_NOTE = re.compile(r"（[^）]*）|\([^)]*\)")
# 具有高风险的植入性医疗器械: a kind of product narrowed by what comes before its 的.
QUALIFIED_KIND = re.compile(r"^[^，,；;《》]{2,20}(?<!中)的[^，,；;的]{0,12}(?:医疗器械|器械|产品)$")
# An exception that sets apart products by what they are made of (不含动物源性材料的产品), not by name.
PROPERTY = re.compile(r"不含|含有|材料的产品")
# 硬脑（脊）膜: a character in brackets stands for the one before it (硬脊膜).
ALTERNATIVE = re.compile(r"(.)（(.)）")
# The one a registrant entrusts production to, as the vocabulary names it.
MAKER_FOR_ANOTHER = frozenset({"受托生产企业", "受托方", "受托"})
# Words of a catalogue's title that say what it is, not what it rules on.
CATALOG_WORDS = frozenset({"医疗器械", "医疗", "目录", "器械", "产品", "生产"})
# Share of a rule's condition a question must state for the rule to apply as it stands.
CONDITION_MET = 0.4
# 且 / 并且 joins two cases that must both hold (…一年以上且无同类产品在产的).
CONJOINED = re.compile(r"并且|且")
# A question asking whether a rule holds in every case (都得, 一律) must state nearly all of the rule's case.
UNIVERSAL_MET = 0.8
# Condition words below this IDF (委托生产, 检验, 必要) are the setting of most rules, not a condition.
CONTEXT_IDF = 3.0
# 确需进行委托生产的 / 如果收到…的 / 在…期间: words that frame a condition, not what it turns on (one who has
# entrusted production meets 确需进行委托生产的).
HEDGE = re.compile(r"确需|确有必要|如果|若|任何|在[^，,]{0,12}期间|期间")
DISCRETION = re.compile(r"必要时|根据(?:情况|需要)|视(?:情况|需要)")
# 不具备… / 没(有)… / 未… / 不是…: what the question says its case lacks (不良事件, 不得, 不同, 没问题 are words
# of their own; 不用/不需要 ask about not doing it, which the frame reads as negated; 不许/不准 ask about a ban).
LACKS = re.compile(r"(?:不是|没有|没|未经|未|无|不)(?!良|得|同|断|行|过|仅|少|久|用|会|能|要|需|可|必|管|许|准|让|问题|事|错|菌|论)"
                   r"((?:(?!就)[\u4e00-\u9fff]){2,10})")
# Everyday words that name the contrary of what a staffing rule asks for: each is read as lacking it.
# (workplace.yaml reads each as these terms, so the search finds the rule that asks for them.)
CONTRARY = dict.fromkeys(("兼职", "外聘", "挂名"), ("全职", "正式聘用", "在职在岗"))
# Share of the lacking words a rule must have for its requirement to be the one the case lacks.
LACK_MET = 0.5
# How close (in match score) a prohibition must come to the best rule to answer a "may" question.
CLOSE = 0.15
# How much less a general rule may score than one for a case the question does not state (境外发生的 / 第三类 /
# 创新…) and still answer in its place.
UNSTATED_CASE = 0.05
# A rule whose action covers this much more of the asked act than another's stays the better answer.
CLEARLY_BETTER = 0.2
# A condition that names a failing case: 不符合…的 / 未经…的 / 没有…的 / 无…的.
FAILING_CASE = re.compile(r"[^，,]{0,6}?(?:不(?!良|同|超过|少于)|未|没有|无(?!需|须)|非)")
# 二级以上 (a case from a grade up) and a grade a question names (三级医院).
GRADE_FLOOR = re.compile(r"([一二三四五六七八九])级以上")
GRADE = re.compile(r"([一二三四五六七八九])级(?!以下)")
# 只印英文 / 仅有备案凭证: a question says what its case lacks by saying what it has only.
ONLY = re.compile(r"只|仅")
# A prohibition (不得) that fits this much of the question answers from twice as far behind.
WELL_MATCHED = 0.45
# Share of the shorter action's character pairs the longer must have for two rules to be about the same act.
SAME_ACTION = 0.8
SAME_ACTION_LONG = 0.6
# How much less the clause that splits a matter between the parties may fit than the best rule.
SPLIT_SLACK = 0.1
# How much less a checklist point may fit than the best one and still be listed beside it.
PARALLEL_SLACK = 0.05
# What a list's opening gains by saying what the form of the question asks (its quoted term, 分为).
LIST_FORM = 0.3
# How far down the candidates a list question looks for a list that names the noun it asks for.
LIST_CANDIDATES = 15
# 哪些不能写 / 禁止出现哪些 / 不得有什么: a list question asking what is banned.
BANS_ASKED = re.compile(r"(?:不能|不得|不许|不准|不允许|不可以|不应|禁止|严禁|不让)[^，,。？?]{0,8}?(?:哪些|什么|啥)"
                        r"|(?:哪些|什么|啥)[^，,。？?]{0,8}?(?:不能|不得|不许|不准|不允许|不可以|不应|禁止|严禁)")
# 不得有下列内容： / 禁止下列行为： / 不应当…以下…: the lead-in of a list of what is banned.
BANNED_LEAD = re.compile(r"不得|禁止|严禁|不应")
# How much a list of what is banned gains where the question asks what is banned.
BANNED_LIST = 0.6
# Nouns the lead-ins of lists of every kind use (应当具备下列条件：, 包括以下内容：): naming one does not
# single out a list (:func:`names_asked`).
COMMON_LIST_NOUNS = {"条件", "要求", "内容", "资料", "材料", "事项", "工作", "情形", "信息", "职责", "措施", "规定", "处理",
                     "产品", "器械"}
# 依照医疗器械监督管理条例第八十一条的规定处罚: a sanction that takes its penalty from another article;
# one that names an amount (处…罚款) states it itself.
REFERS_PENALTY = re.compile(r"依照[^，,。；;]{0,40}第[^，,。；;]{1,8}条[^，,。；;]{0,4}规定(?:予以|给予)?处罚")
FINE = re.compile(r"罚款|\d+万?元")


def product_classes(text: str) -> set[int]:
    """The classes of device a text names (第二类、第三类 -> {2, 3}; 二类以上 -> {2, 3}; Ⅰ类 -> {1}); not 同一类 or 这类."""
    named = set()
    for m in PRODUCT_CLASS.finditer(text):
        n = "一二三".find(m.group(1)) + 1 or "ⅠⅡⅢ".find(m.group(1)) + 1
        named.update(range(n, 4) if m.group(2) else (n,))
    return named


def other_regime(question: str, record: Obligation) -> str:
    """The regime a question asks about (注册 / 备案 / 许可) where the rule that answers puts the thing under
    another one (第一类医疗器械实行产品备案管理, asked 一类产品要注册吗); "" where it does not."""
    if record.modal != "实行":
        return ""
    asked, held = set(REGIME.findall(question)), set(REGIME.findall(record.action))
    return "、".join(sorted(asked)) if asked and held and not asked & held else ""


def rule_classes(record: Obligation) -> set[int]:
    """The classes of device a rule is made for: named in its own part (topic, condition, act), else in its sentence."""
    return product_classes(record.topic + record.condition + record.action) or product_classes(record.sentence)


def only_of(record: Obligation, classes: set[int]) -> bool:
    """Whether a rule is made for some of ``classes`` of device and no other (经营第一类医疗器械不需要…, for {1})."""
    named = rule_classes(record)
    return bool(named) and named <= classes


def options(action: str) -> list[tuple[str, str]]:
    """The choices a rule leaves between two kinds of one thing, told apart by their first character
    (专（或者兼）职 -> (专职, 兼职); 专职或者兼职人员 -> (专职, 兼职))."""
    found = []
    for m in EITHER.finditer(action):
        if m.group(1):
            found.append((m.group(1) + m.group(3), m.group(2) + m.group(3)))
        elif m.group(4)[1] == m.group(5)[1] and m.group(4)[0] != m.group(5)[0]:
            found.append((m.group(4), m.group(5)))
    return found


# How much less a rule of the class asked may fit than a best rule made for no class, and still answer.
CLASS_CLOSE = 0.1


def class_asked_first(frame: Frame, found: list[Match]) -> list[Match]:
    """Asked of one class of device (一类器械批发要备案吗), a best rule made for other classes (从事第二类、第三类…批发
    业务的…) gives way to a rule among the first candidates that names the class asked (经营第一类医疗器械不需要许可和
    备案): the rule of that class answers (:func:`rule_classes`)."""
    asked = product_classes(frame.question)
    if not asked or not found:
        return found
    named = rule_classes(found[0].record)
    if named & asked:
        return found
    # A best rule made for no class in particular gives way only to a rule of the class asked that fits about as well
    # (一类器械要办经营许可吗: 经营第一类医疗器械不需要许可和备案, over 新设立独立经营场所的，应当…申请经营许可).
    floor = MIN_MATCH if named else max(MIN_MATCH, found[0].fit - CLASS_CLOSE)
    own = next((m for m in found if m.fit >= floor and only_of(m.record, asked)), None)
    return found if own is None else [own] + [m for m in found if m is not own]


def prohibition_first(frame: Frame, best: Match, found: list[Match]) -> Match:
    """"May / must X do Y?" is asked where a rule says no: a prohibition or a "need not" that
    matches the question nearly as well as the best rule answers it (产品上市放行…不得委托其他
    企业 over 放行记录应当保存…; 不得收取检验费 over 应当加强抽查检验). A question about not
    doing something (可以不…吗) is answered by the duty instead. A "need not" answers only a
    "must" question: that something need not be done says nothing against being allowed to.
    A "may" question is answered by a prohibition (not a "need not") that has most of what is asked
    in its own words from further behind, where a duty gains more from naming the party asked about
    (不得通过质量协议向受托生产企业转移 over 质量协议应当明确委托方承担…, asked whether the agreement
    may hand it to the manufacturer)."""
    if not frame.yes_no or frame.negated or best.record.negative:
        return best
    says_no = (lambda r: r.negative) if frame.slot == "whether_must" else (lambda r: r.negative and r.modality != "no_need")

    def close(m: Match) -> bool:
        near = m.score >= best.score - CLOSE or m.fit >= best.fit
        well = (frame.slot == "whether_may" and m.record.modality != "no_need"
                and m.fit >= WELL_MATCHED and m.score >= best.score - 2 * CLOSE)
        return says_no(m.record) and m.fit >= MIN_MATCH and (near or well)
    return next((m for m in found if close(m)), best)


def not_always(best: Match, found: list[Match]) -> tuple[str, str] | None:
    """一律 / 都得 / 一定要 asked of a rule: it does not hold in every case where it has an
    exception (…，但…) or leaves part of its action to judgement (必要时), or where a close rule
    of the same matter in another sentence leaves it open (可以, 无需, 鼓励, 必要时; the other
    rules of its own sentence are about other actions). The words of 不一定 and the clause that
    says so; None if the rule holds."""
    if best.record.exception:
        return f"不一定：{best.record.exception}。", best.clause.id
    if DISCRETION.search(best.record.action):  # 应当审核资质，必要时开展现场审核
        return "不一定：条文规定视需要为之。", best.clause.id
    for m in found:
        r = m.record
        if r.sentence == best.record.sentence or m.fit < MIN_MATCH or m.score < best.score - CLOSE:
            continue
        if r.modality in ("may", "no_need", "encouraged") or DISCRETION.search(r.condition or r.action):
            return f"不一定：另有规定「{r.sentence}」（{m.clause.ref}）。", m.clause.id
    return None


def enumeration(clause) -> tuple[str, list[str]] | None:
    """A clause that enumerates in its own text: the line before its numbered lines (分为：,
    有下列情形之一的，视为…：) and those lines; or a catalog section (a heading over bare
    entries, no rule of its own). None if it does not enumerate."""
    if clause.kind == "preamble" or COVER_LETTER.search(clause.text):
        return None  # an addressee list or a purpose statement is not what is asked for
    lines = [line.strip() for line in clause.text.splitlines() if line.strip()]
    numbered = [i for i, line in enumerate(lines) if i and ITEM_NUMBER.match(line) and ITEM_NUMBER.match(line).end()]
    if len(numbered) >= 2:
        first = numbered[0]
        return lines[first - 1], [lines[i] for i in numbered if i < first + len(numbered) + 1]
    counted = counted_items(clause.text)
    if counted is not None:
        return counted
    if not clause.obligations and len(lines) >= 3 and not _form(lines):
        return lines[0], lines[1:]
    return None


# A sentence that singles out some of a list's items for attention (应当特别关注… / 尤其注意…), with no subject of its own.
SINGLES_OUT = re.compile(r"^(?:应当|还应当|并应当)?(?:特别|尤其|重点)(?:关注|注意)")


def singling_out(text: str, sentence: str) -> str:
    """The next sentence of the same paragraph when it singles out some of the items ``sentence`` lists
    inline for attention; "" otherwise. Verbatim from ``text``."""
    at = text.find(sentence)
    if at < 0 or not sentence.endswith("。"):
        return ""
    rest = text[at + len(sentence):]
    end = rest.find("。")
    after = rest[:end + 1]
    return after if end > 0 and "\n" not in after and len(after) <= SEQUEL_MAX and SINGLES_OUT.match(after) else ""


# What a lead-in lists, by the noun before its 包括 (…。进货查验记录包括：): the subject of what follows it.
LISTED_SUBJECT = re.compile(r"([\u4e00-\u9fff]{3,12}?)(?:一般|至少|主要)?(?:应当|应)?(?:包括|包含)[^，,。；;：:]{0,6}[：:]\s*$")


def after_items(text: str, lead: str, last: str) -> str:
    """The paragraphs after a list's last item (up to two) that go on about what the lead-in lists (进货查验记录
    包括：… then 进货查验记录应当保存至…；植入类…进货查验记录应当永久保存。): what else it must hold or how long it
    is kept is part of the answer. Verbatim from ``text``, each quoted apart; "" if none does."""
    subject = LISTED_SUBJECT.search(re.split(r"[，,。；;]", lead)[-1])
    at = text.rfind(last)
    if subject is None or at < 0:
        return ""
    out = []
    for paragraph in text[at + len(last):].lstrip("。；; \n").split("\n")[:PART_MAX]:
        paragraph = paragraph.strip()
        numbered = ITEM_NUMBER.match(paragraph)
        if (not paragraph or (numbered and numbered.end()) or len(paragraph) > SEQUEL_MAX
                or subject.group(1) not in paragraph):
            break
        out.append(paragraph)
    return "」「".join(out)


def _side_by_side(one, other) -> bool:
    """Whether two clauses are sections of bare lines side by side in one text (一、… and 二、… of a catalog):
    headed lists with no rule of their own (a lead-in rule's own words already say which list it is)."""
    return (one.doc_id == other.doc_id and one.path == other.path and one.kind == other.kind
            and not one.obligations and not other.obligations)


def _form(lines: list[str]) -> bool:
    """A form to fill in (报告编码：/ 报告日期：/ ---): its lines are blanks, not the entries of a catalog."""
    blanks = sum(1 for line in lines if re.search(r"[：:]\s*$|^[-—_]{3,}$", line))
    return blanks * 3 >= len(lines)


# 一要…。二要…。 / 一是…；二是…: items counted inside a paragraph (notices and work plans write so).
ORDINAL = re.compile(r"(?:^|(?<=[。；;：:，,\n]))\s*([一二三四五六七八九十])(?:是要|是|要)(?!否|求)")
_ORDINALS = "一二三四五六七八九十"


def counted_items(text: str) -> tuple[str, list[str]] | None:
    """The sentence before 一要/一是 and each counted item up to the next (the last up to its
    paragraph's end); None unless the items count 一, 二, 三… from the first."""
    run = []
    for m in ORDINAL.finditer(text):
        if _ORDINALS.index(m.group(1)) == len(run):
            run.append(m)
    if len(run) < 2:
        return None
    head = text[:run[0].start(1)].rstrip()
    lead = re.split(r"(?<=[。；;\n])", head.rstrip("\n"))
    lead = next((s.strip() for s in reversed(lead) if s.strip()), "")
    ends = [m.start(1) for m in run[1:]]
    last = text.find("\n\n", run[-1].end())
    ends.append(len(text) if last < 0 else last)
    items = [re.sub(r"\s*\n\s*", "", text[m.start(1):end]).strip() for m, end in zip(run, ends)]
    return lead, items


# A sentence that lists inline: three or more things joined by 、, opened by 包括/明确/如… or
# closed by 等 (至少应当包括机构和人员、厂房与设施、设备…等). 按照法律法规、规范、标准组织生产 is no list.
_LIST_VERB = re.compile(r"包括|包含|涵盖|明确|分为|分成|例如|比如|如")


def _listing(sentence: str) -> bool:
    """Whether a sentence lists inline after a word that introduces a list (包括, 明确, 如)."""
    opening = inline_opening(sentence)
    return bool(opening) and bool(_LIST_VERB.search(opening[-2:]))


def inline_opening(sentence: str) -> str:
    """What a sentence that lists inline says before its first item; "" if it lists nothing."""
    at = 0
    for part in re.split(r"([，,。；;：:])", sentence):
        if part.count("、") >= 2:
            head = part[:part.index("、")]
            verb = list(_LIST_VERB.finditer(head))
            if verb or "等" in part[part.rindex("、"):]:
                return sentence[:at + (verb[-1].end() if verb else part.index("、"))]
        at += len(part)
    return ""


# What closes an inline list: 等, or the count of its items (4种, 三类).
CLOSES_ITEMS = r"(?:等|[\d一二三四五六七八九十两]+[种类项个])"


def names_asked(question: str, opening: list[str], inline: list[str] = ()) -> bool:
    """Whether a list says it is of what the question asks for: in the lines that open it (the noun
    asked, 明确下列部门的职责：; the term quoted, 所称…包括; 分为 for how many kinds), or after the items of
    a sentence that lists inline (…等相关部门职责). A noun the lead-ins of every kind of list use (内容,
    条件) does not single one out."""
    nouns = tuple(n for n in asked_nouns(question) if n not in COMMON_LIST_NOUNS)
    return (any(asked_list_bonus(question, line, nouns) > 0 for line in opening)
            or any(lists_asked(question, sentence, nouns) for sentence in inline))


def lists_asked(question: str, sentence: str, nouns: tuple[str, ...] | None = None) -> bool:
    """Whether a sentence's inline list is of what the question asks for (…等产品 for 哪些产品), or
    says what the set the question asks members of includes (哪些人算关键岗位 -> 关键岗位人员一般包括…)."""
    # The noun right after the items' 等 or count (…售后服务等相关部门职责 / …“整改后未通过核查”4种情形).
    nouns = asked_nouns(question) if nouns is None else nouns
    return (any(re.search(rf"{CLOSES_ITEMS}[^，,。；;、]{{0,6}}{re.escape(noun)}", sentence) for noun in nouns)
            or defines_members(question, sentence))


# 哪些人属于X / 哪几类算X / 哪些情形算是X: the question asks what X takes in, which the sentence that
# says what X includes (X人员一般包括…, X是指…) answers.
MEMBERS_OF = re.compile(r"哪(?:些|几)[个类种项位]?[\u4e00-\u9fff]{0,2}?(?:属于|算是|算作|算|是)([\u4e00-\u9fff]{2,16})")


def defines_members(question: str, text: str) -> bool:
    found = MEMBERS_OF.search(question)
    if not found:
        return False
    # 质量安全的关键岗位人员吗 -> 质量安全关键岗位: the particles and the 人员 the text may add are not the set's name.
    name = re.sub(r"(?:人员|人|吗|呢|吧|啊)+$", "", found.group(1).replace("的", ""))
    return len(name) >= 2 and bool(re.search(rf"{re.escape(name)}[\u4e00-\u9fff]{{0,4}}(?:包括|包含|是指|分为)",
                                             text.replace("的", "")))


# 分几级 / 有几个级别 asks how something is divided: a list that says 分为 answers it.
KINDS_ASKED = re.compile(r"分(?:为|成)?(?:几|哪几|哪些|多少)个?(?:级|类|种|等级|级别|类别)|(?:几|多少)个?(?:等级|级别|类别)")
DIVIDES = re.compile(r"分为|分成|划分为")
# A term the question quotes (“存在缺陷的医疗器械产品”) is the one the list defines (本办法所称X包括：).
QUOTED = re.compile(r"[“\"「『]([^”\"」』]{3,30})[”\"」』]")
DEFINES = r"所称{0}|{0}(?:包括|是指|指|分为|有)"
# A heading with or without the number it opens with (二、 / 3. / （一）).
SECTION_NUMBER = rf"(?:{ITEM_NUMBER.pattern})?"


def _title(clause) -> str:
    """What a part under a heading is called: its first line up to its colon (（一）产品设计变更情况：…)."""
    first = clause.text.splitlines()[0].strip()
    numbered = ITEM_NUMBER.match(first)
    first = first[numbered.end():].strip() if numbered else first
    return first.split("：")[0] if "：" in first else first


def lead_names(opening: str, noun: str) -> bool:
    """Whether a list's opening says it lists ``noun``: 下列/以下 noun (履行下列义务：), noun 包括/分为 (结论分为),
    or noun closing it (…应当明确的部门：). A noun elsewhere in it (因违法行为…具有) is what it is about, not what it lists."""
    noun = re.escape(noun)
    return bool(re.search(rf"(?:下列|以下|如下|下述)[^，,。；;：:]{{0,6}}{noun}|{noun}[^，,。；;：:]{{0,4}}(?:包括|包含|分为|分成|有)"
                          rf"|{noun}[）)]?[：:]?\s*$", opening))


def asked_list_bonus(question: str, opening: str, nouns: tuple[str, ...] | None = None) -> float:
    """How much more a list's opening line fits when it says what the question's form asks: the
    noun the question asks for (哪些部门 -> 明确下列部门的职责：), the term the question quotes as what
    it defines, or 分为 for a question asking how many kinds."""
    nouns = asked_nouns(question) if nouns is None else nouns
    bonus = LIST_FORM if any(lead_names(opening, noun) for noun in nouns) else 0.0
    # “有缺陷” is defined by 本办法所称存在缺陷的…产品包括: the sentence that says 所称 of its head word.
    if any(re.search(DEFINES.format(re.escape(q)), opening) or re.search(rf"所称[^，,。：:]*{re.escape(q[-2:])}", opening)
           for q in QUOTED.findall(question)):
        bonus += LIST_FORM
    if any(re.fullmatch(rf"{SECTION_NUMBER}{re.escape(q)}", opening) for q in QUOTED.findall(question)):
        bonus += LIST_FORM  # the heading the question quotes (“年度重要变更情况”) over the parts asked for
    if KINDS_ASKED.search(question) and DIVIDES.search(opening):
        bonus += LIST_FORM
    if defines_members(question, opening):
        bonus += LIST_FORM
    return bonus


# What a list is of, by the noun its lead-in closes on, and how a question asks for that kind: what a
# post holder must be (符合以下条件) and what he must do (履行以下职责) are different lists, and what a
# bureau looks at when it inspects (重点检查) answers only a question about inspecting.
LIST_KINDS = {
    "qualification": (re.compile(r"(?:下列|以下|如下)[^，,。：:]{0,4}(?:条件|资格|资质)"),
                      re.compile(r"条件|资格|资质|门槛|够格|够不够|能当|能不能当|任职要求|什么样的人|学历|经验")),
    "duty": (re.compile(r"(?:下列|以下|如下)[^，,。：:]{0,4}(?:职责|义务)"),
             re.compile(r"干(?:的)?活|(?:干|做|管)(?:什么|啥|哪些|些什么|些啥)|职责|义务|任务|分内|(?:负责|承担)(?:什么|哪些|啥)")),
    "inspection": (re.compile(r"重点(?:检查|核查)|检查(?:要点|重点)"),
                   re.compile(r"(?<!自)查|飞检|监管|监督|药监|执法")),
}


def other_kind(question: str, opening: list[str]) -> bool:
    """Whether a list's lead-in says it is of a kind the question does not ask for: conditions asked
    what the post holder does, duties asked what he must be, or inspection points asked about a report's
    parts. A question that asks no kind (有哪些规定) is answered by any."""
    asked = {kind for kind, (_, asks) in LIST_KINDS.items() if asks.search(question)}
    for kind, (lead, _) in LIST_KINDS.items():
        if kind in asked or not any(lead.search(line) for line in opening):
            continue
        if kind == "inspection" or asked:
            return True
    return False


# 是不是在目录里 / 在不在…目录 / 属不属于 / 列没列入: a question about what a catalog lists.
MEMBERSHIP = re.compile(r"(?:在不在|是不是(?:也)?(?:在|列在|列入|属于)|属不属于|是否(?:在|列在|列入|属于)|列没列|有没有列)"
                        r"[^，,。？?]{0,16}(?:目录|名单|清单|范围)")


# 可以免予 / 免于: a rule that exempts.
EXEMPTS = re.compile(r"免[予于]")


def _exemption_kind(record) -> str:
    """The narrower kind an exempting rule is for, when it names one by what sets it apart (…不受流通过程影响的第二类
    医疗器械): the part of its sentence before its modal word that holds a 的; "" otherwise."""
    head = record.sentence[:record.sentence.find(record.modal)] if record.modal in record.sentence else ""
    part = re.split(r"[，,；;]", head.rstrip("，,"))[-1] if head else ""
    part = re.sub(r"^(?:对于?|凡)", "", part)
    return part if "的" in part else ""


def _exemption(record) -> str:
    """An exempting rule's case and what it exempts from, in its words (…的第二类医疗器械，可以免予经营备案)."""
    return f"{_exemption_kind(record)}，{record.modal}{record.action}"


def permission_first(frame: Frame, best: Match, found: list[Match]) -> Match:
    """"May we not do X?" and "is X mandatory?" are asked where a rule leaves X open: a permission,
    an encouragement or a "need not" that matches nearly as well as the best rule answers it
    (可以自行销售，也可以委托…销售 over 应当加强对销售人员的培训; 鼓励通过购买商业保险… over a local
    rule that requires it)."""
    if not (frame.negated or frame.asks_strength) or best.record.modality in ("may", "no_need", "encouraged"):
        return best
    close = [m for m in found if m.record.modality in ("may", "no_need", "encouraged") and m.fit >= MIN_MATCH
             and (m.score >= best.score - CLOSE or m.fit >= best.fit)]
    return close[0] if close else best


# What a catalog entry excepts: …（A、B除外）, …（不含X的产品除外）.
CATALOG_EXCEPTION = re.compile(r"[（(]([^）)]*?)除外[）)]")


def excepted(entry: str, question: str) -> bool:
    """Whether the question names what a catalog entry excepts (:data:`CATALOG_EXCEPTION`): a product it names,
    or the material it excepts products without (不含动物源性材料的产品, asked of one 没有动物源成分 / 全合成、不含动物源)."""
    for found in CATALOG_EXCEPTION.finditer(entry):
        for piece in re.split(r"[、，,及和或]", found.group(1)):
            piece = re.sub(r"的?(?:产品|器械)$", "", piece.strip())
            if len(piece) >= 3 and piece in question:
                return True
        for without in re.findall(r"不含([^的）)]{2,})", found.group(1)):
            for material in re.split(r"或者|或|和|、", without):
                stem = material.strip()[:3]
                if len(stem) >= 2 and re.search(rf"(?:没有|不含|无|非|不是|不带|不用)[^，,。？?]{{0,6}}{stem}", question):
                    return True
    return False


def _own_parts(records):
    """Each rule with its own part of the sentence: from where the rule before it in the
    same sentence ends to where it ends, plus its items (无需办理…许可 keeps its subject
    注册人…销售其注册的医疗器械; 但应当符合… is the next rule's part)."""
    ends: dict[tuple[int, str], int] = {}
    for record in records:
        key = (record.start, record.sentence)
        begin = ends.get(key, 0)
        end = record.span_end or len(record.sentence)
        part = record.sentence[begin:end] if end > begin else record.sentence
        ends[key] = max(begin, end)
        yield record, " ".join((part, record.topic, record.action, *record.items))


def _starts(text: str, part: str) -> list[int]:
    """Where ``part`` starts in ``text``, each time."""
    return [m.start() for m in re.finditer(re.escape(part), text)]


def _setting(record: Obligation) -> str:
    """The case a rule is about: what its sentence says before its modal word (创新医疗器械在首个注册
    周期内，应当…), without the last part where there are several (…批发业务的企业，销售记录还应当…: the
    last part names what the rule is about, not the case)."""
    at = record.sentence.find(record.modal) if record.modal else -1
    if at <= 0:
        return record.condition
    parts = [p for p in re.split(r"[，,；;]", record.sentence[:at]) if p.strip()]
    return "，".join(parts[:-1] if len(parts) > 1 else parts)


def _bound(record: Obligation) -> str:
    """Whom a rule binds: the part of its sentence just before its modal word (持有人、经营企业和二级以上医疗机构
    应当注册… -> 持有人、经营企业和二级以上医疗机构), without a condition set before it (…的，); "" where it has none."""
    at = record.sentence.find(record.modal) if record.modal else -1
    return re.split(r"[，,；;：:]", record.sentence[:at])[-1].strip() if at > 0 else ""


def _case(record: Obligation) -> str:
    """The case a rule is for: its condition (…的), else what its sentence says before its modal word."""
    return record.condition or _setting(record)


def in_grade(question: str, case: str) -> bool:
    """Whether the question names a grade within a case's 「N级以上」 (三级医院 within 二级以上医疗机构)."""
    floors = [cn_to_int(m.group(1)) for m in GRADE_FLOOR.finditer(case)]
    grades = [cn_to_int(m.group(1)) for m in GRADE.finditer(question)]
    return any(g >= f for f in floors for g in grades)


def _same_action(one: str, other: str) -> bool:
    """Whether two rules' actions are the same act (办理经营许可或者备案 ~ 按照规定办理经营许可或者备案):
    nearly all the character pairs of the shorter are in the longer, and most of the longer's (重复使用 is
    not 具有…无法重复使用的证据)."""
    short, long = sorted((bigrams(one), bigrams(other)), key=len)
    shared = len(short & long)
    return len(short) >= 3 and shared >= SAME_ACTION * len(short) and shared >= SAME_ACTION_LONG * len(long)


def handing_over(frame: Frame, best: Match, found: list[Match], moved_to: set[str]) -> Match:
    """A question that names another party as the one something is handed to (交给/委托/让
    受托生产企业…, ``moved_to``: the parties it names so) asks whether the duty may be handed over:
    where the matched rule's clause also forbids that (应当由注册人自行完成，不得委托其他企业), the
    prohibition decides."""
    if not moved_to or best.record.negative:
        return best
    # Only a prohibition of what is asked (不得委托…上市放行), not any 不得 of the clause (目录中的产品不得委托生产
    # asked whether to send staff to the manufacturer).
    same = [m for m in found if m.clause.id == best.clause.id and m.record.negative and m.fit >= MIN_MATCH
            and frame.objects]
    # A ban on handing the act over (不得委托其他企业…, 不得通过质量协议…转移) decides from any of the top
    # clauses: a guide's steps for the act (委托方应当…审核…后方可上市放行) say who does it, not whether it may
    # move, while the rule that forbids moving it often sits in another text. Not a ban held by the one
    # it would be handed to (受托生产企业不得再次委托 asked whether the registrant may hand it over). A question
    # about not doing it once handed over (交给工厂了，注册人就可以不管了吧) is answered by the duty itself, and
    # naming the duty's own holder (只能由注册人自行生产吗) hands nothing over.
    others = moved_to - set(best.record.holders)
    moved = [m for m in found if others and not frame.negated and m.rank < 3 and m.record.modality == "must_not"
             and m.fit >= MIN_MATCH and HANDS_OVER.search(m.record.action) and not others & set(m.record.holders)]
    return (same or moved or [best])[0]


def _asked_about(frame: Frame) -> tuple[str, ...]:
    """The party a yes/no question is about when its rule names no holder: the one it names as
    acting; failing that, the registrant (not a party named only as the one handed something:
    这个能找代工厂做吗 asks what the registrant may do)."""
    return frame.actor or _DEFAULT_HOLDER


def _holders(match: Match) -> tuple[str, ...]:
    """The rule's holders; else those of another rule of its sentence (产品上市放行应当由注册人
    自行完成，不得委托其他企业上市放行: the 不得 part names no one, the sentence names the
    registrant); else the subjects the duty annotation gives the sentence (it reads holders a
    sentence implies: a lead-in several sentences up, the addressee of a work plan)."""
    if match.record.holders:
        return match.record.holders
    same = [r for r in match.clause.obligations if r.sentence == match.record.sentence and r.holders]
    if same:
        return same[0].holders
    sentence = match.record.sentence.strip()
    duty = next((d for d in match.clause.duties if d.subjects and d.modality != "none"
                 and (sentence in d.sentence or d.sentence.strip() in sentence)), None)
    return duty.subjects if duty is not None else ()


def stated_holders(match: Match) -> tuple[str, ...]:
    """The rule's holders if its own sentence names a holder; () where the duty annotation finds
    no subject in it (…名称文字性变化的，无需申请变更备案: the records carry the holder of the
    sentence before, which a rule about something else need not share)."""
    sentence = match.record.sentence.strip()
    own = [d for d in match.clause.duties if d.sentence.strip() == sentence]
    return match.record.holders if not own or any(d.subjects for d in own) else ()


# 留存备查 / 存档备查: a document the holder keeps for inspection, not one it hands in (提交, 报送, 交给…).
KEPT = re.compile(r"(?:留存|存档|留档|保存|保留)备查")
HANDED_IN = re.compile(r"提交|上交|递交|送交|交给|交到|交至|报给|报送|上报|报到")
# …由持有人 at the end of a rule's topic (…报告由持有人留存备查): who keeps it, not what is kept.
RULE_DOER_TAIL = re.compile(r"由[^，,；;]{1,16}$")
# A question that offers something as enough (…就够了吧, 只要…就行吗, or the claim …就够了 followed by a
# question whether that complies: …就够了，这样合规吗) asks whether the rule asks for more.
# 其中，导致死亡的还应当… / 其中…的，还应当…: the next sentence adds to the duty before it for some of its cases.
ADDS_FOR_CASES = re.compile(r"^其中[，,]([^。；]{0,30}?的)[，,]?还(?:应当|应|须|需)")
SUFFICES = re.compile(r"就(?:行|够|可以|完事|得了|算完)(?:了)?(?:[吧吗么嘛？?]|[，,；;][^。？?]{0,16}(?:吗|吧|么|嘛|[？?]))"
                      r"|就算(?:完成|尽到|履行|做到)[^，。？?]{0,6}(?:吗|吧|么|[？?])|只要[^，。？?]{1,20}就(?:行|够|可以)|只需(?:要)?[^，。？?]{1,20}(?:吗|吧|[？?])")
# How often: 每季度至少听取一次, 一年听一次, 半年做一回, 每月两次 (the period, then the count). Read at
# answer time only, so it lives here, not in ingest.grammar (whose changes re-annotate every index).
_PER_YEAR = {"年": 1, "半年": 2, "季度": 4, "季": 4, "月": 12, "周": 52, "星期": 52}
RATE = re.compile(r"(?<![一二两三四五六七八九十\d])(?:每|一)?个?(半年|年|季度|季|月|周|星期)(?:至少|不少于)?"
                  r"[^，,。；;？?\d]{0,10}?([一二两三四五六\d]+)[次回遍]")


def times_a_year(text: str) -> tuple[float, str] | None:
    """How many times a year a text says something is done, and the words that say it; None if it says no rate."""
    found = RATE.search(text)
    if not found:
        return None
    try:
        count = cn_to_int(found.group(2).replace("两", "二"))
    except ValueError:
        return None
    return count * _PER_YEAR[found.group(1)], found.group(0)


# A question that states its own time (三天内…来得及吗, 还有三个月才到期…) asks whether that time keeps the limit.
LATE = re.compile(r"来得及|来不及|赶得上|赶不上|还有|再有|剩|才|拖|晚|超过|逾期|推迟|延迟|就行|够|到期")


# 应当立即暂停销售或者使用 / 应当中止采购 / 应当停止生产: a duty to halt.
HALT = re.compile(r"暂停|中止|停止|终止")


def halts(record: Obligation) -> bool:
    """Whether a rule is a duty to halt something (应当立即暂停…使用, 应当中止采购)."""
    return record.modality == "must" and bool(HALT.search(record.action))


def halt_first(frame: Frame, best: Match, found: list[Match]) -> Match:
    """"May we carry on (先接着用, 继续进货)?" is answered by a duty to halt that matches the question
    nearly as well as the best rule: it is what says no to going on."""
    if not frame.carries_on or halts(best.record):
        return best
    return next((m for m in found if halts(m.record) and m.fit >= MIN_MATCH
                 and m.score >= best.score - 2 * CLOSE), best)


def timed_first(frame: Frame, best: Match, found: list[Match]) -> Match:
    """A question that states a time is answered by a close rule that sets one."""
    if not spans(frame.question) or spans(best.record.sentence):
        return best
    close = [m for m in found if spans(m.record.sentence) and m.fit >= MIN_MATCH and m.score >= best.score - 2 * CLOSE]
    return close[0] if close else best


# 下个月就到期 / 还有半年: a time the question states without a count of whole units.
RELATIVE_SPAN = {"下个月": "一个月", "下月": "一个月", "下周": "一周", "下个星期": "一个星期", "下星期": "一个星期",
                 "半年": "六个月", "半个月": "十五天"}
RELATIVE_TIME = re.compile("|".join(sorted(RELATIVE_SPAN, key=len, reverse=True)))
# 两个半月: whole months and a half.
AND_A_HALF = re.compile(r"([一二两三四五六七八九十\d]+)个半月")


def counted(question: str) -> str:
    """The question with the times it states without a count of whole units (下个月, 半年, 两个半月) said as
    :func:`~ingest.grammar.spans` counts them (一个月, 六个月, 75天)."""
    def half(m: re.Match) -> str:
        try:
            return f"{cn_to_int(m.group(1).replace('两', '二')) * 30 + 15}天"
        except ValueError:
            return m.group(0)
    return RELATIVE_TIME.sub(lambda m: RELATIVE_SPAN[m.group(0)], AND_A_HALF.sub(half, question))


def before_window(text: str, limit) -> tuple[tuple[float, str], tuple[float, str]] | None:
    """届满前90个工作日至30个工作日期间: a window counted back from a date, as ((days, words) of its near end,
    (days, words) of its far end), where ``limit`` (a match of :func:`spans`) is one of its two ends; else None."""
    found = spans(text)
    for (one, _, a), (other, _, b) in zip(found, found[1:]):
        if text[a.end():b.start()].strip() in ("至", "到", "－", "-", "～", "~") and text[:a.start()].endswith("前") \
                and limit.start() in (a.start(), b.start()):
            ends = sorted([(one, a.group(0)), (other, b.group(0))])
            return ends[0], ends[1]
    return None


def asked_limit(question: str, text: str):
    """Of the time limits a text sets (一级召回1日内，二级召回3日内… / 导致死亡的7日内；导致严重
    伤害的20日内), the one whose words just before it the question shares most; the first on a tie."""
    limits = spans(text)
    if not limits:
        return None

    def shared(limit) -> int:
        before = text[max(0, limit[2].start() - 12):limit[2].start()]
        return sum(1 for a, b in zip(before, before[1:]) if a + b in question)
    return max(limits, key=shared)


# 每满一年后的60日内: a limit counted from the end of another span, which is one limit, not two.
COMPOUND_LIMIT = re.compile(rf"(?:每满?)?{SPAN.pattern}的{SPAN.pattern}")


def compound_limit(text: str, limit: re.Match) -> str:
    """The limit ``limit`` of ``text`` in full: with the span it is counted from where it is one of a compound
    (每满一年后的60日内, not 一年后 or 60日内 alone); else the limit as it stands."""
    whole = next((m for m in COMPOUND_LIMIT.finditer(text) if m.start() <= limit.start() < m.end()), None)
    return whole.group(0) if whole else limit.group(0)


def timed_act(record: Obligation) -> str:
    """The deed a rule's time limit times: the words after the limit up to the next comma (每年至少开展一次检查 ->
    检查; 按季度报告…情况 -> 报告…情况), the part after it where the limit closes its own (30个工作日内，向原发证部门
    申请… -> 向原发证部门申请…), or what the rule is about where the limit ends it (植入类…记录应当永久保存)."""
    text = record.action
    at = text.find(record.deadline) if record.deadline else -1
    if at < 0:
        return text
    after = [p for p in re.split(r"[，,；;。]", text[at + len(record.deadline):]) if len(p) >= 2]
    return after[0] if after else record.topic + re.split(r"[，,；;。]", text[:at])[-1]


# The case a time limit belongs to: the words before it back to the last comma (一级召回应当在1日内 ->
# 一级召回; 导致死亡的应当在7日内报告 -> 导致死亡), without the modal and linking words.
_CASE_TAIL = re.compile(r"(?:的)?(?:还)?(?:应当|应|须|必须|需要|要)?(?:在|于)?(?:自[^，,；;]{0,12}起)?$")


def _whole_sentence(text: str, sentence: str) -> str:
    """The sentence a rule is part of, from its opening through its 。: a rule split at ；
    (…导致死亡的…7日内报告；导致严重伤害…的…20日内报告。) reads its cases with the parts before it."""
    start = text.find(sentence)
    if start < 0:
        return sentence
    opens = max(text.rfind("。", 0, start), text.rfind("\n", 0, start)) + 1
    lead = ARTICLE_HEAD.sub("", text[opens:start].lstrip())
    numbered = ITEM_NUMBER.match(lead)
    if numbered and not numbered.group(0).strip().isdigit():  # 4.不良事件报告时限… (not the 30 of 30日内)
        lead = lead[numbered.end():]
    return lead + _full_sentence(text, sentence)


def _full_sentence(text: str, sentence: str) -> str:
    """The sentence through its 。: rules split at ； (导致死亡的…7日内报告；导致严重伤害的…20日内报告。)
    are one sentence for the cases they set."""
    start = text.find(sentence)
    if start < 0:
        return sentence
    end = text.find("。", start)
    return text[start:end + 1 if end >= 0 else len(text)]


def passage(text: str, sentence: str) -> str:
    """What an answer quotes of a rule: its sentence through the 。 (a rule split at ； keeps the
    rest of its sentence: 应当立即采取整改措施；可能影响…的，应当立即停止生产活动), and the clause's
    next sentence where that one reads on from it (:func:`sequel`; a sentence of the next paragraph
    is quoted apart: 「…」「…」), and the sentence before where that one names the rule's subject
    (:func:`prequel`). Verbatim from ``text``."""
    whole = _full_sentence(text, sentence)
    start = text.find(whole)
    if start < 0:
        return sentence
    rest = text[start + len(whole):]
    after = sequel(rest, whole)
    if after and "\n" in rest[:len(rest) - len(rest.lstrip())]:
        return f"{whole}」「{after}"
    return prequel(text[:start], whole) + whole + after


# A paragraph up to this long is quoted whole as an answer's basis (:func:`quotation`).
PARAGRAPH_MAX = 240


def quotation(text: str, sentence: str) -> str:
    """What an answer quotes as the rule it rests on: the rule's whole paragraph where it is short
    (:data:`PARAGRAPH_MAX`), so the rule comes with its cases, its exception and the duties beside it
    (企业应当配备…关键岗位人员。…应当为企业的全职人员。…应当熟悉医疗器械相关法律法规…); else the :func:`passage`, as
    where that reads on into the next paragraph (two pieces, not in the text as one). Verbatim from ``text``,
    without the article's number (第十七条)."""
    part = passage(text, sentence)
    start = text.find(part)
    if start < 0:
        return part
    opens = text.rfind("\n", 0, start) + 1
    ends = text.find("\n", start)
    paragraph = ARTICLE_HEAD.sub("", text[opens:len(text) if ends < 0 else ends].strip())
    return paragraph if part in paragraph and len(paragraph) <= PARAGRAPH_MAX else part


# What every rule's text says: a run of these shared by two sentences does not tie them. (A place's
# bureau named again does: 注册人所在地省局开展调查评估… 确认…的，注册人所在地省局应当… goes on with its part.)
_COMMON = re.compile(r"医疗器械|药品监督管理部门|省、自治区、直辖市|注册人|备案人|受托生产企业|生产企业|应当|[，、；：（）]")
# A run of this many characters (after the common words) shared with the rule ties a sentence to it.
SEQUEL_RUN = 4
# A next sentence longer than this is left to its own citation: the answer stays short.
SEQUEL_MAX = 120
# A paragraph that refers to the one before it (存在前款规定情形的 / 属于前款规定的…事项).
PREVIOUS_PARAGRAPH = re.compile(r"前款")
# A sentence of the same paragraph that goes on with the rule's duty: it has no subject of its own and
# opens with its modal word (原则上应当指定…), adds to the duty (除…外，还应当… / 同时应当 / 也应当), or
# points back at what the rule named (上述资料 / 前述事项): the second half of what must be done.
READS_ON = re.compile(r"^(?:原则上|同时|并且?|还|也|另外|此外)?(?:应当|必须|不得)"
                      r"|(?:还|同时|并|也|亦)(?:应当|应|须|必须)|上述|前述")


# Handing an act to another (可以委托受托生产企业开展自检 / 交由有资质的机构检验).
DELEGATES = re.compile(r"委托|交由|交给")


def _handed_to(sentence: str, after: str) -> bool:
    """Whether the next sentence opens with the one the rule hands its act to (…可以委托受托生产企业开展
    自检…。受托生产企业自检能力应当符合…): it says what that one must meet, the other half of the handing."""
    modal = MODAL.search(after)
    opening = after[:modal.start()] if modal else ""
    for found in DELEGATES.finditer(sentence):
        handed = sentence[found.end():]
        shared = next((n for n in range(min(len(handed), len(opening)), 0, -1) if handed[:n] == opening[:n]), 0)
        if shared >= 3:
            return True
    return False


def prequel(before: str, sentence: str) -> str:
    """The sentence before a rule's in its paragraph (``before`` is the clause text before the rule) when
    the rule's subject is what that one ends on (…应当在企业高层管理人员中确定一名管理者代表。管理者代表
    应当是…全职员工): it says who must have one and of whom, the rule what it must be. Else ""."""
    if not before.endswith("。"):
        return ""
    previous = before[max(before.rfind("。", 0, len(before) - 1), before.rfind("\n")) + 1:]
    previous = ARTICLE_HEAD.sub("", previous.lstrip())
    modal = MODAL.search(sentence)
    subject = sentence[:modal.start()] if modal else ""
    if len(previous) > SEQUEL_MAX or len(subject) < 3 or _COMMON.fullmatch(subject):
        return ""
    return previous if previous[:-1].endswith(subject) else ""


def sequel(rest: str, sentence: str) -> str:
    """The sentence after a rule's (``rest`` is the clause text after it), when it reads on from
    the rule, else "": it opens (before its own modal word) with a case that names the rule's act
    again (or, with no modal word, states that act for another case), so it says what follows where
    the act is late, missing or needed after all (逾期未提出延续申请的，不再受理 /
    确需委托检验的项目，可以委托…); or it is the part of the one the rule reports to (…向注册人所在地
    省级药品监督管理部门报告。注册人所在地省级药品监督管理部门应当…); or, in the same paragraph, it
    goes on with the duty (:data:`READS_ON`: 原则上应当指定… / 还应当附有… / 应当确保上述资料…); or it
    opens the next paragraph and refers to the rule's as 前款 (受托生产企业…发现…存在前款规定情形的，应当…)."""
    body = rest.lstrip()
    end = body.find("。")
    if end < 0 or not body[:end].strip() or "\n" in body[:end] or end + 1 > SEQUEL_MAX:
        return ""
    after = body[:end + 1]
    next_paragraph = "\n" in rest[:len(rest) - len(body)]
    if next_paragraph and PREVIOUS_PARAGRAPH.search(after):
        return after
    if not next_paragraph and (READS_ON.search(after) or _handed_to(sentence, after)):
        return after
    modal = MODAL.search(after)
    before = after[:modal.start()] if modal else after
    # (产品上市放行、生产放行的记录保存期限，应当… names the act too, but sets no case: it is about records.
    # One with no modal word states the same act for another case: 进口…注册人由其代理人向…提交自查报告.)
    sets_case = modal is None or any(CONDITION_PART.search(p.strip()) for p in re.split(r"[，,]", before) if p.strip())
    opening = _COMMON.sub("|", before)
    own = _COMMON.sub("#", sentence)  # (another mark: the gaps never match each other)
    run = SequenceMatcher(None, opening, own, autojunk=False).find_longest_match(0, len(opening), 0, len(own))
    if sets_case and run.size >= SEQUEL_RUN:
        return after
    told = RECIPIENT.search(sentence)
    return after if told and after.startswith(told.group(1)) else ""


def time_cases(sentence: str) -> list[tuple[str, str]]:
    """The cases of a sentence that sets one time limit per case (一级召回…1日内，二级召回…3日内 /
    导致死亡的…7日内；导致严重伤害…的…20日内): (case, limit) in order; [] when it sets fewer than two
    or the cases cannot be told apart."""
    out = []
    for _, kind, match in spans(sentence):
        start = max(sentence.rfind(mark, 0, match.start()) for mark in "，,；;。：:")
        case = _CASE_TAIL.sub("", sentence[start + 1:match.start()]).strip()
        if kind != "within" or len(case) < 2 or len(case) > 30 or MODAL.search(case) or spans(case):
            return []  # 每满一年后的60日内: one limit counted from a time, not two cases
        out.append((case, match.group(0)))
    return out if len(out) > 1 and len({case for case, _ in out}) == len(out) else []


# 分别 / 各几天 asks of each case a question names (死亡的和严重伤害的各几天内报).
EACH_CASE = re.compile(rf"{EACH.pattern}|各(?:几|多)")


def _case_share(question: str, case: str) -> float:
    """The share of a case's character pairs a question has."""
    pairs = {pair for pair in bigrams(case) if all("\u4e00" <= c <= "\u9fff" for c in pair)}
    return sum(1 for pair in pairs if pair in question) / len(pairs) if pairs else 0.0


def singled_out(question: str, cases: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The case, with its limit, that the question names more fully than every other (二级召回几天内
    通知 -> 二级召回; 导致死亡的事件 -> 导致死亡, not 导致严重伤害…或者死亡): the share of a case's
    character pairs it has. None when no case is named more fully than the rest, or when the question
    asks of each case it names (死亡的和严重伤害的分别几天报)."""
    if EACH_CASE.search(question):
        return None
    ranked = sorted(cases, key=lambda c: -_case_share(question, c[0]))
    return ranked[0] if _case_share(question, ranked[0][0]) > _case_share(question, ranked[1][0]) else None


def names_cases(question: str, cases: list[tuple[str, str]]) -> bool:
    """Whether a question names the case of one limit (:func:`singled_out`), or asks of each of
    several it names (分别, 各): a sentence that sets those limits answers it."""
    if EACH_CASE.search(question):
        return sum(1 for case, _ in cases if _case_share(question, case) > 0) >= 2
    return singled_out(question, cases) is not None


def in_time(frame: Frame, record: Obligation) -> tuple[str, str] | None:
    """Whether the time a yes/no question states keeps the rule's limit: within 1日 (一级召回)
    is not kept by three days; 6个月前 (apply before expiry) is not kept with three months left.
    Of several limits in a sentence (一级1日内，二级3日内…) the one whose words the question
    shares is taken. None when the question states no time or the rule sets none."""
    asked = spans(counted(frame.question))
    if not frame.yes_no or frame.negated or not asked:
        return None
    days, _, said = asked[0]
    if not (said.group(3) or LATE.search(frame.question)):
        return None
    chosen = asked_limit(frame.question, record.sentence)
    if chosen is None:
        return None
    limit_days, kind, limit = chosen
    window = before_window(record.sentence, limit)
    if window is not None:
        (near, near_words), (far, far_words) = window
        if near <= days <= far:
            return "yes", f"可以：条文要求在到期前{far_words}至{near_words}期间提出，所问的{said.group(0)}在这一期间之内。"
        return "no", (f"不行：条文要求在到期前{far_words}至{near_words}期间提出，所问的{said.group(0)}"
                      f"{'已不够提前' if days < near else '还未到这一期间'}。")
    if record.sentence[:limit.start()].endswith("前"):
        kind = "before"  # 届满前30日: counted back from the date, as 30日前 is
    kept = days >= limit_days if kind == "before" else days <= limit_days
    if kept:
        return "yes", (f"可以：条文时限是{limit.group(0)}，所问的{said.group(0)}"
                       f"{'早于这一要求' if kind == 'before' else '在时限之内'}。")
    return "no", (f"不行：条文时限是{limit.group(0)}，所问的{said.group(0)}"
                  f"{'不够提前' if kind == 'before' else '超出了时限'}。")


def held_by_another(frame: Frame, record: Obligation, acted_on: set[str] = frozenset()) -> bool:
    """Whether a duty the question asks of one of the two firms is the other's (上市放行由注册人
    负责, asked whether the manufacturer may do it). Not when "must" is asked with a party the duty
    acts on (``acted_on``: 要求受托方提交…): that asks about the holder's duty towards it."""
    holders, actor = set(record.holders), set(frame.actor)
    must = frame.slot == "whether_must"
    return bool(holders and actor and not holders & actor and holders <= set(_MAIN_PAIR) and actor <= set(_MAIN_PAIR)
                and not (must and actor & set(acted_on))
                and not record.negative and record.modality in ("must", "default_rule"))


def verdict_for(frame: Frame, record: Obligation, acted_on: set[str] = frozenset()) -> tuple[str, str]:
    """The yes/no a question gets from the rule that matches it, and its plain words.

    The modality decides, not any modal word in the quote: 无需X，但应当Y asked about X is
    "no"; 鼓励 is not a requirement; 可以 answers "may" yes and "must" no. A duty the rule
    gives another party (上市放行由注册人负责, asked whether the manufacturer may/must) is "no";
    but "must" asked with a party the duty acts on (``acted_on``: 要求受托方提交…, 入驻受托生产
    企业) asks about the holder's duty towards it (要不要让代工厂交…), while "may" asks whether
    that party may take the duty on (放行让代工厂做行不行: no).
    A question about not doing it (可以不…吗) turns the answer round."""
    must = frame.slot == "whether_must"
    modality = record.modality
    if held_by_another(frame, record, acted_on):
        who = "、".join(_SHORT.get(p, p) for p in record.holders)
        return "no", f"{'不需要' if must else '不可以'}。该事项由{who}负责。"
    if CAP.search(record.action) and not frame.negated and EXCEEDS.search(frame.question):
        # 协议签二十年、长过注册证的有效期可以吗 over 原则上质量协议有效期限不超过…有效期限: what the question
        # proposes goes beyond the limit the rule sets.
        return "no", f"{'原则上' if modality == 'default_rule' else ''}不可以：条文规定{record.action}。"
    if modality == "default_rule":
        verdict, words = ("no", "原则上不可以。") if record.negative else ("yes", "原则上应当。")
    elif modality == "must":
        verdict, words = "yes", ("需要。这是应当履行的义务。" if must else "可以，而且应当。")
    elif modality == "must_not":
        verdict, words = "no", "不可以。条文规定不得为之。"
    elif modality == "no_need":
        # 在住所销售…无需办理经营许可, asked whether one may sell there: yes, and without it.
        verdict, words = ("no", "不需要。条文规定无需为之。") if must else ("yes", f"可以。条文规定无需{record.action}。")
    elif modality == "may":
        verdict, words = ("no", "不是必须。条文规定可以（允许但不强制）。") if must else ("yes", "可以。")
    else:  # encouraged
        verdict, words = ("no", "不是必须。这是鼓励性规定，不是强制要求。") if must else ("yes", "可以，而且受鼓励。")
    if frame.negated:
        # 可以不…吗: "no, it must be done" only where the rule is a duty; what the rule only
        # permits, encourages, spares or forbids need not be done. A ban on passing a duty on
        # (不得通过协议转移…责任) is a duty to keep it: 交给代工厂了，注册人就可以不管了吧 is answered no.
        kept = modality == "must_not" and bool(KEEPS_DUTY.search(record.action))
        duty = modality == "must" or (modality == "default_rule" and not record.negative) or kept
        verdict = "no" if duty else "yes"
        words = ("不可以。条文规定这一责任不得转给他方，仍须自己履行。" if kept else
                 "不可以不做。这是应当履行的义务。") if duty else "可以不做。" + {
            "may": "条文规定可以（允许但不强制）。", "encouraged": "这是鼓励性规定，不是强制要求。",
            "no_need": "条文规定无需为之。", "must_not": "条文规定不得为之。"}.get(modality, "")
    return verdict, words


# A limit a rule sets (有效期限不超过…有效期限, 不得超过…).
CAP = re.compile(r"不(?:得|应|能)?(?:超过|超出|多于|长于|晚于|高于)[^，。；;]{1,40}")
# 比注册证有效期还长 / 超过三年 / 长于…: the question proposes going beyond something.
EXCEEDS = re.compile(r"比[^，,。；？?]{1,16}(?:还|更)(?:长|久|多|晚|高|大)|超过|超出|长于|多于|晚于|超了")


# What closes an exception (…的情形除外), leaving the case it names.
EXCEPTED_CASE = re.compile(r"的?(?:情形|情况)?除外$")


# 一般不得 / 原则上不得 / 通常不得: a ban made as a rule, which a permission of the same clause may except.
HEDGED = re.compile(r"(?:一般|原则上|通常)(?:情况下)?(?:不得|不应|不能)")


# 不得通过协议转移…义务和责任 / 不得推卸: what a rule forbids is giving a duty up.
KEEPS_DUTY = re.compile(r"转移|推卸|推诿")


# 不得委托其他企业… / 不得通过质量协议…转移: what a ban forbids is handing the act to another party.
HANDS_OVER = re.compile(r"委托|转移|转让|转嫁|交由|代为")


# 受托生产企业不填写… / …不适用 / 经营企业无需…: a part of a duty's sentence that spares a party named before it.
SPARES = re.compile(r"不(?:填写|填报|适用|需要|必)|无需|无须|免于|免予")

# The rule's own words for what follows a case, where no modal word answers: 逾期未提出延续申请的，不再受理其
# 延续申请 refuses a late filing; 逾期未作决定的，视为准予延续 deems a status (and 视为放弃 a lapse).
REFUSED = re.compile(r"逾期[^。；;]{0,30}(?:不再|不予)(?:受理|办理|延续|批准)")
# 过了期限还能补吗 / 晚了几天还能申请吗 / 错过了还可以交吗: the question asks about doing it late.
LATE_ASKED = re.compile(r"过了|逾期|超期|晚了|迟了|错过|过期|已经?到期|补(?:交|报|办|提|申请|上)?")
# 还受理吗 / 还来得及吗 / 还会批吗: asked whether it still goes, whatever the modal word of the question.
STILL = re.compile(r"还(?:会|能|可以|可不可以|来得及|赶得上|受理|批|行|算)")
DEEMED = re.compile(r"视为([^，,。；;]{2,12})")
DEEMED_LAPSE = re.compile(r"放弃|撤回|拒绝|不予|未|无效|失效|终止|注销")
# 还有效吗 / 算不算数 / 会不会失效 / 是不是作废了: the question asks what state something is in, and
# (LAPSED) whether it has lapsed.
STATUS = re.compile(r"有效(?!期)|失效|作废|无效|算数|还能用|还算")
LAPSED = re.compile(r"失效|作废|无效|过期|不能用|(?<!算)不算")


# 第十七条 opening a clause's text: its heading, not part of what it says.
ARTICLE_HEAD = re.compile(r"^第[一二三四五六七八九十百零\d]+条\s*")


def refused_first(frame: Frame, best: Match, found: list[Match]) -> Match:
    """Asked about doing it late (过期了还受理吗), the rule whose clause says what follows a late filing
    (逾期…不再受理) answers, when it fits the question as a rule must: not the duty of the bureau that receives
    filings in time (受理…申请的部门应当…作出决定)."""
    if not frame.yes_no or frame.negated or not LATE_ASKED.search(frame.question) or REFUSED.search(best.clause.text):
        return best
    return next((m for m in found if REFUSED.search(m.clause.text) and m.fit >= MIN_MATCH), best)


def own_outcome(frame: Frame, text: str) -> tuple[str, str, str] | None:
    """The verdict a clause's own words for what follows a case give a yes/no question about that case, where
    the clause's rules (its modal words) say only what is to be done: a "may" question about doing it late
    meets 逾期…不再受理 (no); a question about a status (还有效吗, 会失效吗) meets a deemed status (视为准予延续):
    yes where the two agree, no where they differ, and 不一定 where the deeming has an exception (除…外) and the
    question fears the other state. Returns (verdict, words, the sentence quoted with the one it follows
    from, verbatim), or None."""
    if not frame.yes_no or frame.negated:
        return None
    question = frame.question
    for paragraph in text.splitlines():
        sentences = re.findall(r"[^。]+。?", paragraph)
        for i, sentence in enumerate(sentences):
            said = ARTICLE_HEAD.sub("", "".join(sentences[max(i - 1, 0):i + 1]).strip())
            if (frame.slot == "whether_may" or STILL.search(question)) and REFUSED.search(sentence) \
                    and LATE_ASKED.search(question):
                return "no", f"不可以。条文规定{sentence.strip().rstrip('。')}。", said
            deemed = DEEMED.search(sentence)
            if deemed is None or not STATUS.search(question):
                continue
            lapses, feared = bool(DEEMED_LAPSE.search(deemed.group(1))), bool(LAPSED.search(question))
            unless = EXCEPTION_AROUND.search(said)
            outcome = sentence.strip().rstrip("。")
            if lapses == feared:
                return "yes", f"是。条文规定{outcome}" + (f"（{unless.group(0)}）。" if unless else "。"), said
            if unless:
                return "depends", f"不一定：条文规定{outcome}（{unless.group(0)}），有除外情形的则不然。", said
            return "no", f"不会。条文规定{outcome}。", said
    return None


# 由质量管理部门负责人组织…: the one a rule names to do it.
RULE_DOER = re.compile(rf"由([\u4e00-\u9fff]{{2,16}}?)(?:{DOING})")


def bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _modal_words(record: Obligation) -> str:
    return {"must": "应当", "must_not": "不得", "may": "可以", "no_need": "无需", "encouraged": "鼓励",
            "default_rule": record.modal or "原则上"}.get(record.modality, "")


# Who a penalty question asks about, the one named last: a post inside the firm (管代会被罚吗) or the firm
# and its head (老板/公司会被罚吗).
_ASKED_POST = r"管代|管理者代表|质量(?:管理部门)?负责人|质量总监|质量副总|岗位(?:负责)?人员|关键岗位"
_ASKED_FIRM = r"老板|(?:企业|主要)负责人|法定代表人|法人|公司|企业|厂家|工厂"


def _asked_person(question: str) -> str | None:
    """"post" or "firm": which of the two a penalty question names last; None when it names neither. 他/她
    stands for a person, so for the post where one is named (管代尽职了，公司违法会罚他吗)."""
    found = list(re.finditer(rf"(?P<post>{_ASKED_POST})|(?P<firm>{_ASKED_FIRM})|(?P<he>(?<!其)[他她](?![们人]))",
                             question))
    named = [m.lastgroup for m in found if m.lastgroup != "he"]
    if found and found[-1].lastgroup == "he":
        return "post" if "post" in named else None
    return named[-1] if named else None


def _posts(lines: list[str]) -> set[str]:
    return {post for line in lines for post in PERSON.findall(line)}


def _lead_sentence(record: Obligation) -> str:
    """The lead-in up to its colon (the items follow as a list)."""
    found = LEAD_IN.search(record.sentence)
    return record.sentence[:found.end()] if found else record.sentence


def _topic(frame: Frame) -> str:
    return "是否需要" if frame.slot == "whether_must" else "是否可以"
