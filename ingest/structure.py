"""Structure-aware segmentation: Document -> citable Clause records.

Two shapes of Chinese regulatory text are handled:

* rules (条例, 办法, 规范 ...): 编/章/节 headings and numbered articles 第X条; an article
  keeps its 款 and 项 inside it, because an article is what a lawyer cites;
* notices, opinions and guides: outline numbering 一、 /（一）/ 1. /（1）/ 1.1.1 and
  markdown headings; each numbered block with text of its own is one clause.

Every clause text is an exact slice of the source file. Contact details, 抄送/印发
lines, signatures and similar blocks are kept as ``non_normative`` clauses so that
they can be shown but never returned as answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.numerals import CN_NUMERAL, cn_to_int
from ingest.records import Clause, Document

MAX_PIECE_CHARS = 800

_CN = CN_NUMERAL
# Order matters: the first pattern that matches a line's start decides its type.
_NUMBERING = [
    ("bian", re.compile(rf"^第({_CN})编")),
    ("zhang", re.compile(rf"^第({_CN})章")),
    ("jie", re.compile(rf"^第({_CN})节")),
    ("tiao", re.compile(rf"^第({_CN})条")),
    ("cn", re.compile(rf"^({_CN})、")),
    ("pcn", re.compile(rf"^[（(]({_CN})[）)]")),
    ("dec", re.compile(r"^(\d+(?:\.\d+)+)(?![\d.])(?!\s*[%％])")),
    ("num", re.compile(r"^(\d+)[.．、](?!\d)")),
    ("pnum", re.compile(r"^[（(](\d+)[）)]")),
    ("circ", re.compile(r"^([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])")),
    # "1 义务与责任": a bare number then a space, the top level of 1.1.1-style outlines.
    ("dec", re.compile(r"^(\d{1,2})[ \t　]+(?=[^\d\s])")),
]
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# "tiao": a document with fewer than three articles is read as an outline, where an
# article can hold numbered items.
_ID_PREFIX = {"bian": "pt", "zhang": "ch", "jie": "se", "tiao": "art", "cn": "s", "pcn": "i",
              "num": "n", "pnum": "p", "circ": "c", "dec": "d"}

_HEADING = re.compile(r"^(#{1,6})[ \t]+")
_SEPARATOR_CHARS = re.compile(r"[\s:|-]+")


def _is_table_separator(text: str) -> bool:
    """A markdown table's |---|:--:| line: only '-', ':', '|' and spaces, with a '|' after
    the first character. Tested without a regex with two overlapping repeats, whose
    backtracking took quadratic time on a long line of pipes."""
    return bool(_SEPARATOR_CHARS.fullmatch(text)) and "|" in text[1:]

# Lines that are part of a document's paperwork, not of its rules.
_NON_NORMATIVE = [
    re.compile(r"^[^。；]{0,12}联系人[：:\s]"),
    re.compile(r"^(联系)?(电话|传真|手机|电子邮箱|邮箱|E-?mail|地址|邮编)\s*[：:]", re.I),
    re.compile(r"^抄\s*送\s*[：:]"),
    re.compile(r"^[^。；，]{0,40}\d{4}年\d{1,2}月\d{1,2}日\s*印发$"),
    re.compile(r"^[（(]?(此件)?主动公开[)）]?$"),
    re.compile(r"^[（(]?此件[^。]{0,10}公开[)）]?$"),
    re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$"),
    re.compile(r"^原文链接"),
    re.compile(r"^附件\s*[：:]"),
    re.compile(r"^[^。；，：:]{2,40}〔\d{4}〕\d+号$"),
    re.compile(r"^[^。；，：:]{2,30}文件$"),
]
_SIGNATURE = re.compile(r"^[^。；，：:、（）()《》]{2,30}(局|办公室|委员会|政府|部门|中心|分局|所)$")
_TITLE_LINE = re.compile(r"^[^。；，：:]{4,90}(通知|公告|意见|要点|通告|决定)$")
_ADDRESSEE = re.compile(r"^[^。；]{2,120}[：:]$")


@dataclass
class _Line:
    start: int  # offset of the first character after indentation/heading marks
    end: int  # offset after the last non-space character
    text: str
    md_level: int | None = None
    table: bool = False  # inside a markdown table
    row_start: bool = False  # opens a table row (later lines until the next are its cell text)


@dataclass
class _Block:
    kind: str  # a numbering type, "h" for an unnumbered heading, or "root"
    label: str
    number: str  # "34", "8", "1.1.5" ...
    title: str
    md_level: int | None
    line: _Line | None
    body: list[_Line] = field(default_factory=list)
    has_children: bool = False
    tables: int = 0

    @property
    def key(self) -> str:
        """Numbering type for nesting; 1 / 1.1 / 1.1.1 are three levels."""
        return f"dec{self.number.count('.') + 1}" if self.kind == "dec" else self.kind


def classify(text: str) -> tuple[str, str, str] | None:
    """The numbering at the start of a line: (type, label, number), or None."""
    for kind, pattern in _NUMBERING:
        match = pattern.match(text)
        if match:
            raw = match.group(1)
            if kind == "circ":
                number = str(_CIRCLED.index(raw) + 1)
            elif kind in ("dec", "num", "pnum"):
                number = raw
            else:
                number = str(cn_to_int(raw))
            return kind, match.group(0).strip(), number
    return None


def is_non_normative(text: str) -> bool:
    if any(p.search(text) for p in _NON_NORMATIVE):
        return True
    return bool(_SIGNATURE.match(text) or _TITLE_LINE.match(text))


def _lines(doc: Document) -> list[_Line]:
    out = []
    pos = doc.body_start
    source = doc.source
    for raw in source[doc.body_start:].splitlines(keepends=True):
        line_start, pos = pos, pos + len(raw)
        # Any whitespace, including the line breaks splitlines() honours besides \r and \n
        # (\x0b, \x85, \u2028 ...), which would otherwise make a clause of a blank line.
        stripped = raw.strip()
        if not stripped:
            continue
        start = line_start + raw.index(stripped)
        md_level = None
        heading = _HEADING.match(stripped)
        if heading:
            md_level = len(heading.group(1))
            stripped = stripped[heading.end():].strip()
            start = source.index(stripped, start) if stripped else start
            if not stripped:
                continue
        out.append(_Line(start, start + len(stripped), stripped, md_level))
    _mark_tables(out)
    return out


_ROW_START = re.compile(r"^(\||[^|。；]{1,12}\|)")


def _mark_tables(lines: list[_Line]) -> None:
    """Find markdown tables (a header line, then a ---|--- separator).

    Some converted tables have no leading '|' and wrap one cell over several
    lines; a line that does not open a row continues the row above it.
    """
    # One pass: a table runs on to the next heading, or, where its rows open with '|', to
    # the first line that does not. A separator inside a running table starts another
    # table, which ends where the later of the two would (scanning on from every
    # separator instead took quadratic time on a table of separators).
    running = None  # None, "pipe" (rows open with '|') or "any"
    for i, line in enumerate(lines):
        if running and (line.md_level or (running == "pipe" and not line.text.startswith("|"))):
            running = None
        if running:
            line.table = True
            line.row_start = bool(_ROW_START.match(line.text))
        if i == 0 or not _is_table_separator(line.text) or "|" not in lines[i - 1].text:
            continue
        lines[i - 1].table = lines[i - 1].row_start = True
        line.table = True
        leading_pipe = lines[i - 1].text.startswith("|")
        running = "pipe" if leading_pipe and running != "any" else "any"


def _article_numbers(lines: list[_Line]) -> set[int]:
    """Line indexes that open an article, accepted only in sequence 1, 2, 3 ...

    The sequence check keeps a sentence that merely starts with a cross-reference
    ("第三十五条规定的 ...") from being taken for a new article.
    """
    opened, expected = set(), None
    for i, line in enumerate(lines):
        # A 第X条 inside a table is a cell, not an article (run_articles reads it as one).
        found = None if line.table else classify(line.text)
        if found and found[0] == "tiao":
            number = int(found[2])
            if expected is None or number == expected:
                opened.add(i)
                expected = number + 1
    return opened


def segment(doc: Document) -> list[Clause]:
    """All clauses of a document, in reading order."""
    lines = _lines(doc)
    articles = _article_numbers(lines)
    builder = _Builder(doc)
    if len(articles) >= 3:
        builder.run_articles(lines, articles)
    else:
        builder.run_outline(lines)
    return sorted(builder.clauses, key=lambda c: c.span)


class _Builder:
    def __init__(self, doc: Document):
        self.doc = doc
        self.clauses: list[Clause] = []
        self._ids: set[str] = set()
        self._repeats: dict[str, int] = {}
        self._headings = 0
        self._non_normative = 0
        self._title_seen = False

    # -- rules: 章/节 headings and 第X条 articles ------------------------------------

    def run_articles(self, lines: list[_Line], articles: set[int]) -> None:
        stack: list[_Block] = []
        current: _Block | None = None
        preamble = _Block("root", "", "", "", None, None)
        for i, line in enumerate(lines):
            found = None if line.table else classify(line.text)
            if i in articles:
                self._flush(current, stack)
                _, label, number = found
                current = _Block("tiao", label, number, line.text, None, line)
            elif line.md_level or (found and found[0] in ("bian", "zhang", "jie")):
                self._flush(current, stack)
                current = None
                if self._is_doc_title(line):
                    continue
                block = self._heading_block(line, found)
                self._push(stack, block)
            elif current is not None:
                current.body.append(line)
            else:
                preamble.body.append(line)
        self._flush(current, stack)
        # Before the first article a rule only carries its promulgation history.
        self._emit_segments(preamble, [], kind="preamble", normative=False)

    # -- notices and guides: outline numbering ---------------------------------------

    def run_outline(self, lines: list[_Line]) -> None:
        stack: list[_Block] = []
        preamble = _Block("root", "", "", "", None, None)
        for line in lines:
            found = None if line.table else classify(line.text)
            if line.md_level and self._is_doc_title(line):
                continue
            if line.md_level or found:
                if found is None and not line.md_level:
                    continue
                block = self._heading_block(line, found)
                self._push(stack, block)
            elif stack:
                stack[-1].body.append(line)
            else:
                preamble.body.append(line)
        while stack:
            self._close(stack.pop(), stack)
        self._emit_segments(preamble, [], kind="preamble", normative=True)

    # -- shared machinery ------------------------------------------------------------

    def _is_doc_title(self, line: _Line) -> bool:
        if line.md_level == 1 and not self._title_seen:
            self._title_seen = True
            return True
        return False

    def _heading_block(self, line: _Line, found: tuple[str, str, str] | None) -> _Block:
        if found:
            kind, label, number = found
        else:
            self._headings += 1
            kind, label, number = "h", line.text, str(self._headings)
        return _Block(kind, label, number, line.text, line.md_level, line)

    def _push(self, stack: list[_Block], block: _Block) -> None:
        """Place a block in the outline: a heading level or a numbering type seen
        before closes everything down to (and including) its earlier sibling."""
        if block.md_level:
            while stack and (stack[-1].md_level is None or stack[-1].md_level >= block.md_level):
                self._close(stack.pop(), stack)
        elif any(entry.key == block.key for entry in stack):
            while stack:
                popped = stack.pop()
                self._close(popped, stack)
                if popped.key == block.key:
                    break
        if stack:
            stack[-1].has_children = True
        stack.append(block)

    def _close(self, block: _Block, ancestors: list[_Block]) -> None:
        if block.body or not block.has_children:
            self._emit_segments(block, ancestors, kind="item", normative=True)

    def _flush(self, article: _Block | None, stack: list[_Block]) -> None:
        if article is not None:
            self._emit_segments(article, stack, kind="article", normative=True)

    def _emit_segments(self, block: _Block, ancestors: list[_Block], *, kind: str, normative: bool) -> None:
        """Emit a block as clauses: its text in contiguous pieces, tables as rows,
        paperwork lines as non-normative clauses."""
        lines = ([block.line] if block.line else []) + block.body
        if not lines:
            return
        run: list[_Line] = []
        table: list[_Line] = []
        pieces: list[list[_Line]] = []
        for line in lines:
            if line.table:
                if run:
                    pieces.append(run)
                    run = []
                table.append(line)
                continue
            if table:
                self._emit_table(block, ancestors, table)
                table = []
            if line is not block.line and is_non_normative(line.text):
                if run:
                    pieces.append(run)
                    run = []
                self._emit_non_normative(line, ancestors, block)
                continue
            run.append(line)
        if run:
            pieces.append(run)
        if table:
            self._emit_table(block, ancestors, table)
        # A lone heading (a title with no sentence of its own) over a table or paperwork adds
        # nothing; an article or item whose text is on its first line is kept whatever follows.
        if (block.line and pieces == [[block.line]] and (block.body or block.kind == "h")
                and (block.kind == "h" or not re.search(r"[。；！？]", block.line.text))):
            pieces = []
        chunks = [chunk for piece in pieces for chunk in _split_long(self.doc.source, piece)]
        if kind == "preamble" and chunks and all(is_non_normative(l.text) for c in chunks for l in c):
            return
        header = _header(block)
        base_id = self._block_id(block, ancestors, kind)
        for part, (start, end) in enumerate(_spans(chunks), start=1):
            clause_id = base_id if len(chunks) == 1 else f"{base_id}~{part}"
            self._add(Clause(
                id=self._unique(clause_id),
                doc_id=self.doc.id,
                ref=self._ref(block, ancestors, kind),
                label=block.label or ("序言" if kind == "preamble" else ""),
                path=_path(ancestors),
                kind=kind,
                text=self.doc.source[start:end],
                span=(start, end),
                number=int(block.number) if block.kind == "tiao" else None,
                part=part,
                parts=len(chunks),
                header=header,
                normative=normative,
            ))

    def _emit_table(self, block: _Block, ancestors: list[_Block], lines: list[_Line]) -> None:
        block.tables += 1
        rows: list[list[_Line]] = []
        for line in lines:
            if _is_table_separator(line.text):
                continue
            if line.row_start or not rows:
                rows.append([line])
            else:
                rows[-1].append(line)
        header = rows.pop(0)[0].text if len(rows) > 1 else ""
        base = self._block_id(block, ancestors, "item")
        path = _path(ancestors) + ((block.title,) if block.line else ())
        table_no = block.tables if block.tables > 1 else ""
        for k, row in enumerate(rows, start=1):
            chunks = _split_long(self.doc.source, row)
            for part, (start, end) in enumerate(_spans(chunks), start=1):
                row_id = f"{base}/t{block.tables}r{k}" + (f"~{part}" if len(chunks) > 1 else "")
                self._add(Clause(
                    id=self._unique(row_id),
                    doc_id=self.doc.id,
                    ref=f"{self._ref(block, ancestors, 'item')} 表{table_no}第{k}行",
                    label=f"第{k}行",
                    path=path,
                    kind="table_row",
                    text=self.doc.source[start:end],
                    span=(start, end),
                    part=part,
                    parts=len(chunks),
                    header=header,
                ))

    def _emit_non_normative(self, line: _Line, ancestors: list[_Block], block: _Block) -> None:
        self._non_normative += 1
        self._add(Clause(
            id=self._unique(f"{self.doc.id}:nn{self._non_normative}"),
            doc_id=self.doc.id,
            ref=f"{self.doc.cite_as}（非规范性内容）",
            label="",
            path=_path(ancestors) + ((block.title,) if block.line else ()),
            kind="non_normative",
            text=line.text,
            span=(line.start, line.end),
            normative=False,
        ))

    def _block_id(self, block: _Block, ancestors: list[_Block], kind: str) -> str:
        if kind == "preamble":
            return f"{self.doc.id}:pre"
        if block.kind == "tiao":
            return f"{self.doc.id}:art{block.number}"
        tokens = [_token(b) for b in ancestors + [block]]
        # 1.1.5 already says where it sits under 1 and 1.1.
        if block.kind == "dec" and "." in block.number:
            tokens = [t for b, t in zip(ancestors + [block], tokens) if b.kind != "dec" or b is block]
        return f"{self.doc.id}:{'/'.join(tokens)}"

    def _ref(self, block: _Block, ancestors: list[_Block], kind: str) -> str:
        cite = self.doc.cite_as
        if kind == "preamble":
            return f"{cite} 序言"
        if block.kind == "tiao":
            return f"{cite}{block.label}"
        chain = [b for b in ancestors + [block] if b.kind not in ("root",)]
        if block.kind == "dec" and "." in block.number:
            prefix = "".join(_heading_prefix(b) for b in ancestors if b.kind == "h")
            return f"{cite} {prefix}{block.number}"
        if block.kind == "pcn" and self._items_numbered_through:
            return f"{cite} 第{block.label}条"
        # Of nested decimals (6 > 6.1 > 6.1.3) only the deepest says where the item is.
        decimals = [b for b in chain if b.kind == "dec"]
        if decimals:
            head = decimals[-1].number.split(".", 1)[0]
            chain = [b for b in chain if (b.kind != "dec" or b is decimals[-1])
                     and not (b.kind == "num" and b.number == head)]
        parts = []
        for b in chain:
            if b.kind == "h":
                parts.append(b.title if b is block else _heading_prefix(b))
            elif b.kind in ("bian", "zhang", "jie"):
                parts.append(b.label)
            else:
                parts.append(_compact_label(b))
        text = "".join(p for p in parts if p)
        return f"{cite} {text}" if text else cite

    @property
    def _items_numbered_through(self) -> bool:
        """True where （X） items run on across sections without restarting, as in
        2024年第38号公告, so that （八） alone identifies the item."""
        if not hasattr(self, "_through"):
            numbers, parents, previous = [], 0, None
            for line in _lines(self.doc):
                found = classify(line.text)
                if found and found[0] == "cn":
                    previous = "section"
                elif found and found[0] == "pcn":
                    if previous == "section":
                        parents += 1
                    previous = "item"
                    numbers.append(int(found[2]))
            self._through = parents >= 2 and numbers == list(range(1, len(numbers) + 1))
        return self._through

    def _unique(self, clause_id: str) -> str:
        # Counting on from the last suffix given to this id keeps a document that repeats
        # one number thousands of times linear.
        n = self._repeats.get(clause_id, 1)
        candidate = clause_id if n == 1 else f"{clause_id}+{n}"
        while candidate in self._ids:
            n += 1
            candidate = f"{clause_id}+{n}"
        self._repeats[clause_id] = n
        self._ids.add(candidate)
        return candidate

    def _add(self, clause: Clause) -> None:
        self.clauses.append(clause)


def _token(block: _Block) -> str:
    if block.kind == "root":
        return "pre"
    if block.kind == "h":
        return f"h{block.number}"
    return f"{_ID_PREFIX[block.kind]}{block.number}"


def _heading_prefix(block: _Block) -> str:
    """An unnumbered heading named in a citation: '附件：...模板' -> '附件'."""
    head = re.split(r"[：:]", block.title, maxsplit=1)
    return head[0] if len(head) == 2 and len(head[0]) <= 8 else ""


def _compact_label(block: _Block) -> str:
    label = block.label
    if block.kind == "cn":
        return label.rstrip("、")
    if block.kind == "num":
        return label.rstrip(".．、") + "."
    if block.kind == "dec":
        return block.number
    return label


def _header(block: _Block) -> str:
    if block.line is None:
        return ""
    first = block.line.text
    cut = re.search(r"[。；：:]", first)
    if cut and cut.end() <= 80:
        return first[: cut.end()]
    return first[:60]


def _path(ancestors: list[_Block]) -> tuple[str, ...]:
    return tuple(b.title[:60] for b in ancestors if b.line is not None)


def _spans(chunks: list[list[_Line]]) -> list[tuple[int, int]]:
    return [(chunk[0].start, chunk[-1].end) for chunk in chunks]


def _split_long(source: str, piece: list[_Line]) -> list[list[_Line]]:
    """Split a run of lines into pieces of at most MAX_PIECE_CHARS, at line
    boundaries, and inside an over-long line at sentence ends (mid-sentence only where
    one sentence is itself longer than that, see `_split_line`)."""
    out: list[list[_Line]] = []
    current: list[_Line] = []
    size = 0
    for line in piece:
        for part in _split_line(line):
            length = part.end - part.start
            # Blank space between lines does not count, but a piece never spans more than
            # twice the limit (a file padded with a megabyte of spaces).
            if current and (size + length > MAX_PIECE_CHARS or part.end - current[0].start > 2 * MAX_PIECE_CHARS):
                out.append(current)
                current, size = [], 0
            current.append(part)
            size += length + 1
    if current:
        out.append(current)
    return out


_SENTENCE_END = re.compile(r"[。；！？!?]")
_PHRASE_END = re.compile(r"[，,、：:\s]")


def _split_line(line: _Line) -> list[_Line]:
    if line.end - line.start <= MAX_PIECE_CHARS:
        return [line]
    parts, start = [], 0
    text = line.text
    cut = 0
    for match in _SENTENCE_END.finditer(text):
        if match.end() - start > MAX_PIECE_CHARS and cut > start:
            parts.append((start, cut))
            start = cut
        cut = match.end()
    parts.append((start, len(text)))
    parts = [window for a, b in parts for window in _split_sentence(text, a, b)]
    return [_Line(line.start + a, line.start + b, text[a:b]) for a, b in parts if b > a]


def _split_sentence(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """No real clause has a sentence of more than MAX_PIECE_CHARS characters (the corpus's
    longest is about 200), but a broken or hostile file can be one endless sentence;
    it is cut after the last comma or space of each window, or at the limit, so that
    no clause is unbounded (the duty annotator's time grows steeply with sentence length)."""
    if end - start <= MAX_PIECE_CHARS:
        return [(start, end)]
    windows = []
    while end - start > MAX_PIECE_CHARS:
        limit = start + MAX_PIECE_CHARS
        breaks = [m.end() for m in _PHRASE_END.finditer(text, start + MAX_PIECE_CHARS // 2, limit)]
        cut = breaks[-1] if breaks else limit
        windows.append((start, cut))
        start = cut
    windows.append((start, end))
    # A cut inside a run of spaces must not leave a clause of nothing but spaces.
    out = []
    for a, b in windows:
        piece = text[a:b]
        if piece.strip():
            out.append((a + len(piece) - len(piece.lstrip()), b - len(piece) + len(piece.rstrip())))
    return out
