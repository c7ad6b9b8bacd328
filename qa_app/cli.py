"""`regkb` command line: a thin layer over the library. Each command parses its
arguments, calls one library function and prints the result; library errors become
a one-line message and an exit code (2 for bad input, 1 otherwise). Everything it says is
Chinese: its sentences come from :mod:`qa_app.messages`, and so do argparse's own words."""

from __future__ import annotations

import argparse
import gc
import inspect
import json
import os
import sys
from pathlib import Path

from ingest.settings import Settings, quiet_telemetry

quiet_telemetry()

from ingest.errors import InputError, RegkbError, os_reason  # noqa: E402
from qa_app import messages as msg  # noqa: E402


def _argparse_in_chinese() -> None:
    """argparse looks its own words ("usage: ", "options", "the following arguments are required")
    up through gettext at the moment it uses them; this process answers from the catalogue."""
    argparse._ = lambda text: msg.ARGPARSE.get(text, text)
    argparse.ngettext = lambda singular, plural, n: msg.ARGPARSE.get(singular if n == 1 else plural,
                                                                     singular if n == 1 else plural)


def _components(settings: Settings):
    """The embedder and the tokenizer. No tokenizer is built here: an ingest builds its own, a
    reader loads the one its index was built with (building one takes most of a second)."""
    from ingest.embed import make_embedder

    return make_embedder(settings.embed_model, settings.threads), None


def _open_kb(settings: Settings):
    from qa_app.kb import KnowledgeBase

    embedder, tokenizer = _components(settings)
    # Opening the index makes most of the objects a command uses (chromadb's modules, the clauses,
    # the tokenizer's dictionary), and they live as long as the process. The cycle collector would
    # walk them again and again while they are made, and in every later collection: it is paused
    # while they are made and then told to leave them be (about 0.3 s of a first question).
    gc.disable()
    try:
        return KnowledgeBase.open(settings, embedder=embedder, tokenizer=tokenizer)
    finally:
        gc.enable()
        gc.freeze()


def _print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _print_notice(notice: str | None, file=None) -> None:
    """Why the results come from keywords alone (KnowledgeBase.notice), above them."""
    if notice:
        print(msg.NOTICE.format(notice=notice), file=file or sys.stdout)


def cmd_ingest(args, settings: Settings) -> int:
    from ingest.index import Ingestor

    if args.corpus:
        settings = Settings(home=settings.home, corpus=Path(args.corpus).resolve(),
                            embed_model=settings.embed_model, threads=settings.threads)
    embedder, tokenizer = _components(settings)
    report = Ingestor(settings, embedder, tokenizer).run(rebuild=args.rebuild, progress=sys.stderr.isatty())
    if report.rebuilt_because:
        print(msg.INGEST_REBUILDING.format(reason=report.rebuilt_because), file=sys.stderr)
    if report.up_to_date:
        print(msg.INGEST_UP_TO_DATE.format(clauses=report.clauses, documents=len(report.unchanged),
                                           seconds=report.seconds))
        return 0
    print(msg.INGEST_DONE.format(
        clauses=report.clauses, documents=len(report.added) + len(report.changed) + len(report.unchanged),
        seconds=report.seconds, added=len(report.added), changed=len(report.changed),
        unchanged=len(report.unchanged), removed=len(report.removed), embedded=report.embedded))
    print(msg.INGEST_WHERE.format(path=settings.home / "generations" / report.generation))
    return 0


def cmd_add(args, settings: Settings) -> int:
    from ingest.corpus import prepare_import
    from ingest.index import Ingestor

    imported = prepare_import(Path(args.file), settings.added_dir, corpus_dir=settings.corpus, doc_id=args.id,
                              title=args.title, replace=args.replace)
    embedder, tokenizer = _components(settings)
    report = Ingestor(settings, embedder, tokenizer).add(imported, progress=sys.stderr.isatty())
    replaced = msg.ADD_REPLACED.format(title=imported.replaces.title) if imported.replaces else ""
    print(msg.ADD_DONE.format(file=args.file, doc_id=imported.doc.id, title=imported.doc.title, replaced=replaced,
                              target=imported.target))
    print(msg.ADD_INDEX.format(clauses=report.clauses, embedded=report.embedded))
    return 0


