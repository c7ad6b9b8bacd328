"""Regenerate the binary agreements of the blind set (``set: holdout-blind`` in gold.yaml)
from the text below:

``blind-ivd-word-autonumber.docx``
    a Word file with a cover page, a running header, articles numbered by Word's automatic
    numbering (第一条 / （一）, ``chineseCountingThousand`` in numbering.xml, nothing typed in
    the paragraphs) and a responsibility table under its caption;
``blind-suction-browser-printed.pdf``
    an HTML page printed from a browser: the text layer has Kangxi radicals and
    CJK-compatibility ideographs instead of some characters, the browser's header (date,
    page title) and footer (file URL, ``1/3``) on every page, lines broken by the layout;
``blind-bp-gauge-supply-contract.pdf``
    a 委托生产合同 exported from Word: commercial and quality terms, typed 1 / 1.1 / 1.1.1
    numbering, paragraphs justified and wrapped by the layout, a page number in the footer.

    python -m evals.agreements.holdout5.make_blind

The fourth blind agreement, ``blind-syringe-swapped-short-names.md``, is plain text and is
edited directly. The committed files are what the scorer reads; run this only after
editing the text.
"""

from __future__ import annotations

from pathlib import Path

from evals.agreements.make_files import kangxi

HERE = Path(__file__).parent
AUTHOR = "regkb evals"

# ---- 1. Word, automatic 第一条 numbering, cover page, responsibility table --------------

