"""The modal grammar of Chinese regulatory sentences, in one place.

Regulations say who must do what in a handful of fixed shapes:
``[condition]的，[holder]应当/不得/可以/无需/鼓励/原则上 [action]，但[exception]``, with
``由X负责``, ``向Y报告`` and time limits (``自…之日起30日内``). The duty annotator
(:mod:`ingest.duties`), the obligation records (:mod:`ingest.obligations`) and the answers
read sentences with these patterns and no others, so a wording is learned once.
"""

from __future__ import annotations

import re

# Modalities of an obligation record.
MODALITIES = ("must", "must_not", "may", "no_need", "encouraged", "default_rule")

# Longest alternatives first so that 应当 is seen before 应; 相应/适应/供应 are not modals.
# no_need comes before the others: 无需/不需要/可以不 state that something is NOT required
# (可以不 is not a permission to do, 不需要 not a prohibition).
MODAL = re.compile(
    r"(?P<default_rule>原则上)"
    r"|(?P<no_need>无需|无须|不需要|不需|不必(?!要)|(?:可以|可)?免[于予]|可以不|可不(?!能|得|超过))"
    # 不作为…的依据: what a record or report may not be used as.
    r"|(?P<must_not>不得|禁止|严禁|不应当|不应|不能|不作为(?=[^。；]{0,40}依据))"
    # 适宜 as an adjective (适宜的方法, 适宜阶段, 适宜性) and 事宜/便宜 recommend nothing.
    r"|(?P<encouraged>鼓励|提倡|(?<!相)适宜(?!的|性|阶段|措施|方法|术语|于|之)|(?<![相适事便])宜(?!昌|的))"
    # 方可 (only then may it be released) states a condition, 可接受 a criterion, 可吸收/可重复使用 a product
    # property: none is a permission.
    # 可疑 (suspected) and 可 making an adjective of a verb (可执行的, 可操作性, 可预见的) are no permission either.
    r"|(?P<may>可以|有权|(?<![许认不方])可(?!能|疑|追溯|靠|行性|控|信|用|见|视|比|接受|吸收|降解|重复|逆|植入|调节|移动|编程|穿戴"
    r"|[\u4e00-\u9fff]{2}(?:的|性)))"
    r"|(?P<must>应当|必须|必需|(?<![必无])须(?!知)|负责(?!人)|(?<![相适对响供反答效回呼顺感])应(?!用|急|答|对措施)"
    r"|(?<![重主需必只纲摘想])要(?!求|点|素|件|害|闻|么)"
    # 经营第二类医疗器械实行备案管理: a regime of registration, filing or licensing binds whoever does it.
    r"|实行(?=[^，。；]{0,4}(?:备案|注册|许可)管理))"
)
# A text's title quoted in a sentence (《关于…鼓励…创新的意见》, 《禁止委托生产医疗器械目录》): the modal words
# inside it name the text and rule nothing.
QUOTED_TITLE = re.compile(r"《[^《》]*》")
# 原则上 makes a default rule only where it governs a modal word (原则上应当, 原则上不得).
DEFAULT_RULE = re.compile(r"原则上.{0,3}?(应当|应|不得|不应|可以|须|由)")

# A count of days or hours, or a date, says more than 每年 or 年度; "1月" alone (as in
# 1月1日) is a date in passing, not a deadline, so counts of months need 内/前.
_CN_COUNT = "(?:\\d+|[一二三四五六七八九十百两]+)"
TIME = re.compile(
    r"(?:次年|每年)\d+月\d+日(?:前|之前)?"
    rf"|{_CN_COUNT}\s*个?(?:工作日|小时)(?:内|之内|以内)?"
    rf"|{_CN_COUNT}\s*个?(?:日|天|个月|月|年)(?:内|之内|以内|前)"
    r"|每(?:年|季度|半年|月)(?:至少)?(?:开展|进行)?(?:一次)?|至少每年一次|按(?:季度|月|年度)|年度|立即|第一时间"
    # How long a record is kept: 保存至有效期后2年 / 不得少于5年 / 永久保存.
    rf"|(?:不得少于|不少于|至少)\s*{_CN_COUNT}\s*个?(?:年|月)|有效期(?:届)?满?后\s*{_CN_COUNT}\s*个?年|永久保存"
)
_GENERIC_TIME = ("年度", "立即", "第一时间")
# A frequency (每年, 每季度) says how often, not by when.
FREQUENCY = re.compile(r"^(?:每(?:年|季度|半年|月)(?:至少)?(?:开展|进行)?(?:一次)?|至少每年一次|按(?:季度|月|年度)|年度)$")
# When a time limit starts: 自发现或者获知之日起, 自收到申请之日起, 在作出决定后.
# 自治区/自行/自查 are words of their own, not the start of a time limit.
TRIGGER = re.compile(r"自(?!治|行|主|身|己|查|检|愿|动|然)[^，,。；;]{1,40}?(?:之日|之时)?起")
# The one a report or filing goes to: 向所在地省级药品监督管理部门报告.
RECIPIENT = re.compile(r"向([^，,。；;向]{2,40}?)(?:报告|提交|报送|通报|备案|申请|反馈|提出|上报|告知)(?!人)")
# Two words that share their last character, folded into one (专（或者兼）职 for 专职或者兼职).
EITHER_FOLDED = re.compile(r"([\u4e00-\u9fff])（或者([\u4e00-\u9fff])）([\u4e00-\u9fff])")
# An exception after the rule (…，但…) or around it (除…外). 包括但不限于 widens a list, it excepts nothing.
EXCEPTION_AFTER = re.compile(r"[，,；;]?\s*(?:但是|但)(?!书|不限于)")
EXCEPTION_AROUND = re.compile(r"除[^，,。；;]{1,40}?(?:以外|外)")
# An exception closing the sentence, …，委托方有特殊要求的情形除外: the case in which the rule does not hold.
# (…另有规定的除外 only defers to other law, and names no case a reader could check.)
EXCEPTION_CLOSING = re.compile(r"(?:^|(?<=[，,；;]))(?![^，,。；;]*另有规定)[^，,。；;]{2,40}?的(?:情形|情况)?除外"
                               r"(?=[。；;]|$)")