def cmd_search(args, settings: Settings) -> int:
    kb = _open_kb(settings)
    hits = kb.search(args.query, args.k, doc_ids=args.doc or None, in_force_only=args.in_force)
    if args.json:
        _print_json({"query": args.query, "notice": kb.notice, "hits": [h.to_dict(kb) for h in hits]})
        return 0
    _print_notice(kb.notice)
    if not hits:
        print(msg.SEARCH_NONE)
    for rank, hit in enumerate(hits, start=1):
        status = kb.documents[hit.clause.doc_id].get("status", "in_force")
        flag = "" if status == "in_force" else msg.SEARCH_FLAG.format(status=msg.STATUS_LABELS.get(status, status))
        print(msg.SEARCH_HIT.format(rank=rank, ref=hit.clause.ref, flag=flag, score=hit.score, id=hit.clause.id))
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
            raise InputError(msg.BATCH_UNREADABLE.format(
                name=name, reason=os_reason(exc) if isinstance(exc, OSError) else "不是 UTF-8 编码")) from None
    items, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(msg.BATCH_NOT_JSON.format(line=number, column=exc.colno))
            continue
        if not isinstance(item, dict) or not isinstance(item.get("question"), str) or not item["question"].strip():
            problems.append(msg.BATCH_NO_QUESTION.format(line=number))
            continue
        items.append({"id": item.get("id", number), **item})
    source = msg.STDIN if name == "-" else name
    if problems:
        raise InputError(msg.BATCH_PROBLEMS.format(source=source, problems="；".join(problems)))
    if not items:
        raise InputError(msg.BATCH_EMPTY.format(source=source))
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
        raise InputError(msg.ASK_ONE_OR_BATCH)
    if args.batch is not None:
        return cmd_ask_batch(args, settings)
    kb = _open_kb(settings)
    answer = Answerer(kb).ask(args.question, args.k, doc_ids=args.doc or None, in_force_only=not args.all_status)
    if args.json:
        _print_json(answer.to_dict())
        return 0
    from qa_app import transcript

    _print_notice(answer.notice)
    # The same text a user copies from the chat page, with the clause ids for `regkb show`.
    print(transcript.plain_text(answer, quote_chars=200, ids=True))
    facts = transcript.facts(answer)
    if facts:
        print("\n" + "\n".join(facts))
    return 0


def cmd_stats(args, settings: Settings) -> int:
    kb = _open_kb(settings)
    stats = kb.stats()
    if args.json:
        _print_json(stats)
        return 0
    print(msg.STATS_HEAD.format(generation=stats["generation"], created=stats["created"], embedder=stats["embedder"]))
    print(msg.STATS_COUNTS.format(documents=stats["documents"], clauses=stats["clauses"], indexed=stats["indexed"]))
    for kind, count in sorted(stats["by_kind"].items()):
        print(f"  {msg.KIND_LABELS.get(kind, kind)}：{count}")
    print(msg.STATS_DOCUMENTS)
    for doc_id, count in stats["per_document"].items():
        meta = kb.documents[doc_id]
        status = msg.STATUS_LABELS.get(meta.get("status", ""), meta.get("status", ""))
        # Chinese characters are two columns wide: the status goes last, the columns before it stay aligned.
        print(f"  {doc_id:55} {count:4}  {meta.get('title', '')}（{status}）")
    return 0


