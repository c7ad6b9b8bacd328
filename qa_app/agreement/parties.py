"""Who the agreement's parties are, in the agreement's own words.

An agreement names its parties its own way: 甲方/乙方, 委托方/受托方, 品牌方/代工厂, the
companies' full names and the short names it defines (上海沐辰医疗科技有限公司（以下简称
“沐辰公司”）). :func:`read_parties` reads those definitions and maps every name to the
registrant (委托方, 注册人) or the contract manufacturer (受托方, 受托生产企业), so that
"瑞泰公司负责上市放行" is read as the manufacturer releasing to market. A reviewer can
correct the reading (:meth:`PartyMap.corrected`) where the agreement leaves it open.

Only definitions count: a company mentioned in passing (委托物流公司运输) is no party.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from qa_app.agreement.document import numbering_of

REGISTRANT, MANUFACTURER = "委托方", "受托方"
ROLE_LABELS = {REGISTRANT: "委托方（注册人）", MANUFACTURER: "受托方（受托生产企业）"}
NOT_A_PARTY = "不是协议当事方"
POSITIONAL = ("甲方", "乙方")

# Where definitions stand: the lines before the first article or outline number, and any
# line that defines a short name.
_HEAD_LINES = 40
# 以下简称 / 以下称 / 下称 / 简称 / 统称, not 本协议所称 (a term's definition).
_NAMING = r"(?:(?:以下|下文|下)(?:简|统)?称|简称|统称)(?:为)?[：:]?\s*"
_DEFINES = re.compile(_NAMING + r"[“\"「『‘]")
_QUOTED_AFTER = re.compile(_NAMING + r"((?:[“\"「『‘][^”\"」』’]{1,16}[”\"」』’]\s*(?:或|、|和|及|，|,)?\s*)+)")
_QUOTED = re.compile(r"[“\"「『‘]([^”\"」』’]{1,16})[”\"」』’]")
# 以下简称康宁公司）: a short name without quotes, up to the bracket or comma that ends it.
_UNQUOTED_AFTER = re.compile(_NAMING + r"([^\s“\"「『‘，,。；;：:）)]{1,12})(?=[）)，,。；;]|$)")
# 北京康宁医疗科技有限公司（“康宁”）: a short name in brackets right after the name.
_BARE_QUOTED = re.compile(r"\s*[（(]\s*[“\"「『‘]([^”\"」』’]{1,16})[”\"」』’]\s*[）)]")
_BRACKETED = re.compile(r"[（(]([^（()）]{0,40})[）)]")
# 甲　　方：/ 委 托 方： spaced out to line up the colons.
_SPACED_LABEL = re.compile(r"^\s*[\u4e00-\u9fff](?:[ \t\u3000]+[\u4e00-\u9fff]){1,5}(?=\s*[：:（(|])")
_FIELD = re.compile(r"^(名称|单位名称|公司名称|企业名称|全称)\s*[：:]")
_NAME_ENDS = ("公司", "厂", "集团", "）", ")", "”", "\"", "」")
_TITLE = re.compile(r"^\s*【[^】]{1,15}】")
# The words that may stand around a role stated on its own (系本产品的医疗器械注册人).
_ROLE_ALONE = re.compile(r"(系|为|是|作为|即)?(本(协议)?产品的?)?(医疗器械)?#")
# 立约双方：… / 签约方：…, a label other than a party's before the company.
_OTHER_LABEL = re.compile(r"^[^：:，,。（(]{1,8}[：:]\s*")
_LABELLED = re.compile(r"^[^：:，,。；;|]{1,14}[：:|]")
# A company's registered name: it ends the way registered names end (物流公司 alone is not one).
_COMPANY = re.compile(r"[\u4e00-\u9fffA-Za-z0-9·（）()]{2,40}?(有限责任公司|股份有限公司|有限公司|集团公司|集团|总厂|工厂|厂)"
                      r"(?![\u4e00-\u9fff]{0,2}(有限|公司))")
_LEAD = re.compile(r"^(本协议|本合同)?(由|经|系|即|是)?")
# Separators between two parties' definitions in one sentence, outside parentheses.
_OPEN, _CLOSE = "（(", "）)"
_TERM = re.compile(r"是指|系指|指的是")
_STATED = re.compile(r"(为|系|是|作为|即)[^，。；]{0,12}$")


@dataclass(frozen=True)
class Party:
    role: str  # REGISTRANT or MANUFACTURER
    names: tuple[str, ...]  # 甲方, 沐辰公司, 上海沐辰医疗科技有限公司
    ambiguous: bool = False  # the role is assumed (甲方 as the registrant by custom), not stated

    def describe(self) -> str:
        """甲方 = 沐辰公司 = 委托方（注册人）"""
        names = [n for n in self.names if n != self.role]
        return " = ".join((*names, ROLE_LABELS[self.role]))

    def to_dict(self) -> dict:
        return {"names": list(self.names), "role": self.role, "role_label": ROLE_LABELS[self.role],
                "ambiguous": self.ambiguous, "shown": self.describe()}


@dataclass(frozen=True)
class PartyMap:
    parties: tuple[Party, ...] = ()

    def roles(self) -> dict[str, str]:
        """Every defined name -> its role."""
        return {name: party.role for party in self.parties for name in party.names}

    @property
    def ambiguous(self) -> bool:
        return any(p.ambiguous for p in self.parties)

    def corrected(self, roles: Mapping[str, str]) -> PartyMap:
        """The map after a reviewer's corrections: ``roles`` gives a name's role
        (REGISTRANT, MANUFACTURER or NOT_A_PARTY); a corrected party is no longer ambiguous."""
        if not roles:
            return self
        names: dict[str, list[str]] = {REGISTRANT: [], MANUFACTURER: []}
        assumed = {REGISTRANT: False, MANUFACTURER: False}
        for party in self.parties:
            for name in party.names:
                role = roles.get(name, party.role)
                if role in names and name not in names[role]:
                    names[role].append(name)
                    assumed[role] |= party.ambiguous and name not in roles
        for name, role in roles.items():
            if role in names and name not in names[role]:
                names[role].append(name)
        return PartyMap(tuple(Party(role, tuple(_ordered(n)), assumed[role]) for role, n in names.items() if n))


def read_parties(text: str, registrant_words: Iterable[str], manufacturer_words: Iterable[str]) -> PartyMap:
    """The parties as the agreement defines them (see the module docstring)."""
    words = {w: REGISTRANT for w in registrant_words if w not in POSITIONAL}
    words.update({w: MANUFACTURER for w in manufacturer_words if w not in POSITIONAL})
    alternatives = "|".join(re.escape(w) for w in sorted((*words, *POSITIONAL), key=len, reverse=True))
    role_word = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    # The label of a definition line: 甲方 / 委托方（甲方） / 乙方（受托方） before the colon.
    label = re.compile(rf"^\s*({alternatives})\s*([（(][^）)]{{0,20}}[）)])?\s*$")
    found: list[tuple[str | None, list[str]]] = []  # (stated role, names)
    pending = ""  # a label standing alone (委托方（注册人）) waiting for the 名称：line under it
    for number, line in enumerate(_definition_lines(text, label)):
        if number >= _HEAD_LINES and not _DEFINES.search(line):
            continue
        first = len(found)
        # 第三条 受托方：某某有限公司 / 1. 甲方：… : a definition may be a numbered article.
        numbered = numbering_of(line.strip())
        if numbered:
            line = line.strip()[len(numbered[1]):]
        line = _TITLE.sub("", line)  # 第一条【协议双方】委托方：…
        line = _unspaced(line)
        if "|" in line:  # a table row: 委托方 | 某某有限公司
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) >= 2 and label.match(cells[0]):
                line = f"{cells[0]}：{'，'.join(c for c in cells[1:] if c)}"
        if pending and _FIELD.match(line.strip()):
            line = pending + "：" + _FIELD.sub("", line.strip())
        pending = line.strip() if label.match(line.strip()) else ""
        for unit in _units(line):
            definition = _definition(unit, label, role_word, words)
            if definition is None:
                continue
            role, names = definition
            if names and role is None and len(found) > first and not _COMPANY.search(re.split(_NAMING, unit)[0]) \
                    and not any(n in POSITIONAL for n in names):
                # 甲方：某某有限公司，以下简称“康宁”: the short name in the next part of the line.
                found[-1] = (found[-1][0], found[-1][1] + names)
            elif names:
                found.append(definition)
            elif role and len(found) > first and found[-1][0] is None:
                # 甲方：某某有限公司，系医疗器械注册人: the role is stated after the name.
                found[-1] = (role, found[-1][1])
    return _merge(found)


def _definition_lines(text: str, label: re.Pattern) -> list[str]:
    """The text's lines, a definition broken by the page layout joined again
    (委托方：北京康宁医疗科技有限公 / 司（以下简称…）)."""
    out: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if out and line and _continues(out[-1], line, label):
            out[-1] += line
        else:
            out.append(line)
    return out


def _continues(previous: str, line: str, label: re.Pattern) -> bool:
    """``line`` opens no label, number or field, and the line before it left a bracket open
    or is a definition (甲方：…) that did not end its sentence."""
    if _LABELLED.match(line) or numbering_of(line):
        return False
    if previous.count("（") > previous.count("）"):
        return True
    head = re.match(r"([^：:]*)[：:]", _unspaced(previous))
    return bool(head and label.match(head.group(1))) and not previous.endswith(tuple("。；;！？）)"))


def _unspaced(line: str) -> str:
    """甲　　方：/ 委 托 方： as 甲方：/ 委托方："""
    return _SPACED_LABEL.sub(lambda m: re.sub(r"\s+", "", m.group(0)), line)


def _units(line: str) -> list[str]:
    """A line cut where one party's definition ends and the next begins: at ，；。 and
    at 与/和 between a company (or its bracketed short name) and the next company, never
    inside parentheses or a name (昆山佳和精密医疗器械有限公司)."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(line):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and (ch in "，,；;。" or (ch in "与和" and _COMPANY.match(line, i + 1)
                                                 and line[start:i].rstrip().endswith(_NAME_ENDS))):
            out.append(line[start:i])
            start = i + 1
    out.append(line[start:])
    return [u.strip() for u in out if u.strip()]


