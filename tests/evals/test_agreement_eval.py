"""The agreement eval's location check: a gold entry's ``locations`` say where a reviewer
finds each violation, and the report counts how many the checker put there."""

from types import SimpleNamespace

import pytest
import yaml

from evals import agreement_eval


def violation(rule_id: str, location: str):
    return SimpleNamespace(rule=SimpleNamespace(id=rule_id), evidence=SimpleNamespace(location=location))


def test_a_violation_is_located_when_its_location_starts_with_the_number_the_document_shows():
    entry = {"violations": ["a", "b", "c"],
             "locations": {"a": "第十一条（第2页）", "b": "九、1.", "c": "表1 职责分工 · 上市放行"}}
    found = [violation("a", "第十一条（第2页）"), violation("b", "第18段"),
             violation("c", "表1 职责分工 · 上市放行 · 受托方 ✓")]
    where = agreement_eval.located(entry, found)
    assert [(w["rule_id"], w["resolved"]) for w in where] == [("a", True), ("b", False), ("c", True)]
    assert where[1]["found"] == ["第18段"]
    # A violation that was not found is not located either.
    assert agreement_eval.located({"violations": ["a"], "locations": {"a": "第一条"}}, []) == [
        {"rule_id": "a", "expected": "第一条", "found": [], "resolved": False}]


def test_the_report_counts_locations_and_names_the_unresolved_outside_the_blind_set():
    results = {"locations": {"resolved": 1, "expected": 3}, "agreements": [
        {"file": "x.docx", "set": "holdout-4", "locations": [
            {"rule_id": "a", "expected": "九、1.", "found": ["第18段"], "resolved": False},
            {"rule_id": "b", "expected": "第二条", "found": ["第二条"], "resolved": True}]},
        {"file": "blind.md", "set": agreement_eval.BLIND_SETS[0], "locations": [{"resolved": False}]},
    ]}
    lines = agreement_eval.location_lines(results)
    assert lines[0].startswith("Locations: locations resolved 1/3 ")
    assert lines[1] == "- x.docx: `a` expected at 九、1.…, reported at 第18段"
    assert lines[2] == "- blind.md: one not resolved (blind set: which one is not shown)"
    assert len(lines) == 3


def test_locations_must_belong_to_listed_violations(tmp_path, monkeypatch):
    gold = tmp_path / "gold.yaml"
    entry = {"covered": ["r"], "violations": ["a"], "locations": {"b": "第一条"}}
    gold.write_text(yaml.safe_dump({"agreements": {"x.md": entry}}, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(agreement_eval, "GOLD", gold)
    monkeypatch.setattr(agreement_eval, "AGREEMENTS", tmp_path)  # no folder sets
    library = SimpleNamespace(requirements=[SimpleNamespace(id="r")])
    with pytest.raises(SystemExit, match="locations given for rules not listed under violations: \\['b'\\]"):
        agreement_eval.load_gold(library, blind=False)
    entry["locations"] = {"a": "第一条"}
    gold.write_text(yaml.safe_dump({"agreements": {"x.md": entry}}, allow_unicode=True), encoding="utf-8")
    assert agreement_eval.load_gold(library, blind=False)["x.md"]["locations"] == {"a": "第一条"}


def test_the_holdout_violations_are_located_in_gold():
    """Every violation of the held-out sets 3 and 4 says where a reviewer finds it."""
    entries = yaml.safe_load(agreement_eval.GOLD.read_text(encoding="utf-8"))["agreements"]
    for name, entry in entries.items():
        if entry.get("set") in ("holdout-3", "holdout-4"):
            assert set(entry.get("locations") or ()) == set(entry.get("violations") or ()), name


def test_a_blind_folder_set_is_read_only_when_the_blind_sets_are_scored(tmp_path, monkeypatch):
    (tmp_path / "gold.yaml").write_text("agreements: {}\n", encoding="utf-8")
    for folder, label in (("open", "holdout-9"), ("closed", agreement_eval.BLIND_SETS[0])):
        (tmp_path / folder).mkdir()
        entry = {"covered": ["r"], "set": label}
        (tmp_path / folder / "gold.yaml").write_text(
            yaml.safe_dump({"agreements": {f"{folder}/a.md": entry}}, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(agreement_eval, "GOLD", tmp_path / "gold.yaml")
    monkeypatch.setattr(agreement_eval, "AGREEMENTS", tmp_path)
    library = SimpleNamespace(requirements=[SimpleNamespace(id="r")])
    assert set(agreement_eval.load_gold(library, blind=True)) == {"open/a.md", "closed/a.md"}
    assert set(agreement_eval.load_gold(library, blind=False)) == {"open/a.md"}


def test_a_blind_agreement_row_counts_violations_without_naming_them():
    row = {"file": "closed/a.docx", "clauses": 30, "summary": {"covered": 20, "partial": 2, "missing": 10},
           "gold_summary": {"covered": 21, "partial": 1, "missing": 10}, "status_accuracy": 0.97, "seconds": 0.2}
    blind = agreement_eval.agreement_row({**row, "set": agreement_eval.BLIND_SETS[0], "violations_expected": 1,
                                          "violations_found": {"found": 3, "not_in_key": 2}})
    assert "1 (blind)" in blind and "3, 2 not in the key" in blind and "market" not in blind
    open_row = agreement_eval.agreement_row({**row, "set": "holdout-6",
                                             "violations_expected": ["market-release-to-manufacturer"],
                                             "violations_found": [{"rule_id": "market-release-to-manufacturer"}]})
    assert open_row.count("market-release-to-manufacturer") == 2