def cmd_doctor(args, settings: Settings) -> int:
    from ingest.index import diagnose

    findings = diagnose(settings)
    failed = any(f.status == "fail" for f in findings)
    if args.json:
        _print_json({"home": str(settings.home), "ok": not failed,
                     "findings": [{"check": f.check, "status": f.status, "detail": f.detail} for f in findings]})
        return 1 if failed else 0
    print(msg.DOCTOR_HEAD.format(home=settings.home, vectors=settings.chroma_url or msg.DOCTOR_EMBEDDED))
    for finding in findings:
        print(msg.DOCTOR_FINDING.format(status=msg.CHECK_STATUS.get(finding.status, finding.status),
                                        check=msg.CHECK_LABELS.get(finding.check, finding.check),
                                        detail=finding.detail))
    if failed:
        print(msg.DOCTOR_FAILED)
    elif any(f.status == "warn" for f in findings):
        print(msg.DOCTOR_WARNED)
    else:
        print(msg.DOCTOR_HEALTHY)
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
    print(msg.SHOW_WHERE.format(id=clause.id, kind=msg.KIND_LABELS.get(clause.kind, clause.kind),
                                start=clause.span[0], end=clause.span[1],
                                normative="" if clause.normative else msg.SHOW_NON_NORMATIVE))
    print()
    print(clause.text)
    if clause.duties:
        print(msg.SHOW_DUTIES)
        for duty in clause.duties:
            if duty.modality != "none":
                print(f"  [{msg.DUTY_LABELS.get(duty.modality, duty.modality)}] "
                      f"{'、'.join(duty.subjects) or '?'}：{duty.sentence}")
    return 0


def cmd_matrix(args, settings: Settings) -> int:
    from qa_app.matrix import load_activities, matrix_for, to_markdown, to_xlsx

    if args.xlsx and not args.out:
        raise InputError(msg.MATRIX_XLSX_NEEDS_OUT)
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
    print(msg.MATRIX_WRITTEN.format(out=args.out, activities=len(matrix.activities),
                                    parties=len(matrix.used_parties()), cells=cells, documents=len(matrix.documents)))
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
            raise InputError(msg.QUIZ_STATS_FORMAT)
        rows = item_statistics(settings.home)
        if not rows:
            print(msg.ERROR.format(message=msg.QUIZ_NO_ANSWERS), file=sys.stderr)
            return 1
        Path(args.stats).write_bytes(render_stats(rows, fmt))
        print(msg.QUIZ_STATS_WRITTEN.format(n=len(rows), out=args.stats))
        return 0
    if not args.format or not args.out:
        raise InputError(msg.QUIZ_NEEDS_FORMAT)

    def listed(values):  # --types single,truefalse and --types single truefalse both work
        return tuple(v.strip() for value in values or () for v in value.split(",") if v.strip())

    selection = Selection(n=args.n, types=listed(args.types) or Selection().types, doc_ids=listed(args.docs),
                          topics=listed(args.topics), parties=listed(args.parties),
                          difficulty=listed(args.difficulty), seed=args.seed)
    kb = _open_kb(settings)
    facts = FactBase.from_kb(kb)
    items = QuizGenerator(facts).generate(selection)
    if not items:
        print(msg.ERROR.format(message=msg.QUIZ_NONE), file=sys.stderr)
        return 1
    problems = [p for p in check_set(items, facts) if p.item_id != "set"]
    for problem in problems:
        print(msg.ERROR.format(message=msg.QUIZ_PROBLEM.format(message=problem.text)),
              file=sys.stderr)
    # The independent check: its notes travel with the items into every format.
    items, results = annotate(items, Answerer(kb))
    numbers = {item.id: number for number, item in enumerate(items, start=1)}
    for result in results:
        if result.status == DISAGREES:
            print(msg.ERROR.format(message=msg.QUIZ_REVIEW.format(item=numbers.get(result.item_id, "?"),
                                                                  note=result.note)),
                  file=sys.stderr)
    written = write(items, args.format, Path(args.out))
    counts = "、".join(f"{TYPE_LABELS[t]} {sum(1 for i in items if i.type == t)}"
                      for t in selection.types if any(i.type == t for i in items))
    if len(items) < args.n:
        print(msg.ERROR.format(message=msg.QUIZ_FEWER.format(n=len(items), wanted=args.n)), file=sys.stderr)
    print(msg.QUIZ_WRITTEN.format(n=len(items), counts=counts, files="、".join(str(p) for p in written)))
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
        raise InputError(msg.CHECK_REDLINE_DOCX)
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
            raise InputError(msg.CHECK_REDLINE_UNWRITABLE.format(path=args.redline, reason=os_reason(exc))) from None
    if args.json:
        _print_json(report.to_dict())
    else:
        sys.stdout.write(to_text(report))
    if args.report:
        print(msg.CHECK_REPORT_WRITTEN.format(path=args.report), file=sys.stderr if args.json else sys.stdout)
    if args.redline:
        print(msg.CHECK_REDLINE_WRITTEN.format(path=args.redline), file=sys.stderr if args.json else sys.stdout)
    # A document workflow can gate on the exit code: 1 = an error-level violation.
    return 1 if report.has_errors else 0


