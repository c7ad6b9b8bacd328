"""The requirement library: what a 委托生产质量协议 must or should say, and which
shifts of responsibility are illegal, each with its legal basis.

The library is a human-reviewable YAML file (``requirements.yaml`` beside this module).
Loading it checks everything a reviewer could get wrong: missing fields, unknown
levels or severities, regular expressions that do not compile, and, above all, basis
clause ids that do not exist in the knowledge base. A library that cites nothing is
refused at load, never discovered in a report.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ingest.errors import RegkbError, os_reason

DEFAULT_LIBRARY = Path(__file__).parent / "requirements.yaml"

LEVELS = ("mandatory", "recommended")
SEVERITIES = ("error", "warning")
RULE_KINDS = ("shifted_duty", "reentrustment", "term_limit", "catalog", "required_clause")
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_CJK_GAP = re.compile(f"(?<=[{_CJK}]) +(?=[{_CJK}])")


class LibraryError(RegkbError):
    """The requirement library is malformed or cites a clause the knowledge base lacks."""


@dataclass(frozen=True)
class Element:
    """One thing a clause must say for a requirement to be covered (e.g. 保存期限)."""

    name: str
    pattern: re.Pattern
    weak: bool = False  # a supporting word (通知, 确认): found alone it proves nothing
    required: bool = True  # needed for "covered"; optional evidence only counts towards "partial"


@dataclass(frozen=True)
class Requirement:
    id: str
    title: str
    description: str
    mandatory: bool
    basis: tuple[str, ...]
    elements: tuple[Element, ...]
    terms: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    together: bool = False  # all elements in one clause
    anywhere: bool = False  # wording specific enough to count wherever it appears
    # What the agreement must state (the product, the parties, its term) rather than a duty it
    # gives a party: any wording counts. A duty counts only where a party is given it.
    statement: bool = False
    applies_to: str | None = None  # a feature name; None = every agreement
    suggestion: str = ""

    @property
    def query(self) -> str:
        """What the requirement is about, for the semantic and keyword rankings."""
        return f"{self.title}：{self.description}"


@dataclass(frozen=True)
class CatalogEntry:
    name: str
    pattern: re.Pattern
    unless: re.Pattern | None
    basis: tuple[str, ...]


@dataclass(frozen=True)
class Rule:
    """A prohibited term (a violation when found). ``kind`` names the detector in
    check.py; the patterns it needs are the optional fields."""

    id: str
    title: str
    description: str
    severity: str
    kind: str
    basis: tuple[str, ...]
    suggestion: str = ""
    topic: re.Pattern | None = None
    also: tuple[re.Pattern, ...] = ()
    also_detail: str = ""  # what an `also` match means, in Chinese
    shared_violates: bool = False
    exempt: re.Pattern | None = None
    prohibition: re.Pattern | None = None
    condition: re.Pattern | None = None
    max_years: int | None = None
    unlimited: re.Pattern | None = None
    not_bound: re.Pattern | None = None
    entries: tuple[CatalogEntry, ...] = ()
    applies_to: str | None = None
    pattern: re.Pattern | None = None
    requirement: str | None = None  # the requirement a violation of this rule keeps from being covered


@dataclass(frozen=True)
class Feature:
    """A property of the agreement that switches requirements on (an implant)."""

    name: str
    pattern: re.Pattern
    unless: re.Pattern | None = None


@dataclass(frozen=True)
class RequirementLibrary:
    requirements: tuple[Requirement, ...]
    rules: tuple[Rule, ...]
    features: dict[str, Feature] = field(default_factory=dict)
    registrant_aliases: tuple[str, ...] = ()
    manufacturer_aliases: tuple[str, ...] = ()
    source: str = ""

    def basis_ids(self) -> set[str]:
        ids = {b for r in self.requirements for b in r.basis}
        ids |= {b for r in self.rules for b in r.basis}
        ids |= {b for r in self.rules for e in r.entries for b in e.basis}
        return ids

    def requirement(self, requirement_id: str) -> Requirement:
        for requirement in self.requirements:
            if requirement.id == requirement_id:
                return requirement
        raise KeyError(requirement_id)


def load_library(clause_ids: Container[str], path: str | Path = DEFAULT_LIBRARY) -> RequirementLibrary:
    """Load and validate the library; every basis id must be in ``clause_ids``
    (normally ``KnowledgeBase.clauses``)."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LibraryError(f"无法读取审查要求库 {path}：{os_reason(exc)}。请检查文件是否存在、是否可读。") from None
    except yaml.YAMLError as exc:
        raise LibraryError(f"审查要求库 {path} 不是有效的 YAML，请按下面的位置改正：{exc}") from None
    library = parse_library(data, source=str(path))
    unknown = sorted(b for b in library.basis_ids() if b not in clause_ids)
    if unknown:
        raise LibraryError(
            f"审查要求库 {path} 引用了知识库中没有的条款编号：{'、'.join(unknown)}。"
            "请改正编号（`regkb search` 可查到实际编号）；若语料有变动，请先运行 `regkb ingest`。"
        )
    return library


