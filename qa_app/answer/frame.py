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

from ingest.grammar import spans

# Regions with texts of their own (the Hubei guide, the Shanxi notice, the Chongqing Banan plan).
REGIONS = ("湖北", "山西", "晋城", "重庆", "巴南")
SLOTS = ("who", "department", "liable", "whether_must", "whether_may", "when", "items", "how", "what")

# A yes/no question is recognised by its form, not by a list of phrasings: a closing 吗/么/嘛,
# a 吧 that asks for confirmation (可以兼职吧), a closing 不/没 (还要办证不？) (not 什么/怎么/那么),
# 是否/有无, or an A-not-A verb (能不能, 要不要, 是不是, 可不可以, 有没有). 干嘛/搞嘛 is "what"
# (要干嘛 = 要做什么): its 嘛 asks what is to be done, not yes or no.
CLOSING = re.compile(r"(?:吗|(?<![什怎那多这])么|(?<![干搞])嘛|吧|(?<=[\u4e00-\u9fff])(?:不|没有?))"
                     r"(?:[，,][^，,？?。]{0,8})?[？?。！!\s]*$")
A_NOT_A = re.compile(r"([能要是可需用该行得准有算会在属])[不没]\1")
WHETHER = re.compile(rf"是否|有无|{A_NOT_A.pattern}")
# Which yes/no: may (permission) or must (duty), whichever word comes first.
_MAY_WORDS = (r"可以|可不可|可否|准不准|(?<![功职智效性产])能(?!力|够证明)|允许|准许|允不允许|行不行|行吗|行不(?=[？?。！!\s]*$)"
              r"|合规|违规|违法|算不算"
              r"|被允许|没问题|没事|可行|符合(?:要求|规定|法规|规范)")
_MUST_WORDS = r"只能|只可以|只许|只准|必须|需要|需不需|无需|不需|要不要|用不用|不用|应当|应该|该不该|得|义务|强制|一定|非得|必要|要求|要"
MODAL_WORD = re.compile(f"({_MAY_WORDS})|({_MUST_WORDS})")
WHO = re.compile(r"谁|由谁|哪一方|哪方|哪家|哪个单位|哪个企业|哪个主体|还是")
# The one a report or filing goes to is asked (向哪个部门报告, 报给谁, 交到哪里, 找哪个局备案).
TO_WHOM = re.compile(r"(?:向|给|交给|报给|送给|交到|报到|送到|找)(?:哪|谁)|(?:报|交|送|提交|报送|备案)(?:给|到)?(?:哪个|哪里|哪儿|谁)")
# 哪个省的药监局 / 哪边的局 / 哪个药监局 / 归哪个省管: the bureau asked for by its place.
DEPARTMENT = re.compile(r"哪个部门|哪些部门|什么部门|哪级|哪一级|哪个局|哪里的局|哪个省局|归口|向哪|找哪"
                        r"|哪(?:个|一个|家|边|里)(?:省|市|地方)?的?(?:药监局|药监部门|药品监督管理部门|监管部门|局)"
                        r"|哪个省(?:来)?(?:管|负责|监管|查)")
# 归哪个局管 / 由哪个省的药监局查 / 哪级部门负责检查: a question asking which authority governs a firm, which the
# firm it names is the object of, not the one who acts.
GOVERNED_BY = re.compile(rf"归(?:{DEPARTMENT.pattern})|(?:{DEPARTMENT.pattern})[^，,。？?]{{0,6}}?"
                         r"(?:管|查|检查|监管|监督|核查|负责)(?![理部人]|管理)"
                         r"|哪个省(?:来)?(?:管|负责|监管|查)|归哪(?:个|一个)?(?:省|市|地方|边)")