def cmd_feedback(args, settings: Settings) -> int:
    from qa_app.feedback import export_feedback, summary

    if args.all and not args.export:
        raise InputError(msg.FEEDBACK_ALL_NEEDS_EXPORT)
    if not args.export:
        print(summary(settings.home))
        return 0
    count = export_feedback(settings.home, Path(args.export), everything=args.all)
    print(msg.FEEDBACK_EXPORTED.format(n=count, what="评价" if args.all else " 👎 评价（含原因）", out=args.export))
    return 0


def cmd_serve(args, settings: Settings) -> int:
    from qa_app.api import serve

    serve(settings, host=args.host, port=args.port, token=os.environ.get("REGKB_API_TOKEN") or None)
    return 0


def build_parser() -> argparse.ArgumentParser:
    _argparse_in_chinese()
    parser = argparse.ArgumentParser(
        prog="regkb",
        description="医疗器械注册人制度与委托生产法规知识库（离线）：检索条款、回答问题、审查质量协议、生成培训题。",
        epilog="每个命令的用法：regkb 命令 --help，例如 regkb ask --help。",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    p = sub.add_parser("ingest", help="解析语料并建立或更新索引",
                       description="把 corpus/（以及用 `regkb add` 添加的文件）解析为条款并建立索引。未改变的文件跳过；"
                                   "新索引完成之前，原有索引照常可用。")
    p.add_argument("--corpus", metavar="目录", help="语料目录（默认：REGKB_CORPUS，或本仓库的 corpus/）")
    p.add_argument("--rebuild", action="store_true", help="不沿用现有索引，全部重建")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("add", help="添加一个文件（.md .txt .docx .pdf）并建立索引",
                       description="把文件转换为 REGKB_HOME/added/ 下的语料文件并更新索引。能识别 GBK/GB18030 编码的文本。"
                                   "空文件、扫描件、加密文件、超过 10 MB 的文件和不支持的格式会被拒绝（退出码 2）。")
    p.add_argument("file", metavar="文件", help="要添加的文件")
    p.add_argument("--id", metavar="编号", help="文档编号（小写英文字母、数字和 - . _）；默认取自文件名，汉字转为拼音"
                                              "（质量协议 v1.docx -> zhiliang-xieyi-v1）")
    p.add_argument("--title", metavar="标题", help="文档标题；默认取正文第一行")
    p.add_argument("--replace", action="store_true",
                   help="替换之前添加的同编号文件（不加此选项时，已被占用的编号会被拒绝并说明是哪个文件；"
                        "随软件提供的语料文件从不被替换）")
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("search", help="混合检索条款（关键词 + 语义）",
                       description="用 BM25（jieba 分词）和向量检索条款，按排名融合。问题中写明的条款（条例第三十五条）排在最前。")
    p.add_argument("query", metavar="检索词", help="要检索的内容，例如 谁负责产品上市放行")
    p.add_argument("--k", type=int, default=5, metavar="数量", help="结果数（默认 5）")
    p.add_argument("--doc", action="append", metavar="文档编号", help="只检索这个文件（可重复使用）")
    p.add_argument("--in-force", action="store_true", help="只检索现行有效的文件")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("ask", help="回答问题并注明依据（谁负责、时限……）",
                       description="根据条款及其职责标注回答问题，引用条款原文；知识库中没有依据时回答“知识库中未找到依据”。")
    p.add_argument("question", nargs="?", metavar="问题", help="要问的问题，例如 代工厂能不能再外包？")
    p.add_argument("--batch", metavar="文件",
                   help='回答 JSON Lines 文件中的每个问题（- 表示标准输入），每行一个 {"id", "question", '
                        '"conversation"（可选）} 对象；按顺序每个问题输出一行 "id<TAB>回答"，加 --json 时输出回答的 JSON 并带 "id"')
    p.add_argument("--k", type=int, default=5, metavar="数量", help="引用条款数（默认 5）")
    p.add_argument("--doc", action="append", metavar="文档编号", help="只依据这个文件（可重复使用）")
    p.add_argument("--all-status", action="store_true", help="也检索已被替代的文件")
    p.add_argument("--json", action="store_true",
                   help="输出 JSON：question、answer、parties、citations、abstained、confidence、verdict、frame、readings、"
                        "notice（回答只依据关键词检索时说明原因，否则为 null）")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("stats", help="索引中有什么", description="索引中的文件和条款数。")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("doctor", help="检查索引是否损坏，并说明怎么办",
                       description="全面检查当前索引（CURRENT、索引清单、每条条款、BM25、向量库和一次试查询、建索引所用的语料），"
                                   "不做任何改动。索引不可用时退出码为 1；`regkb ingest --rebuild` 从语料重建索引。")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(func=cmd_doctor)

    p = sub.add_parser("show", help="按编号显示一条条款", description="显示一条条款、它的出处和职责标注。")
    p.add_argument("clause_id", metavar="条款编号", help="例如 nmpa-2024-38-entrusted-production-notice:s1/i8")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("matrix", help="职责矩阵：活动 × 主体，每格注明出处",
                       description="谁应当 / 不得 / 可以做什么：活动（qa_app/data/activities.yaml）× 主体，每格列出职责语句、"
                                   "情态和出处。默认输出 Markdown；已被替代的文件除非点名，否则不用。")
    p.add_argument("--docs", nargs="+", metavar="文档编号", help="只用这些文件（编号见 `regkb stats`）")
    p.add_argument("--include-superseded", action="store_true", help="也用已被替代的文件")
    p.add_argument("--activities", metavar="文件", help="用这个活动 YAML 文件代替随软件提供的")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="JSON：行、列和带出处的单元格")
    fmt.add_argument("--md", action="store_true", help="Markdown 报告（默认）")
    fmt.add_argument("--xlsx", action="store_true", help="Excel 工作簿（需要 --out）")
    p.add_argument("--out", metavar="文件", help="写入文件，而不是输出到屏幕")
    p.set_defaults(func=cmd_matrix)

    p = sub.add_parser("quiz", help="从法规生成培训题，每题注明出处",
                       description="根据职责标注（谁负责、判断题、时限和术语填空、某主体有哪些职责）和义务记录（案例题：具名企业、"
                                   "省份、产品）出题，每题对应其条款并经过校验（也用问答功能作答，不一致之处注在题上），"
                                   "输出为培训平台可导入的格式。docx/md 输出试卷，并在旁边输出带答案的 名称-answers 文件。"
                                   "--stats 文件 输出在页面上答题的统计。")
    p.add_argument("--n", type=int, default=20, metavar="数量", help="题目数（默认 20）")
    p.add_argument("--types", nargs="+", metavar="题型", help="single（单选）、truefalse（判断）、fill（填空）、multi（多选）、scenario（案例）；默认全部")
    p.add_argument("--docs", nargs="+", metavar="文档编号", help="只用这些文件（编号见 `regkb stats`）")
    p.add_argument("--topics", nargs="+", metavar="主题", help="只出这些主题的题（放行、质量协议、召回……）")
    p.add_argument("--parties", nargs="+", metavar="主体", help="只出这些主体的职责（注册人、受托生产企业……）")
    p.add_argument("--difficulty", nargs="+", metavar="难度", help="easy（易）、medium（中）、hard（难）；默认全部")
    p.add_argument("--seed", type=int, default=1, metavar="种子", help="相同的种子得到相同的题目（默认 1）")
    p.add_argument("--format", choices=["json", "csv", "xlsx", "gift", "moodle-xml", "anki", "docx", "md"],
                   help="输出格式")
    p.add_argument("--out", metavar="文件", help="要写入的文件")
    p.add_argument("--stats", metavar="文件", help="不出题，而是把在页面上答题的统计（正确率、各选项的选择次数）"
                                                 "写入文件（.csv/.xlsx）")
    p.set_defaults(func=cmd_quiz)

    p = sub.add_parser("check", help="按法规审查质量协议",
                       description="审查《医疗器械委托生产质量协议》（.docx .pdf .txt .md，或用 - 从标准输入读取文本）："
                                   "逐项列出法规要求已覆盖 / 部分覆盖 / 缺失，以及每条违规约定（把上市放行或不良事件监测交给"
                                   "受托方、转委托、超出证书范围的约定……），每项附协议原文和法规原文，并说明协议中各方名称的"
                                   "理解（甲方 = 沐辰公司 = 委托方（注册人））。协议只在内存中读取，不保存、不入库。",
                       epilog="退出码：0 = 没有错误级违规（可能仍有警告和缺失）；1 = 至少一处错误级违规（可用于文档流程把关），"
                              "或没有可用的索引；2 = 输入有误（文件不存在、无法读取、为空、是扫描件或过大）。")
    p.add_argument("file", metavar="文件", help="协议文件，或用 - 从标准输入读取文本")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.add_argument("--report", metavar="文件", help="另外写一份报告：文件.docx（Word）或 文件.md（Markdown）")
    p.add_argument("--redline", metavar="输出.docx",
                   help="仅限 .docx 协议：写一份副本，在每处违规和部分覆盖处加 Word 批注（依据和建议措辞），"
                        "缺失的条款附在文末")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("feedback", help="问答页上的评价：汇总，或导出 👎 的回答",
                       description="不带选项：显示 👍 / 👎 各有多少个回答，以及最近的 👎 问题和原因。同一轮回答评价多次的，"
                                   "按最后一次计。评价保存在 REGKB_HOME/feedback.jsonl。")
    p.add_argument("--export", metavar="文件",
                   help="把 👎 的回答（问题、回答、引用、原因）写入文件：.csv（中文表头，可用 Excel 打开）或 .jsonl")
    p.add_argument("--all", action="store_true", help="与 --export 一起用：导出所有评价过的回答，而不只是 👎")
    p.set_defaults(func=cmd_feedback)

    p = sub.add_parser("serve", help="通过 HTTP 提供知识库（JSON 接口，兼容 OpenAI 的对话接口）",
                       description="供机器人、OA 系统和门户使用的 HTTP 接口：/v1/ask（即 `ask --json` 的回答）、/v1/search、"
                                   "/v1/clauses/编号、/v1/check、/v1/quiz、/v1/chat/completions（兼容 OpenAI）、/healthz；"
                                   "接口文档在 /docs。设置了 REGKB_API_TOKEN 时，请求须带 "
                                   "`Authorization: Bearer $REGKB_API_TOKEN`；未设置时只监听 127.0.0.1。")
    p.add_argument("--host", default="127.0.0.1", metavar="地址", help="监听地址（默认 127.0.0.1）")
    p.add_argument("--port", type=int, default=8700, metavar="端口", help="端口（默认 8700）")
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "k", 1) is not None and getattr(args, "k", 1) < 1:
        print(msg.ERROR.format(message=msg.K_TOO_SMALL), file=sys.stderr)
        return 2
    try:
        return args.func(args, Settings())
    except RegkbError as exc:
        print(msg.ERROR.format(message=exc), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(msg.ERROR.format(message=msg.INTERRUPTED), file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader stopped early (`regkb ask --batch q.jsonl | head`): no traceback at interpreter exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
