"""What the `regkb` command line and the app's frame say to a user, in one place and in Chinese.

Sentences are ``str.format`` templates named for the moment they are shown; each says what
happened and, when something is wrong, what to do. Labels for the index's own words (status,
level, clause kind, modality, doctor's check names) are here too, so the CLI and the pages show
the same word. Library errors (``ingest.errors.RegkbError``) carry their own Chinese message
from where they are raised; ``tests/test_messages.py`` checks all of them stay Chinese.

``ARGPARSE`` translates argparse's own words ("usage:", "options", "the following arguments are
required") by their gettext message ids; ``qa_app/cli.py`` installs it.
"""

from __future__ import annotations

# -- labels ------------------------------------------------------------------------------

STATUS_LABELS = {"in_force": "现行有效", "superseded": "已废止/被替代", "reference": "参考"}
LEVEL_LABELS = {"national": "国家", "provincial": "省级", "municipal": "市级", "district": "区县"}
KIND_LABELS = {"article": "条", "item": "项", "preamble": "序言", "table_row": "表格行", "non_normative": "非规范性内容"}
DUTY_LABELS = {"obligation": "应当", "prohibition": "不得", "permission": "可以", "recommendation": "鼓励",
               "default_rule": "原则上"}
CHECK_STATUS = {"ok": "正常", "warn": "警告", "fail": "失败"}
CHECK_LABELS = {"CURRENT": "当前索引", "manifest": "索引清单", "files": "文件", "clauses": "条款", "bm25": "关键词索引",
                "vectors": "向量库", "corpus": "语料", "other generations": "旧版本索引"}

# -- the app's frame (qa_app/ui/app.py) ----------------------------------------------------

APP_CAPTION = "离线检索医疗器械注册人制度相关法规、规章和指南的原文条款，每条结果都注明出处。"
SETUP_FOLDERS = "语料目录：{corpus}　索引目录：{home}"
SETUP_BUTTON = "立即建立索引"
SETUP_BUILDING = "正在建立索引（通常不到一分钟）…"
LOADING_MODEL = "正在加载向量模型…"
OPENING_KB = "正在打开知识库…"
NO_HITS = "未找到相关条款"
NO_HITS_IN_FORCE = "已勾选“仅现行有效”：已被替代的文件未参与检索。"

# -- the command line (qa_app/cli.py) -----------------------------------------------------

ERROR = "regkb：{message}"
NOTICE = "注意：{notice}\n"
K_TOO_SMALL = "--k 至少为 1：请给出 1 或更大的数，例如 --k 5。"
INTERRUPTED = "已中断：原有索引未改变。"

INGEST_REBUILDING = "正在重建整个索引：{reason}。"
INGEST_UP_TO_DATE = "索引已是最新（{clauses} 条条款，{documents} 部文件），检查用时 {seconds:.1f} 秒。"
INGEST_DONE = ("已为 {documents} 部文件建立 {clauses} 条条款的索引，用时 {seconds:.1f} 秒：新增 {added} 部，修改 {changed} 部，"
               "未变 {unchanged} 部，删除 {removed} 部；计算向量的条款 {embedded} 条。")
INGEST_WHERE = "索引位置：{path}"
ADD_DONE = "已添加 {file}：文档编号 {doc_id}，《{title}》{replaced}（{target}）。"
ADD_REPLACED = "，替换了之前添加的《{title}》"
ADD_INDEX = "索引现有 {clauses} 条条款（本次新计算向量 {embedded} 条）。"

SEARCH_NONE = "未找到相关条款。"
SEARCH_HIT = "{rank}. {ref}{flag}  （得分 {score:.4f}）\n   编号：{id}"
SEARCH_FLAG = "  [{status}]"

ASK_ONE_OR_BATCH = '请给出一个问题，或用 --batch 文件.jsonl 给出一批问题（每行一个 {"id", "question"} 对象），二者只能选一。'
BATCH_UNREADABLE = "无法读取 {name}：{reason}。请给出 UTF-8 编码的 JSON Lines 文件，或用 - 表示标准输入。"
BATCH_NOT_JSON = "第 {line} 行不是 JSON（第 {column} 个字符处有误）"
BATCH_NO_QUESTION = '第 {line} 行没有非空的 "question" 文本'
BATCH_PROBLEMS = '{source}：{problems}。请每行写一个 JSON 对象，例如 {{"id": 1, "question": "谁负责上市放行？"}}；所有问题均未回答。'
BATCH_EMPTY = '{source}：没有问题。请每行写一个带 "question" 的 JSON 对象。'
STDIN = "标准输入"

