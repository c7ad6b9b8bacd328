"""Cited answers: the question frame (frame.py), answer plans per kind of question
(plans.py) and the answerer that retrieves, plans and composes (answerer.py)."""

from qa_app.answer.answerer import (  # noqa: F401
    ASK_IN_CHINESE, MAX_QUESTION_CHARS, NO_BASIS, Answer, Answerer, Citation, _speaker, _sub_questions,
    confidence_level, deadline, not_chinese)
from qa_app.answer.frame import Frame  # noqa: F401