def parse_library(data: Any, source: str = "<library>") -> RequirementLibrary:
    """Build the library from parsed YAML, checking its shape (not the basis ids)."""
    where = _Where(source)
    if not isinstance(data, dict):
        where.fail("the file must be a mapping with `requirements` and `rules`")
    aliases = data.get("party_aliases") or {}
    features = {name: _feature(name, spec, where) for name, spec in (data.get("features") or {}).items()}
    requirements = tuple(_requirement(item, where) for item in _list(data, "requirements", where))
    rules = tuple(_rule(item, where) for item in _list(data, "rules", where))
    _unique([r.id for r in requirements] + [r.id for r in rules], where)
    for item in (*requirements, *rules):
        if item.applies_to and item.applies_to not in features:
            where.fail(f"{item.id}: applies_to names an unknown feature {item.applies_to!r}")
    for rule in rules:
        if rule.requirement and rule.requirement not in {r.id for r in requirements}:
            where.fail(f"{rule.id}: `requirement` names an unknown requirement {rule.requirement!r}")
    return RequirementLibrary(
        requirements=requirements,
        rules=rules,
        features=features,
        registrant_aliases=tuple(str(a) for a in aliases.get("registrant", ())),
        manufacturer_aliases=tuple(str(a) for a in aliases.get("manufacturer", ())),
        source=source,
    )


class _Where:
    def __init__(self, source: str):
        self.source = source

    def fail(self, message: str):
        # ``message`` names the YAML key at fault (`level`, `hints.elements` ...), for whoever edits the file.
        raise LibraryError(f"审查要求库 {self.source} 有误，请改正：{message}。")


def _list(data: dict, key: str, where: _Where) -> list:
    value = data.get(key)
    if not isinstance(value, list) or not value:
        where.fail(f"`{key}` must be a non-empty list")
    return value


def _text(item: dict, key: str, where: _Where, *, required: bool = True) -> str:
    value = item.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        where.fail(f"{item.get('id', '?')}: `{key}` must be a non-empty text")
    if key not in ("description", "suggestion"):
        return value.strip()
    # YAML folds line breaks into spaces, which Chinese text does not have.
    return _CJK_GAP.sub("", " ".join(value.split()))


def _regex(owner: str, key: str, value: Any, where: _Where) -> re.Pattern:
    if not isinstance(value, str) or not value:
        where.fail(f"{owner}: `{key}` must be a regular expression (text)")
    try:
        return re.compile(value)
    except re.error as exc:
        where.fail(f"{owner}: `{key}` is not a valid regular expression ({exc})")


def _optional_regex(owner: str, item: dict, key: str, where: _Where) -> re.Pattern | None:
    return _regex(owner, key, item[key], where) if item.get(key) is not None else None


def _basis(owner: str, value: Any, where: _Where) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(b, str) and ":" in b for b in value):
        where.fail(f"{owner}: `basis` must be a non-empty list of clause ids such as "
                   "'samr-order-53-production-supervision:art34'")
    return tuple(value)


def _unique(ids: list[str], where: _Where) -> None:
    seen = set()
    for item_id in ids:
        if item_id in seen:
            where.fail(f"the id {item_id!r} is used twice")
        seen.add(item_id)


def _feature(name: str, spec: Any, where: _Where) -> Feature:
    if not isinstance(spec, dict):
        where.fail(f"feature {name}: must be a mapping with `pattern`")
    return Feature(name, _regex(f"feature {name}", "pattern", spec.get("pattern"), where),
                   _optional_regex(f"feature {name}", spec, "unless", where))


