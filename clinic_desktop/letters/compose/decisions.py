"""The clinician's decisions in the letter's words: responses to findings, the safety response, urgency.

LETTERS.md L1, L2 and L4: a finding is printed with what the clinician recorded at review, and the
urgency follows the findings unless the clinician chose otherwise (with a reason, kept for audit).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from clinic_desktop.clinical.assessment import Assessment, ReviewResponse
from clinic_desktop.clinical.instruments import INSTRUMENTS
from clinic_desktop.clinical.rules.model import Finding
from clinic_desktop.letters.compose.wording import join_words

if TYPE_CHECKING:
    from clinic_desktop.clinical.evaluation import Evaluation

ROUTINE = "Routine"
URGENT = "Urgent"
URGENCIES: tuple[str, ...] = (ROUTINE, URGENT)
"""In rising order: a choice earlier in this tuple than the default needs a reason."""

CHANGE_NOW_RULES = frozenset(
    {"PARACETAMOL_OVER_MAXIMUM", "OPIOID_BENZODIAZEPINE", "FENTANYL_PATCH_OPIOID_NAIVE"}
)
"""Critical findings that ask for a change now: no "we will continue" statement beside them (L1)."""
SUICIDAL_THOUGHTS = "SUICIDAL_THOUGHTS"
CRISIS_AWARE_SERVICES = frozenset({"mental_health", "dual_diagnosis"})
"""Recipients whose letter defaults to Urgent when SUICIDAL_THOUGHTS fired (L4)."""


def critical_findings(evaluation: Evaluation) -> tuple[Finding, ...]:
    return tuple(f for f in evaluation.findings if f.indicator == "critical")


def default_urgency(evaluation: Evaluation) -> str:
    """Urgent when any critical finding fired (L4: Routine is then a deliberate choice), else Routine."""
    return URGENT if critical_findings(evaluation) else ROUTINE


def is_below(chosen: str, default: str) -> bool:
    """Whether ``chosen`` is less urgent than ``default`` (which needs a reason)."""
    return URGENCIES.index(chosen) < URGENCIES.index(default)


def response_of(assessment: Assessment, rule: str) -> ReviewResponse | None:
    return assessment.review.response_to(rule) if assessment.review is not None else None


def unanswered_critical(assessment: Assessment, evaluation: Evaluation) -> tuple[Finding, ...]:
    """Critical findings with no recorded response (a letter is never finalised with one, L2)."""
    return tuple(f for f in critical_findings(evaluation) if response_of(assessment, f.rule) is None)


def action_taken(response: ReviewResponse | None) -> str:
    """What the plan says was done for a finding: the note, the reason it does not apply, or that
    nothing was written down."""
    if response is None:
        return "no response recorded yet (draft)."
    if response.response == "not_applicable":
        return f"not applicable. {_sentence(response.reason)}"
    return _sentence(response.note) if response.note.strip() else "accepted; no action was written down."


def response_sentence(response: ReviewResponse | None) -> str:
    """``Response at review: accepted. Diazepam stopped today.`` in plain words."""
    if response is None:
        return "Response at review: none recorded yet (draft)."
    if response.response == "not_applicable":
        return f"Response at review: not applicable. {_sentence(response.reason)}"
    if response.note.strip():
        return f"Response at review: accepted. {_sentence(response.note)}"
    return "Response at review: accepted; no action was written down."


def safety_lines(assessment: Assessment, evaluation: Evaluation) -> tuple[str, ...]:
    """For SUICIDAL_THOUGHTS: the item 9 answer, asked directly or not, actions and the note (L2)."""
    phq9 = evaluation.scores.get("phq9")
    item9 = phq9.item9 if phq9 is not None else None
    lines: list[str] = []
    if item9 is not None:
        option = INSTRUMENTS["phq9"].items[8].options[item9].label
        lines.append(
            "PHQ-9 question 9 (thoughts of being better off dead or of hurting themselves): "
            f"“{option}” over the last two weeks."
        )
    safety = assessment.review.safety if assessment.review is not None else None
    if safety is None:
        lines.append("How this was addressed: not recorded yet (draft).")
        return tuple(lines)
    lines.append("Asked about these thoughts directly: " + ("yes." if safety.asked_directly else "no."))
    actions = actions_in_words(safety.actions)
    if actions:
        lines.append(f"Actions taken: {actions}.")
    else:
        lines.append("Actions taken: none recorded.")
    if safety.note.strip():
        lines.append(f"What was found: {_sentence(safety.note)}")
    return tuple(lines)


def not_a_crisis_statement(assessment: Assessment) -> str:
    """L4: said in every letter to a mental health service about suicidal thoughts, with what was done."""
    safety = assessment.review.safety if assessment.review is not None else None
    done = actions_in_words(safety.actions) if safety is not None else ""
    if not done:
        return "This letter is not a crisis referral."
    return f"This letter is not a crisis referral. Done at the assessment: {done}."


def actions_in_words(actions: tuple[str, ...]) -> str:
    """``safety plan agreed and crisis line number given`` (capitals kept where they mean something)."""
    words = [_lower_first(a.strip().rstrip(".")) for a in actions if a.strip()]
    return join_words(words)


def _lower_first(text: str) -> str:
    # "Safety plan" reads "safety plan" mid-sentence; "GP" or "NHS 111" keep their capitals.
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _sentence(text: str) -> str:
    """Text as one or more sentences: capital first letter, closing full stop."""
    text = text.strip()
    if not text:
        return ""
    text = text[:1].upper() + text[1:]
    return text if text[-1] in ".!?" else f"{text}."