# Liability: 责任归谁, 谁担责, and "who answers for it" once something went wrong (出了问题谁负责);
# also who answers for an outcome (谁对产品的安全有效负责) and whose fault it is (算谁的, 是谁的责任).
# (谁负责审核 asks who does something: 负责 alone, without what is answered for, is no liability.)
LIABLE = re.compile(r"责任(?:由|归|算|在)?谁|谁对[^，,。？?]{0,24}(?:质量|安全|有效|后果|结果|问题|损害|事故|缺陷)[^，,。？?]{0,6}"
                    r"(?:负责(?!人)|兜底|负总责|担责|背锅)"
                    r"|谁的(?:责任|锅|过错)|算谁的|谁(?:来)?(?:担责|承担|负责任|兜底|背锅|负总责)|承担(?:什么|哪些)?(?:法律)?责任|(?:各|分别)?[担负](?:什么|哪些)(?:法律)?责任|追责|担责"
                    r"|(?<![负承分])担(?:还是|[吗呢？?]|$)|责任(?:由|归|算|在)[^，,。？?]{1,12}还是"  # 是品牌方担还是工厂担
                    r"|(?:出了?|发生)[^，,。？?]{0,8}(?:问题|事故|事|缺陷|损害)[^。？?]{0,12}(?:谁|哪方|哪一方)(?:来)?负责"
                    r"|(?:出了?|发生)[^，,。？?]{0,8}(?:问题|事故|事|缺陷|损害)[^。？?]{0,16}负责还是")
# 最终谁负责 / 到底谁兜底 / 归根结底谁担 / 谁负总责: the question asks for the one party the law makes answerable
# in the end, not for everyone who answers for a part.
# (到底 alone only presses the question: 到底是A负责还是B负责 asks which of two, each with its share.)
ULTIMATE = re.compile(r"最终|兜底|归根(?:结底|到底)|最后(?:是|由)?谁|负总责|总责任|第一责任")
# Who inside a firm does it (公司里该谁牵头, 注册人内部由谁组织, 哪个岗位签字): a post the rule names
# (管理者代表, 质量管理部门负责人), not the firm, is the answer.
WITHIN = re.compile(r"内部|公司里|企业里|厂里|(?:哪个|什么)(?:岗位|职位|人员?)|哪位")
WHEN = re.compile(r"多久|多长时间|(?:几|多少)个?(?:工作日|天|日|小时|月|年|周)|期限|时限|年限|时间(?:要求|限制|规定)|什么时候|何时|频次|频率|几次|截止|"
                  r"有效期|哪天|内完成|来得及|最晚|最迟|提前多|多快")
# Words that ask how long or by when themselves (有效期 or 频次 alone may be the topic of a yes/no question).
HOW_LONG = re.compile(r"多久|多长|几|多少|什么时候|何时|最晚|最迟|截止|哪天|多快|时限|期限|年限|时间(?:要求|限制|规定)")
# A list is asked for with 哪些/哪几 (not of parties: 哪些部门/单位/企业 ask who), 包括什么, 几级/几类.
ITEMS = re.compile(r"哪(?:些|几)(?!部门|单位|企业|机构|方(?!面|式|法)|家|级|个局|个省)"
                   r"|(?:包括|包含|涵盖|具备|满足|符合|写|列|载明|注明|标注?|明确)(?:了)?(?:什么|哪些|啥)"
                   r"|(?:什么|啥)(?:条件|内容|要素|情形)|(?:什么|啥)情况下|要满足.{0,6}条件|需要具备|都有(?:什么|哪些|啥)"
                   # 公司里要设哪些部门: the departments a firm sets up are a list, not who acts.
                   r"|(?:设|设置|设立|配备|配置|成立|组建)(?:了)?哪(?:些|几)个?(?:部门|机构|岗位)"
                   r"|几(?:级|类|种|项|大类|条|点|方面|部分|个方面|个部分|个环节|个步骤|个级别|个等级|个类别)"
                   r"|哪[二三四五六七八九十两]+(?:项|条|类|个|点|种|方面|件事)"
                   # 什么样的产品算缺陷产品 / 什么样的情况才属于…: what a term takes in, which its definition lists.
                   r"|什么样(?:的)?[\u4e00-\u9fff]{0,6}?(?:才)?(?:算|属于|叫|称为|构成)")
