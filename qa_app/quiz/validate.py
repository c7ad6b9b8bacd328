"""The quiz checker: is every item well formed, is it supported by the clause it cites, are
its distractors really wrong, does its stem read as an exam question, and is a set free of
duplicates with its answers spread over the positions?

It re-derives everything from the item's public fields (stem, options, answer,
explanation, citation) and the corpus, never from how the generator made it, so it also
checks items a trainer has edited or imported from a file.

Two levels: :func:`defects` are what makes an item unusable whatever its source says (an
empty or repeated option, an answer that is no option, no source clause); the page refuses
to save such an item and no export writes one. The other problems say an item may no longer
agree with its source; a trainer's edit is saved with them as a warning.

Messages are what a trainer reads: Chinese, saying what is wrong and what to do, naming
options by letter and clauses by their citation, never an internal id. :func:`check_set`
numbers each problem by the item's place in the set (第3题).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from qa_app.quiz.facts import (
    LABEL_PARTY, PARTY_LABELS, FactBase, as_statement, balanced, bigrams, overlaps, same_trade, vague_name,
)
from qa_app.quiz.items import (
    BLANK, DIFFICULTIES, DIFFICULTY_LABELS, FALSE, FILL_BLANK, LETTERS, TRUE, TYPE_LABELS, TYPES, QuizItem,
)

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
    check: str  # form | citation | key | distractor | stem | options | duplicate | balance
    message: str
    number: int = 0  # the item's place in the set (1, 2, ...); 0: the set as a whole, or an item alone

    @property
    def text(self) -> str:
        """The message as a trainer reads it, with the item's number in the set (第3题：…)."""
        if self.item_id == "set":
            return f"整套题：{self.message}"
        return f"第{self.number}题：{self.message}" if self.number else self.message


def defects(item: QuizItem) -> list[Problem]:
    """What makes an item unusable whatever its source says: an empty stem, option, answer or
    explanation, options that repeat, an answer that is no option, no source clause. Needs no
    corpus, so every export can refuse such an item too."""
    problems: list[Problem] = []

    def bad(message: str) -> None:
        problems.append(Problem(item.id, "form", message))

    if item.type not in TYPES:
        bad(f"题型“{item.type}”无法识别，请使用{'、'.join(TYPE_LABELS.values())}之一。")
        return problems
    if not item.stem.strip():
        bad("题干为空，请填写题干。")
    if not item.citation.clause_id.strip() or not item.citation.text.strip():
        bad("没有出处条款，无法核对答案，请删除本题或重新生成。")
    if not item.explanation.strip():
        bad("解析为空，请填写解析（可引用出处条款原文）。")
    if item.type == "fill":
        if not str(item.answer).strip():
            bad("答案为空，请填写空格处的正确内容。")
        return problems
    if item.type in ("single", "multi", "scenario") and len(item.options) > len(LETTERS):
        bad(f"选项过多（{len(item.options)} 个），最多 {len(LETTERS)} 个。")
        return problems
    labels = [TRUE, FALSE] if item.type == "truefalse" else [f"选项{LETTERS[k]}" for k in range(len(item.options))]
    empty = [label for label, option in zip(labels, item.options) if not option.strip()]
    if empty:
        bad(f"{'、'.join(empty)}为空，请填写选项内容。")
    seen: dict[str, str] = {}
    for label, option in zip(labels, item.options):
        text = option.strip()
        if text and text in seen:
            bad(f"{label}与{seen[text]}相同（“{text}”），请修改其中一个，使各选项互不相同。")
        seen.setdefault(text, label)
    if not any(str(a).strip() for a in item.answers):
        bad("没有选定正确答案，请在“正确答案”中选择。")
    elif not set(item.answers) <= set(item.options):
        bad("答案不在选项中，请在“正确答案”中重新选择。")
    return problems


