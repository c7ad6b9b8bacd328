"""Quiz builder for trainers: exam items generated from the regulations, each tied to the
clause it comes from, checked, and exported to what training platforms import.

    facts = FactBase.from_kb(kb)
    items = QuizGenerator(facts).generate(Selection(n=20, seed=1))
    problems = check_set(items, facts)
    write(items, "gift", Path("quiz.gift"))
"""

from qa_app.quiz.facts import PARTY_LABELS, FactBase
from qa_app.quiz.generate import QuizGenerator, QuizSet, Selection, generate, resolve_parties
from qa_app.quiz.items import TYPE_LABELS, TYPES, Citation, QuizItem
from qa_app.quiz.topics import TOPICS
from qa_app.quiz.validate import Problem, check_item, check_set, defects, validity_report

__all__ = [
    "PARTY_LABELS", "TOPICS", "TYPES", "TYPE_LABELS", "Citation", "FactBase", "Problem", "QuizGenerator",
    "QuizItem", "QuizSet", "Selection", "check_item", "check_set", "defects", "generate", "resolve_parties",
    "validity_report",
]
