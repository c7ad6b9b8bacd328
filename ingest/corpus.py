"""Reading corpus files: YAML front matter + markdown body -> Document."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from ingest.errors import InputError
from ingest.readers import MAX_BYTES, read_path
from ingest.records import Document

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
MAX_ID = 100
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
            raise InputError(f"{name or fallback_id}: the front matter is not valid YAML ({exc}).") from exc
        if not isinstance(meta, dict):
            raise InputError(f"{name or fallback_id}: the front matter must be a YAML mapping.")
        _check_meta(meta, name or fallback_id)
        body_start = match.end()
    doc_id = str(meta.get("id") or fallback_id)
    if not _ID.fullmatch(doc_id):
        raise InputError(
            f"{name or doc_id}: document id {doc_id!r} must be a lower-case ASCII slug "
            "(letters, digits, '-', '.', '_')."
        )
    if len(doc_id) > MAX_ID:
        # It names a file (<id>.md) and every clause id: beyond this, file systems refuse it.
        raise InputError(f"{name or doc_id[:40]}: document id is {len(doc_id)} characters long; "
                         f"use at most {MAX_ID} (e.g. --id hubei-2023-notice).")
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
            raise InputError(f"{name}: the front matter is too large (more than {_MAX_META_VALUES} values, "
                             "e.g. through YAML aliases &a/*a); keep it to plain fields.")
        if isinstance(value, dict):
            key = next((k for k in value if not isinstance(k, str)), None)
            if key is not None:
                raise InputError(f"{name}: front matter keys must be text; put '{key}' in quotes.")
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    for field in _SINGLE_VALUED:
        if isinstance(meta.get(field), (dict, list)):
            raise InputError(f"{name}: the front matter field '{field}' must be a single value, not a list or mapping.")
    aliases = meta.get("aliases")
    if aliases is not None and not (isinstance(aliases, list) and not any(isinstance(a, (dict, list)) for a in aliases)):
        raise InputError(f"{name}: 'aliases' must be a list of names, e.g. aliases: [38号公告, 2024年第38号公告].")
    terms = meta.get("party_terms")
    if terms is not None and not (isinstance(terms, dict) and all(isinstance(v, str) for v in terms.values())):
        raise InputError(f"{name}: 'party_terms' must map words to party names, "
                         "e.g. party_terms: {生产企业: 注册人/备案人}.")


def load_document(path: Path) -> Document:
    try:
        source = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: corpus files must be UTF-8 ({exc.reason}).") from exc
    return parse_document(source, fallback_id=path.stem.lower(), name=str(path))


def corpus_files(*dirs: Path) -> Iterator[Path]:
    """The markdown documents under the given folders (README files excluded), sorted."""
    for folder in dirs:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.md")):
            if path.name.lower() != "readme.md":
                yield path


def _refuse_links(path: Path) -> None:
    """An added file's text is shown to everyone who uses the knowledge base, so it must be
    the file named and no other: a path that resolves somewhere else, through a symbolic
    link as the file itself or as any folder on the way (``uploads/link/../x.md``), is
    refused. Devices, FIFOs and folders are refused by the reader."""
    for prefix in [*reversed(path.parents), path]:
        if prefix.is_symlink():
            what = "" if prefix == path else f" (in '{path}')"
            raise InputError(f"'{prefix}'{what} is a symbolic link to '{os.path.realpath(prefix)}'; "
                             "give the path of the real file instead.")


def import_file(path: Path, added_dir: Path, *, doc_id: str | None = None, title: str | None = None,
                max_bytes: int = MAX_BYTES) -> Path:
    """Convert a user's file (.md/.txt/.docx/.pdf) to a corpus document under ``added_dir``.

    The corpus folder itself is never written to. A file that already has front
    matter keeps it; otherwise the id and title come from the arguments or the file name.
    """
    path = Path(path)
    _refuse_links(path)
    text = read_path(path, max_bytes=max_bytes, follow_symlinks=False).text
    slug = doc_id or re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    if not slug:
        raise InputError(
            f"Cannot derive an ASCII document id from {path.name!r}; pass one with --id (e.g. --id hubei-2023-notice)."
        )
    if _FRONT_MATTER.match(text):
        doc = parse_document(text, fallback_id=slug, name=str(path))
        body = text
    else:
        first = next((line.strip("# \t") for line in text.splitlines() if line.strip()), path.stem)
        meta = {"id": slug, "title": title or first[:80], "status": "in_force", "source": f"added from {path.name}"}
        body = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + text.rstrip("\n") + "\n"
        doc = parse_document(body, fallback_id=slug, name=str(path))
    added_dir.mkdir(parents=True, exist_ok=True)
    target = added_dir / f"{doc.id}.md"
    tmp = target.with_suffix(".md.tmp")
    tmp.write_text(body, encoding="utf-8")
    tmp.replace(target)
    return target
