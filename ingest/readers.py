"""Turn a file a user hands over into plain text, or refuse it with a message that says why.

Used when a regulation is added to the knowledge base and when a document (e.g. a quality
agreement) is checked against it. Supports .md, .txt, .docx and .pdf. Everything happens in
memory: `read_bytes` is what an upload widget calls, `read_path` checks a path on disk first.
Every refusal is an `InputError` whose message can be shown to the user as it is: in Chinese,
naming the file (“x.pdf”), what is wrong and what to do.
"""

from __future__ import annotations

import errno
import io
import math
import os
import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer
import docx
import pypdf
from docx.table import Table

from ingest.errors import InputError, os_reason
from ingest.normalise import normalise_chars, pdf_lines
from ingest.word_numbering import WordNumbering

SUPPORTED_SUFFIXES = (".md", ".txt", ".docx", ".pdf")
MAX_BYTES = 10 * 1024 * 1024

_MB = 1024 * 1024
_SUPPORTED = "、".join(SUPPORTED_SUFFIXES)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_MAX_UNZIPPED = 200 * _MB
_MIN_PDF_CHARS_PER_PAGE = 20
# Every break that str.splitlines() honours becomes '\n', so splitlines() and split('\n')
# agree on what a line is and `ReadResult.pages` stays aligned with either.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_HAN = re.compile("[\u4e00-\u9fff]")
_PUNCTUATION = re.compile("[\u2000-\u206f\u3000-\u303f\uff00-\uffef\u00a0-\u00bf\u00d7\u00f7]")
# Below this share of common characters a decoding is garbled (Big5 read as GB18030 gives
# about 0.6; real text in either script about 0.95 or more).
MIN_READABLE = 0.8


@dataclass(frozen=True)
class ReadResult:
    text: str  # normalised: '\n' line endings, no BOM, no NUL; paragraphs separated by '\n'
    encoding: str | None  # for .txt/.md: the detected encoding; None otherwise
    pages: tuple[int, ...] | None  # for .pdf: 1-based page number of each line of `text`


def read_path(path: str | os.PathLike, *, max_bytes: int = MAX_BYTES, follow_symlinks: bool = True) -> ReadResult:
    """Read a file on disk; checks existence, type and size before reading any content.

    With ``follow_symlinks=False`` a symbolic link is refused, also if it appears between
    the check and the read."""
    p = Path(path)
    try:
        st = p.stat() if follow_symlinks else p.lstat()
    except FileNotFoundError:
        raise InputError(f"找不到文件“{p}”：请检查路径和文件名是否写对。") from None
    except OSError as e:
        raise InputError(f"无法访问“{p}”（{os_reason(e)}）：请检查路径和访问权限。") from None
    if stat.S_ISLNK(st.st_mode):
        raise _symlink(p)
    _check_regular(p, st)
    _check_size(p.name, st.st_size, max_bytes)
    _check_suffix(p.name)
    # Non-blocking, so that a FIFO swapped in after the check cannot stall the open.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        with open(os.open(p, flags), "rb") as f:
            # What was opened is checked again: the path may have changed since stat().
            st = os.fstat(f.fileno())
            _check_regular(p, st)
            _check_size(p.name, st.st_size, max_bytes)
            # Read one byte past the limit in case the file grew after stat().
            data = f.read(max_bytes + 1)
    except OSError as e:
        if e.errno == errno.ELOOP and not follow_symlinks:  # O_NOFOLLOW met a link
            raise _symlink(p) from None
        raise InputError(f"无法读取“{p}”（{os_reason(e)}）：请检查文件的访问权限后再试。") from None
    return read_bytes(data, p.name, max_bytes=max_bytes)


def _symlink(p: Path) -> InputError:
    return InputError(f"“{p}”是符号链接，为安全起见不读取它指向的文件：请直接给出真实文件的路径。")


def _check_regular(p: Path, st: os.stat_result) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"“{p}”是文件夹，不是文件：请给出单个 {_SUPPORTED} 文件的路径。")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"“{p}”不是普通文件（可能是管道、设备或套接字），未读取：请给出一个 {_SUPPORTED} 文件的路径。")


def read_bytes(data: bytes, filename: str, *, max_bytes: int = MAX_BYTES) -> ReadResult:
    """Read a file's content; `filename` decides the format and is quoted in messages."""
    suffix = _check_suffix(filename)
    _check_size(filename, len(data), max_bytes)
    if not data:
        raise InputError(f"“{filename}”是空文件，没有可读取的文字：请确认选择的是正确的文件。")
    if suffix == ".pdf":
        return _read_pdf(data, filename)
    if suffix == ".docx":
        text = _read_docx(data, filename, max_bytes)
        encoding = None
    else:
        text, encoding = _read_text(data, filename)
    text = normalise_chars(_normalise(text))
    if not text.strip():
        raise InputError(f"“{filename}”中没有可读取的文字（只有空白）：请确认选择的是正确的文件。")
    return ReadResult(text=text, encoding=encoding, pages=None)


