"""Regenerate the binary agreements of the second blind set (holdout-blind-2) from the text below:
``blind2-word-autonumber-electrosurgical.docx`` (a cover page, a 目录 page that is a real Word TOC
field, articles numbered by Word as “第一条” with their clauses as “1.” “2.” from numbering.xml, and a
responsibility matrix with ●/○ under its caption), ``blind2-word-exported-ivd-analyser.pdf`` (as
Word's "Save as PDF" writes it: a clean text layer, article titles in 【】 on the first line of the
article, the agreement number in the running header and “第 N 页 共 M 页” in the footer) and
``blind2-processing-contract-gb18030.txt`` (a commercial processing contract between 定作方 and 承揽方
with defined short names, saved in GB18030 with a character outside GBK, CRLF line ends).
``blind2-intraocular-lens-typed-numbering.md`` is plain text and committed as it is.

    python -m evals.agreements.blind2.make_blind2

The committed files are what the scorer reads; run this only after editing the text.
The labels in gold.yaml were written from this text before any run of the checker.
"""

from __future__ import annotations

from pathlib import Path

from evals.agreements.make_holdout4 import _wrap

HERE = Path(__file__).parent

# ---- 1. Word: cover, TOC field, “第一条” automatic numbering, responsibility matrix ---------------

WORD_NUMBER = "YC-QA-2025-006"
WORD_COVER = [
    "医疗器械委托生产质量协议",
    f"协议编号：{WORD_NUMBER}",
    "产品：高频手术系统",
    "委托方：深圳市翼辰医疗科技有限公司",
    "受托方：东莞市恒钧电子医疗设备有限公司",
    "版本：A/0　　受控状态：受控",
    "二〇二五年十月",
]
# (article title, clauses): Word numbers the titles “第一条”, “第二条” … and the clauses of each
# article “1.”, “2.” (restarting in every article); None stands for the caption and the table.
WORD_BODY = [
    ("协议双方", [
        "委托方：深圳市翼辰医疗科技有限公司（以下简称“委托方”），系本协议产品的医疗器械注册人，"
        "住所：广东省深圳市南山区粤海街道高新南七道18号翼辰大厦。",
        "受托方：东莞市恒钧电子医疗设备有限公司（以下简称“受托方”），住所及生产地址：广东省东莞市松山湖园区"
        "工业西路12号，医疗器械生产许可证编号：粤药监械生产许20190153号。",
    ]),
    ("产品范围", [
        "委托生产的产品为高频手术系统，型号：YC-300、YC-400，由主机、脚踏开关和中性电极连接线组成，"
        "医疗器械注册证编号：国械注准20233010527，注册证有效期至2028年5月16日。",
        "单极、双极手术电极等一次性附件不在本协议范围内，由委托方另行采购。",
    ]),
    ("术语和定义", [
        "生产放行：指受托方质量部门审核整机批生产记录、过程检验和出厂检验记录后，批准产品交付委托方。",
        "上市放行：指委托方质量部门审核受托方的生产放行文件和生产全过程记录后，批准产品销售或交付顾客。",
        "关键元器件：指附件《关键元器件清单》所列的功率模块、主控板、隔离变压器和中性电极监测模块。",
    ]),
    ("适用法规和标准", [
        "受托方的质量管理体系应当符合《医疗器械监督管理条例》《医疗器械生产监督管理办法》《医疗器械生产质量管理规范》"
        "和YY/T 0287—2017的要求。",
        "产品应当符合GB 9706.1—2020、GB 9706.202—2021和经注册的产品技术要求。",
    ]),
    ("职责分工", [
        "双方主要质量职责见表1；表1未列明的，按本协议相关条款执行。",
        None,
    ]),
    ("文件和记录", [
        "受托方应当将委托方转移的技术文件纳入其文件控制程序，确保生产现场使用现行有效版本。",
        "整机批生产记录、检验记录、老化记录、设备校准记录和不合格品处理记录的保存期限不少于产品寿命期，"
        "且自生产放行之日起不少于2年。",
        "在保存期限内，委托方有权随时查阅、复制相关记录，受托方应当在两个工作日内提供。",
    ]),
    ("技术文件转移", [
        "委托方负责将产品技术要求、电路原理图、装配工艺、调试规程、检验规程、标签和使用说明书形成《技术文件转移清单》，"
        "转移给受托方，双方签字确认。",
        "受托方不得将上述文件用于本协议以外的用途。",
    ]),
    ("采购控制", [
        "关键元器件由受托方从委托方批准的合格供应商名录中采购；名录以外的供应商须经委托方审核批准。",
        "受托方负责元器件和结构件的进货检验，检验合格后方可入库。",
        "主控板的贴片焊接由受托方委托外协单位加工，外协单位须经委托方批准，并纳入受托方的供应商管理。",
    ]),
    ("生产和过程控制", [
        "受托方负责装配线、老化房、安规测试仪和功率分析仪的确认、维护保养和校准，并保存记录。",
        "生产区域应当采取防静电措施，温度控制在15℃～30℃，相对湿度不高于75%。",
    ]),
    ("检验和留样", [
        "受托方按照委托方批准的检验规程进行进货检验、过程检验和出厂检验，每台整机出厂前进行输出功率、漏电流和"
        "电介质强度检验。",
        "整机不留样；受托方按批留存主控板和功率模块样品各两件，保存期限为产品寿命期。",
    ]),
    ("不合格品控制", [
        "受托方发现不合格品，应当进行标识、隔离和评审，并在24小时内书面通知委托方；返工和报废须经委托方批准。",
    ]),
    ("放行", [
        "受托方负责整机的生产放行，生产放行人员由受托方书面授权。",
        "委托方审核受托方的生产放行文件后进行上市放行；未经委托方上市放行的产品，受托方不得发运。",
    ]),
    ("标识与可追溯性", [
        "受托方为每台整机赋予唯一序列号和医疗器械唯一标识，记录序列号与关键元器件批号的对应关系，确保产品可追溯。",
    ]),
    ("质量管理体系审核", [
        "委托方每年至少对受托方的质量管理体系进行一次现场审核；对审核发现的问题，受托方应当在30日内完成整改并书面报告。",
        "受托方接受第三方认证审核后，应当将与本产品有关的审核发现通报委托方。",
    ]),
    ("监管检查", [
        "受托方接到药品监督管理部门对本产品的检查或抽检通知时，应当立即通知委托方，并在检查结束后三个工作日内"
        "提供检查结果。",
    ]),
    ("售后服务和投诉", [
        "委托方负责产品的安装、培训、维修和投诉处理。",
        "投诉涉及生产原因的，受托方应当在7个工作日内完成批记录审查和原因调查，并向委托方提交调查报告。",
    ]),
    ("不良事件监测和召回", [
        "委托方负责医疗器械不良事件监测、报告和再评价；受托方获知可疑不良事件后，应当在24小时内通知委托方，并配合调查。",
        "召回由委托方决定和实施，受托方予以配合。",
    ]),
    ("变更控制", [
        "受托方拟变更关键元器件、供应商、装配工艺、测试设备或生产场地的，应当事先书面申请，经委托方评估批准后实施；"
        "涉及注册变更的，由委托方办理。",
        "委托方发起的设计变更，由委托方书面通知受托方并约定实施日期；双方评估变更对已放行产品的影响。",
    ]),
    ("纠正和预防措施", [
        "对审核发现、不合格和投诉中的问题，受托方制定纠正和预防措施，经委托方批准后实施；委托方评价措施的有效性。",
    ]),
    ("管理职责和沟通", [
        "双方各指定管理者代表负责委托生产的质量管理，并各指定一名质量工程师作为日常联系人。",
        "受托方每月以书面质量月报向委托方通报生产和质量情况，双方每半年召开一次质量评审会。",
    ]),
    ("考核", [
        "委托方每半年对受托方进行一次考核，考核指标包括一次交验合格率、返修率、与生产有关的投诉数量和外部检查结果。",
    ]),
    ("资源", [
        "受托方应当配备与受托生产相适应的装配、调试和检验人员以及厂房、设备，并对人员进行产品专项培训，"
        "培训教材由委托方提供。",
    ]),
    ("知识产权和保密", [
        "产品的设计、嵌入式软件和商标的知识产权归委托方所有。",
        "双方对履行本协议中获知的对方技术资料和商业信息负有保密义务。",
    ]),
    ("争议解决", [
        "因本协议发生的争议，双方协商解决；协商不成的，提交深圳国际仲裁院仲裁。",
    ]),
    ("生效、期限和终止", [
        "本协议经双方签字盖章后生效，长期有效；任何一方可以提前六个月书面通知对方终止本协议。",
        "本协议终止后，受托方应当将委托方转移的技术文件和相关记录形成清单退还委托方；已上市产品的维修、"
        "不良事件监测和召回由委托方负责，受托方继续予以配合。",
    ]),
]
WORD_CAPTION = "表1　双方质量职责矩阵（●负责　○参与或配合）"
WORD_TABLE = [
    ("事项", "委托方", "受托方"),
    ("技术文件的建立和转移", "●", "○"),
    ("关键元器件供应商批准", "●", "○"),
    ("进货检验、过程检验和出厂检验", "○", "●"),
    ("生产放行", "○", "●"),
    ("上市放行", "●", "○"),
    ("投诉处理", "●", "○"),
    ("不良事件监测和报告", "●", "○"),
    ("产品召回", "●", "○"),
]
WORD_SIGNATURES = [
    "（以下无正文）",
    "委托方（盖章）：深圳市翼辰医疗科技有限公司　　　受托方（盖章）：东莞市恒钧电子医疗设备有限公司",
    "授权代表：　　　　　　　　　　　　　　　　　　授权代表：",
    "日期：2025年10月9日　　　　　　　　　　　　　日期：2025年10月9日",
]

