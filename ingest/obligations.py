"""Obligation records: every rule a normative sentence states, split into its parts.

A sentence such as ``不符合定义的，无需按不良事件报告，但应当按其他规定处理`` holds two rules
(no_need: 按不良事件报告; must: 按其他规定处理) with one condition. Answers need the parts:
a yes/no question is answered from the modality of the rule whose *action* matches what
is asked, a "when" question from that rule's deadline and trigger, a "which items" question
from the items under a lead-in (应当具备下列条件：（一）…（二）…). The records are made once
at ingest, from the duty annotation's holders and the one grammar in :mod:`ingest.grammar`,
and stored with the clause in the index.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ingest.duties import (DUTY_KIND, DutyAnnotator, Mention, _acting_subject, _subjects, with_conjuncts,
                           with_conjuncts_forward)
from ingest.grammar import (CONDITION_PART, EXCEPTION_AFTER, EXCEPTION_AROUND, EXCEPTION_CLOSING, ITEM_NUMBER, LEAD_IN, LIST_WORDS, MODAL,
                            QUOTED_TITLE, RECIPIENT, SANCTION, TRIGGER, deadline)
from ingest.records import Clause, Duty, Obligation

_BREAKS = "，,：:；;"
# The annotator's subject rules read a no-need phrase (无需X) like a permission: its holder stands before it.
_KIND_FOR_SUBJECTS = {**DUTY_KIND, "no_need": "permission"}
# Adverbs and manner phrases that open an action without being its verb.
_ADVERBS = re.compile(r"^(?:依法|及时|主动|严格|切实|认真|定期|持续|立即|统一|共同|分别|按照[^，,]{0,30}?(?:要求|规定)|"
                      r"在[^，,]{1,20}?(?:内|后|前))")
_VERB = re.compile(r"^[\u4e00-\u9fff]{2}")


class ObligationReader:
    """Reads the obligation records of annotated clauses (holders come from the duties)."""

    def __init__(self, annotator: DutyAnnotator | None = None):
        self.annotator = annotator or DutyAnnotator()

    def read_document(self, clauses: list[Clause]) -> list[Clause]:
        """Every clause with its records; a lead-in that closes its clause takes its items
        from the clauses nested under it (二、基本要素 … 应当包含以下内容： -> 二（一）, 二（二） …)."""
        out = [c.with_obligations(self.read(c)) for c in clauses]
        children: dict[str, list[Clause]] = {}
        for clause in out:
            parent = clause.id.rsplit("/", 1)[0]
            if parent != clause.id:
                children.setdefault(parent, []).append(clause)
        for i, clause in enumerate(out):
            records = list(clause.obligations)
            if records and records[-1].lead_in and not records[-1].items and children.get(clause.id):
                kids = tuple(_item_text(k.text).split("\n")[0] for k in children[clause.id] if k.normative)
                records[-1] = records[-1].with_items(kids)
                out[i] = clause.with_obligations(tuple(records))
        return out

    def read(self, clause: Clause) -> tuple[Obligation, ...]:
        if not clause.normative:
            return ()
        records: list[Obligation] = []
        carried: tuple[str, ...] = ()
        open_list: Obligation | None = None
        items: list[str] = []
        # 有下列情形之一的，由…处…罚款：(一)…未立即停止使用…: the cases of a penalty say what was done wrong, not what
        # is to be done; they are no rules of their own.
        colon = re.search(r"[：:]", clause.text)
        cases_from = colon.end() if colon and _PENALTY_LEAD.search(clause.text[:colon.end()]) else len(clause.text) + 1
        for duty in clause.duties:
            if duty.start >= cases_from:
                continue
            if open_list is not None:
                # Items of a lead-in: numbered lines, or ；-separated parts of its own line.
                prefix = clause.text[_line_start(clause.text, duty.start):duty.start]
                numbered = bool(prefix.strip()) and bool(ITEM_NUMBER.fullmatch(prefix))
                inline = bool(prefix.strip()) and not numbered and (not items or items[-1].endswith(("；", ";")))
                if numbered or inline:
                    items.append(duty.sentence)
                    # An item is also a rule of its own, held by the lead-in's holder.
                    records += self.read_sentence(duty, open_list.holders or carried)
                    if inline and duty.sentence.endswith("。"):
                        records = _close(records, open_list, items)
                        open_list, items = None, []
                    continue
                records = _close(records, open_list, items)
                open_list, items = None, []
            own = _under_opening(self.read_sentence(duty, carried), records)
            records += own
            if own and own[-1].holders:
                carried = own[-1].holders
            if own and own[-1].lead_in:
                open_list = own[-1]
                inline = _after_lead_in(duty.sentence)
                items = [inline] if inline else []
        if open_list is not None:
            records = _close(records, open_list, items)
        return tuple(records)

    def read_sentence(self, duty: Duty, carried: tuple[str, ...] = ()) -> list[Obligation]:
        """The records of one annotated sentence (``carried``: the holder of the sentence before)."""
        sentence = duty.sentence
        mentions = self.annotator.lexicon.mentions(sentence)
        hits = _hits(sentence, mentions)
        if not hits:
            if duty.modality == "none" or not duty.subjects:
                return []
            # 由X负责… / 国家药品监督管理局建立… : a duty with no modal word.
            at = _action_start(sentence, mentions, duty.subjects)
            return [self._record(duty, mentions, duty.subjects, "must", "", at, len(sentence), 0)]
        records: list[Obligation] = []
        opening = _opening_duty(sentence, mentions, hits[0][2])
        if opening is not None:
            # 省局组织对二类以上…开展监督检查，各市…负责第一类…: the part before the first modal word gives its
            # party a task of its own, with no modal word (as 由X负责… does in a sentence with none).
            holders, stop = opening
            records.append(self._record(duty, mentions, holders, "must", "", _action_start(sentence, mentions, holders),
                                        stop, 0))
        for i, (kind, word, at, end) in enumerate(hits):
            stop = hits[i + 1][2] if i + 1 < len(hits) else len(sentence)
            if i + 1 < len(hits):
                # The next rule starts at the part that holds it (…，受托生产企业应当…), or at
                # the condition parts before it (…，确需进行委托生产的，注册人原则上应当…).
                stop = max(end, _part_start(sentence, stop))
                while stop > end + 1:
                    before = _part_start(sentence, stop - 1)
                    if before <= end or not CONDITION_PART.search(sentence[before:stop - 1].strip()):
                        break
                    stop = before
            holders = self._holders(sentence, mentions, kind, at, end, duty)
            if not holders:
                holders = records[-1].holders if records else (duty.subjects or carried)
            start = at if word == "负责" else end
            if kind == "encouraged":
                # 鼓励注册人建立…: the encouraged party is not part of the action.
                start = next((_action_start(sentence, [m], holders) for m in mentions
                              if end <= m.start <= end + 2 and set(m.parties) & set(holders)), start)
            region = records[-1].span_end if records else 0
            handed = _handed_to(sentence, mentions, start, stop)
            if handed is not None and not set(handed.parties) <= set(holders):
                # …应当及时通报受托企业所在地省局，由受托企业所在地省局依法进行调查处置: the part
                # after 由X is X's own rule, of the same force.
                cut = handed.start - 1
                records.append(self._record(duty, mentions, holders, kind, word, start, cut, region))
                records.append(self._record(duty, mentions, with_conjuncts(sentence, mentions, handed), kind, "",
                                            handed.end, stop, cut))
                continue
            records.append(self._record(duty, mentions, holders, kind, word, start, stop, region))
        return records

    def _holders(self, sentence: str, mentions: list[Mention], kind: str, at: int, end: int,
                 duty: Duty) -> tuple[str, ...]:
        own = _subjects(sentence, mentions, _KIND_FOR_SUBJECTS[kind], at, end)
        # A subject the annotator did not give the sentence may be an object read as one; it
        # is trusted when it opens the rule's own part (…，受托生产企业不得再次委托).
        begin = _part_start(sentence, at)
        opens = any(begin <= m.start <= begin + 2 and set(m.parties) & set(own) for m in mentions)
        return tuple(p for p in own if p in duty.subjects or len(duty.subjects) != 1 or opens) or ()

    def _record(self, duty: Duty, mentions: list[Mention], holders: tuple[str, ...], kind: str, word: str,
                start: int, stop: int, region: int) -> Obligation:
        sentence = duty.sentence
        body = sentence[start:stop]
        exception = ""
        cut = EXCEPTION_AFTER.search(sentence, start)
        if cut and cut.start() > start:
            exception = _trim(sentence[cut.end():])
            body = sentence[start:min(stop, cut.start())]
        around = EXCEPTION_AROUND.search(sentence)
        if not exception and around:
            exception = around.group(0)
        closing = EXCEPTION_CLOSING.search(sentence, start)
        if not exception and closing and closing.start() < stop:
            # …，委托方有特殊要求的情形除外 closing this rule's part: its exception, not part of what it asks.
            exception = closing.group(0)
            body = sentence[start:closing.start()]
        lead = LEAD_IN.search(body)
        if lead:
            body = body[:lead.end() - 1]  # the items after the colon are not the action
        action = _trim(body)
        modal_at = start - len(word) if word != "负责" else start
        condition = _condition(sentence, region, modal_at, mentions)
        lead_in = bool(lead) or (sentence.rstrip().endswith(("：", ":")) and bool(LIST_WORDS.search(body)))
        scope = sentence[region:stop]
        when = deadline(scope) or ""
        trigger = TRIGGER.search(scope)
        to = RECIPIENT.search(action)
        topic = sentence[max(region, _part_start(sentence, modal_at)):modal_at].strip("，,；; ")
        opening = self.annotator.lexicon.mentions(topic)[:1]
        if opening and opening[0].start == 0:
            topic = topic[opening[0].end:]  # the holder opening the part is who, not what
        return Obligation(
            sentence=sentence, start=duty.start, holders=holders, modality=kind, topic=topic,
            modal=word, action=action, object=_object(action), condition=condition, exception=exception,
            deadline=when, trigger=trigger.group(0) if trigger else "",
            recipient=self._recipient(to.group(1)) if to else "", lead_in=lead_in,
            span_end=stop,
        )

    def _recipient(self, words: str) -> str:
        mentions = self.annotator.lexicon.mentions(words)
        if mentions and mentions[-1].end >= len(words) - 2:
            return "、".join(with_conjuncts(words, mentions, mentions[-1]))
        return words


# 有下列情形之一的，由…责令改正…罚款：: a penalty over the cases listed after it.
_PENALTY_LEAD = re.compile(rf"有下列(?:情形|行为)之一的[^：:]*?(?:{SANCTION.pattern})")


def _handed_to(sentence: str, mentions: list[Mention], start: int, stop: int) -> Mention | None:
    """A party a rule's later part hands the work to: …，由X(依法)进行/负责… within start..stop."""
    for m in mentions:
        if start < m.start - 1 and m.end < stop and sentence[m.start - 1] == "由" and sentence[m.start - 2] in "，,；;":
            return m
    return None


