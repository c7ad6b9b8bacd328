"""Regenerate the binary holdout-6 evaluation agreements from the text below:
``holdout6-browser-printed.pdf`` (an HTML page printed by a browser: the print date and the
page title in a running header, “第 N 页 共 M 页” in the footer, lines broken by the layout
and the text layer mapping some glyphs to Kangxi radicals, CJK radical supplement and CJK
compatibility code points), ``holdout6-word-multilevel.docx`` (a cover page, a contents
page, headings and clauses numbered by one Word multi-level list 1 / 1.1 / 1.1.1 and a
responsibility table with ✓ marks under its caption), ``holdout6-processing-contract-gbk.txt``
(a commercial 委托加工合同 saved in GBK with CRLF line ends, “第6条” headings),
``holdout6-word-exported.pdf`` (Word's "Save as PDF": clean text, 第一条【标题】 headings on
lines of their own, the agreement number in a running header) and
``holdout6-word-typed.docx`` (Word paragraphs that begin with a typed “第X条”, no automatic
numbering). ``holdout6-ortho-implant-swapped.md`` is plain text and committed as it is.

    python -m evals.agreements.make_holdout6

The committed files are what the scorer reads; run this only after editing the text.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent

# ---- 1. Browser-printed PDF ------------------------------------------------------------------

PRINTED_DATE = "2025/10/9 16:42"
PRINTED_TITLE = "医疗器械委托生产质量协议（启明-越康）"
PRINTED = [
    "医疗器械委托生产质量协议",
    "协议编号：QM-ZL-2025-011",
    "第一条 为明确委托方与受托方在一次性使用吸痰管委托生产全过程中的质量责任，保证产品安全、有效、质量可控，"
    "依据《医疗器械监督管理条例》《医疗器械生产监督管理办法》和《医疗器械委托生产质量协议编制指南》，双方经协商一致，订立本协议。",
    "第二条 委托方：杭州启明星医疗科技有限公司（以下简称“启明公司”），系本协议产品的医疗器械注册人，"
    "住所：浙江省杭州市滨江区长河街道江虹路1750号。",
    "第三条 受托方：绍兴越康医疗器械有限公司（以下简称“越康公司”），住所：浙江省绍兴市柯桥区马鞍街道滨海大道9号，"
    "生产地址同住所，医疗器械生产许可证编号：浙药监械生产许20180112号，许可证有效期至2029年6月29日。",
    "第四条 本协议适用于启明公司委托越康公司生产的一次性使用吸痰管，规格型号：F6、F8、F10、F12、F14、F16"
    "（直头型、侧孔型），医疗器械注册证编号：浙械注准20232140871，注册证有效期至2029年3月15日。"
    "产品范围发生变化的，双方应当书面修订本协议。",
    "第五条 本协议所用术语含义如下：“生产放行”是指越康公司质量部门对批生产记录、批检验记录和灭菌记录审核后，"
    "批准产品交付启明公司；“上市放行”是指启明公司质量部门对越康公司的生产放行文件和生产全过程记录审核后，"
    "批准产品销售；“批”是指按同一工艺、在同一灭菌柜次灭菌的同一规格产品。",
    "第六条 越康公司的质量管理体系应当符合《医疗器械监督管理条例》《医疗器械生产质量管理规范》及其无菌医疗器械附录"
    "和YY/T 0287—2017标准的要求；产品应当符合YY 0339《一次性使用无菌吸痰管》和经注册的产品技术要求。"
    "法规和标准更新的，以现行有效版本为准。",
    "第七条 启明公司依法对上市产品的安全性、有效性承担责任；越康公司按照本协议、法规要求和启明公司转移的技术文件"
    "组织生产，对受托生产行为负责。",
    "第八条 越康公司应当将启明公司转移的技术文件纳入本企业文件控制程序，实施受控发放、更改和回收，"
    "作废文件应当及时撤出使用现场。",
    "第九条 越康公司应当保存批生产记录、批检验记录、灭菌记录、设备维护保养和校准记录、培训记录及不合格品处理记录，"
    "保存期限不少于产品有效期后二年。在保存期限内，启明公司有权查阅、复制和获取上述记录，"
    "越康公司应当在收到要求后三个工作日内提供。",
    "第十条 启明公司负责将产品技术要求、原材料质量标准、工艺规程、检验规程、说明书和标签样稿形成《技术文件转移清单》，"
    "以受控方式转移给越康公司，双方签字确认。越康公司仅为履行本协议使用上述文件。",
    "第十一条 PVC粒料、吸痰管接头和初包装材料由越康公司按照启明公司批准的质量标准采购；关键原材料供应商须经启明公司"
    "审核批准，供应商变更须事先取得启明公司书面同意。",
    "第十二条 越康公司负责原材料的进货检验，检验合格后方可入库使用；启明公司提供的印刷标签由越康公司验收、储存和防护，"
    "按批发放并记录。",
    "第十三条 环氧乙烷灭菌由越康公司委托经启明公司批准的灭菌单位实施，越康公司负责灭菌过程的确认和每一灭菌柜次的"
    "过程监督，灭菌记录随批生产记录保存。",
    "第十四条 越康公司负责挤出、打孔、组装和包装设备以及十万级洁净车间、纯化水系统的确认、维护保养和校准；"
    "洁净车间的温湿度、压差、尘埃粒子和沉降菌按规定频次监测，并保存记录。",
    "第十五条 越康公司按照启明公司批准的检验规程进行进货检验、过程检验和出厂检验，无菌和环氧乙烷残留量项目逐批检验；"
    "检验人员应当经培训合格，检验仪器应当按期检定或校准。",
    "第十六条 越康公司按批留存成品样品，留样数量满足一次全性能检验，留样保存至产品有效期满；启明公司可以随时查验留样。",
    "第十七条 越康公司发现不合格品的，应当进行标识、隔离和评审，并在二十四小时内书面通知启明公司；不合格品的返工、"
    "让步接收或报废须经启明公司书面批准，越康公司不得对不合格批次进行生产放行。",
    "第十八条 越康公司质量部门负责产品的生产放行，生产放行人员由越康公司书面授权，授权名单报启明公司备案。",
    "第十九条 启明公司质量部门在收到越康公司的生产放行文件后进行审核，确认符合上市放行规程后，"
    "由启明公司授权的放行人员签字进行上市放行；未经启明公司上市放行的产品不得销售。",
    "第二十条 越康公司按照启明公司的要求在产品标签上标注医疗器械唯一标识，记录每批产品所用原材料批号和灭菌批号，"
    "确保产品从原材料到成品可追溯。",
    "第二十一条 越康公司按照产品储存条件对成品进行仓储和防护，成品存放于干燥、通风、避光处；"
    "产品经启明公司上市放行后，越康公司按启明公司的发货指令发运，并保存发运记录。",
    "第二十二条 启明公司每年至少对越康公司的质量管理体系进行一次现场审核，必要时进行有因审核；越康公司应当配合审核，"
    "在三十日内完成问题整改并书面报告启明公司。越康公司接受的与本产品相关的外部审核，"
    "应当在审核结束后五个工作日内将结果通报启明公司。",
    "第二十三条 越康公司接到药品监督管理部门对本产品的监督检查或抽检通知时，应当在二十四小时内通知启明公司，"
    "并在检查结束后提供检查结果和整改报告。",
    "第二十四条 启明公司负责产品的售后服务以及投诉的接收、登记和处理；涉及生产的投诉，越康公司应当在十个工作日内"
    "完成批记录审查和原因调查，并向启明公司提交调查报告。",
    "第二十五条 本产品的不良事件监测和报告工作由越康公司负责，越康公司获知可疑不良事件后，应当直接向所在地"
    "医疗器械不良事件监测机构报告，启明公司予以协助。",
    "第二十六条 产品召回由启明公司决定和实施，越康公司应当配合提供相关批次的生产和发运记录。",
    "第二十七条 启明公司发起的设计、原材料或标签变更，应当书面通知越康公司，由越康公司评估是否需要重新确认或验证；"
    "越康公司拟变更原材料、供应商、工艺、设备或生产场地的，应当事先书面申请，经启明公司评估批准后方可实施，"
    "涉及注册变更的由启明公司办理。双方应当评估变更对已放行产品的影响。",
    "第二十八条 对审核发现、不合格品和投诉中发现的问题，越康公司制定纠正和预防措施计划，经启明公司批准后实施；"
    "出现连续批次不合格等趋势性问题时，双方共同调查原因，由启明公司评价措施的有效性。",
    "第二十九条 双方各指定管理者代表负责委托生产的质量管理，并各指定一名质量联系人负责日常对接；"
    "人员变更时应当书面通知对方。",
    "第三十条 双方每季度召开一次质量例会，通报生产质量情况、变更、投诉和审核情况；紧急质量事件以电话和邮件方式"
    "随时沟通。",
    "第三十一条 越康公司应当配备与受托生产相适应的生产、检验和质量管理人员以及厂房、设施和设备，"
    "对直接影响产品质量的人员进行培训，经考核合格后上岗。",
    "第三十二条 启明公司转移的技术文件及产品相关的专利、商标等知识产权归启明公司所有，越康公司不得用于本协议以外的用途。",
    "第三十三条 双方对履行本协议获知的对方技术资料和商业信息负有保密义务，保密期限至本协议终止后五年；"
    "依法向药品监督管理部门提供的除外。",
    "第三十四条 本协议经双方授权代表签字并加盖公章后生效，有效期三年。任何一方严重违反本协议的，"
    "另一方可以书面通知解除本协议。",
    "第三十五条 本协议终止后三十日内，越康公司应当将启明公司转移的技术文件和相关质量记录形成清单退还启明公司，"
    "双方签字确认。",
    "第三十六条 因本协议发生的争议，双方应当协商解决；协商不成的，提交杭州仲裁委员会仲裁。",
    "第三十七条 本协议一式四份，双方各执两份。附件《技术文件转移清单》《质量联系人名单》为本协议的组成部分。",
    "委托方（盖章）：杭州启明星医疗科技有限公司　　授权代表：　　　　日期：2025年10月9日",
    "受托方（盖章）：绍兴越康医疗器械有限公司　　授权代表：　　　　日期：2025年10月9日",
]

# As a browser's PDF printer writes the text layer: some glyphs the CJK font shares between an
# ideograph and a radical come out as the radical (⽣ for 生, ⻓ for 长), a few as the CJK
# compatibility ideograph (U+F9BE for 料). Every occurrence of a character maps the same way.
_KANGXI = "一二人入八力十口土大子工心文方日月水生用目自行金面高"
_SUPPLEMENT = {"长": "\u2ed3", "见": "\u2ec5"}
_COMPATIBILITY = {"料": "\uf9be", "理": "\uf9e4"}


def printed_glyphs(text: str) -> str:
    import unicodedata

    radicals = {unicodedata.normalize("NFKC", chr(c)): chr(c) for c in range(0x2F00, 0x2FD6)}
    table = {ord(ch): radicals[ch] for ch in _KANGXI if ch in radicals}
    table.update({ord(ch): glyph for ch, glyph in {**_SUPPLEMENT, **_COMPATIBILITY}.items()})
    return text.translate(table)


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Break a paragraph where the line is full; closing punctuation stays on the line before."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, line = [], ""
    for char in text:
        if line and char not in "，。、；：？！）”》" and stringWidth(line + char, font, size) > width:
            lines.append(line)
            line = ""
        line += char
    return lines + [line]


def printed_pages() -> list[list[str]]:
    """The body lines of each page (before the glyph mapping)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    width, _ = A4
    lines: list[str] = []
    for paragraph in PRINTED:
        lines += _wrap(paragraph, "STSong-Light", 11, width - 2 * 56)
    per_page = 36
    return [lines[i:i + per_page] for i in range(0, len(lines), per_page)]