def _definition(unit: str, label_pattern: re.Pattern, role_word: re.Pattern,
                words: dict[str, str]) -> tuple[str | None, list[str]] | None:
    """(stated role or None, names) of one party's definition; names may be empty when
    the unit only states a role (系医疗器械注册人)."""
    label, colon, value = unit.partition("：") if "：" in unit else unit.partition(":")
    if not colon or not label_pattern.match(label):
        label, value = "", unit
    if not label and _TERM.search(value):
        return None  # “生产放行”是指代工厂…: a term's definition names a party, it does not define one
    names: list[str] = []
    roles: set[str] = set()
    quoted = [q for m in _QUOTED_AFTER.finditer(unit) for q in _QUOTED.findall(m.group(1))]
    quoted += [m.group(1) for m in _UNQUOTED_AFTER.finditer(unit) if m.group(1) not in quoted]
    labelled = bool(label)
    # 委托方为… / 委托人简称“安诺”: a role stated before its name.
    stated = [m for m in role_word.finditer(value)
              if _STATED.search(value[:m.start()]) or re.match(_NAMING, value[m.end():])]
    # 北京康宁医疗科技有限公司（注册人，以下简称“康宁”）: the role in the brackets that name it.
    bracketed = [m for b in _BRACKETED.finditer(value) if re.search(_NAMING, b.group(1))
                 or role_word.fullmatch(b.group(1).strip()) for m in role_word.finditer(b.group(1))]
    if not (labelled or quoted or stated or bracketed):
        # …（以下简称“恒途医疗”），医疗器械注册人，住所：…: a part that only states the role.
        alone = role_word.search(value)
        if alone and _ROLE_ALONE.fullmatch(value[:alone.start()] + "#" + value[alone.end():]):
            return words[alone.group(0)], []
        return None
    for where in (label, *quoted):
        names += [p for p in POSITIONAL if p in where]
        roles |= {words[m.group(0)] for m in role_word.finditer(where)}
    roles |= {words[m.group(0)] for m in (*stated, *bracketed)}
    plain = _LEAD.sub("", _OTHER_LABEL.sub("", _strip_label(value).strip()))
    company = _COMPANY.match(plain) if not re.match(_NAMING, plain) else None  # 简称精达厂 is a short name
    if company:
        names.append(company.group(0))
        bare = _BARE_QUOTED.match(plain, company.end())
        if bare:
            quoted.append(bare.group(1))
    names += [q for q in quoted if q not in words and q not in names]
    if len(roles) > 1 or len(set(names) & set(POSITIONAL)) > 1:
        return None
    return (roles.pop() if roles else None), names