IVD_HEADER = "LQ-QA-2025-011　医疗器械委托生产质量协议（体外诊断试剂）"
IVD_COVER = [
    "医疗器械委托生产质量协议",
    "（体外诊断试剂）",
    "委托方：无锡澜清生物科技有限公司",
    "受托方：泰州康衍诊断试剂有限公司",
    "协议编号：LQ-QA-2025-011　版本：B/0",
    "编制：质量部　审核：管理者代表　批准：总经理",
    "2025年9月1日",
]
# (article title, [clauses]): Word numbers the titles 第一条, 第二条 … and the clauses
# （一）（二）… restarting under each article; a None clause stands for the table.
IVD_BODY = [
    ("目的和适用范围", [
        "为明确委托方和受托方在委托生产全过程中的质量责任，保证委托生产的体外诊断试剂安全、有效、质量可控，"
        "双方依据《医疗器械委托生产质量协议编制指南》订立本协议。",
        "本协议适用于委托方委托受托方生产的糖化血红蛋白测定试剂盒（胶乳增强免疫比浊法），"
        "规格：R1 2×40mL＋R2 2×10mL、R1 4×40mL＋R2 4×10mL，医疗器械注册证编号：苏械注准20232400517，"
        "注册证有效期至2028年8月14日。",
        "产品范围发生变化的，双方应当书面修订附件1《委托生产产品清单》后方可生产新增产品。",
    ]),
    ("协议双方", [
        "委托方：无锡澜清生物科技有限公司，医疗器械注册人，住所：无锡市新吴区菱湖大道200号E2栋五层。",
        "受托方：泰州康衍诊断试剂有限公司，受托生产企业，住所及生产地址：泰州市医药高新区药城大道一号G32幢，"
        "医疗器械生产许可证编号：苏药监械生产许20210035号，许可证有效期至2031年3月9日。",
    ]),
    ("术语和定义", [
        "生产放行：是指受托方质量部门对批生产记录和批检验记录进行审核，确认符合放行条件后，批准产品交付委托方的活动。",
        "上市放行：是指委托方对受托方的生产放行文件及相关记录进行审核，批准产品进入市场销售的活动。",
        "批：是指在同一生产周期内，按照同一配方和工艺配制、分装的一定数量的试剂。",
        "超标结果（OOS）：是指检验结果超出质量标准规定限度的结果。",
    ]),
    ("法律法规和标准", [
        "受托方的质量管理体系应当符合《医疗器械监督管理条例》《医疗器械生产监督管理办法》《医疗器械生产质量管理规范》"
        "及其附录体外诊断试剂和YY/T 0287—2017的要求。",
        "产品应当符合经注册的产品技术要求，标签和说明书应当符合《医疗器械说明书和标签管理规定》。"
        "上述文件更新时，以现行有效版本为准。",
    ]),
    ("职责分工", [
        "双方在委托生产各环节的职责分工见表1；表1未列明的事项，按本协议正文约定执行。",
        None,
    ]),
    ("文件与记录", [
        "受托方应当将委托方转移的技术文件纳入本公司文件控制程序，据此编制受控的配制、分装和检验作业指导书，"
        "作业指导书发布前须经委托方确认。",
        "批生产记录、批检验记录、生产放行记录、设备维护和校准记录、洁净区环境监测记录应当及时、完整填写，"
        "保存期限不少于产品有效期后2年，且自生产放行之日起不少于5年。",
        "在保存期限内，委托方有权随时查阅、复制上述文件和记录，受托方应当在委托方提出要求后3个工作日内提供；"
        "受托方销毁相关记录前应当书面通知委托方。",
    ]),
    ("技术文件转移", [
        "委托方负责将产品技术要求、配方及工艺规程、原料质量标准、检验规程、说明书和标签样稿形成《技术文件转移清单》，"
        "以受控副本方式转移给受托方，双方在清单上签字确认。",
        "技术文件发生变化的，委托方应当及时通知受托方并重新转移，受托方收回并销毁作废版本。",
    ]),
    ("采购控制", [
        "抗体、胶乳微球等关键原料的质量标准由委托方制定，其供应商由委托方会同受托方审核、由委托方批准，"
        "受托方只能在委托方批准的合格供应商名录内采购。",
        "受托方负责一般原辅料和包装材料供应商的评价和日常管理，每年将供应商评价结果报委托方。",
        "受托方按照原料质量标准对到货物料进行进货检验，检验合格后方可投入使用，并保存采购和验收记录。",
        "由委托方提供的校准品和质控品原料，受托方应当按照委托方要求在2～8℃条件下储存、防护和管理，单独建账。",
    ]),
    ("生产与过程控制", [
        "受托方负责配液罐、灌装机、纯化水系统、冷库和温湿度监控系统的确认、验证、维护保养和校准，并保存记录。",
        "试剂配制和分装应当在十万级洁净区内进行，受托方按规定监测洁净区的悬浮粒子、沉降菌、温湿度和压差，"
        "监测结果超出警戒限时通知委托方。",
        "关键工序的工艺验证由受托方实施，验证方案和报告须经委托方批准。",
    ]),
    ("检验与留样", [
        "受托方按照委托方确认的检验规程对原料、半成品和成品进行检验，检验人员须经培训考核合格，检验仪器按规定校准。",
        "每批成品由受托方留样，留样数量应当满足两次全性能检验的需要，留样保存至产品有效期后一年；"
        "委托方每半年查验一次留样。",
        "出现OOS结果时，受托方应当按照OOS调查程序开展调查，并在24小时内通知委托方。",
    ]),
    ("不合格品控制", [
        "受托方对不合格原料、中间品和成品进行标识、记录和隔离，并组织评审；不合格成品的返工、降级或报废须经委托方书面批准。",
        "不合格批次不得生产放行；产品上市后发现不合格的，由委托方决定处置措施，受托方予以配合。",
    ]),
    ("放行控制", [
        "受托方质量受权人审核批生产记录和批检验记录，确认符合放行条件后签发生产放行单，随货提供批检验报告。",
        "委托方收到生产放行单和批检验报告后，审核全部放行文件，经委托方授权的放行人员批准后进行上市放行。"
        "未经委托方上市放行的产品，受托方不得发往委托方以外的任何单位。",
    ]),
    ("标识和可追溯性", [
        "受托方按批号管理产品，批生产记录应当能够追溯到所用原料的批号和供应商。",
        "委托方负责产品医疗器械唯一标识的编制和数据上传，受托方按委托方提供的标签样稿赋码印刷并记录。",
    ]),
    ("储存和运输", [
        "成品在受托方冷库内于2～8℃储存，冷库温度连续监控；成品经冷链运输交付委托方，受托方保存运输温度记录。",
    ]),
    ("质量管理体系审核", [
        "委托方每年至少对受托方进行一次质量管理体系现场审核，发生重大质量问题时可以进行有因审核。",
        "受托方接受认证机构等外部审核涉及受托产品的，应当在审核结束后10个工作日内将审核结论通报委托方。",
        "对审核发现的问题，受托方应当在30日内完成整改并提交纠正和预防措施报告。",
    ]),
    ("监督检查和抽检", [
        "受托方接到药品监督管理部门对受托产品的检查或者抽检通知时，应当在24小时内通知委托方，委托方可以派员参加。",
        "检查结果、缺陷项和整改报告，受托方应当在收到后5个工作日内提供给委托方；涉及委托方的整改事项由双方共同落实。",
    ]),
    ("投诉、不良事件和召回", [
        "委托方负责产品投诉的接收、登记和处理；涉及生产的投诉，受托方应当在5个工作日内完成批记录和留样的调查并提交调查报告。",
        "委托方负责医疗器械不良事件监测，受托方获知可疑不良事件后应当在24小时内告知委托方，"
        "并按委托方要求提供批记录和留样，配合调查。",
        "产品召回由委托方决定并实施，受托方配合。",
    ]),
    ("变更控制", [
        "委托方发起的设计、原料标准、标签和说明书等变更，应当书面通知受托方，并确定受托方是否需要重新进行工艺验证。",
        "受托方拟变更生产场地、关键设备、工艺参数或者检验方法的，应当事先提交变更申请，经委托方评估批准后方可实施；"
        "需要办理注册变更的，由委托方办理。",
        "双方应当评估变更对已放行产品的影响。",
    ]),
    ("纠正和预防措施", [
        "出现连续批次不合格、OOS结果呈上升趋势或者与生产有关的投诉集中时，双方共同调查原因，受托方制定纠正和预防措施计划，"
        "经委托方批准后实施，由委托方评价措施的有效性。",
    ]),
    ("生产条件变化", [
        "受托方生产条件发生变化、不再符合质量管理体系要求的，应当立即整改并通知委托方，整改完成时间由双方书面确认；"
        "可能影响产品安全、有效的，受托方应当立即停止生产，并向原生产许可部门报告。",
    ]),
    ("管理职责、沟通和考核", [
        "双方各指定管理者代表负责委托生产的质量管理，并各指定一名质量联系人负责日常对接、联络和协调，人员变更时书面通知对方。",
        "双方每季度召开一次质量例会，通报生产和质量情况。",
        "委托方以批次合格率、OOS次数、偏差数量、外部检查缺陷项和与生产有关的投诉数量作为对受托方的考核指标，每年考核一次。",
    ]),
    ("资源", [
        "受托方应当配备与受托生产规模相适应的生产、检验人员和厂房、设施、设备，直接影响产品质量的岗位人员应当经培训考核合格后上岗；"
        "委托方负责产品专项培训。",
    ]),
    ("知识产权和保密", [
        "委托方转移的技术文件及产品配方、工艺等知识产权归委托方所有，受托方仅为履行本协议使用，不得用于其他产品。",
        "双方对履行本协议获知的对方技术资料和质量数据负有保密义务，保密期限至本协议终止后五年。",
    ]),
    ("协议的生效、变更和终止", [
        "本协议经双方授权代表签字并加盖公章后生效，有效期三年，且不超过产品注册证和受托方医疗器械生产许可证的有效期限；"
        "任一证件失效的，本协议自动终止。",
        "本协议的任何变更须经双方书面批准。一方严重违反本协议的，另一方可以书面通知解除本协议。",
        "本协议终止后，受托方应当在30日内将委托方转移的全部技术文件和委托生产相关记录形成清单退还委托方；"
        "已上市产品的售后服务、不良事件监测和召回由委托方负责，受托方在记录保存期限内继续配合。",
    ]),
    ("分歧的解决", [
        "双方就质量标准、放行、变更、投诉和召回等事项发生分歧的，由双方管理者代表协商解决；协商不成的，提交无锡仲裁委员会仲裁。",
    ]),
]
IVD_CAPTION = "表1 委托生产职责分工"
IVD_TABLE = [
    ("事项", "委托方", "受托方"),
    ("技术文件的建立和转移", "负责", "接收、确认"),
    ("关键原料供应商批准", "批准", "参与审核"),
    ("原料采购和进货检验", "监督", "负责"),
    ("生产过程控制和环境监测", "监督", "负责"),
    ("成品检验和留样", "查验", "负责"),
    ("生产放行", "—", "负责"),
    ("上市放行", "负责", "—"),
    ("投诉处理", "负责", "调查生产原因"),
    ("不良事件监测和报告", "负责", "配合"),
    ("产品召回", "负责", "配合实施"),
]
IVD_SIGNATURES = [
    "委托方（盖章）：无锡澜清生物科技有限公司　　授权代表（签字）：　　　　日期：",
    "受托方（盖章）：泰州康衍诊断试剂有限公司　　授权代表（签字）：　　　　日期：",
]