# What a list question asks for, by its noun: the words after 哪些/哪几个 (哪几个部门的职责 -> 部门, 列了哪几项
# 法定义务 -> 法定义务), else the words before a closing 有哪些/分为哪几种 (结论有哪几种 -> 结论). A list whose
# lead-in names it is of that thing; one that names another thing (a penalty's 有下列情形之一的) is not.
_COUNTER = r"(?:哪(?:些|几)(?:个|类|种|项|位|条|块|大类)?|几(?:个|类|种|项|位|条|块|大类))"
_NOUN_END = r"(?=[的得地之要需应须可能会是由只在下呢吗吧啊了就都还才让给把被对向从和与及或并，,。？?！!\s]|$)"
NOUN_AFTER = re.compile(rf"{_COUNTER}([\u4e00-\u9fff]{{2,4}}?){_NOUN_END}")
NOUN_BEFORE = re.compile(rf"([\u4e00-\u9fff]{{2}})(?:都|一共|共|主要|具体|大致)?(?:有|包括|包含|分为|分成|是){_COUNTER}"
                         r"[？?。！!\s]*$")
# Nouns that ask for anything at all (哪些东西, 哪些方面): they name no kind of list.
_ANY_THING = {"东西", "事情", "事儿", "地方", "方面", "例子", "情况"}


def asked_nouns(question: str) -> tuple[str, ...]:
    """The noun a list question asks for, as the words a list's lead-in would name it by: a two-character
    word, or both halves of a four-character one (法定义务 -> 法定, 义务: its head is the second); () if
    it names none."""
    found = NOUN_AFTER.search(question) or NOUN_BEFORE.search(question)
    if not found:
        return ()
    noun = found.group(1)
    halves = (noun[:2], noun[2:]) if len(noun) == 4 else (noun[:2],) if len(noun) == 2 else (noun,)
    return tuple(h for h in halves if h not in _ANY_THING)


HOW = re.compile(r"怎么办|怎么做|怎么处理|如何处理|如何|怎样|怎么|流程|程序是")
# 分别 / 双方 / 各自: one line per party.
# 怎么分工 / 监管部门之间怎么通报 ask how a matter is shared out, which is each one's part (not 双方之间的协议).
BETWEEN = r"之间[^，,。？?的]{0,6}(?:怎么|如何|怎样)"
# 经销商和注册人各自怎么报 / 工厂与品牌方分别要做哪些事 / 各向哪个部门: 各自/分别 distributes over the parties joined
# right before it; they are the ones asked about, and any other party named (医院反馈的…) sets the scene.
EACH = re.compile(r"各自|各(?:管|负责|承担|担|负|干|做|需|要|该|有|向|找|去|报|交)|分别")
SEVERAL = re.compile(rf"{EACH.pattern}|双方|两地|两个(?:省)?局|两边|另一个(?:省)?局|委托双方|都要|都需要|也要|也需要"
                     rf"|也得|也应|两方|还是|分工|{BETWEEN}")
# What may join two parties (和/与/及/跟/、), or nothing between two words for one (我们注册人).
_JOINED = re.compile(r"(?:和|与|及|以及|跟|同|、)?(?:我们|我方|咱们)?")
# What may stand between the last party and 各自 (两家 / 在召回中 / 这边).
_BEFORE_EACH = re.compile(r"[^，,。？?；;！!]{0,4}")
# The bureau of each side of an entrustment, and what makes a question's bare 省局 one of them: in a
# question about an entrustment (委托, 代工厂, 品牌方…), one set across regions (跨省委托, 注册人在江苏、
# 代工厂在浙江, 两个省局, 另一个省局) means the bureaus of both places, one speaking for a side (我们)
# its own. (召回由哪个省局管，外省药监干什么 is about no entrustment: any province's bureau.)
SIDE_BUREAU = {"注册人/备案人": "注册人所在地省级药监部门", "受托生产企业": "受托生产企业所在地省级药监部门"}
BARE_BUREAU = "省级药监部门"
ACROSS = re.compile(r"跨(?:省|区域|地区|地域)|异地|外省|两(?:个|边|地)(?:的)?(?:省)?局|两地|另一(?:个|边)(?:的)?(?:省)?局"
                    r"|在[\u4e00-\u9fffA-Z]{1,4}[，,、；;][^。？?]{0,12}?在(?!同一)[\u4e00-\u9fffA-Z]{1,4}")