def _strip_label(value: str) -> str:
    """'（甲方）上海某某有限公司' -> '上海某某有限公司'"""
    return re.sub(r"^[（(][^）)]{0,12}[）)]", "", value.strip())


def _merge(found: list[tuple[str | None, list[str]]]) -> PartyMap:
    groups: list[tuple[set[str], list[str]]] = []  # (stated roles, names in order)
    for role, names in found:
        group = next((g for g in groups if set(g[1]) & set(names)), None)
        if group is None:
            group = (set(), [])
            groups.append(group)
        if role:
            group[0].add(role)
        group[1].extend(n for n in names if n not in group[1])
    parties: dict[str, Party] = {}
    for roles, names in groups:
        if len(roles) > 1:
            continue
        if roles:
            role, ambiguous = roles.pop(), False
        elif "甲方" in names or "乙方" in names:
            # By custom 甲方 is the one who entrusts the work.
            role, ambiguous = (REGISTRANT if "甲方" in names else MANUFACTURER), True
        else:
            continue
        if role in parties:
            previous = parties[role]
            if previous.ambiguous and not ambiguous:
                parties[role] = Party(role, tuple(_ordered([*names, *previous.names])), False)
            else:
                parties[role] = Party(role, tuple(_ordered([*previous.names, *names])), previous.ambiguous)
        else:
            parties[role] = Party(role, tuple(_ordered(names)), ambiguous)
    # A name claimed by both sides (甲方 assumed the registrant, then defined as 受托方) keeps
    # the stated reading.
    if len(parties) == 2:
        reg, man = parties[REGISTRANT], parties[MANUFACTURER]
        both = set(reg.names) & set(man.names)
        if both:
            loser = REGISTRANT if reg.ambiguous and not man.ambiguous else MANUFACTURER
            kept = parties[loser]
            parties[loser] = Party(loser, tuple(n for n in kept.names if n not in both), kept.ambiguous)
            if not parties[loser].names:
                del parties[loser]
    return PartyMap(tuple(parties[r] for r in (REGISTRANT, MANUFACTURER) if r in parties))


def _ordered(names: list[str]) -> list[str]:
    """甲方 first, then short names, then full company names."""
    return sorted(dict.fromkeys(names), key=lambda n: (n not in POSITIONAL, bool(_COMPANY.fullmatch(n)) and len(n) > 6))