STATS_HEAD = "索引 {generation}（建于 {created}，向量模型 {embedder}）"
STATS_COUNTS = "{documents} 部文件，{clauses} 条条款（其中 {indexed} 条可检索）"
STATS_DOCUMENTS = "文件："

DOCTOR_HEAD = "索引目录 {home}（向量库：{vectors}）"
DOCTOR_EMBEDDED = "内置"
DOCTOR_FINDING = "  [{status}] {check}：{detail}"
DOCTOR_FAILED = "索引不可用。运行 `regkb ingest --rebuild` 从语料重建索引（语料不会改变）。"
DOCTOR_WARNED = "索引可以使用；请看上面的警告。"
DOCTOR_HEALTHY = "索引完好。"

SHOW_WHERE = "编号 {id} · {kind} · 字符 {start}-{end}{normative}"
SHOW_NON_NORMATIVE = " · 非规范性内容"
SHOW_DUTIES = "\n职责："

MATRIX_XLSX_NEEDS_OUT = "--xlsx 输出 Excel 工作簿：请用 --out 给出文件名，例如 --out 职责矩阵.xlsx。"
MATRIX_WRITTEN = "已写入 {out}：{activities} 项活动 × {parties} 个主体，{cells} 个单元格有内容，来自 {documents} 部文件。"

QUIZ_STATS_FORMAT = "--stats 输出 .csv 或 .xlsx 文件：请把文件名写成例如 统计.xlsx。"
QUIZ_NO_ANSWERS = "还没有记录任何答题：请先在“培训题库”页面做一次测验。"
QUIZ_STATS_WRITTEN = "已将 {n} 道题的统计写入 {out}。"
QUIZ_NEEDS_FORMAT = "regkb quiz 需要 --format 和 --out（或用 --stats 文件 输出答题统计）。"
QUIZ_NONE = "没有符合这些条件的题目：请放宽 --docs/--topics/--parties/--difficulty。"
QUIZ_PROBLEM = "警告：{message}"
FEEDBACK_ALL_NEEDS_EXPORT = "--all 用于导出：例如 regkb feedback --export 反馈.csv --all。"
FEEDBACK_EXPORTED = "已导出 {n} 条{what}到 {out}。"
QUIZ_REVIEW = "需复核：第{item}题：{note}"
QUIZ_FEWER = "只有 {n} 道题符合这些条件（要求 {wanted} 道）。"
QUIZ_WRITTEN = "已将 {n} 道题（{counts}）写入 {files}。"

CHECK_REDLINE_DOCX = ("--redline 在协议原件上加批注：协议文件和输出文件都必须是 Word (.docx)，"
                      "例如 regkb check 协议.docx --redline 协议-批注.docx。")
CHECK_REDLINE_UNWRITABLE = "无法写入批注版 '{path}'：{reason}。请换一个可写的位置。"
CHECK_REPORT_WRITTEN = "报告已写入 {path}。"
CHECK_REDLINE_WRITTEN = "批注版已写入 {path}（每处违规和部分覆盖一条批注，缺失条款附在文末）。"

# -- argparse's own words, by gettext message id (Python 3.11 argparse) ----------------------

ARGPARSE = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示此帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n运行 %(prog)s --help 查看用法。\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "%(value)r 不是有效的值：此处需要一个整数",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多一个值",
    "expected at least one argument": "至少需要一个值",
    "expected %s argument": "需要 %s 个值",
    "expected %s arguments": "需要 %s 个值",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 必须给出其一",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确：可能是 %(matches)s",
    "ignored explicit argument %r": "多余的值 %r 被忽略",
    "unexpected option string: %s": "意外的选项：%s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "未知的命令 %(parser_name)r（可选：%(choices)s）",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
}
