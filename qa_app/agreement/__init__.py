"""Agreement gap check: a 医疗器械委托生产质量协议 against what the regulations require.

``read_agreement`` / ``agreement_from_bytes`` / ``agreement_from_text`` turn a file, an
upload or pasted text into numbered clauses; ``AgreementChecker.from_kb(kb).check(...)``
gives a :class:`CheckReport` (covered / partial / missing per requirement, violations,
each with evidence and the verbatim legal basis); ``report`` renders it as DOCX or
Markdown. The agreement itself stays in memory: nothing is written, indexed or logged.
"""

from qa_app.agreement.check import AgreementChecker, Basis, CheckReport, Evidence, Finding, Violation
from qa_app.agreement.document import (
    MAX_CLAUSES,
    Agreement,
    AgreementClause,
    agreement_from_bytes,
    agreement_from_text,
    read_agreement,
    split_clauses,
)
from qa_app.agreement.report import render_report, to_docx, to_markdown, write_report
from qa_app.agreement.requirements import (
    DEFAULT_LIBRARY,
    LibraryError,
    Requirement,
    RequirementLibrary,
    Rule,
    load_library,
)

__all__ = [
    "DEFAULT_LIBRARY", "MAX_CLAUSES", "Agreement", "AgreementChecker", "AgreementClause", "Basis",
    "CheckReport", "Evidence", "Finding", "LibraryError", "Requirement", "RequirementLibrary", "Rule",
    "Violation", "agreement_from_bytes", "agreement_from_text", "load_library", "read_agreement",
    "render_report", "split_clauses", "to_docx", "to_markdown", "write_report",
]
