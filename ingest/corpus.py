"""Reading corpus files: YAML front matter + markdown body -> Document."""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from ingest.errors import InputError, os_reason
from ingest.readers import MAX_BYTES, read_path
from ingest.records import Document

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
MAX_ID = 100
MAX_ID_BYTES = 255  # a file name (<id>.md) longer than this is refused by every common file system
_ID = re.compile(r"[a-z0-9][a-z0-9._-]*")  # whole ids only (fullmatch: "$" would let a final newline in)
# Fields read as one value each (titles, citations, filters); see corpus/README.md.
_SINGLE_VALUED = ("id", "title", "cite_as", "doc_number", "issuer", "level", "region", "status", "kind",
                  "superseded_by")
# YAML aliases (&a / *a) let a few lines stand for billions of values, which the index
# would expand when it stores the metadata; real front matter has a few dozen.
_MAX_META_VALUES = 10_000


def parse_document(source: str, *, fallback_id: str, name: str = "") -> Document:
    """Split front matter from the body; the body keeps its offsets in ``source``."""
    meta: dict = {}
    body_start = 0
    match = _FRONT_MATTER.match(source)
    if match:
        try:
            meta = yaml.safe_load(match.group(1)) or {}
        except yaml.YAMLError as exc:
            raise InputError(f"{name or fallback_id}: 开头的 front matter 不是合法的 YAML（{exc}）：请按 corpus/README.md "
                             "的格式改正后再试。") from exc
        if not isinstance(meta, dict):
            raise InputError(f"{name or fallback_id}: 开头的 front matter 必须是“字段: 值”形式的 YAML 映射：请按 "
                             "corpus/README.md 的格式改正后再试。")
        _check_meta(meta, name or fallback_id)
        body_start = match.end()
    doc_id = str(meta.get("id") or fallback_id)
    size = len(doc_id.encode("utf-8", "surrogatepass"))
    if len(doc_id) > MAX_ID or size > MAX_ID_BYTES:
        # It names a file (<id>.md) and every clause id: beyond this, file systems refuse it.
        raise InputError(f"{name or doc_id[:40]}: 文档编号长 {len(doc_id)} 个字符（{size} 字节），最多 {MAX_ID} 个"
                         "字符：请用 --id 指定一个短一些的编号，例如 --id hubei-2023-notice。")
    if not _ID.fullmatch(doc_id):
        raise InputError(f"{name or doc_id}: 文档编号 {doc_id!r} 只能由小写英文字母、数字和 - . _ 组成（不能有空格、"
                         "换行或汉字）：请用 --id 指定一个，例如 --id hubei-2023-notice。")
    meta["id"] = doc_id
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()
    return Document(id=doc_id, meta=meta, source=source, body_start=body_start, sha256=digest)


def _check_meta(meta: dict, name: str) -> None:
    """Refuse front matter that would break the index or the app later, with a message
    that says which field is wrong (the index stores it as JSON; titles, aliases and
    party terms are read as text)."""
    values, pending = 0, [meta]
    while pending:
        value = pending.pop()
        values += 1
        if values > _MAX_META_VALUES:
            raise InputError(f"{name}: front matter 过大（超过 {_MAX_META_VALUES} 个值，例如用 YAML 别名 &a/*a 展开）："
                             "请只写普通字段，不要用别名。")
        if isinstance(value, dict):
            key = next((k for k in value if not isinstance(k, str)), None)
            if key is not None:
                raise InputError(f"{name}: front matter 的字段名必须是文本：请给 '{key}' 加上引号。")
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    for field in _SINGLE_VALUED:
        if isinstance(meta.get(field), (dict, list)):
            raise InputError(f"{name}: front matter 字段 '{field}' 只能是单个值，不能是列表或映射：请只保留一个值。")
    aliases = meta.get("aliases")
    if aliases is not None and not (isinstance(aliases, list) and not any(isinstance(a, (dict, list)) for a in aliases)):
        raise InputError(f"{name}: 'aliases' 必须是名称的列表，例如 aliases: [38号公告, 2024年第38号公告]。")
    terms = meta.get("party_terms")
    if terms is not None and not (isinstance(terms, dict) and all(isinstance(v, str) for v in terms.values())):
        raise InputError(f"{name}: 'party_terms' 必须把词语对应到当事方名称，"
                         "例如 party_terms: {生产企业: 注册人/备案人}。")


