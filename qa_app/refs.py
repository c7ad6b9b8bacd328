"""Exact references in a question: "38号公告第十二条", "条例第三十六条", "生产监督管理办法第45条",
"湖北指南1.1.9" -> the clause itself, looked up before any search.

Document names come from each document's front matter (title, cite_as, aliases), so a
new document is referable as soon as it is ingested.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.numerals import CN_NUMERAL, cn_to_int, int_to_cn
from ingest.records import Clause

_ARTICLE = re.compile(rf"^\s*第?\s*(?P<num>{CN_NUMERAL}|\d+)\s*条")
_ITEM = re.compile(rf"^\s*第?\s*[（(](?P<num>{CN_NUMERAL}|\d+)[）)]\s*(?:条|项)?")
_DECIMAL = re.compile(r"^\s*第?\s*(?P<num>\d+(?:\.\d+)+)")


@dataclass(frozen=True)
class Reference:
    doc_id: str
    label: str  # as asked: 第八条, （八）, 1.1.5
    clauses: tuple[Clause, ...]  # empty when the document has no such article

    @property
    def found(self) -> bool:
        return bool(self.clauses)


class ReferenceResolver:
    def __init__(self, documents: dict[str, dict], clauses: dict[str, Clause]):
        self._by_doc: dict[str, list[Clause]] = {}
        for clause in clauses.values():
            if clause.normative:
                self._by_doc.setdefault(clause.doc_id, []).append(clause)
        names: set[tuple[str, str]] = set()
        for doc_id, meta in documents.items():
            for name in [meta.get("title"), meta.get("cite_as"), *(meta.get("aliases") or [])]:
                name = str(name or "").strip("《》 ")
                if len(name) >= 2:
                    names.add((name, doc_id))
        # Longest names first (医疗器械生产质量管理规范 before 生产质量管理规范); where two documents
        # share a name (GMP 2014 and 2025), the one in force first.
        superseded = {d for d, m in documents.items() if m.get("status") == "superseded"}
        self._names = sorted(names, key=lambda n: (-len(n[0]), n[1] in superseded, n[1]))

    def documents(self, question: str) -> list[str]:
        """The documents a question names (按38号公告…, 湖北指南里…), longest name first; a shorter
        name inside a longer one already read does not count again."""
        text, taken, out = question.replace(" ", ""), [], []
        for name, doc_id in self._names:
            at = text.find(name)
            if at >= 0 and not any(a <= at < b for a, b in taken):
                taken.append((at, at + len(name)))
                if doc_id not in out:
                    out.append(doc_id)
        return out

    def find(self, question: str) -> Reference | None:
        """The first document-name + article/item/number reference in the question."""
        text = question.replace(" ", "")
        for name, doc_id in self._names:
            start = text.find(name)
            while start >= 0:
                rest = text[start + len(name):].lstrip("》的中里")
                ref = self._locate(doc_id, rest)
                if ref is not None:
                    return ref
                start = text.find(name, start + 1)
        return None

    def _locate(self, doc_id: str, rest: str) -> Reference | None:
        clauses = self._by_doc.get(doc_id, [])
        for pattern, kind in ((_DECIMAL, "decimal"), (_ITEM, "item"), (_ARTICLE, "article")):
            match = pattern.match(rest)
            if not match:
                continue
            raw = match.group("num")
            if kind == "decimal":
                hits = [c for c in clauses if c.label == raw]
                return Reference(doc_id, raw, tuple(hits))
            number = cn_to_int(raw)
            articles = [c for c in clauses if c.kind == "article" and c.number == number]
            if articles:
                return Reference(doc_id, f"第{int_to_cn(number)}条", tuple(articles))
            # Notices number their items （一）（二）… and people cite them as 第八条 too.
            item = f"（{int_to_cn(number)}）"
            items = [c for c in clauses if c.label in (item, f"({int_to_cn(number)})")]
            has_articles = any(c.kind == "article" for c in clauses)
            if items and (kind == "item" or not has_articles):
                return Reference(doc_id, item, tuple(items))
            return Reference(doc_id, match.group(0).strip(), ())
        return None