def make_printed_pdf(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pages = printed_pages()
    page = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    width, height = A4
    for number, body in enumerate(pages, start=1):
        # The browser's own header: print date on the left, the page title in the middle.
        page.setFont("STSong-Light", 8)
        page.drawString(28, height - 24, PRINTED_DATE)
        page.drawCentredString(width / 2, height - 24, printed_glyphs(PRINTED_TITLE))
        y = height - 62
        for line in body:
            # The document title is centred and larger, as the page's <h1>.
            if line == PRINTED[0]:
                page.setFont("STSong-Light", 16)
                page.drawCentredString(width / 2, y, printed_glyphs(line))
            else:
                page.setFont("STSong-Light", 11)
                page.drawString(56, y, printed_glyphs(line))
            y -= 20
        page.setFont("STSong-Light", 8)
        page.drawCentredString(width / 2, 24, f"第 {number} 页 共 {len(pages)} 页")
        page.showPage()
    page.save()


# ---- 2. Word, multi-level automatic numbering, complete ------------------------------------

MULTILEVEL_NUMBER = "RH-QA-2025-007"
MULTILEVEL_COVER = [
    "医疗器械委托生产质量协议",
    "（一次性使用静脉留置针）",
    f"文件编号：{MULTILEVEL_NUMBER}　　版本：A/0",
    "委托方：上海瑞禾医疗器械有限公司",
    "受托方：江苏康泽医用制品有限公司",
    "编制：质量管理部　　审核：管理者代表　　批准：总经理",
    "二〇二五年十一月",
]
# (heading, clauses): Word numbers the headings "1", "2" … and the clauses "1.1"; a clause
# given as a tuple is followed by its own "1.1.1" items, and None stands for the table.
MULTILEVEL_BODY = [
    ("总则", [
        "为明确委托方和受托方在一次性使用静脉留置针委托生产全过程中的质量责任，确保产品持续符合经注册的产品技术要求，"
        "双方依据《医疗器械监督管理条例》《医疗器械生产监督管理办法》和《医疗器械委托生产质量协议编制指南》签订本协议。",
        "本协议是双方《委托生产合同》的组成部分；合同与本协议对质量事项约定不一致的，以本协议为准。",
    ]),
    ("协议双方", [
        "委托方：上海瑞禾医疗器械有限公司（以下简称“委托方”），系本协议产品的医疗器械注册人，"
        "住所：上海市闵行区莘庄工业区春东路508号。",
        "受托方：江苏康泽医用制品有限公司（以下简称“受托方”），住所：江苏省泰州市医药高新区口泰路18号，"
        "生产地址：泰州市医药高新区口泰路18号2号厂房，医疗器械生产许可证编号：苏药监械生产许20170093号，"
        "许可证有效期至2029年4月10日。",
    ]),
    ("产品范围", [
        "委托生产产品：一次性使用静脉留置针（密闭式），规格型号：14G、16G、18G、20G、22G、24G、26G，"
        "医疗器械注册证编号：国械注准20233150612，注册证有效期至2028年12月20日。",
        "产品规格型号增减时，双方应当书面修订本条，并同步更新技术文件转移清单。",
    ]),
    ("术语和定义", [
        "生产放行：指受托方质量部门对批生产记录、批检验记录和灭菌记录进行审核，确认符合要求后批准产品交付委托方。",
        "上市放行：指委托方质量部门对受托方的生产放行文件及生产全过程记录进行审核，确认符合要求后批准产品销售。",
        "批生产记录：指记录一个批次产品从原材料投料到包装入库全过程的生产、检验和灭菌信息的文件。",
    ]),
    ("适用法规和标准", [
        ("受托方的质量管理体系及受托生产活动应当符合下列法规和标准的现行有效版本：", [
            "《医疗器械监督管理条例》；",
            "《医疗器械生产监督管理办法》；",
            "《医疗器械生产质量管理规范》及其无菌医疗器械附录；",
            "YY/T 0287—2017《医疗器械 质量管理体系 用于法规的要求》；",
            "YY 1282《一次性使用静脉留置针》及经注册的产品技术要求。",
        ]),
    ]),
    ("质量职责分工", [
        "双方主要质量职责分工见表1；表1未列明的事项，按本协议相关条款执行。",
        None,
    ]),
    ("文件和记录", [
        "受托方应当将委托方转移的技术文件纳入本企业文件控制程序，受控发放，作废文件及时回收并标识。",
        "批生产记录、批检验记录和灭菌记录由受托方填写、审核和保存，保存期限不少于产品有效期后二年，"
        "且自产品放行之日起不少于五年。",
        "在保存期限内，委托方有权随时查阅、复制和获取委托生产产品的相关文件和记录，受托方应当在收到要求后"
        "两个工作日内提供；受托方销毁相关记录前应当书面通知委托方。",
    ]),
    ("技术文件转移", [
        "委托方负责建立并保持本产品的生产技术文件，将产品技术要求、原材料质量标准、工艺规程、检验规程、"
        "说明书和标签样稿形成《技术文件转移清单》，以受控纸质文件方式转移给受托方，双方签字确认。",
        "受托方仅为履行本协议使用上述文件；技术文件更新时，由委托方重新转移并收回旧版文件。",
    ]),
    ("采购控制", [
        "不锈钢针管、FEP导管、医用胶粘剂和初包装材料由受托方按照委托方批准的质量标准采购。",
        "关键原材料的供应商由委托方会同受托方审核，经委托方批准后列入合格供应商名录；供应商变更须经委托方书面批准。",
        "受托方负责原材料的进货检验，检验合格后方可入库使用，并保存采购和验收记录。",
        "环氧乙烷灭菌由受托方委托经委托方批准的灭菌服务单位实施，受托方负责灭菌确认和每一灭菌柜次的过程监督，"
        "并对外包灭菌过程承担管理责任。",
    ]),
    ("生产与过程控制", [
        "受托方负责注塑、组装、粘接和包装设备以及十万级洁净车间、纯化水系统的确认、验证、维护保养和校准，并保存记录。",
        "洁净车间的温湿度、压差、尘埃粒子和沉降菌应当按规定频次监测，结果应当符合YY 0033的要求。",
        "本产品与其他产品共用生产线的，受托方应当采取清场和标识措施，防止混淆和交叉污染。",
    ]),
    ("检验与留样", [
        "受托方按照委托方批准的检验规程进行进货检验、过程检验和出厂检验，无菌和环氧乙烷残留量项目逐批检验。",
        "受托方按批留存成品样品，留样保存至产品有效期满后一年，委托方可以随时查验留样。",
    ]),
    ("不合格品控制", [
        "受托方发现不合格品，应当进行标识、隔离和评审，并在24小时内书面通知委托方。",
        "不合格品的返工、让步接收或报废须经委托方书面批准；受托方不得对不合格批次进行生产放行。",
    ]),
    ("放行控制", [
        "受托方质量部门负责产品的生产放行，生产放行人员由受托方书面授权，并将授权名单告知委托方。",
        "委托方质量部门收到受托方的生产放行文件后进行审核，确认符合上市放行规程后，由委托方授权的放行人员签字进行上市放行。",
        "产品经委托方上市放行后，受托方方可按照委托方的发货指令发运。",
    ]),
    ("标识与可追溯性", [
        "受托方按照委托方要求在产品标签上标注医疗器械唯一标识，记录每批产品所用原材料批号和灭菌批号，确保产品可追溯。",
    ]),
    ("搬运、储存和发运", [
        "受托方按照产品储存条件对原材料、中间品和成品进行仓储和防护，成品存放于阴凉、干燥、通风处，并保存发运记录。",
    ]),
    ("质量管理体系审核", [
        "委托方每年至少对受托方的质量管理体系进行一次现场审核，必要时进行有因审核；对审核发现的问题，"
        "受托方应当在30日内完成整改并书面报告委托方。",
        "受托方接受的与本产品有关的外部审核，应当在审核结束后5个工作日内将审核结果通报委托方。",
    ]),
    ("监管检查", [
        "受托方接到药品监督管理部门对本产品的监督检查或抽检通知时，应当在24小时内通知委托方，"
        "并在检查结束后提供检查结果和整改报告；委托方可以派员参加。",
    ]),
    ("投诉、不良事件和召回", [
        "委托方负责产品的售后服务以及投诉的接收、登记和处理；涉及生产的投诉，受托方应当在10个工作日内完成批记录审查"
        "和原因调查，并向委托方提交调查报告。",
        "委托方负责医疗器械不良事件监测和报告；受托方获知可疑不良事件后，应当在24小时内通知委托方，"
        "并协助委托方开展调查和评价，按要求提供批生产记录和留样。",
        "召回由委托方决定和实施，受托方予以配合。",
    ]),
    ("变更控制", [
        "委托方发起的设计、原材料或标签变更，应当书面通知受托方，由受托方评估是否需要重新确认或验证。",
        "受托方拟对原材料、供应商、工艺、设备或生产场地进行变更的，应当事先书面申请，经委托方评估批准后方可实施；"
        "涉及注册变更的，由委托方办理。",
        "双方应当评估变更对已放行和已上市产品的影响。",
    ]),
    ("纠正和预防措施", [
        "对审核发现、不合格品和投诉中发现的问题，受托方制定纠正和预防措施计划，经委托方批准后实施。",
        "出现连续批次不合格等趋势性、系统性问题时，双方共同调查分析，委托方评价措施的有效性。",
    ]),
    ("生产条件变化", [
        "受托方生产条件发生变化、不再符合质量管理体系要求的，应当立即整改并通知委托方，双方书面约定整改完成时间；"
        "可能影响产品安全、有效的，受托方应当立即停止生产，并向所在地药品监督管理部门报告。",
    ]),
    ("管理职责、沟通和考核", [
        "双方各指定管理者代表负责委托生产的质量管理，并各指定一名质量联系人负责日常对接和协调。",
        "双方每季度召开一次质量例会，通报生产质量情况、变更和投诉处理情况。",
        "委托方每季度对受托方进行考核，考核指标包括批次合格率、偏差数量、外部检查结果和与生产有关的投诉数量。",
    ]),
    ("资源管理", [
        "受托方应当配备与受托生产相适应的生产和检验人员、厂房设施，对直接影响产品质量的人员进行培训，"
        "经考核合格后上岗；必要时由委托方提供产品专项培训。",
    ]),
    ("知识产权和保密", [
        "委托方转移的技术文件及产品相关的知识产权归委托方所有，受托方不得用于本协议以外的用途。",
        "双方对履行本协议获知的技术资料和商业信息负有保密义务，保密期限至本协议终止后五年。",
    ]),
    ("商业保险", [
        "委托方按照产品风险程度购买产品责任险，负责保险的购买、延续和理赔，相关资料由委托方保存，受托方可以查阅。",
    ]),
    ("禁止再次委托", [
        "受托方不得将本产品再次委托其他企业生产。",
    ]),
    ("协议的生效、期限、评审和终止", [
        "本协议经双方授权代表签字并加盖公章后生效，有效期三年，且不超过产品注册证和受托方生产许可证的有效期限。",
        "双方每年对本协议的适宜性、充分性和有效性进行评审，必要时修订。",
        "任何一方严重违反本协议的，另一方可以书面通知解除本协议。",
        "本协议终止后30日内，受托方应当将委托方转移的技术文件和相关记录形成清单退还委托方；已上市产品的售后服务、"
        "不良事件监测和召回责任由委托方承担，受托方继续予以配合。",
    ]),
    ("争议解决", [
        "因本协议发生的争议，双方应当协商解决；协商不成的，提交上海仲裁委员会仲裁。",
    ]),
]
MULTILEVEL_CAPTION = "表1 委托生产质量职责分工"
MULTILEVEL_TABLE = [
    ("职责", "委托方", "受托方"),
    ("技术文件的建立和转移", "✓", ""),
    ("技术文件的接收和受控管理", "", "✓"),
    ("关键原材料供应商的审核批准", "✓", "协助"),
    ("原材料采购和进货检验", "", "✓"),
    ("批生产记录的填写和保存", "", "✓"),
    ("生产放行", "", "✓"),
    ("上市放行", "✓", ""),
    ("不良事件监测和报告", "✓", "配合"),
    ("投诉的接收和处理", "✓", ""),
    ("生产相关投诉的原因调查", "", "✓"),
    ("产品召回", "✓", "配合"),
]
MULTILEVEL_SIGNATURES = [
    "委托方（盖章）：上海瑞禾医疗器械有限公司　　　受托方（盖章）：江苏康泽医用制品有限公司",
    "授权代表（签字）：　　　　　　　　　　　　　　授权代表（签字）：",
    "日期：2025年11月18日　　　　　　　　　　　　　日期：2025年11月18日",
]


def make_word_multilevel(path: Path) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Cm, Pt

    document = docx.Document()
    numbering = document.part.numbering_part.element
    # One multi-level list "1 / 1.1 / 1.1.1": level 0 linked to the Heading 1 style (the headings
    # carry no numPr of their own), levels 1 and 2 on the clause paragraphs.
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="61"><w:multiLevelType w:val="multilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading1"/>'
        '<w:lvlText w:val="%1"/><w:lvlJc w:val="left"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/>'
        '<w:lvlJc w:val="left"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2.%3"/>'
        '<w:lvlJc w:val="left"/></w:lvl></w:abstractNum>'))
    num_id = numbering.add_num(61).numId
    document.styles["Heading 1"].element.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = num_id

    def numbered(text: str, level: int) -> None:
        num_pr = document.add_paragraph(text)._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = num_id

    document.sections[0].header.paragraphs[0].text = f"上海瑞禾医疗器械有限公司　　{MULTILEVEL_NUMBER}"
    for n, line in enumerate(MULTILEVEL_COVER):
        paragraph = document.add_paragraph(line)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if n == 0:
            paragraph.runs[0].font.size = Pt(22)
            paragraph.runs[0].bold = True
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)

    # The contents page as Word's table of contents leaves it once the field is unlinked:
    # number, heading, dot leader and page number in the text.
    document.add_paragraph("目　录").alignment = WD_ALIGN_PARAGRAPH.CENTER
    for number, (heading, _) in enumerate(MULTILEVEL_BODY, start=1):
        entry = document.add_paragraph(f"{number}　{heading}\t{3 + number // 5}")
        entry.paragraph_format.tab_stops.add_tab_stop(Cm(15), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)

    for heading, clauses in MULTILEVEL_BODY:
        document.add_heading(heading, level=1)
        for clause in clauses:
            if clause is None:
                document.add_paragraph(MULTILEVEL_CAPTION, style="Caption")
                table = document.add_table(rows=len(MULTILEVEL_TABLE), cols=3, style="Table Grid")
                for row, values in zip(table.rows, MULTILEVEL_TABLE):
                    for cell, value in zip(row.cells, values):
                        cell.text = value
                # The header row, repeated on each page as Word's "Repeat as header row" marks it.
                table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
                for cell in table.rows[0].cells:
                    cell.paragraphs[0].runs[0].bold = True
            elif isinstance(clause, tuple):
                numbered(clause[0], 1)
                for item in clause[1]:
                    numbered(item, 2)
            else:
                numbered(clause, 1)
    document.add_paragraph("（以下无正文）")
    for line in MULTILEVEL_SIGNATURES:
        document.add_paragraph(line)
    document.core_properties.author = "regkb evals"
    document.save(str(path))