def _requirement(item: Any, where: _Where) -> Requirement:
    if not isinstance(item, dict):
        where.fail("every requirement must be a mapping")
    rid = _text(item, "id", where)
    level = item.get("level")
    if level not in LEVELS:
        where.fail(f"{rid}: `level` must be one of {', '.join(LEVELS)}, not {level!r}")
    hints = item.get("hints") or {}
    elements = hints.get("elements")
    if not isinstance(elements, list) or not elements:
        where.fail(f"{rid}: `hints.elements` must list at least one element")
    parsed = []
    for element in elements:
        if not isinstance(element, dict) or not element.get("name"):
            where.fail(f"{rid}: every element needs a `name` and an `any` pattern")
        parsed.append(Element(str(element["name"]),
                              _regex(rid, f"elements[{element['name']}].any", element.get("any"), where),
                              weak=bool(element.get("weak", False)),
                              required=bool(element.get("required", True))))
    if not any(e.required for e in parsed) or all(e.weak for e in parsed):
        where.fail(f"{rid}: needs at least one required element that is not weak")
    return Requirement(
        id=rid,
        title=_text(item, "title", where),
        description=_text(item, "description", where),
        mandatory=level == "mandatory",
        basis=_basis(rid, item.get("basis"), where),
        elements=tuple(parsed),
        terms=tuple(str(t) for t in hints.get("terms") or ()),
        examples=tuple(str(e) for e in hints.get("examples") or ()),
        together=bool(hints.get("together", False)),
        anywhere=bool(hints.get("anywhere", False)),
        statement=bool(hints.get("statement", False)),
        applies_to=item.get("applies_to"),
        suggestion=_text(item, "suggestion", where),
    )


def _rule(item: Any, where: _Where) -> Rule:
    if not isinstance(item, dict):
        where.fail("every rule must be a mapping")
    rid = _text(item, "id", where)
    severity, kind = item.get("severity"), item.get("kind")
    if severity not in SEVERITIES:
        where.fail(f"{rid}: `severity` must be one of {', '.join(SEVERITIES)}, not {severity!r}")
    if kind not in RULE_KINDS:
        where.fail(f"{rid}: `kind` must be one of {', '.join(RULE_KINDS)}, not {kind!r}")
    needs = {"shifted_duty": ("topic",), "reentrustment": ("topic", "prohibition"),
             "term_limit": ("max_years",), "catalog": ("entries",), "required_clause": ("pattern", "applies_to")}
    for key in needs[kind]:
        if item.get(key) in (None, "", []):
            where.fail(f"{rid}: a {kind} rule needs `{key}`")
    entries = tuple(
        CatalogEntry(
            name=str(entry.get("name") or "?"),
            pattern=_regex(rid, f"entries[{entry.get('name')}].pattern", entry.get("pattern"), where),
            unless=_optional_regex(rid, entry, "unless", where),
            basis=_basis(f"{rid}/{entry.get('name')}", entry.get("basis"), where),
        )
        for entry in item.get("entries") or ()
    )
    max_years = item.get("max_years")
    if max_years is not None and (not isinstance(max_years, int) or max_years < 1):
        where.fail(f"{rid}: `max_years` must be a positive whole number")
    return Rule(
        id=rid,
        title=_text(item, "title", where),
        description=_text(item, "description", where),
        severity=severity,
        kind=kind,
        basis=_basis(rid, item.get("basis"), where),
        suggestion=_text(item, "suggestion", where),
        topic=_optional_regex(rid, item, "topic", where),
        also=tuple(_regex(rid, "also", p, where) for p in item.get("also") or ()),
        also_detail=_text(item, "also_detail", where, required=False),
        shared_violates=bool(item.get("shared_violates", False)),
        exempt=_optional_regex(rid, item, "exempt", where),
        prohibition=_optional_regex(rid, item, "prohibition", where),
        condition=_optional_regex(rid, item, "condition", where),
        max_years=max_years,
        unlimited=_optional_regex(rid, item, "unlimited", where),
        not_bound=_optional_regex(rid, item, "not_bound", where),
        entries=entries,
        applies_to=item.get("applies_to"),
        pattern=_optional_regex(rid, item, "pattern", where),
        requirement=item.get("requirement"),
    )
