"""Chinese numerals as used in regulation numbering: 第三十四条 <-> 34, （十二） <-> 12."""

import re

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_DIGITS = "零一二三四五六七八九"

CN_NUMERAL = "[零〇一二两三四五六七八九十百千]+"
_CN_RE = re.compile(f"^{CN_NUMERAL}$")


def cn_to_int(text: str) -> int:
    """'三十四' -> 34, '十' -> 10, '一百零七' -> 107; ASCII digits pass through."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if not _CN_RE.match(text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    total, digit = 0, None
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        else:
            # A bare unit ('十' in '十二') means one of it.
            total += (1 if digit is None else digit) * _UNITS[char]
            digit = None
    return total + (digit or 0)


def int_to_cn(number: int) -> str:
    """34 -> '三十四', 10 -> '十', 107 -> '一百零七' (the forms used in article numbers)."""
    if number < 0 or number >= 10000:
        raise ValueError(f"out of range: {number}")
    if number < 10:
        return _CN_DIGITS[number]
    out, zero_pending = [], False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, number = divmod(number, value)
        if digit:
            if zero_pending:
                out.append("零")
            out.append(_CN_DIGITS[digit] + unit)
            zero_pending = False
        elif out:
            zero_pending = True
    text = "".join(out)
    # 10-19 are written 十, 十一 ... not 一十一.
    return text[1:] if text.startswith("一十") else text
