"""`regkb` command line: a thin layer over the library. Each command parses its
arguments, calls one library function and prints the result; library errors become
a one-line message and an exit code (2 for bad input, 1 otherwise)."""

from __future__ import annotations

import argparse
import inspect
import json
import os
import sys
from pathlib import Path

from ingest.settings import Settings, quiet_telemetry

quiet_telemetry()

from ingest.errors import InputError, RegkbError  # noqa: E402


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


def _print_notice(notice: str | None, file=None) -> None:
    """Why the results come from keywords alone (KnowledgeBase.notice), above them."""
    if notice:
        print(f"注意：{notice}\n", file=file or sys.stdout)


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
    from ingest.corpus import prepare_import
    from ingest.index import Ingestor

    imported = prepare_import(Path(args.file), settings.added_dir, corpus_dir=settings.corpus, doc_id=args.id,
                              title=args.title, replace=args.replace)
    embedder, tokenizer = _components(settings)
    report = Ingestor(settings, embedder, tokenizer).add(imported, progress=sys.stderr.isatty())
    replaced = f"，替换了之前添加的《{imported.replaces.title}》" if imported.replaces else ""
    print(f"已添加 {args.file}：文档编号 {imported.doc.id}，《{imported.doc.title}》{replaced}（{imported.target}）。")
    print(f"Index now holds {report.clauses} clauses ({report.embedded} newly embedded).")
    return 0


def cmd_search(args, settings: Settings) -> int:
    kb = _open_kb(settings)
    hits = kb.search(args.query, args.k, doc_ids=args.doc or None, in_force_only=args.in_force)
    if args.json:
        _print_json({"query": args.query, "notice": kb.notice, "hits": [h.to_dict(kb) for h in hits]})
        return 0
    _print_notice(kb.notice)
    if not hits:
        print("No matching clauses.")
    for rank, hit in enumerate(hits, start=1):
        status = kb.documents[hit.clause.doc_id].get("status", "in_force")
        flag = "" if status == "in_force" else f"  [{status}]"
        print(f"{rank}. {hit.clause.ref}{flag}  (score {hit.score:.4f})\n   id: {hit.clause.id}")
        text = hit.clause.text if len(hit.clause.text) <= 300 else hit.clause.text[:300] + "…"
        print("   " + text.replace("\n", "\n   ") + "\n")
    return 0


def _read_batch(name: str) -> list[dict]:
    """The questions of a JSON Lines file (``-`` is standard input), all checked before any is answered."""
    if name == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(name).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read {name}: {exc}. Give a UTF-8 JSON Lines file, or - for standard input.")
    items, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"line {number} is not JSON ({exc.msg})")
            continue
        if not isinstance(item, dict) or not isinstance(item.get("question"), str) or not item["question"].strip():
            problems.append(f"line {number} has no non-empty \"question\" string")
            continue
        items.append({"id": item.get("id", number), **item})
    source = "standard input" if name == "-" else name
    if problems:
        raise InputError(f"{source}: " + "; ".join(problems)
                         + '. Write one JSON object per line, e.g. {"id": 1, "question": "谁负责上市放行？"}; '
                           "nothing was answered.")
    if not items:
        raise InputError(f"{source}: no questions. Write one JSON object per line with a \"question\".")
    return items


def cmd_ask_batch(args, settings: Settings) -> int:
    from qa_app.answer import Answerer

    items = _read_batch(args.batch)
    answerer = Answerer(_open_kb(settings))
    # Earlier turns of a conversation go to the answerer only if it can use them.
    takes_history = "history" in inspect.signature(answerer.ask).parameters
    conversations: dict[str, list] = {}
    notice = None
    for item in items:
        options = {"doc_ids": args.doc or None, "in_force_only": not args.all_status}
        conversation = item.get("conversation")
        turns = None if conversation is None else conversations.setdefault(json.dumps(conversation), [])
        if takes_history and turns is not None:
            options["history"] = list(turns)  # (question, Answer) pairs, as the chat page keeps them
        answer = answerer.ask(item["question"], args.k, **options)
        if turns is not None:
            turns.append((item["question"], answer))
        if args.json:
            extra = {} if conversation is None else {"conversation": conversation}
            print(json.dumps({"id": item["id"], **answer.to_dict(), **extra}, ensure_ascii=False), flush=True)
        else:
            if answer.notice and answer.notice != notice:  # on stderr: the lines stay id<TAB>answer
                _print_notice(answer.notice, sys.stderr)
            notice = answer.notice
            print(f"{item['id']}\t" + " ".join(answer.answer.split()), flush=True)
    return 0