def make_word_articles(path: Path) -> None:
    import docx
    from docx.enum.text import WD_BREAK
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    numbering = document.part.numbering_part.element
    # 第一条 / （一） as a Chinese Word template defines them: the article number is
    # followed by a space, the clause number by nothing; neither is in the paragraph text.
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="91"><w:multiLevelType w:val="multilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/>'
        '<w:suff w:val="space"/><w:lvlText w:val="第%1条"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/>'
        '<w:suff w:val="nothing"/><w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>'))
    num_id = numbering.add_num(91).numId

    def numbered(text: str, level: int) -> None:
        num_pr = document.add_paragraph(text)._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = num_id

    document.sections[0].header.paragraphs[0].text = IVD_HEADER
    for line in IVD_COVER:
        document.add_paragraph(line)
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    for title, clauses in IVD_BODY:
        numbered(title, 0)
        for clause in clauses:
            if clause is not None:
                numbered(clause, 1)
                continue
            document.add_paragraph(IVD_CAPTION)
            table = document.add_table(rows=len(IVD_TABLE), cols=3)
            table.style = "Table Grid"
            for row, values in zip(table.rows, IVD_TABLE):
                for cell, value in zip(row.cells, values):
                    cell.text = value
    document.add_paragraph("（以下无正文）")
    for line in IVD_SIGNATURES:
        document.add_paragraph(line)
    document.core_properties.author = AUTHOR
    document.save(str(path))


