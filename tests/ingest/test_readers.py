"""Tests for ingest.readers, on real files generated in tmp_path."""

import io
import os
import zipfile

import docx
import pypdf
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from ingest.errors import InputError
from ingest.readers import MAX_BYTES, SUPPORTED_SUFFIXES, ReadResult, read_bytes, read_path

ART1 = "第一条 为了加强医疗器械生产监督管理，规范医疗器械生产活动。"
ART2 = "第二条 在中华人民共和国境内从事医疗器械生产活动及其监督管理，应当遵守本办法。"
ART3 = "第三条 医疗器械注册人、备案人应当加强医疗器械全生命周期质量管理。"


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def make_pdf(pages: list[list[str]]) -> bytes:
    """A PDF with a real text layer: one inner list of lines per page (empty list = blank page)."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for lines in pages:
        c.setFont("STSong-Light", 12)
        for i, line in enumerate(lines):
            c.drawString(72, 750 - 20 * i, line)
        c.showPage()
    c.save()
    return buf.getvalue()


def make_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph(ART1)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "a"
    table.cell(0, 1).text = "b"
    table.cell(1, 0).text = "注册人"
    table.cell(1, 1).text = "备案人"
    document.add_paragraph("")
    document.add_paragraph(ART2)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_public_constants():
    assert SUPPORTED_SUFFIXES == (".md", ".txt", ".docx", ".pdf")
    assert MAX_BYTES == 10 * 1024 * 1024


# --- plain text ---------------------------------------------------------------------------


def test_utf8_txt_with_chinese(tmp_path):
    path = write(tmp_path, "reg.txt", f"{ART1}\r\n{ART2}\r{ART3}\n".encode("utf-8"))
    result = read_path(path)
    assert result == ReadResult(text=f"{ART1}\n{ART2}\n{ART3}\n", encoding="utf-8", pages=None)


def test_utf8_with_bom(tmp_path):
    path = write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + ART1.encode("utf-8"))
    result = read_path(path)
    assert result.text == ART1
    assert result.encoding == "utf-8"


def test_gb18030_txt(tmp_path):
    data = f"{ART1}\n{ART2}".encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    result = read_path(write(tmp_path, "gb.txt", data))
    assert result.text == f"{ART1}\n{ART2}"
    assert result.encoding == "gb18030"


def test_utf16_with_bom_is_not_taken_for_binary(tmp_path):
    result = read_path(write(tmp_path, "notepad.txt", ART1.encode("utf-16")))
    assert result.text == ART1
    assert result.encoding == "utf-16"


def test_markdown(tmp_path):
    text = f"# 医疗器械生产监督管理办法\n\n## 第一章 总则\n\n{ART1}\n"
    result = read_path(write(tmp_path, "reg.md", text.encode("utf-8")))
    assert result.text == text
    assert result.encoding == "utf-8"
    assert result.pages is None


def test_suffix_is_case_insensitive(tmp_path):
    assert read_path(write(tmp_path, "REG.TXT", ART1.encode("utf-8"))).text == ART1


def test_read_bytes_works_in_memory():
    result = read_bytes(ART1.encode("gb18030"), "upload.txt")
    assert result.text == ART1
    assert result.encoding == "gb18030"


def test_nul_bytes_are_binary(tmp_path):
    path = write(tmp_path, "blob.txt", b"abc\x00\x01\x02\x03" * 100)
    with pytest.raises(InputError, match="看起来是二进制文件"):
        read_path(path)


def test_utf16_bom_on_binary_data_is_binary():
    with pytest.raises(InputError, match="看起来是二进制文件"):
        read_bytes(b"\xff\xfe" + b"\x00\x00\x01\x00" * 100, "blob.txt")


def test_mostly_control_characters_is_binary():
    with pytest.raises(InputError, match="看起来是二进制文件"):
        read_bytes(bytes(range(1, 32)) * 20, "ctrl.txt")


def test_undecodable_text():
    # Neither UTF-8 nor GB18030, and charset-normalizer finds no coherent encoding either.
    with pytest.raises(InputError, match="“odd.txt”的文字编码无法识别.*另存为 UTF-8"):
        read_bytes(bytes(range(0x80, 0x100)) * 8, "odd.txt")


# --- .docx --------------------------------------------------------------------------------


def test_docx_paragraphs_and_table(tmp_path):
    result = read_path(write(tmp_path, "reg.docx", make_docx()))
    assert result.text.split("\n") == [ART1, "a | b", "注册人 | 备案人", ART2]
    assert result.encoding is None
    assert result.pages is None


def test_corrupt_docx(tmp_path):
    path = write(tmp_path, "broken.docx", os.urandom(4096))
    with pytest.raises(InputError, match=r"不是有效的 \.docx 文件（已损坏，或是别的格式改了扩展名）.*用 Word 打开"):
        read_path(path)


def test_zip_that_is_not_a_docx(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(InputError, match=r"不是有效的 \.docx 文件"):
        read_path(write(tmp_path, "renamed.docx", buf.getvalue()))


def test_ole_file_named_docx(tmp_path):
    path = write(tmp_path, "locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2048)
    with pytest.raises(InputError, match=r"设了密码的（加密的）Office 文件或旧版 \.doc 文件.*不设密码的 \.docx"):
        read_path(path)


def zip_bomb(size_mb: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/document.xml", "w") as member:
            block = b"\0" * (1024 * 1024)
            for _ in range(size_mb):
                member.write(block)
    return buf.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return zip_bomb(50)


def test_zip_bomb_total_size(tmp_path, bomb):
    path = write(tmp_path, "bomb.docx", bomb)
    with pytest.raises(InputError, match="解压后将达到 50 MB.*已损坏或是恶意构造的"):
        read_path(path, max_bytes=1024 * 1024)


def test_zip_bomb_compression_ratio(tmp_path, bomb):
    # Under the default limit the total (50 MB) is allowed; the 1000:1 ratio is not.
    assert len(bomb) < 1024 * 1024
    with pytest.raises(InputError, match="压缩比超过 200:1"):
        read_path(write(tmp_path, "bomb.docx", bomb))


# --- .pdf ---------------------------------------------------------------------------------


def test_pdf_with_chinese_text_and_pages(tmp_path):
    path = write(tmp_path, "reg.pdf", make_pdf([[ART1, ART2], [ART3]]))
    result = read_path(path)
    assert result.text.split("\n") == [ART1, ART2, ART3]
    assert result.pages == (1, 1, 2)
    assert len(result.pages) == len(result.text.splitlines())
    assert result.encoding is None


def encrypted_pdf(user_password: str, algorithm: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(make_pdf([[ART1, ART2]])))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm=algorithm)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_pdf_that_needs_a_password_is_refused_saying_so(tmp_path, algorithm):
    with pytest.raises(InputError, match="“locked.pdf”已加密.*需要密码才能打开.*另存为.*不加密的 PDF"):
        read_path(write(tmp_path, "locked.pdf", encrypted_pdf("secret", algorithm)))


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_pdf_encrypted_with_empty_password_is_read(tmp_path, algorithm):
    """Encrypted only to restrict printing or editing: it opens without a password."""
    result = read_path(write(tmp_path, "restricted.pdf", encrypted_pdf("", algorithm)))
    assert result.text.split("\n") == [ART1, ART2]


def test_aes_pdf_without_the_crypto_package_says_what_to_install(tmp_path, monkeypatch):
    """Without pypdf's AES extra the file is neither 'corrupt' nor 'needs a password'."""
    data = encrypted_pdf("", "AES-256")

    def missing(*args, **kwargs):  # what pypdf's fallback provider does without cryptography
        raise pypdf.errors.DependencyError("cryptography>=3.1 is required for AES algorithm")

    monkeypatch.setattr(pypdf._encryption, "aes_cbc_decrypt", missing)
    with pytest.raises(InputError, match="AES 加密.*cryptography.*pip install 'pypdf\\[crypto\\]'"):
        read_path(write(tmp_path, "restricted.pdf", data))