def cmd_ask(args, settings: Settings) -> int:
    from qa_app.answer import Answerer

    if (args.question is None) == (args.batch is None):
        raise InputError('give either a question or --batch FILE.jsonl (one {"id", "question"} object a line)')
    if args.batch is not None:
        return cmd_ask_batch(args, settings)
    kb = _open_kb(settings)
    answer = Answerer(kb).ask(args.question, args.k, doc_ids=args.doc or None, in_force_only=not args.all_status)
    if args.json:
        _print_json(answer.to_dict())
        return 0
    _print_notice(answer.notice)
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


def cmd_doctor(args, settings: Settings) -> int:
    from ingest.index import diagnose

    findings = diagnose(settings)
    failed = any(f.status == "fail" for f in findings)
    if args.json:
        _print_json({"home": str(settings.home), "ok": not failed,
                     "findings": [{"check": f.check, "status": f.status, "detail": f.detail} for f in findings]})
        return 1 if failed else 0
    print(f"Index under {settings.home} (vectors: {settings.chroma_url or 'embedded'})")
    for finding in findings:
        print(f"  {finding.status.upper():5} {finding.check:18} {finding.detail}")
    if failed:
        print("The index is not usable. Run `regkb ingest --rebuild` to rebuild it from the corpus "
              "(the corpus is not changed).")
    elif any(f.status == "warn" for f in findings):
        print("The index works; see the warnings above.")
    else:
        print("The index is healthy.")
    return 1 if failed else 0


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


def cmd_matrix(args, settings: Settings) -> int:
    from qa_app.matrix import load_activities, matrix_for, to_markdown, to_xlsx

    if args.xlsx and not args.out:
        raise InputError("--xlsx writes a workbook: give the file name with --out FILE.xlsx")
    activities = load_activities(Path(args.activities)) if args.activities else None
    kb = _open_kb(settings)
    matrix = matrix_for(kb, args.docs, include_superseded=args.include_superseded, activities=activities)
    if args.xlsx:
        data = to_xlsx(matrix)
    else:
        data = (matrix.to_json() + "\n" if args.json else to_markdown(matrix, kb.documents)).encode("utf-8")
    if not args.out:
        sys.stdout.write(data.decode("utf-8"))
        return 0
    Path(args.out).write_bytes(data)
    cells = sum(1 for duties in matrix.cells.values() if duties)
    print(f"Wrote {args.out}: {len(matrix.activities)} activities x {len(matrix.used_parties())} parties, "
          f"{cells} filled cells from {len(matrix.documents)} documents.")
    return 0