# A sentence part that sets a condition: it closes with 的/时/后 or opens with 如/对于/凡/必要时
# (同时/及时/此后/然后 are connectives, not conditions).
CONDITION_PART = re.compile(r"(?:的|(?<![同及随适届按准定临])时|(?<![然此其最])后|前|期间|情况下|情形下)$"
                            r"|^(?:如|如果|若|对于|凡|必要时|发现|经(?!营|销|济|费|常|理|办))")
# A lead-in to an enumerated list: 应当具备下列条件： / 包括以下内容：
LIST_WORDS = re.compile(r"下列|以下|如下|下述")
LEAD_IN = re.compile(rf"(?:{LIST_WORDS.pattern})[^：:。]{{0,12}}[：:]")
ITEM_NUMBER = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+(?:\.\d+)*[.．、）)]?)\s*")


# 未立即停止使用 / 未在30日内报告 / 没有第一时间: a time negated describes a failure (a penalty's case), not a limit.
_NEGATED_TIME = re.compile(r"(?:未|不|没有?|未能)(?:在|于)?$")


def deadline(text: str) -> str | None:
    """The most specific time expression in a text, not one it negates (…未立即停止使用的, 处…罚款)."""
    found = [m.group(0) for m in TIME.finditer(text) if not _NEGATED_TIME.search(text[max(0, m.start() - 3):m.start()])]
    dated = [f for f in found if f not in _GENERIC_TIME and not FREQUENCY.match(f)]
    specific = [f for f in found if f not in _GENERIC_TIME]
    return (dated or specific or found or [None])[0]


# A counted span of time (3日内, 十个工作日, 6个月前, 三天): how many days, and whether it is a
# limit to act within (内, or bare) or a lead time to act before (前). 3月31日 is a date, not a span.
_DAYS_PER = {"小时": 1 / 24, "工作日": 7 / 5, "日": 1, "天": 1, "周": 7, "星期": 7, "月": 30, "年": 365}
SPAN = re.compile(rf"(?<![月\d])({_CN_COUNT})\s*个?(工作日|小时|日|天|周|星期|月|年)(?!\d|[一二三四五六七八九十]+日)"
                  r"(内|之内|以内|前|之前|后|之后)?")


def spans(text: str) -> list[tuple[float, str, re.Match]]:
    """Every counted span of time in a text: (days, "before" | "within", the match)."""
    from ingest.numerals import cn_to_int

    out = []
    for m in SPAN.finditer(text):
        count = m.group(1).replace("两", "二")
        try:
            number = cn_to_int(count)
        except ValueError:
            continue
        out.append((number * _DAYS_PER[m.group(2)], "before" if (m.group(3) or "").endswith("前") else "within", m))
    return out


def states_time(text: str) -> bool:
    """Whether a text sets a time: 年度 alone (年度自查报告) names a report, not a deadline."""
    return deadline(text) not in (None, "年度")


# A sanction: what a penalty clause does to one who broke a rule (…的，由…责令改正，处…罚款 / 依法处罚 /
# 不予处罚). It states what the bureau does, not what the regulated party may or must do: a penalty is
# no prohibition, and it answers "会不会被罚" rather than "能不能". (公开…行政处罚等信息 is no sanction.)
SANCTION = re.compile(r"(?:处|并处)[^，,。；;]{0,40}罚款|给予警告|责令(?:改正|停产|停业|限期)|没收|吊销"
                      r"|(?:依法|依照[^，,。；;]{0,40}|予以|给予|进行|从轻或者减轻|规定)(?:行政|治安管理)?处罚"
                      r"|不予(?:行政)?处罚|免(?:除|予|于)(?:行政)?处罚"
                      # …未依照本条规定实施召回…的，…可以责令其召回: the order that follows a failure.
                      r"|未(?:依照|按照)[^。；;]{0,40}的[，,][^。；;]{0,30}责令")
# The sanction spared (不予处罚, 免除行政处罚) or lessened (从轻或者减轻处罚).
SPARED = re.compile(r"不予(?:行政)?处罚|免(?:除|予|于)(?:行政)?处罚")
LESSENED = re.compile(r"从轻|减轻")


# Things a sentence names in passing: three or more joined by 、 and closed by 等 and a word for records
# (汇集审评审批、…、监督抽检、违法行为查处等信息; 公布许可、备案、抽查检验、违法行为查处等日常监督管理信息;
# 包括…监督检查结果、违法行为查处…等信息). They are entries of what a text keeps or publishes, not the
# action it gives its holder (采取发布警示信息、暂停生产销售、责令召回等措施 lists actions: not these).
IN_PASSING = re.compile(r"[^，,。；;：:、（）()“”《》]{1,12}(?:、[^，,。；;：:、（）()“”《》]{1,16}){2,}"
                        r"等[^，,。；;：:、]{0,8}?(?:信息|情况|内容|资料|记录|材料|数据)")


def in_passing(text: str) -> tuple[str, str]:
    """The text without the things it names in passing, and those things ("" when it names none)."""
    listed = [m.group(0) for m in IN_PASSING.finditer(text)]
    return (IN_PASSING.sub("，", text), "，".join(listed)) if listed else (text, "")