def _check_suffix(filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    if suffix in SUPPORTED_SUFFIXES:
        return suffix
    what = f"的文件类型 {suffix} 不受支持" if suffix else "没有扩展名，无法判断文件类型"
    raise InputError(
        f"“{filename}”{what}（只支持 {_SUPPORTED}）：请在原来的软件中另存为或导出为其中一种格式后再试。"
    )


def _check_size(filename: str, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise InputError(
            f"“{filename}”大小为 {_format_size(size, round_up=True)}，超过 {_format_size(max_bytes)} 的上限，"
            "未读取：请把它拆分成几个较小的文件（或删去其中的图片、附件后另存）再试。"
        )


def _format_size(n: int, *, round_up: bool = False) -> str:
    if n < 1024:
        return f"{n} 字节"
    unit, scale = ("MB", _MB) if n >= _MB else ("KB", 1024)
    # Rounding a too-large size up avoids "大小为 10 MB，超过 10 MB 的上限".
    value = math.ceil(n * 10 / scale) / 10 if round_up else n / scale
    return f"{value:.1f}".removesuffix(".0") + f" {unit}"


def _normalise(text: str) -> str:
    return _LINE_BREAKS.sub("\n", text).replace("\ufeff", "").replace("\x00", "")


def _read_text(data: bytes, filename: str) -> tuple[str, str]:
    binary = InputError(
        f"“{filename}”看起来是二进制文件，不是文本：请确认选择的是正确的文件"
        "（Word、PDF 文件请保留原来的 .docx、.pdf 扩展名）。"
    )
    unknown = InputError(
        f"“{filename}”的文字编码无法识别：请用记事本等编辑器把它另存为 UTF-8 编码后再试。"
    )
    # UTF-16 (Notepad's "Unicode") is full of NUL bytes, so it is recognised by its BOM
    # before the NUL test; without a BOM, by decoding to readable text.
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if b"\x00" in data and not utf16:
        text, encoding = _utf16_without_bom(data)
        if text is None:
            raise binary
        return text, encoding
    text, encoding = _decode(data, utf16)
    if text is None:
        raise unknown
    if len(_CONTROL_CHARS.findall(text)) > 0.1 * len(text):
        raise binary
    return text, encoding


def _decode(data: bytes, utf16: bool) -> tuple[str | None, str | None]:
    """UTF-16 by its BOM, then UTF-8 (unambiguous); otherwise the Chinese encoding whose
    decoding reads best (GB18030 for simplified text, Big5 for traditional: each decodes the
    other's bytes into rare characters), then charset-normalizer. Text that decodes only to
    mostly rare characters is refused rather than stored garbled."""
    if utf16:
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return None, None
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    read = []
    for codec in ("gb18030", "big5") + (("utf-16-le", "utf-16-be") if len(data) % 2 == 0 else ()):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec.startswith("utf-16") and _CONTROL_CHARS.search(text):
            continue
        read.append((readable(text), codec.removesuffix("-le").removesuffix("-be"), text))
    if read:
        quality, codec, text = max(read, key=lambda r: r[0])
        return (text, codec) if quality >= MIN_READABLE else (None, None)
    best = charset_normalizer.from_bytes(data).best()
    return (None, None) if best is None else (str(best), best.encoding)


def _utf16_without_bom(data: bytes) -> tuple[str | None, str | None]:
    """UTF-16 saved without a BOM: little- or big-endian, whichever reads as text."""
    if len(data) % 2:
        return None, None
    read = []
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if not _CONTROL_CHARS.search(text):
            read.append((readable(text), codec, text))
    if not read:
        return None, None
    quality, codec, text = max(read, key=lambda r: r[0])
    return (text, "utf-16") if quality >= MIN_READABLE else (None, None)


def readable(text: str) -> float:
    """Share of a text's non-ASCII characters that are common ones: frequent Chinese characters
    (GB2312 level 1 for simplified, Big5's frequent block for traditional) and CJK or general
    punctuation; 1.0 for plain ASCII."""
    chars = [ch for ch in text if ord(ch) > 0x7F and not ch.isspace()]
    if not chars:
        return 1.0
    common = sum(1 for ch in chars if _PUNCTUATION.match(ch) or (_HAN.match(ch) and _common(ch)))
    return common / len(chars)


def _common(ch: str) -> bool:
    for codec, first, last in (("gb2312", 0xB0, 0xD7), ("big5", 0xA4, 0xC6)):
        try:
            encoded = ch.encode(codec)
        except UnicodeEncodeError:
            continue
        if len(encoded) == 2 and first <= encoded[0] <= last:
            return True
    return False


def _read_docx(data: bytes, filename: str, max_bytes: int) -> str:
    invalid = InputError(
        f"“{filename}”不是有效的 .docx 文件（已损坏，或是别的格式改了扩展名）：请用 Word 打开后重新另存为 .docx。"
    )
    if data.startswith(_OLE_MAGIC):
        raise InputError(
            f"“{filename}”是设了密码的（加密的）Office 文件或旧版 .doc 文件，无法读取："
            "请用 Word 打开后另存为不设密码的 .docx 文件。"
        )
    # zipfile and python-docx fail on malformed input with many exception types (BadZipFile,
    # NotImplementedError, KeyError, lxml errors, ...); for a user's file all mean "invalid".
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except Exception:
        raise invalid from None
    _check_unzipped_size(filename, members, max_bytes)
    try:
        document = docx.Document(io.BytesIO(data))
        numbering = WordNumbering(document)
        lines = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(_table_rows(block))
                continue
            # The number Word shows (automatic numbering) is part of what the reader sees.
            shown = numbering.label(block)
            if block.text.strip():
                lines.append(shown + block.text)
    except Exception:
        raise invalid from None
    return "\n".join(lines)


def _check_unzipped_size(filename: str, members: list[zipfile.ZipInfo], max_bytes: int) -> None:
    # zipfile never yields more than a member's declared file_size (a lie fails the CRC
    # check), so checking the declared sizes is enough to stop a zip bomb.
    limit = min(20 * max_bytes, _MAX_UNZIPPED)
    total = sum(m.file_size for m in members)
    if total > limit:
        raise InputError(
            f"“{filename}”解压后将达到 {_format_size(total)}（上限为 {_format_size(limit)}），正常的 Word 文档"
            "不会这样：文件可能已损坏或是恶意构造的，未读取。请用 Word 打开后重新另存为 .docx。"
        )
    for m in members:
        if m.file_size > 10 * _MB and m.file_size > 200 * max(m.compress_size, 1):
            raise InputError(
                f"“{filename}”中的部件“{m.filename}”压缩比超过 200:1，解压后将达到 {_format_size(m.file_size)}，"
                "正常的 Word 文档不会这样：文件可能已损坏或是恶意构造的，未读取。请用 Word 打开后重新另存为 .docx。"
            )


def _table_rows(table: Table) -> list[str]:
    rows = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            # A horizontally merged cell is returned once per grid column it spans.
            if cells and cell._tc is cells[-1]._tc:
                continue
            cells.append(cell)
        texts = [c.text.strip().replace("\n", " ") for c in cells]
        if any(texts):
            rows.append(" | ".join(texts))
    return rows


def _read_pdf(data: bytes, filename: str) -> ReadResult:
    corrupt = InputError(
        f"“{filename}”不是有效的 PDF 文件（已损坏，或是别的格式改了扩展名）：请重新导出为 PDF，"
        "或改用 .docx/.txt 文件。"
    )
    encrypted = InputError(
        f"“{filename}”已加密，需要密码才能打开：请用密码打开后另存为（或打印为）"
        "不加密的 PDF，或提供 .docx/.txt 文件，然后再试。"
    )
    # pypdf fails on malformed files with many exception types; all of them mean "corrupt".
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        is_encrypted = reader.is_encrypted
    except pypdf.errors.DependencyError as exc:
        raise _no_aes(filename) from exc
    except Exception:
        raise corrupt from None
    try:
        # Many PDFs are encrypted only to restrict printing or editing and open with an
        # empty password (RC4 or AES, which needs the 'cryptography' package); they are
        # accepted if their text can be extracted.
        if is_encrypted and not reader.decrypt(""):
            raise encrypted
        page_texts = [page.extract_text() for page in reader.pages]
    except InputError:
        raise
    except pypdf.errors.DependencyError as exc:
        raise _no_aes(filename) from exc
    except Exception:
        raise (encrypted if is_encrypted else corrupt) from None

    lines, pages = pdf_lines([_normalise(page_text).split("\n") for page_text in page_texts])
    text = "\n".join(lines)
    visible = len("".join(text.split()))
    if visible < _MIN_PDF_CHARS_PER_PAGE * max(len(page_texts), 1):
        raise InputError(
            f"“{filename}”没有文字层（可能是扫描件），无法读取文字：请先用 OCR 软件识别，"
            "转成可复制文字的 PDF 或 Word 文件后再试，或改用 .docx/.txt 文件。"
        )
    return ReadResult(text=text, encoding=None, pages=tuple(pages))


def _no_aes(filename: str) -> InputError:
    """An AES-encrypted PDF read by an installation without pypdf's 'crypto' extra."""
    return InputError(f"“{filename}”使用 AES 加密，读取它需要 cryptography 软件包，而本机未安装：请运行 "
                      "`pip install 'pypdf[crypto]'`（或重新安装 regkb），然后再试。")
