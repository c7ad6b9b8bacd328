"""Import the regulation source texts into corpus/ as markdown with YAML front matter.

Reads the 5 seed documents and the 20 RASAAS texts from the shared folder, removes
only conversion debris (markdown bold, links, escapes, stray whitespace; the full list
is in corpus/README.md), and writes one ``corpus/<id>.md`` per document. The wording
must stay exactly as published, because answers quote it; so after writing, every
document is checked: its text, ignoring whitespace and markup characters, must equal
the source's, less the few whole lines dropped on purpose (provenance lines).

The metadata below was filled by reading each text. Values that come from outside the
text are listed per document under ``outside`` and explained in corpus/README.md
(``status`` always is: no text can say it is still in force); where neither the text
nor the public record gives a value, it is null.

Usage (from the repo root; the shared folder sits beside the repo)::

    python scripts/import_corpus.py [--shared DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import datetime
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
RASAAS_COMMIT = "c8d150616668cb5b6e19d1c6cfecb079d579521c"
RASAAS_LICENSE = "CC BY 4.0, attribution: RASAAS (docmcp-knowledge)"
SEED_LICENSE = "public government document"

# Front-matter keys, in the order they are written.
FIELDS = (
    "id", "title", "cite_as", "aliases", "doc_number", "issuer", "level", "region",
    "issued", "effective", "status", "superseded_by", "kind", "source", "source_url", "license",
)
# Keys left out of the front matter when they have no value (all others are written as null).
OMIT_IF_EMPTY = ("superseded_by", "source_url")

NATIONAL = {"level": "national", "region": "全国"}
NMPA = "国家药品监督管理局"
CFDA = "国家食品药品监督管理总局"
SAMR = "国家市场监督管理总局"

# One entry per document, keyed by corpus id. "path" is relative to the shared folder;
# "outside" names the fields whose value is not stated in the text itself.
DOCS: dict[str, dict] = {
    # ---- seeds -------------------------------------------------------------------
    "nmpa-2022-cross-region-opinion": dict(
        path="seeds/000_18ad802a0288adc8.txt",
        # The text has no title line; seed 002 cites it as 《关于加强…意见》.
        title="国家药监局综合司关于加强医疗器械跨区域委托生产协同监管工作的意见",
        cite_as="《关于加强医疗器械跨区域委托生产协同监管工作的意见》",
        aliases=["跨区域委托生产协同监管意见", "跨区域协同监管意见", "药监综械管〔2022〕21号"],
        doc_number="药监综械管〔2022〕21号",
        issuer="国家药品监督管理局综合司",
        **NATIONAL, issued=None, effective=None, status="in_force", kind="notice",
        outside=["title", "doc_number", "issuer"],
    ),
    "hubei-entrusted-production-qms-guide": dict(
        path="seeds/001_44427897253b6b6e.txt",
        title="湖北省医疗器械注册人委托生产质量管理体系实施指南（试行）",
        cite_as="湖北指南",
        aliases=["湖北指南", "湖北省医疗器械注册人委托生产质量管理体系实施指南"],
        doc_number=None, issuer="湖北省药品监督管理局",
        level="provincial", region="湖北省", issued=None, effective=None,
        # A pilot-period guide built on 国务院令第680号 and 总局令第7号, both since replaced.
        status="reference", kind="guide",
        title_split=True,  # the title is broken over the first two lines
        outside=["issuer"],
    ),
    "nmpa-2024-38-entrusted-production-notice": dict(
        path="seeds/002_9b3a192065f65827.txt",
        title="国家药监局关于进一步加强医疗器械注册人委托生产监督管理的公告",
        cite_as="2024年第38号公告",
        aliases=["38号公告", "2024年第38号公告"],
        doc_number="国家药监局公告2024年第38号", issuer=NMPA,
        **NATIONAL, issued=None, effective="2024-06-01", status="in_force", kind="notice",
        # Its embedded front matter (effective_date 2025-04-20) is wrong and is dropped.
        has_front_matter=True,
        outside=[],
    ),
    "shanxi-2021-61-vbp-quality-notice": dict(
        path="seeds/003_0c365a2fa0b22364.txt",
        # Arrives as a Jincheng city forward (晋市市监办发〔2021〕115号, 2021-10-22);
        # the document of record is the provincial notice it forwards.
        title="山西省药品监督管理局办公室关于加强集中带量采购中选医疗器械质量监管的通知",
        # Cited by its province: the title's own words say nothing of where it applies.
        cite_as="山西省药监局《关于加强集中带量采购中选医疗器械质量监管的通知》",
        aliases=["晋药监办〔2021〕61号", "61号文", "集中带量采购中选医疗器械质量监管通知"],
        doc_number="晋药监办〔2021〕61号", issuer="山西省药品监督管理局办公室",
        level="provincial", region="山西省", issued="2021-10-15", effective=None,
        status="in_force", kind="notice",
        outside=[],
    ),
    "chongqing-banan-2021-work-plan": dict(
        path="seeds/004_fd33a4924f85ac8f.txt",
        title="重庆市巴南区市场监督管理局2021年医疗器械监管工作要点",
        cite_as="《重庆市巴南区市场监督管理局2021年医疗器械监管工作要点》",
        aliases=["巴南区2021年医疗器械监管工作要点", "2021年医疗器械监管工作要点"],
        doc_number=None, issuer="重庆市巴南区市场监督管理局",
        level="district", region="重庆市巴南区", issued="2021-04-09", effective=None,
        # An annual work plan: it governed 2021 only.
        status="reference", kind="notice",
        outside=[],
    ),
    # ---- RASAAS docmcp-knowledge texts ------------------------------------------
    "gmp-2014-64": dict(
        title="医疗器械生产质量管理规范",
        cite_as="《医疗器械生产质量管理规范》（2014年第64号）",
        aliases=["2014版GMP", "GMP2014", "2014年第64号", "64号公告"],
        doc_number="国家食品药品监督管理总局公告2014年第64号", issuer=CFDA,
        # Issue date: gmp-2025 第一百三十二条 (2014年12月29日…发布).
        **NATIONAL, issued="2014-12-29", effective="2015-03-01",
        status="superseded", superseded_by="gmp-2025", kind="rule",
        outside=["doc_number"],
    ),
    "gmp-2025": dict(
        title="医疗器械生产质量管理规范",
        cite_as="《医疗器械生产质量管理规范》",
        aliases=["GMP", "生产质量管理规范", "GMP2025", "2025版GMP"],
        doc_number=None, issuer=NMPA,
        **NATIONAL, issued=None, effective="2026-11-01", status="in_force", kind="rule",
        outside=["issuer"],
    ),
    "nmpa-2015-1-supplier-audit-guide": dict(
        title="医疗器械生产企业供应商审核指南",
        cite_as="《医疗器械生产企业供应商审核指南》",
        aliases=["供应商审核指南", "2015年第1号"],
        doc_number="国家食品药品监督管理总局通告2015年第1号", issuer=CFDA,
        **NATIONAL, issued=None, effective=None, status="in_force", kind="guide",
        outside=["doc_number", "issuer"],
    ),
    "nmpa-2020-104-imported-products-domestic-production": dict(
        title="国家药监局关于进口医疗器械产品在中国境内企业生产有关事项的公告",
        cite_as="《国家药监局关于进口医疗器械产品在中国境内企业生产有关事项的公告》",
        aliases=["104号公告", "2020年第104号", "进口产品境内生产公告"],
        # 本公告自公告之日起施行: effective = issue date, which the text does not give.
        doc_number="国家药监局公告2020年第104号", issuer=NMPA,
        **NATIONAL, issued=None, effective=None, status="in_force", kind="notice",
        outside=["doc_number"],
    ),
    "nmpa-2020-25-registrant-ae-monitoring-guide": dict(
        title="医疗器械注册人开展不良事件监测工作指南",
        cite_as="《医疗器械注册人开展不良事件监测工作指南》",
        aliases=["不良事件监测工作指南", "注册人不良事件监测指南", "2020年第25号"],
        doc_number="国家药监局通告2020年第25号", issuer=NMPA,
        **NATIONAL, issued=None, effective=None, status="in_force", kind="guide",
        outside=["doc_number", "issuer"],
    ),
    "nmpa-2021-126-registration-self-testing": dict(
        title="医疗器械注册自检管理规定",
        cite_as="《医疗器械注册自检管理规定》",
        aliases=["自检管理规定", "注册自检规定", "126号公告", "2021年第126号"],
        doc_number="国家药监局公告2021年第126号", issuer=NMPA,
        # A 规定 without 第X条 articles: sections 一、/（一）/1., so not kind "rule".
        **NATIONAL, issued=None, effective=None, status="in_force", kind="notice",
        outside=["doc_number", "issuer"],
    ),
    "nmpa-2021-43-ae-monitoring-inspection-points": dict(
        title="医疗器械注册人备案人开展不良事件监测工作检查要点",
        cite_as="《医疗器械注册人备案人开展不良事件监测工作检查要点》",
        aliases=["不良事件监测工作检查要点", "不良事件监测检查要点", "药监综械管〔2021〕43号"],
        # Issued by the 综合司 (seed 003 cites 《国家药监局综合司关于印发…检查要点的通知》).
        doc_number="药监综械管〔2021〕43号", issuer="国家药品监督管理局综合司",
        **NATIONAL, issued=None, effective=None, status="in_force", kind="guide",
        outside=["doc_number"],
    ),
    "nmpa-2022-124-enterprise-main-responsibility": dict(
        title="企业落实医疗器械质量安全主体责任监督管理规定",
        cite_as="《企业落实医疗器械质量安全主体责任监督管理规定》",
        aliases=["主体责任规定", "质量安全主体责任监督管理规定", "124号公告", "2022年第124号"],
        doc_number="国家药监局公告2022年第124号", issuer=NMPA,
        **NATIONAL, issued=None, effective="2023-03-01", status="in_force", kind="rule",
        outside=["doc_number", "issuer"],
    ),
    "nmpa-2022-13-annual-self-inspection-report-guide": dict(
        title="医疗器械质量管理体系年度自查报告编写指南",
        cite_as="《医疗器械质量管理体系年度自查报告编写指南》",
        aliases=["年度自查报告编写指南", "自查报告编写指南", "2022年第13号"],
        doc_number="国家药监局通告2022年第13号", issuer=NMPA,
        **NATIONAL, issued=None, effective=None, status="in_force", kind="guide",
        outside=["doc_number", "issuer"],
    ),
    "nmpa-2022-17-prohibited-entrustment-catalog": dict(
        title="禁止委托生产医疗器械目录",
        cite_as="《禁止委托生产医疗器械目录》",
        aliases=["禁止委托生产目录", "禁止委托目录", "2022年第17号"],
        doc_number="国家药监局通告2022年第17号", issuer=NMPA,
        **NATIONAL, issued=None, effective=None, status="in_force", kind="catalog",
        outside=["doc_number", "issuer"],
    ),
    "nmpa-2022-20-quality-agreement-guide": dict(
        title="医疗器械委托生产质量协议编制指南",
        cite_as="《医疗器械委托生产质量协议编制指南》",
        aliases=["编制指南", "质量协议编制指南", "2022年第20号"],
        doc_number="国家药监局通告2022年第20号", issuer=NMPA,
        **NATIONAL, issued=None, effective=None, status="in_force", kind="guide",
        outside=["doc_number", "issuer"],
    ),
    "nmpa-2022-50-registration-qms-verification-guide": dict(
        title="医疗器械注册质量管理体系核查指南",
        cite_as="《医疗器械注册质量管理体系核查指南》",
        aliases=["核查指南", "注册质量管理体系核查指南", "注册体系核查指南", "2022年第50号"],
        doc_number="国家药监局通告2022年第50号", issuer=NMPA,
        **NATIONAL, issued=None, effective=None, status="in_force", kind="guide",
        outside=["doc_number", "issuer"],
    ),
    "nmpa-order-14-flight-inspection": dict(
        title="药品医疗器械飞行检查办法",
        cite_as="《药品医疗器械飞行检查办法》",
        aliases=["飞行检查办法", "飞检办法", "14号令"],
        doc_number="国家食品药品监督管理总局令第14号", issuer=CFDA,
        **NATIONAL, issued="2015-06-29", effective="2015-09-01", status="in_force", kind="rule",
        outside=["doc_number", "issuer", "issued"],
    ),
    "nmpa-order-29-recall": dict(
        title="医疗器械召回管理办法",
        cite_as="《医疗器械召回管理办法》",
        aliases=["召回管理办法", "召回办法", "29号令"],
        doc_number="国家食品药品监督管理总局令第29号", issuer=CFDA,
        **NATIONAL, issued="2017-01-25", effective="2017-05-01", status="in_force", kind="rule",
        outside=["doc_number", "issuer", "issued"],
    ),
    "nmpa-order-6-ifu-labeling": dict(
        title="医疗器械说明书和标签管理规定",
        cite_as="《医疗器械说明书和标签管理规定》",
        aliases=["说明书和标签管理规定", "说明书标签规定", "6号令"],
        doc_number="国家食品药品监督管理总局令第6号", issuer=CFDA,
        **NATIONAL, issued="2014-07-30", effective="2014-10-01", status="in_force", kind="rule",
        outside=["doc_number", "issuer", "issued"],
    ),
    "samr-order-1-adverse-event-monitoring": dict(
        title="医疗器械不良事件监测和再评价管理办法",
        cite_as="《医疗器械不良事件监测和再评价管理办法》",
        aliases=["不良事件监测和再评价管理办法", "不良事件办法", "1号令"],
        # Number as cited in the text of nmpa-2020-25 (a joint order of two ministries).
        doc_number="国家市场监督管理总局 中华人民共和国国家卫生健康委员会令第1号",
        issuer="国家市场监督管理总局、中华人民共和国国家卫生健康委员会",
        **NATIONAL, issued="2018-08-13", effective="2019-01-01", status="in_force", kind="rule",
        outside=["issued"],
    ),
    "samr-order-47-registration-filing": dict(
        title="医疗器械注册与备案管理办法",
        cite_as="《医疗器械注册与备案管理办法》",
        aliases=["注册与备案管理办法", "注册办法", "47号令"],
        doc_number="国家市场监督管理总局令第47号", issuer=SAMR,
        **NATIONAL, issued="2021-08-26", effective="2021-10-01", status="in_force", kind="rule",
        outside=["doc_number", "issuer", "issued"],
    ),
    "samr-order-53-production-supervision": dict(
        title="医疗器械生产监督管理办法",
        cite_as="《医疗器械生产监督管理办法》",
        aliases=["生产监督管理办法", "53号令", "生产办法"],
        doc_number="国家市场监督管理总局令第53号", issuer=SAMR,
        **NATIONAL, issued="2022-03-10", effective="2022-05-01", status="in_force", kind="rule",
        outside=["doc_number", "issuer", "issued"],
    ),
    "samr-order-54-distribution-supervision": dict(
        title="医疗器械经营监督管理办法",
        cite_as="《医疗器械经营监督管理办法》",
        aliases=["经营监督管理办法", "经营办法", "54号令"],
        doc_number="国家市场监督管理总局令第54号", issuer=SAMR,
        # In force despite the RASAAS note at the top of the text claiming it was repealed
        # on 2024-07-01 (that date is when the new 医疗器械经营质量管理规范 took effect).
        **NATIONAL, issued="2022-03-10", effective="2022-05-01", status="in_force", kind="rule",
        outside=["doc_number", "issuer", "issued"],
    ),
    "state-council-order-739-md-regulation": dict(
        title="医疗器械监督管理条例",
        cite_as="《医疗器械监督管理条例》",
        aliases=["条例", "医疗器械监督管理条例", "739号令"],
        doc_number="中华人民共和国国务院令第739号", issuer="国务院",
        **NATIONAL, issued="2021-02-09", effective="2021-06-01", status="in_force", kind="rule",
        outside=["doc_number", "issuer", "issued"],
    ),
}

# ---- whole lines dropped on purpose (provenance, not wording) --------------------
SOURCE_LINE = re.compile(r"^# source: (?P<path>\S+)@(?P<commit>[0-9a-f]{40})\s*$")
# "原文链接：<url>" (seed 002) or "[**原文链接**](<url>)" (gmp-2014-64): a link to the
# official page, which belongs in source_url rather than in the body.
ORIGINAL_LINK = re.compile(
    r"^\s*\[?(?:\*\*)?原文链接(?:\*\*)?\]?[：:]?\s*\(?<(?P<url>https?://[^>\s]+)>\)?\s*$"
)
RULE_LINE = re.compile(r"^\s*(?:~{3,}|={3,}|-{3,})\s*$")

# ---- markup cleaned inside lines --------------------------------------------------
# [text](<url>) or [text](url) -> text; not images (![alt](src)), which are kept.
LINK = re.compile(r"(?<!!)\[([^\[\]]*)\]\(<?[^()<>\s]*>?\)")
ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
BULLET = re.compile(r"^[ \t]*[*-] ")
# ASCII blanks plus the ideographic space and NBSP that the government pages use for indents.
BLANKS = " \t\r\f\v\u3000\u00a0"


@dataclass
class Source:
    """One source text split into the lines kept for the body and what was lifted out."""

    lines: list[str]
    source_path: str | None = None  # RASAAS path@commit from the "# source:" line
    source_url: str | None = None  # from a 原文链接 line
    dropped: list[str] = field(default_factory=list)


def split_off_provenance(raw: str, meta: dict) -> Source:
    """Remove the whole lines that are provenance or layout, not text of the document."""
    lines = raw.replace("\r\n", "\n").split("\n")
    src = Source(lines=[])
    if meta.get("has_front_matter"):
        # Seed 002 starts with a YAML block of its own whose dates are wrong.
        end = lines.index("---", 1)
        src.dropped += lines[: end + 1]
        lines = lines[end + 1 :]
    previous = ""
    for i, line in enumerate(lines):
        if i == 0 and (m := SOURCE_LINE.match(line)):
            src.source_path = f"{m['path']}@{m['commit']}"
        elif m := ORIGINAL_LINK.match(line):
            src.source_url = m["url"]
        elif RULE_LINE.match(line) and not (line.strip().startswith("-") and previous.strip()):
            # A dash run right under a text line is html2text's one-column table header
            # separator (nmpa-2020-25, nmpa-2022-20): structure, so it stays.
            pass
        else:
            src.lines.append(line)
            previous = line
            continue
        src.dropped.append(line)
    return src


def clean_line(line: str) -> str:
    """Strip blanks at both ends; table and bullet lines keep their leading indentation."""
    if line.lstrip(BLANKS).startswith("|") or BULLET.match(line):
        return line.rstrip(BLANKS)
    return line.strip(BLANKS)


def join_split_title(lines: list[str], title: str) -> list[str]:
    """Join a title that the source broke over its first two lines (seed 001)."""
    first, second = [i for i, line in enumerate(lines) if line][:2]
    if lines[first] + lines[second] != title:
        raise ValueError(f"expected the title {title!r} split over the first two lines")
    return [lines[first] + lines[second]] + lines[second + 1 :]


def clean_body(src: Source, meta: dict) -> str:
    """Remove conversion debris from the kept lines; the wording itself is not touched."""
    text = "\n".join(src.lines)
    text = text.replace("**", "")  # bold markers, including empty pairs like ** **
    text = LINK.sub(r"\1", text)  # before unescaping, so escaped brackets are not links
    text = ESCAPE.sub(r"\1", text)
    lines = [clean_line(line) for line in text.split("\n")]
    if meta.get("title_split"):
        lines = join_split_title(lines, meta["title"])
    body = "\n".join(lines).strip("\n")
    body = re.sub(r"\n{3,}", "\n\n", body)  # at most one blank line in a row
    return body + "\n"


def wording(text: str) -> str:
    """The text with whitespace, markup characters and link targets removed."""
    text = re.sub(r"\]\(<?[^()<>\s]*>?\)", "]", text)
    return re.sub(rf"[\s{BLANKS}*\\\[\]]", "", text)


def check_body(doc_id: str, src: Source, body: str) -> None:
    """Fail loudly if cleaning changed, lost or added any wording."""
    kept, cleaned = wording("\n".join(src.lines)), wording(body)
    if kept != cleaned:
        at = next(
            (i for i, (a, b) in enumerate(zip(kept, cleaned)) if a != b),
            min(len(kept), len(cleaned)),
        )
        raise AssertionError(
            f"{doc_id}: wording differs at char {at}: "
            f"source {kept[at - 20 : at + 20]!r} vs corpus {cleaned[at - 20 : at + 20]!r}"
        )
    for debris in ("**", "](", "\\"):
        # Images (![..](..)) are kept as they are; every other link must be gone.
        leftovers = [ln for ln in body.split("\n") if debris in ln and not ln.startswith("![")]
        if leftovers:
            raise AssertionError(f"{doc_id}: {debris!r} left in {leftovers[0][:60]!r}")


def front_matter(doc_id: str, meta: dict, src: Source, filename: str) -> dict:
    """The front-matter mapping, in FIELDS order."""
    if src.source_path:
        repo_path = src.source_path.removeprefix("RASAAS/docmcp-knowledge/")
        source = f"RASAAS docmcp-knowledge {repo_path}"
        license_ = RASAAS_LICENSE
    else:
        source, license_ = f"seed document {filename}", SEED_LICENSE
    values = dict(meta, id=doc_id, source=source, source_url=src.source_url, license=license_)
    for key in ("issued", "effective"):
        if values.get(key):
            values[key] = datetime.date.fromisoformat(values[key])
    out = {}
    for key in FIELDS:
        value = values.get(key)
        if value is None and key in OMIT_IF_EMPTY:
            continue
        out[key] = value
    return out


def render(fm: dict, body: str) -> str:
    """Markdown file text: YAML front matter, a blank line, the body."""
    yaml_text = yaml.safe_dump(
        fm, allow_unicode=True, sort_keys=False, default_flow_style=None, width=200
    )
    return f"---\n{yaml_text}---\n\n{body}"


def source_path(doc_id: str, meta: dict, shared: Path) -> Path:
    # RASAAS texts are named after their id; seeds are listed explicitly.
    return shared / meta.get("path", f"regulations/{doc_id}.md")


ALLOWED = {
    "level": {"national", "provincial", "municipal", "district"},
    "status": {"in_force", "superseded", "reference"},
    "kind": {"rule", "notice", "guide", "catalog"},
}


def validate_table(shared: Path) -> None:
    """Catch slips in DOCS before writing anything, and make sure no source is skipped."""
    for doc_id, meta in DOCS.items():
        for key, allowed in ALLOWED.items():
            if meta[key] not in allowed:
                raise SystemExit(f"{doc_id}: {key} {meta[key]!r} is not one of {sorted(allowed)}")
        if (meta["status"] == "superseded") != ("superseded_by" in meta):
            raise SystemExit(f"{doc_id}: superseded_by goes with status superseded, and only there")
        if meta.get("superseded_by", doc_id) not in DOCS:
            raise SystemExit(f"{doc_id}: superseded_by names an unknown id")
        if unknown := set(meta["outside"]) - set(FIELDS):
            raise SystemExit(f"{doc_id}: outside names unknown fields {sorted(unknown)}")
    on_disk = {p.stem for p in (shared / "regulations").glob("*.md")} - {"SOURCES"}
    in_table = {k for k, m in DOCS.items() if "path" not in m}
    if on_disk != in_table:
        raise SystemExit(
            f"regulations/ and DOCS disagree: only on disk {sorted(on_disk - in_table)}, "
            f"only in DOCS {sorted(in_table - on_disk)}"
        )


def read_source(doc_id: str, meta: dict, shared: Path) -> tuple[Path, Source]:
    """Read one source text and lift out its provenance lines."""
    path = source_path(doc_id, meta, shared)
    src = split_off_provenance(path.read_text(encoding="utf-8"), meta)
    if "path" not in meta and not src.source_path:
        raise SystemExit(f"{path}: a RASAAS text must start with '# source: ...@commit'")
    if src.source_path and not src.source_path.endswith(RASAAS_COMMIT):
        raise SystemExit(f"{path}: expected RASAAS commit {RASAAS_COMMIT}")
    return path, src


def split_written(text: str) -> tuple[dict, str]:
    """Front matter and body of a written corpus file."""
    head, body = text.removeprefix("---\n").split("\n---\n\n", 1)
    return yaml.safe_load(head), body


def import_corpus(shared: Path, out: Path) -> None:
    """Write out/<id>.md for every document in DOCS and check each file as written."""
    validate_table(shared)
    out.mkdir(parents=True, exist_ok=True)
    for doc_id, meta in DOCS.items():
        path, src = read_source(doc_id, meta, shared)
        body = clean_body(src, meta)
        target = out / f"{doc_id}.md"
        fm = front_matter(doc_id, meta, src, path.name)
        target.write_text(render(fm, body), encoding="utf-8")
        # Check what actually landed on disk, not the string we meant to write.
        parsed, written = split_written(target.read_text(encoding="utf-8"))
        if parsed["id"] != doc_id or list(parsed) != [k for k in FIELDS if k in parsed]:
            raise AssertionError(f"{target}: front matter does not parse back in FIELDS order")
        if missing := [k for k in FIELDS if k not in parsed and k not in OMIT_IF_EMPTY]:
            raise AssertionError(f"{target}: front matter lacks {missing}")
        check_body(doc_id, src, written)
        print(
            f"{doc_id:55} {len(written):6} chars {written.count(chr(10)):5} lines"
            f"  ({len(src.dropped)} provenance lines dropped)"
        )
    stale = {p.name for p in out.glob("*.md")} - {f"{k}.md" for k in DOCS} - {"README.md"}
    if stale:
        print(f"note: {out} also holds {sorted(stale)}, not written by this script")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--shared", type=Path, default=REPO_ROOT.parent / "shared",
        help="folder holding seeds/ and regulations/ (default: ../shared beside the repo)",
    )
    parser.add_argument(
        "--out", type=Path, default=REPO_ROOT / "corpus",
        help="where to write <id>.md (default: corpus/ in the repo)",
    )
    args = parser.parse_args(argv)
    if not (args.shared / "regulations").is_dir() or not (args.shared / "seeds").is_dir():
        parser.error(f"{args.shared} has no seeds/ and regulations/; pass --shared DIR")
    import_corpus(args.shared, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