_CHINESE = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 -> 一, 12 -> 十二, 25 -> 二十五: as Word's chineseCountingThousand shows it (for the TOC)."""
    tens, units = divmod(n, 10)
    return ("" if tens == 0 else ("" if tens == 1 else _CHINESE[tens]) + "十") + ("" if units == 0 else _CHINESE[units])


def make_word_autonumber(path: Path) -> None:
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.oxml import OxmlElement, parse_xml
    from docx.oxml.ns import nsdecls, qn
    from docx.shared import Cm

    document = docx.Document()
    numbering = document.part.numbering_part.element
    # Word's “第一条” list: level 0 in Chinese counting followed by a space, level 1 “1.” restarting
    # in every article. The numbers live in numbering.xml only, not in the paragraphs' text.
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="92"><w:multiLevelType w:val="multilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/>'
        '<w:suff w:val="space"/><w:lvlText w:val="第%1条"/><w:lvlJc w:val="left"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/>'
        '<w:lvlJc w:val="left"/></w:lvl></w:abstractNum>'))
    num_id = numbering.add_num(92).numId

    def numbered(text: str, level: int, style: str | None = None) -> None:
        num_pr = document.add_paragraph(text, style=style)._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = num_id

    def field_char(run, kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)

    document.sections[0].header.paragraphs[0].text = f"翼辰医疗　医疗器械委托生产质量协议　{WORD_NUMBER}"
    for line in WORD_COVER:
        document.add_paragraph(line)
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)

    # The 目录 page as Word's References > Table of Contents inserts it: a TOC field whose cached
    # result holds the numbers as text (“第一条　协议双方……3”), unlike the body's automatic numbers.
    document.add_paragraph("目　录", style="TOC Heading")
    document.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH).base_style = document.styles["Normal"]
    last = len(WORD_BODY)
    for number, (title, _) in enumerate(WORD_BODY, start=1):
        entry = document.add_paragraph(style="toc 1")
        entry.paragraph_format.tab_stops.add_tab_stop(Cm(15), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        if number == 1:
            field_char(entry.add_run(), "begin")
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = ' TOC \\o "1-2" \\h \\z \\u '
            entry.add_run()._r.append(instruction)
            field_char(entry.add_run(), "separate")
        entry.add_run(f"第{chinese_number(number)}条　{title}\t{3 + (number - 1) // 5}")
        if number == last:
            field_char(entry.add_run(), "end")
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)

    document.add_heading("医疗器械委托生产质量协议", level=0)
    for title, clauses in WORD_BODY:
        numbered(title, 0, style="Heading 2")
        for clause in clauses:
            if clause is not None:
                numbered(clause, 1)
                continue
            document.add_paragraph(WORD_CAPTION, style="Caption")
            table = document.add_table(rows=len(WORD_TABLE), cols=3, style="Table Grid")
            for row, values in zip(table.rows, WORD_TABLE):
                for cell, value in zip(row.cells, values):
                    cell.text = value
    for line in WORD_SIGNATURES:
        document.add_paragraph(line)
    document.core_properties.author = "regkb evals"
    document.save(str(path))