# ---- 3. Commercial processing contract, GBK, “第6条” headings --------------------------------

PROCESSING_CONTRACT = """一次性使用医用口罩委托加工合同

合同编号：AH-JG-2025-031
签订日期：2025年9月22日
签订地点：河南省郑州市

定作方：郑州安和医疗用品有限公司（本合同产品的医疗器械注册人）
地址：河南省郑州市高新技术产业开发区翠竹街6号
联系人：李晓峰　电话：0371-6798××××

承揽方：新乡长恒卫生材料有限公司
地址：河南省新乡市长垣市魏庄街道医疗器械产业园纬四路9号
医疗器械生产许可证编号：豫药监械生产许20160027号
联系人：王建军　电话：0373-8861××××

定作方委托承揽方加工一次性使用医用口罩，双方根据《中华人民共和国民法典》等有关规定，经协商一致，订立本合同。

第1条 加工产品
1.1 产品名称：一次性使用医用口罩（非无菌），医疗器械注册证编号：豫械注准20222140559。
1.2 规格型号：平面耳挂式，成人款17.5cm×9.5cm，儿童款14.5cm×9.5cm。
1.3 产品使用定作方的注册商标“安和”，承揽方不得在本合同以外的产品上使用该商标。

第2条 数量和订单
2.1 定作方按月向承揽方下达书面订单，订单载明规格、数量、包装方式和交货日期。
2.2 承揽方应当在收到订单后2个工作日内书面确认；逾期未确认的，视为接受订单。

第3条 加工费
3.1 加工费单价（含税，含耳带、鼻梁条和包装材料费）：成人款每只0.085元，儿童款每只0.080元。
3.2 合同期内单价不变。熔喷布以外的原材料价格上涨超过15%的，双方另行协商。

第4条 原材料
4.1 熔喷布由定作方提供，承揽方负责验收、保管，按订单用量领用，损耗率不得超过3%，超出部分按定作方采购价从加工费中扣除。
4.2 无纺布、耳带、鼻梁条和包装材料由承揽方按定作方确认的规格自行采购。

第5条 技术资料
定作方向承揽方提供产品技术要求、工艺流程图和标签、说明书样稿，承揽方按照上述资料组织生产，不得擅自更改。

第6条 质量要求
6.1 承揽方应当按照《医疗器械生产质量管理规范》组织生产，产品质量应当符合YY/T 0969《一次性使用医用口罩》和经注册的产品技术要求。
6.2 承揽方负责每批产品的出厂检验，出具出厂检验报告，检验合格后方可发货。
6.3 承揽方负责产品的生产放行。
6.4 承揽方应当保存每批产品的生产记录和检验记录，保存期限不少于两年。
6.5 未经定作方书面同意，承揽方不得变更原材料、生产工艺和生产场地。

第7条 包装和标识
7.1 产品按定作方确认的样式包装，每50只装一盒，每40盒装一箱。
7.2 每个最小销售包装和外箱应当标明产品名称、规格、批号、生产日期和有效期。

第8条 交货
8.1 承揽方在收到订单后15日内交货，交货地点为定作方郑州仓库，运输费用由承揽方承担。
8.2 运输途中应当防雨、防潮、防挤压，因包装破损造成的损失由承揽方承担。
8.3 每批交货应当附送货单和出厂检验报告。

第9条 验收
9.1 定作方收货后5个工作日内按批抽样验收。
9.2 验收不合格的，定作方应当在验收后3日内书面通知承揽方，该批产品整批退回，承揽方应当在10日内补货，并承担返工、报废和往返运输费用。

第10条 付款
10.1 定作方在验收合格并收到承揽方开具的增值税专用发票后30日内付款。
10.2 付款方式：银行转账。

第11条 现场检查
定作方有权随时派员到承揽方生产现场检查订单产品的生产进度和质量情况，承揽方应当予以配合。

第12条 售后服务
12.1 定作方负责产品的售后服务和用户投诉的处理。
12.2 定作方开展不良事件调查时，承揽方应当配合提供相关批次的生产记录和检验记录。

第13条 违约责任
13.1 承揽方逾期交货的，每逾期一日按逾期交货金额的千分之三支付违约金；逾期超过20日的，定作方有权解除本合同。
13.2 定作方逾期付款的，每逾期一日按应付金额的万分之五支付违约金。
13.3 因产品质量问题给定作方造成损失的，承揽方应当赔偿全部损失。

第14条 保密
承揽方对定作方提供的技术资料、订单数量、价格和客户信息负有保密义务，本合同终止后两年内仍然有效。

第15条 不可抗力
因不可抗力不能履行合同的，受影响一方应当及时通知对方，并在15日内提供证明，可以部分或全部免除责任。

第16条 合同终止
本合同终止的，承揽方应当将定作方提供的技术资料和剩余熔喷布全部退还定作方。

第17条 争议解决
因本合同引起的争议，双方协商解决；协商不成的，提交郑州仲裁委员会仲裁。

第18条 合同期限
本合同自2025年10月1日起至2026年9月30日止。期满前一个月，双方协商续签事宜。

第19条 其他
本合同一式四份，双方各执两份，自双方签字盖章之日起生效。

定作方（盖章）：郑州安和医疗用品有限公司　　　承揽方（盖章）：新乡长恒卫生材料有限公司
代表人：　　　　　　　　　　　　　　　　　　　代表人：
日期：2025年9月22日　　　　　　　　　　　　　日期：2025年9月22日
"""