def test_pdf_without_text_layer(tmp_path):
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(InputError, match="没有文字层（可能是扫描件）.*OCR"):
        read_path(write(tmp_path, "scan.pdf", buf.getvalue()))


def test_corrupt_pdf(tmp_path):
    path = write(tmp_path, "broken.pdf", b"%PDF-1.7\n" + os.urandom(2048))
    with pytest.raises(InputError, match="不是有效的 PDF 文件"):
        read_path(path)


# --- refusals common to all formats -------------------------------------------------------


@pytest.mark.parametrize("suffix", SUPPORTED_SUFFIXES)
def test_empty_file(tmp_path, suffix):
    with pytest.raises(InputError, match="没有可读取的文字"):
        read_path(write(tmp_path, "empty" + suffix, b""))


def test_whitespace_only_file(tmp_path):
    path = write(tmp_path, "blank.txt", " \n\t\r\n\u3000\n".encode("utf-8"))
    with pytest.raises(InputError, match="没有可读取的文字"):
        read_path(path)


def test_oversized_file(tmp_path):
    path = write(tmp_path, "big.txt", b"x" * 3000)
    with pytest.raises(InputError, match="“big.txt”大小为 3 KB，超过 2 KB 的上限"):
        read_path(path, max_bytes=2048)
    with pytest.raises(InputError, match="超过 2 KB 的上限"):
        read_bytes(b"x" * 3000, "big.txt", max_bytes=2048)


