"""Reading a document the way its authors laid it out, and following its references.

- :func:`document_tree`: a document's clauses as a tree of its headings (章/节 in rules,
  一、/（一）/1.1 in notices and guides), each clause a leaf in reading order.
- :func:`search_document`: the clauses of one document that contain every word asked for.
- :func:`resolve_reference` and :func:`link_references`: cross-references in the text
  (本办法第十三条, 依照条例第八十六条, 《医疗器械监督管理条例》第八十六条, 第十八条、第二十三条)
  resolved to clause ids, so the browser can link them and the answer engine can follow them.

Document names are taken from the documents' own front matter (title, cite_as, aliases)
and from the abbreviations a text defines (（以下简称《质量协议》）), so a newly added
document is referable without a code change.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field

from ingest.numerals import CN_NUMERAL, cn_to_int
from ingest.records import Clause

# 本办法 / 本条例 / 本规定 ...: the document the reference stands in.
_SELF = re.compile(r"本(?:条例|办法|规定|规范|规则|细则|公告|通告|意见|指南|通知|决定|目录|要点|标准)$")
# An article reference, with the 款/项 it may narrow to (the link goes to the article).
_ARTICLE = re.compile(rf"第(?P<num>{CN_NUMERAL})条(?:第{CN_NUMERAL}款)?(?:第{CN_NUMERAL}项)?")
# 第十八条、第二十三条和第二十七条: later articles of one list share the first one's document.
_CHAIN = re.compile(r"^(?:、|，|和|及|以及|或者|或|至|到)$")
_ABBREVIATION = re.compile(r"《(?P<full>[^》]{2,60})》[（(]以下简称[“\"《]?(?P<short>[^）)”\"》]{1,20})[”\"》]?[）)]")
_STATUS_RANK = {"in_force": 0, "reference": 1, "superseded": 2}


# -- the document tree -------------------------------------------------------------------


@dataclass
class TreeNode:
    """A heading with what sits under it, or a clause (a leaf).

    ``clause_ids`` is the text shown at this node: a leaf's clause (all pieces of an article
    split for length), or the clause a heading line opens with its own body text.
    """

    title: str  # a heading line, or a clause's first line (60 characters at most)
    heading: bool
    clause_ids: list[str] = field(default_factory=list)
    children: list[TreeNode] = field(default_factory=list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def all_clause_ids(self) -> list[str]:
        return [c for node in self.walk() for c in node.clause_ids]

    def contains(self, clause_id: str) -> bool:
        return clause_id in self.all_clause_ids()


def document_tree(kb, doc_id: str) -> TreeNode:
    """The document as a tree: root -> headings (as deep as the text goes) -> clauses.

    Raises UnknownIdError for an unknown document.
    """
    meta = kb.documents.get(doc_id, {})
    root = TreeNode(str(meta.get("title") or doc_id), heading=True)
    for clause in sorted(kb.document_clauses(doc_id), key=lambda c: c.span):
        node = root
        for title in clause.path:
            node = _heading_child(node, title)
        last = node.children[-1] if node.children else None
        if last is not None and not last.heading and last.clause_ids and \
                _base_id(last.clause_ids[-1]) == _base_id(clause.id) and clause.part > 1:
            last.clause_ids.append(clause.id)  # the next piece of a long article
            continue
        node.children.append(TreeNode(_leaf_title(clause), heading=False, clause_ids=[clause.id]))
    return root


def _heading_child(node: TreeNode, title: str) -> TreeNode:
    # Paths usually keep 60 characters of a heading line, but not always (the path of a
    # 抄送/附件 line under an item keeps the whole line), so compare 60 characters.
    last = node.children[-1] if node.children else None
    if last is not None and last.heading and last.title[:60] == title[:60]:
        return last
    heading = TreeNode(title, heading=True)
    # A heading line with text of its own was emitted as a clause just before its children
    # (一、总体要求 + its paragraph); that clause becomes the heading's own text.
    if last is not None and not last.heading and last.title == title[:60]:
        node.children.pop()
        heading.clause_ids = last.clause_ids
    node.children.append(heading)
    return heading


def _leaf_title(clause: Clause) -> str:
    first_line = clause.text.split("\n", 1)[0].strip()
    return first_line[:60]


def _base_id(clause_id: str) -> str:
    return clause_id.split("~", 1)[0]


def search_document(kb, doc_id: str, query: str) -> list[str]:
    """Ids of the document's clauses containing every word of ``query`` (spaces separate
    words; Latin letters ignore case), in reading order."""
    words = [w.casefold() for w in query.split()]
    if not words:
        return []
    clauses = sorted(kb.document_clauses(doc_id), key=lambda c: c.span)
    return [c.id for c in clauses if all(w in c.text.casefold() for w in words)]


# -- cross-references --------------------------------------------------------------------


@dataclass(frozen=True)
class _References:
    """Lookups built once per knowledge base: document names and article numbers."""

    names: tuple[tuple[str, str], ...]  # (name, doc id), longest first
    articles: dict[tuple[str, int], str]  # (doc id, article number) -> first clause id
    abbreviations: dict[str, dict[str, str]]  # doc id -> short name -> doc id

    @classmethod
    def build(cls, kb) -> _References:
        ranked = sorted(kb.documents.items(),
                        key=lambda d: _STATUS_RANK.get(str(d[1].get("status") or "in_force"), 1))
        names: dict[str, str] = {}
        for doc_id, meta in ranked:
            for name in (meta.get("title"), meta.get("cite_as"), *(meta.get("aliases") or ())):
                name = str(name or "").strip().strip("《》").strip()
                # Where two documents share a name (the 2014 and 2025 GMP), the one in force wins.
                if len(name) >= 2 and name not in names:
                    names[name] = doc_id
        articles: dict[tuple[str, int], str] = {}
        texts: dict[str, list[str]] = {}
        for clause in sorted(kb.clauses.values(), key=lambda c: (c.doc_id, c.span)):
            if clause.kind == "article" and clause.number is not None:
                articles.setdefault((clause.doc_id, clause.number), clause.id)
            texts.setdefault(clause.doc_id, []).append(clause.text)
        abbreviations: dict[str, dict[str, str]] = {}
        for doc_id, parts in texts.items():
            for match in _ABBREVIATION.finditer("\n".join(parts)):
                target = names.get(match.group("full"))
                if target:
                    abbreviations.setdefault(doc_id, {})[match.group("short")] = target
        ordered = tuple(sorted(names.items(), key=lambda n: -len(n[0])))
        return cls(ordered, articles, abbreviations)

    def document(self, doc_id: str, before: str) -> tuple[str | None, int]:
        """The document named right before an article number, and where its name starts.
        ``(None, len(before))`` when nothing names one; ``(None, start)`` for a name that
        is not in the corpus (《中华人民共和国药品管理法》)."""
        self_ref = _SELF.search(before)
        if self_ref:
            return doc_id, self_ref.start()
        if before.endswith("》"):
            start = before.rfind("《")
            if start < 0:
                return None, len(before)
            name = before[start + 1:-1]
            return self.abbreviations.get(doc_id, {}).get(name) or self._named(name), start
        for name, target in self.names:
            if before.endswith(name):
                return target, len(before) - len(name)
        return None, len(before)

    def _named(self, name: str) -> str | None:
        for known, target in self.names:
            if known == name:
                return target
        return None


_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _references(kb) -> _References:
    refs = _CACHE.get(kb)
    if refs is None:
        refs = _CACHE[kb] = _References.build(kb)
    return refs


def _scan(kb, doc_id: str, text: str) -> list[tuple[int, int, str | None]]:
    """Every article reference in ``text``: (start, end, target clause id or None)."""
    refs = _references(kb)
    found: list[tuple[int, int, str | None]] = []
    previous: tuple[int, str | None] | None = None  # (end, document) of the last reference
    for match in _ARTICLE.finditer(text):
        start = match.start()
        # 第三十四条 opening a line is the article's own heading, not a reference.
        if start == 0 or text[start - 1] == "\n" or text[:start].endswith(("\n ", "\n　")):
            previous = None
            continue
        before = text[:start]
        target_doc, name_start = refs.document(doc_id, before)
        if name_start == len(before):
            # No name: the next in a list (第十八条、第二十三条) shares the list's document;
            # otherwise a bare 第X条 in a rule means an article of the same rule.
            gap = text[previous[0]:start] if previous else ""
            target_doc = previous[1] if previous and _CHAIN.match(gap) else doc_id
        number = cn_to_int(match.group("num"))
        target = refs.articles.get((target_doc, number)) if target_doc else None
        found.append((name_start, match.end(), target))
        previous = (match.end(), target_doc)
    return found


def resolve_reference(kb, doc_id: str, text: str) -> str | None:
    """The clause a reference points to, read as it would be inside ``doc_id``:
    '本办法第十三条' -> that document's article 13, '依照条例第八十六条' or
    '《医疗器械监督管理条例》第八十六条' -> the regulation's article 86. None when the text
    names no article, or one of a document that is not in the corpus."""
    for _, _, target in _scan(kb, doc_id, text):
        return target
    return None


def link_references(kb, clause: Clause) -> list[tuple[tuple[int, int], str]]:
    """The cross-references in a clause's text that resolve: ((start, end) in clause.text,
    target clause id). The span covers the document name too (本办法第十三条)."""
    return [((start, end), target) for start, end, target in _scan(kb, clause.doc_id, clause.text)
            if target is not None]
