"""Reading a quality agreement: a file, an upload or pasted text -> numbered clauses,
each with a location a reviewer can find again (第五条, 8.3.1, 二（三）, page 2).

The regulation segmenter (:mod:`ingest.structure`) is tuned for citing regulations: it
drops heading-only lines and files contact details apart. An agreement is read for
what it promises, so here every line belongs to exactly one clause and nothing is lost.
Shared with it are the numbering patterns (:func:`ingest.structure.classify`) and the way
an over-long clause is cut into pieces of at most ``MAX_PIECE_CHARS`` characters, at line
ends, then sentence ends, then commas (``ingest.structure._split_long``): no later stage
sees an unbounded clause or sentence. A line longer than that lies in consecutive pieces.

Everything happens in memory. The uploaded agreement is confidential: nothing here
writes it to disk, indexes it or logs it.
"""

from __future__ import annotations

import bisect
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import InputError
from ingest.normalise import normalise_chars
from ingest.readers import MAX_BYTES, read_bytes, read_path
from ingest import structure
from ingest.structure import classify

# What one check may cost: every stage after reading is linear in the text, and the
# sentence embedding (about 0.1 ms a character on one core) dominates, so these keep a
# check within about 10 s. A real quality agreement has 5,000 to 30,000 characters.
MAX_CHARS = 50_000  # not counting white space
MAX_CLAUSES = 2000

# Numbering that opens a clause in a document written in articles (第X条): items inside
# an article stay in it, as a lawyer would cite the article.
_ARTICLE_LEVELS = ("bian", "zhang", "jie", "tiao")
_HEADING = re.compile(r"^#{1,6}[ \t]+")
_SPACES = " \t\u3000\u00a0"
_WHITESPACE = re.compile(r"[ \t\u3000\u00a0]+")
_SURROGATE = re.compile("[\ud800-\udfff]")
# 第6条 / 第 12 章: agreements number articles in Arabic numerals too.
_ARABIC_ARTICLE = re.compile(r"^第\s*(\d{1,3})\s*(编|章|节|条)")
_ARTICLE_KINDS = {"编": "bian", "章": "zhang", "节": "jie", "条": "tiao"}
# A table of contents' entry: a title, a tab or a leader (……, ....), its page number.
_CONTENTS_ENTRY = re.compile(r"^\S.{0,60}?(\t+|\s*[.．·…‥_]{3,}\s*)\d{1,3}$")
_ANY_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class AgreementClause:
    """One clause of the agreement; ``text`` is an exact slice of :attr:`Agreement.text`."""

    index: int  # 1-based reading order
    location: str  # 第五条 / 8.3.1 / 二（三） / 首部 / 第3段, plus （第2页） for a PDF
    text: str
    path: tuple[str, ...]  # the headings above it, nearest last
    span: tuple[int, int]
    page: int | None = None
    part: int = 1  # a clause longer than MAX_PIECE_CHARS comes in pieces 1, 2 ... with one location

    @property
    def context_text(self) -> str:
        """Text with its headings, for matching (a bare '（二）乙方应当…' under
        '5. 文件控制' is about documents)."""
        return " ".join((*self.path, self.text))


@dataclass(frozen=True)
class Agreement:
    name: str  # the file name, or a label for pasted text
    text: str
    clauses: tuple[AgreementClause, ...]


def read_agreement(path: str | os.PathLike) -> Agreement:
    """Read an agreement file (.docx .pdf .txt .md); refusals are :class:`InputError`. A
    symbolic link is refused, as the README says, not followed to whatever it points at."""
    result = read_path(path, follow_symlinks=False)
    return _build(Path(path).name, result.text, result.pages)


def agreement_from_bytes(data: bytes, filename: str) -> Agreement:
    """An uploaded file's content; ``filename`` decides the format."""
    result = read_bytes(data, filename)
    return _build(filename, result.text, result.pages)