def make_processing_contract(path: Path) -> None:
    # Notepad on a Chinese Windows saves "ANSI", i.e. GBK, with CRLF line ends.
    path.write_bytes(PROCESSING_CONTRACT.replace("\n", "\r\n").encode("gbk"))


# ---- 4. Word-exported PDF, 品牌方 / 代工厂, complete ------------------------------------------

EXPORTED_NUMBER = "ZK-QA-2025-021"
EXPORTED_HEADER = f"医疗器械委托生产质量协议　　　　　　　　　　　　　　协议编号：{EXPORTED_NUMBER}"
EXPORTED_TITLE = "医疗器械委托生产质量协议"
EXPORTED_HEAD = [
    "品牌方：北京众康医疗器械有限公司（以下简称“品牌方”）",
    "住所：北京市大兴区经济技术开发区科创十三街18号",
    "代工厂：保定恒安电子医疗设备有限公司（以下简称“代工厂”）",
    "住所：河北省保定市高新区朝阳北大街2699号",
    "生产地址：保定市高新区朝阳北大街2699号5号厂房",
    "医疗器械生产许可证编号：冀药监械生产许20190045号（有效期至2029年8月5日）",
]
# (article heading, paragraphs); Word puts each heading on a line of its own.
EXPORTED_BODY = [
    ("第一条【协议目的】", [
        "品牌方系本协议产品的医疗器械注册人，委托代工厂生产本协议产品。为明确双方在委托生产全过程中的质量责任，"
        "依据《医疗器械委托生产质量协议编制指南》，双方签订本协议。",
    ]),
    ("第二条【产品范围】", [
        "本协议适用于医用红外体温计，规格型号：HT-20（额温型）、HT-30（耳温型），医疗器械注册证编号：京械注准20232070288，"
        "注册证有效期至2029年2月27日。具体产品清单见附件1。",
    ]),
    ("第三条【术语和定义】", [
        "本协议所称“生产放行”，是指代工厂质量部门审核批生产记录和检验记录后，批准产品交付品牌方；"
        "“上市放行”，是指品牌方质量部门审核生产过程记录、检验结果和代工厂的生产放行文件后，批准产品上市销售。",
    ]),
    ("第四条【法规和标准】", [
        "代工厂的质量管理体系应当符合《医疗器械监督管理条例》《医疗器械生产监督管理办法》《医疗器械生产质量管理规范》"
        "和YY/T 0287—2017的要求；产品应当符合GB 9706.1—2020、YY 9706.256和经注册的产品技术要求。",
    ]),
    ("第五条【管理职责】", [
        "双方各指定管理者代表负责委托生产的质量管理，确保本方质量管理体系覆盖委托生产的要求；双方各指定一名质量联系人"
        "负责日常联络和协调，联系人名单见附件2。",
    ]),
    ("第六条【文件和记录】", [
        "代工厂应当按照品牌方的文件控制要求，对品牌方转移的技术文件实施受控管理。批生产记录、检验记录、放行记录、"
        "设备校准记录和培训记录由代工厂保存，保存期限不少于产品寿命期，且不少于五年。",
        "在保存期限内，品牌方有权随时查阅、复制和获取上述文件和记录。",
    ]),
    ("第七条【技术文件转移】", [
        "品牌方负责将产品技术要求、电路图、装配工艺、软件版本说明、检验规程、说明书和标签形成技术文件转移清单，"
        "转移给代工厂，双方签字确认。文件更新时由品牌方重新转移。代工厂仅为履行本协议使用上述文件。",
    ]),
    ("第八条【采购控制】", [
        "红外传感器和主控芯片由品牌方指定供应商，代工厂按照品牌方批准的采购要求采购；其他元器件的供应商由代工厂审核，"
        "报品牌方批准后列入合格供应商名录。代工厂负责元器件的进货检验，检验合格后方可使用。",
    ]),
    ("第九条【生产与过程控制】", [
        "代工厂负责SMT贴片线、组装线、黑体校准装置和测试设备的确认、维护保养和校准；生产车间应当采取防静电措施，"
        "温湿度符合工艺文件的要求并每日记录。",
    ]),
    ("第十条【检验和留样】", [
        "代工厂按照品牌方批准的检验规程进行进货检验、过程检验和出厂检验，每台产品出厂前进行示值准确度测试。"
        "代工厂每批抽取两台成品留样，留样保存至产品寿命期满。",
    ]),
    ("第十一条【不合格品】", [
        "代工厂发现不合格品，应当标识、隔离和评审，并在24小时内通知品牌方；返工和报废须经品牌方批准。",
    ]),
    ("第十二条【放行】", [
        "代工厂负责产品的生产放行。品牌方审核代工厂的生产放行文件，确认符合要求后负责产品的上市放行；"
        "产品经品牌方上市放行后方可发往经销商。",
    ]),
    ("第十三条【标识和可追溯性】", [
        "代工厂为每台产品赋予唯一序列号和医疗器械唯一标识，记录序列号与主要元器件批号的对应关系，确保产品可追溯。",
    ]),
    ("第十四条【储存和运输】", [
        "代工厂按照产品要求对成品进行储存和防护，运输时使用防震包装，避免受潮和挤压。",
    ]),
    ("第十五条【体系审核】", [
        "品牌方每年至少对代工厂的质量管理体系进行一次审核，代工厂应当配合，并对发现的问题采取纠正和预防措施；"
        "代工厂接受的与本产品相关的外部审核情况应当及时通报品牌方。",
    ]),
    ("第十六条【监管检查】", [
        "代工厂接受药品监督管理部门对本产品的监督检查或产品抽检时，应当当日通知品牌方，并提供检查结果和整改情况。",
    ]),
    ("第十七条【售后和投诉】", [
        "品牌方负责产品的售后服务和投诉处理；与生产有关的投诉，代工厂应当在七个工作日内完成原因调查，并提交调查报告。",
    ]),
    ("第十八条【不良事件监测】", [
        "品牌方负责产品的不良事件监测、报告和再评价。代工厂获知可疑不良事件后，应当在24小时内告知品牌方，"
        "并配合品牌方开展调查，提供相关批次的生产和检验记录。",
    ]),
    ("第十九条【召回】", [
        "产品召回由品牌方决定并组织实施，代工厂予以配合。",
    ]),
    ("第二十条【变更控制】", [
        "品牌方发起的设计或软件变更，应当书面通知代工厂并约定实施日期。代工厂拟变更元器件、供应商、工艺或设备的，"
        "应当事先书面申请，经品牌方批准后实施；需要办理注册变更的，由品牌方办理。双方评估变更对已上市产品的影响。",
    ]),
    ("第二十一条【纠正和预防措施】", [
        "对质量问题，代工厂制定纠正和预防措施计划，经品牌方批准后实施并报告结果；出现连续批次不合格等问题时，"
        "双方共同调查，品牌方评价措施的有效性。",
    ]),
    ("第二十二条【生产条件变化】", [
        "代工厂生产条件发生变化、不再符合质量管理体系要求的，应当立即整改并通知品牌方，整改完成时间由双方书面约定；"
        "可能影响产品安全、有效的，代工厂应当立即停止生产，由代工厂向所在地药品监督管理部门报告。",
    ]),
    ("第二十三条【沟通机制】", [
        "双方每月以书面质量月报方式通报生产质量情况，每半年召开一次质量会议。",
    ]),
    ("第二十四条【考核】", [
        "品牌方每半年对代工厂进行考核，考核指标包括一次交验合格率、客户投诉数量和外部检查结果。",
    ]),
    ("第二十五条【资源管理】", [
        "代工厂应当配备满足生产要求的人员、厂房、设备和检验仪器，对生产和检验人员进行岗位培训；"
        "品牌方负责提供产品专项培训。",
    ]),
    ("第二十六条【知识产权】", [
        "品牌方提供的技术资料、软件和商标等知识产权归品牌方所有，代工厂不得用于其他产品。",
    ]),
    ("第二十七条【保密】", [
        "双方对履行本协议获知的技术资料和商业信息负有保密义务，保密期限至本协议终止后三年。",
    ]),
    ("第二十八条【商业保险】", [
        "品牌方负责购买产品责任险并按期续保，保险单和理赔资料由品牌方保存。",
    ]),
    ("第二十九条【协议期限和终止】", [
        "本协议自双方签字盖章之日起生效，有效期三年，且不超过产品注册证和代工厂生产许可证的有效期限；"
        "任一证件失效时，本协议自动终止。任何一方严重违约的，另一方可以书面通知解除本协议。",
        "双方每年对本协议的适宜性、充分性和有效性进行评审。",
    ]),
    ("第三十条【终止后事项】", [
        "本协议终止后，代工厂应当在三十日内将品牌方转移的技术文件和相关记录退还品牌方；已上市产品的售后服务、"
        "不良事件监测和召回由品牌方负责，代工厂继续配合。",
    ]),
    ("第三十一条【争议解决】", [
        "因本协议发生的争议，双方协商解决；协商不成的，提交北京仲裁委员会仲裁。",
    ]),
]
EXPORTED_SIGNATURES = [
    "品牌方（盖章）：北京众康医疗器械有限公司",
    "授权代表：",
    "日期：2025年9月3日",
    "代工厂（盖章）：保定恒安电子医疗设备有限公司",
    "授权代表：",
    "日期：2025年9月3日",
]