def cmd_quiz(args, settings: Settings) -> int:
    from qa_app.answer import Answerer
    from qa_app.quiz import TYPE_LABELS, FactBase, QuizGenerator, Selection, check_set
    from qa_app.quiz.crosscheck import DISAGREES, annotate
    from qa_app.quiz.export import write
    from qa_app.quiz.stats import item_statistics, render_stats

    if args.stats:
        fmt = Path(args.stats).suffix.lower().lstrip(".")
        if fmt not in ("csv", "xlsx"):
            raise InputError("--stats writes a .csv or .xlsx file; name it e.g. stats.xlsx.")
        rows = item_statistics(settings.home)
        if not rows:
            print("regkb: no quiz answers recorded yet; take a quiz on the 培训题库 page first.", file=sys.stderr)
            return 1
        Path(args.stats).write_bytes(render_stats(rows, fmt))
        print(f"Wrote statistics of {len(rows)} questions to {args.stats}.")
        return 0
    if not args.format or not args.out:
        raise InputError("regkb quiz needs --format and --out (or --stats FILE for item statistics).")

    def listed(values):  # --types single,truefalse and --types single truefalse both work
        return tuple(v.strip() for value in values or () for v in value.split(",") if v.strip())

    selection = Selection(n=args.n, types=listed(args.types) or Selection().types, doc_ids=listed(args.docs),
                          topics=listed(args.topics), parties=listed(args.parties),
                          difficulty=listed(args.difficulty), seed=args.seed)
    kb = _open_kb(settings)
    facts = FactBase.from_kb(kb)
    items = QuizGenerator(facts).generate(selection)
    if not items:
        print("regkb: no questions match these filters; widen --docs/--topics/--parties/--difficulty.",
              file=sys.stderr)
        return 1
    problems = [p for p in check_set(items, facts) if p.item_id != "set"]
    for problem in problems:
        print(f"regkb: warning: {problem.item_id}: {problem.message}", file=sys.stderr)
    # The independent check: its notes travel with the items into every format.
    items, results = annotate(items, Answerer(kb))
    for result in results:
        if result.status == DISAGREES:
            print(f"regkb: review: {result.item_id}: {result.note}", file=sys.stderr)
    written = write(items, args.format, Path(args.out))
    counts = "、".join(f"{TYPE_LABELS[t]} {sum(1 for i in items if i.type == t)}"
                      for t in selection.types if any(i.type == t for i in items))
    if len(items) < args.n:
        print(f"regkb: only {len(items)} questions match these filters (asked for {args.n}).", file=sys.stderr)
    print(f"Wrote {len(items)} questions ({counts}) to {', '.join(str(p) for p in written)}.")
    return 0


def cmd_check(args, settings: Settings) -> int:
    from dataclasses import replace

    from ingest.readers import MAX_BYTES
    from qa_app.agreement import AgreementChecker, agreement_from_bytes, read_agreement
    from qa_app.agreement.report import report_format, to_text, write_report

    if args.report:
        report_format(args.report)
    if args.redline and (args.file == "-" or Path(args.file).suffix.lower() != ".docx"
                         or Path(args.redline).suffix.lower() != ".docx"):
        raise InputError("--redline 在协议原件上加批注：协议文件和输出文件都必须是 Word (.docx)，"
                         "例如 regkb check 协议.docx --redline 协议-批注.docx。")
    # The agreement is read (and a bad file refused) before the index is opened.
    if args.file == "-":
        # Bytes, with a limit: piped GBK text is decoded like an uploaded .txt, and a huge pipe is refused.
        agreement = replace(agreement_from_bytes(sys.stdin.buffer.read(MAX_BYTES + 1), "标准输入.txt"), name="标准输入")
    else:
        agreement = read_agreement(args.file)
    report = AgreementChecker.from_kb(_open_kb(settings)).check(agreement)
    if args.report:
        write_report(report, args.report)
    if args.redline:
        from qa_app.agreement.redline import redline

        try:
            Path(args.redline).write_bytes(redline(Path(args.file).read_bytes(), report))
        except OSError as exc:
            raise InputError(f"无法写入批注版 '{args.redline}'：{exc.strerror}。请换一个可写的位置。") from None
    if args.json:
        _print_json(report.to_dict())
    else:
        sys.stdout.write(to_text(report))
    if args.report:
        print(f"Report written to {args.report}.", file=sys.stderr if args.json else sys.stdout)
    if args.redline:
        print(f"批注版已写入 {args.redline}（每处违规和部分覆盖一条批注，缺失条款附在文末）。",
              file=sys.stderr if args.json else sys.stdout)
    # A document workflow can gate on the exit code: 1 = an error-level violation.
    return 1 if report.has_errors else 0