def test_size_message_in_megabytes():
    with pytest.raises(InputError, match="大小为 12.3 MB，超过 10 MB 的上限"):
        read_bytes(b"x" * int(12.25 * 1024 * 1024), "huge.txt")


def test_unsupported_suffix(tmp_path):
    path = write(tmp_path, "sheet.xlsx", b"PK\x03\x04")
    expected = r"的文件类型 \.xlsx 不受支持（只支持 \.md、\.txt、\.docx、\.pdf）"
    with pytest.raises(InputError, match=expected):
        read_path(path)


def test_no_suffix():
    with pytest.raises(InputError, match="没有扩展名"):
        read_bytes(b"hello", "README")


def test_directory(tmp_path):
    directory = tmp_path / "folder.txt"
    directory.mkdir()
    with pytest.raises(InputError, match="是文件夹，不是文件"):
        read_path(directory)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="找不到文件"):
        read_path(tmp_path / "nope.txt")


def test_normalisation():
    result = read_bytes("\ufeffa\r\nb\rc\u2028d\x0ce".encode("utf-8"), "n.txt")
    assert result.text == "a\nb\nc\nd\ne"
    # A NUL byte in a .txt means binary, but UTF-16 text can carry U+0000, which is dropped.
    assert read_bytes(f"{ART1}\x00{ART2}".encode("utf-16"), "n.txt").text == ART1 + ART2


# --- property -----------------------------------------------------------------------------


@settings(max_examples=200, deadline=2000)
@given(st.binary(max_size=4096))
def test_arbitrary_bytes_give_text_or_input_error(data):
    try:
        result = read_bytes(data, "any.txt")
    except InputError as e:
        assert str(e)
    else:
        assert isinstance(result.text, str) and result.text.strip()
        assert "\r" not in result.text and "\x00" not in result.text and "\ufeff" not in result.text


TRADITIONAL = "第一條 醫療器械註冊人應當負責產品上市放行，受託生產企業負責生產放行。"


@pytest.mark.parametrize("text, codec, expected", [
    (TRADITIONAL, "big5", "big5"),
    (TRADITIONAL, "gb18030", "gb18030"),
    (ART1, "gb18030", "gb18030"),
    (ART1, "utf-16-le", "utf-16"),
    (ART1, "utf-16-be", "utf-16"),
    (ART1.replace(" ", ""), "utf-16-le", "utf-16"),  # no ASCII, so no NUL bytes either
    (ART1, "utf-16", "utf-16"),  # with a BOM
    (TRADITIONAL, "utf-8", "utf-8"),
])
def test_encodings_are_told_apart_by_how_the_text_reads(text, codec, expected):
    """Big5 bytes also decode as GB18030 (into rare characters): the decoding that reads best wins."""
    result = read_bytes(text.encode(codec), "notice.txt")
    assert result.text == text and result.encoding == expected