ENTRUSTED = re.compile(r"委托|代工|受托|代加工|贴牌|OEM|工厂|品牌方|甲方|乙方")
# A交了就行 / A报了就够了: what one party does offered as enough (for a question naming two).
ENOUGH = re.compile(r"就(?:行|够|可以|完事|得了)")
# Words that name two parties by themselves (委托双方, 两地省局).
BOTH = re.compile(rf"双方|两地|两个(?:省)?局|两边|两方|各方|委托双方|另一个(?:省)?局|{BETWEEN}")
# 可以不…吗 / 是不是不用… / B不用交？: the question asks about NOT doing it (用不用/需不需要 ask either way);
# the 能 of a noun (产能不够, 性能不达标) is no "may". A 不 that closes the question (…兼任可以不？) asks
# "or not", like a closing 吗: nothing follows it that it could deny.
NEGATED = re.compile(r"(?:可以|(?<![功职智效性产])能|能否|可否|可不可以|能不能|是否可以)不(?!得|能|同|良|合格|符合|超过|少于"
                     r"|(?:[，,][^，,？?。吗么]{0,8})?[？?。！!\s]*$)"
                     r"|(?:是不是|是否|就|都|还)(?:就|都|可以)?不(?:用|必|需要|需)|(?<!用)不用.{0,12}[吗么了吧？?]|(?<!需)不需要.{0,12}[吗么吧？?]"
                     r"|免于|豁免|免除|免办|免做|免交|免报|免责|一笔勾销|不(?:再)?追究"
                     # 代工厂这边就没事了吧 / 我们就没责任了吗: a proposal that nothing is left to do.
                     r"|就没(?:啥|什么|有)?(?:事|责任|义务)(?:了)?[吧吗么嘛？?]"
                     # 供应商就不审了，可以吗 / 这份报告我们不交了行不行: a proposal of no longer doing it, put to a "may".
                     r"|不(?!得|能|同|良|合格|符合|超|少|到|足|够|行|对|是|在|见|会|再|清|明|了)[\u4e00-\u9fff]{1,4}?了"
                     r"[，,]?(?:这样|这么做|这么办|这样做)?(?:可以|行|能|合规|允许|没问题|没事|可行)"
                     # 标签上不印代工厂信息，行吗 / 不留样行不行: a proposal of not doing it, put to a "may".
                     r"|不(?!得|能|同|良|合|符|超|少|到|足|够|行|对|是|在|见|会|再|清|明|了|予|涉|属|定|然|仅|但|过|知|久|一|利|规|当|必|需|用|要|方便)"
                     r"[\u4e00-\u9fff]{1,12}?[，,]?(?:这样|这么做|这样做)?(?:可以|行|合规|允许|可行)(?:吗|么|吧|不行|不|[？?])")
# 先接着用 / 继续发货 / 照常生产 / 边整改边卖: going on as before, which a rule to halt (应当暂停…) forbids.
CARRY_ON = re.compile(r"继续|接着|照常|照样|照旧|边[\u4e00-\u9fff]{1,4}边")
# 会不会被罚 / 要罚款吗 / 会被追责吗: the question asks whether a sanction follows, answered from the
# penalty rule (会 / 一般不会 / 从轻), not from a prohibition.
PENALTY = re.compile(r"罚|追责|吊销|没收")
# 不做会怎样 / 不报罚多少 / 没按时会怎么样 / 逾期了有什么后果: what follows from not doing what the question
# (or, in a conversation, the turn before) describes, answered from the sanction article (法律责任), not from
# the duty it broke. A turn closing with one of these words also leans on the one before (followup.py).
CONSEQUENCE = re.compile(r"(?:会|要)?(?:怎(?:么)?样|怎么办|怎么处理|(?:怎么|怎样|如何)(?:处)?罚|被(?:怎么)?(?:处)?罚|罚(?:多少|款多少|钱|几)"
                         r"|(?:有|受到?|面临)(?:什么|啥|哪些)(?:后果|处罚|行政处罚|责任)"
                         r"|(?:要|得)?(?:担|承担)(?:什么|啥)?责任)(?:吗|呢|啊)?$")