def load_document(path: Path) -> Document:
    try:
        source = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: 语料文件必须是 UTF-8 编码（{exc.reason}）：请把它另存为 UTF-8 后再运行。") from exc
    except OSError as exc:
        raise InputError(f"无法读取语料文件 {path}（{os_reason(exc)}）：请检查它的权限，或把它移出语料目录。") from exc
    return parse_document(source, fallback_id=path.stem.lower(), name=str(path))


def corpus_files(*dirs: Path) -> Iterator[Path]:
    """The markdown documents under the given folders (README files excluded), sorted."""
    for folder in dirs:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.md")):
            if path.name.lower() != "readme.md":
                yield path


def load_corpus(corpus: Path, added: Path) -> list[tuple[Path, Document]]:
    """Every document of the shipped corpus folder and of REGKB_HOME/added/, each id once.

    Two files with one id would make one of them vanish from the index, so that is refused
    with the file to change (an added one, if one of the two was added).
    """
    docs: list[tuple[Path, Document]] = []
    seen: dict[str, Path] = {}
    for path in corpus_files(corpus, added):
        doc = load_document(path)
        if doc.id in seen:
            first = seen[doc.id]
            if path.parent == added and first.parent != added:
                raise InputError(
                    f"添加的文档 {path} 与随附法规 {first} 的文档编号都是 '{doc.id}'，两份文档不能同号。{path.name} 是早先"
                    f"用 `regkb add` 添加的：请删除它（或把其中 front matter 的 id 改成别的编号），然后运行 `regkb ingest`。")
            raise InputError(f"{first} 和 {path} 的文档编号都是 '{doc.id}'，两份文档不能同号：请改掉其中一份 front matter "
                             "的 id（或删除多余的一份），然后运行 `regkb ingest`。")
        seen[doc.id] = path
        docs.append((path, doc))
    return docs


def derive_id(name: str) -> str:
    """An ASCII document id from a file name: Chinese words become pinyin, word by word
    (质量 协议 v1 -> zhiliang-xieyi-v1), letters and digits stay, the rest is a hyphen; cut
    at a hyphen to MAX_ID. '' if nothing is left (then the user gives --id)."""
    from pypinyin import lazy_pinyin

    words = _segmenter().lcut(unicodedata.normalize("NFKC", name))
    text = " ".join("".join(lazy_pinyin(w)) for w in words)  # anything but Chinese stays as it is
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(slug) > MAX_ID:
        slug = slug[:MAX_ID + 1].rsplit("-", 1)[0] if "-" in slug[:MAX_ID + 1] else slug[:MAX_ID]
    return slug


