"""The quiz checker: is every item supported by the clause it cites, are its distractors
really wrong, does its stem read as an exam question, and is a set free of duplicates
with its answers spread over the positions?

It re-derives everything from the item's public fields (stem, options, answer,
explanation, citation) and the corpus, never from how the generator made it, so it also
checks items a trainer has edited or imported from a file.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from qa_app.quiz.facts import (
    LABEL_PARTY, PARTY_LABELS, FactBase, as_statement, balanced, bigrams, overlaps, same_trade, vague_name,
)
from qa_app.quiz.items import BLANK, DIFFICULTIES, FALSE, FILL_BLANK, TRUE, TYPES, QuizItem

_FRAME = re.compile(r"^根据(《[^》]+》|医疗器械相关法规、规章和规范性文件)，(.+)$")
_DEBRIS = re.compile(r"[|#*_<>\[\]{}\\]|(?<![A-Za-z])X{1,3}(?![A-Za-z])|×××|\n|\t|\s{2,}|(?<=[\u4e00-\u9fff）)，。；：])[ ](?=[\u4e00-\u9fff（(])|[，、；：]{2,}|[，、；：][。；]|。。|^\s*(?:第[一二三四五六七八九十百]+条|[（(][一二三四五六七八九十\d]+[）)]|[（(【][^）)】]{1,8}[）)】]|\d+(?:\.\d+)*[.．、])")
_MULTI_STEM = re.compile(r"下列属于(.+?)(义务|职责)的有（　　）。$")
_LEAD_MODAL = re.compile(r"^(?:(?:应当|必须|须)(?:依法)?|应(?!当))")
_ID = re.compile(r"^q-[0-9a-f]{10}$")
_LABEL_PARTY = LABEL_PARTY
_FLIPPED = {("应当", "不得"): "prohibition", ("不得", "可以"): "permission"}


@dataclass(frozen=True)
class Problem:
    item_id: str
    check: str  # citation | key | distractor | stem | options | duplicate | balance
    message: str


def check_item(item: QuizItem, facts: FactBase) -> list[Problem]:
    """Everything wrong with one item (an empty list: it is valid)."""
    problems: list[Problem] = []

    def bad(check: str, message: str) -> None:
        problems.append(Problem(item.id, check, message))

    if not _ID.match(item.id):
        bad("options", f"id {item.id!r} is not a stable item id")
    if item.type not in TYPES:
        bad("options", f"unknown type {item.type!r}")
        return problems
    if item.difficulty not in DIFFICULTIES:
        bad("options", f"unknown difficulty {item.difficulty!r}")
    for citation in (item.citation, *item.sources):
        clause = facts.clauses.get(citation.clause_id)
        if clause is None:
            bad("citation", f"no clause {citation.clause_id}")
            return problems
        if citation.text != clause.text or citation.ref != clause.ref:
            bad("citation", f"citation of {citation.clause_id} is not the clause's verbatim text and ref")
        if not facts.usable_doc(clause.doc_id):
            bad("citation", f"{clause.doc_id} is superseded")
    if item.type == "scenario":
        _check_case(item, bad)
    else:
        _check_stem(item, facts, bad)
    if len(set(item.options)) != len(item.options) or any(not o.strip() for o in item.options):
        bad("options", "options repeat or are empty")
    if item.type != "fill" and not set(item.answers) <= set(item.options):
        bad("key", "the answer is not among the options")
    if problems:
        return problems
    {"single": _check_single, "truefalse": _check_truefalse, "fill": _check_fill,
     "multi": _check_multi, "scenario": _check_scenario}[item.type](item, facts, bad)
    return problems


def check_set(items: list[QuizItem], facts: FactBase) -> list[Problem]:
    """Item problems plus the set's own: duplicate ids, near-duplicate questions and
    unbalanced answer positions."""
    problems = [p for item in items for p in check_item(item, facts)]
    ids = Counter(i.id for i in items)
    problems += [Problem(i, "duplicate", "id used more than once") for i, n in ids.items() if n > 1]
    stems = Counter(i.stem for i in items)
    problems += [Problem(i.id, "duplicate", "another item has the same stem") for i in items if stems[i.stem] > 1]
    seen: list[tuple[QuizItem, frozenset[str]]] = []
    for item in items:
        if item.type == "scenario":
            continue  # a case is its own question; several cases may rest on one sentence
        grams = bigrams(facts.core(" ".join(item.answers) if item.type == "multi" else item.explanation))
        for other, other_grams in seen:
            share = len(grams & other_grams) / max(1, min(len(grams), len(other_grams)))
            if other.explanation == item.explanation or share >= 0.7:
                problems.append(Problem(item.id, "duplicate", f"tests the same as {other.id}"))
                break
        seen.append((item, grams))
    problems += check_balance(items)
    return problems


def check_balance(items: list[QuizItem]) -> list[Problem]:
    """Keys spread over A-D, as many 正确 as 错误, right options of multiple-choice items
    spread over the positions (a little slack for small sets)."""
    out: list[Problem] = []
    singles = [i for i in items if i.type == "single"]
    positions = Counter(i.options.index(i.answer) for i in singles if i.answer in i.options)
    counts = [positions.get(k, 0) for k in range(4)]
    if singles and max(counts) - min(counts) > 1 + len(singles) // 10:
        out.append(Problem("set", "balance", f"single-choice keys by position A-D: {counts}"))
    judged = Counter(i.answer for i in items if i.type == "truefalse")
    if abs(judged[TRUE] - judged[FALSE]) > 1 + sum(judged.values()) // 10:
        out.append(Problem("set", "balance", f"true/false answers: {judged[TRUE]} 正确, {judged[FALSE]} 错误"))
    multis = [i for i in items if i.type == "multi"]
    tally = [sum(1 for i in multis if len(i.options) > k and i.options[k] in i.answers) for k in range(4)]
    if multis and max(tally) - min(tally) > 1 + len(multis) // 5:
        out.append(Problem("set", "balance", f"multiple-choice right options by position: {tally}"))
    return out


def validity_report(items: list[QuizItem], facts: FactBase) -> dict:
    """Counts for the eval: how many items are valid, by type, and what is wrong."""
    problems = check_set(items, facts)
    failed = {p.item_id for p in problems if p.item_id != "set"}
    by_type: dict[str, dict[str, int]] = {}
    for item in items:
        row = by_type.setdefault(item.type, {"items": 0, "valid": 0})
        row["items"] += 1
        row["valid"] += item.id not in failed
    valid = sum(1 for i in items if i.id not in failed)
    return {
        "items": len(items),
        "valid": valid,
        "validity_rate": round(valid / len(items), 4) if items else 0.0,
        "by_type": by_type,
        "problems": [p.__dict__ for p in problems],
    }


# -- per type ------------------------------------------------------------------------------


def _core(item: QuizItem) -> str:
    match = _FRAME.match(item.stem)
    return match.group(2) if match else item.stem


def _check_stem(item: QuizItem, facts: FactBase, bad) -> None:
    match = _FRAME.match(item.stem)
    if not match:
        bad("stem", "the stem does not open with 根据《…》，")
        return
    clause = facts.clauses[item.citation.clause_id]
    if item.type != "multi" and match.group(1) != facts.doc_name(clause.doc_id):
        bad("stem", f"the stem names {match.group(1)} but cites {clause.doc_id}")
    core = match.group(2)
    if _DEBRIS.search(core.replace(BLANK, "□").replace(FILL_BLANK, "□")):
        bad("stem", "markup, template debris, numbering or doubled punctuation in the stem")
    if not balanced(core.replace(BLANK, "")):
        bad("stem", "unbalanced brackets or quotes in the stem")
    if not core.endswith("。") or not (8 <= len(core) <= 160):
        bad("stem", "the stem is not one complete sentence of exam length")
    for option in item.options:
        # A colon in an option is a form's field label (事件原因分析：必填项) left in.
        if _DEBRIS.search(option) or not balanced(option) or re.search("[：:]", option):
            bad("stem", f"debris in option {option!r}")


def _explained(item: QuizItem, facts: FactBase, bad):
    """The duty the explanation quotes, or None (after reporting why)."""
    clause = facts.clauses[item.citation.clause_id]
    if item.explanation not in clause.text:
        bad("citation", "the explanation is not verbatim in the cited clause")
        return None
    duty = facts.duty_for(clause.id, item.explanation)
    if duty is None:
        bad("citation", "the explanation is not one annotated sentence of the clause")
    return duty


def _check_single(item: QuizItem, facts: FactBase, bad) -> None:
    core = _core(item)
    if core.count(BLANK) != 1 or len(item.options) != 4:
        bad("stem", "a single-choice item needs one blank and four options")
        return
    parties = [_LABEL_PARTY.get(o) for o in item.options]
    if None in parties:
        bad("options", "an option is not a canonical party")
        return
    key = _LABEL_PARTY[item.answer]
    duty = _explained(item, facts, bad)
    if duty is None:
        return
    if duty.subjects != (key,):
        bad("key", f"the cited sentence makes {duty.subjects} responsible, not {key}")
    before, after = core.split(BLANK)
    found = re.fullmatch(re.escape(before) + "(.+?)" + re.escape(after), as_statement(item.explanation))
    if not found or facts.parties_in(found.group(1)) != (key,):
        bad("key", "the blank does not stand for the key party in the cited sentence")
    elif vague_name(found.group(1), item.citation.text):
        bad("key", f"the cited sentence names {found.group(1)}, which does not say it is {key}")
    else:
        doc_id = facts.clauses[item.citation.clause_id].doc_id
        said = facts.party_label(key, doc_id, found.group(1))
        if item.answer != said:
            bad("key", f"the cited sentence names {found.group(1)}: the key should read {said}, not {item.answer}")
        for option, party in zip(item.options, parties):
            if option != item.answer and option != facts.party_label(party, doc_id):
                bad("options", f"option {option} does not name {party} as {doc_id} does")
    named = facts.parties_in(item.explanation)
    generic = not facts.role_marked(found.group(0).replace(found.group(1), "", 1)) if found else False
    for party in parties:
        if party == key:
            continue
        if overlaps(party, key) or any(overlaps(party, n) for n in named):
            bad("distractor", f"{party} overlaps the key or a party the sentence names")
        if generic and same_trade(party, key):
            bad("distractor", f"{party} is a company too and the duty names no role: it may well hold it")
        fact = facts.holds(party, item.explanation)
        if fact:
            bad("distractor", f"{party} also holds this duty: {fact.clause_id} {fact.text}")


def _mention_span(facts: FactBase, text: str, start: int, end: int) -> tuple[int, int, tuple[str, ...]]:
    """Widen [start, end) to the party mentions it touches."""
    parties: tuple[str, ...] = ()
    for m in facts.mentions(text):
        if m.start < max(end, start + 1) and m.end > start:
            start, end = min(start, m.start), max(end, m.end)
            parties += m.parties
    return start, end, parties


def _check_truefalse(item: QuizItem, facts: FactBase, bad) -> None:
    if item.options != (TRUE, FALSE):
        bad("options", "a true/false item has the options 正确 and 错误")
        return
    duty = _explained(item, facts, bad)
    if duty is None:
        return
    statement, sentence = _core(item), as_statement(item.explanation)
    if facts.named_vaguely(sentence, duty.subjects, item.citation.text):
        bad("key", f"the cited sentence names its subject {duty.subjects} only by a word that does not pin it down")
        return
    if item.answer == TRUE:
        if statement != sentence:
            bad("key", "marked 正确 but the statement is not the cited sentence")
        return
    if statement == sentence:
        bad("key", "marked 错误 but the statement is the cited sentence")
        return
    prefix = len(_common_prefix(statement, sentence))
    suffix = len(_common_prefix(statement[prefix:][::-1], sentence[prefix:][::-1]))
    old, new = sentence[prefix:len(sentence) - suffix], statement[prefix:len(statement) - suffix]
    if (old, new) in _FLIPPED:
        for subject in duty.subjects:
            fact = facts.holds(subject, statement, modalities=(_FLIPPED[(old, new)],))
            if fact:
                bad("key", f"the flipped statement is what {fact.clause_id} says: {fact.text}")
        if not duty.subjects:
            bad("key", "the flipped sentence names no party holding it")
        return
    s0, s1, old_parties = _mention_span(facts, sentence, prefix, len(sentence) - suffix)
    t0, t1, new_parties = _mention_span(facts, statement, prefix, len(statement) - suffix)
    if (sentence[:s0] != statement[:t0] or sentence[s1:] != statement[t1:]
            or len(old_parties) != 1 or len(new_parties) != 1 or old_parties[0] not in duty.subjects):
        bad("key", "the false statement changes more than one modal word or the subject party")
        return
    swapped = new_parties[0]
    if overlaps(swapped, old_parties[0]) or any(overlaps(swapped, n) for n in facts.parties_in(item.explanation)):
        bad("distractor", f"{swapped} overlaps a party the sentence names")
    if same_trade(swapped, old_parties[0]) and not facts.role_marked(sentence[:s0] + sentence[s1:]):
        bad("distractor", f"{swapped} is a company too and the duty names no role: it may well hold it")
    fact = facts.holds(swapped, item.explanation)
    if fact:
        bad("distractor", f"{swapped} also holds this duty: {fact.clause_id} {fact.text}")


def _check_fill(item: QuizItem, facts: FactBase, bad) -> None:
    core = _core(item)
    if core.count(FILL_BLANK) != 1 or item.options or not isinstance(item.answer, str):
        bad("stem", "a fill-in item needs one gap, no options and one answer")
        return
    if _explained(item, facts, bad) is None:
        return
    if core.replace(FILL_BLANK, item.answer) != as_statement(item.explanation):
        bad("key", "the answer in the gap does not give the cited sentence")
    if not item.answer.strip() or item.explanation.count(item.answer) != 1 or len(item.answer) > 20:
        bad("key", "the answer is empty, too long, or occurs more than once in the sentence")


def _check_multi(item: QuizItem, facts: FactBase, bad) -> None:
    match = _MULTI_STEM.search(item.stem)
    party = _LABEL_PARTY.get(match.group(1)) if match else None
    if party is None:
        bad("stem", "the stem does not ask which are one canonical party's duties")
        return
    if len(item.options) != 4 or not 2 <= len(item.answers) <= 3 or len(item.sources) != len(item.options):
        bad("options", "a multiple-choice item has four options, two or three right, one source each")
        return
    for option, source in zip(item.options, item.sources):
        clause = facts.clauses[source.clause_id]
        carriers = [d for d in clause.duties if _states(facts, d.sentence, option)]
        if not carriers:
            bad("citation", f"option {option!r} is not in {source.clause_id}")
            continue
        if option in item.answers:
            # The text names the holder as the stem does, or more widely (注册人、备案人 covers a
            # stem on 注册人; 注册人 alone does not cover a stem on 注册人、备案人).
            said = {facts.holder_label(party, clause.id, d.sentence)
                    for d in carriers if any(overlaps(s, party) for s in d.subjects)}
            if said and not said & {match.group(1), PARTY_LABELS[party]}:
                bad("key", f"{source.clause_id} names the holder of {option!r} {'/'.join(sorted(said))}, "
                           f"not {match.group(1)}")
            if not any(any(overlaps(s, party) for s in d.subjects) and d.modality == "obligation"
                       and not facts.named_vaguely(d.sentence, d.subjects, clause.text) for d in carriers):
                bad("key", f"{source.clause_id} does not make {party} hold {option!r}")
        else:
            general = next((f for d in carriers if (f := facts.general_rule(party, clause.id, d.sentence))), None)
            if general:
                bad("distractor", f"{option!r} stands in a paragraph that binds {party} too: "
                                  f"{general.clause_id} {general.text}")
            if any(any(overlaps(s, party) for s in d.subjects) for d in carriers):
                bad("distractor", f"{option!r} is {party}'s own duty in {source.clause_id}")
            owners = {s for d in carriers for s in d.subjects}
            if any(same_trade(o, party) for o in owners) and not facts.role_marked(option):
                bad("distractor", f"{option!r} names no role: {party} may well hold it too")
            fact = facts.holds(party, option)
            if fact:
                bad("distractor", f"{party} also holds {option!r}: {fact.clause_id} {fact.text}")


def _states(facts: FactBase, sentence: str, option: str) -> bool:
    """The sentence says the option once its subject and modal word are taken out
    (注册人应当建立…… states 建立……; 委托生产前，委托方应当对…… states 委托生产前，对……)."""
    text = sentence
    mentions = facts.mentions(text)
    if mentions:
        first = mentions[0]
        text = text[:first.start] + _LEAD_MODAL.sub("", text[first.end:])
    else:
        text = _LEAD_MODAL.sub("", text)
    return option in text


_DEADLINE = re.compile(r"^(?:\d+|[一二三四五六七八九十两]+)(?:个)?(?:工作日|日|天|个月|小时|年)内$")
_REFUSAL = re.compile(r"^(?:不可以|不符合|不能|不得)")


def _check_case(item: QuizItem, bad) -> None:
    if _DEBRIS.search(item.stem) or not balanced(item.stem) or not item.stem.endswith("？"):
        bad("stem", "a case stem is plain sentences ending with the question (？)")
    names = [label for label, _ in item.case]
    if not any(name in item.stem for name in names):
        bad("stem", "the case names none of the parties it is about")
    for option in item.options:
        if _DEBRIS.search(option) or not balanced(option):
            bad("stem", f"debris in option {option!r}")


def _check_scenario(item: QuizItem, facts: FactBase, bad) -> None:
    """The key follows from the cited sentence's own words (its party, its 不得, its deadline),
    read against the case's names; no wrong option stands for the key's party."""
    if not 3 <= len(item.options) <= 4 or not isinstance(item.answer, str):
        bad("options", "a case question has three or four options and one answer")
        return
    quoted = re.match(r"^(.*[。；])（[^\n]*）$", item.explanation.split("\n")[0])
    sentence = quoted.group(1) if quoted else ""
    clause = facts.clauses[item.citation.clause_id]
    if not sentence or sentence not in clause.text:
        bad("citation", "the explanation does not open with a sentence verbatim in the cited clause")
        return
    parties: dict[str, set[str]] = {}
    for label, party in item.case:
        parties.setdefault(label, set()).add(party)
    bureaus = {party: label for label, party in item.case}
    one_province = bureaus.get("注册人所在地省级药监部门") == bureaus.get("受托生产企业所在地省级药监部门") is not None
    if one_province and facts.cross_region_only(clause.id, sentence):
        bad("citation", "both companies sit in one province, but the cited rule is for cross-region entrustment only")
    key = item.answer
    if "，" in key and key.split("，", 1)[0] in parties:
        # Who and by when ("甲公司，7日内"): each half as its own key.
        who, when = key.split("，", 1)
        # The holder may stand earlier in the same paragraph (持有人…，导致死亡的应当在7日内报告；
        # 导致严重伤害…的应当在20日内报告。): a clause sentence split at ；.
        line = next((ln for ln in clause.text.splitlines() if sentence in ln), sentence)
        lead = line[:line.index(sentence) + len(sentence)]
        if not any(overlaps(p, s) for p in parties[who] for s in facts.parties_in(lead)) or when not in sentence:
            bad("key", f"the cited sentence does not give {sorted(parties[who])} the deadline {when}")
        for option in item.options:
            name, _, deadline = option.partition("，")
            if option != key and deadline == when and parties.get(name, set()) & parties[who]:
                bad("distractor", f"{option} names the key's party and deadline again")
    elif key in parties:
        said = set(facts.parties_in(sentence))
        if not any(overlaps(p, s) for p in parties[key] for s in said):
            bad("key", f"the cited sentence names none of {sorted(parties[key])}, which {key} stands for")
        elif facts.named_vaguely(sentence, tuple(parties[key]), clause.text):
            bad("key", f"the cited sentence names {sorted(parties[key])} only by a word that does not pin it down")
        for option in item.options:
            if option != key and parties.get(option, set()) & parties[key]:
                bad("distractor", f"{option} stands for the same party as the key")
    elif _DEADLINE.match(key):
        if key not in sentence:
            bad("key", f"the cited sentence gives no deadline {key}")
        if any(o != key and _DEADLINE.match(o) and o in sentence and not _other_case(sentence, o, key)
               for o in item.options):
            bad("distractor", "a wrong deadline is in the cited sentence without a case of its own")
    elif _REFUSAL.match(key):
        if not re.search("不得|禁止|严禁|不能", sentence):
            bad("key", "the key says no but the cited sentence states no prohibition")
        if any(_REFUSAL.match(o) for o in item.options if o != key):
            bad("distractor", "two options say no")
    else:
        bad("key", "the key is neither a party of the case, a deadline nor a refusal")


def _other_case(sentence: str, wrong: str, key: str) -> bool:
    """Both deadlines are in the sentence, each after its own case (一级召回…1日内，二级召回…3日内)."""
    a, b = sentence.find(wrong), sentence.find(key)
    between = sentence[min(a, b):max(a, b)]
    return "，" in between or "；" in between


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]
