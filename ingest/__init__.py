"""regkb ingest: corpus files -> Document -> Clause records -> duties/tokens -> index.

A pure library: nothing here knows about Streamlit or the CLI.
"""

import importlib

# Where each re-exported name lives. They are imported on first use (PEP 562), so that
# `regkb --help` and a reader that needs only a few modules do not load the Word and PDF
# readers, numpy and the rest.
_HOMES = {
    "load_document": "corpus", "parse_document": "corpus", "DutyAnnotator": "duties", "PartyLexicon": "duties",
    "Embedder": "embed", "make_embedder": "embed", "IndexFormatError": "errors", "IndexMissingError": "errors",
    "InputError": "errors", "RegkbError": "errors", "UnknownIdError": "errors", "Ingestor": "index",
    "IngestReport": "index", "IndexStore": "index", "cn_to_int": "numerals", "int_to_cn": "numerals",
    "Clause": "records", "Document": "records", "Duty": "records", "Settings": "settings", "segment": "structure",
    "Tokenizer": "tokenize",
}


def __getattr__(name: str):
    if name in _HOMES:
        return getattr(importlib.import_module(f"ingest.{_HOMES[name]}"), name)
    raise AttributeError(f"module 'ingest' has no attribute {name!r}")


__all__ = [
    "Clause", "Document", "Duty", "DutyAnnotator", "Embedder", "IndexFormatError", "IndexMissingError",
    "IndexStore", "Ingestor", "IngestReport", "InputError", "PartyLexicon", "RegkbError", "Settings",
    "Tokenizer", "UnknownIdError", "cn_to_int", "int_to_cn", "load_document", "make_embedder",
    "parse_document", "segment",
]