def test_text_that_decodes_only_to_rare_characters_is_refused():
    with pytest.raises(InputError, match="“odd.txt”的文字编码无法识别"):
        read_bytes(("龘靐齉麤爩鱻" * 20).encode("gb18030"), "odd.txt")



@pytest.mark.parametrize("doc_id", ["abc\n", "abc\n\n", "v1\n"])
def test_an_id_with_a_trailing_newline_is_refused(doc_id):
    from ingest.corpus import parse_document

    front = yaml.safe_dump({"id": doc_id, "title": "示例"}, allow_unicode=True)
    with pytest.raises(InputError, match="只能由小写英文字母、数字和 - . _ 组成"):
        parse_document(f"---\n{front}---\n第一条 注册人应当负责。\n", fallback_id="x")


# --- normalisation (ingest.normalise) ------------------------------------------------------

# What a browser-printed PDF's text layer says: Kangxi radicals (⽣ ⾏ ⽅ ⼀) and a CJK
# compatibility ideograph (U+F9B2 for 零) instead of the characters a reader sees.
RADICAL_LINES = ["第⼀条 受托⽅负责⽣产放⾏，委托方负责上市放⾏。", "第⼆条 不良事件监测由委托⽅负责，记录保存\uf9b2年以上。"]


@pytest.mark.parametrize("raw,meant", [
    ("受托⽅负责⽣产放⾏", "受托方负责生产放行"),  # Kangxi radicals
    ("⻅证、⻔诊、⻓期", "见证、门诊、长期"),  # CJK Radicals Supplement (no NFKC decomposition)
    ("\uf9b2\uf9b5\ufa08", "零例行"),  # CJK compatibility ideographs
    ("第６条　有效期５年，型号ＡＢ－１", "第6条　有效期5年，型号AB－1"),  # full-width digits and letters
    ("上市\u00ad放行\u200b，\u200d生产\ufeff放行", "上市放行，生产放行"),  # soft hyphen, zero-width
])
def test_characters_are_read_as_meant(raw, meant):
    from ingest.normalise import normalise_chars

    assert normalise_chars(raw) == meant


@pytest.mark.parametrize("raw,meant", [
    # Radicals a browser's PDF printer writes for simplified characters (⻓ U+2ED3 …).
    ("⻓期、⻔诊、⻢上、⻛险、⻋间、⻅证、⻆度", "长期、门诊、马上、风险、车间、见证、角度"),
    ("⻘霉素、⻝品、⻨芽、⻩色、⻬全、⻮轮、⻰头、⻳裂、⻜检、⻚码", "青霉素、食品、麦芽、黄色、齐全、齿轮、龙头、龟裂、飞检、页码"),
    ("⻉壳、⻈、⻐、⻙、⻥、⻦、⻧、⻪", "贝壳、讠、钅、韦、鱼、鸟、卤、黾"),
])
def test_radicals_supplement_is_read_as_the_characters_meant(raw, meant):
    from ingest.normalise import normalise_chars

    assert normalise_chars(raw) == meant


def test_every_radical_of_the_supplement_with_an_equivalent_is_mapped():
    """Unicode's EquivalentUnifiedIdeograph.txt gives U+2E81 to U+2EF3 (all but the unassigned
    U+2E9A) a unified ideograph; none of them may survive normalisation."""
    import unicodedata

    from ingest.normalise import normalise_chars

    radicals = [chr(c) for c in range(0x2E81, 0x2EF4) if c != 0x2E9A]
    assert all(unicodedata.name(r).startswith("CJK RADICAL") for r in radicals)
    out = normalise_chars("".join(radicals))
    assert len(out) == len(radicals)
    assert all(unicodedata.name(ch).startswith("CJK UNIFIED IDEOGRAPH") for ch in out)
    assert normalise_chars("\u2e80") == "\u2e80"  # CJK RADICAL REPEAT stands for no character


def test_chinese_punctuation_and_numbering_are_kept():
    """A whole-text NFKC would turn these into ASCII and digits, changing the numbering."""
    from ingest.normalise import normalise_chars

    text = "（一）注册人：应当；①　⑴ 8Fr～24Fr　℃ m² Ⅲ类 …"
    assert normalise_chars(text) == text