def check_item(item: QuizItem, facts: FactBase) -> list[Problem]:
    """Everything wrong with one item (an empty list: it is valid): its :func:`defects`, then
    whether it agrees with its source."""
    problems = defects(item)

    def bad(check: str, message: str) -> None:
        problems.append(Problem(item.id, check, message))

    if item.type not in TYPES:
        return problems
    if not _ID.match(item.id):
        bad("options", "题目编号不是本系统生成的格式：导入的文件请保留导出时的“题目编号”一列，不要修改。")
    if item.difficulty not in DIFFICULTIES:
        bad("options", f"难度“{item.difficulty}”无法识别，请使用{'、'.join(DIFFICULTY_LABELS.values())}之一。")
    for citation in (item.citation, *item.sources):
        clause = facts.clauses.get(citation.clause_id)
        if clause is None:
            bad("citation", f"出处{citation.ref}在知识库中找不到（条款可能已删除或改号），请删除本题或重新生成。")
            return problems
        if citation.text != clause.text or citation.ref != clause.ref:
            bad("citation", f"出处{clause.ref}的引文与知识库中的条文不一致，请重新生成本题。")
        if not facts.usable_doc(clause.doc_id):
            bad("citation", f"出处{clause.ref}所在文件已废止，请删除本题或重新生成。")
    if item.type == "scenario":
        _check_case(item, bad)
    else:
        _check_stem(item, facts, bad)
    if problems:
        return problems
    {"single": _check_single, "truefalse": _check_truefalse, "fill": _check_fill,
     "multi": _check_multi, "scenario": _check_scenario}[item.type](item, facts, bad)
    return problems


def check_set(items: list[QuizItem], facts: FactBase) -> list[Problem]:
    """Item problems plus the set's own: duplicate ids, near-duplicate questions and
    unbalanced answer positions; each numbered by the item's place in the set."""
    problems = [replace(p, number=number) for number, item in enumerate(items, start=1)
                for p in check_item(item, facts)]
    first: dict[str, int] = {}
    for number, item in enumerate(items, start=1):
        if item.id in first:
            problems.append(Problem(item.id, "duplicate", f"与第{first[item.id]}题是同一道题（重复加入），请删除其中一道。",
                                    number))
        first.setdefault(item.id, number)
    stems: dict[str, int] = {}
    for number, item in enumerate(items, start=1):
        if item.stem in stems and items[stems[item.stem] - 1].id != item.id:
            problems.append(Problem(item.id, "duplicate", f"题干与第{stems[item.stem]}题相同，请删除或改写其中一道。",
                                    number))
        stems.setdefault(item.stem, number)
    seen: list[tuple[int, QuizItem, frozenset[str]]] = []
    for number, item in enumerate(items, start=1):
        if item.type == "scenario":
            continue  # a case is its own question; several cases may rest on one sentence
        grams = bigrams(facts.core(" ".join(item.answers) if item.type == "multi" else item.explanation))
        for other_number, other, other_grams in seen:
            share = len(grams & other_grams) / max(1, min(len(grams), len(other_grams)))
            if other.explanation == item.explanation or share >= 0.7:
                problems.append(Problem(item.id, "duplicate", f"与第{other_number}题考查的是同一条规定，请删除其中一道。",
                                        number))
                break
        seen.append((number, item, grams))
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
        out.append(Problem("set", "balance", "单项选择题的正确答案在A、B、C、D上分布不均（"
                           + "、".join(f"{LETTERS[k]} {c} 题" for k, c in enumerate(counts))
                           + "），请调整选项顺序或重新生成。"))
    judged = Counter(i.answer for i in items if i.type == "truefalse")
    if abs(judged[TRUE] - judged[FALSE]) > 1 + sum(judged.values()) // 10:
        out.append(Problem("set", "balance", f"判断题中答案为“正确”的 {judged[TRUE]} 题、“错误”的 {judged[FALSE]} 题，"
                                             "相差过多，请增删判断题或重新生成。"))
    multis = [i for i in items if i.type == "multi"]
    tally = [sum(1 for i in multis if len(i.options) > k and i.options[k] in i.answers) for k in range(4)]
    if multis and max(tally) - min(tally) > 1 + len(multis) // 5:
        out.append(Problem("set", "balance", "多项选择题的正确选项在各位置上分布不均（"
                           + "、".join(f"{LETTERS[k]} {c} 次" for k, c in enumerate(tally))
                           + "），请调整选项顺序或重新生成。"))
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
        bad("stem", "题干应以“根据《文件名》，”开头，写明出处文件，请按原格式修改。")
        return
    clause = facts.clauses[item.citation.clause_id]
    if item.type != "multi" and match.group(1) != facts.doc_name(clause.doc_id):
        bad("stem", f"题干写的是{match.group(1)}，但出处在{facts.doc_name(clause.doc_id)}，请改为出处文件的名称。")
    core = match.group(2)
    if _DEBRIS.search(core.replace(BLANK, "□").replace(FILL_BLANK, "□")):
        bad("stem", "题干中有格式符号、模板残留、条款编号或重复的标点，请删除。")
    if not balanced(core.replace(BLANK, "")):
        bad("stem", "题干中的括号或引号不成对，请补全。")
    if not core.endswith("。") or not (8 <= len(core) <= 160):
        bad("stem", "题干应为一个完整的句子（以“。”结尾，8至160字），请修改。")
    for option in item.options:
        # A colon in an option is a form's field label (事件原因分析：必填项) left in.
        if _DEBRIS.search(option) or not balanced(option) or re.search("[：:]", option):
            bad("stem", f"{_label(item, option)}含有格式符号、冒号或不成对的括号（“{option}”），请修改。")