# ---- 2. Browser-printed PDF --------------------------------------------------------------

SUCTION_PRINT_DATE = "2025/6/18 14:32"
SUCTION_PAGE_TITLE = "委托生产质量协议（博瑞-恒力）"
SUCTION_URL = "file:///D:/质量部/委托生产/BR-QA-2025-03.html"
SUCTION = [
    "医疗器械委托生产质量协议",
    "协议编号：BR-QA-2025-03",
    "甲方（委托方）：温州博瑞医疗设备有限公司，医疗器械注册人，住所：浙江省温州市瓯海经济开发区东方南路38号",
    "乙方（受托方）：台州恒力医疗器械制造有限公司，住所：浙江省台州市黄岩区北院大道17号，"
    "生产地址：台州市黄岩区新前街道横街路99号，医疗器械生产许可证编号：浙药监械生产许20170052号",
    "甲、乙双方根据《医疗器械监督管理条例》《医疗器械生产监督管理办法》等规定，就医用电动吸引器委托生产的"
    "质量责任达成如下协议：",
    "第一条 产品范围：甲方委托乙方生产医用电动吸引器，型号：DX-23A（移动式）、DX-23B（便携式），"
    "医疗器械注册证编号：浙械注准20222080219，注册证有效期至2027年4月10日。",
    "第二条 术语：本协议所称“生产放行”，是指乙方质量部审核批生产记录和出厂检验记录后批准产品出厂；"
    "“外协加工”，是指乙方将外壳喷塑、金属件电镀等部分工序交由其他单位完成。",
    "第三条 适用法规和标准：乙方应当遵守《医疗器械监督管理条例》《医疗器械生产质量管理规范》，"
    "产品应当符合经注册的产品技术要求、GB 9706.1—2020和YY 0636.1标准。",
    "第四条 技术文件：甲方以《技术文件移交单》向乙方移交产品技术要求、装配图纸、物料清单（BOM）、"
    "装配工艺和检验规程，乙方核对后签收。",
    "第五条 记录：乙方应当完整填写批生产记录、整机检验记录和电气安全测试记录，记录保存期限不少于产品寿命期（8年）；"
    "甲方需要时，乙方应当在3个工作日内提供记录复印件。",
    "第六条 采购：负压泵、真空表、电机和储液瓶由乙方采购。负压泵和电机的供应商须经甲方审核批准，"
    "其他物料的供应商由乙方评价后报甲方备案。乙方对采购物料进行进货检验，合格后方可入库。",
    "第七条 外协加工：乙方可以将外壳喷塑、支架电镀工序外协加工，外协单位纳入乙方供应商管理并报甲方备案，"
    "乙方对外协件进行进货检验。",
    "第八条 产能调配：因订单集中导致乙方产能不足时，经甲方书面同意，乙方可以将部分批次整机交由其关联企业"
    "台州恒力电器有限公司组装生产，由乙方对产品质量负责。",
    "第九条 生产：乙方负责装配线、老化测试台、负压测试仪和耐压测试仪的确认、校准和维护保养；"
    "装配车间应当保持清洁，温度15～30℃，相对湿度不高于75%，并采取防静电措施。",
    "第十条 检验：乙方负责进货检验、过程检验和出厂检验，每台整机出厂前应当进行极限负压、抽气速率、噪声和"
    "电气安全检验。整机不留样，乙方按批保存负压泵样品2件，保存期3年。",
    "第十一条 不合格品：乙方对不合格品进行标识、隔离和评审，返工后的整机应当重新进行全项检验；"
    "批次性不合格应当在两个工作日内书面通知甲方。",
    "第十二条 放行：乙方质量部对每批产品的生产记录和出厂检验报告审核合格后进行生产放行。为缩短交货周期，"
    "乙方完成生产放行后，可以代甲方进行上市放行，并将产品直接发往甲方指定的经销商，每月末将放行记录汇总报甲方。",
    "第十三条 追溯：每台整机具有唯一序列号，乙方记录序列号与负压泵、电机批号的对应关系，确保产品可追溯。",
    "第十四条 包装和运输：乙方按照甲方确认的包装规范包装整机，运输过程应当防震、防潮。",
    "第十五条 审核：甲方每年至少对乙方的质量管理体系审核一次，乙方应当配合并对发现的问题进行整改。",
    "第十六条 投诉和维修：甲方负责产品售后维修和投诉处理；与生产有关的投诉，乙方应当在10个工作日内完成"
    "原因调查并提交报告。",
    "第十七条 不良事件：甲方负责医疗器械不良事件监测，乙方获知可疑不良事件后应当及时告知甲方并配合调查。",
    "第十八条 变更：乙方变更负压泵、电机的供应商或者装配工艺、检验方法的，应当事先书面报甲方，经甲方批准后实施。",
    "第十九条 联系人：双方各指定一名联系人，每月以电子邮件通报生产、检验和交付情况。",
    "第二十条 保密：乙方对甲方提供的图纸和技术资料负有保密义务，不得向第三方披露。",
    "第二十一条 期限：本协议自双方签字盖章之日起生效，有效期至产品注册证或乙方生产许可证有效期届满之日止，"
    "以较早者为准。任何一方严重违约的，另一方可以书面通知解除本协议。",
    "第二十二条 争议：因本协议发生的争议，双方协商解决；协商不成的，提交台州仲裁委员会仲裁。",
    "甲方（盖章）：温州博瑞医疗设备有限公司　　乙方（盖章）：台州恒力医疗器械制造有限公司",
    "签订日期：2025年6月18日",
]