@functools.cache
def _segmenter():
    """A plain jieba (no domain dictionary: file names are split into everyday words)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba.Tokenizer()


def _refuse_links(path: Path) -> None:
    """An added file's text is shown to everyone who uses the knowledge base, so it must be
    the file named and no other: a path that resolves somewhere else, through a symbolic
    link as the file itself or as any folder on the way (``uploads/link/../x.md``), is
    refused. Devices, FIFOs and folders are refused by the reader."""
    for prefix in [*reversed(path.parents), path]:
        if prefix.is_symlink():
            what = "" if prefix == path else f"（“{path}”路径中的一级文件夹）"
            raise InputError(f"“{prefix}”{what}是指向“{os.path.realpath(prefix)}”的符号链接，为安全起见不读取："
                             "请直接给出真实文件的路径。")


@dataclass(frozen=True)
class Import:
    """A user's file converted to a corpus document, checked and ready to be written to
    ``target`` under REGKB_HOME/added/; ``replaces`` is the earlier added document it takes
    the place of (only with replace=True)."""

    doc: Document
    target: Path
    replaces: Document | None = None

    def write(self) -> Path:
        self.target.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(self.target, self.doc.source)
        return self.target

    def undo(self) -> None:
        """Take the written file back out, or put back the one it replaced."""
        if self.replaces is not None:
            _write_atomically(self.target, self.replaces.source)
        else:
            self.target.unlink(missing_ok=True)


def prepare_import(path: Path, added_dir: Path, *, corpus_dir: Path | None = None, doc_id: str | None = None,
                   title: str | None = None, replace: bool = False, max_bytes: int = MAX_BYTES) -> Import:
    """Read and convert a user's file (.md/.txt/.docx/.pdf) into a corpus document; nothing
    is written yet. A file that already has front matter keeps it; otherwise the id and title
    come from the arguments or the file name (Chinese in pinyin, see :func:`derive_id`).

    An id that a document of ``corpus_dir`` (the shipped corpus) has is refused; one that an
    earlier added document has is refused unless ``replace``: either way the message names
    that document, so that nothing disappears silently.
    """
    path = Path(path)
    _refuse_links(path)
    text = read_path(path, max_bytes=max_bytes, follow_symlinks=False).text
    slug = doc_id or derive_id(path.stem)
    if not slug:
        raise InputError(f"无法从文件名 {path.name!r} 得出文档编号：请用 --id 指定一个（小写英文字母、数字和 - . _，"
                         "例如 --id hubei-2023-notice）。")
    if _FRONT_MATTER.match(text):
        doc = parse_document(text, fallback_id=slug, name=str(path))
    else:
        first = next((line.strip("# \t") for line in text.splitlines() if line.strip()), path.stem)
        meta = {"id": slug, "title": title or first[:80], "status": "in_force", "source": f"added from {path.name}"}
        body = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + text.rstrip("\n") + "\n"
        doc = parse_document(body, fallback_id=slug, name=str(path))
    existing = load_corpus(corpus_dir, added_dir) if corpus_dir else list(_added(added_dir))
    taken = {d.id: (p, d) for p, d in existing}
    target = added_dir / f"{doc.id}.md"
    holder = taken.get(doc.id) or next(((p, d) for p, d in existing if p == target), None)
    if holder is None:
        return Import(doc, target)
    held_at, held = holder
    other = _free_id(doc.id, taken)
    if held_at.parent != added_dir:
        raise InputError(
            f"文档编号 '{doc.id}' 已被随附法规《{held.title}》使用（{held_at}）：添加的文档不能与随附法规同号，也不能替换"
            f"随附法规。请用 --id 另取一个编号，例如 --id {other}。")
    if not replace or held.id != doc.id:
        raise InputError(
            f"文档编号 '{doc.id}' 已被之前添加的《{held.title}》使用（{held_at}{_origin(held)}）。"
            f"如要用 {path.name} 替换它，请加 --replace；如要两份都保留，请用 --id 另取一个编号，例如 --id {other}。")
    return Import(doc, held_at, replaces=held)


def import_file(path: Path, added_dir: Path, **options) -> Path:
    """:func:`prepare_import` and write the document under ``added_dir``; returns its path."""
    return prepare_import(path, added_dir, **options).write()


def _added(added_dir: Path) -> Iterator[tuple[Path, Document]]:
    for path in corpus_files(added_dir):
        yield path, load_document(path)


def _origin(doc: Document) -> str:
    source = str(doc.meta.get("source", ""))
    return f"，原文件 {source.removeprefix('added from ')}" if source.startswith("added from ") else ""


def _free_id(doc_id: str, taken: dict) -> str:
    base = doc_id[:MAX_ID - 4]
    return next(f"{base}-{n}" for n in range(2, 1000) if f"{base}-{n}" not in taken)


def _write_atomically(target: Path, text: str) -> None:
    tmp = target.with_suffix(".md.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