def _explained(item: QuizItem, facts: FactBase, bad):
    """The duty the explanation quotes, or None (after reporting why)."""
    clause = facts.clauses[item.citation.clause_id]
    if item.explanation not in clause.text:
        bad("citation", "解析不是出处条款的原文，请改回条款原文，以便学员对照。")
        return None
    duty = facts.duty_for(clause.id, item.explanation)
    if duty is None:
        bad("citation", "解析不是出处条款中的一个完整句子，请改回条款中的原句。")
    return duty


def _check_single(item: QuizItem, facts: FactBase, bad) -> None:
    core = _core(item)
    if core.count(BLANK) != 1 or len(item.options) != 4:
        bad("stem", "单项选择题的题干应有一个“（　　）”空，并有四个选项，请修改。")
        return
    parties = [_LABEL_PARTY.get(o) for o in item.options]
    if None in parties:
        bad("options", "单项选择题的选项应为责任主体的规范名称（如“医疗器械注册人、备案人”），请修改。")
        return
    key = _LABEL_PARTY[item.answer]
    duty = _explained(item, facts, bad)
    if duty is None:
        return
    if duty.subjects != (key,):
        bad("key", f"出处条款规定由{_names(duty.subjects)}负责，不是答案所指的{key}，请核对答案。")
    before, after = core.split(BLANK)
    found = re.fullmatch(re.escape(before) + "(.+?)" + re.escape(after), as_statement(item.explanation))
    if not found or facts.parties_in(found.group(1)) != (key,):
        bad("key", "题干中的空与出处条款原句不对应（空处应是原句中的责任主体），请按原句修改题干。")
    elif vague_name(found.group(1), item.citation.text):
        bad("key", f"出处条款原句写的是“{found.group(1)}”，不能确定就是{key}，本题不宜使用，请删除。")
    else:
        doc_id = facts.clauses[item.citation.clause_id].doc_id
        said = facts.party_label(key, doc_id, found.group(1))
        if item.answer != said:
            bad("key", f"出处条款原句写的是“{found.group(1)}”，答案应写作“{said}”，而不是“{item.answer}”，请修改。")
        for option, party in zip(item.options, parties):
            if option != item.answer and option != facts.party_label(party, doc_id):
                bad("options", f"{_label(item, option)}“{option}”与出处文件对{party}的称呼不一致，"
                                    f"应写作“{facts.party_label(party, doc_id)}”，请修改。")
    named = facts.parties_in(item.explanation)
    generic = not facts.role_marked(found.group(0).replace(found.group(1), "", 1)) if found else False
    for party in parties:
        if party == key:
            continue
        if overlaps(party, key) or any(overlaps(party, n) for n in named):
            bad("distractor", f"干扰项{party}与答案或原句中的主体有重叠，可能也是正确答案，请换一个干扰项。")
        if generic and same_trade(party, key):
            bad("distractor", f"干扰项{party}也是企业，而原句未限定主体身份，{party}可能同样承担这项义务，请换一个干扰项。")
        fact = facts.holds(party, item.explanation)
        if fact:
            bad("distractor", f"干扰项{party}同样承担这项义务（{_ref(facts, fact.clause_id)}：{fact.text}），"
                              "会成为第二个正确答案，请换一个干扰项。")


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
        bad("options", "判断题的选项应为“正确”和“错误”。")
        return
    duty = _explained(item, facts, bad)
    if duty is None:
        return
    statement, sentence = _core(item), as_statement(item.explanation)
    if facts.named_vaguely(sentence, duty.subjects, item.citation.text):
        bad("key", f"出处条款原句对{_names(duty.subjects)}的称呼不够明确，无法据此判断对错，本题不宜使用，请删除。")
        return
    if item.answer == TRUE:
        if statement != sentence:
            bad("key", "答案为“正确”，但题干与出处条款原句不一致，请核对题干，或把答案改为“错误”。")
        return
    if statement == sentence:
        bad("key", "答案为“错误”，但题干就是出处条款原句，请把答案改为“正确”，或修改题干。")
        return
    prefix = len(_common_prefix(statement, sentence))
    suffix = len(_common_prefix(statement[prefix:][::-1], sentence[prefix:][::-1]))
    old, new = sentence[prefix:len(sentence) - suffix], statement[prefix:len(statement) - suffix]
    if (old, new) in _FLIPPED:
        for subject in duty.subjects:
            fact = facts.holds(subject, statement, modalities=(_FLIPPED[(old, new)],))
            if fact:
                bad("key", f"改写后的说法恰好是{_ref(facts, fact.clause_id)}的规定（{fact.text}），"
                                   "答案“错误”不成立，请修改题干。")
        if not duty.subjects:
            bad("key", "原句没有写明承担义务的主体，改写后无法判断对错，本题不宜使用，请删除。")
        return
    s0, s1, old_parties = _mention_span(facts, sentence, prefix, len(sentence) - suffix)
    t0, t1, new_parties = _mention_span(facts, statement, prefix, len(statement) - suffix)
    if (sentence[:s0] != statement[:t0] or sentence[s1:] != statement[t1:]
            or len(old_parties) != 1 or len(new_parties) != 1 or old_parties[0] not in duty.subjects):
        bad("key", "答案为“错误”的题干只应改动原句的一个情态词（应当、不得、可以）或责任主体，现在改动过多，请按原句修改。")
        return
    swapped = new_parties[0]
    if overlaps(swapped, old_parties[0]) or any(overlaps(swapped, n) for n in facts.parties_in(item.explanation)):
        bad("distractor", f"题干中换上的{swapped}与原句中的主体有重叠，说法可能仍然正确，请换一个主体。")
    if same_trade(swapped, old_parties[0]) and not facts.role_marked(sentence[:s0] + sentence[s1:]):
        bad("distractor", f"题干中换上的{swapped}也是企业，而原句未限定主体身份，{swapped}可能同样承担这项义务，请换一个主体。")
    fact = facts.holds(swapped, item.explanation)
    if fact:
        bad("distractor", f"题干中换上的{swapped}同样承担这项义务（{_ref(facts, fact.clause_id)}：{fact.text}），"
                          "答案“错误”不成立，请换一个主体。")