# Besides Kangxi radicals, a browser's PDF printer maps some glyphs to CJK-compatibility
# ideographs (U+F900 block) that look the same as the unified character.
COMPATIBILITY = {"不": "\uf967", "料": "\uf9be", "理": "\uf9e4", "利": "\uf9dd", "量": "\uf97e", "留": "\uf9cd"}


def browser_glyphs(text: str) -> str:
    """The text as a browser's PDF printer writes it into the text layer."""
    return kangxi(text).translate({ord(ch): glyph for ch, glyph in COMPATIBILITY.items()})


def make_browser_pdf(path: Path) -> None:
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    width, height = A4
    # Each <p> of the page wraps at the page width, with the line-breaking rules of CJK text.
    style = ParagraphStyle("p", fontName="STSong-Light", fontSize=12, leading=22, spaceAfter=6, wordWrap="CJK")

    def build(target, total: int) -> int:
        pages = []

        def chrome(canvas, document) -> None:
            # The browser's own header and footer: print date, page title, file URL, n/N.
            pages.append(document.page)
            canvas.setFont("STSong-Light", 8)
            canvas.drawString(36, height - 24, SUCTION_PRINT_DATE)
            canvas.drawCentredString(width / 2, height - 24, browser_glyphs(SUCTION_PAGE_TITLE))
            canvas.drawString(36, 20, browser_glyphs(SUCTION_URL))
            canvas.drawRightString(width - 36, 20, f"{document.page}/{total}")

        document = SimpleDocTemplate(target, pagesize=A4, leftMargin=54, rightMargin=54, topMargin=60,
                                     bottomMargin=54, title=SUCTION_PAGE_TITLE, author="",
                                     creator="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                                             "(KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
                                     producer="Skia/PDF m126", invariant=1)
        document.build([Paragraph(browser_glyphs(text), style) for text in SUCTION],
                       onFirstPage=chrome, onLaterPages=chrome)
        return len(pages)

    # The footer names the page count, known only after one layout pass.
    build(str(path), build(io.BytesIO(), 0))


# ---- 4. Word-exported PDF of a 委托生产合同 ------------------------------------------------

CONTRACT_HEAD = [
    "委托生产合同",
    "合同编号：KY-WT-2025-018　　签订地点：石家庄市",
    "甲方（委托方）：石家庄康越医疗器械有限公司",
    "住所：河北省石家庄市高新区湘江道319号　　法定代表人：周立恒",
    "乙方（受托方）：衡水恒泰医疗器械制造有限公司",
    "住所：河北省衡水市桃城区人民东路1288号　　生产地址：衡水市冀州区经济开发区纬三路6号",
    "医疗器械生产许可证编号：冀药监械生产许20180059号（有效期至2030年5月7日）",
    "鉴于甲方为下述产品的医疗器械注册人，乙方具备相应的生产条件，双方经平等协商，就委托生产事宜订立本合同，"
    "共同遵守。",
]
# (number, text); a number without a dot is a heading.
CONTRACT = [
    ("1", "合同标的"),
    ("1.1", "甲方委托乙方生产血压表（无液式），具体如下："),
    ("1.1.1", "产品名称：血压表（无液式）；规格型号：XY-A1（成人臂式）、XY-A2（儿童臂式）。"),
    ("1.1.2", "医疗器械注册证编号：冀械注准20212070145，注册证有效期至2029年3月15日。"),
    ("1.1.3", "本产品为纯机械结构，不含软件组件。"),
    ("1.2", "年度预计采购量为12万台，具体数量以甲方订单为准。"),
    ("2", "价格与付款"),
    ("2.1", "产品单价（含税、含包装）：XY-A1每台68.50元，XY-A2每台71.00元。"),
    ("2.2", "甲方在收到产品和增值税专用发票后45日内支付货款。"),
    ("2.3", "主要原材料价格波动超过10%的，双方可以协商调整单价，调整前已下达的订单按原价格执行。"),
    ("3", "订单与交付"),
    ("3.1", "甲方每月25日前下达次月订单，乙方在收到订单后3个工作日内书面确认。"),
    ("3.2", "产品经甲方上市放行后，乙方按甲方的发货通知将产品发运至甲方仓库或甲方指定的经销商，运费由甲方承担。"),
    ("3.3", "乙方应当按照甲方确认的包装规范包装产品，成品在乙方仓库中应当防潮存放，运输过程应当防潮、防震、防止挤压。"),
    ("3.4", "乙方不得将本合同项下产品转包或者再委托他人生产。"),
    ("4", "质量责任"),
    ("4.1", "法规和标准"),
    ("4.1.1", "乙方应当遵守《医疗器械监督管理条例》《医疗器械生产监督管理办法》《医疗器械生产质量管理规范》，"
              "并按照YY/T 0287—2017保持质量管理体系。"),
    ("4.1.2", "产品应当符合经注册的产品技术要求，出厂前应当按照JJG 270检定合格。"),
    ("4.2", "技术文件"),
    ("4.2.1", "甲方向乙方移交产品技术要求、零部件图纸、装配工艺和检验规程，移交时双方填写《技术文件移交清单》并签字。"),
    ("4.2.2", "上述文件及产品的专利、商标等知识产权归甲方所有，乙方不得用于为第三方生产同类产品。"),
    ("4.3", "原材料和零部件"),
    ("4.3.1", "压力表机芯、袖带、橡胶球和阀门等零部件由乙方采购，机芯供应商须经甲方现场审核批准，变更机芯供应商须经甲方书面同意。"),
    ("4.3.2", "乙方对零部件进行来料检验，机芯逐批抽检示值误差，检验合格后方可投入使用。"),
    ("4.4", "生产和检验"),
    ("4.4.1", "乙方负责装配线、压力校验台和气密性测试设备的维护保养，标准压力表应当定期送计量机构检定；"
              "装配车间温度应当保持在15～30℃。"),
    ("4.4.2", "乙方负责过程检验和出厂检验，每台产品出厂前进行示值误差和气密性检验；每批抽取2台留样，保存2年。"),
    ("4.4.3", "不合格品由乙方隔离、标识，需要返工的按返工规程处理并重新检验，报废的应当记录；"
              "批次性不合格应当在2个工作日内通知甲方。"),
    ("4.5", "放行"),
    ("4.5.1", "乙方质量部门审核批生产记录和检验记录后进行生产放行，并向甲方提供出厂检验报告。"),
    ("4.5.2", "甲方对乙方的生产放行文件审核合格后进行上市放行。"),
    ("4.6", "乙方在每台产品上标注批号，批生产记录应当能够追溯到机芯批号，确保产品可追溯。"),
    ("4.7", "甲方有权每年对乙方的质量管理体系进行审核，乙方应当配合。"),
    ("4.8", "甲方负责产品的售后服务和投诉处理；与生产有关的质量问题，由乙方负责调查原因并书面答复甲方。"),
    ("4.9", "甲方负责产品的不良事件监测，乙方应当及时向甲方提供不良事件调查所需的生产和检验信息。"),
    ("4.10", "乙方变更生产工艺、关键设备或者生产场地的，应当事先书面申请，经甲方书面同意后方可实施。"),
    ("4.11", "乙方保存批生产记录和检验记录不少于5年，甲方可以随时查阅。"),
    ("4.12", "双方各指定一名联系人负责本合同的日常联络。"),
    ("5", "违约责任"),
    ("5.1", "乙方逾期交货的，每逾期一日按逾期部分货款的千分之一向甲方支付违约金。"),
    ("5.2", "产品因乙方原因不合格的，乙方负责更换，并承担由此产生的退货、召回费用和甲方的损失。"),
    ("5.3", "甲方逾期付款的，每逾期一日按逾期金额的千分之一向乙方支付违约金。"),
    ("5.4", "甲方应当为本产品购买产品责任保险，保险单据和理赔资料由甲方保存，乙方可以查阅。"),
    ("6", "保密"),
    ("6.1", "双方对在履行本合同中获知的对方商业秘密和技术资料负有保密义务，保密期限至合同终止后三年。"),
    ("7", "合同期限"),
    ("7.1", "本合同自双方签字盖章之日起生效，有效期自2025年10月1日至2033年9月30日。"),
    ("7.2", "一方严重违约的，另一方可以书面通知解除本合同。合同终止后，乙方应当将甲方移交的全部技术文件退还甲方。"),
    ("8", "争议解决"),
    ("8.1", "因本合同发生的争议，双方协商解决；协商不成的，向甲方所在地人民法院起诉。"),
    ("9", "其他"),
    ("9.1", "本合同一式四份，双方各执两份，具有同等法律效力。"),
    ("9.2", "本合同未尽事宜，双方另行签订补充协议。附件：1.产品清单；2.技术文件移交清单。"),
]
CONTRACT_SIGNATURES = [
    "甲方（盖章）：石家庄康越医疗器械有限公司　　　乙方（盖章）：衡水恒泰医疗器械制造有限公司",
    "授权代表：　　　　　　　　　　　　　　　　　　授权代表：",
    "日期：2025年9月20日　　　　　　　　　　　　　日期：2025年9月20日",
]


def make_word_export_pdf(path: Path) -> None:
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    base = dict(fontName="STSong-Light", wordWrap="CJK")
    title = ParagraphStyle("title", fontSize=18, leading=28, alignment=TA_CENTER, **base)
    body = ParagraphStyle("body", fontSize=10.5, leading=18, alignment=TA_JUSTIFY, **base)
    heading = ParagraphStyle("heading", parent=body, fontSize=12, leading=22, spaceBefore=6)
    clause = ParagraphStyle("clause", parent=body, leftIndent=0)
    item = ParagraphStyle("item", parent=body, leftIndent=21)

    story = [Paragraph(CONTRACT_HEAD[0], title), Spacer(1, 8)]
    story += [Paragraph(line, body) for line in CONTRACT_HEAD[1:]]
    for number, text in CONTRACT:
        depth = number.count(".")
        style = (heading, clause, item)[min(depth, 2)]
        # Typed numbers, as in a contract drafted without Word's list numbering.
        story.append(Paragraph(f"{number}　{text}", style))
    story.append(Spacer(1, 18))
    story += [Paragraph(line, body) for line in CONTRACT_SIGNATURES]

    def footer(canvas, document) -> None:
        canvas.setFont("STSong-Light", 9)
        canvas.drawCentredString(A4[0] / 2, 15 * mm, f"第 {document.page} 页")

    document = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=31.8 * mm, rightMargin=31.8 * mm,
                                 topMargin=25.4 * mm, bottomMargin=25.4 * mm, author=AUTHOR,
                                 title="委托生产合同", invariant=1)
    document.build(story, onFirstPage=footer, onLaterPages=footer)


if __name__ == "__main__":
    make_word_articles(HERE / "blind-ivd-word-autonumber.docx")
    make_browser_pdf(HERE / "blind-suction-browser-printed.pdf")
    make_word_export_pdf(HERE / "blind-bp-gauge-supply-contract.pdf")
    print("wrote the blind binary agreements in", HERE)