# …of not doing it: 不 / 没 / 未 / 逾期 / 超时 / 晚了 / 错过 / 漏.
NOT_DONE = re.compile(r"不|没|未|逾期|超时|晚了|迟了|错过|漏")
# 是不是就不会被罚了 / 不用受处罚吧: the question asks whether it goes unpunished.
UNPUNISHED = re.compile(r"(?<![会用要能])不(?:会|用|必|被|再)?(?:被|受|挨)?(?:处|行政处)?罚|免(?:于|予|除)?(?:处)?罚")
# 由代工厂负责 / 让生产部经理来组织 / 交给外包方签: the one a question proposes should do it.
# (The verbs of doing it are also what a rule's 由X… names its doer with.)
DOING = r"负责(?!人)|组织|承担|主持|牵头|审核|批准|签|出具"
DOER = re.compile(rf"(?:由|让|交给)([\u4e00-\u9fff]{{2,10}}?)(?:来|去)?(?:{DOING})")
# 能不能让代工厂所在地省局代为检查 / 委托那边省局去查 / 交给工厂来做: the one a question proposes does it
# in place of the one asked about (the words up to 代/帮/来/去 name it).
HANDED = re.compile(r"(?:让|交给|交由|委托|请|叫)([\u4e00-\u9fff]{2,12}?)(?:代为|代|帮忙|帮|来|去)")
# 让代工厂QA签字 / 交给受托方 / 由乙方全权负责: the question proposes that someone else do the act, or moves it
# to someone (转给代工厂); the words after name whom.
MOVED = re.compile(r"(?:转(?:移|交|嫁)?(?:给|到|至)|交给|交由|委托给|让|由)([^，,。？?；;]{2,12})")
# The words that ask rather than say what is proposed (能不能, 可以吗, 这样操作合规吗).
ASKING = re.compile(rf"{A_NOT_A.pattern}|{_MAY_WORDS}|这样|这么|那样|操作|处理|安排|做法|法规上|[吗吧呢么嘛]")
# 能参照吗 / 可以套用吗 / 能不能照着执行: whether a rule applies, not a deed.
APPLIES = re.compile(r"(?:直接)?(?:参照|参考|适用|套用|照搬|沿用|照着|按照|按)(?:执行|来|做|办)?")
# 一律 / 都得 / 一定要 / 只能: the question asks whether a rule holds in every case, so a
# condition, an exception or a rule that leaves it open makes the answer 不一定.
UNIVERSAL = re.compile(r"一律|统统|(?:是不是|是否)?都(?:得|要|必须|需要|应当|应该)|一定(?:要|得)|非得|只能|凡是|不管什么|无论什么")