def agreement_from_text(text: str, name: str = "粘贴的文本") -> Agreement:
    """Pasted text."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise InputError(f"粘贴的文本超过 {MAX_BYTES // (1024 * 1024)} MB 的上限，未审查：请把协议分成几段分别粘贴审查，"
                         "或上传协议文件。")
    if _SURROGATE.search(text):
        text = _undecoded(text, name)
    text = normalise_chars(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise InputError("粘贴的文本是空的：请粘贴协议正文，或上传协议文件。")
    return _build(name, text, None)


def _undecoded(text: str, name: str) -> str:
    """Text read from standard input that was not UTF-8 (a GBK file piped in) reaches
    Python with each undecodable byte as a lone surrogate, which no later step can encode.
    Those bytes are recovered and decoded the way an uploaded .txt is; a surrogate that
    stands for no byte is replaced."""
    try:
        data = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return read_bytes(data, f"{name}.txt").text


def _build(name: str, text: str, pages: tuple[int, ...] | None) -> Agreement:
    size = len(_ANY_SPACE.sub("", text))
    if size > MAX_CHARS:
        raise InputError(
            f"“{name}”共 {size:,} 个字符（不计空白），超过一次审查的上限 {MAX_CHARS:,} 个字符，未审查。"
            "质量协议通常只有几千到三万字：请确认选择的是协议本身；如确需审查，请把协议拆分为几个文件"
            "（例如正文和各附件）分别审查。"
        )
    clauses = split_clauses(text, pages)
    if not clauses:
        raise InputError(f"“{name}”中没有可读取的文字：请确认选择的是协议本身。")
    if len(clauses) > MAX_CLAUSES:
        raise InputError(
            f"“{name}”分出 {len(clauses):,} 个条款，超过一次审查的上限 {MAX_CLAUSES:,} 个，未审查。"
            "质量协议的条款远少于此：请确认选择的是协议本身，或把协议拆分为几个文件分别审查。"
        )
    return Agreement(name=name, text=text, clauses=clauses)


@dataclass
class _Line:
    number: int  # 0-based line number in the text
    start: int
    end: int
    text: str  # stripped, heading marks removed
    found: tuple[str, str, str] | None  # classify() result
    heading: int  # markdown heading level, 0 for an ordinary line


def split_clauses(text: str, pages: tuple[int, ...] | None = None) -> tuple[AgreementClause, ...]:
    """Split agreement text into clauses at its numbering; every non-empty line lands in
    one clause. A text with almost no numbering is split into paragraphs instead."""
    lines = _lines(text)
    if not lines:
        return ()
    # A table of contents (第一条　协议双方⇥3) opens nothing: its lines stay with the text before them.
    contents = {i for i, l in enumerate(lines) if _CONTENTS_ENTRY.match(l.text)}
    articles = _articles_in_sequence(lines, contents)
    if len(articles) >= 3:
        opens = {i for i, l in enumerate(lines)
                 if i in articles or l.heading or (l.found and l.found[0] in _ARTICLE_LEVELS[:3])}
    else:
        opens = {i for i, l in enumerate(lines) if l.found or l.heading}
    opens -= contents
    # The agreement's title (# 质量协议) belongs to the header, not to a clause of its own.
    if lines[0].heading == 1 and not lines[0].found:
        opens.discard(0)
    if len(opens) < 3:
        return _paragraphs(lines, text, pages)
    out: list[AgreementClause] = []
    stack: list[tuple[str, str, str]] = []  # (key, label, heading text) of the open outline levels
    body: list[_Line] = []
    location, path = "首部", ()
    for i, line in enumerate(lines):
        if i not in opens:
            body.append(line)
            continue
        if body:
            out += _clauses(len(out) + 1, location, path, body, text, pages)
        key, label = _key_label(line)
        _close_levels(stack, key)
        path = tuple(entry[2] for entry in stack)
        stack.append((key, label, _WHITESPACE.sub(" ", line.text)[:40]))
        location = _location(stack)
        body = [line]
    if body:
        out += _clauses(len(out) + 1, location, path, body, text, pages)
    return tuple(out)


def _paragraphs(lines: list[_Line], text: str, pages: tuple[int, ...] | None) -> tuple[AgreementClause, ...]:
    """Too little numbering to trust as structure: one clause per paragraph (a table stays
    one clause), located by its own number where it has one."""
    groups: list[list[_Line]] = []
    for line in lines:
        in_table = "|" in line.text
        if groups and in_table and "|" in groups[-1][-1].text:
            groups[-1].append(line)
        else:
            groups.append([line])
    out: list[AgreementClause] = []
    for k, group in enumerate(groups, start=1):
        first = group[0]
        location = _location([(*_key_label(first), "")]) if first.found else f"第{k}段"
        out += _clauses(len(out) + 1, location, (), group, text, pages)
    return tuple(out)


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for number, raw in enumerate(text.split("\n")):
        start, pos = pos, pos + len(raw) + 1
        stripped = raw.strip(_SPACES)
        if not stripped:
            continue
        begin = start + raw.index(stripped)
        heading = _HEADING.match(stripped)
        content = stripped[heading.end():].strip(_SPACES) if heading else stripped
        if not content:
            continue
        level = heading.group(0).count("#") if heading else 0
        out.append(_Line(number, begin, begin + len(stripped), content, numbering_of(content), level))
    return out


def numbering_of(text: str) -> tuple[str, str, str] | None:
    """The numbering opening a line, as :func:`ingest.structure.classify` reads it, and
    第6条 with Arabic numerals (label 第6条)."""
    found = classify(text)
    if found:
        return found
    match = _ARABIC_ARTICLE.match(text)
    if match:
        number, unit = match.groups()
        return _ARTICLE_KINDS[unit], match.group(0), str(int(number))
    return None


def _articles_in_sequence(lines: list[_Line], skipped: set[int] = frozenset()) -> set[int]:
    """第X条 lines accepted only in sequence 1, 2, 3 ..., so that a sentence opening with a
    cross-reference (第五条约定的…) is not taken for an article; ``skipped`` lines are not read."""
    opened, expected = set(), None
    for i, line in enumerate(lines):
        if line.found and line.found[0] == "tiao" and i not in skipped:
            number = int(line.found[2])
            if expected is None or number == expected:
                opened.add(i)
                expected = number + 1
    return opened


def _key_label(line: _Line) -> tuple[str, str]:
    """The outline level a line opens: its numbering type (1 / 1.1 / 1.1.1 are three
    levels), or h<level> for an unnumbered markdown heading."""
    if not line.found:
        return f"h{line.heading}", line.text[:20]
    kind, label, number = line.found
    if kind == "dec":
        return f"dec{number.count('.') + 1}", number
    return kind, label.strip()


def _close_levels(stack: list[tuple[str, str, str]], key: str) -> None:
    """A numbering type seen before closes everything down to its earlier sibling; an
    unnumbered heading closes everything below a heading of a higher level."""
    if key.startswith("h"):
        level = int(key[1:])
        while stack and not (stack[-1][0].startswith("h") and int(stack[-1][0][1:]) < level):
            stack.pop()
        return
    if any(entry[0] == key for entry in stack):
        while stack:
            if stack.pop()[0] == key:
                break


def _location(stack: list[tuple[str, str, str]]) -> str:
    """The citation of the innermost clause: 第五条, 8.3.1, 二（三）, 九、1., 3.（一）, or the
    heading text of an unnumbered heading."""
    parts: list[str] = []
    inner = ""
    for key, label, _ in reversed(stack):
        if key.startswith("h"):
            break
        # 二（三） reads as one number; 九 before 1. keeps its 、 (九、1.), or it reads as 九1.
        parts.append(label.rstrip("、") if key == "cn" and inner != "num" else label)
        inner = key
        if key in _ARTICLE_LEVELS or key.startswith("dec"):
            break
    return "".join(reversed(parts)) if parts else stack[-1][1]


def _clauses(index: int, location: str, path: tuple[str, ...], body: list[_Line], text: str,
             pages: tuple[int, ...] | None) -> list[AgreementClause]:
    """The clause made of ``body``, in pieces of at most MAX_PIECE_CHARS characters if it
    is longer (each keeps the clause's location and headings), numbered from ``index``."""
    lines = [structure._Line(line.start, line.end, text[line.start:line.end]) for line in body]
    pieces = [(piece[0].start, piece[-1].end) for piece in structure._split_long(text, lines)]
    starts = [line.start for line in body]
    out = []
    for part, (start, end) in enumerate(pieces, start=1):
        page = None
        if pages:
            number = body[bisect.bisect_right(starts, start) - 1].number
            page = pages[number] if number < len(pages) else pages[-1]
        shown = f"{location}（第{page}页）" if page else location
        out.append(AgreementClause(index=index + part - 1, location=shown, text=text[start:end], path=path,
                                   span=(start, end), page=page, part=part))
    return out
