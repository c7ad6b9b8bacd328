"""Regenerate the binary holdout-4 evaluation agreements from the text below:
``holdout4-word-multilevel.docx`` (a cover page, a typed table of contents, headings and
clauses numbered by one Word multi-level list, the headings through the linked "Heading 1"
style as Word links them, and a responsibility table under its caption),
``holdout4-word-exported.pdf`` (as Word's "Save as PDF" writes it: a clean text layer,
paragraphs broken by the page width, the agreement number in a running header and
“第 N 页 共 M 页” in the footer of every page) and ``holdout4-processing-contract-gbk.txt``
(a commercial processing contract saved by Notepad in GBK with CRLF line ends).
``holdout4-spine-implant-short-names.md`` is plain text and committed as it is.

    python -m evals.agreements.make_holdout4

The committed files are what the scorer reads; run this only after editing the text.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent

# ---- 1. Word, multi-level automatic numbering -------------------------------------------

MULTILEVEL_NUMBER = "HW-QA-2025-012"
MULTILEVEL_COVER = [
    "医疗器械委托生产质量协议",
    f"协议编号：{MULTILEVEL_NUMBER}",
    "委托方（医疗器械注册人）：苏州恒微医疗科技有限公司",
    "受托方（受托生产企业）：常州安泰医疗器械制造有限公司",
    "版本：B/1",
    "编制：质量部　　审核：管理者代表　　批准：总经理",
    "二〇二五年六月",
]
# (heading, clauses): Word numbers the headings "1", "2" … and the clauses "1.1"; a clause
# given as a tuple is followed by its own "1.1.1" items, and None stands for the table.
MULTILEVEL_BODY = [
    ("协议双方", [
        "委托方：苏州恒微医疗科技有限公司（以下简称“委托方”），系本协议产品的医疗器械注册人，"
        "住所：江苏省苏州工业园区金鸡湖大道1355号，法定代表人：周立衡。",
        "受托方：常州安泰医疗器械制造有限公司（以下简称“受托方”），住所：江苏省常州市武进区湖塘镇长扬路26号，"
        "生产地址：常州市武进区湖塘镇长扬路26号3号楼，医疗器械生产许可证编号：苏药监械生产许20160052号。",
    ]),
    ("目的和产品范围", [
        "为明确双方在委托生产全过程中的质量责任，保证委托生产的产品持续符合经注册的产品技术要求，"
        "双方依据《医疗器械委托生产质量协议编制指南》签订本协议。",
        "委托生产产品：一次性使用无菌注射器 带针，规格型号：1mL、2mL、5mL、10mL、20mL（配针0.45mm～0.8mm），"
        "医疗器械注册证编号：苏械注准20222150876，注册证有效期至2029年9月14日。",
    ]),
    ("术语和定义", [
        "生产放行：指受托方质量部门对批生产记录、批检验记录和灭菌记录进行审核，确认符合要求后批准产品交付委托方。",
        "上市放行：指委托方质量部门对受托方的生产放行文件及生产全过程记录进行审核，确认符合要求后批准产品销售交付顾客。",
        "批：指使用同一批原材料、按同一工艺在同一生产周期内生产，并经同一灭菌柜次灭菌的产品。",
    ]),
    ("适用法规和标准", [
        ("受托方的质量管理体系及受托生产活动应当符合下列法规和标准的现行有效版本：", [
            "《医疗器械监督管理条例》；",
            "《医疗器械生产监督管理办法》；",
            "《医疗器械生产质量管理规范》及其无菌医疗器械附录；",
            "YY/T 0287—2017《医疗器械 质量管理体系 用于法规的要求》；",
            "GB 15810《一次性使用无菌注射器》和GB 15811《一次性使用无菌注射针》。",
        ]),
    ]),
    ("质量职责分工", [
        "双方主要质量职责分工见表1；表1未列明的事项，按本协议相关条款执行。",
        None,
    ]),
    ("文件和记录", [
        "受托方应当将委托方转移的技术文件纳入本企业的文件控制程序，受控发放，作废文件及时回收。",
        "受托方应当保存批生产记录、批检验记录、灭菌记录、设备维护保养和校准记录、培训记录及不合格品处理记录，"
        "保存期限不少于产品有效期后2年，且不少于5年。",
        "在保存期限内，委托方有权查阅、复制和获取上述记录，受托方应当在收到委托方要求后3个工作日内提供。",
    ]),
    ("技术文件转移", [
        "委托方负责将产品技术要求、原材料质量标准、工艺规程、检验规程、说明书和标签样稿形成《技术文件转移清单》，"
        "以受控方式转移给受托方，双方签字确认。",
        "受托方仅为履行本协议使用上述文件；技术文件更新时，由委托方重新转移并收回旧版文件。",
    ]),
    ("采购控制", [
        "聚丙烯粒料、注射针管、活塞和初包装材料由受托方按照委托方批准的质量标准采购。",
        "关键原材料的供应商由受托方审核后报委托方批准，列入合格供应商名录；供应商变更须经委托方书面批准。",
        "受托方负责原材料的进货检验，检验合格后方可入库使用。",
        "环氧乙烷灭菌由受托方委托具备资质的灭菌服务单位实施，灭菌单位须经委托方批准，"
        "受托方负责灭菌确认和每一灭菌柜次的过程监督。",
    ]),
    ("生产与过程控制", [
        "受托方负责注塑、组装和包装设备、十万级洁净车间和纯化水系统的确认、验证、维护保养和校准，并保存记录。",
        "洁净车间的温湿度、压差、尘埃粒子和沉降菌应当定期监测，结果应当符合YY 0033的要求。",
        "注塑、焊接和灭菌等特殊过程的确认由受托方完成，确认方案和报告经委托方批准。",
    ]),
    ("检验与留样", [
        "受托方按照委托方批准的检验规程进行进货检验、过程检验和出厂检验，环氧乙烷残留量和无菌项目逐批检验。",
        "受托方按批留存成品样品，留样保存至产品有效期满后一年，委托方可以随时查验留样。",
    ]),
    ("不合格品控制", [
        "受托方发现不合格品，应当进行标识、隔离和评审，并在24小时内书面通知委托方。",
        "不合格品的返工、让步接收或报废须经委托方书面批准；受托方不得对不合格批次进行生产放行。",
    ]),
    ("放行", [
        "受托方质量部门负责产品的生产放行，生产放行人员由受托方书面授权，并将授权名单告知委托方。",
        "委托方质量部门收到生产放行文件后进行审核，确认符合要求后，由委托方授权的放行人员进行上市放行。",
        "产品经委托方上市放行后，受托方可以按照委托方的发货指令，将产品直接发运至委托方指定的经销商。",
    ]),
    ("标识与可追溯性", [
        "受托方按照委托方要求在产品标签上标注医疗器械唯一标识，记录每批产品所用原材料批号和灭菌批号，确保产品可追溯。",
    ]),
    ("搬运、储存和发运", [
        "受托方按照产品储存条件对原材料、中间品和成品进行仓储和防护，成品存放于阴凉、干燥、通风处，并保存发运记录。",
    ]),
    ("质量管理体系审核", [
        "委托方每年至少对受托方的质量管理体系进行一次审核，必要时进行有因审核；对审核发现的问题，"
        "受托方应当在30日内完成整改并书面报告委托方。",
        "受托方接受的与本产品有关的外部审核，应当在审核结束后5个工作日内将审核结果通报委托方。",
    ]),
    ("监管检查", [
        "受托方接到药品监督管理部门对本产品的监督检查或抽检通知时，应当在24小时内通知委托方，"
        "并在检查结束后提供检查结果和整改报告。",
    ]),
    ("投诉、不良事件和召回", [
        "委托方负责产品的售后服务以及投诉的接收、登记和处理；涉及生产的投诉，受托方应当在10个工作日内完成批记录审查"
        "和原因调查，并向委托方提交调查报告。",
        "委托方负责医疗器械不良事件监测和报告；受托方获知可疑不良事件后，应当在24小时内通知委托方，并配合委托方调查。",
        "召回由委托方决定和实施，受托方予以配合。",
    ]),
    ("变更控制", [
        "委托方发起的设计、原材料或标签变更，应当书面通知受托方，由受托方评估是否需要重新确认或验证。",
        "受托方拟对原材料、供应商、工艺、设备或生产场地进行变更的，应当事先书面申请，经委托方评估批准后方可实施；"
        "涉及注册变更的，由委托方办理。",
        "双方应当评估变更对已放行产品的影响。",
    ]),
    ("纠正和预防措施", [
        "对审核发现、不合格品和投诉中发现的问题，受托方制定纠正和预防措施计划，经委托方批准后实施，委托方评价措施的有效性。",
    ]),
    ("生产条件变化", [
        "受托方生产条件发生变化、不再符合质量管理体系要求的，应当立即整改并通知委托方，双方书面约定整改完成时间；"
        "可能影响产品安全、有效的，受托方应当立即停止生产，并向所在地药品监督管理部门报告。",
    ]),
    ("管理职责与沟通", [
        "双方各指定管理者代表负责委托生产的质量管理，并各指定一名质量联系人负责日常对接。",
        "双方每季度召开一次质量例会，通报质量数据、变更和投诉情况。",
    ]),
    ("考核指标", [
        "委托方每季度对受托方进行考核，考核指标包括批次合格率、偏差数量、外部检查结果和与生产有关的投诉数量。",
    ]),
    ("资源管理", [
        "受托方应当配备与受托生产相适应的生产和检验人员、厂房设施，对直接影响产品质量的人员进行培训，经考核合格后上岗。",
    ]),
    ("禁止再次委托", [
        "受托方不得将本产品再次委托其他企业生产。",
    ]),
    ("知识产权和保密", [
        "委托方转移的技术文件及产品相关的知识产权归委托方所有，受托方不得用于本协议以外的用途。",
        "双方对履行本协议获知的技术资料和商业信息负有保密义务，保密期限至本协议终止后五年。",
    ]),
    ("协议的生效、期限和终止", [
        "本协议经双方授权代表签字并加盖公章后生效，有效期三年，且不超过产品注册证和受托方生产许可证的有效期限。",
        "任何一方严重违反本协议的，另一方可以书面通知解除本协议。",
        "本协议终止后30日内，受托方应当将委托方转移的技术文件和相关记录形成清单退还委托方；已上市产品的售后服务、"
        "不良事件监测和召回责任由委托方承担，受托方继续予以配合。",
        "双方每年对本协议的适宜性、充分性和有效性进行评审，必要时修订。",
    ]),
    ("争议解决", [
        "因本协议发生的争议，双方应当协商解决；协商不成的，提交苏州仲裁委员会仲裁。",
    ]),
]
MULTILEVEL_CAPTION = "表1 委托生产质量职责分工"
MULTILEVEL_TABLE = [
    ("事项", "委托方", "受托方"),
    ("技术文件的建立和转移", "负责", "接收、确认"),
    ("原材料质量标准", "制定、批准", "执行"),
    ("关键原材料供应商审核", "批准", "审核、日常管理"),
    ("进货检验、过程检验和出厂检验", "审核记录", "负责"),
    ("环氧乙烷灭菌（外协）", "批准灭菌单位", "委托并监督"),
    ("生产放行", "—", "负责"),
    ("上市放行", "负责", "提供生产放行文件"),
    ("不良事件监测和报告", "负责", "配合调查"),
    ("投诉处理", "负责", "生产原因调查"),
    ("产品召回", "决定并实施", "配合"),
]
MULTILEVEL_SIGNATURES = [
    "委托方（盖章）：苏州恒微医疗科技有限公司　　　受托方（盖章）：常州安泰医疗器械制造有限公司",
    "授权代表（签字）：　　　　　　　　　　　　　　授权代表（签字）：",
    "日期：　　年　　月　　日　　　　　　　　　　　日期：　　年　　月　　日",
]


def make_word_multilevel(path: Path) -> None:
    import docx
    from docx.enum.text import WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Cm

    document = docx.Document()
    numbering = document.part.numbering_part.element
    # One multi-level list as Word's "1 / 1.1 / 1.1.1" gallery entry defines it: level 0 is
    # linked to the Heading 1 style, so the headings carry no numPr of their own.
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="91"><w:multiLevelType w:val="multilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading1"/>'
        '<w:lvlText w:val="%1"/><w:lvlJc w:val="left"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/>'
        '<w:lvlJc w:val="left"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2.%3"/>'
        '<w:lvlJc w:val="left"/></w:lvl></w:abstractNum>'))
    num_id = numbering.add_num(91).numId
    document.styles["Heading 1"].element.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = num_id

    def numbered(text: str, level: int) -> None:
        num_pr = document.add_paragraph(text)._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = num_id

    document.sections[0].header.paragraphs[0].text = f"{MULTILEVEL_NUMBER}　医疗器械委托生产质量协议"
    for line in MULTILEVEL_COVER:
        document.add_paragraph(line)
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)

    # A typed contents list (as pasted from an earlier version), numbers and page numbers in the text.
    document.add_paragraph("目　录")
    for number, (heading, _) in enumerate(MULTILEVEL_BODY, start=1):
        entry = document.add_paragraph(f"{number}　{heading}\t{3 + number // 4}")
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


# ---- 2. Word-exported PDF ------------------------------------------------------------------

EXPORTED_HEADER = "宁波联科医疗器械有限公司　　医疗器械委托生产质量协议　　协议编号：LK-ZL-2025-018"
EXPORTED_TITLE = "医疗器械委托生产质量协议"
EXPORTED_HEAD = [
    "甲方（委托方）：宁波联科医疗器械有限公司",
    "住所：浙江省宁波市鄞州区首南街道天童南路588号",
    "乙方（受托方）：台州康达医疗电器有限公司",
    "住所：浙江省台州市路桥区峰江街道新桥路66号",
    "医疗器械生产许可证编号：浙药监械生产许20190037号",
]
# (article heading, paragraphs); Word puts the heading on a line of its own.
EXPORTED_BODY = [
    ("第一条　协议目的", [
        "为明确甲乙双方在压缩式雾化器委托生产过程中的质量责任，确保产品符合经注册的产品技术要求，双方经协商一致，签订本协议。",
    ]),
    ("第二条　产品范围", [
        "乙方为甲方生产的产品为压缩式雾化器，型号：NB-210、NB-320，医疗器械注册证编号：浙械注准20232080555，"
        "注册证有效期至2028年6月11日。",
    ]),
    ("第三条　法规和标准", [
        "乙方应当按照《医疗器械监督管理条例》《医疗器械生产质量管理规范》组织生产，产品应当符合GB 9706.1—2020、"
        "YY 9706.102—2021标准及经注册的产品技术要求。",
    ]),
    ("第四条　记录", [
        "乙方应当建立并填写批生产记录和检验记录，记录保存期限不少于产品寿命期，且不少于5年。",
    ]),
    ("第五条　技术文件", [
        "甲方向乙方提供产品技术要求、装配工艺和检验规程，乙方按照甲方提供的技术文件组织生产，不得擅自更改。",
    ]),
    ("第六条　物料采购", [
        "压缩机泵体由甲方提供，乙方负责接收和保管；其余零部件由乙方从甲方认可的供应商处采购，进厂时由乙方进行进货检验，"
        "检验合格后方可使用。",
    ]),
    ("第七条　生产过程", [
        "乙方负责装配线、老化测试台和安规测试仪的日常维护和定期校准。装配车间应当保持清洁，温湿度符合工艺文件的要求。",
    ]),
    ("第八条　检验", [
        "乙方负责过程检验和出厂检验，每台整机出厂前进行安规测试和雾化速率测试，并记录测试结果。",
    ]),
    ("第九条　不合格品", [
        "乙方发现不合格品，应当进行隔离并记录处理结果；重大质量问题应当在24小时内通知甲方。",
    ]),
    ("第十条　生产放行", [
        "乙方质量部负责产品的生产放行，放行前应当确认批生产记录和检验记录完整、结果符合要求。",
    ]),
    ("第十一条　发货", [
        "经乙方生产放行的产品，可直接发往甲方指定的经销商和医疗机构，无需甲方另行审核。发货费用按双方另行签订的加工合同执行。",
    ]),
    ("第十二条　产品标识和追溯", [
        "乙方按照甲方提供的标签样稿印制铭牌，每台产品赋予唯一序列号，记录序列号与压缩机泵体批号的对应关系，确保产品可追溯。",
    ]),
    ("第十三条　质量审核", [
        "甲方每年对乙方进行一次质量体系审核，乙方应当予以配合，并对审核发现的问题进行整改。",
    ]),
    ("第十四条　投诉处理", [
        "甲方负责产品的售后维修和用户投诉处理；投诉涉及生产质量的，乙方应当在7个工作日内向甲方提交原因分析报告。",
    ]),
    ("第十五条　不良事件", [
        "甲方负责医疗器械不良事件监测和报告工作。乙方应当配合甲方开展不良事件调查，及时提供相关批次的生产和检验记录。",
    ]),
    ("第十六条　变更", [
        "乙方变更关键零部件供应商、生产工艺或生产场地的，应当提前30日书面通知甲方，经甲方同意后方可实施。",
    ]),
    ("第十七条　联系人", [
        "双方各指定一名联系人负责日常联络和协调，联系人变更时应当书面通知对方。",
    ]),
    ("第十八条　人员和设备", [
        "乙方应当配备经培训合格的装配和检验人员，并保持生产设备和检验仪器满足生产需要。",
    ]),
    ("第十九条　保密", [
        "双方对履行本协议过程中获知的对方技术资料和商业秘密负有保密义务。",
    ]),
    ("第二十条　协议期限", [
        "本协议自双方签字盖章之日起生效，有效期三年。期满前一个月，双方协商续签事宜。",
    ]),
    ("第二十一条　争议解决", [
        "因本协议发生的争议，双方应当协商解决；协商不成的，任何一方可以向甲方所在地人民法院提起诉讼。",
    ]),
    ("第二十二条　其他", [
        "本协议一式两份，双方各执一份，具有同等法律效力。本协议未尽事宜，双方另行签订补充协议。",
    ]),
]
EXPORTED_SIGNATURES = [
    "甲方（盖章）：宁波联科医疗器械有限公司",
    "授权代表：",
    "日期：2025年7月8日",
    "乙方（盖章）：台州康达医疗电器有限公司",
    "授权代表：",
    "日期：2025年7月8日",
]


def _wrap(text: str, font: str, size: float, width: float, indent: float = 0) -> list[str]:
    """Break a paragraph where the page width ends, as a word processor does: CJK text
    breaks between any two characters, but closing punctuation never starts a line (Word
    squeezes it onto the line before); the first line is indented."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, line = [], ""
    for char in text:
        room = width - (indent if not lines else 0)
        if line and char not in "，。、；：？！）”》" and stringWidth(line + char, font, size) > room:
            lines.append(line)
            line = ""
        line += char
    return lines + [line]