# ---- 2. Word-exported PDF, IVD analyser, “第一条【标题】” -----------------------------------------

EXPORTED_NUMBER = "QH-QA-2025-021"
EXPORTED_HEADER = f"武汉启衡生物技术有限公司　　　　　　　　　　　　质量协议编号：{EXPORTED_NUMBER}"
EXPORTED_TITLE = "全自动化学发光免疫分析仪委托生产质量协议"
EXPORTED_HEAD = [
    "委托方：武汉启衡生物技术有限公司",
    "住所：湖北省武汉市东湖新技术开发区高新大道666号生物创新园C2栋",
    "受托方：鄂州恒达精密仪器有限公司",
    "住所：湖北省鄂州市葛店经济技术开发区创业大道9号",
    "医疗器械生产许可证编号：鄂药监械生产许20200061号",
]
# Articles as paragraphs that begin “第N条　【标题】”; a list gives the article's opening paragraph
# followed by its “（一）” items.
EXPORTED_BODY = [
    "第一条　【目的】为明确双方在全自动化学发光免疫分析仪委托生产中的质量责任，依据《医疗器械监督管理条例》"
    "《医疗器械生产监督管理办法》和《医疗器械委托生产质量协议编制指南》，双方签订本协议。",
    "第二条　【产品范围】委托方委托受托方生产全自动化学发光免疫分析仪，型号：QH-CL800、QH-CL1200，"
    "医疗器械注册证编号：鄂械注准20232220314，注册证有效期至2029年3月2日。与分析仪配套使用的试剂和校准品"
    "不在本协议范围内。",
    ["第三条　【术语】本协议中：",
     "（一）生产放行，是指受托方质量部审核整机装配记录、调试记录和出厂检验记录后，批准分析仪交付委托方；",
     "（二）上市放行，是指委托方审核受托方的生产放行文件后，批准分析仪销售和装机。"],
    "第四条　【法规和标准】受托方应当遵守《医疗器械生产质量管理规范》组织生产，质量管理体系符合YY/T 0287—2017，"
    "产品符合GB 4793.1—2007、YY/T 1155—2019和经注册的产品技术要求。",
    "第五条　【文件和记录】受托方应当对委托方转移的文件实施受控管理。整机装配记录、调试记录和出厂检验记录"
    "保存至产品寿命期满后2年。",
    "第六条　【技术文件转移】委托方将产品技术要求、装配图、光路校准规程、软件安装包和检验规程形成转移清单"
    "交付受托方，双方签收确认。",
    ["第七条　【采购】",
     "（一）光电倍增管、加样针和温控模块由委托方采购后提供给受托方，受托方负责接收、核验和保管；",
     "（二）其余元器件和钣金件由受托方采购，供应商须经委托方批准，受托方负责进货检验；",
     "（三）主控板的SMT贴片由受托方委托外协厂加工，按外协采购管理，外协厂须经委托方审核。"],
    "第八条　【生产过程】受托方负责装配线、老化设备和校准仪器的维护和定期校准，装配车间温度保持在18℃～28℃。",
    "第九条　【检验】受托方负责过程检验和出厂检验，每台整机用委托方提供的质控品进行重复性和携带污染率测试，"
    "测试结果记入出厂检验记录。",
    "第十条　【不合格品】受托方发现不合格品，应当隔离、评审，并在两个工作日内通知委托方。",
    "第十一条　【生产放行】受托方质量部负责整机的生产放行，放行后将整机移入待发区并通知委托方。",
    "第十二条　【上市放行】委托方审核受托方的生产放行文件和整机检验记录后进行上市放行；上市放行后，"
    "受托方按委托方的发货单将分析仪发往医疗机构。",
    "第十三条　【追溯】受托方记录每台分析仪的序列号及光电倍增管、主控板的批号，确保产品可追溯。",
    "第十四条　【审核】委托方每年对受托方的质量管理体系审核一次，受托方应当配合，并对发现的问题进行整改。",
    "第十五条　【投诉和维修】委托方负责装机、维修和用户投诉处理；投诉涉及生产质量的，受托方负责原因调查，"
    "并在10个工作日内提交调查报告。",
    "第十六条　【不良事件】分析仪在医疗机构使用中发生的可疑不良事件，由受托方负责收集、调查和评价，并由受托方"
    "通过国家医疗器械不良事件监测信息系统向监测机构报告；委托方提供必要的产品资料。",
    "第十七条　【变更】受托方变更关键元器件、供应商或装配工艺的，应当经委托方书面批准后实施。",
    "第十八条　【纠正和预防措施】出现连续两台出厂检验不合格等问题时，双方共同调查原因，受托方制定纠正和预防措施"
    "并报委托方确认后实施。",
    "第十九条　【联系人】双方各指定一名联系人，负责日常联络；发生重大质量问题时，应当在24小时内通知对方。",
    "第二十条　【保密】双方对履行本协议获知的对方技术资料和商业秘密负有保密义务。",
    "第二十一条　【期限】本协议自双方签字盖章之日起生效，有效期三年；期满前一个月，双方协商续签。",
    "第二十二条　【争议】因本协议发生的争议，双方协商解决；协商不成的，提交武汉仲裁委员会仲裁。",
    "第二十三条　【其他】本协议一式四份，双方各执两份，具有同等法律效力。",
]
EXPORTED_SIGNATURES = [
    "委托方（盖章）：武汉启衡生物技术有限公司　　　受托方（盖章）：鄂州恒达精密仪器有限公司",
    "授权代表：　　　　　　　　　　　　　　　　　授权代表：",
    "日期：2025年8月18日　　　　　　　　　　　　日期：2025年8月18日",
]