# 是不是强制 / 硬性规定 / 必须…吗 / 一定要…吗 / 非得: the question asks how binding a rule is, which a rule
# that only encourages or permits the act answers (不是强制要求). (强制性标准 names a kind of standard.)
STRENGTH = re.compile(r"强制(?!性)|硬性|必须|一定(?:要|得)|非得|务必")


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

    @property
    def universal(self) -> bool:
        """Whether a yes/no question asks if something holds in every case (一律, 都得, 一定要)."""
        return self.yes_no and bool(UNIVERSAL.search(self.question))

    @property
    def ultimate(self) -> bool:
        """Whether a liability question asks who answers in the end (最终谁负责, 到底谁兜底): one party, the
        one the law makes answerable for the product as a whole."""
        return (self.slot == "liable" and not self.several and bool(ULTIMATE.search(self.question))
                and bool(WHO.search(self.question)))

    @property
    def asks_strength(self) -> bool:
        """Whether a "must" question asks how binding the rule is (是不是强制, 硬性规定, 一定要), not only
        whether the act is required: a rule that encourages or permits the act answers it."""
        return self.slot == "whether_must" and bool(STRENGTH.search(self.question))

    @property
    def penalty(self) -> bool:
        """Whether a yes/no question asks if a sanction follows (会不会被罚, 要罚款吗)."""
        return self.yes_no and bool(PENALTY.search(self.question))

    @property
    def consequence(self) -> bool:
        """Whether the question asks what sanction follows (不报罚多少, 没按时通知会怎样, 会受到什么
        处罚): its closing words ask for a penalty or consequence, or ask 会怎样 of a deed not done. 怎么办
        after a deed not done asks what to do, and 承担什么责任 asks who is liable: neither is one."""
        question = re.sub(r"[？?。！!\s]+$", "", self.question)
        found = None if self.yes_no else CONSEQUENCE.search(question)
        if not found or "责任" in found.group() or re.search(r"怎么办|怎么处理", found.group()):
            return False
        return bool(re.search(r"罚|后果", found.group()) or NOT_DONE.search(question[:found.start()]))

    @property
    def unpunished(self) -> bool:
        """Whether a penalty question asks about going unpunished (是不是就不会被罚了)."""
        return self.penalty and bool(UNPUNISHED.search(self.question))

    @property
    def carries_on(self) -> bool:
        """Whether a "may" question proposes to go on as before (先接着用, 继续发货, 照常生产, 边整改边卖)."""
        return self.slot == "whether_may" and bool(CARRY_ON.search(self.question))

    @property
    def doer(self) -> str:
        """Who a "may" question proposes should do it (让生产部经理来组织 -> 生产部经理), "" if it proposes no one."""
        found = DOER.search(self.question) if self.slot == "whether_may" else None
        return found.group(1) if found else ""

    @property
    def handed_to(self) -> str:
        """Whom a "may" question proposes to hand the matter to (能不能让代工厂那边的省局去查 ->
        代工厂那边的省局), in its words; "" if it proposes no one."""
        found = HANDED.search(self.question) if self.slot == "whether_may" else None
        return found.group(1) if found else ""

    @property
    def moved_to(self) -> str:
        """Whom a yes/no question proposes the act be done by or moved to, in its words and what follows them
        (品牌方打算让工厂的QA来签… -> 工厂的QA来签…); "" if it proposes no one."""
        found = MOVED.search(self.question) if self.yes_no else None
        return found.group(1) if found else ""

    @property
    def proposed(self) -> str:
        """What a "may" question proposes to do, in its words: what follows the modal word of the part
        that asks (记录放满三年可以销毁吗 -> 销毁), else that part without its asking words, or the part
        before it where that part only asks (…，放满三年就销毁，这样可以吗 -> 放满三年就销毁). "" for
        other questions."""
        if self.slot != "whether_may":
            return ""
        parts = [p for p in re.split(r"[，,；;？?。！!]", self.question) if p.strip()]
        at = next((i for i, p in enumerate(parts) if MODAL_WORD.search(p) or WHETHER.search(p)
                   or CLOSING.search(p + "？")), len(parts) - 1)
        part = parts[at]
        modal = re.search(rf"{A_NOT_A.pattern}|{_MAY_WORDS}", part)
        # 监测记录保存三年后可以销毁吗: what follows the modal word is the act (the words before set the topic).
        # (…那一套能参照吗 / 这个规定能套用吗 ask whether a rule applies: what it is about is the proposal.)
        after = ASKING.sub("", part[modal.end():]) if modal else ""
        if len(after) >= 2 and not APPLIES.fullmatch(after):
            return after
        said = ASKING.sub("", part)
        return parts[at - 1] + said if len(said) < 3 and at else said

    def to_dict(self) -> dict:
        return {key: list(value) if isinstance(value, tuple) else value for key, value in asdict(self).items()
                if key != "question"}


# 代工厂也得交？: a statement with a modal word, asked by its question mark alone, with no
# question word in it, asks yes or no.
_ASKED_BY_TONE = re.compile(r"^(?!.*(?:谁|什么|啥|哪|多久|多长|多少|几|怎|如何|为什么|为何|何时|何种|[干搞]嘛))"
                            rf".*(?:{_MAY_WORDS}|{_MUST_WORDS}).*[？?]\s*$")


def yes_no(question: str) -> str | None:
    """"whether_may" or "whether_must" if the question asks yes or no, else None. The first
    modal word decides which (能不能不用报告 asks may; 需要…才能…吗 asks must); a bare
    "X负责Y吗" asks whether it is X's duty (must)."""
    question = asked(question)
    if not (CLOSING.search(question) or WHETHER.search(question) or _ASKED_BY_TONE.search(question)):
        return None
    # The modal word of the part that asks (…被要求停产整改了，能不能先请…？ asks may).
    parts = [p for p in re.split(r"[，,；;：:]", question) if p.strip()]
    asking = [p for p in parts if WHETHER.search(p) or CLOSING.search(p)] or parts
    found = MODAL_WORD.search(asking[0]) or MODAL_WORD.search(question)
    return "whether_may" if found and found.group(1) else "whether_must"


