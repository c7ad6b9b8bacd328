"""`regkb` command line: a thin layer over the library. Each command parses its
arguments, calls one library function and prints the result; library errors become
a one-line message and an exit code (2 for bad input, 1 otherwise)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ingest.settings import Settings, quiet_telemetry

quiet_telemetry()

from ingest.errors import RegkbError  # noqa: E402


def _components(settings: Settings):
    from ingest.embed import make_embedder
    from ingest.tokenize import Tokenizer

    return make_embedder(settings.embed_model, settings.threads), Tokenizer()


def _open_kb(settings: Settings):
    from qa_app.kb import KnowledgeBase

    embedder, tokenizer = _components(settings)
    return KnowledgeBase.open(settings, embedder=embedder, tokenizer=tokenizer)


def _print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_ingest(args, settings: Settings) -> int:
    from ingest.index import Ingestor

    if args.corpus:
        settings = Settings(home=settings.home, corpus=Path(args.corpus).resolve(),
                            embed_model=settings.embed_model, threads=settings.threads)
    embedder, tokenizer = _components(settings)
    report = Ingestor(settings, embedder, tokenizer).run(rebuild=args.rebuild, progress=sys.stderr.isatty())
    if report.rebuilt_because:
        print(f"Rebuilding the whole index: {report.rebuilt_because}.", file=sys.stderr)
    if report.up_to_date:
        print(f"Index is up to date ({report.clauses} clauses, {len(report.unchanged)} documents); "
              f"checked in {report.seconds:.1f} s.")
        return 0
    print(f"Indexed {report.clauses} clauses from {len(report.added) + len(report.changed) + len(report.unchanged)} "
          f"documents in {report.seconds:.1f} s: {len(report.added)} new, {len(report.changed)} changed, "
          f"{len(report.unchanged)} unchanged, {len(report.removed)} removed; {report.embedded} clauses embedded.")
    print(f"Index: {settings.home / 'generations' / report.generation}")
    return 0


def cmd_add(args, settings: Settings) -> int:
    from ingest.corpus import import_file
    from ingest.index import Ingestor

    target = import_file(Path(args.file), settings.added_dir, doc_id=args.id, title=args.title)
    print(f"Added {args.file} as {target}.")
    embedder, tokenizer = _components(settings)
    report = Ingestor(settings, embedder, tokenizer).run(progress=sys.stderr.isatty())
    print(f"Index now holds {report.clauses} clauses ({report.embedded} newly embedded).")
    return 0


def cmd_search(args, settings: Settings) -> int:
    kb = _open_kb(settings)
    hits = kb.search(args.query, args.k, doc_ids=args.doc or None, in_force_only=args.in_force)
    if args.json:
        _print_json({"query": args.query, "hits": [h.to_dict(kb) for h in hits]})
        return 0
    if not hits:
        print("No matching clauses.")
    for rank, hit in enumerate(hits, start=1):
        status = kb.documents[hit.clause.doc_id].get("status", "in_force")
        flag = "" if status == "in_force" else f"  [{status}]"
        print(f"{rank}. {hit.clause.ref}{flag}  (score {hit.score:.4f})\n   id: {hit.clause.id}")
        text = hit.clause.text if len(hit.clause.text) <= 300 else hit.clause.text[:300] + "…"
        print("   " + text.replace("\n", "\n   ") + "\n")
    return 0


def cmd_ask(args, settings: Settings) -> int:
    from qa_app.answer import Answerer

    kb = _open_kb(settings)
    answer = Answerer(kb).ask(args.question, args.k, doc_ids=args.doc or None, in_force_only=not args.all_status)
    if args.json:
        _print_json(answer.to_dict())
        return 0
    print(answer.answer)
    if answer.citations:
        print("\n可能相关的条款：" if answer.abstained else "\n依据：")
    for rank, citation in enumerate(answer.citations, start=1):
        text = citation.text if len(citation.text) <= 200 else citation.text[:200] + "…"
        print(f"[{rank}] {citation.ref}  ({citation.clause_id})\n    " + text.replace("\n", "\n    "))
    return 0


def cmd_stats(args, settings: Settings) -> int:
    kb = _open_kb(settings)
    stats = kb.stats()
    if args.json:
        _print_json(stats)
        return 0
    print(f"Index {stats['generation']} (built {stats['created']}, embedder {stats['embedder']})")
    print(f"{stats['documents']} documents, {stats['clauses']} clauses ({stats['indexed']} searchable)")
    for kind, count in sorted(stats["by_kind"].items()):
        print(f"  {kind:14} {count}")
    print("Documents:")
    for doc_id, count in stats["per_document"].items():
        meta = kb.documents[doc_id]
        print(f"  {doc_id:55} {count:4}  {meta.get('status', ''):10} {meta.get('title', '')}")
    return 0


def cmd_show(args, settings: Settings) -> int:
    kb = _open_kb(settings)
    clause = kb.clause(args.clause_id)
    if args.json:
        _print_json(clause.to_dict())
        return 0
    meta = kb.documents[clause.doc_id]
    print(clause.ref)
    print(f"{meta.get('title', clause.doc_id)} · {' / '.join(clause.path) or '-'}")
    print(f"id {clause.id} · {clause.kind} · chars {clause.span[0]}-{clause.span[1]}"
          + ("" if clause.normative else " · non-normative"))
    print()
    print(clause.text)
    if clause.duties:
        print("\nDuties:")
        for duty in clause.duties:
            if duty.modality != "none":
                print(f"  [{duty.modality}] {'、'.join(duty.subjects) or '?'}: {duty.sentence}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="regkb",
        description="Chinese medical-device regulation knowledge base (注册人制度 / 委托生产), offline.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("ingest", help="parse the corpus and build or update the index",
                       description="Parse corpus/ (and documents added with `regkb add`) into clauses and "
                                   "index them. Unchanged documents are skipped; the previous index stays "
                                   "usable until the new one is complete.")
    p.add_argument("--corpus", help="corpus folder (default: REGKB_CORPUS or the repo's corpus/)")
    p.add_argument("--rebuild", action="store_true", help="ignore the existing index and rebuild everything")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("add", help="add a document (.md .txt .docx .pdf) and index it",
                       description="Convert a file to a corpus document under REGKB_HOME/added/ and update the "
                                   "index. GBK/GB18030 text is detected. Empty, scanned, encrypted, oversized "
                                   "(>10 MB) or unsupported files are refused (exit code 2).")
    p.add_argument("file")
    p.add_argument("--id", help="document id (ASCII slug); default: from the file name")
    p.add_argument("--title", help="document title; default: the first line of the text")
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("search", help="hybrid (keyword + semantic) search over clauses",
                       description="Search clauses with BM25 over jieba tokens and dense vectors, fused by rank.")
    p.add_argument("query")
    p.add_argument("--k", type=int, default=5, help="number of results (default 5)")
    p.add_argument("--doc", action="append", help="restrict to a document id (repeatable)")
    p.add_argument("--in-force", action="store_true", help="only documents in force")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("ask", help="answer a question with citations (who is responsible, deadlines ...)",
                       description="Answer a question from the clauses and their duty annotations, citing the "
                                   "exact clauses; says 知识库中未找到依据 when the corpus has no basis.")
    p.add_argument("question")
    p.add_argument("--k", type=int, default=5, help="number of citations (default 5)")
    p.add_argument("--doc", action="append", help="restrict to a document id (repeatable)")
    p.add_argument("--all-status", action="store_true", help="also search superseded texts")
    p.add_argument("--json", action="store_true",
                   help="print JSON: question, answer, parties, citations, abstained, confidence")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("stats", help="what the index holds", description="Documents and clause counts in the index.")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("show", help="show one clause by id", description="Show a clause, its citation and duties.")
    p.add_argument("clause_id")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_show)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "k", 1) is not None and getattr(args, "k", 1) < 1:
        print("regkb: --k must be at least 1", file=sys.stderr)
        return 2
    try:
        return args.func(args, Settings())
    except RegkbError as exc:
        print(f"regkb: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("regkb: interrupted; the previous index is unchanged.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
