"""Regenerate the binary evaluation agreements from the text below:
``adverse-events-to-manufacturer.docx`` (Word, with a product table),
``ten-year-term.pdf`` (two pages, text layer in the Adobe STSong CID font),
``holdout3-word-autonumber.docx`` (a cover page, articles numbered by Word's automatic
numbering, a responsibility table under its caption) and ``holdout3-browser-printed.pdf``
(a text layer with Kangxi radicals as browsers print it, a running header, a control
stamp and page numbers on every page, lines broken by the layout).

    python -m evals.agreements.make_files

The committed files are what the scorer reads; run this only after editing the text.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

HERE = Path(__file__).parent

DOCX_TITLE = "医疗器械委托生产质量协议"
DOCX_HEAD = [
    "委托方：广州康泰医疗器械有限公司（医疗器械注册人），住所：广州市黄埔区科学大道60号",
    "受托方：佛山顺成医疗用品有限公司（受托生产企业），住所：佛山市顺德区大良五沙工业区，"
    "医疗器械生产许可证编号：粤药监械生产许20170088号",
    "1 产品范围",
    "1.1 委托生产产品见下表。",
]
DOCX_TABLE = [
    ("产品名称", "规格型号", "医疗器械注册证编号"),
    ("一次性使用无菌导尿管", "8Fr～24Fr", "粤械注准20212140777"),
]
DOCX_BODY = [
    "2 适用法规",
    "2.1 受托方应当遵守《医疗器械监督管理条例》《医疗器械生产质量管理规范》及YY 0325标准。",
    "3 文件和记录",
    "3.1 受托方应当建立文件控制程序和记录控制程序，质量记录保存期限不少于5年。",
    "4 技术文件转移",
    "4.1 委托方负责将技术文件形成清单转移给受托方，双方确认。",
    "5 采购",
    "5.1 受托方负责原材料采购和进货检验，关键原材料供应商须经委托方批准。",
    "6 生产和检验",
    "6.1 受托方负责生产设备和洁净车间的维护和确认，生产环境应当符合要求。",
    "6.2 受托方负责产品检验和成品留样。",
    "6.3 发现不合格品，受托方应当隔离并通知委托方。",
    "7 放行",
    "7.1 受托方负责生产放行，委托方负责上市放行。",
    "8 审核",
    "8.1 委托方每年对受托方质量管理体系审核一次。",
    "9 投诉和不良事件",
    "9.1 委托方负责产品投诉的处理，受托方负责与生产相关投诉的调查。",
    "9.2 由受托方承担不良事件监测的全部责任，受托方负责向所在地医疗器械不良事件监测机构报告不良事件。",
    "9.3 委托方负责产品召回。",
    "10 变更",
    "10.1 受托方对原材料、工艺的变更须经委托方批准。",
    "11 沟通",
    "11.1 双方指定联系人负责日常联络，每月以邮件方式通报生产质量情况。",
    "12 期限",
    "12.1 本协议有效期三年，自双方签字盖章之日起生效。",
    "12.2 协议终止后，受托方应当将技术文件退还委托方。",
    "13 争议",
    "13.1 争议由双方协商解决，协商不成的，提交广州仲裁委员会仲裁。",
]

PDF_LINES = [
    "医疗器械委托生产质量协议",
    "委托方（甲方）：南京瑞康医疗设备有限公司，住所：南京市江宁区秣陵街道胜太路68号",
    "受托方（乙方）：扬州华安医疗器械有限公司，住所：扬州市邗江区维扬路108号，"
    "医疗器械生产许可证编号：苏药监械生产许20190066号，许可证有效期至2029年6月30日",
    "第一条 产品范围：医用分子筛制氧机，规格型号：OC-3A、OC-5A，医疗器械注册证编号：苏械注准20232080412，"
    "注册证有效期至2028年5月20日。",
    "第二条 适用法规和标准：乙方应当遵守《医疗器械监督管理条例》《医疗器械生产监督管理办法》"
    "《医疗器械生产质量管理规范》及YY/T 0298标准。",
    "第三条 术语：本协议所称生产放行，是指乙方完成批记录审核和出厂检验后将产品交付甲方。",
    "第四条 文件和记录：乙方应当按照甲方的文件控制要求管理技术文件，生产记录和检验记录保存期限不少于产品寿命期且不少于2年，"
    "甲方有权随时查阅和获取相关记录。",
    "第五条 技术文件转移：甲方负责将产品技术要求、装配工艺和检验规程形成清单转移给乙方，双方签字确认。",
    "第六条 采购：压缩机、分子筛等关键部件由乙方按甲方批准的合格供应商名录采购，并进行进货检验。",
    "第七条 生产：乙方负责装配线、测试设备的确认和维护保养，生产环境应当满足防尘要求。",
    "第八条 检验和留样：乙方负责过程检验和出厂检验，整机不留样，关键部件按甲方要求保存样品。",
    "第九条 不合格品：乙方应当对不合格品进行标识、隔离和评审，并通知甲方。",
    "第十条 放行：乙方负责生产放行，甲方审核乙方的生产放行文件后负责上市放行。",
    "第十一条 追溯：乙方应当记录每台整机的序列号和关键部件批号，确保产品可追溯。",
    "第十二条 审核：甲方每年对乙方的质量管理体系进行至少一次审核。",
    "第十三条 监管检查：乙方接受药品监督管理部门检查时应当通知甲方，并提供检查结果。",
    "第十四条 投诉：甲方负责售后服务和投诉处理，乙方负责与生产相关投诉的原因调查。",
    "第十五条 不良事件：甲方负责不良事件监测，乙方发现可疑不良事件后应当在24小时内通知甲方。",
    "第十六条 变更：乙方的设计、工艺、关键部件和供应商变更须经甲方书面批准。",
    "第十七条 纠正预防措施：乙方对质量问题制定纠正和预防措施，经甲方批准后实施。",
    "第十八条 管理职责：双方各指定管理者代表负责委托生产质量管理，并指定联系人负责对接。",
    "第十九条 期限：本协议自2025年3月1日起生效，有效期十年。",
    "第二十条 终止：本协议终止后，乙方应当将全部技术文件和记录退还甲方，已上市产品的售后服务由甲方负责。",
    "第二十一条 争议：因本协议发生争议，双方协商解决；协商不成的，提交南京仲裁委员会仲裁。",
    "第二十二条 保密：双方对技术资料和商业信息负有保密义务。",
]


def make_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading(DOCX_TITLE, level=1)
    for line in DOCX_HEAD:
        document.add_paragraph(line)
    table = document.add_table(rows=len(DOCX_TABLE), cols=len(DOCX_TABLE[0]))
    for r, row in enumerate(DOCX_TABLE):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    for line in DOCX_BODY:
        document.add_paragraph(line)
    document.core_properties.author = "regkb evals"
    document.save(str(path))


def make_pdf(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    page = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    width, height = A4
    y = height - 72
    for paragraph in PDF_LINES:
        # A paragraph wraps like a word processor would: the PDF text layer keeps the
        # line breaks, and the reader has to join them again.
        for line in textwrap.wrap(paragraph, 34):
            if y < 72:
                page.showPage()
                y = height - 72
            page.setFont("STSong-Light", 13)
            page.drawString(60, y, line)
            y -= 24
        y -= 8
    page.save()


WORD_COVER = ["医疗器械委托生产质量协议", "委托方：杭州澄明医疗器械有限公司", "受托方：宁波海越医疗科技有限公司",
              "文件编号：CM-QA-003　版本：A/0", "2025年5月"]
# (heading, [sub-clauses]) numbered by Word as "1." / "1.1"; a None sub-clause stands for the table.
WORD_BODY = [
    ("协议双方", ["委托方：杭州澄明医疗器械有限公司，医疗器械注册人，住所：杭州市余杭区文一西路1500号。",
                  "受托方：宁波海越医疗科技有限公司，受托生产企业，住所：宁波市北仑区新碶街道明州路88号，"
                  "医疗器械生产许可证编号：浙药监械生产许20180045号。"]),
    ("产品", ["委托生产产品为电子血压计，型号：CM-B10、CM-B20，医疗器械注册证编号：浙械注准20212070333。"]),
    ("术语", ["本协议所称“生产放行”是指受托方对生产过程和检验记录审核后批准产品出厂。"]),
    ("法规和标准", ["受托方应当遵守《医疗器械生产质量管理规范》，并按YY/T 0287标准保持质量管理体系。"]),
    ("文件和记录", ["受托方按照委托方提供的技术文件编制作业指导书，并对文件进行受控管理。",
                    "生产记录和检验记录保存期限不少于产品寿命期，且不少于5年。"]),
    ("职责分工", ["双方职责分工见表1。", None]),
    ("技术文件转移", ["委托方负责将产品技术要求、装配工艺和检验规程形成技术文件清单转移给受托方，双方签字确认。"]),
    ("采购", ["受托方负责电子元器件和外壳的采购，供应商须经委托方审核批准，物料入库前进行进货检验。"]),
    ("生产和检验", ["受托方负责装配线和测试设备的确认、校准和维护保养，生产环境应当满足防静电要求。",
                    "受托方负责过程检验和出厂检验，每批抽取样品留样。"]),
    ("不合格品", ["受托方应当对不合格品进行标识、隔离和评审，并在两个工作日内通知委托方。"]),
    ("追溯", ["受托方记录每台产品的序列号和主要元器件批号，确保产品可追溯。"]),
    ("审核", ["委托方每年对受托方的质量管理体系至少审核一次。"]),
    ("变更", ["受托方对工艺、关键元器件和设备的变更，应当经委托方书面批准后实施。"]),
    ("沟通", ["双方每季度召开一次质量例会，通报生产质量情况。"]),
    ("期限和终止", ["本协议自签署之日起生效，有效期三年，且不超过产品注册证和受托方生产许可证的有效期限。",
                    "本协议终止后，受托方应当将技术文件和记录移交委托方；已交付产品的售后和不良事件处理仍按本协议执行。"]),
    ("争议", ["争议由双方协商解决，协商不成的，向委托方所在地人民法院起诉。"]),
    ("保密", ["双方对在合作中获知的技术资料负有保密义务，保密期限为本协议终止后五年。"]),
]
WORD_CAPTION = "表1 委托生产职责分工"
WORD_TABLE = [("事项", "委托方", "受托方"), ("生产放行", "—", "✓"), ("上市放行", "—", "✓"),
              ("不良事件监测", "✓", "配合"), ("产品召回", "✓", "配合"), ("投诉处理", "✓", "配合调查")]

PRINTED_HEADER = ["受控文件", "沐光生物 委托生产质量协议 MG-QA-2025-07"]
PRINTED = [
    "医疗器械委托生产质量协议",
    "甲方（委托方）：成都沐光生物科技有限公司，住所：成都市高新区天府大道中段1366号",
    "乙方（受托方）：重庆康宁医用材料有限公司，住所：重庆市北碚区蔡家岗镇同兴北路66号，医疗器械生产许可证编号：渝药监械生产许20200017号",
    "第一条 产品范围：一次性使用医用敷料（水胶体敷料），规格型号：10cm×10cm、15cm×20cm，医疗器械注册证编号：川械注准20222140456。",
    "第二条 适用法规和标准：乙方应当遵守《医疗器械监督管理条例》《医疗器械生产质量管理规范》，产品符合YY/T 0471标准。",
    "第三条 术语：本协议所称批，是指同一生产周期内按同一工艺连续生产的均质产品。",
    "第四条 文件和记录：乙方应当对本产品的生产文件实施受控管理，生产记录、检验记录和灭菌记录保存期限不少于产品有效期后一年，甲方有权查阅和复制相关记录。",
    "第五条 技术文件转移：甲方将产品技术要求、工艺规程和检验规程形成清单移交乙方，双方签收确认。",
    "第六条 采购：乙方负责原材料采购，关键原材料的供应商须经甲方审核批准，原材料经检验合格后方可投入使用。",
    "第七条 生产：乙方负责生产设备和洁净车间的确认和维护，洁净车间应当达到十万级洁净度要求。",
    "第八条 检验：乙方负责出厂检验并按批留样。",
    "第九条 不合格品：乙方应当对不合格品进行隔离和标识，并及时通知甲方。",
    "第十条 放行：乙方负责产品的生产放行，并可直接进行上市放行。",
    "第十一条 追溯：乙方应当建立批号管理，确保产品可追溯。",
    "第十二条 审核：甲方每年对乙方的质量管理体系进行一次审核。",
    "第十三条 投诉：甲方负责接收用户投诉，乙方负责与生产有关原因的调查分析。",
    "第十四条 不良事件：产品的不良事件监测和报告由乙方负责，甲方予以协助。",
    "第十五条 变更：乙方对原材料、工艺和设备的变更应当经甲方批准后实施。",
    "第十六条 监管检查：乙方接受药品监督管理部门检查或抽检的，应当在五个工作日内将结果告知甲方。",
    "第十七条 期限：本协议自双方签字之日起生效，有效期三年。期满前双方协商续签。",
    "第十八条 争议：因本协议发生的争议，双方协商解决；协商不成的，提交成都仲裁委员会仲裁。",
]


def make_word_numbered(path: Path) -> None:
    import docx
    from docx.enum.text import WD_BREAK
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    numbering = document.part.numbering_part.element
    # "1." for the headings and "1.1" (isLgl: all levels in digits) for the clauses; the
    # numbers are not in the paragraphs' text, as in any Word list.
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/>'
        '<w:isLgl/></w:lvl></w:abstractNum>'))
    num_id = numbering.add_num(90).numId

    def numbered(text: str, level: int) -> None:
        num_pr = document.add_paragraph(text)._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = num_id

    for line in WORD_COVER:
        document.add_paragraph(line)
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    for heading, clauses in WORD_BODY:
        numbered(heading, 0)
        for clause in clauses:
            if clause is not None:
                numbered(clause, 1)
                continue
            document.add_paragraph(WORD_CAPTION)
            table = document.add_table(rows=len(WORD_TABLE), cols=3)
            for row, values in zip(table.rows, WORD_TABLE):
                for cell, value in zip(row.cells, values):
                    cell.text = value
    document.core_properties.author = "regkb evals"
    document.save(str(path))


def kangxi(text: str) -> str:
    """Text as a browser's PDF printer maps some glyphs: the Kangxi radical instead of the
    character (⽣ for 生, ⽅ for 方)."""
    import unicodedata

    radicals = {unicodedata.normalize("NFKC", chr(c)): chr(c) for c in range(0x2F00, 0x2FD6)}
    common = "一二人入八力十口土大子工心文方日月水生用目自行长门见里金面高"
    return text.translate({ord(ch): radicals[ch] for ch in common if ch in radicals})


def make_printed_pdf(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    lines = [line for paragraph in PRINTED for line in textwrap.wrap(kangxi(paragraph), 32)]
    per_page = 18
    pages = [lines[i:i + per_page] for i in range(0, len(lines), per_page)]
    page = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    width, height = A4
    for number, body in enumerate(pages, start=1):
        page.setFont("STSong-Light", 9)
        page.drawString(60, height - 40, kangxi(PRINTED_HEADER[0]))
        page.drawString(300, height - 40, kangxi(PRINTED_HEADER[1]))
        y = height - 90
        page.setFont("STSong-Light", 13)
        for line in body:
            page.drawString(60, y, line)
            y -= 24
        page.setFont("STSong-Light", 9)
        page.drawString(width / 2 - 40, 40, kangxi(f"第 {number} 页 共 {len(pages)} 页"))
        page.showPage()
    page.save()


if __name__ == "__main__":
    make_docx(HERE / "adverse-events-to-manufacturer.docx")
    make_pdf(HERE / "ten-year-term.pdf")
    make_word_numbered(HERE / "holdout3-word-autonumber.docx")
    make_printed_pdf(HERE / "holdout3-browser-printed.pdf")
    print("wrote the binary agreements in", HERE)