# 有几项我们做不了 / 有几家代工厂: 几 after 有 inside a sentence that asks something else is "a few", no count asked.
SOME = re.compile(r"有几(?:项|个|家|条|批|种|类|件|次)")
# What a question says after its last question mark, when that asks nothing (…要办许可吗？我们打算在外地租仓库。):
# the scene it is asked in, which does not decide what kind of answer is wanted.
_ASKS = re.compile(r"谁|什么|啥|哪|怎|如何|几|多久|多长|多少|吗|吧|呢|么|嘛|是否|有无|[能要是可需用该行得准有算会在属][不没]")


def asked(question: str) -> str:
    """The question without a closing statement that only sets its scene (see _ASKS)."""
    head, mark, tail = re.sub(r"[。！!\s]+$", "", question).rpartition("？" if "？" in question else "?")
    return head + mark if mark and head.strip() and tail.strip() and not _ASKS.search(tail) else question


def read_slot(question: str) -> str:
    """The kind of answer a question wants. Lists and time limits are asked with their own
    words; a yes/no question is one only if it does not ask who (谁能…吗 asks who). A statement
    after the question (its scene) does not decide; nor does 有几项 in a question that asks who."""
    question = asked(question)
    counted = ITEMS.search(question)
    if counted and SOME.match(question, counted.start() - 1) and (WHO.search(question) or LIABLE.search(question)
                                                                  or DEPARTMENT.search(question)):
        counted = ITEMS.search(SOME.sub("有些", question))
    if counted and not (CLOSING.search(question) and yes_no(question)):
        return "items"
    if (WHEN.search(question) and not WHO.search(question) and not (yes_no(question) and not HOW_LONG.search(question))
            and not indefinite(question) and not TOLD_WHEN.search(question)):
        return "when"  # (有效期能不能超过注册证 asks whether, not how long)
    asks_who = WHO.search(question) or DEPARTMENT.search(question)
    whether = yes_no(question)
    if whether and not asks_who and (CLOSING.search(question) or not LIABLE.search(question)):
        return whether
    if LIABLE.search(question):
        return "liable"
    if DEPARTMENT.search(question):
        return "department"
    if asks_who:
        return "who"
    if HOW.search(question):
        return "how"
    return "what"


# 会通知我们哪天来吗 / 会告诉企业什么时候到吗: a time word that is what one is told, in a question closed by
# 吗, is part of what is asked yes or no about (whether they say when), not the time asked for.
TOLD_WHEN = re.compile(r"(?:通知|告诉|告知|透露|公布|说)[^，,。？?]{0,6}(?:哪天|哪一天|几号|什么时候|何时|几点)"
                       r"[^，,。？?]{0,8}(?:吗|么|嘛)[？?。！!\s]*$")
# A sentence closed by 吧 states a guess and asks to confirm it: a question word inside it is indefinite
# (会提前几天通知吧 = "they notify some days ahead, right?"). (…几天内要报吗 may still ask how long.)
GUESS = re.compile(r"吧[，,。！!\s]*$")


# A sentence that already asks yes or no by A-not-A (会不会, 能不能, 要不要) asks nothing more with 几 or a time
# noun: 会不会提前几天通知 = "some days ahead", 期限能不能签得比…长 asks about the term. Not 是不是, which confirms a
# statement that may itself ask how long, nor 有没有时限, which asks for the limit; and words that ask the time
# themselves (多久, 什么时候, 最晚) still do.
ASKS_TIME = re.compile(r"多久|多长|什么时候|何时|哪天|最晚|最迟|截止|多快")


def _whether_with_time(sentence: str) -> bool:
    """Whether each clause with a time word in it asks yes or no by A-not-A: the A-not-A reaches only its own clause
    (过了期限没作决定，证会不会失效: the time word sets the scene and is still read as asked)."""
    timed = [c for c in re.split(r"[，,；;]", sentence) if HOW_LONG.search(c)]
    return not ASKS_TIME.search(sentence) and all(
        any(found.group(1) not in "是有" for found in A_NOT_A.finditer(clause)) for clause in timed)