def cmd_feedback(args, settings: Settings) -> int:
    from qa_app.feedback import export_feedback, summary

    if args.all and not args.export:
        raise InputError("--all 用于导出：例如 regkb feedback --export 反馈.csv --all。")
    if not args.export:
        print(summary(settings.home))
        return 0
    count = export_feedback(settings.home, Path(args.export), everything=args.all)
    print(f"已导出 {count} 条{'评价' if args.all else ' 👎 评价（含原因）'}到 {args.export}。")
    return 0


def cmd_serve(args, settings: Settings) -> int:
    from qa_app.api import serve

    serve(settings, host=args.host, port=args.port, token=os.environ.get("REGKB_API_TOKEN") or None)
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
    p.add_argument("--id", help="document id (ASCII slug); default: from the file name, Chinese in pinyin "
                                "(质量协议 v1.docx -> zhiliang-xieyi-v1)")
    p.add_argument("--title", help="document title; default: the first line of the text")
    p.add_argument("--replace", action="store_true",
                   help="replace the earlier added document with the same id (without it, such an id is refused "
                        "and that document named; documents of the shipped corpus are never replaced)")
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
    p.add_argument("question", nargs="?")
    p.add_argument("--batch", metavar="FILE",
                   help='answer every question of a JSON Lines file (- for standard input), one '
                        '{"id", "question", "conversation" (optional)} object a line; prints one line per question, '
                        'in order: "id<TAB>answer", or with --json the answer\'s JSON plus "id"')
    p.add_argument("--k", type=int, default=5, help="number of citations (default 5)")
    p.add_argument("--doc", action="append", help="restrict to a document id (repeatable)")
    p.add_argument("--all-status", action="store_true", help="also search superseded texts")
    p.add_argument("--json", action="store_true",
                   help="print JSON: question, answer, parties, citations, abstained, confidence, verdict, frame, "
                        "readings, notice (why the answer comes from keywords alone, else null)")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("stats", help="what the index holds", description="Documents and clause counts in the index.")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("doctor", help="check the index for damage and say what to do",
                       description="Check the current index thoroughly (CURRENT, manifest, every clause, BM25, "
                                   "the vector store and a test query, the corpus it was built from) without "
                                   "changing anything. Exit code 1 if it is not usable; `regkb ingest --rebuild` "
                                   "rebuilds it from the corpus.")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_doctor)

    p = sub.add_parser("show", help="show one clause by id", description="Show a clause, its citation and duties.")
    p.add_argument("clause_id")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("matrix", help="responsibility matrix: activities x parties, every cell cited",
                       description="Who must / must not / may do what: activities (qa_app/data/activities.yaml) "
                                   "x parties, each cell listing the duty sentences with modality and citation. "
                                   "Markdown by default; superseded documents are left out unless named.")
    p.add_argument("--docs", nargs="+", metavar="DOC_ID", help="only these documents (ids as in `regkb stats`)")
    p.add_argument("--include-superseded", action="store_true", help="also use superseded documents")
    p.add_argument("--activities", metavar="FILE", help="an activities YAML file instead of the shipped one")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="JSON: rows, columns and cells with citations")
    fmt.add_argument("--md", action="store_true", help="Markdown report (the default)")
    fmt.add_argument("--xlsx", action="store_true", help="Excel workbook (needs --out)")
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(func=cmd_matrix)

    p = sub.add_parser("quiz", help="generate a training quiz from the regulations, every item cited",
                       description="Exam items made from the duty annotations (who is responsible, true/false, "
                                   "fill-in deadlines and terms, which duties are a party's) and from the "
                                   "obligation records (case questions: named companies, provinces, a product), "
                                   "each tied to its clause, checked - also by asking the question-answering path, "
                                   "whose disagreements are noted on the item - and written in a format training "
                                   "platforms import. docx/md write a paper and, beside it, NAME-answers with the "
                                   "key. --stats FILE writes the item statistics of quizzes taken on the page.")
    p.add_argument("--n", type=int, default=20, help="number of questions (default 20)")
    p.add_argument("--types", nargs="+", metavar="TYPE", help="single truefalse fill multi scenario (default: all)")
    p.add_argument("--docs", nargs="+", metavar="DOC_ID", help="only these documents (ids as in `regkb stats`)")
    p.add_argument("--topics", nargs="+", metavar="TOPIC", help="only these topics (放行, 质量协议, 召回 ...)")
    p.add_argument("--parties", nargs="+", metavar="PARTY", help="only duties of these parties (注册人, 受托生产企业 ...)")
    p.add_argument("--difficulty", nargs="+", metavar="LEVEL", help="easy medium hard (default: all)")
    p.add_argument("--seed", type=int, default=1, help="the same seed gives the same set (default 1)")
    p.add_argument("--format", choices=["json", "csv", "xlsx", "gift", "moodle-xml", "anki", "docx", "md"])
    p.add_argument("--out", metavar="FILE", help="file to write")
    p.add_argument("--stats", metavar="FILE", help="instead of a quiz, write the item statistics of quizzes taken "
                                                   "on the page (share correct, options chosen) to FILE (.csv/.xlsx)")
    p.set_defaults(func=cmd_quiz)

    p = sub.add_parser("check", help="check a quality agreement (质量协议) against the regulations",
                       description="Gap check of a 医疗器械委托生产质量协议 (.docx .pdf .txt .md, or - for text on "
                                   "standard input): every requirement covered / partial / missing and every "
                                   "prohibited term (上市放行 or 不良事件监测 given to the manufacturer, 转委托, a term "
                                   "beyond the certificates ...), each with the agreement's words and the verbatim "
                                   "legal basis, and how the agreement's party names were read (甲方 = 沐辰公司 = "
                                   "委托方（注册人）). The agreement is only read in memory: nothing is stored or "
                                   "indexed.",
                       epilog="Exit codes: 0 = no error-level violation (warnings and gaps may remain); 1 = at "
                              "least one error-level violation (so the command can gate a document workflow), or "
                              "no usable index; 2 = bad input (missing, unreadable, empty, scanned or oversized "
                              "file).")
    p.add_argument("file", help="the agreement file, or - to read the text from standard input")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--report", metavar="FILE", help="also write a report: FILE.docx (Word) or FILE.md (Markdown)")
    p.add_argument("--redline", metavar="OUT.docx",
                   help="for a .docx agreement: write a copy of it with a Word comment at each violation and "
                        "partial finding (basis and suggested wording) and the missing clauses proposed at the end")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("feedback", help="ratings given on the chat page: a summary, or an export of the 👎",
                       description="Without options: how many answers were rated 👍 / 👎 and the latest 👎 questions "
                                   "with their reasons. A turn rated several times counts once, with its last "
                                   "rating. Ratings are kept in REGKB_HOME/feedback.jsonl.")
    p.add_argument("--export", metavar="FILE",
                   help="write the 👎 answers (question, answer, citations, reason) to FILE: .csv with Chinese "
                        "headers (opens in Excel) or .jsonl")
    p.add_argument("--all", action="store_true", help="with --export: every rated answer, not only the 👎")
    p.set_defaults(func=cmd_feedback)

    p = sub.add_parser("serve", help="serve the knowledge base over HTTP (JSON API, OpenAI-compatible chat)",
                       description="HTTP API for bots, OA systems and portals: /v1/ask (the `ask --json` answer), "
                                   "/v1/search, /v1/clauses/ID, /v1/check, /v1/quiz, /v1/chat/completions "
                                   "(OpenAI-compatible), /healthz; documentation at /docs. Requests need "
                                   "`Authorization: Bearer $REGKB_API_TOKEN` when that variable is set; without it "
                                   "the server only listens on 127.0.0.1.")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8700, help="port (default 8700)")
    p.set_defaults(func=cmd_serve)
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
    except BrokenPipeError:
        # The reader stopped early (`regkb ask --batch q.jsonl | head`): no traceback at interpreter exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