def test_text_and_docx_readers_normalise(tmp_path):
    txt = read_path(write(tmp_path, "a.txt", "\n".join(RADICAL_LINES).encode("utf-8")))
    assert txt.text.startswith("第一条 受托方负责生产放行") and "零" in txt.text
    document = docx.Document()
    document.add_paragraph(RADICAL_LINES[0])
    buf = io.BytesIO()
    document.save(buf)
    assert read_bytes(buf.getvalue(), "a.docx").text == "第一条 受托方负责生产放行，委托方负责上市放行。"


def test_pdf_with_radicals_running_headers_and_page_numbers(tmp_path):
    """A real PDF whose text layer has radicals, a running header, a control stamp and
    page numbers on every page, and an article broken over two lines by the layout."""
    pages = []
    for number in (1, 2, 3):
        pages.append(["受控文件", "上海沐辰医疗科技有限公司 质量协议 QA-007",
                      f"第{'⼀⼆三'[number - 1]}条 受托⽅应当按照委托方的要求⽣产，建立并保持质量管理体系，",
                      "并对生产过程进行控制。",
                      f"第 {number} 页 共 3 页", f"- {number} -"])
    result = read_path(write(tmp_path, "printed.pdf", make_pdf(pages)))
    assert result.text.split("\n") == [
        f"第{n}条 受托方应当按照委托方的要求生产，建立并保持质量管理体系，并对生产过程进行控制。"
        for n in "一二三"]
    assert result.pages == (1, 2, 3)
    for furniture in ("受控文件", "QA-007", "页", "- 2 -"):
        assert furniture not in result.text


def test_pdf_lines_rejoin_only_lines_the_layout_broke():
    from ingest.normalise import pdf_lines

    long = "乙方应当按照双方确认的技术文件组织生产，保证产品符合经注册的产品技术要求，"
    other = "甲方应当对乙方的质量管理体系进行审核，审核发现的问题由乙方在规定期限内整改，"
    lines, pages = pdf_lines([[long, "并保存完整记录。", "第二条 甲方负责上市放行。"],
                              [other, "（一）短句不续行", "2.1 编号行"]])
    assert lines == [long + "并保存完整记录。", "第二条 甲方负责上市放行。", other, "（一）短句不续行", "2.1 编号行"]
    assert pages == [1, 1, 2, 2, 2]
    # A line that ends a sentence is never joined, however long.
    done = long[:-1] + "。"
    assert pdf_lines([[done, "下一句。"]])[0] == [done, "下一句。"]


@pytest.mark.parametrize("header, footer", [
    # A browser's header: date and time, page title, file address; the page number below it.
    (["2025/3/2 09:15", "质量协议（沐辰-瑞泰）", "file:///C:/文件/质量协议.html", "{n}/3"], []),
    (["质量协议 QA-007", "受控文件", "上海沐辰医疗科技有限公司", "- {n} -"], []),
    ([], ["第{n}页", "打印时间：2025-03-02", "https://oa.example.cn/doc/123", "仅供内部使用"]),
    # Word headers set out left and right, longer than a plain running line.
    (["质量协议编号：HT-ZL-2025-036\u3000\u3000\u3000\u3000\u3000\u3000一次性使用无菌注射器委托生产质量协议"],
     ["第 {n} 页 共 3 页"]),
    (["上海沐辰医疗科技有限公司    文件编号：QA-WT-007    版本：B/1    生效日期：2025-03-01"], ["{n}"]),
    (["受控文件\t\t\t医疗器械委托生产质量协议（沐辰公司—瑞泰公司）\t\t\t第{n}页"], []),
])
def test_a_page_number_below_or_above_running_lines_is_dropped(header, footer):
    from ingest.normalise import pdf_lines

    body = [["第一条 乙方负责生产放行。", "第二条 甲方负责上市放行。", "第三条 乙方保存批记录。", "第四条 甲方审核放行文件。",
             "第五条 乙方负责进货检验。", "第六条 乙方负责设备维护。"],
            ["第七条 不良事件监测由甲方负责。", "第八条 乙方配合调查。", "第九条 变更须经甲方批准。",
             "第十条 乙方通知甲方。", "第十一条 甲方每年审核乙方。", "第十二条 乙方配备人员。"],
            ["第十三条 争议协商解决。", "第十四条 本协议一式两份。", "第十五条 有效期三年。", "第十六条 双方保密。",
             "第十七条 知识产权归甲方。", "第十八条 附件是本协议的组成部分。"]]
    pages = [[*(h.format(n=n) for h in header), *body[n - 1], *(f.format(n=n) for f in footer)] for n in (1, 2, 3)]
    lines, numbers = pdf_lines(pages)
    assert lines == [line for page in body for line in page]
    assert numbers == [n for n in (1, 2, 3) for _ in range(6)]


