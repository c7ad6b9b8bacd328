"""Scenario items (案例分析题): a short case with named companies, provinces and a product,
and a question a learner answers by applying a rule to it - who must act, whether something
is allowed, by when, which bureau.

The templates and the small lists they are filled from live in ``data/quiz_cases.yaml``. The
key comes from an obligation record (ingest/obligations.py) that the template's rule selects
by holder, modality and wording, read against the case's facts: which company is the
registrant, whether both companies sit in one province (then one bureau supervises both),
which product. Wrong options are what holds in a neighbouring case (the other company, the
other province's bureau, the deadline for the other level of recall) and are dropped when
the corpus gives that party the same duty too.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from ingest.errors import InputError
from ingest.records import Clause, Obligation
from qa_app.quiz.facts import FactBase, overlaps, same_trade
from qa_app.quiz.items import Citation, QuizItem

CASES_FILE = Path(__file__).resolve().parents[1] / "data" / "quiz_cases.yaml"
KINDS = ("who", "bureau", "allowed", "deadline", "who_deadline")
NATIONAL = "国家药监局"
THIRD_BUREAU = "第三地省级药监部门"  # the bureau of a province the case names for no party: never a key
_LEVEL = {1: "easy", 2: "medium", 3: "hard"}
# Instances made per rule and region; a quiz takes one of them.
INSTANCES = 4
_DUTY = ("must", "may", "default_rule")
_KIND_RANK = {"rule": 0, "notice": 1, "guide": 2, "catalog": 3}


@dataclass(frozen=True)
class Case:
    """One filling of a template: names, provinces, product."""

    registrant: str
    manufacturer: str
    third: str
    p1: str
    p2: str
    p3: str
    product: str
    klass: str

    @property
    def cross_region(self) -> bool:
        return self.p1 != self.p2

    def labels(self) -> dict[str, str]:
        """Canonical party (or role) -> how the case names it."""
        return {
            "注册人/备案人": self.registrant,
            "受托生产企业": self.manufacturer,
            "注册人所在地省级药监部门": self.p1 + "药品监督管理局",
            "受托生产企业所在地省级药监部门": self.p2 + "药品监督管理局",
            THIRD_BUREAU: self.p3 + "药品监督管理局",
            NATIONAL: "国家药品监督管理局",
        }

    def fill(self, text: str, say: dict[str, str] | None = None) -> str:
        values = {"甲": self.registrant, "乙": self.manufacturer, "丙": self.third, "P1": self.p1, "P2": self.p2,
                  "P3": self.p3, "产品": self.product, "类别": self.klass, **(say or {})}
        return re.sub(r"\{([^{}]+)\}", lambda m: values.get(m.group(1), m.group(0)), text)


def load_cases(path: Path = CASES_FILE) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"案例模板文件 {path.name} 无法读取（{exc}），请检查 YAML 格式。") from None
    for template in data.get("templates", ()):
        if template.get("kind") not in KINDS or not template.get("rules"):
            raise InputError(f"案例模板 {template.get('id')!r} 缺少 rules 或 kind 不是 {'/'.join(KINDS)} 之一。")
    return data


def _stable(*parts: str) -> int:
    return int(hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:12], 16)


class ScenarioMaker:
    """Makes every scenario item of a corpus: one group per template rule and region."""

    def __init__(self, facts: FactBase, cases: dict[str, Any] | None = None):
        self.facts = facts
        self.cases = cases if cases is not None else load_cases()
        self._vague_cache: dict[tuple[str, int, int], bool] = {}

    # -- records -----------------------------------------------------------------------------

    @cached_property
    def _records(self) -> list[tuple[Clause, Obligation]]:
        """Every obligation record of the documents questions may come from, where its
        sentence stands verbatim in the clause."""
        order = self.facts.doc_order
        out = []
        for clause in sorted(self.facts.clauses.values(), key=lambda c: (order.get(c.doc_id, 0), c.span[0])):
            if not clause.normative or not self.facts.usable_doc(clause.doc_id):
                continue
            for record in clause.obligations:
                if clause.text[record.start:record.start + len(record.sentence)] == record.sentence:
                    out.append((clause, record))
        return out

    def matching(self, rule: dict) -> list[tuple[Clause, Obligation]]:
        """The records a rule selects: its one holder, its modality and every pattern it gives."""
        found = [(c, r) for c, r in self._records
                 if r.holders == (rule["holder"],) and r.modality == rule["modality"] and _fits(rule, r)
                 and not self._vague(c, r)]
        # A regulation or rule is cited before a guide, a national text before a provincial one.
        return sorted(found, key=lambda pair: self._rank(pair[0].doc_id))

    def _rank(self, doc_id: str) -> tuple[int, int]:
        meta = self.facts.documents.get(doc_id, {})
        return (_KIND_RANK.get(str(meta.get("kind")), 9), meta.get("level") != "national")

    def _vague(self, clause: Clause, record: Obligation) -> bool:
        """The record's holder is named only by a word that does not say which company (申请人)."""
        key = (clause.id, record.start, record.span_end)
        if key not in self._vague_cache:
            self._vague_cache[key] = self.facts.named_vaguely(record.sentence, record.holders, clause.text)
        return self._vague_cache[key]

    def holds_too(self, party: str, rule: dict) -> bool:
        """Does the corpus give ``party`` the duty the rule asks about (any level of bindingness)?
        A duty of a vaguely named company (申请人) may be any company's."""
        for clause, record in self._records:
            if record.modality not in _DUTY:
                continue
            if not any(overlaps(party, h) or (same_trade(party, h) and self._vague(clause, record))
                       for h in record.holders):
                continue
            if _fits({k: v for k, v in rule.items() if k in ("action", "sentence")}, record):
                return True
        return False

    # -- cases -------------------------------------------------------------------------------

    def instances(self, template: dict, rule_index: int, cross: bool) -> list[Case]:
        names = self.cases["names"]
        provinces = self.cases["provinces"]
        products = self._products(template)
        if not products:
            return []
        out = []
        for k in range(INSTANCES):
            seed = _stable(template["id"], str(rule_index), str(cross), str(k))
            registrant, manufacturer, third = names[(seed + k) % len(names)]
            start = seed % len(provinces)
            p1 = provinces[start]
            p2 = provinces[(start + 1 + seed // 7 % (len(provinces) - 2)) % len(provinces)] if cross else p1
            p3 = next(p for p in provinces[(start + 3):] + provinces[:start + 3] if p not in (p1, p2))
            product = products[(seed // 13 + k) % len(products)]
            out.append(Case(registrant, manufacturer, third, p1, p2, p3, product["name"], product["class"]))
        return list(dict.fromkeys(out))

    def _products(self, template: dict) -> list[dict]:
        products = self.cases["products"]
        if template.get("products") == "prohibited":
            # Only products the catalog's own text names.
            catalog = " ".join(c.text for c in self.facts.clauses.values() if c.doc_id == template.get("catalog"))
            return [p for p in products if p.get("prohibited") and p["name"] in catalog]
        return [p for p in products if not p.get("prohibited")]

    # -- items -------------------------------------------------------------------------------

    def groups(self) -> list[tuple[str, list[QuizItem]]]:
        """(group key, items): the items of one rule are one group - every instance, in one
        province and across two, citing the rule's best two sources whose scope covers the
        case - of which a quiz takes at most one (two instances of one rule are one question
        asked twice). A same-province case has no source scoped to 跨区域 and is skipped
        where the rule has no other."""
        out = []
        for template in self.cases["templates"]:
            regions = {"both": (True, False), "cross": (True,), "same": (False,)}[template.get("regions", "both")]
            for index, rule in enumerate(template["rules"]):
                records = self.matching(rule)
                if not records:
                    continue
                items = []
                for cross in regions:
                    # A rule for cross-region entrustment only says nothing of one province.
                    sources = [(c, r) for c, r in records
                               if cross or not self.facts.cross_region_only(c.id, r.sentence)][:2]
                    for case in self.instances(template, index, cross):
                        for clause, record in sources:
                            item = self.item(template, rule, case, clause, record)
                            if item is not None:
                                items.append(item)
                if items:
                    out.append((f"scenario|{template['id']}|{index}", items))
        return out

    def item(self, template: dict, rule: dict, case: Case, clause: Clause, record: Obligation) -> QuizItem | None:
        kind = template["kind"]
        say = rule.get("say") or {}
        labels = case.labels()
        question = case.fill(rule.get("question") or template["question"], say)
        stem = case.fill(template["case"], say) + question
        made = {"who": self._party, "bureau": self._party, "allowed": self._allowed,
                "deadline": self._deadline, "who_deadline": self._who_deadline}[kind](template, rule, case, record)
        if made is None:
            return None
        key, wrong, reason = made
        options = tuple(dict.fromkeys([key, *wrong]))
        if len(options) < 3:
            return None
        facts = template.get("facts", 2) - (1 if kind == "bureau" and not case.cross_region else 0)
        sources = [Citation(clause.id, clause.ref, clause.text)]
        if template.get("catalog"):
            listed = next((c for c in self.facts.clauses.values()
                           if c.doc_id == template["catalog"] and case.product in c.text), None)
            if listed is None:
                return None
            sources.append(Citation(listed.id, listed.ref, listed.text))
        where = clause.ref if clause.ref.startswith("《") else f"{self.facts.doc_name(clause.doc_id)}{clause.ref}"
        explanation = f"{record.sentence}（{where}）\n本案中，{reason}"
        region = "跨区域" if case.cross_region else "同省"
        tags = (f"doc:{clause.doc_id}",) + tuple(f"topic:{t}" for t in template.get("topics", ())) + \
            (f"party:{record.holders[0]}", f"case:{template['id']}", f"region:{region}")
        case_pairs = tuple((label, party) for party, label in labels.items() if party != THIRD_BUREAU)
        return QuizItem(
            id="q-" + hashlib.sha1(f"scenario|{template['id']}|{clause.id}|{stem}".encode()).hexdigest()[:10],
            type="scenario", stem=stem, options=options, answer=key, explanation=explanation,
            citation=sources[0], difficulty=_LEVEL[max(1, min(3, facts))], tags=tags, sources=tuple(sources),
            probe=rule.get("probe", ""), case=case_pairs)

    def _party(self, template, rule, case: Case, record: Obligation):
        labels = case.labels()
        if template.get("answer") == "recipient":
            key_party = record.recipient
            if key_party not in labels:
                return None
        else:
            key_party = record.holders[0]
        key = labels[key_party]
        wrong = []
        for party in template["options"]:
            label = labels[party]
            if party == key_party or label == key:
                continue  # one province: its bureau is both bureaus, and it is the key
            if party != THIRD_BUREAU and template.get("answer") != "recipient" and self.holds_too(party, rule):
                continue
            wrong.append(label)
        role = {"注册人/备案人": "注册人", "受托生产企业": "受托生产企业"}
        facts = [f"{case.registrant}是注册人，{case.manufacturer}是受托生产企业"]
        if key_party.endswith("省级药监部门"):
            facts.append(f"{case.registrant}位于{case.p1}，{case.manufacturer}位于{case.p2}"
                         + ("" if case.cross_region else "（同一省份，两地监管部门为同一部门）"))
        who = role.get(key_party, key_party)
        return key, wrong, "；".join(facts) + f"，故答案为“{key}”（{who}）。"

    def _allowed(self, template, rule, case: Case, record: Obligation):
        no = case.fill(template["say_no"])
        yes = [case.fill(text) for text in template["say_yes"]]
        if not record.negative:
            return None  # templates ask about prohibitions only: an allowed act has conditions a case must state
        reason = f"该做法属于上述条款“{record.modal}”的情形，故答案为“{no}”。"
        return no, yes, reason

    def _deadline(self, template, rule, case: Case, record: Obligation):
        if not record.deadline or record.deadline not in record.sentence:
            return None
        wrong = []
        for other in template["rules"]:
            if other is rule:
                continue
            for _, neighbour in self.matching(other):
                if neighbour.deadline and neighbour.deadline != record.deadline:
                    wrong.append(neighbour.deadline)
                    break
        wrong += [d for d in template.get("decoys", ()) if d != record.deadline and d not in record.sentence]
        told = case.fill(rule.get("fact", "本案情形"), rule.get("say"))
        reason = f"{told}，适用上述条款，期限为“{record.deadline}”。"
        return record.deadline, list(dict.fromkeys(wrong))[:3], reason


    def _who_deadline(self, template, rule, case: Case, record: Obligation):
        """Who and by when: the holder with its deadline; the other company, and the deadline of
        the neighbouring case, make the wrong options."""
        when = self._deadline(template, rule, case, record)
        if when is None:
            return None
        deadline, wrong_deadlines, _ = when
        labels = case.labels()
        holder = labels[record.holders[0]]
        others = [labels[p] for p in template["options"] if not self.holds_too(p, rule)]
        if not others or not wrong_deadlines:
            return None
        neighbour = wrong_deadlines[0]
        key = f"{holder}，{deadline}"
        wrong = [f"{others[0]}，{deadline}", f"{holder}，{neighbour}", f"{others[0]}，{neighbour}"]
        told = case.fill(rule.get("fact", "本案情形"), rule.get("say"))
        return key, wrong, f"{told}，报告义务在{holder}，期限为“{deadline}”。"


def _fits(rule: dict, record: Obligation) -> bool:
    checks = (("action", record.action), ("sentence", record.sentence), ("condition", record.condition),
              ("topic", record.topic))
    return all(re.search(rule[name], text) for name, text in checks if rule.get(name))