def _check_fill(item: QuizItem, facts: FactBase, bad) -> None:
    core = _core(item)
    if core.count(FILL_BLANK) != 1 or item.options or not isinstance(item.answer, str):
        bad("stem", "填空题的题干应有一个“＿＿＿＿”空格、没有选项、只有一个答案，请修改。")
        return
    if _explained(item, facts, bad) is None:
        return
    if core.replace(FILL_BLANK, item.answer) != as_statement(item.explanation):
        bad("key", "把答案填入空格后与出处条款原句不一致，请核对答案或题干。")
    if not item.answer.strip() or item.explanation.count(item.answer) != 1 or len(item.answer) > 20:
        bad("key", "答案应为原句中只出现一次的词语（不超过20字），请修改答案。")


def _check_multi(item: QuizItem, facts: FactBase, bad) -> None:
    match = _MULTI_STEM.search(item.stem)
    party = _LABEL_PARTY.get(match.group(1)) if match else None
    if party is None:
        bad("stem", "多项选择题的题干应问“下列属于某主体义务（职责）的有”，请按原格式修改。")
        return
    if len(item.options) != 4 or not 2 <= len(item.answers) <= 3 or len(item.sources) != len(item.options):
        bad("options", "多项选择题应有四个选项、其中两到三个正确，每个选项各有出处，请修改。")
        return
    for option, source in zip(item.options, item.sources):
        clause = facts.clauses[source.clause_id]
        carriers = [d for d in clause.duties if _states(facts, d.sentence, option)]
        if not carriers:
            bad("citation", f"{_label(item, option)}“{option}”在其出处{clause.ref}中找不到，请改回条款原文。")
            continue
        if option in item.answers:
            # The text names the holder as the stem does, or more widely (注册人、备案人 covers a
            # stem on 注册人; 注册人 alone does not cover a stem on 注册人、备案人).
            said = {facts.holder_label(party, clause.id, d.sentence)
                    for d in carriers if any(overlaps(s, party) for s in d.subjects)}
            if said and not said & {match.group(1), PARTY_LABELS[party]}:
                bad("key", f"{clause.ref}把{_label(item, option)}所述义务的承担者称为“{'、'.join(sorted(said))}”，"
                           f"与题干中的“{match.group(1)}”不一致，请核对题干或答案。")
            if not any(any(overlaps(s, party) for s in d.subjects) and d.modality == "obligation"
                       and not facts.named_vaguely(d.sentence, d.subjects, clause.text) for d in carriers):
                bad("key", f"{clause.ref}并未规定{party}承担{_label(item, option)}“{option}”，请核对答案。")
        else:
            general = next((f for d in carriers if (f := facts.general_rule(party, clause.id, d.sentence))), None)
            if general:
                bad("distractor", f"干扰项{_label(item, option)}“{option}”所在段落同样约束{party}"
                                  f"（{_ref(facts, general.clause_id)}：{general.text}），可能也是正确答案，请更换。")
            if any(any(overlaps(s, party) for s in d.subjects) for d in carriers):
                bad("distractor", f"干扰项{_label(item, option)}“{option}”在{clause.ref}中正是{party}自己的义务，请更换或改为正确答案。")
            owners = {s for d in carriers for s in d.subjects}
            if any(same_trade(o, party) for o in owners) and not facts.role_marked(option):
                bad("distractor", f"干扰项{_label(item, option)}“{option}”未写明主体身份，{party}可能同样承担，请更换。")
            fact = facts.holds(party, option)
            if fact:
                bad("distractor", f"{party}同样承担{_label(item, option)}“{option}”"
                                  f"（{_ref(facts, fact.clause_id)}：{fact.text}），它不是干扰项，请更换或改为正确答案。")


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
        bad("stem", "案例题的题干应为连贯的叙述，并以问句（？）结尾，请修改。")
    names = [label for label, _ in item.case]
    if not any(name in item.stem for name in names):
        bad("stem", "案例题的题干没有出现案例中的任何一方，请修改。")
    for option in item.options:
        if _DEBRIS.search(option) or not balanced(option):
            bad("stem", f"{_label(item, option)}含有格式符号或不成对的括号（“{option}”），请修改。")


