"""Kernel-free quizzes: the ``quiz`` and ``quiz-option`` directives.

Multiple-choice questions whose every option carries its explanation (and, for
clinical content, a citation), made interactive in the browser by
``static/cb-quiz.js``. Because they are Sphinx directives, their text can hold
``{glue:text}`` numbers, ``{term}`` glossary links and ``{footcite}`` citations like
any paragraph, and the build checks them.
"""

from __future__ import annotations

import re

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

__all__ = ["QuizDirective", "QuizOptionDirective", "QUIZ_SCRIPT", "setup"]

#: The script that makes the quizzes interactive (in ``casebook/static``).
QUIZ_SCRIPT = "cb-quiz.js"


class QuizDirective(SphinxDirective):
    """A multiple-choice question. Content: the question, then ``quiz-option``s.

    Options: ``:no-citation:`` for a question that is not clinical content (for
    example about how the book's data are recorded); otherwise every option's
    explanation must cite a source with ``{footcite}`` or ``{cite}``.
    """

    has_content = True
    optional_arguments = 0
    option_spec = {"no-citation": directives.flag, "class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        quiz = nodes.container(classes=["cb-quiz", *self.options.get("class", [])])
        quiz["ids"].append(
            f"quiz-{self.env.docname.replace('/', '-')}-{self.env.new_serialno('cb-quiz')}"
        )
        self.set_source_info(quiz)
        self.env.temp_data["cb_quiz_needs_citation"] = "no-citation" not in self.options
        self.state.nested_parse(self.content, self.content_offset, quiz)
        self.env.temp_data.pop("cb_quiz_needs_citation", None)
        options = [n for n in quiz.findall(nodes.container) if "cb-quiz-option" in n["classes"]]
        if len(options) < 2:
            raise self.error("A quiz needs at least two quiz-option blocks.")
        if not any("cb-quiz-correct" in n["classes"] for n in options):
            raise self.error("A quiz needs at least one option marked :correct:.")
        return [quiz]


class QuizOptionDirective(SphinxDirective):
    """One answer. Argument: the answer text. Content: the explanation shown on click."""

    has_content = True
    required_arguments = 1
    final_argument_whitespace = True
    option_spec = {"correct": directives.flag}

    def run(self) -> list[nodes.Node]:
        if "cb_quiz_needs_citation" not in self.env.temp_data:
            raise self.error("quiz-option must sit inside a quiz directive.")
        text = "\n".join(self.content)
        if not text.strip():
            raise self.error(f"Quiz option {self.arguments[0]!r} has no explanation.")
        if self.env.temp_data["cb_quiz_needs_citation"] and "cite" not in text:
            raise self.error(
                f"Quiz option {self.arguments[0]!r} needs a citation ({{footcite}}) in its "
                "explanation, or mark the quiz :no-citation: if it is not clinical content."
            )
        classes = ["cb-quiz-option"] + (["cb-quiz-correct"] if "correct" in self.options else [])
        option = nodes.container(classes=classes)
        label = nodes.paragraph(classes=["cb-quiz-label"])
        if re.search(r"\{(?:term|ref|doc|numref|cite|footcite)(?::\w+)?\}`", self.arguments[0]):
            raise self.error(
                f"Quiz option {self.arguments[0]!r} holds a link, but its label becomes a "
                "button: a click would follow the link instead of choosing the answer. "
                "Put links and citations in the explanation."
            )
        inline, messages = self.state.inline_text(self.arguments[0], self.lineno)
        label.extend(inline)
        feedback = nodes.container(classes=["cb-quiz-feedback"])
        self.state.nested_parse(self.content, self.content_offset, feedback)
        option += label
        option += feedback
        return [option, *messages]


def setup(app: Sphinx, *, priority: int) -> None:
    """Register the directives and load the quiz script at ``priority``."""
    app.add_js_file(QUIZ_SCRIPT, priority=priority)
    app.add_directive("quiz", QuizDirective)
    app.add_directive("quiz-option", QuizOptionDirective)
