"""regkb ingest: corpus files -> Document -> Clause records -> duties/tokens -> index.

A pure library: nothing here knows about Streamlit or the CLI.
"""

from ingest.corpus import load_document, parse_document
from ingest.duties import DutyAnnotator, PartyLexicon
from ingest.embed import Embedder, make_embedder
from ingest.errors import IndexFormatError, IndexMissingError, InputError, RegkbError, UnknownIdError
from ingest.index import Ingestor, IngestReport, IndexStore
from ingest.numerals import cn_to_int, int_to_cn
from ingest.records import Clause, Document, Duty
from ingest.settings import Settings
from ingest.structure import segment
from ingest.tokenize import Tokenizer

__all__ = [
    "Clause", "Document", "Duty", "DutyAnnotator", "Embedder", "IndexFormatError", "IndexMissingError",
    "IndexStore", "Ingestor", "IngestReport", "InputError", "PartyLexicon", "RegkbError", "Settings",
    "Tokenizer", "UnknownIdError", "cn_to_int", "int_to_cn", "load_document", "make_embedder",
    "parse_document", "segment",
]
