"""Text as a reader means it: one code point per character a person sees, and for PDFs
the page furniture removed and the page layout's line breaks undone.

Browser-printed and some Word-exported PDFs carry their text in the glyphs' Unicode
mapping, which often names the radical or compatibility code point instead of the
character (⽣产放⾏ for 生产放行, 受托⽅ for 受托方): nothing matches such text. Every reader
in :mod:`ingest.readers` passes its text through :func:`normalise_chars`; PDF pages also
go through :func:`pdf_lines`.

Not a whole-text NFKC: that would also turn the full-width punctuation Chinese is
written with into ASCII (（一） -> (一), ：-> :) and circled or parenthesised numbers into
digits (① -> 1), which changes the numbering the segmenter reads and the text a
citation quotes. NFKC is applied only to the blocks where a compatibility form is never
what the writer meant: Kangxi radicals, CJK compatibility ideographs, full-width ASCII
letters and digits, half-width CJK punctuation.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter

from ingest.structure import classify

# CJK Radicals Supplement -> the unified ideograph each radical stands for: every mapping of
# Unicode's EquivalentUnifiedIdeograph.txt (14.0) for the block, U+2E81 to U+2EF3 (U+2E80 and
# U+2E9A have none). Python's unicodedata has only the radicals' names, and NFKC maps two of
# them (⺟ ⻳); browser-printed PDFs use the rest too (⻓ for 长, ⻔ for 门, ⻢ for 马).
_RADICALS_SUPPLEMENT = {
    0x2E81: "厂", 0x2E82: "乛", 0x2E83: "乚", 0x2E84: "乙", 0x2E85: "亻", 0x2E86: "冂", 0x2E87: "\U00020628",
    0x2E88: "刀", 0x2E89: "刂", 0x2E8A: "卜", 0x2E8B: "㔾", 0x2E8C: "小", 0x2E8D: "小", 0x2E8E: "兀",
    0x2E8F: "尣", 0x2E90: "尢", 0x2E91: "\U00021BC2", 0x2E92: "巳", 0x2E93: "幺", 0x2E94: "彑", 0x2E95: "彐",
    0x2E96: "忄", 0x2E97: "心", 0x2E98: "扌", 0x2E99: "攵", 0x2E9B: "旡", 0x2E9C: "日", 0x2E9D: "月",
    0x2E9E: "歺", 0x2E9F: "母", 0x2EA0: "民", 0x2EA1: "氵", 0x2EA2: "氺", 0x2EA3: "灬", 0x2EA4: "爫",
    0x2EA5: "爫", 0x2EA6: "丬", 0x2EA7: "牛", 0x2EA8: "犭", 0x2EA9: "王", 0x2EAA: "\U00024D14", 0x2EAB: "目",
    0x2EAC: "示", 0x2EAD: "礻", 0x2EAE: "\U00025AD7", 0x2EAF: "糹", 0x2EB0: "纟", 0x2EB1: "罓", 0x2EB2: "罒",
    0x2EB3: "㓁", 0x2EB4: "冗", 0x2EB5: "\U0002626B", 0x2EB6: "羊", 0x2EB7: "\U0002634C", 0x2EB8: "\U0002634B", 0x2EB9: "耂",
    0x2EBA: "肀", 0x2EBB: "聿", 0x2EBC: "肉", 0x2EBD: "\U00026951", 0x2EBE: "艹", 0x2EBF: "艹", 0x2EC0: "艹",
    0x2EC1: "虎", 0x2EC2: "衤", 0x2EC3: "覀", 0x2EC4: "西", 0x2EC5: "见", 0x2EC6: "角", 0x2EC7: "\U000278B2",
    0x2EC8: "讠", 0x2EC9: "贝", 0x2ECA: "\U00027FB7", 0x2ECB: "车", 0x2ECC: "辶", 0x2ECD: "辶", 0x2ECE: "辶",
    0x2ECF: "邑", 0x2ED0: "钅", 0x2ED1: "長", 0x2ED2: "镸", 0x2ED3: "长", 0x2ED4: "门", 0x2ED5: "\U00028E0F",
    0x2ED6: "阝", 0x2ED7: "雨", 0x2ED8: "青", 0x2ED9: "韦", 0x2EDA: "页", 0x2EDB: "风", 0x2EDC: "飞",
    0x2EDD: "食", 0x2EDE: "\U0002967F", 0x2EDF: "飠", 0x2EE0: "饣", 0x2EE1: "\U00029810", 0x2EE2: "马", 0x2EE3: "骨",
    0x2EE4: "鬼", 0x2EE5: "鱼", 0x2EE6: "鸟", 0x2EE7: "卤", 0x2EE8: "麦", 0x2EE9: "黄", 0x2EEA: "黾",
    0x2EEB: "斉", 0x2EEC: "齐", 0x2EED: "歯", 0x2EEE: "齿", 0x2EEF: "竜", 0x2EF0: "龙", 0x2EF1: "龜",
    0x2EF2: "亀", 0x2EF3: "龟",
}
# Blocks where NFKC gives what the writer meant.
_NFKC_RANGES = (
    (0x2E80, 0x2EFF),  # CJK Radicals Supplement (the two with a decomposition)
    (0x2F00, 0x2FDF),  # Kangxi Radicals
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0x2F800, 0x2FA1F),  # CJK Compatibility Ideographs Supplement
    (0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A),  # full-width digits and letters
    (0xFF61, 0xFF64),  # half-width 。「」、
)
# Invisible characters that split words: soft hyphen, zero-width space/joiners, word
# joiner, BOM used as zero-width no-break space.
_INVISIBLE = (0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)


def _table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for first, last in _NFKC_RANGES:
        for code in range(first, last + 1):
            mapped = unicodedata.normalize("NFKC", chr(code))
            if mapped != chr(code):
                table[code] = mapped
    table.update({code: char for code, char in _RADICALS_SUPPLEMENT.items() if code not in table})
    table.update(dict.fromkeys(_INVISIBLE))
    return table


_TABLE = _table()


def normalise_chars(text: str) -> str:
    """Radicals and compatibility ideographs as the unified ideographs (⽣ -> 生), full-width
    letters and digits as ASCII (第６条 -> 第6条), soft hyphens and zero-width characters
    removed. Line structure is unchanged."""
    return text.translate(_TABLE)


# -- PDF pages ----------------------------------------------------------------------------

# Lines that only number the page: 第 2 页 共 7 页, 共7页 第2页, - 3 -, 3/7, Page 3 of 7, 3.
_PAGE_NUMBER = re.compile(
    r"^(第\s*\d+\s*页\s*[,，/、]?\s*(共\s*\d+\s*页)?|共\s*\d+\s*页\s*[,，/、]?\s*第\s*\d+\s*页"
    r"|[-—–－]\s*\d+\s*[-—–－]|\d+\s*/\s*\d+|page\s*\d+(\s*(of|/)\s*\d+)?|\d{1,3})$", re.I)
# Document-control stamps printed on every page.
_STAMP = re.compile(r"^[（(【\[]?(受控文件|非受控文件|内部资料|内部文件|受控|副本)[)）】\]]?$")
# How many lines at the top and bottom of a page can be running headers or footers, and
# how long one can be (a body line that happens to repeat is longer).
_EDGE = 3
_RUNNING_CHARS = 40
# A header set out left and right (协议编号：HT-01　　　　……质量协议) may be up to twice as long.
_TWO_PART = re.compile(r"\S[ \t\u3000]{2,}\S")
_DIGITS = re.compile(r"\d+")
# A line ending in one of these ends a sentence (or a lead-in to a list): never rejoined.
_ENDS = "。！？；!?;：:"
# What opens a new line besides the numbering ingest.structure reads: 第6条 in Arabic
# numerals, bullets, markdown marks and table rows.
_OPENS_LINE = re.compile(r"^(第\s*\d+\s*[编章节条]|[#|>*•·▪■□◆●-])")
# A line at least this share of the page's text width is taken to run on to the next.
_FULL_LINE = 0.85


def pdf_lines(pages: list[list[str]]) -> tuple[list[str], list[int]]:
    """The lines of a PDF's pages (one list per page, in order) as the reader means them:
    characters normalised, running headers and footers and page numbers dropped, and a
    line that the layout broke mid-sentence joined with its continuation (also across a
    page break). Returns the lines and the 1-based page each one starts on."""
    pages = [[normalise_chars(line) for line in page] for page in pages]
    furniture = _running_lines(pages)
    kept: list[tuple[str, int]] = []
    for number, page in enumerate(pages, start=1):
        # The running lines go first: a page number printed below them (a browser's date, page
        # title and file address, then 1/3) is at the page's edge too.
        page = [line for i, line in enumerate(page)
                if not (_at_edge(i, len(page)) and _key(line.strip()) in furniture)]
        for i, line in enumerate(page):
            stripped = line.strip()
            if not stripped:
                continue
            if _at_edge(i, len(page)) and (_PAGE_NUMBER.match(stripped) or _STAMP.match(stripped)):
                continue
            kept.append((line, number))
    return _rejoin(kept)


def _at_edge(i: int, count: int) -> bool:
    """Among the first or last _EDGE lines of a page of ``count`` lines."""
    return i < _EDGE or i >= count - _EDGE


def _key(line: str) -> str:
    """A running line read with its numbers blanked (第 2 页 and 第 3 页 are one line)."""
    return _DIGITS.sub("#", "".join(line.split()))


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Lines at the top or bottom of at least half of the pages (and of two or more)."""
    if len(pages) < 2:
        return set()
    seen: Counter[str] = Counter()
    for page in pages:
        lines = [l.strip() for l in page if l.strip()]
        seen.update({_key(l) for l in lines[:_EDGE] + lines[-_EDGE:] if len(l) <= _RUNNING_CHARS
                     or (_TWO_PART.search(l) and len(l) <= 2 * _RUNNING_CHARS and "|" not in l)})
    needed = max(2, math.ceil(len(pages) / 2))
    return {key for key, count in seen.items() if count >= needed}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _opens_line(text: str) -> bool:
    return bool(classify(text) or _OPENS_LINE.match(text))


def _rejoin(lines: list[tuple[str, int]]) -> tuple[list[str], list[int]]:
    widths = sorted(_width(line.strip()) for line, _ in lines)
    if not widths:
        return [], []
    # The text width of the page: the long lines' length (a few may run into the margin).
    full = widths[int(0.9 * (len(widths) - 1))]
    out: list[str] = []
    pages: list[int] = []
    joinable = False
    for line, page in lines:
        text = line.rstrip()
        if joinable and not _opens_line(text.lstrip()):
            previous, current = out[-1], text.lstrip()
            glue = " " if previous[-1:].isascii() and current[:1].isascii() else ""
            out[-1] = previous + glue + current
        else:
            out.append(text)
            pages.append(page)
        last = out[-1].rstrip()
        joinable = (full >= 20 and _width(text.strip()) >= _FULL_LINE * full and last[-1:] not in _ENDS)
    return out, pages
