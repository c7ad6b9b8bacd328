"""The requirement library (qa_app/agreement/requirements.yaml): it loads against the
corpus, every basis id resolves, and a malformed library is refused at load."""

from __future__ import annotations

import copy

import pytest
import yaml

from ingest.corpus import corpus_files, load_document
from ingest.structure import segment
from qa_app.agreement.requirements import DEFAULT_LIBRARY, LibraryError, load_library, parse_library
from tests.conftest import CORPUS


@pytest.fixture(scope="session")
def corpus_clauses():
    """Every clause of the shipped corpus by id, as the index holds them (no index needed)."""
    return {c.id: c for path in corpus_files(CORPUS) for c in segment(load_document(path))}


@pytest.fixture
def raw():
    return yaml.safe_load(DEFAULT_LIBRARY.read_text(encoding="utf-8"))


def test_shipped_library_loads_and_every_basis_resolves(corpus_clauses):
    library = load_library(corpus_clauses)
    ids = [r.id for r in library.requirements] + [r.id for r in library.rules]
    assert len(ids) == len(set(ids))
    assert sum(r.mandatory for r in library.requirements) >= 25
    assert {r.id for r in library.requirements if not r.mandatory} >= {
        "intellectual-property", "confidentiality", "insurance"}
    assert {r.id for r in library.rules} == {
        "market-release-to-manufacturer", "adverse-event-duty-to-manufacturer", "re-entrustment-allowed",
        "term-beyond-certificates", "prohibited-catalog-product", "implant-without-resident-staff"}
    assert library.basis_ids() <= set(corpus_clauses)


def test_basis_is_the_right_law(corpus_clauses):
    library = load_library(corpus_clauses)
    release = library.requirement("release")
    assert "samr-order-53-production-supervision:art34" in release.basis
    assert "上市放行" in corpus_clauses["samr-order-53-production-supervision:art34"].text
    rule = next(r for r in library.rules if r.id == "adverse-event-duty-to-manufacturer")
    assert "不得通过质量协议向受托生产企业转移" in corpus_clauses[rule.basis[0]].text
    catalog = next(r for r in library.rules if r.id == "prohibited-catalog-product")
    assert all(b.startswith("nmpa-2022-17-prohibited-entrustment-catalog:") for e in catalog.entries for b in e.basis)


def test_folded_chinese_text_has_no_spurious_spaces(corpus_clauses):
    library = load_library(corpus_clauses)
    for item in (*library.requirements, *library.rules):
        assert "， " not in item.suggestion and "审核， 符合" not in item.suggestion


def test_unknown_basis_id_is_an_error_at_load(raw, corpus_clauses, tmp_path):
    raw["requirements"][0]["basis"].append("samr-order-53-production-supervision:art999")
    path = tmp_path / "library.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(LibraryError, match="art999"):
        load_library(corpus_clauses, path)


@pytest.mark.parametrize("damage,message", [
    (lambda d: d["requirements"][0].update(level="optional"), "level"),
    (lambda d: d["requirements"][0]["hints"]["elements"][0].update(any="(unclosed"), "not a valid regular expression"),
    (lambda d: d["requirements"][0]["hints"].update(elements=[]), "elements"),
    (lambda d: d["requirements"][0].update(basis=[]), "basis"),
    (lambda d: d["requirements"][0].update(applies_to="pregnancy"), "unknown feature"),
    (lambda d: d["requirements"][1].update(id=d["requirements"][0]["id"]), "used twice"),
    (lambda d: d["rules"][0].update(severity="fatal"), "severity"),
    (lambda d: d["rules"][0].update(kind="magic"), "kind"),
    (lambda d: d["rules"][0].pop("topic"), "needs `topic`"),
    (lambda d: [e.update(weak=True) for e in d["requirements"][0]["hints"]["elements"]], "not weak"),
])
def test_malformed_library_is_refused(raw, damage, message):
    data = copy.deepcopy(raw)
    damage(data)
    with pytest.raises(LibraryError, match=message):
        parse_library(data)


def test_unreadable_library_is_a_clear_error(corpus_clauses, tmp_path):
    path = tmp_path / "library.yaml"
    path.write_text("requirements: [unclosed", encoding="utf-8")
    with pytest.raises(LibraryError, match="不是有效的 YAML"):
        load_library(corpus_clauses, path)
    with pytest.raises(LibraryError, match="无法读取审查要求库"):
        load_library(corpus_clauses, tmp_path / "absent.yaml")
