"""Property: applying the rules never raises on any valid assessment, and findings keep their order."""

from __future__ import annotations

import json
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from clinic_desktop.clinical.assessment import (
    CONDITIONS,
    INDICATIONS,
    PAIN_CLASSIFICATIONS,
    ROUTES,
    SEXES,
    Assessment,
    Dsm5OudAnswers,
    History,
    Ingredient,
    Instruments,
    Medication,
    OrtAnswers,
    Pain,
    Patient,
    PcPtsd5Answers,
)
from clinic_desktop.clinical.evaluation import evaluate
from clinic_desktop.clinical.formulary import CLASSES
from clinic_desktop.clinical.rules import RULES_BY_ID, evaluate_rules
from clinic_desktop.clinical.rules.model import INDICATOR_RANK

KNOWN = sorted({name for c in CLASSES.values() for name in c.ingredients})
INGREDIENT_NAMES = st.sampled_from([*KNOWN, "Kratom", "etizolam", "ibuprofen", "TRAMADOL"])
ASSESSED = st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))
MAYBE_BOOL = st.none() | st.booleans()


def items(count: int, highest: int) -> st.SearchStrategy[tuple[int | None, ...] | None]:
    answer = st.none() | st.integers(0, highest)
    return st.none() | st.tuples(*([answer] * count))


@st.composite
def medications(draw: st.DrawFn, assessed_on: date) -> Medication:
    unit = draw(st.sampled_from(["mg", "mg/ml", "microgram", "microgram/hour"]))
    ingredients = tuple(
        Ingredient(draw(INGREDIENT_NAMES), draw(st.floats(0.001, 2000, allow_nan=False)), unit)
        for _ in range(draw(st.integers(1, 3)))
    )
    started = draw(st.none() | st.dates(assessed_on - timedelta(days=4000), assessed_on + timedelta(days=60)))
    stopped = None
    if draw(st.booleans()):
        stopped = draw(st.dates(started or date(1990, 1, 1), date(2031, 12, 31)))
    patch_only = unit == "microgram/hour"
    times = draw(st.none() | st.floats(0.25, 24)) if patch_only else draw(st.floats(0.25, 24))
    return Medication(
        ingredients=ingredients,
        route=draw(st.sampled_from(ROUTES)),
        dose_quantity=draw(st.floats(0.01, 100)),
        times_per_day=times,
        as_required=draw(st.booleans()),
        product=draw(st.none() | st.text(max_size=30)),
        started_on=started,
        stopped_on=stopped,
        indication=draw(st.sampled_from(INDICATIONS)),
    )


@st.composite
def assessments(draw: st.DrawFn) -> Assessment:
    assessed_on = draw(ASSESSED)
    born = assessed_on - timedelta(days=draw(st.integers(0, 120 * 365)))
    pc_ptsd5 = draw(
        st.none()
        | st.just(PcPtsd5Answers(False))
        | st.builds(PcPtsd5Answers, st.just(True), st.tuples(*([st.none() | st.integers(0, 1)] * 5)))
    )
    instruments = Instruments(
        phq9=draw(items(9, 3)),
        gad7=draw(items(7, 3)),
        peg=draw(items(3, 10)),
        pc_ptsd5=pc_ptsd5,
        audit_c=draw(items(3, 4)),
        dast10=draw(st.none() | st.tuples(*([MAYBE_BOOL] * 10))),
        ort=draw(st.none() | st.builds(OrtAnswers, *([MAYBE_BOOL] * 9))),
        dsm5_oud=draw(
            st.none()
            | st.builds(Dsm5OudAnswers, st.lists(st.integers(1, 11), max_size=14).map(tuple), MAYBE_BOOL)
        ),
    )
    return Assessment(
        patient=Patient("9990000204", "Test", "Example", born, draw(st.sampled_from(SEXES))),
        assessed_on=assessed_on,
        considering_opioid=draw(MAYBE_BOOL),
        pain=draw(
            st.none()
            | st.builds(
                Pain,
                duration_months=st.none() | st.integers(0, 600),
                classification=st.none() | st.sampled_from(PAIN_CLASSIFICATIONS),
            )
        ),
        instruments=instruments,
        medications=draw(st.none() | st.lists(medications(assessed_on), max_size=8).map(tuple)),
        history=draw(
            st.none()
            | st.builds(
                History,
                conditions=st.lists(st.sampled_from(CONDITIONS), max_size=5, unique=True).map(tuple),
                adverse_childhood_experiences=MAYBE_BOOL,
                overdose_history=MAYBE_BOOL,
                early_refill_requests=MAYBE_BOOL,
            )
        ),
    )


@settings(max_examples=200, deadline=None)
@given(assessments())
def test_rules_never_raise_and_findings_are_well_formed(a: Assessment) -> None:
    outcome = evaluate_rules(a)
    keys = [(INDICATOR_RANK[f.indicator], f.rule) for f in outcome.findings]
    assert keys == sorted(keys)
    assert len({f.rule for f in outcome.findings}) == len(outcome.findings)
    for finding in outcome.findings:
        assert finding.rule in RULES_BY_ID
        assert finding.evidence, f"{finding.rule} fired without evidence"
        assert all(isinstance(line, str) and line for line in finding.evidence)
        finding.to_json()
    services = [r.service for r in outcome.suggested_referrals]
    assert services == sorted(services)
    assert all(r.because for r in outcome.suggested_referrals)
    assert not ("mental_health" in services and "talking_therapies" in services)
    # The whole evaluation agrees with the engine and serialises to plain JSON.
    document = evaluate(a).to_json()
    assert document["findings"] == [f.to_json() for f in outcome.findings]
    json.dumps(document)