def _check_scenario(item: QuizItem, facts: FactBase, bad) -> None:
    """The key follows from the cited sentence's own words (its party, its 不得, its deadline),
    read against the case's names; no wrong option stands for the key's party."""
    if not 3 <= len(item.options) <= 4 or not isinstance(item.answer, str):
        bad("options", "案例题应有三或四个选项和一个答案，请修改。")
        return
    quoted = re.match(r"^(.*[。；])（[^\n]*）$", item.explanation.split("\n")[0])
    sentence = quoted.group(1) if quoted else ""
    clause = facts.clauses[item.citation.clause_id]
    if not sentence or sentence not in clause.text:
        bad("citation", "案例题的解析应以出处条款的一句原文开头，请改回条款原文。")
        return
    parties: dict[str, set[str]] = {}
    for label, party in item.case:
        parties.setdefault(label, set()).add(party)
    bureaus = {party: label for label, party in item.case}
    one_province = bureaus.get("注册人所在地省级药监部门") == bureaus.get("受托生产企业所在地省级药监部门") is not None
    if one_province and facts.cross_region_only(clause.id, sentence):
        bad("citation", "案例中两家企业在同一省，但出处条款只适用于跨省委托生产，本题不宜使用，请删除或重新生成。")
    key = item.answer
    if "，" in key and key.split("，", 1)[0] in parties:
        # Who and by when ("甲公司，7日内"): each half as its own key.
        who, when = key.split("，", 1)
        # The holder may stand earlier in the same paragraph (持有人…，导致死亡的应当在7日内报告；
        # 导致严重伤害…的应当在20日内报告。): a clause sentence split at ；.
        line = next((ln for ln in clause.text.splitlines() if sentence in ln), sentence)
        lead = line[:line.index(sentence) + len(sentence)]
        if not any(overlaps(p, s) for p in parties[who] for s in facts.parties_in(lead)) or when not in sentence:
            bad("key", f"出处条款原句没有规定{_names(sorted(parties[who]))}在{when}完成，请核对答案。")
        for option in item.options:
            name, _, deadline = option.partition("，")
            if option != key and deadline == when and parties.get(name, set()) & parties[who]:
                bad("distractor", f"{_label(item, option)}“{option}”与答案的主体和时限相同，请更换。")
    elif key in parties:
        said = set(facts.parties_in(sentence))
        if not any(overlaps(p, s) for p in parties[key] for s in said):
            bad("key", f"出处条款原句没有提到“{key}”所代表的{_names(sorted(parties[key]))}，请核对答案。")
        elif facts.named_vaguely(sentence, tuple(parties[key]), clause.text):
            bad("key", f"出处条款原句对{_names(sorted(parties[key]))}的称呼不够明确，无法确定答案，本题不宜使用，请删除。")
        for option in item.options:
            if option != key and parties.get(option, set()) & parties[key]:
                bad("distractor", f"{_label(item, option)}“{option}”与答案指的是同一方，请更换。")
    elif _DEADLINE.match(key):
        if key not in sentence:
            bad("key", f"出处条款原句中没有“{key}”这一时限，请核对答案。")
        if any(o != key and _DEADLINE.match(o) and o in sentence and not _other_case(sentence, o, key)
               for o in item.options):
            bad("distractor", "有一个错误选项的时限也出现在出处条款原句中，且不属于另一种情形，可能也是正确答案，请更换。")
    elif _REFUSAL.match(key):
        if not re.search("不得|禁止|严禁|不能", sentence):
            bad("key", "答案为否定回答（不可以、不得），但出处条款原句没有禁止性规定，请核对答案。")
        if any(_REFUSAL.match(o) for o in item.options if o != key):
            bad("distractor", "有两个选项都是否定回答，请更换其中一个。")
    else:
        bad("key", "答案既不是案例中的一方，也不是时限或否定回答，系统无法核对，请修改答案。")


def _other_case(sentence: str, wrong: str, key: str) -> bool:
    """Both deadlines are in the sentence, each after its own case (一级召回…1日内，二级召回…3日内)."""
    a, b = sentence.find(wrong), sentence.find(key)
    between = sentence[min(a, b):max(a, b)]
    return "，" in between or "；" in between


def _label(item: QuizItem, option: str) -> str:
    """How a trainer finds an option: 选项B."""
    return f"选项{LETTERS[item.options.index(option)]}" if option in item.options[:len(LETTERS)] else "选项"


def _names(parties) -> str:
    return "、".join(parties)


def _ref(facts: FactBase, clause_id: str) -> str:
    """A clause as a lawyer cites it (《办法》第十条), never by its internal id."""
    clause = facts.clauses.get(clause_id)
    return clause.ref if clause else "另一条款"


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]