def _hits(sentence: str, mentions: list[Mention]) -> list[tuple[str, str, int, int]]:
    """Modal words outside party names and quoted titles; 原则上 joins the modal it governs; a modal word
    in an opening condition (…可以涵盖…，不涉及…变更的，…应当提交) rules nothing when one follows it."""
    inside = [(m.start, m.end) for m in mentions] + [t.span() for t in QUOTED_TITLE.finditer(sentence)]
    raw = [(m.lastgroup, m.group(0), m.start(), m.end()) for m in MODAL.finditer(sentence)
           if not any(a <= m.start() < b for a, b in inside)]
    hits: list[tuple[str, str, int, int]] = []
    skip = -1
    for i, (kind, word, at, end) in enumerate(raw):
        if i == skip:
            continue
        if kind == "default_rule":
            nxt = raw[i + 1] if i + 1 < len(raw) else None
            if nxt is not None and nxt[2] - end <= 3:
                hits.append(("default_rule", sentence[at:nxt[3]], at, nxt[3]))
                skip = i + 1
            else:
                hits.append(("default_rule", word, at, end))  # 原则上由X组织 / 原则上采取…
            continue
        if hits and _same_part(sentence, hits[-1][3], at) and hits[-1][0] == kind:
            continue  # 应当建立并应当保持…: one rule
        hits.append((kind, word, at, end))
    conditions = _condition_end(sentence)
    if conditions and any(at >= conditions for _, _, at, _ in hits):
        hits = [h for h in hits if h[2] >= conditions]
    return hits


