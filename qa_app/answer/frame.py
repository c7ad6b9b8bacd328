"""The question frame: what a question asks, read once and passed to every later stage.

``slot`` is the kind of answer wanted (who / whether_must / whether_may / when / items /
how / department / liable / what); ``actor`` the party whose duty is asked about, ``parties``
every party named, ``objects`` those named only as objects, ``several`` whether one line per
party is wanted (分别 / 双方 / 各自 / 还是), ``negated`` whether the question asks about not
doing something (可以不…吗). The rules are named patterns, each tested with paraphrases in
tests/qa_app/test_frame.py.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

SLOTS = ("who", "department", "liable", "whether_must", "whether_may", "when", "items", "how", "what")

# 吗 / 么 close a yes-no question; 什么 does not (需要做什么 asks what, not whether).
_YN = "(?:吗|(?<!什)么|\\?$|？$)"
WHETHER_MAY = re.compile(rf"能不能|可不可以|能否|可否|是否可以|是否允许|允不允许|允许.{{0,12}}{_YN}|可以.{{0,16}}{_YN}"
                         rf"|能.{{0,12}}{_YN}|行不行|行吗|合规吗|违规吗|是否合规|算不算违规")
WHETHER_MUST = re.compile(rf"要不要|需不需要|用不用|是否需要|是否应当|是否必须|是不是必须|是不是要|是不是得|必须.{{0,16}}{_YN}"
                          rf"|需要.{{0,16}}{_YN}|得.{{0,6}}{_YN}|一定要|非要|强制|是否要")
WHO = re.compile(r"谁|由谁|哪一方|哪方|哪家|哪个单位|哪个企业|哪个主体|还是")
DEPARTMENT = re.compile(r"哪个部门|哪些部门|什么部门|哪级|哪一级|哪个局|哪里的局|哪个省局|归口|向哪|找哪")
LIABLE = re.compile(r"责任(?:由|归|算)?谁|谁(?:来)?(?:担责|承担|负责任|兜底|背锅)|承担(?:什么|哪些)?(?:法律)?责任|追责|担责")
WHEN = re.compile(r"多久|多长时间|几天|几个?工作日|期限|时限|什么时候|何时|多少天|多少日|几日|多少小时|几小时|"
                  r"多少个月|几个月|频次|频率|多久一次|几次|截止|有效期|哪天|内完成|来得及")
ITEMS = re.compile(r"哪些(?:条件|内容|要求|材料|资料|事项|情形|情况|方面|项目|文件|信息|要素|职责|义务|记录)"
                   r"|(?:包括|包含|涵盖|具备|满足|符合|写|列|载明|注明)(?:了)?(?:什么|哪些|啥)"
                   r"|(?:什么|啥)(?:条件|内容|要素)|要满足.{0,6}条件|需要具备|都有(?:什么|哪些|啥)|有哪几|哪几[项条个点类]")
HOW = re.compile(r"怎么办|怎么做|怎么处理|如何处理|如何|怎样|怎么|流程|程序是")
# 分别 / 双方 / 各自: one line per party.
SEVERAL = re.compile(r"各自|分别|双方|两地|两个局|两边|委托双方|都要|都需要|也要|也需要|也得|也应|两方|还是")
# 可以不…吗 / 是不是不用…: the question asks about NOT doing it.
NEGATED = re.compile(r"可以不|能不能不|能否不|是不是不用|是否不用|不用.{0,12}吗|不需要.{0,12}吗|可不可以不|是否可以不|免于|豁免")


@dataclass(frozen=True)
class Frame:
    question: str
    slot: str
    actor: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    objects: tuple[str, ...] = ()
    several: bool = False
    negated: bool = False
    sub_questions: tuple[str, ...] = field(default=())

    @property
    def yes_no(self) -> bool:
        return self.slot in ("whether_must", "whether_may")

    def to_dict(self) -> dict:
        return {key: list(value) if isinstance(value, tuple) else value for key, value in asdict(self).items()
                if key != "question"}


def read_slot(question: str) -> str:
    """The kind of answer a question wants. Lists and time limits are asked with their own
    words; a yes/no question is one only if it does not ask who (谁能…吗 asks who)."""
    if ITEMS.search(question):
        return "items"
    if WHEN.search(question) and not WHO.search(question):
        return "when"
    asks_who = WHO.search(question) or DEPARTMENT.search(question)
    if not asks_who and not LIABLE.search(question):
        if WHETHER_MUST.search(question):
            return "whether_must"
        if WHETHER_MAY.search(question):
            return "whether_may"
    if LIABLE.search(question):
        return "liable"
    if DEPARTMENT.search(question):
        return "department"
    if asks_who:
        return "who"
    if HOW.search(question):
        return "how"
    return "what"


def several(question: str, named: tuple[str, ...] = ()) -> bool:
    """Whether one line per party is wanted; "A还是B" only when it names two parties."""
    if not SEVERAL.search(question):
        return False
    return len(named) >= 2 or "还是" not in question


def negated(question: str) -> bool:
    return bool(NEGATED.search(question))