def make_word_exported_pdf(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

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
            for n, line in enumerate(_wrap(paragraph, font, size, text_width, indent)):
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


# ---- 4. Commercial processing contract, GBK ------------------------------------------------

PROCESSING_CONTRACT = """委托加工合同

合同编号：HK-WT-2025-09
签订地点：浙江省杭州市余杭区

定作方（以下简称甲方）：杭州禾康医疗用品有限公司
地址：浙江省杭州市余杭区仓前街道文一西路998号
甲方为本合同产品的医疗器械注册人。
承揽方（以下简称乙方）：湖州长兴永盛卫生材料有限公司
地址：浙江省湖州市长兴县和平镇工业区永盛路3号
医疗器械生产许可证编号：浙药监械生产许20150089号

甲乙双方根据《中华人民共和国民法典》及医疗器械相关法规，经友好协商，就甲方委托乙方加工医用纱布敷料事宜达成如下条款，共同遵守。

一、加工产品
1. 产品名称：医用纱布敷料（无菌），医疗器械注册证编号：浙械注准20232640318，注册证有效期至2028年3月19日。
2. 规格：5cm×5cm-8P、7.5cm×7.5cm-8P、10cm×10cm-12P。
3. 甲方向乙方提供产品技术要求、折叠规格图和标签样稿，乙方按上述资料加工。
4. 产品使用甲方的注册商标，商标及甲方提供的技术资料的知识产权归甲方所有，乙方不得用于其他产品。

二、数量和价格
1. 甲方按月向乙方下达采购订单，订单载明规格、数量和交货日期。
2. 加工单价（含税，含包装材料费和灭菌费）：5cm×5cm-8P每片0.12元，7.5cm×7.5cm-8P每片0.18元，10cm×10cm-12P每片0.31元。
3. 单价在合同期内不变；原材料市场价格波动超过10%的，双方另行协商调整。

三、原材料
1. 脱脂纱布原布由甲方提供，乙方负责接收、清点和保管，加工损耗率不得超过2%，超出部分按甲方采购价从加工费中扣除。
2. 包装材料（纸塑袋、外箱）由乙方按甲方确认的规格自行采购。

四、灭菌
产品由乙方进行环氧乙烷灭菌，灭菌费用已包含在加工单价内。

五、质量要求
1. 乙方应当按照《医疗器械生产质量管理规范》及无菌医疗器械附录组织生产，产品应当符合YY 0594《外科纱布敷料通用要求》和经注册的产品技术要求。
2. 乙方负责每批产品的出厂检验（含无菌和环氧乙烷残留量），并出具出厂检验报告。
3. 乙方负责产品的生产放行；产品运抵甲方仓库后，由甲方审核随货的出厂检验报告，合格后由甲方进行上市放行。

六、交货
1. 乙方在收到订单后20日内交货，交货地点为甲方杭州仓库，运费由乙方承担。
2. 运输途中应当防雨防潮，因外箱破损造成的损失由乙方承担。
3. 每批交货应当附送货单和出厂检验报告。

七、验收
甲方收货后5个工作日内按批抽样验收；验收不合格的，整批退回，乙方应当在10日内补货，并承担返工、报废和往返运输费用。

八、付款
1. 甲方在验收合格并收到乙方开具的增值税专用发票后45日内付款。
2. 付款方式：银行转账。
3. 乙方收款账户：湖州长兴永盛卫生材料有限公司，开户行：中国工商银行长兴支行。

九、售后和质量责任
1. 产品在使用中出现的质量投诉和不良事件，由乙方负责处理，并由乙方向所在地药品监督管理部门报告，甲方不承担由此产生的任何责任。
2. 因产品质量问题给甲方造成损失的，乙方承担赔偿责任。

十、违约责任
1. 乙方逾期交货的，每逾期一日按逾期交货金额的千分之三支付违约金；逾期超过15日的，甲方有权解除本合同。
2. 甲方逾期付款的，每逾期一日按应付金额的万分之五支付违约金。

十一、保密
乙方对甲方提供的技术资料、价格和客户信息负有保密义务，本合同终止后三年内仍然有效。

十二、不可抗力
因不可抗力不能履行合同的，受影响一方应当及时通知对方，并在15日内提供证明，可以部分或全部免除责任。

十三、争议解决
因本合同引起的争议，双方协商解决；协商不成的，向甲方所在地人民法院起诉。

十四、合同期限
本合同自2025年9月1日起至2031年8月31日止。合同期满前，双方可以协商续签。

十五、其他
本合同一式四份，双方各执两份，自双方签字盖章之日起生效。

甲方（盖章）：杭州禾康医疗用品有限公司　　　乙方（盖章）：湖州长兴永盛卫生材料有限公司
代表人：　　　　　　　　　　　　　　　　　　代表人：
日期：2025年8月20日　　　　　　　　　　　　日期：2025年8月20日
"""


def make_processing_contract(path: Path) -> None:
    # Notepad on a Chinese Windows saves "ANSI", i.e. GBK, with CRLF line ends.
    path.write_bytes(PROCESSING_CONTRACT.replace("\n", "\r\n").encode("gbk"))


if __name__ == "__main__":
    make_word_multilevel(HERE / "holdout4-word-multilevel.docx")
    make_word_exported_pdf(HERE / "holdout4-word-exported.pdf")
    make_processing_contract(HERE / "holdout4-processing-contract-gbk.txt")
    print("wrote the holdout-4 agreements in", HERE)
