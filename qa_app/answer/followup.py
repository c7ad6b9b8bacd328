"""Follow-up questions: a turn that leans on the one before it, read as a question of its own.

In a conversation people ask 那生产放行呢？, 还有呢？, 依据是什么？, 有没有时限？ or 他们要报告吗？. Such a
turn is rewritten from the previous (already resolved) question before it is answered, and the
rewriting is returned so that the user sees how the turn was read (理解为：…) and can correct it.
A turn that stands on its own is left as it is. Each rule is tested with paraphrases in
tests/qa_app/test_followup.py.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ingest.duties import PartyLexicon
from ingest.grammar import RECIPIENT
from ingest.tokenize import DATA_DIR
from qa_app.answer import fitted
from qa_app.answer.frame import A_NOT_A, ACROSS, CONSEQUENCE, NOT_DONE, BARE_BUREAU, REGIONS, SIDE_BUREAU, speaker

# 还有呢 / 然后呢 / 还有别的吗 / 除此之外呢: the same question again, answered from the clauses not quoted yet.
MORE = re.compile(r"(?:那|那么)?(?:还有|另外|其他|其它|然后|除此之外|除了这些|除此以外)+(?:别的|其他|其它|没有)?"
                  r"(?:的|吗|呢|什么|要求|规定|条款)*")
# 还得干啥 / 另外还要做什么 / 其他还需要办哪些: what else is to be done, naming no deed of its own.
WHAT_ELSE_DONE = re.compile(r"(?:那|那么)?(?:另外|其他|其它|此外|除此之外)?(?:还|再)(?:得|要|需要|需|应当|应该|必须)?"
                            r"(?:干|做|办|弄|搞)?(?:些|点)?(?:啥|什么|哪些)(?:事|事情|工作|措施)?(?:吗|呢|啊)?")
# 光通知就行了 / 只报告就够吗: whether the deed just named is enough (a word or two, what was answered).
ENOUGH = re.compile(r"(?:那|那么)?(?:光|只|仅|单|只是|仅仅)?[\u4e00-\u9fff]{1,4}?就(?:够|行|可以|完事|没事)了?(?:吗|么|嘛|呢)?")
# 完全不用管了 / 一点责任都没有 / 根本不参与 / 就不用报了: doubting that someone is out of it altogether.
CHALLENGE = re.compile(r"(?:完全|根本|压根|一点(?:儿)?[\u4e00-\u9fff]{0,2}都|什么都|啥都)(?:不|没|无)|就(?:不|没|无)[\u4e00-\u9fff]{1,4}了")
# 之后 / 以后 / 然后 / 接下来 / 下一步: a later moment than the one just answered.
NEXT = re.compile(r"[之以然]后|接下来|下一步|后续|随后")
# 为什么 / 为啥不行 / 凭什么: asking why what was just answered holds.
WHY_ASKED = re.compile(r"为什么|为啥|为何|凭什么|怎么会|(?:什么|啥)(?:道理|原因|理由)")
# 依据是什么 / 出自哪个文件第几条 / 有文件说法吗 / 哪里规定的: asking where the texts say so.
SOURCE_ASKED = re.compile(r"依据|根据|出处|出自|来源|原文|第几条|哪(?:一|个|份|部)?(?:文件|法规|规定|条|款)|哪里(?:规定|写|说)"
                          r"|(?:文件|法规|条文)(?:上|里)?(?:的|有|是)?(?:规定|说法|怎么说|怎么写)")
# What a why or source turn says besides: the answer pointed back at (这么搞 / 这样 / 不行 / 非得这样) and
# little words; anything more is a matter of its own (为什么要做年度自查 asks about that, not the answer).
_BACK_AT_ANSWER = re.compile(r"(?:要|得|非得|一定要)?(?:这么|这样|那样)(?:搞|做|办|规定|要求|定)?|不行|不可以|不能|不让"
                             r"|(?:这个|这条|这项)?(?:限制|禁令)"
                             r"|法律|法规|文件|规定|条文|具体|到底|究竟|有没有|有|没有|在|是|呢|吗|啊|呀|的|了|哪里|哪儿|么")
# 有没有例外 / 什么情况下可以: the exceptions to the rule just asked about.
EXCEPT = re.compile(r"(?:那|那么)?(?:有没有|有无|是否有|有)?(?:例外|特殊情况|例外情况)(?:吗|呢)?|(?:那|那么)?什么情况下(?:可以|不用|例外)(?:呢)?")
# 有没有时限 / 多久 / 期限呢: the time limit of what was just asked about.
TIME_ONLY = re.compile(r"(?:那|那么)?(?:有没有|有无|是否有)?(?:时限|期限|时间要求)(?:要求)?(?:吗|呢)?|(?:那|那么)?(?:要|得)?多久(?:呢)?"
                       r"|(?:那|那么)?几天(?:内)?(?:呢)?|(?:那|那么)?什么时候(?:呢)?")
# 那X呢: the previous question about X instead.
SWAP = re.compile(r"(?:那么|那|如果是|假如是|假设是|若是|要是|万一是|如果|假如|换成)(.{1,16}?)(?:的话)?呢|(.{1,10}?)呢")
# 召回也一样吗 / 三类的是不是也这样 / 经营企业同样适用吗: the previous question asked of X, as X呢 asks it.
# 代工厂是一样的做法吗: the same, said of the requirement or practice.
SAME = re.compile(r"(?:那|那么|如果是|要是)?(.{1,12}?)(?:是不是|是否)?(?:(?:也|同样|也是)(?:一样|这样|如此|适用|同理|照此)"
                  r"|(?:那边|这边)?(?:是|也是)一样的(?:要求|规定|做法))(?:吗|么|嘛|不|呢)?")
# 那代工厂可以吗 / 那注册人也要吗: the previous question asked of another party, as yes or no.
ALSO = re.compile(r"(?:那|那么|如果是|要是)?(.{1,12}?)(?:也|就|还)?(可以|能|行|需要|要|必须|得|应当|用)"
                  r"([\u4e00-\u9fff]{0,3}?)(?:不)?(?:吗|(?<![什怎])么|嘛|不)")
# 代工厂要做什么 / 受托方那边负责啥: the previous topic, asked of the party this turn names.
# 经营企业除了上报还得做啥 / 受托方需要做什么动作吗: besides the deed just answered, or as a yes or no.
PARTY_ASKS = re.compile(r"(.{1,12}?)(?:那边|这边|方面|自己)?(?:除了[^，,？?]{1,6}?(?:以外|之外)?[，,]?)?(?:又|还|呢)?"
                        r"(?:要|需要|应该|该|得)?(?:马上|立即|立刻|先)?(?:做|干|负责|管|办|采取)(?:些|点)?(?:什么|啥|哪些)"
                        r"(?:动作|事|事情|工作|措施)?(?:吗|呢)?"
                        r"|(.{1,12}?)(?:那边|这边)?(?:怎么办|有(?:什么|啥)(?:责任|义务|要求))")
# 最晚什么时候 / 多久内要完成 / 几天内报: the time limit of the previous topic.
# 有规定几天内报吗 / 要求多久完成: asking whether the texts set one is asking for it.
WHEN_ONLY = re.compile(r"(?:那|那么)?(?:有没有|有|是否有)?(?:明确)?(?:规定|要求)?"
                       r"(?:最晚|最迟)?(?:什么时候|多久|多长时间|几天|几日|几个工作日)(?:之?内)?"
                       r"(?:要|得|必须|需要|应当)?(?:完成|报告|提交|报|交|办|做|处理)?(?:完)?(?:呢|吗)?")
# 他 / 她: a person; when the previous question names a role held by one (管代, 质量负责人, 放行人), that role.
PERSON_PRONOUN = re.compile(r"(?<![其])[他她](?![们人])")
# 他们 / 对方 / 这家 / 他: the party of the previous question (他 alone, not 其他 / 他人). 它 is a thing more often
# than a firm (the product, the text: :func:`_points_at_text`), so it is not one of them.
PRONOUN = re.compile(rf"他们|她们|对方|这家(?:企业|公司)?|该企业|这个企业|人家|{PERSON_PRONOUN.pattern}")
PERSON = re.compile(r"管代|管理者代表|(?:质量|企业|主要|技术|生产)?负责人|法定代表人|授权(?:的)?放行人(?:员)?|放行人(?:员)?"
                    r"|检查员|联络员|驻厂(?:人员|的人)|派驻(?:人员|的人)")
# 交给谁 / 向哪个部门报 / 跟哪个部门报备: a question asking whom something goes to, which the answer names.
TO_WHOM = re.compile(r"(?:给|向|跟|找|告诉|通知|报|交|到)(?:谁|哪)")
# 他们 / 对方 / 那边 opening a turn: after a question asking whom something goes to, the ones it goes to.
_THE_ONES_TOLD = re.compile(r"^(?:那么?)?(?:那边|那头)(?!呢)|他们|她们|对方|人家")
# A question whose answer is a party (谁 / 哪个部门 / 告诉谁).
ASKED_WHO = re.compile(r"谁|哪一方|哪方|哪家|哪个部门|哪个单位|哪级|哪个局|哪个省局")
# The words of a question that ask rather than say what it is about.
ASKING = re.compile(r"由谁|是谁|谁来|谁|哪一方|哪方|哪家|哪个部门|哪个单位|哪级|哪些|哪个|哪几|哪里|哪儿|什么|怎么办|怎么处理|怎么做|怎么|怎样|如何"
                    r"|干嘛|干啥|吗|呢|么|是否|要不要|需不需要|能不能|可不可以")
_END = re.compile(r"[？?。！!\s]+$")


# 另外问一下， / 换个问题： / 问个别的： / 顺便问下，: the asker says the turn starts a matter of its own.
NEW_TOPIC = re.compile(r"^(?:另外|此外|顺便|再|还有)?(?:问|请教)(?:一下|一句|下|个)?(?:别的|其他|其它|另外的?)?(?:的)?(?:问题|事)?[：:，,]"
                       r"|^(?:换个|另一个|另外一个|还有一个|再问个|问个别的|说个别的|另外再问个?)(?:问题|话题|事)?[：:，,]"
                       r"|^顺便(?:问|说)?(?:一下|下|一句)?[：:，,]")


def new_topic(question: str) -> bool:
    """Whether a turn opens by saying it asks about something else (另外问一下，… / 换个问题：…): it stands
    alone, whatever it shares with the turn before."""
    return bool(NEW_TOPIC.match(question.strip()))


def unmarked(question: str) -> str:
    """A question without its closing marks (谁负责放行？ -> 谁负责放行): how two turns are compared and read."""
    return _END.sub("", question.strip())


def swaps_kind(question: str, previous: str) -> bool:
    """Whether a turn asks the previous question of another class of device (一类的呢 / 那三类产品呢 / 如果是二类器械呢)
    where that question names a class: the kind takes the place of the kinds named (:func:`_swap`), a reading the
    rules make surely."""
    swap = SWAP.fullmatch(unmarked(question))
    thing = swap and (swap.group(1) or swap.group(2) or "").rstrip("的")
    return bool(thing and _KIND.fullmatch(thing) and _ANY_KIND.search(previous))


def asks_more(question: str) -> bool:
    """Whether a turn asks what else the texts say (还有吗 / 还有别的要求吗 / 其他的呢) or what else is to be done
    (还得干啥 / 另外还要做什么), of the question before it; beside one of those, a clause asking whether what was
    said is enough (光通知就行了？还要做啥) asks the same."""
    parts = [p for p in re.split(r"[，,。；;？?！!\s]+", question) if p]
    return bool(parts) and all(MORE.fullmatch(p) or WHAT_ELSE_DONE.fullmatch(p) or ENOUGH.fullmatch(p) for p in parts) \
        and any(MORE.fullmatch(p) or WHAT_ELSE_DONE.fullmatch(p) for p in parts)


def challenged(question: str, previous: str, lexicon: PartyLexicon) -> tuple[str, ...]:
    """The parties a turn doubts the answer leaves out of the matter just asked about (代工厂就完全不用管了 ->
    受托生产企业; 浙江省局就不参与了吗, after a question that put the plant in 浙江 -> the plant's bureau);
    () for any other turn. The turn names one party before the doubt and little else."""
    turn = unmarked(question)
    found = CHALLENGE.search(turn)
    named = lexicon.mentions(turn[:found.start()]) if found and len(turn) <= 16 else []
    if len(named) != 1:
        return ()
    mention, place = named[0], re.sub(r"^(?:那么?|那)", "", turn[:named[0].start])
    if not place or not any("部门" in p for p in mention.parties):
        return mention.parties
    # 浙江省局: the bureau of the party the previous question placed in 浙江 (产品放在浙江一家工厂代工 /
    # 工厂在浙江); a bureau of a place it did not name is no one in particular.
    side = _side_placed(place, previous, lexicon)
    return (SIDE_BUREAU[side],) if side else ()


# 代工 / 工厂 / 乙方 and 公司 / 品牌 / 甲方: the words of a clause that place the manufacturer or the registrant
# there when it names neither party (产品在江苏的厂代加工 / 公司注册在上海).
_MAKER_WORDS = re.compile(r"代工|代加工|受托|工厂|厂|乙方|生产线")
_OWNER_WORDS = re.compile(r"注册在|公司|品牌|甲方|我们|我司")


def _side_placed(place: str, previous: str, lexicon: PartyLexicon) -> str | None:
    """The side of an entrustment the previous question placed in ``place`` (代工厂在浙江 / 产品在江苏的厂代加工
    -> 受托生产企业; 公司注册在上海 -> 注册人/备案人): the party named in the clause naming the place, else the
    words there that stand for one; None when no clause names the place, or it places no side."""
    for part in re.split(r"[，,、；;。？?]", previous):
        if place not in part:
            continue
        beside = [m for m in lexicon.mentions(part) if m.parties[0] in SIDE_BUREAU]
        if beside:
            return beside[0].parties[0]
        if _MAKER_WORDS.search(part):
            return "受托生产企业"
        return "注册人/备案人" if _OWNER_WORDS.search(part) else None
    return None


# 那我们这边呢 / 我们自己呢 / 我司呢: the previous question asked of the one asking instead of the other side.
_WE_INSTEAD = re.compile(r"^(?:那么?)?(?:我们|我司|我方|咱们)(?:公司|企业|厂|这边|这头|自己|本身|方面)?(?:的话)?呢$")
# 江苏那家工厂 / 这家厂 / 代工厂 / 乙方: the manufacturer named at the head of a clause by what it is.
_MAKER_HEAD = re.compile(r"^[\u4e00-\u9fff]{0,6}?(?:代工厂|工厂|厂子|厂家|乙方|受托方|代工方|厂)")
# 品牌方 / 甲方 / 委托方: the registrant so named.
_OWNER_HEAD = re.compile(r"^[\u4e00-\u9fff]{0,6}?(?:品牌方|甲方|委托方|持证方)")
_SIDE_NAME = {"注册人/备案人": "注册人", "受托生产企业": "受托生产企业"}


def _our_side(turn: str, base: str, lexicon: PartyLexicon) -> str | None:
    """The previous question asked of the one asking (那我们这边呢 after 我们公司在上海，代工厂在江苏，代工厂归哪个局查
    -> 注册人归哪个局查): in the clause that asks, the other side of the entrustment, named as a party or by
    what it is (江苏那家工厂 / 甲方), gives way to the asker's side (see :func:`qa_app.answer.frame.speaker`).
    None when the turn is not such a one, the previous question says no 我们, or its asking clause names
    no other side."""
    if not _WE_INSTEAD.match(turn) or not _WE.search(base):
        return None
    ours = speaker(base, anywhere=True)
    if len(ours) != 1 or next(iter(ours)) not in OTHER_SIDE:
        return None
    side = next(iter(ours))
    other = "受托生产企业" if side == "注册人/备案人" else "注册人/备案人"
    start = max(base.rfind(c) for c in "，,。；;") + 1
    clause = base[start:]
    party = next((m for m in lexicon.mentions(clause) if m.parties[0] == other), None)
    if party:
        at = (start + party.start, start + party.end)
    else:
        head = (_MAKER_HEAD if other == "受托生产企业" else _OWNER_HEAD).match(clause)
        if not head:
            return None
        at = (start, start + head.end())
    return base[:at[0]] + _SIDE_NAME[side] + base[at[1]:]


# 江苏省局 / 江苏那边的药监局 / 浙江省的省局: a bureau named by the province before it.
_PLACE_BEFORE = re.compile(r"^(?:那么?)?([\u4e00-\u9fff]{2,3}?)省?(?:那边|这边|那头)?的?$")


def _bureau_by_place(turn: str, previous: str, lexicon: PartyLexicon) -> str:
    """The turn with a bureau named by a province (湖南省局管哪些) named as the bureau of the side the
    previous question placed there (产品在湖南的厂代工: the manufacturer's); the turn as it is otherwise."""
    for mention in lexicon.mentions(turn):
        place = _PLACE_BEFORE.match(turn[:mention.start])
        if mention.parties != (BARE_BUREAU,) or not place or place.group(1) in REGIONS:
            continue
        side = _side_placed(place.group(1), previous, lexicon)
        if side:
            return SIDE_BUREAU[side] + re.sub(rf"^(?:{_SIDE.pattern})", "", turn[mention.end:])
    return turn


def asks_next(question: str) -> bool:
    """Whether a turn asks what comes after what was just answered (查出问题之后呢 / 然后呢 / 下一步怎么办):
    a later moment, and nothing else it asks for (no time, no party, no yes or no)."""
    turn = unmarked(question)
    return bool(NEXT.search(turn)) and not (_YES_NO.search(turn) or _HOW_LONG.search(turn) or ASKED_WHO.search(turn))


def asks_basis(question: str) -> str | None:
    """"why" when a turn asks why what was just answered holds (为啥要这么搞 / 凭什么不行), "source" when it
    asks where the texts say so (依据是哪条 / 出自哪个文件第几条 / 有文件说法吗), None when it asks anything
    else: each of its clauses asks so and says nothing of its own."""
    kinds = set()
    for part in filter(None, re.split(r"[，,。；;？?！!\s]+", question)):
        why, source = WHY_ASKED.search(part), SOURCE_ASKED.search(part)
        if not (why or source):
            return None
        rest = ASKING.sub("", _BACK_AT_ANSWER.sub("", SOURCE_ASKED.sub("", WHY_ASKED.sub("", part))))
        if len(re.sub(r"^(?:那么?|那)", "", rest)) > 2:
            return None
        kinds.add("why" if why else "source")
    return ("why" if "why" in kinds else "source") if kinds else None


def regulation_terms(path: Path = DATA_DIR / "user_dict.txt") -> frozenset[str]:
    """The regulation's own terms (上市放行, 召回, 质量协议…), the words of the tokenizer's dictionary:
    a question naming one names its matter."""
    return frozenset(line.split()[0] for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def resolve(question: str, previous: str | None, lexicon: PartyLexicon, answered: tuple[str, ...] = (),
            terms: frozenset[str] = frozenset(), cases: tuple[tuple[str, ...], ...] = (), said: str = "") -> str:
    """The question as it would be asked on its own, given the previous question (already
    resolved) and the parties its answer named (``answered``); the question itself when it
    stands alone or there is no previous one. ``terms`` are the regulation's own terms
    (:func:`regulation_terms`): a turn naming one the previous question did not has a matter of its own.
    ``cases`` are the lists of cases the texts give a time limit each (导致死亡 / 导致严重伤害…):
    a turn naming one asks the previous question of it in place of its sibling. ``said`` is the
    previous answer's text: a bare 省局 is the authority it named (:func:`_authority_meant`)."""
    if not previous:
        return question
    read = _read(question, previous, lexicon, answered, terms, cases, said)
    if read == question:
        read = _new_scene(question, previous, lexicon, terms)
    return _in_text(question, previous, read, terms)


def _new_scene(question: str, previous: str, lexicon: PartyLexicon, terms: frozenset[str]) -> str:
    """A turn the rules above leave standing alone, read in the previous question's scene where it names
    no scene of its own but a side by the place the previous question put it (湖南省局管哪些 after
    公司在广东、产品在湖南的厂代工…: that side's bureau, across the provinces)."""
    turn, base = unmarked(question), unmarked(previous)
    placed = _bureau_by_place(turn, base, lexicon)
    if placed != turn:
        return ("跨省委托生产中，" if ACROSS.search(base) else "") + placed + "？"
    head = _BARE_HEAD.search(turn)
    whole = head and re.search(rf"([\u4e00-\u9fff]{{2,6}}?){head.group('noun')}", _CUT.sub("，", base))
    if whole and not lexicon.mentions(turn[:head.start('noun')][-3:]):
        # 报告交哪去 after 定期风险评价报告多久写完: the report just asked about, named in full.
        return turn[:head.start("noun")] + whole.group() + turn[head.end("noun"):] + "？"
    matter = _THIS_MATTER.search(turn)
    asked = [w for w in terms if w in re.split(r"[，,]", base)[-1]]
    if matter and asked:
        # 能把这摊事转给乙方吗 after 不良事件监测归谁管: the matter the previous question asked about.
        return turn[:matter.start()] + max(asked, key=len) + turn[matter.end():] + "？"
    if _THOSE_PEOPLE.match(turn) and not lexicon.mentions(turn) and not PERSON.search(turn):
        # 派去的人具体干嘛 / 那些人归谁管: the people the previous answer spoke of, in its question's scene
        # (派驻的人 / 驻厂人员 name a post of their own); the case it was put in, when it opens with one.
        situation = _opening_case(base, lexicon)
        return (f"{situation}，{turn}" if situation else _in_scene(base, turn)) + "？"
    said_so = _WHAT_TEXT_SAYS.search(turn)
    # What the turn says besides the text and the asking: nothing, or 对 and a party (甲方 / 乙方 as the trade says).
    rest = re.sub(r"^(?:那么?)?(?:按|在|根据)?[里中上的，,]*", "", _REGION.sub("", _WHAT_TEXT_SAYS.sub("", turn)))
    whom = lexicon.mentions(rest[1:])
    if said_so and _TEXT.search(turn) and not _TEXT.search(base) \
            and not any(w in turn and w not in base and not lexicon.mentions(w) for w in terms) \
            and (not rest or rest[:1] == "对" and (rest[1:] in ("甲方", "乙方") or whom and whom[0].start == 0
                                                   and whom[-1].end == len(rest) - 1)):
        # 湖北指南里对乙方怎么说 after 注册人不再委托了，…: what that text says of the party in the case just put
        # (a turn naming a matter of its own, 湖北指南对留样怎么说, asks that).
        situation = _opening_case(base, lexicon)
        if situation:
            return f"{situation}，{turn}？"
    narrowed = _NARROWED.match(turn)
    if narrowed and not any(not any("部门" in p for p in m.parties) for m in lexicon.mentions(narrowed.group("case"))) \
            and not lexicon.mentions(narrowed.group("ask")) and len(narrowed.group("ask")) <= 16:
        case, ask = narrowed.group("case"), narrowed.group("ask")
        if SAME_ASKED.search(ask):
            # 时限一样吗 after 再评价完…报告多久要交: the clause that asks, put to the case, with the matter of
            # the question when that clause does not name it (再评价报告多久要交).
            last = re.split(r"[，,]", base)[-1]
            matter = max((w for w in terms if w in base and not lexicon.mentions(w)), key=len, default="")
            return f"{case}的，{'' if matter in last else matter}{last}？"
        if narrowed.group("event") or narrowed.group("done"):
            # 已经影响到安全了，还能生产吗 / 合作结束了的话，记录放谁手里: in the previous question's situation.
            situation = (_situation(base, turn, lexicon, frozenset()) or "").rstrip("，")
            if situation:
                return f"{situation}，{turn}？"
    return question


# 是怎么说的 / 怎么规定 / 有什么要求: asking what a text says, naming nothing it says it of.
_WHAT_TEXT_SAYS = re.compile(r"(?:是)?(?:怎么|如何)(?:说|讲|规定|要求|写)(?:的)?|(?:有)?(?:什么|啥|哪些)(?:规定|要求|说法)")
# 这摊事 / 这件事 / 这块工作: the matter just asked about, as a thing done or handed over.
_THIS_MATTER = re.compile(r"[这那此](?:摊|件|块|些|项)?(?:事儿?|事情|工作|活儿?)(?![项务故件])")
# 派去的人 / 那些人 / 驻厂的那个人: people the previous answer spoke of, named by what they were sent to do.
_THOSE_PEOPLE = re.compile(r"^(?:那么?)?(?:[\u4e00-\u9fff]{1,4}(?:去|过去|出去|进去|来)?的|那些|这些|那个|这个|那位)(?:人员?|那些人|那个人)")
# 报告 / 这份记录 / 那个方案: a bare noun for a document, opening a clause or after 这/那 (a 自查报告 names its own).
_BARE_HEAD = re.compile(r"(?:^|[，,]|[这那该此](?:个|份|些|项)?)(?P<noun>报告|记录|方案|计划|材料|资料|协议|合同)(?![\u4e00-\u9fff]{0,1}[书单表])")
# Where the name of a document stops, going back from its noun (交个总结报告 -> 总结报告, 把召回计划 -> 召回计划).
_CUT = re.compile(r"[的交写要个份把给在是了将和与及、]|后(?=[\u4e00-\u9fff])")
# 经营企业那块呢？有啥要求: a thing swapped in, then a question of its own about it.
_SWAP_THEN_ASK = re.compile(r"^(?:那么?)?(?P<thing>[^，,？?]{1,10}?)呢[？?](?P<ask>[^，,？?]{2,10})$")
# 要是X的，时限一样吗 / 已经X了，还能Y吗 / 合作结束了的话，Z放谁手里 / 换成X的话，Y: a case put first, with no firm
# of its own, then a short question: the previous question narrowed to that case (or a new event or a changed
# scene in its situation).
_NARROWED = re.compile(r"^(?:那么?)?(?:如果|要是|假如|万一|若是)?(?P<done>已经|换成|改成|变成)?(?P<case>[^，,？?]{2,16}?)"
                       r"(?P<event>了)?(?:的话|的)?[，,](?P<ask>[^，,]+)$")
# 一样吗 / 也这样吗 / 还是那样吗: the same question asked again.
SAME_ASKED = re.compile(r"一样|同样|也这样|也是这样|还是那样|照此")


def _read(question: str, previous: str, lexicon: PartyLexicon, answered: tuple[str, ...], terms: frozenset[str],
          cases: tuple[tuple[str, ...], ...], said: str) -> str:
    """The turn read against the previous question (:func:`resolve`), the text either names aside."""
    turn = unmarked(question)
    base = unmarked(previous)
    if asks_more(turn) or asks_basis(turn):
        return base + "？"
    swapped = _SWAP_THEN_ASK.match(turn)
    situation = swapped and _WH.search(swapped.group("ask")) and not lexicon.mentions(swapped.group("ask")) \
        and _situation(base, turn, lexicon, terms)
    if situation:
        # 经营企业那块呢？有啥要求 after 按某区的要点，对企业瞒报怎么说: the thing put in place of the
        # previous matter, asked what the turn asks, in the previous situation (not beside the old matter).
        return f"{situation.rstrip('，')}，{swapped.group('thing')}{swapped.group('ask')}？"
    told, them = RECIPIENT.search(said) if TO_WHOM.search(base) else None, _THE_ONES_TOLD.search(turn)
    if told and them and not lexicon.mentions(turn[:them.start()]):
        # 结果交给谁？ -> 他们审完要多久 / 那边收到以后怎么办: the ones the answer said it goes to, not the sender.
        turn = turn[:them.start()] + told.group(1) + turn[them.end():]
        return (_in_scene(base, turn) if len(turn) <= 12 else turn) + "？"
    if asks_next(turn) and not lexicon.mentions(turn) and len(NEXT.sub("", _matter(turn, lexicon))) <= 2:
        return _in_scene(base, turn) + "？"  # 接下来怎么办 / 然后呢: what follows, in the previous setting
    if TIME_ONLY.fullmatch(turn) or WHEN_ONLY.fullmatch(turn):
        return f"{topic(base)}有没有时限？"
    if EXCEPT.fullmatch(turn):
        return f"{topic(base)}，有没有例外？"
    turn = _authority_meant(turn, said, lexicon)
    same = SAME.fullmatch(re.split(r"[？?]", turn)[0])
    if same:
        turn = same.group(1) + "呢"  # 再评价也一样吗？我们想省事: as 再评价呢 asks, the remark after it aside
    consequence = CONSEQUENCE.search(turn)
    if consequence and len(turn) <= 16 and (consequence.start() == 0 or NOT_DONE.search(turn[:consequence.start()])) \
            and not _stands_alone(turn, lexicon) and not any(w in turn and w not in base for w in terms):
        # 不做会怎样？ after 持有人要开展再评价吗: the consequence of not doing that.
        return _in_scene(base, turn) + "？"
    turn = _PARTY_PRONOUN.sub(r"\1", turn)  # 那医院他们呢 -> 那医院呢
    person, role = PERSON_PRONOUN.search(turn), PERSON.search(base)
    if person and role and len(turn) <= 30 and not lexicon.mentions(turn[:person.start()]):
        # 企业定了管代以后要报备吗？ -> 他有什么权: the one person the previous question named, not its firm.
        turn = turn[:person.start()] + role.group() + turn[person.end():]
        return (_in_scene(base, turn) if len(turn) <= 12 else turn) + "？"
    if _points_at_text(turn, base):
        return question  # 它对医院有什么要求 after 巴南那份要点…: the text, which :func:`_in_text` puts back
    it = _IT_PARTY.search(turn)
    called = it and re.search(r"(?<![其])它(?=自己|本身|应|要|该|需|能|可以|得|是否|必须|有没有|说了算)", base)
    earlier = called and [m for m in lexicon.mentions(base[:called.start()]) if not any("部门" in p for p in m.parties)]
    if earlier and not lexicon.mentions(turn):
        # 代工厂发现…，它自己该怎么办？ -> 这事它说了算吗: where the previous question called a firm 它, so does
        # this turn (elsewhere 它 is a thing: the product, the text).
        turn = turn[:it.start()] + base[earlier[-1].start:earlier[-1].end] + turn[it.end():]
        return turn + "？"
    if _pointing(turn, lexicon) and len(turn) <= 30:
        named = lexicon.mentions(base)
        bare = re.fullmatch(r"(?:那么?)?对方呢", turn)  # 对方呢: the previous question of the other side
        if answered and ASKED_WHO.search(base) and not bare:
            # 代工厂发现问题要告诉谁？ -> 他们收到后要做什么: "they" are the ones the answer named, not
            # the party that asked (the answer often names only it); failing that, the asker's other side.
            asker = [p for m in named for p in m.parties]
            other = next((p for p in answered if p not in asker), None)
            other = other or next((OTHER_SIDE[p] for p in asker if p in OTHER_SIDE), answered[0])
            bureau = _OTHER_BUREAU.search(turn)
            if bureau and other in BUREAU_ACROSS:
                # 抽检是哪个省局牵头？ -> 能请对方省局帮忙吗: the bureau across from the one the answer named, in
                # the matter asked about (the turn says 省局 itself, so the name is not put before it).
                read = turn[:bureau.start()] + BUREAU_ACROSS[other] + turn[bureau.end():]
                scene = re.sub(r"(?<![但凡还或])是$", "", topic(base))  # …的质量抽检是(哪个省局): the matter, not 是
                return (f"{scene}，{read}" if scene else read) + "？"
            return PRONOUN.sub(other.split("/")[0], turn, count=1) + "？"
        if named:
            mention = named[0]
            word = base[mention.start:mention.end]
            alone = len({p for m in named for p in m.parties}) == 1
            sides = {OTHER_SIDE[p] for p in speaker(base, anywhere=True) if p in OTHER_SIDE}
            across = next((m for m in named if m.parties[0].split("/")[0] in sides), None)
            if OTHER.search(turn) and across:
                # 我们想挑几家代工厂… / 我们是代工厂，注册人来审核… -> 要对方出什么材料: 对方 is the side across
                # from the one asking, as the question named it.
                word = base[across.start:across.end]
            elif OTHER.search(turn) and mention.parties[0] in OTHER_SIDE and (alone or mention.parties[0] == "注册人/备案人"):
                # 注册人不再委托时要做什么？ / 代工厂发现偏差怎么办？ -> 那对方要做什么: the other side of the
                # entrustment. A question naming both sides (代工厂…要通知注册人吗) keeps its first party,
                # unless that is the registrant, whose other side is the manufacturer.
                word = OTHER_SIDE[mention.parties[0]]
            last = max(base.rfind("，"), base.rfind(","))
            asked = next((m for m in named if m.start > last and m.parties == mention.parties), None)
            if bare and asked and word != base[mention.start:mention.end]:
                # 查注册人的是哪个省局？ -> 对方呢: asked of the other side, as 那代工厂呢 would be (where
                # the clause that asks names the party).
                return base[:asked.start] + word + base[asked.end:] + "？"
            us = _WE.search(base, last + 1)
            if bare and not asked and us and OTHER.search(turn) and word != base[mention.start:mention.end] \
                    or bare and not asked and us and across:
                # 我们在浙江，代工厂在安徽，查我们的是哪个省局？ -> 对方呢: the clause that asks names the asker as
                # 我们; the other side takes its place there.
                return base[:us.start()] + word + base[us.end():] + "？"
            turn = PRONOUN.sub(word, turn, count=1)
            situation = _DOES.search(turn) and _opening_case(base, lexicon)
            if situation and len(turn) <= 12:
                # 注册人以后不再委托了，证上要改什么？ -> 对方要干嘛: what the other side does in that case, not
                # beside the stretch of the question that asks (证上要改).
                return f"{situation}，{turn}？"
            return (_in_scene(base, turn) if len(turn) <= 12 else turn) + "？"
    ours = _our_side(turn, base, lexicon)
    if ours:
        return ours + "？"
    named = _whole_party(turn, lexicon, ALSO, PARTY_ASKS)
    if named is not None:
        party, match = named
        theirs = lexicon.mentions(base)
        verb = match.group(3) if match.re is ALSO else ""
        if len(verb) >= 2 and verb not in base and not re.search(r"[做干办弄搞也还]", turn + verb):
            # 注册人每年审核代工厂几次？ -> 受托方能拒绝吗: a deed of that party's own towards the matter just
            # asked about, not the previous question asked of it.
            return f"{topic(base)}，{turn}？"
        if match.re is ALSO and not theirs and not _YES_NO.search(base):
            # 谁负责上市放行？ -> 那代工厂可以吗？: whether that party may/must do it.
            return f"{party}{match.group(2)}{topic(base)}吗？"
        # The case the previous question opens with (同一批货在医院出了几例事件，算群体事件了，…), else the clauses
        # before its first party.
        setting = (_situation(base, turn, lexicon, terms) or "").rstrip("，") or _setting(base, theirs)
        asking = re.split(r"[，,]", base)[-1]
        acted = bool(setting) and bool(lexicon.mentions(setting)) and not lexicon.mentions(asking) \
            and not re.search(r"在[\u4e00-\u9fff]{1,4}$", setting)
        does = match.re is PARTY_ASKS or _DOES.search(verb)  # 受托方需要做什么吗: what it does, as a yes or no
        if does and setting and (not PARTY_ASKS.search(base[len(setting):]) or acted):
            # 注册人决定终止委托，要办哪些手续？ -> 受托方需要做什么: the act is the registrant's, the scene it
            # sets is the other party's too (a side placed somewhere, 注册人在江苏，…, is swapped instead).
            # 群体事件时，持有人几小时内报告？ -> 代工厂那边要干啥: what that party does in the same
            # setting; the previous question's slot (when, to whom) is not this turn's.
            return f"{setting}，{turn}？"
        swapped = _swap(base, party, lexicon) if theirs else base
        if swapped != base:
            return swapped + "？"
        # The party is already the one asked about, or the question named none: what it does there.
        return f"{topic(base)}，{turn}？"
    head, *rest = re.split(r"[，,]", turn, maxsplit=1)
    opening = SWAP.fullmatch(head)
    thing = _SIDE.sub("", _ASIDE.sub("", (opening.group(1) or opening.group(2)).strip())) if opening else ""
    if rest and thing and thing not in base and len(rest[0]) <= 14 and not _stands_alone(rest[0], lexicon):
        # 那召回呢，也能约定给代工厂吗: the thing swapped into the previous question, then what is asked of it.
        first = unmarked(_read(head, previous, lexicon, answered, terms, cases, said))
        if first != head and not first.endswith("）"):
            # 二类产品呢，要多久: a question of its own asks it of the thing in the previous topic.
            return f"{topic(first) if _WH.search(rest[0]) else first}，{rest[0]}？"
    swap = SWAP.fullmatch(turn)
    if swap and len(turn) <= 20 and not ASKING.search(swap.group(1) or swap.group(2)):
        # 那生产放行呢 swaps a thing in; 说明书由谁来写呢 asks a question of its own.
        new = _ASIDE.sub("", (swap.group(1) or swap.group(2)).strip()) or (swap.group(1) or swap.group(2)).strip()
        new = _MADE_INTO.sub("", new) or new  # 要是做三类呢 / 换成是二类呢: the thing is 三类, 二类
        mine = lexicon.mentions(new)
        if mine and mine[0].start == 0 and mine[0].end == len(new) and not lexicon.mentions(base):
            return f"{topic(base, keep_time=True)}，{new}要做什么？"  # 医院那边呢 after a question that named no party
        if mine and mine[0].start == 0 and lexicon.mentions(base) and new[mine[0].end:].rstrip("了") in base:
            # 那医院发现了呢 after 持有人发现…要几天内报告: the same event, another party.
            return _swap(base, new[:mine[0].end], lexicon) + "？"
        sibling = _sibling_case(base, new, cases)
        if sibling:
            return sibling + "？"  # 假如只是重伤，人还活着呢 after 病人用了以后死了，几天内报: the other case
        if CHANGED.search(new) or new.endswith("后") and not re.search(r"[前后]", base):
            # 接到通知后呢: a moment of its own, unless it takes the place of the one asked (开始前 -> 结束后).
            if re.search(r"[后完]$", new) and any(w in new and w in base for w in terms):
                # 召回计划几天内交 -> 召回弄完以后呢: a later moment of the matter the turn names itself;
                # the rest of the previous question (the plan and its time) would draw its clauses back.
                return f"{new}，应当怎么做？"
            return f"{topic(base)}，{new}，应当怎么做？"  # 生产条件要是变了呢: what follows from it
        comma = max(base.rfind("，"), base.rfind(","))
        condition = base[:comma] if comma > 0 else ""
        if mine and mine[0].start == 0 and len(new) - mine[0].end >= (2 if _IF.match(turn) else 3) \
                and not new[mine[0].end:].startswith("的") and mine[-1].end < len(new):
            # 注册证上怎么写代工方 -> 假如代工厂换了名称呢 / 那经营企业卖二类呢: a party and what it does or
            # what befalls it is a case put to the same question, not a thing to put in place of a stretch
            # of it (a bare 如果 makes a case of two characters; else 代工厂自己 would be one). 代工厂的许可证
            # and 代工厂所在地的省局 are things, of a party or a party themselves.
            return f"{new}的，{base[len(condition) + 1:] if condition else base}？"
        swapped = _swap(base, new, lexicon, cases, terms, opening=not (_IF.match(turn) and condition))
        if _IF.match(turn) and condition and swapped.endswith(f"（{new}）"):
            # 检查发现注册人体系未有效运行，会怎么处理？ -> 要是情节严重呢: another case of the same
            # firms (the authority that found it is no part of the case), the same question.
            firms = [condition[m.start:m.end] for m in lexicon.mentions(condition)
                     if not any("部门" in p for p in m.parties)]
            case = _IF.sub("", new) or new
            return f"{'和'.join(dict.fromkeys(firms))}{case}的，{base[len(condition) + 1:]}？"
        if swapped == base and mine:
            return f"{topic(base, keep_time=True)}，{new}负责什么？"  # 代工厂那边呢, when the question was about its work already
        return swapped + "？"
    headless = HEADLESS.match(turn)
    kind = headless and not lexicon.mentions(headless.group(1)) and _swap(base, headless.group(1), lexicon, cases,
                                                                          opening=False)
    if kind and len(turn) <= 20 and not kind.endswith(f"（{headless.group(1)}）"):
        # 一类的归谁 / 三类的也要吗 after 二类产品备案找哪个部门: 的 with its noun left out, the noun of the
        # previous question; the kind named takes the place of its sibling there, the rest is asked of it.
        # A kind with no sibling there (冷链的还有额外规定吗) is a case of the same question, read below.
        return f"{kind}，{turn[headless.end():]}？"
    # A turn without a subject of its own leans even when it names a party: that party is its object.
    matter = _matter(turn, lexicon)
    # 具体怎么做 / 一定要吗 / 违反了怎么办: a short turn that, its asking words aside, says next to nothing of
    # its own (no party, two characters at most) can only be about what was just asked.
    says_nothing = len(turn) <= 10 and len(matter) <= 2 and not lexicon.mentions(turn)
    elliptic = (ELLIPSIS.match(turn) and len(matter) <= 5 or says_nothing) and not any(w in matter and w not in base for w in terms)
    # 生产这块 / 他们 (after a question that named no party): words that point back whatever else the turn says.
    points_back = POINTS_BACK.search(turn) or _pointing(turn, lexicon) and not lexicon.mentions(base)
    # 也 / 还 lean unless the turn names a matter of its own: a party and words of its own are one, unless
    # what the party also does is a bare verb, whose object is the previous question's (没证的厂子也得交吗).
    # 使用单位自己要不要报 / 代工厂那头有没有要交的 / 注册人本身归谁管: a party and a bare verb or the question
    # which side governs it ask about the matter, or in the setting, just put.
    bare = not (elliptic or points_back) and _party_and_bare_verb(turn, base, lexicon, terms)
    alone = _stands_alone(turn, lexicon) and not BARE_VERB.search(turn) and not bare
    if len(turn) <= 24 and (elliptic or points_back or LEANS.search(turn) and not alone or bare
                            or _bare_moment(turn, lexicon)):
        # 定下来之后要备案吗 / 对方接到以后怎么办 / 交给哪个部门: a short turn that leans on the scene before it.
        situation = _situation(base, turn, lexicon, terms) if bare or _acts_itself(turn, base, lexicon, terms) else ""
        if situation is None:
            return turn + "？"  # 召回收尾之后还要交什么: a moment of the matter named, in place of the one asked in
        if THIS_CASE.search(turn) and not situation:
            base = _case_of_another(base, turn, lexicon)
        return (situation + turn if situation else _in_scene(base, turn)) + "？"
    if turn != unmarked(question) and LEANS.search(turn):
        return turn + "？"  # 省局拿到报告以后怎么处理: the authority named, the rest of the turn its own
    return question


# 查完了 / 收到后 / 处理完以后: the moment a verb is done, its object left out (what was just asked about).
_DONE_MOMENT = re.compile(r"^(?:那么?)?[\u4e00-\u9fff]{1,2}?[完到](?:了|以后|之后|后)(?![吗么呢])")


def _bare_moment(turn: str, lexicon: PartyLexicon) -> bool:
    """Whether a turn opens, after the party it may name, with the moment a verb of one or two characters is
    done and no object (查完了多久回复 / 省局收到后审多久): that verb's object is the matter just asked about.
    A turn naming the object (拿到报告以后) says its own."""
    named = lexicon.mentions(turn)
    rest = turn[named[0].end:] if named and named[0].start == 0 else turn
    return bool(_DONE_MOMENT.match(_SIDE.sub("", rest, count=1) if _SIDE.match(rest) else rest))


# 自己 / 本身 / 那边: words after a party that say it is that side (医院自己, 乙方那边), nothing of what is asked.
_SIDE = re.compile(r"自己|本身|自身|这边|那边|这头|那头|方面")
# 归哪边管 / 谁来管 / 管不管: which side governs a party, which the setting just put decides (注册人在江苏、代工厂在安徽).
GOVERNS = re.compile(r"(?:哪边|哪个局|哪级|哪个部门|谁)来?管|管不管|归(?:哪|谁)")


def _party_and_bare_verb(turn: str, base: str, lexicon: PartyLexicon, terms: frozenset[str]) -> bool:
    """Whether a turn names a party and, besides, only a verb whose object it leaves out (使用单位自己要不要报,
    代工厂那头有没有要交的: a verb of one character, or one the previous question used) or asks which side governs
    it in the setting the previous question put (注册人本身归谁管 after 注册人在江苏、代工厂在安徽，…)."""
    named = lexicon.mentions(turn)
    if not named or any(w in turn and w not in base and not lexicon.mentions(w) for w in terms):
        return False
    rest = turn
    for mention in reversed(named):
        rest = rest[:mention.start] + rest[mention.end:]
    rest = _SIDE.sub("", re.split(r"[，,]", rest)[0])
    if GOVERNS.search(rest):
        return bool(_situation(base, turn, lexicon, terms))
    verb = re.sub(r"[那么这也还又要需得应该能会可以是否不了的吧有没么吗呢]", "", ASKING.sub("", rest))
    return len(verb) == 1 or len(verb) == 2 and verb in base


# 湖北那份指南里 / 按巴南区的工作要点: the clause of a question that names a region's text (the text it asks about).
_TEXT = re.compile(rf"[^，,？?]*(?:{'|'.join(REGIONS)})[^，,？?]*?(?:指南|通知|方案|要点|安排|意见|文件|规定)[^，,？?]*")
# 指南 / 那个方案 / 通知里: a text referred to without saying which (通知 the text, not the verb: 要通知谁);
# 国家层面 / 国家规定 / 全国: the national texts.
# 它 opening a clause / 这份文件: the text itself, when the previous question asked about one (召回它 is a thing).
_IT_TEXT = re.compile(r"(?:^|[，,])(?:那么?|按|在)?它(?!们)|[这那该](?:个|份|部)(?:文件|规定|办法|指南|方案|要点|通知)")
_BARE_TEXT = re.compile(rf"指南|方案|要点|[这那该](?:个|份)?通知|通知(?:里|中|上|说|对|要求|规定|提到)|{_IT_TEXT.pattern}")
NATIONAL = re.compile(r"国家(?:层面|局|药监局|的|规定|文件|法规|要求|层级)|全国")


def _in_text(question: str, previous: str, resolved: str, terms: frozenset[str]) -> str:
    """The turn as read, in the text the previous question asked about: a turn that refers to a text without
    saying which (指南要它做什么) is asked of the region's text named before; a turn that asks the national texts
    instead (国家层面有没有规定) asks the previous matter of them, without the region's text. A turn that names
    a region, or a regulation term of its own, is left as it was read."""
    turn, base = unmarked(question), unmarked(previous)
    text = _TEXT.search(base)
    if text and _points_at_text(turn, base):
        return f"{text.group()}，{unmarked(resolved)}？"  # 它在召回上怎么要求: whatever it asks, of that text
    if not text or any(r in turn for r in REGIONS) or any(w in turn and w not in base for w in terms):
        return resolved
    if NATIONAL.search(turn):
        rest = (base[:text.start()] + base[text.end():]).strip("，,")
        return f"{topic(rest, keep_time=True)}，{turn}？"
    if _BARE_TEXT.search(turn) and not any(r in resolved for r in REGIONS):
        return f"{text.group()}，{unmarked(resolved)}？"
    return resolved


# 那边 / 安徽的 / 受托方的 / 当地: words before an authority that say which one is meant.
_WHICH = re.compile(rf"那边|这边|那头|所在|当地|本地|对方|{'|'.join(REGIONS)}")


def _authority_meant(turn: str, said: str, lexicon: PartyLexicon) -> str:
    """The turn with a bare authority (省局 / 药监局) named as the one the previous answer named by its
    place (…应当及时向注册人所在地省级药品监督管理部门报告 -> 省局拿到报告以后怎么处理: that 省局). The
    turn as it is when that answer named none or several, or the turn says which it means (浙江那边的省局)."""
    # The one reported to first (the answer's quote may go on to name the other place's bureau too).
    told = " ".join(m.group(1) for m in RECIPIENT.finditer(said))
    located = {p for m in lexicon.mentions(told) for p in m.parties if "所在地" in p}
    if len(located) != 1:
        located = {p for m in lexicon.mentions(said) for p in m.parties if "所在地" in p}
    if len(located) != 1:
        return turn
    for mention in lexicon.mentions(turn):
        if any("部门" in p for p in mention.parties) and not any("所在地" in p for p in mention.parties) \
                and not _WHICH.search(turn[:mention.start]) and not lexicon.mentions(turn[:mention.start]):
            return turn[:mention.start] + located.pop() + turn[mention.end:]
    return turn


# Words of a turn that take up what the previous question asked about: 这个 / 那些 / 这样 (that one, those,
# so), 也 (the same, of another), …就行了吗 (that much), 额外 / 除了这些 (beyond it), an opening 这 / 那 before a
# thing (那报告: the report of it), and a moment of a bare verb (说了以后, 签完以后: once that is done).
_TAKES_UP = re.compile(r"^这|^那(?!么|边)|这个|这些|这样|这么|那样|那些|也|同样|就(?:行|够|可以|完事|没事)|额外|除了这些|除此"
                       r"|^[\u4e00-\u9fff]{1,2}[了完]?(?:以后|之后|后)")
# The words that make a clause a duty or a question rather than the situation it is asked in (要求 and 要点
# name things; 得到 is no "must").
_NOT_SITUATION = re.compile(rf"(?<![真若如假])要(?!求|点|素|是)|需|应|必须|(?<!获)得(?!到)|能(?!力)|可以|可否|该|多久|多长|多少|{ASKING.pattern}")
# 召回收尾之后 / 协议签完了: the moment a turn opens with (before what it asks then).
_MOMENT = re.compile(r"^(?:那么?)?([^，,？?]{2,10}?)(?:之后|以后|后|完了|完)(?=还|又|要|得|需|应|有|[，,]|$)")


def _acts_itself(turn: str, base: str, lexicon: PartyLexicon, terms: frozenset[str]) -> bool:
    """Whether a turn says what is done in words of its own (合作期间我们能去查留样吗, 自己的生产线要停吗,
    不良事件那块有啥要求) rather than taking up what the previous question asked about (报给谁, 标签上也得写,
    那清单以谁的名义出, 存个档就行了吗) or naming only who is asked (浙江那边的省局管什么: what it does there;
    代工厂生产这块: its part of what was asked): then it asks about a new activity in the same situation."""
    if _TAKES_UP.search(turn) or POINTS_BACK.search(turn) and lexicon.mentions(turn):
        return False  # 代工厂生产这块: a party's part of the matter just asked about
    if any(w in turn and w not in base for w in terms):
        return True
    own = _matter(_WHOSE.sub("", _DOES.sub("", turn)), lexicon)
    return len(re.sub(r"[？?，,、\s]", "", own)) >= 3


# 做什么 / 管啥 / 负责哪些 / 怎么办: asking what someone does, which names no deed of its own.
_DOES = re.compile(r"(?:做|干|负责|管|办|处理|搞)(?:些)?(?:什么|啥|哪些)|怎么办|怎么处理|干嘛|干啥")
# 浙江那边的 / 我们这边: the place or side a party is named by.
_WHOSE = re.compile(r"[\u4e00-\u9fff]{1,4}(?:那边|这边|那头)的?")


def _opening_case(base: str, lexicon: PartyLexicon) -> str:
    """The clauses the previous question opens with that set its case (:func:`_situation` for no turn), without
    the comma that would join them to a turn; "" when it opens with what it asks."""
    return (_situation(base, "", lexicon, frozenset()) or "").rstrip("，")


def _situation(base: str, turn: str, lexicon: PartyLexicon, terms: frozenset[str]) -> str | None:
    """The situation the previous question is asked in, for a turn with an activity of its own: its opening
    clauses that state a case, a place or a text and neither ask nor set a duty (注册人在广东、代工厂在湖南 /
    按湖北指南 / 出现群体投诉时), with the party its next clause opens with when the turn has no subject of
    its own (要停产吗 / 自己的生产线要停吗 after …，持有人要电话上报: 持有人), ready to put before the turn.
    "" when the question opens with what it asks about (nothing to keep apart from its activity); None when
    the turn opens with a moment of the matter the previous question named (召回收尾之后 after 启动召回以后…):
    that moment takes the place of the situation, and the turn stands alone."""
    clauses = re.split(r"[，,]", base)
    kept = []
    for clause in clauses[:-1]:
        if _NOT_SITUATION.search(clause):
            break
        kept.append(clause)
    moment = _MOMENT.match(turn)
    if moment and any(w in moment.group(1) and w in base for w in terms):
        return None
    if not kept:
        return ""
    rest, opening = clauses[len(kept)], lexicon.mentions(clauses[len(kept)])
    subjectless = ELLIPSIS.match(turn) or re.match(r"(?:那么?)?(?:自己|自家)", turn)
    party = rest[:opening[0].end] if opening and opening[0].start == 0 and subjectless else ""
    return "，".join(kept) + "，" + party


def _case_of_another(base: str, turn: str, lexicon: PartyLexicon) -> str:
    """The previous question without the firms it names that the turn does not, when the turn names a
    firm of its own (医院碰到这种事怎么办 after 持有人获知死亡病例几天内报: the case is the previous one's,
    the one it befalls is the hospital); authorities stay, they are part of the case."""
    firms = [m for m in lexicon.mentions(turn) if not any("部门" in p for p in m.parties)]
    if not firms:
        return base
    mine = {p for m in firms for p in m.parties}
    for m in reversed(lexicon.mentions(base)):
        if not any("部门" in p for p in m.parties) and not set(m.parties) & mine:
            base = base[:m.start] + base[m.end:]
    return base


# 如果 / 要是 / 假如 / 只是: the turn puts a case, not a thing, in place of the previous one's.
_IF = re.compile(r"^(?:那么?)?(?:如果|假如|假设|若是|要是|万一|只是|仅仅是|仅是|光是)")


def _setting(base: str, named) -> str:
    """The clauses of a question before the one naming its first party (出现群体事件时，持有人几小时内
    报告 -> 出现群体事件时): the situation it is asked in; empty when the party opens the question."""
    if not named:
        return ""
    before = base[:named[0].start]
    cut = max(before.rfind("，"), before.rfind(","))
    return (before[:cut] if cut >= 0 else before).strip()  # 停产期间代工厂… -> 停产期间, in the party's own clause


def _stands_alone(turn: str, lexicon: PartyLexicon) -> bool:
    """A turn that names its party and says what it asks about in words of its own (注册人也要建立
    追溯体系吗) is a new question, even with 也/还/以后 in it; 代工厂也要吗 is not."""
    return bool(lexicon.mentions(turn)) and len(_matter(turn, lexicon)) >= 4


def _matter(turn: str, lexicon: PartyLexicon) -> str:
    """What a turn says it is about: its words without the parties, the words that ask or lean,
    and the little words (代工厂也要建立追溯体系吗 -> 建立追溯体系; 那他们要交吗 -> 交)."""
    named = lexicon.mentions(turn)
    rest = turn
    for mention in reversed(named):
        rest = rest[:mention.start] + rest[mention.end:]
    rest = LEANS.sub("", ASKING.sub("", _HOW_LONG.sub("", rest)))
    return re.sub(r"[那么这也还又要需得应该能会可以是否不了的吧，,、\s]", "", rest)


def _whole_party(turn: str, lexicon: PartyLexicon, *forms: re.Pattern):
    """(the party, the match) when the turn is one of ``forms`` around a party and nothing else."""
    for form in forms:
        match = form.fullmatch(turn)
        if not match:
            continue
        words = _ASIDE.sub("", (match.group(1) or match.group(2) or "").removeprefix("那").strip())
        found = lexicon.mentions(words)
        if found and found[0].start == 0 and found[0].end == len(words):
            return words, match
    return None


# 医院他们 / 代工厂那帮人: a party named and pointed at again; the pronoun adds nothing.
_PARTY_PRONOUN = re.compile(r"^((?:那|那么)?[\u4e00-\u9fff]{2,8}?)(?:他们|她们|那帮人|那些人)(?=呢|$)")


def _pointing(turn: str, lexicon: PartyLexicon) -> bool:
    """Whether a turn points at the party of the previous question with a pronoun (他们要报吗 / 他说了算吗);
    a pronoun after a party the turn names itself (代工厂出了事，他们要担责吗) points at that party instead."""
    found = PRONOUN.search(turn)
    return bool(found) and not lexicon.mentions(turn[:found.start()])


def _points_at_text(turn: str, base: str) -> bool:
    """Whether a turn's 它 / 这份文件 stands for the region's text the previous question asked about
    (湖北那份指南… -> 它对受托方怎么要求 / 按这份文件…)."""
    return bool(_TEXT.search(base)) and bool(_IT_TEXT.search(turn)) and not any(r in turn for r in REGIONS)


# 它 (not 它们 / 其它): a firm only where the previous question called one so.
_IT_PARTY = re.compile(r"(?<![其])它(?!们)")
# 我们 / 我司 / 咱们: the one asking, named as such (who that is: :func:`qa_app.answer.frame.speaker`).
_WE = re.compile(r"我们|我司|我方|咱们")
_YES_NO = re.compile(r"吗|(?<![什怎那这多])么|吧|对不对|是否|能不能|可不可以|要不要|需不需要|是不是|有没有")
# 对方: the other side of the entrustment (the manufacturer after a question about the registrant,
# the registrant after one about the manufacturer).
OTHER = re.compile(r"对方")
OTHER_SIDE = {"注册人/备案人": "受托生产企业", "受托生产企业": "注册人"}
# 对方省局 / 对方那边的药监局: the bureau of the other side; the bureau across from each side's bureau.
_OTHER_BUREAU = re.compile(r"对方(?:那边|那头)?的?(?:省局|省药监局|药监局|省级药监部门|局)")
BUREAU_ACROSS = {SIDE_BUREAU["注册人/备案人"]: SIDE_BUREAU["受托生产企业"],
                 SIDE_BUREAU["受托生产企业"]: SIDE_BUREAU["注册人/备案人"]}
# 要是变了 / 出了问题 / 不合格了: a new event in the same setting, asking what follows. A refusal or a
# negation (拒不召回 / 不配合 / 逾期未交) is an event too: a thing swapped in is never negated; so is
# what ends in 了 / 之后 / 完 (要是错过了, 召回做完之后).
CHANGED = re.compile(r"变了|变化|出了?问题|不合格|不符合|停产|出事|发现|拒|没有?|未(?!注册|备案)|不(?!良|同)"
                     r"|了$|[之以]后$|完$")
# Words that lean on what was said before: 以后/之后 (after that), 收到 (on receiving it), 也/还/又,
# 这个/这些/那边, 那块/这块 (that part of it), 除了… opening a turn (besides what was said), 有啥额外 /
# 额外要 (beyond it; not 额外 naming a thing), …就行了吗 / 就够了吗 (whether doing that much is enough),
# a bare 那 at the start, an opening 自己 / 自家 (one's own: whose, the question before says), an opening 结果 (the
# result of what was just asked about: 结果不合格怎么办); a turn with one
# of them and little else is read in that scene.
LEANS = re.compile(r"^(?:那|那么|这|这个|这些|该|此|然后)|^(?:那么?)?(?:自己|自家)|以后|之后|完以后|完之后|收到|接到|签完|处置完|也|还要|又|那边|这边|这个"
                   r"|那块|这块|^除了|[有还啥么]的?额外|额外[要需得]|就(?:行|够|可以|完事|没事)了?(?:吗|么|嘛)"
                   r"|^[^，,？?]{1,8}呢[，,]|^(?:那么?)?结果")


# 一类的归谁 / 进口的也要吗 / 植入的算不算: a kind named with 的 and no noun after it, then what is asked of it.
HEADLESS = re.compile(r"^(?:那么?)?(?:如果是|要是|假如是)?([^，,？?的\s]{1,6}?)的(?=归|要|需|也|还|由|谁|能|可|得|算|该|应|怎|是不是|有没有)")
# 也得交吗 / 还要配合吗 / 也要报不: 也 / 还 and a verb of one or two characters closing the clause, its object
# left out because it is the one just asked about (建立质量管理体系 after 也要 names its own).
BARE_VERB = re.compile(r"(?:也|还|都|同样)(?:得|要|需要|需|必须|应当|应该|能|可以|会)?[\u4e00-\u9fff]{1,2}?"
                       r"(?:吗|么|嘛|不|呢)?(?=[？?，,]|$)")
# 生产这块 / 培训那块: "as for that part of it" presumes the matter before, even after a party and words of its own;
# so do 这里头 / 这当中 / 在其中 (in the matter just put), 这种事 / 这类情况 / 此事 (the case just put) and 一并 /
# 一起被 / 跟着被 (along with the one just asked about).
THIS_CASE = re.compile(r"[这此那](?:种|类|件|样的?)(?:事|情况|情形|问题)?|此事")
POINTS_BACK = re.compile(rf"这块|那块|这里头|这里面|这当中|在其中|{THIS_CASE.pattern}|一并|一同|(?:一起|跟着|连带)被")

# 交给哪个部门 / 报给谁 / 要签协议吗 / 谁来签字: a turn that opens with what is done or asked, its
# subject left out as Chinese leaves out what both sides know; with little else in it, it leans.
ELLIPSIS = re.compile(r"^(?:那|那么)?(?:还|也|又)?(?:要|需要|需|得|应该|应当|必须|能|可以|是否|要不要|需不需要|能不能"
                      r"|可不可以|交|报|给|向|找|去|派|签|谁来|由谁|谁签|多久|多长时间|几天|几日|什么时候|哪个部门|哪里)")


def _in_scene(base: str, turn: str) -> str:
    """The turn asked in the setting of the previous question (its words before what it asks)."""
    # A turn asking a time of its own (还要交什么？有没有时限？) keeps the time the previous one asked.
    asks_time = _HOW_LONG.search(turn) or re.search(r"时限|期限|时间要求|什么时候", turn)
    scene, turn = topic(base, keep_time=bool(asks_time)), re.sub(r"^(?:那么|那(?![边头些个里份样种块]))", "", turn)
    return turn if not scene or scene in turn else f"{scene}，{turn}"


# 注册人的 / 山西那边 / 湖北这边: the thing itself is what is swapped in.
_MADE_INTO = re.compile(r"^(?:如果|要是|假如|若是|万一)?(?:做的?是|做|是|换成|改成|改为|变成)?(?=.{2})")
_ASIDE = re.compile(r"(?:的|那边|这边|那里|这里|方面|那块|这块)$")
# Regions with texts of their own: 山西 for 湖北指南 (a region and the words naming its text).
_REGION = re.compile(rf"(?:{'|'.join(REGIONS)})(?:省|市|区)?(?:的)?(?:指南|通知|方案|文件|规定)?")


def _swap(base: str, new: str, lexicon: PartyLexicon, cases: tuple[tuple[str, ...], ...] = (),
          terms: frozenset[str] = frozenset(), opening: bool = True) -> str:
    """The previous question with ``new`` in place of what it stands beside: a party for a
    party (代工厂 for 注册人), a case for the case a text lists beside it (严重伤害 for 死亡), else
    the stretch of the question most like it (生产放行 for 上市放行, 二类产品 for 一类产品); a kind for all the
    kinds named together (一类 for 二类、三类), a regulation term for the one term the question asks about
    (召回 for 不良事件监测), a thing like nothing there for the thing the question opens with (unless not
    ``opening``: a case put to a question that states one); failing all, the previous question about ``new``."""
    mine, theirs = lexicon.mentions(new), lexicon.mentions(base)
    other = _FACING.get(new)
    if other and other in base:
        # 甲方乙方不在一个省，甲方归哪个局查 -> 乙方的呢: the side named in the clause that asks (the last one).
        at = base.rfind(other)
        return base[:at] + new + base[at + len(other):]
    if mine and theirs and _only_parties(new, mine):
        # The party of the clause that asks (the last one): 甲方乙方不在一个省，甲方归哪个局查.
        last = max(base.rfind("，"), base.rfind(","))
        party = next((m for m in theirs if m.start > last), theirs[0])
        return base[:party.start] + new + base[party.end:]
    region, there = _REGION.fullmatch(new), _REGION.search(base)
    if region and there:
        return base[:there.start()] + new + base[there.end():]
    sibling = _sibling_case(base, new, cases)
    if sibling:
        return sibling
    kind, kinds = _KIND.match(new), _KINDS.search(base) or _ANY_KIND.search(base)
    if kind and kinds and (kind.end() == len(new) or new[kind.end():].lstrip("的") in base):
        # 二类、三类器械企业 -> 一类的呢: the kind takes the place of all the kinds named together, not of one
        # of them (the other would still decide the answer); 三类的注册证 after 二类产品的注册证: of the kind.
        # 二类以上 -> 一类的呢: the kind alone, not 一类以上 (a range of kinds is the kind the turn swaps out).
        end = kinds.end() + len(re.match(r"(?:及|或)?(?:以上|以下)?", base[kinds.end():]).group())
        return base[:kinds.start()] + re.match(r"第?[一二三][类级]", new).group() + base[end:]
    counterpart = _counterpart_term(base, new, terms, lexicon)
    if counterpart:
        return base[:counterpart[0]] + new + base[counterpart[1]:]
    best, at = 0, None
    # A regulation term of the question is a word: a stretch that cuts into it (可证 of 生产许可证, for 续证)
    # is no counterpart of the new thing.
    words = [(m.start(), m.end()) for t in terms if len(t) >= 3 for m in re.finditer(re.escape(t), base)]
    for size in (len(new), len(new) - 1, len(new) + 1):
        for start in range(0, max(0, len(base) - size) + 1):
            piece = base[start:start + size]
            if any(a < start + size and start < b and not (start <= a and b <= start + size) for a, b in words):
                continue
            # Shared characters, the end or the start counting double (放行 of 上市放行 / 生产放行,
            # 导致 of 导致死亡 / 导致严重伤害); a stretch of another length counts one less
            # (一类产品, not 类产品, for 二类产品).
            shared = len(set(piece) & set(new))
            score = shared + (piece[-1:] == new[-1:]) + (piece[:1] == new[:1]) - abs(size - len(new))
            # One shared character is not likeness in a thing of four or more (外周血管支架 is not
            # 外面的工厂代, though both open with 外); in a short one it is (三级 for 一级).
            if size > 0 and score > best and (shared >= 2 or len(new) <= 3):
                best, at = score, (start, start + size)
    asking = max(base.rfind("，"), base.rfind(",")) + 1
    done = None if mine else _DONE_TO.search(base, asking)
    if (at is None or best < 2) and done and not lexicon.mentions(done.group(2)):
        # 注册人要建立产品追溯制度吗 -> 那不良事件监测体系呢: the thing done in the clause that asks.
        return base[:done.start(2)] + new + base[done.end(2):]
    if at is None or best < 2:
        head = _TOPIC_HEAD.match(base)
        if opening and head and not mine and not lexicon.mentions(head.group()):
            # 起搏器可以委托生产吗 -> 支架呢: a thing like nothing in the question takes the place of the thing
            # it opens with (the topic, before the verb or the first comma), not of a party.
            return new + base[head.end():]
        return f"{topic(base, keep_time=True)}（{new}）"  # 几天内报 -> 严重伤害的呢: the same time asked
    return base[:at[0]] + new + base[at[1]:]


# 要建立产品追溯制度吗 / 得保存批记录吗: a deed and the thing it is done to, closing the clause that asks.
_DONE_TO = re.compile(r"(建立|制定|设立|设置|配备|保存|保留|提交|开展|签订|办理|留存)([^，,。？?吗呢么]{2,16}?)(?=吗|呢|么|不|$)")
# The two sides of an agreement as the trade names them, each facing the other.
_FACING = {"甲方": "乙方", "乙方": "甲方", "委托方": "受托方", "受托方": "委托方"}
# 二类 / 第三类 / 一级: a kind of product or of recall; 二类、三类 / 第二类和第三类 / 二、三类: kinds named together.
_KIND = re.compile(r"第?[一二三][类级](?:产品|器械|医疗器械|召回)?")
# A class of device or level of recall named anywhere (二类以上, 第三类, 一级召回).
_ANY_KIND = re.compile(r"第?[一二三][类级]")
_KINDS = re.compile(r"第?[一二三](?:类|级)?(?:(?:、|和|与|及|或|以及)第?[一二三](?:类|级)?)+(?<=[类级])")
# 植入式心脏起搏器可以… / 心脏起搏器这种东西，…: the thing a question opens with, before the words asking
# whether it may or must be done (a question asking who, when or how opens with its matter, not a thing).
_TOPIC_HEAD = re.compile(r"^((?:那么?)?[^，,？?]{2,16}?)(?=可以|可否|能|是否|要不要|需不需要|需要|算不算|属不属于|属于)"
                         r"|^([^，,？?]{2,10}?(?:这种|这类|这样的|之类的?)[^，,？?]{0,8}?)(?=[，,])")
# 质量协议里 / 注册证上: a term named as the place something is written, not the thing asked about; 委托生产的话 /
# 召回期间: the setting it is asked in.
_PLACE = re.compile(r"里|中|上|内|的话|时[，,]|的?情况下|期间")
# 谁 / 什么 / 多久 / 怎么: words asking for something other than yes or no.
_WH = re.compile(r"谁|什么|啥|哪|多久|多长|几|怎么|怎样|如何")


def _counterpart_term(base: str, new: str, terms: frozenset[str], lexicon: PartyLexicon) -> tuple[int, int] | None:
    """Where the regulation term stands that a term swapped in takes the place of (召回 for 上市放行 in
    协议中约定上市放行交给代工厂): the one term of the question that is neither ``new`` nor the place
    something is written in (协议中) nor a party. None when ``new`` is no term or the question has not exactly one such."""
    if new not in terms:
        return None
    found: list[tuple[int, int]] = []
    for word in sorted((w for w in terms if w in base), key=len, reverse=True):
        for at in (m.start() for m in re.finditer(re.escape(word), base)):
            if not any(s < at + len(word) and at < e for s, e in found):
                found.append((at, at + len(word)))
    things = [(s, e) for s, e in found if not _PLACE.match(base, e) and base[s:e] not in new and new not in base[s:e]
              and not lexicon.mentions(base[s:e])]
    return things[0] if len(things) == 1 else None


def _sibling_case(base: str, new: str, cases: tuple[tuple[str, ...], ...]) -> str | None:
    """The previous question with the case a text lists beside ``new`` replaced by it (持有人得知死亡
    病例几天内报 -> 严重伤害的呢: 导致死亡…7日内；导致严重伤害…20日内 are one list): the sibling
    shares no character with ``new``, so the likeness of :func:`_swap` cannot find it. A case the
    question states in everyday words (病人用了以后去世了) takes the case word alone (严重伤害, not
    仅仅重伤、人还活着). None when no list names ``new`` and, beside it, a case the question states."""
    for words in map(case_words, cases):
        named = next((w for w in words if w in new or _said(w, new)), None)
        if not named:
            continue
        stated = next((w for w in words if w in base and w not in new and new not in w), None)
        if stated and named in new:
            # 人没死，仅仅重伤: the case named, not the case denied beside it.
            return base.replace(stated, named if re.search(r"[，,]|没|未|不是", new) else new, 1)
        said = re.search(re.escape(stated), base) if stated else next(
            (m for w in words if w != named for m in [_said(w, base)] if m), None)
        if said:
            return base[:said.start()] + named + base[said.end():]
    return None


# 死了 / 去世 / 人没了 / 出了人命, 重伤: how staff say a case the texts name (导致死亡, 导致严重伤害), so that the
# sibling a turn names can take its place; not where it is denied (没死，只是重伤).
EVERYDAY_CASE = {"死亡": r"人没了|出了?人命|死人了?|死掉?了|去世了?|身亡", "严重伤害": r"重伤"}


def _said(word: str, text: str) -> re.Match | None:
    """Where ``text`` states the case ``word`` in everyday words, not denying it."""
    found = re.search(rf"(?<![没未不无])(?:{EVERYDAY_CASE[word]})", text) if word in EVERYDAY_CASE else None
    return found if found and not re.search(r"(?:没|没有|未|不是|并非)$", text[:found.start()]) else None


def case_words(cases: tuple[str, ...]) -> list[str]:
    """What tells the cases of one list apart: each without the words they all open with and the
    words after its first 、 / 或者 / 的 (导致死亡的事件 / 导致严重伤害、可能导致…或者死亡的事件 ->
    死亡 / 严重伤害), without what they all close with; a word of one character is too little to go by."""
    head = len(os.path.commonprefix(cases))
    pieces = [re.split(r"、|或者|或|的", case[head:])[0] for case in cases]
    tail = len(os.path.commonprefix([p[::-1] for p in pieces]))
    return [w for w in (p[:len(p) - tail] for p in pieces) if len(w) >= 2]


# The words that join parties named together (经营企业和使用单位, 注册人、受托生产企业).
_JOINING = re.compile(r"以及|和|与|及|跟|、")


def _only_parties(text: str, mentions) -> bool:
    """Whether ``text`` is one party, or several joined by 和 / 与 / 、 (经营企业和使用单位), and nothing else:
    the whole of it then takes the place of the party the previous question asks about."""
    rest = text
    for mention in reversed(mentions):
        rest = rest[:mention.start] + rest[mention.end:]
    return not _JOINING.sub("", rest)


def topic(question: str, keep_time: bool = False) -> str:
    """What a question is about: the question up to the words that ask (二类产品备案找哪个部门 ->
    二类产品备案), or without them when they open it (谁负责上市放行 -> 负责上市放行), keeping the
    thing 什么 / 哪些 stands before (要办什么手续 -> 要办手续; not 什么时候). A yes/no
    question asked with 能不能 / 是否 in its middle is about what it asks whether (成品检验能不能委托
    检测机构做 -> 成品检验能委托检测机构做), so that form gives way to its verb instead of ending it.
    So does the time it asks for (几天内要上报 -> 要上报; 有没有时限): a turn asking something else does
    not inherit it, unless ``keep_time`` (a thing swapped in that leaves the rest of the question as it was).
    A short question put after the main one (要不要报告？报哪一级) is no part of the topic."""
    question = _AFTERTHOUGHT.sub("", question)
    if not keep_time:
        question = _HOW_LONG.sub("", _ASKS_IF_ANY.sub("", question))
    question = re.sub(r"是否", "", A_NOT_A.sub(r"\1", question))
    found = ASKING.search(question)
    head = question[:found.start()] if found and found.start() >= 4 else ASKING.sub("", question)
    thing = _END.sub("", question[found.end():]) if found and found.start() >= 4 and found.group() in ("什么", "哪些") else ""
    if 0 < len(thing) <= 4 and not ASKING.search(thing) and not thing.startswith("时"):
        head += thing  # 做什么评估 -> 做评估: the thing the asking word stands before is part of the topic
    return re.sub(r"(?:[找问去由向归给跟和与要会应该需得，,\s]|(?<!提)交)+$", "", head)  # 交给, not 提交


# 要不要报告？报哪一级: a short question put after the one that says what the matter is.
_AFTERTHOUGHT = re.compile(r"[？?][^？?]{1,8}$")
# 最晚几天内 / 多快 / 至少多长时间 / 几月底前 / 几号之前: the time a question asks for (厂家多快要通知到经销商).
_HOW_LONG = re.compile(r"在?(?:最晚|最迟|至少|最多)?(?:多久|多快|多长时间|几天|几日|几个(?:工作日|小时|月)|几小时|几月底?|几号)"
                       r"(?:之?内|之?前)?")
# 通知客户有没有时间要求 / 备案有无期限: asking whether the thing has one; the topic is what comes before.
_ASKS_IF_ANY = re.compile(r"(?<=.{4})(?:有没有|有无|是否有)[\u4e00-\u9fff]{1,4}$")


# -- candidate readings -------------------------------------------------------------------------
# The rules above give one reading of a turn. ``readings`` gives a handful, made each in one plain way;
# the answerer answers each and a fitted model chooses one (qa_app/data/followup_choice.json,
# ``python -m evals.followup_choice_study --write``).
GENERATORS = ("alone", "rules", "swap", "appended", "topic")
# The generators whose readings the answerer answers: each costs an answer (~40 ms), and on the spent
# conversation sets the swap and the previous matter alone were seldom the right reading where these were not
# (evals/results/FOLLOWUP-CHOICE-STUDY.md).
ANSWERED = ("alone", "rules", "appended")
MAX_READINGS = 6


def readings(question: str, previous: str, lexicon: PartyLexicon, answered: tuple[str, ...] = (),
             terms: frozenset[str] = frozenset(), cases: tuple[tuple[str, ...], ...] = (),
             said: str = "", generators: tuple[str, ...] = ANSWERED) -> list[tuple[str, frozenset[str]]]:
    """The candidate readings of a follow-up turn, each with the generators (:data:`GENERATORS`) that made
    it, deduplicated, at most :data:`MAX_READINGS`: the turn alone; :func:`resolve`'s reading; the previous
    question with the turn's party or regulation term in place of its own (:func:`substituted`); the
    previous question with the turn after it; the turn with the previous question's matter only
    (:func:`with_matter`: not its case, party or asking words, which the turn may replace)."""
    turn, base = unmarked(question), unmarked(previous)
    made = [("alone", question),
            ("rules", resolve(question, previous, lexicon, answered, terms, cases, said)),
            ("swap", substituted(turn, base, lexicon, terms, cases)),
            ("appended", f"{base}，{re.sub(r'^那么?', '', turn)}？" if turn and base else None),
            ("topic", with_matter(turn, base, lexicon, terms))]
    out: dict[str, set[str]] = {}
    for name, reading in made:
        if reading and name in generators:
            out.setdefault(reading, set()).add(name)
    return [(reading, frozenset(names)) for reading, names in list(out.items())[:MAX_READINGS]]


def _own_terms(text: str, lexicon: PartyLexicon, terms: frozenset[str]) -> list[str]:
    """The regulation terms ``text`` names that are no party, the longest where one holds another, in order."""
    found = sorted((w for w in terms if len(w) >= 2 and w in text and not lexicon.mentions(w)), key=len, reverse=True)
    kept: list[str] = []
    for word in found:
        if not any(word in other for other in kept):
            kept.append(word)
    return sorted(kept, key=text.find)


def substituted(turn: str, base: str, lexicon: PartyLexicon, terms: frozenset[str],
                cases: tuple[tuple[str, ...], ...] = ()) -> str | None:
    """The previous question with what the turn names new in place of the same kind of thing there: a party
    for a party, else a regulation term for a term (:func:`_swap` finds the stretch); None when the turn
    names nothing the previous question lacks."""
    mine = [turn[m.start:m.end] for m in lexicon.mentions(turn)]
    new_party = next((w for w in mine if w not in base), None)
    if new_party and lexicon.mentions(base):
        return _swap(base, new_party, lexicon) + "？"
    new_terms = [w for w in _own_terms(turn, lexicon, terms) if w not in base]
    if new_terms:
        swapped = _swap(base, max(new_terms, key=len), lexicon, cases, terms)
        return None if swapped.endswith("）") else swapped + "？"
    return None


def with_matter(turn: str, base: str, lexicon: PartyLexicon, terms: frozenset[str]) -> str | None:
    """The turn's own words with the matter of the previous question (its regulation terms that are no party
    and that the turn does not name) put before them: the previous question's case, party and asking words
    are dropped. None when the previous question names no such term."""
    matter = [w for w in _own_terms(base, lexicon, terms) if w not in turn][:3]
    if not matter or not turn:
        return None
    return f"{'、'.join(matter)}：{re.sub(r'^那么?', '', turn)}？"


# -- choosing a reading ----------------------------------------------------------------------------
CHOICE = fitted.DATA / "followup_choice.json"
# What the chooser knows of each reading and its answer (evals/followup_choice_study.py fits the weights).
OWN_FEATURES = ("alone_own_ask", "alone_own_thing", "alone_short", "confidence", "abstained", "coverage", "fit",
                "repeats", "turn_cover")
FEATURES = (*(f"made_{g}" for g in ANSWERED), *OWN_FEATURES)
_ASKS_OWN = re.compile(rf"{_WH.pattern}|吗|么|是否|能不能|要不要|需不需要|有没有")


def load_choice(path: Path = CHOICE) -> dict | None:
    """The fitted chooser's weights, or None where none were written (then the rules' one reading is used)."""
    return fitted.load(path, FEATURES)


def _first_clause(answer) -> str:
    return (answer.evidence or [c.clause_id for c in answer.citations[:1]] or [""])[0]


def features(question: str, previous: str, answered, made: frozenset[str], answer, tokens,
             generators: tuple[str, ...] = ANSWERED) -> list[float]:
    """The chooser's features (:data:`FEATURES`) of one reading: which generators made it; for the turn alone,
    whether the turn asks its own question, names a thing the previous question lacks, is short; of its
    answer: the confidence, whether it abstains, its signals' coverage and fit, whether it rests on the clause
    the previous answer rested on, and the share of the turn's own words its first clause has."""
    turn, base = unmarked(question), unmarked(previous)
    alone = float("alone" in made)
    own = [t for t in dict.fromkeys(tokens(re.sub(r"^那么?", "", turn))) if len(t) >= 2 and t not in base]
    first = _first_clause(answer)
    text = next((c.text for c in answer.citations if c.clause_id == first), "")
    words = set(tokens(text)) if text else set()
    signals = answer.signals
    return [*(float(g in made) for g in generators),
            alone * bool(_ASKS_OWN.search(turn)), alone * bool(own), alone * (len(turn) <= 8),
            float(answer.confidence), float(answer.abstained),
            float(signals.coverage) if signals else 0.0, float(signals.fit) if signals else 0.0,
            float(bool(first) and first == _first_clause(answered)),
            sum(t in words for t in own) / len(own) if own else 0.0]


score = fitted.score  # the model's score of one reading (standardized features, a dot product)


# The lead (in the model's score) another reading needs over the first, the turn as asked: below it the turn is
# answered as asked. With the chooser fitted on blind_conv2..17 it costs one turn of 562 on the study's folds against a
# lead of 0.25 (301 against 302 right first clauses) and keeps a complete question of its own (植入类的能委托吗 after a
# question on the agreement, a lead of 0.254) from being glued to the one before.
PLAINER = 0.3


def choose(model: dict, read: list, question: str, previous: str, answered, tokens) -> int:
    """The index in ``read`` ((reading, generators, answer) triples) of the reading the model rates highest;
    ties go to the earlier one (the turn alone, then the rules' reading), and the first one is kept unless another
    leads it by more than :data:`PLAINER`. An earlier reading whose answer rests
    on the same clause is given instead: it is right exactly when the chosen one is (the study scores the first
    clause), and the user is shown the plainer reading (the turn as asked rather than glued to the one before)."""
    scored = [score(model, features(question, previous, answered, made, answer, tokens)) for _, made, answer in read]
    best = max(range(len(read)), key=lambda i: (scored[i], -i))
    if scored[best] - scored[0] <= PLAINER:
        best = 0
    clause = _first_clause(read[best][2])
    return next(i for i in range(best + 1) if _first_clause(read[i][2]) == clause)