def _condition_end(sentence: str) -> int:
    """The end of the opening condition parts (…的，/…时，), 0 if the sentence opens with none."""
    end, at = 0, 0
    for part, stop in _parts(sentence):
        if CONDITION_PART.search(part.strip()) and at == end:
            end = stop + 1
        at = stop + 1
    return end


def _condition(sentence: str, region: int, modal_at: int, mentions: list[Mention]) -> str:
    """The condition parts between the previous rule (or the sentence start) and this one's
    modal word (发现产品存在问题的 / 必要时 / 对于…), as one verbatim span. A party opening a
    part is its holder, not part of the condition."""
    first = last = None
    offset = region
    for part, stop in _parts(sentence[region:modal_at]):
        begin = offset + len(part) - len(part.lstrip())
        a = begin
        # 医疗器械经营企业、使用单位发现…的: every party of the opening list is a holder, not the condition.
        while (head := next((m for m in mentions if m.start == a), None)) is not None:
            a = head.end
            if sentence[a:a + 1] in ("、", "和", "及") and any(m.start == a + 1 for m in mentions):
                a += 1
        text = sentence[a:region + stop].strip("，,；; ")
        if text and CONDITION_PART.search(text):
            first = a if first is None else first
            last = region + stop
        offset = region + stop + 1
    return sentence[first:last].strip("，,；; ") if first is not None else ""