def indefinite(question: str) -> bool:
    """Whether every sentence of a question that has a how-long word (几, 多久) is a guess closed by 吧 or asks
    yes or no by A-not-A around it (:func:`_whether_with_time`)."""
    asking = [s for s in re.split(r"[？?]", question) if HOW_LONG.search(s)]
    return bool(asking) and all(GUESS.search(s) or _whether_with_time(s) for s in asking)


def several(question: str, named: tuple[str, ...] = (), actor: tuple[str, ...] = ()) -> bool:
    """Whether one line per party is wanted: 双方/两地 always; 分别/各自/都要 when the question
    names parties or asks who (分别对应什么情形 asks for a list, not for parties); "A还是B"
    only when it names two parties; a yes/no question with two parties acting that offers
    what one does as enough (A交了就行，B不用交吧), which doubts the other's duty; not when it
    states a time (A帮B查完，一个月内反馈就行吧 doubts the time limit, not a party's duty)."""
    if len(actor) >= 2 and ENOUGH.search(question) and yes_no(question) and not spans(question):
        return True
    found = SEVERAL.search(question)
    if not found:
        return False
    if "还是" in question and len(named) < 2:
        return False
    return bool(BOTH.search(question)) or len(named) >= 1 or bool(WHO.search(question) or DEPARTMENT.search(question))


def negated(question: str) -> bool:
    return bool(NEGATED.search(question))


def each_of(question: str, mentions) -> tuple[str, ...]:
    """The parties 各自/分别 distributes over (注册人和代工厂各自… -> both), from the party
    ``mentions`` (start, end, parties) of the question; () unless two or more are joined there."""
    found = EACH.search(question)
    if not found:
        return ()
    end, joined = found.start(), []
    for mention in sorted((m for m in mentions if m.end <= found.start()), key=lambda m: -m.start):
        gap = question[mention.end:end]
        if not (_JOINED if joined else _BEFORE_EACH).fullmatch(gap):
            break
        joined[:0] = mention.parties
        end = mention.start
    joined = list(dict.fromkeys(joined))
    return tuple(joined) if len(joined) >= 2 else ()


# 我们 / 我司 / 咱们: the asker speaking for a firm.
WE = r"我们|我司|我公司|咱们|本公司|我们公司"


def speaker(question: str, anywhere: bool = False) -> set[str]:
    """Who "我们" is: users of this tool mostly work for the registrant (我们…代工厂), unless
    the question says otherwise (我们是代工厂, 我们只做代工). ``anywhere``: a first person in any role
    counts (老板让我挑代工厂: the asker is still on the registrant's side), as when a later turn's 对方 is read."""
    # 他们要告诉我们吗: "we" as the one told is not the actor; 我们的技术文件: nor as an owner.
    we = rf"{WE}|我|咱" if anywhere else rf"(?<![告诉跟向给对让和])(?:{WE})(?!的)"
    if not re.search(we, question):
        return set()
    if re.search(rf"(?:{WE}|我)(?:是|作为|只做|只是|就是|这种|属于)?(?:代工|受托|乙方|代加工)", question):
        return {"受托生产企业"}
    return {"注册人/备案人"}


def bureau_sides(question: str, parties, speaker=frozenset()) -> tuple[str, ...]:
    """``parties`` with a bare 省局 read as the bureau of a side (see SIDE_BUREAU): both bureaus in a
    question set across regions (跨省委托…省局怎么分工), the speaker's own where it speaks for a side
    of an entrustment (我们改成委托生产，要跟省局报吗); left as it is elsewhere."""
    parties = tuple(parties)
    if BARE_BUREAU not in parties or not ENTRUSTED.search(question):
        return parties
    if ACROSS.search(question):
        sides = tuple(SIDE_BUREAU.values())
    elif len(speaker) == 1 and set(speaker) <= set(SIDE_BUREAU):
        sides = (SIDE_BUREAU[next(iter(speaker))],)
    else:
        return parties
    return tuple(dict.fromkeys(q for p in parties for q in (sides if p == BARE_BUREAU else (p,))))