def test_a_single_page_keeps_its_lines_but_drops_page_numbers():
    from ingest.normalise import pdf_lines

    lines, _ = pdf_lines([["质量协议", "第一条 甲方负责上市放行。", "第 1 页 共 1 页"]])
    assert lines == ["质量协议", "第一条 甲方负责上市放行。"]


def test_corpus_clauses_are_unchanged_by_normalisation():
    """Normalising the shipped corpus (as `regkb add` would) leaves every clause id and
    text, so no citation changes."""
    from ingest.corpus import corpus_files, load_document, parse_document
    from ingest.normalise import normalise_chars
    from ingest.structure import segment
    from tests.conftest import CORPUS

    files = list(corpus_files(CORPUS))
    assert len(files) >= 25
    for path in files:
        source = path.read_text(encoding="utf-8")
        before = [(c.id, c.text) for c in segment(load_document(path))]
        after = [(c.id, c.text) for c in segment(parse_document(normalise_chars(source), fallback_id=path.stem))]
        assert after == before, path.name


# --- Word automatic numbering (ingest.word_numbering) ---------------------------------------


def numbered_docx(levels: str, paragraphs: list[tuple[str, int | None]], abstract_id: int = 42) -> bytes:
    """A .docx whose paragraphs use a list defined in numbering.xml; ``levels`` is the
    w:lvl XML of the abstract numbering, ``paragraphs`` (text, ilvl or None)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{levels}</w:abstractNum>'))
    num = numbering.add_num(abstract_id)
    for text, ilvl in paragraphs:
        paragraph = document.add_paragraph(text)
        if ilvl is not None:
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = ilvl
            num_pr.get_or_add_numId().val = num.numId
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


ARTICLE_LEVELS = (
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1条"/>'
    '<w:suff w:val="space"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/><w:isLgl/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%3）"/></w:lvl>'
)


def test_docx_automatic_numbering_is_read_as_word_shows_it():
    data = numbered_docx(ARTICLE_LEVELS, [
        ("质量协议", None), ("总则", 0), ("甲方负责上市放行。", 1), ("", 1), ("乙方负责生产放行。", 1),
        ("放行", 0), ("生产放行包括：", 1), ("批记录审核；", 2), ("检验报告审核。", 2), ("第十一个", 0)])
    lines = read_bytes(data, "a.docx").text.split("\n")
    # The empty paragraph is numbered 1.2 in Word, so the next one is 1.3.
    assert lines == ["质量协议", "第一条 总则", "1.1 甲方负责上市放行。", "1.3 乙方负责生产放行。", "第二条 放行",
                     "2.1 生产放行包括：", "（一）批记录审核；", "（二）检验报告审核。", "第三条 第十一个"]


@pytest.mark.parametrize("fmt,text,numbers", [
    ("decimal", "%1.", ["1. ", "2. ", "3. "]),
    ("chineseCounting", "%1、", ["一、", "二、", "三、"]),
    ("decimalEnclosedCircle", "%1", ["① ", "② ", "③ "]),
    ("ideographTraditional", "%1.", ["甲. ", "乙. ", "丙. "]),
    ("upperRoman", "%1.", ["I. ", "II. ", "III. "]),
    ("bullet", "•", ["", "", ""]),
])
def test_numbering_formats(fmt, text, numbers):
    levels = f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
    data = numbered_docx(levels, [("甲", 0), ("乙", 0), ("丙", 0)])
    assert read_bytes(data, "a.docx").text.split("\n") == [n + t for n, t in zip(numbers, "甲乙丙")]