def _opening_duty(sentence: str, mentions: list[Mention], first_modal: int) -> tuple[tuple[str, ...], int] | None:
    """(holders, end) of the sentence's opening part where a party acts with no modal word (省局组织对…开展监督检查)
    and a later part holds the first modal word: a task of its own. Not a condition (…的 / …时), and not where a
    party of that part reads on into the modal's part (注册人组织…，并应当…: one rule)."""
    end = _part_start(sentence, first_modal) - 1
    if end <= 0 or sentence[end] not in "，,；;":
        return None
    part = sentence[:end]
    if any(ch in part for ch in _BREAKS) or part.rstrip().endswith(("的", "时", "后", "前")):
        return None
    own = [m for m in mentions if m.end <= end]
    holders = _acting_subject(part, own)
    rest = sentence[end + 1:first_modal]
    if not holders or not [m for m in mentions if end < m.start < first_modal]:
        return None  # the modal's part names no party of its own: it reads on from the opening one
    return (holders, end) if not rest.startswith(("并", "同时", "且")) else None


def _parts(text: str):
    """(part, end offset) for the comma parts of a text."""
    start = 0
    for i, ch in enumerate(text):
        if ch in _BREAKS:
            yield text[start:i], i
            start = i + 1
    if start < len(text):
        yield text[start:], len(text)


def _same_part(sentence: str, a: int, b: int) -> bool:
    return not any(ch in sentence[a:b] for ch in _BREAKS)


def _part_start(sentence: str, at: int) -> int:
    return max(sentence.rfind(ch, 0, at) for ch in _BREAKS) + 1


def _action_start(sentence: str, mentions: list[Mention], holders: tuple[str, ...]) -> int:
    """Where a duty with no modal word starts: after 由X, else after the holder naming it."""
    for m in mentions:
        if set(m.parties) & set(holders):
            return with_conjuncts_forward(sentence, mentions, m)[-1].end
    return 0


def _object(action: str) -> str:
    rest = action
    while True:
        m = _ADVERBS.match(rest)
        if not m or not m.group(0):
            break
        rest = rest[m.end():].lstrip("，, ")
    verb = _VERB.match(rest)
    return rest[verb.end():] if verb else rest


def _under_opening(own: list[Obligation], before: list[Obligation]) -> list[Obligation]:
    """The opening condition of a sentence (…的，/…时，) governs every rule in it, and the
    parts joined to it by ；: 注册人不再进行委托生产的，应当核减受托生产地址；受托生产企业应当
    报告有关情况。 A joined part's rules are read with the whole sentence, so that the
    condition stays verbatim in it. A part or rule with a condition of its own keeps it."""
    if not own:
        return own
    sentence = own[0].sentence
    prev = before[-1] if before else None
    joined = (prev is not None and prev.sentence.rstrip().endswith(("；", ";"))
              and prev.start + len(prev.sentence) == own[0].start and not own[0].condition
              and _condition_end(prev.sentence) > 0 and prev.condition)
    if joined:
        lead = prev.sentence
        return [replace(r, sentence=lead + r.sentence, start=prev.start, condition=r.condition or prev.condition,
                        span_end=r.span_end + len(lead)) for r in own]
    opening = _condition_end(sentence)
    if opening and own[0].condition:
        own = [own[0]] + [r if r.condition else replace(r, condition=own[0].condition) for r in own[1:]]
    return own


def _trim(text: str) -> str:
    return text.strip().rstrip("。；;，,：: ").strip()


def _after_lead_in(sentence: str) -> str:
    """Items written on the lead-in's own line: …应当符合以下条件：完成所有规定的工艺流程；"""
    found = LEAD_IN.search(sentence)
    return sentence[found.end():].strip() if found else ""


def _close(records: list[Obligation], lead: Obligation, items: list[str]) -> list[Obligation]:
    items = [_item_text(i) for i in items if _item_text(i)]
    return [r.with_items(tuple(items)) if r is lead else r for r in records]


def _item_text(text: str) -> str:
    return ITEM_NUMBER.sub("", text.strip(), count=1).strip().rstrip("；;。")


def _line_start(text: str, at: int) -> int:
    return text.rfind("\n", 0, at) + 1
