"""The numbers Word shows in front of automatically numbered paragraphs.

With automatic numbering (a list style, 第%1条 or %1.%2 defined in numbering.xml) the
number is not in the paragraph's text: python-docx gives "乙方负责生产放行。" where the
reader sees "5.2 乙方负责生产放行。". Without the number a clause can only be located as
"第16段", counting the cover page. :class:`WordNumbering` replays the counters the way
Word does, paragraph by paragraph in document order, from the numbering definitions
python-docx exposes as XML (w:numPr on the paragraph or its style; w:abstractNum levels
with w:start, w:numFmt, w:lvlText, w:lvlRestart, w:isLgl, w:suff; w:lvlOverride with
w:startOverride on the w:num).
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.oxml.ns import qn

from ingest.numerals import int_to_cn

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


@dataclass(frozen=True)
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # restart after this (1-based) level; None = after any higher level
    legal: bool = False  # isLgl: every level shown in decimal
    suffix: str = "tab"


def _val(element, tag: str, default: str | None = None) -> str | None:
    child = element.find(qn(tag)) if element is not None else None
    return child.get(qn("w:val"), default) if child is not None else default


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _level(lvl) -> _Level:
    legal = lvl.find(qn("w:isLgl"))
    restart = _val(lvl, "w:lvlRestart")
    return _Level(
        start=_int(_val(lvl, "w:start"), 1),
        fmt=_val(lvl, "w:numFmt", "decimal") or "decimal",
        text=_val(lvl, "w:lvlText", "") or "",
        restart=None if restart is None else _int(restart, 0),
        legal=legal is not None and legal.get(qn("w:val"), "true") not in ("0", "false", "off"),
        suffix=_val(lvl, "w:suff", "tab") or "tab",
    )


def format_number(number: int, fmt: str) -> str:
    """One level's number in a w:numFmt (decimal, chineseCounting 一, ideographTraditional 甲,
    decimalEnclosedCircle ①, lowerLetter a, upperRoman I ...); '' for bullets and none."""
    if fmt in ("bullet", "none"):
        return ""
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified",
               "taiwaneseCounting", "taiwaneseCountingThousand", "japaneseCounting", "ideographDigital"):
        try:
            return int_to_cn(number)
        except ValueError:
            return str(number)
    if fmt in ("ideographTraditional", "ideographZodiac") and 1 <= number <= 10:
        return _HEAVENLY_STEMS[number - 1]
    if fmt.startswith("decimalEnclosedCircle") and 1 <= number <= 20:
        return _CIRCLED[number - 1]
    if fmt == "decimalZero":
        return f"{number:02d}"
    if fmt in ("lowerLetter", "upperLetter") and number >= 1:
        letter = chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman") and number >= 1:
        out, rest = "", number
        for value, letters in _ROMAN:
            while rest >= value:
                out, rest = out + letters, rest - value
        return out if fmt == "lowerRoman" else out.upper()
    if fmt in ("decimalEnclosedParen",):
        return f"({number})"
    return str(number)


class WordNumbering:
    """Counters for one document; call :meth:`label` for every paragraph in document order
    (also for empty ones: Word counts an empty numbered paragraph)."""

    def __init__(self, document):
        self._levels: dict[str, dict[int, _Level]] = {}  # numId -> ilvl -> level
        self._counter_key: dict[str, str] = {}  # numId -> whose counters it advances
        self._starts: dict[str, dict[int, int]] = {}  # numId -> ilvl -> startOverride
        self._counters: dict[str, dict[int, int]] = {}
        self._styles: dict[str, tuple[str | None, int | None, str | None]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            numbering = None
        if numbering is not None:
            self._read(numbering)
        self._read_styles(document)

    def _read(self, numbering) -> None:
        abstract = {}
        for element in numbering.findall(qn("w:abstractNum")):
            levels = {_int(l.get(qn("w:ilvl")), 0): _level(l) for l in element.findall(qn("w:lvl"))}
            abstract[element.get(qn("w:abstractNumId"))] = levels
        for num in numbering.findall(qn("w:num")):
            num_id = num.get(qn("w:numId"))
            abstract_id = _val(num, "w:abstractNumId")
            levels = dict(abstract.get(abstract_id, {}))
            starts = {}
            for override in num.findall(qn("w:lvlOverride")):
                ilvl = _int(override.get(qn("w:ilvl")), 0)
                start = _val(override, "w:startOverride")
                if start is not None:
                    starts[ilvl] = _int(start, 1)
                lvl = override.find(qn("w:lvl"))
                if lvl is not None:
                    levels[ilvl] = _level(lvl)
            self._levels[num_id] = levels
            self._starts[num_id] = starts
            # Lists sharing a definition continue one another's numbering in Word, unless
            # one restarts it (a startOverride).
            self._counter_key[num_id] = f"num:{num_id}" if starts else f"abstract:{abstract_id}"

    def _read_styles(self, document) -> None:
        try:
            styles = document.styles.element
        except (KeyError, AttributeError):
            return
        for style in styles.findall(qn("w:style")):
            ppr = style.find(qn("w:pPr"))
            num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
            based_on = _val(style, "w:basedOn")
            num_id = _val(num_pr, "w:numId") if num_pr is not None else None
            ilvl = _val(num_pr, "w:ilvl") if num_pr is not None else None
            self._styles[style.get(qn("w:styleId"))] = (num_id, None if ilvl is None else _int(ilvl, 0), based_on)

    def _numbering_of(self, paragraph) -> tuple[str | None, int]:
        ppr = paragraph._p.pPr
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        num_id = _val(num_pr, "w:numId") if num_pr is not None else None
        ilvl = _val(num_pr, "w:ilvl") if num_pr is not None else None
        style_id = _val(ppr, "w:pStyle") if ppr is not None else None
        seen = set()
        while (num_id is None or ilvl is None) and style_id and style_id not in seen:
            seen.add(style_id)
            style_num, style_ilvl, style_id = self._styles.get(style_id, (None, None, None))
            num_id = num_id if num_id is not None else style_num
            ilvl = ilvl if ilvl is not None else (None if style_ilvl is None else str(style_ilvl))
        return num_id, _int(ilvl, 0)

    def label(self, paragraph) -> str:
        """The number Word shows before ``paragraph`` followed by its separator
        ("第一条 ", "5.2 ", "（三）"), or '' when it has none."""
        num_id, ilvl = self._numbering_of(paragraph)
        levels = self._levels.get(num_id or "")
        if not levels or ilvl not in levels:
            return ""
        level = levels[ilvl]
        starts = self._starts.get(num_id, {})
        counters = self._counters.setdefault(self._counter_key[num_id], {})
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else starts.get(ilvl, level.start)
        for deeper in [k for k in counters if k > ilvl]:
            restart = levels.get(deeper, _Level()).restart
            if restart is None or (restart > 0 and restart - 1 >= ilvl):
                del counters[deeper]
        if level.fmt in ("bullet", "none"):
            return ""
        text = level.text
        for k in range(ilvl, -1, -1):
            if f"%{k + 1}" not in text:
                continue
            shown = levels.get(k, _Level())
            value = counters.get(k, starts.get(k, shown.start))
            fmt = "decimal" if level.legal else shown.fmt
            text = text.replace(f"%{k + 1}", format_number(value, fmt))
        if not text:
            return ""
        return text if level.suffix == "nothing" or text.endswith(("、", "）", ")")) else text + " "