def make_word_exported_pdf(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font, size, leading = "STSong-Light", 10.5, 19
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    width, height = A4
    left, right, top, bottom = 80, 80, 100, 90
    text_width = width - left - right
    indent = 2 * size

    # Lay the whole text out first: the footer needs the page count. (text, font size, x); x None centres.
    items: list[tuple[str, float, float | None]] = [(EXPORTED_TITLE, 15, None), ("", size, left)]
    items += [(line, size, left) for line in EXPORTED_HEAD] + [("", size, left)]
    for article in EXPORTED_BODY:
        for paragraph in [article] if isinstance(article, str) else article:
            for n, line in enumerate(_wrap(paragraph, font, size, text_width, indent)):
                items.append((line, size, left + (indent if n == 0 else 0)))
    items += [("", size, left)] + [(line, size, left) for line in EXPORTED_SIGNATURES]
    per_page = int((height - top - bottom) // leading)
    pages = [items[i:i + per_page] for i in range(0, len(items), per_page)]

    page = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for number, body in enumerate(pages, start=1):
        page.setFont(font, 9)
        page.drawString(left, height - 55, EXPORTED_HEADER)
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


# ---- 3. Commercial processing contract, GB18030 -------------------------------------------------

PROCESSING_CONTRACT = """医用外科口罩委托加工合同

合同编号：LC-JG-2025-031
签订地点：上海市闵行区

定作方：上海澜川医疗器械有限公司（以下简称“澜川”），系本合同产品的医疗器械注册人
住所：上海市闵行区新骏环路245号3幢
法定代表人：陈䶮

承揽方：江苏盛禾卫生材料有限公司（以下简称“盛禾”）
住所：江苏省泰州市姜堰区三水街道罗塘路18号
医疗器械生产许可证编号：苏药监械生产许20210047号

澜川与盛禾根据《中华人民共和国民法典》及医疗器械相关法规，就澜川委托盛禾加工医用外科口罩事宜，经协商一致，订立本合同。

第1条 加工产品
产品名称：医用外科口罩（无菌），规格型号：17.5cm×9.5cm（成人）、14.5cm×9.5cm（儿童），医疗器械注册证编号：沪械注准20232140712，注册证有效期至2028年2月27日。

第2条 数量和价格
澜川按月下达订单，订单载明规格、数量和交货日期。加工单价（含税、含原材料和灭菌费用）：成人款每只0.21元，儿童款每只0.19元。合同期内单价不变，熔喷布市场价格波动超过15%的，双方另行协商。

第3条 原材料
熔喷布和纺粘无纺布由盛禾从澜川认可的供应商处采购，每批应当附供应商检验报告，经盛禾进货检验合格后方可投入使用；鼻梁条和耳带由盛禾自行采购。

第4条 技术资料和商标
澜川向盛禾提供产品技术要求、工艺卡和包装标签样稿，盛禾按上述资料加工。澜川提供的技术资料和澜川注册商标的知识产权归澜川所有，盛禾不得用于为他人加工的产品。

第5条 生产要求
盛禾应当按照《医疗器械生产质量管理规范》组织生产，口罩的成型、焊接和初包装在十万级洁净车间内进行，产品应当符合YY 0469—2011《医用外科口罩》和经注册的产品技术要求。

第6条 灭菌
产品由盛禾委托经澜川同意的灭菌服务单位进行环氧乙烷灭菌，每批灭菌记录的复印件随出厂检验报告一并提供澜川。

第7条 检验和放行
盛禾负责每批产品的出厂检验（细菌过滤效率、颗粒过滤效率、通气阻力、环氧乙烷残留量和无菌），并按批留样，留样保存至产品有效期满。检验合格后由盛禾进行生产放行，随货提供出厂检验报告和生产放行单。澜川收货后审核上述资料，由澜川进行上市放行。

第8条 包装、交货和运输
每50只装一盒，40盒装一箱，外箱标明产品名称、规格和数量。盛禾在收到订单后15日内交货至澜川上海仓库，运费由盛禾承担；运输中应当防雨、防潮、防晒。

第9条 验收
澜川收货后3个工作日内按批抽样验收；验收不合格的，整批退回，盛禾应当在7日内补货，并承担往返运费。

第10条 付款
澜川在验收合格并收到盛禾开具的增值税专用发票后30日内，以银行转账方式付清该批货款。

第11条 转加工
订单数量超出盛禾产能时，经澜川书面同意，盛禾可以将部分订单交由其他具有医用口罩生产许可的企业加工，盛禾对该部分产品的质量向澜川负责。

第12条 质量问题
产品投诉由澜川受理；涉及加工质量的，盛禾应当在5日内完成原因调查并书面答复澜川。因盛禾加工原因造成的损失，由盛禾承担。

第13条 不良事件
澜川作为注册人负责产品的不良事件监测；盛禾获知可疑不良事件的，应当在24小时内告知澜川并配合调查。

第14条 变更
盛禾变更原材料供应商或生产工艺的，应当提前15日书面通知澜川，经澜川同意后方可实施。

第15条 质量审核
澜川有权每年对盛禾的生产现场和质量管理体系进行一次审核，盛禾应当配合。

第16条 违约责任
盛禾逾期交货的，每逾期一日按逾期部分货款的千分之二支付违约金；澜川逾期付款的，每逾期一日按应付金额的万分之三支付违约金。

第17条 保密
双方对本合同价格、技术资料和客户信息负有保密义务。

第18条 不可抗力
因不可抗力不能履行合同的，受影响一方应当及时通知对方，并在10日内提供证明。

第19条 争议解决
因本合同发生的争议，双方协商解决；协商不成的，向澜川所在地人民法院起诉。

第20条 合同期限
本合同自2025年10月1日起至2026年9月30日止；任何一方可以提前30日书面通知对方解除本合同。

第21条 其他
本合同一式两份，双方各执一份，自双方签字盖章之日起生效。

定作方（盖章）：上海澜川医疗器械有限公司　　　　承揽方（盖章）：江苏盛禾卫生材料有限公司
代表：　　　　　　　　　　　　　　　　　　　　代表：
日期：2025年9月22日　　　　　　　　　　　　　日期：2025年9月22日
"""


def make_processing_contract(path: Path) -> None:
    # GB18030, not GBK: the legal representative's name (䶮) has no GBK code.
    path.write_bytes(PROCESSING_CONTRACT.replace("\n", "\r\n").encode("gb18030"))


if __name__ == "__main__":
    make_word_autonumber(HERE / "blind2-word-autonumber-electrosurgical.docx")
    make_word_exported_pdf(HERE / "blind2-word-exported-ivd-analyser.pdf")
    make_processing_contract(HERE / "blind2-processing-contract-gb18030.txt")
    print("wrote the blind-2 agreements in", HERE)