def make_word_exported_pdf(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    from evals.agreements.make_holdout4 import _wrap as word_wrap

    font, size, leading = "STSong-Light", 10.5, 20
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    width, height = A4
    left, right, top, bottom = 90, 90, 100, 90
    text_width = width - left - right
    indent = 2 * size

    # Lay the whole text out first: the footer needs the page count.
    # (text, font size, x); x None centres the line (the title).
    items: list[tuple[str, float, float | None]] = [(EXPORTED_TITLE, 16, None), ("", size, left)]
    items += [(line, size, left) for line in EXPORTED_HEAD] + [("", size, left)]
    headings = set()
    for heading, paragraphs in EXPORTED_BODY:
        headings.add(len(items))
        items.append((heading, size, left))
        for paragraph in paragraphs:
            for n, line in enumerate(word_wrap(paragraph, font, size, text_width, indent)):
                items.append((line, size, left + (indent if n == 0 else 0)))
    items += [("", size, left)] + [(line, size, left) for line in EXPORTED_SIGNATURES]
    per_page = int((height - top - bottom) // leading)
    pages: list[list] = [[]]
    for i, item in enumerate(items):
        # A heading is kept with the next line (Word's heading style), so it never ends a page.
        if len(pages[-1]) == per_page or (i in headings and len(pages[-1]) == per_page - 1):
            pages.append([])
        pages[-1].append(item)

    page = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for number, body in enumerate(pages, start=1):
        page.setFont(font, 9)
        page.drawCentredString(width / 2, height - 55, EXPORTED_HEADER)
        page.line(left, height - 60, width - right, height - 60)
        y = height - top
        for text, font_size, x in body:
            page.setFont(font, font_size)
            if x is None:
                page.drawCentredString(width / 2, y, text)
            else:
                page.drawString(x, y, text)
            y -= leading
        page.setFont(font, 9)
        page.drawCentredString(width / 2, 50, f"第 {number} 页 共 {len(pages)} 页")
        page.showPage()
    page.save()


# ---- 5. Word, typed “第X条” paragraphs, 委托人 / 受托人 ----------------------------------------

TYPED_TITLE = "医疗器械委托生产质量协议"
TYPED_HEAD = [
    "协议编号：HH-WT-2025-05",
    "委托人：广州恒晖医疗科技有限公司（以下简称“恒晖公司”），系本协议产品的医疗器械注册人，"
    "住所：广东省广州市黄埔区科丰路81号。",
    "受托人：东莞精诚医疗器械有限公司（以下简称“精诚公司”），住所：广东省东莞市松山湖高新区工业东路12号，"
    "医疗器械生产许可证编号：粤药监械生产许20180156号，许可证有效期至2028年9月30日。",
    "恒晖公司委托精诚公司生产一次性使用亲水涂层导尿管。为明确双方的质量责任，根据《医疗器械监督管理条例》"
    "《医疗器械生产监督管理办法》等规定，双方订立本协议，共同遵守。",
]
# Each article is one or more paragraphs typed as Word paragraphs; the first begins with 第X条.
TYPED_BODY = [
    ["第一条　委托生产的产品为一次性使用亲水涂层导尿管，规格型号：Fr8、Fr10、Fr12、Fr14、Fr16、Fr18，"
     "医疗器械注册证编号：粤械注准20222140365，注册证有效期至2027年6月18日。"],
    ["第二条　本协议中，“生产放行”是指精诚公司对批生产记录和检验记录审核后将产品交付恒晖公司；"
     "“上市放行”是指恒晖公司对生产过程记录、检验结果和精诚公司的生产放行文件审核后批准产品上市。"],
    ["第三条　精诚公司应当遵守《医疗器械监督管理条例》《医疗器械生产质量管理规范》及其无菌医疗器械附录，"
     "产品应当符合YY 0325《一次性使用无菌导尿管》和经注册的产品技术要求。"],
    ["第四条　恒晖公司将产品技术要求、工艺规程、涂层工艺参数、检验规程、说明书和标签样稿提供给精诚公司，"
     "精诚公司按照上述文件组织生产，不得擅自更改。"],
    ["第五条　精诚公司应当对生产过程中使用的文件实施受控管理。批生产记录、检验记录和灭菌记录由精诚公司保存，"
     "保存期限不少于产品有效期后一年，且不少于三年；恒晖公司有权查阅和复制。"],
    ["第六条　硅橡胶导管、亲水涂层液和初包装材料由精诚公司采购；亲水涂层液的供应商由恒晖公司指定，"
     "其他关键原材料的供应商须经恒晖公司审核批准。原材料经精诚公司进货检验合格后方可使用。"],
    ["第七条　经恒晖公司书面同意，精诚公司可以将导尿管的亲水涂层工序委托具备相应能力的第三方加工。"
     "该第三方应当纳入精诚公司的供应商管理，并经恒晖公司审核批准；涂层后的半成品经精诚公司检验合格后方可进入下道工序，"
     "精诚公司对该工序的质量向恒晖公司负责。",
     "除前款约定的工序外，精诚公司不得将本产品转委托他人生产。"],
    ["第八条　精诚公司负责挤出、成型、组装和包装设备的确认和维护保养，生产在十万级洁净车间进行，"
     "洁净车间的环境监测按照无菌医疗器械附录执行。"],
    ["第九条　产品由精诚公司委托经恒晖公司批准的灭菌单位进行环氧乙烷灭菌，精诚公司负责灭菌过程的监督和灭菌记录的审核。"],
    ["第十条　精诚公司负责进货检验、过程检验和出厂检验，出厂检验项目包括无菌、环氧乙烷残留量和涂层润滑性能。"],
    ["第十一条　精诚公司发现不合格品的，应当进行标识和隔离，并在两个工作日内通知恒晖公司；"
     "不合格品的处置须经恒晖公司同意。"],
    ["第十二条　精诚公司质量部负责产品的生产放行。恒晖公司质量部审核精诚公司的生产放行文件后，负责产品的上市放行。"],
    ["第十三条　精诚公司应当在产品包装上标注批号和灭菌批号，并记录每批产品所用原材料的批号，确保产品可追溯。"],
    ["第十四条　恒晖公司每年对精诚公司的质量管理体系进行一次审核，精诚公司应当配合并对审核发现的问题进行整改。"],
    ["第十五条　恒晖公司负责产品的售后服务和投诉处理，精诚公司负责对与生产有关的投诉进行原因调查，"
     "并在十个工作日内提交调查报告。"],
    ["第十六条　恒晖公司负责医疗器械不良事件监测和报告，精诚公司获知可疑不良事件后应当立即通知恒晖公司，"
     "并配合恒晖公司的调查。"],
    ["第十七条　精诚公司变更原材料、供应商、生产工艺或生产设备的，应当事先书面通知恒晖公司，经恒晖公司批准后方可实施；"
     "涉及注册变更的，由恒晖公司办理。"],
    ["第十八条　精诚公司应当建立纠正和预防措施控制程序，对生产中发现的质量问题采取纠正和预防措施。"],
    ["第十九条　双方各指定一名联系人负责日常联络，联系人变更的，应当提前书面通知对方。"],
    ["第二十条　精诚公司应当配备满足生产需要的生产和检验人员，对关键岗位人员进行培训。"],
    ["第二十一条　成品由精诚公司储存在阴凉干燥处，按照恒晖公司的发货通知发运。"],
    ["第二十二条　双方对在履行本协议过程中获知的对方技术秘密和商业秘密负有保密义务。"],
    ["第二十三条　本协议有效期五年，自2025年12月1日起至2030年11月30日止。有效期届满前三个月，双方协商续签事宜。"],
    ["第二十四条　任何一方违反本协议约定，经对方书面催告后三十日内仍未纠正的，对方有权解除本协议。"
     "本协议终止或解除后，精诚公司应当将恒晖公司提供的技术文件全部归还恒晖公司。"],
    ["第二十五条　因本协议引起的争议，双方应当友好协商；协商不成的，任何一方可以向恒晖公司住所地人民法院提起诉讼。"],
    ["第二十六条　本协议一式两份，双方各执一份，经双方法定代表人或授权代表签字并加盖公章后生效。"],
]
TYPED_SIGNATURES = [
    "委托人（盖章）：广州恒晖医疗科技有限公司",
    "法定代表人或授权代表：",
    "受托人（盖章）：东莞精诚医疗器械有限公司",
    "法定代表人或授权代表：",
    "签订日期：2025年11月25日",
]


def make_word_typed(path: Path) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()
    title = document.add_paragraph(TYPED_TITLE)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.runs[0].bold = True
    title.runs[0].font.size = Pt(18)
    for line in TYPED_HEAD:
        document.add_paragraph(line)
    for article in TYPED_BODY:
        for n, text in enumerate(article):
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Pt(21)
            if n == 0:
                # The typed number in bold, as people format it by hand: “第一条”　then the text.
                number, rest = text.split("　", 1)
                paragraph.add_run(number).bold = True
                paragraph.add_run("　" + rest)
            else:
                paragraph.add_run(text)
    document.add_paragraph("（以下无正文）")
    for line in TYPED_SIGNATURES:
        document.add_paragraph(line)
    document.core_properties.author = "regkb evals"
    document.save(str(path))


if __name__ == "__main__":
    make_printed_pdf(HERE / "holdout6-browser-printed.pdf")
    make_word_multilevel(HERE / "holdout6-word-multilevel.docx")
    make_processing_contract(HERE / "holdout6-processing-contract-gbk.txt")
    make_word_exported_pdf(HERE / "holdout6-word-exported.pdf")
    make_word_typed(HERE / "holdout6-word-typed.docx")
    for number, body in enumerate(printed_pages(), start=1):
        articles = [line.split(" ", 1)[0] for line in body if line.startswith("第") and "条 " in line[:8]]
        print(f"holdout6-browser-printed.pdf page {number}: {articles[0] if articles else '-'} … "
              f"{articles[-1] if articles else '-'}")
    print("wrote the holdout-6 agreements in", HERE)
