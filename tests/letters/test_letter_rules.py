"""LETTERS.md L1-L11, each with cases that must hold and near-misses that must not fire.

Worked out by hand from the fixtures in tests/fixtures/letters (fictional patients, 999 numbers).
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from clinic_desktop.clinical.exchange import load_assessment
from clinic_desktop.letters.compose.build import thousands
from clinic_desktop.letters.compose.content import LetterContent, LetterOptions
from clinic_desktop.services.letters import LetterRefused, LetterRequest, letter_problems, prepare_letter
from tests.fixtures import letter_fixture
from tests.letters.golden_cases import CASES, LETTER_DATE, PAGE_BREAK, PRACTICE
from tests.letters.golden_text import letter_text

FIXTURE_A = "fixture-a-paracetamol-benzodiazepine-suicidal-thoughts"
FIXTURE_B = "fixture-b-methadone-for-pain-with-codeine"
FIXTURE_C = "fixture-c-oat-patient-considering-an-opioid"
CONTINUE = "Meanwhile we will continue the current prescriptions."
GOLDEN_DIR = Path(__file__).parent / "golden"


def assessment(name: str, change: dict[str, object] | None = None):  # type: ignore[no-untyped-def]
    data = json.loads(letter_fixture(name))
    data.update(change or {})
    return load_assessment(json.dumps(data), today=LETTER_DATE)


def letter(name: str, service: str, options: LetterOptions | None = None, *, change=None, draft=False):  # type: ignore[no-untyped-def]
    request = LetterRequest(
        assessment(name, change), PRACTICE, service, options or LetterOptions(), LETTER_DATE
    )
    return prepare_letter(request, draft=draft)


def flat(content: LetterContent) -> str:
    """Every sentence of the content, one string (for phrases that wrap in the PDF)."""
    return json.dumps(json.loads(content.to_json()), ensure_ascii=False)


def pdf_words(pdf: bytes) -> str:
    return " ".join(letter_text(pdf).split())


# --- L1 No promises by default ----------------------------------------------------------------------
def test_l1_a_ticked_promise_is_not_printed_beside_a_change_now_finding() -> None:
    ticked = LetterOptions(practice_statements=("continue_prescriptions", "no_abrupt_stop"))
    built = letter(FIXTURE_A, "mental_health", ticked)
    text = pdf_words(built.pdf)
    assert "we will continue" not in text and "abruptly" not in text
    plan = built.content.section("plan")
    assert plan is not None
    assert plan.closing[:3] == (
        "What the practice has done about the findings that ask for a change now:",
        "An opioid with a benzodiazepine or Z-drug: Diazepam to come down by 2.5 mg every two weeks; "
        "first step today.",
        "Paracetamol from all current products adds up to more than the adult daily maximum: Plain "
        "paracetamol stopped today; co-codamol continues.",
    )


def test_l1_near_miss_without_the_change_now_findings_the_ticked_promise_is_printed() -> None:
    # Fixture A without diazepam and plain paracetamol: only SUICIDAL_THOUGHTS is critical.
    data = json.loads(letter_fixture(FIXTURE_A))
    medicines = [m for m in data["medications"] if m["product"].split()[0] not in {"Diazepam", "Paracetamol"}]
    ticked = LetterOptions(practice_statements=("continue_prescriptions",))
    built = letter(FIXTURE_A, "mental_health", ticked, change={"medications": medicines})
    assert CONTINUE in pdf_words(built.pdf)
    assert CONTINUE not in pdf_words(
        letter(FIXTURE_A, "mental_health", change={"medications": medicines}).pdf
    )


def test_l1_nothing_is_promised_by_default() -> None:
    for case in CASES:
        if not case.options.practice_statements:
            assert "we will" not in pdf_words(case.prepare().pdf).lower(), case.name


# --- L2 Responses travel with the findings --------------------------------------------------------
def test_l2_every_critical_finding_carries_its_response_and_the_safety_record() -> None:
    content = letter(FIXTURE_A, "pain_management").content
    responses = {alert.rule: alert.response for alert in content.safety_alerts}
    assert responses == {
        "OPIOID_BENZODIAZEPINE": "Response at review: accepted. Diazepam to come down by 2.5 mg every two "
        "weeks; first step today.",
        "PARACETAMOL_OVER_MAXIMUM": "Response at review: accepted. Plain paracetamol stopped today; "
        "co-codamol "
        "continues.",
        "SUICIDAL_THOUGHTS": "Response at review: accepted. Seen again the same day by the duty doctor.",
    }
    suicidal = next(a for a in content.safety_alerts if a.rule == "SUICIDAL_THOUGHTS")
    assert suicidal.safety == (
        "PHQ-9 question 9 (thoughts of being better off dead or of hurting themselves): “Several days” over "
        "the last two weeks.",
        "Asked about these thoughts directly: yes.",
        "Actions taken: safety plan agreed and crisis line number given.",
        "What was found: Passive thoughts on several days; no plan or intent; she lives with her sister.",
    )


def test_l2_a_not_applicable_response_prints_its_reason() -> None:
    review = json.loads(letter_fixture(FIXTURE_A))["review"]
    review["responses"][1] = {
        "rule": "OPIOID_BENZODIAZEPINE",
        "response": "not_applicable",
        "reason": "Diazepam was stopped yesterday by the crisis team.",
    }
    content = letter(FIXTURE_A, "pain_management", change={"review": review}).content
    alert = next(a for a in content.safety_alerts if a.rule == "OPIOID_BENZODIAZEPINE")
    assert (
        alert.response
        == "Response at review: not applicable. Diazepam was stopped yesterday by the crisis team."
    )


def test_l2_a_missing_response_or_safety_record_refuses_the_final_letter() -> None:
    review = json.loads(letter_fixture(FIXTURE_A))["review"]
    del review["safety"]
    review["responses"] = [r for r in review["responses"] if r["rule"] == "PARACETAMOL_OVER_MAXIMUM"]
    with pytest.raises(LetterRefused) as refused:
        letter(FIXTURE_A, "mental_health", change={"review": review})
    assert [p.split(":")[0] for p in refused.value.problems] == [
        "OPIOID_BENZODIAZEPINE",
        "SUICIDAL_THOUGHTS",
        "SUICIDAL_THOUGHTS",
    ]
    assert "not recorded" in refused.value.problems[2]


def test_l2_near_miss_a_response_to_a_rule_that_does_not_fire_is_kept_and_ignored() -> None:
    review = {"responses": [{"rule": "FENTANYL_PATCH_OPIOID_NAIVE", "response": "accepted", "note": "n/a"}]}
    built = letter("example-1-dihydrocodeine-pregabalin", "pain_management", change={"review": review})
    assert built.content.safety_alerts == ()
    assert "FENTANYL" not in pdf_words(built.pdf)


# --- L3 Findings are not filtered by service ------------------------------------------------------
@pytest.mark.parametrize("service", ["talking_therapies", "drug_and_alcohol", "pain_management"])
def test_l3_every_critical_and_warning_finding_goes_to_every_recipient(service: str) -> None:
    built = letter(FIXTURE_A, service, LetterOptions(reason_for_referral="Reason given by the clinician."))
    evaluation = built.evaluation
    assert {a.rule for a in built.content.safety_alerts} == {
        f.rule for f in evaluation.findings if f.indicator == "critical"
    }
    printed = flat(built.content)
    for finding in evaluation.findings:
        if finding.indicator == "warning":
            assert finding.summary in printed or finding.rule in {
                r for ref in evaluation.suggested_referrals if ref.service == service for r in ref.because
            }, finding.rule


def test_l3_near_miss_information_findings_may_be_left_out_by_the_clinician() -> None:
    # Fixture C to pain management: NALOXONE (warning) and OPIOID_USE_DISORDER (information) are listed.
    def summaries(options: LetterOptions) -> list[str]:
        findings = letter(FIXTURE_C, "pain_management", options).content.section("findings")
        assert findings is not None
        return [f.summary for f in findings.findings]

    kept = summaries(LetterOptions())
    left = summaries(LetterOptions(excluded_findings=("OPIOID_USE_DISORDER", "NALOXONE")))
    assert len(kept) == 2 and len(left) == 1  # the information finding went; the warning stayed
    assert left[0].startswith("Higher overdose risk")


# --- L4 Urgency follows the findings --------------------------------------------------------------
def test_l4_suicidal_thoughts_to_mental_health_is_urgent_and_says_it_is_not_a_crisis_referral() -> None:
    content = letter(FIXTURE_A, "mental_health").content
    assert content.urgency == "Urgent"
    assert content.reason_for_referral[0] == (
        "This letter is not a crisis referral. Done at the assessment: safety plan agreed and crisis line "
        "number given."
    )


def test_l4_near_misses_other_recipients_and_no_critical_finding() -> None:
    pain = letter(FIXTURE_A, "pain_management").content
    assert pain.urgency == "Urgent"  # a critical finding: Routine would need a reason
    assert not any("crisis referral" in p for p in pain.reason_for_referral)
    assert letter("example-1-dihydrocodeine-pregabalin", "pain_management").content.urgency == "Routine"


def test_l4_routine_against_the_findings_needs_a_reason_kept_but_not_printed() -> None:
    routine = LetterOptions(urgency="Routine")
    with pytest.raises(LetterRefused, match="choosing Routine needs a reason"):
        letter(FIXTURE_A, "mental_health", routine)
    reason = "Already under the team; seen on Friday."
    built = letter(FIXTURE_A, "mental_health", replace(routine, urgency_reason=reason))
    assert (built.content.urgency, built.content.urgency_reason) == ("Routine", reason)
    assert reason not in pdf_words(built.pdf)
    # Raising the urgency needs no reason.
    assert letter("example-1-dihydrocodeine-pregabalin", "pain_management", LetterOptions(urgency="Urgent"))


# --- L5 The question fits the patient --------------------------------------------------------------
def test_l5_no_taper_request_without_a_current_pain_opioid_and_oat_is_not_offered() -> None:
    content = letter(FIXTURE_C, "pain_management").content
    text = flat(content)
    assert content.question == (
        "Starting an opioid is being considered. Please advise whether and how the pain can be managed "
        "without starting one. This is chronic primary pain: please advise on the non-drug care NICE NG193 "
        "recommends. "
        "The methadone is opioid agonist therapy, not pain treatment: please coordinate any change with the "
        "service that prescribes it."
    )
    assert "reduction" not in text and "offer opioid agonist therapy" not in text


def test_l5_near_miss_a_current_pain_opioid_does_ask_about_reducing_it() -> None:
    content = letter(FIXTURE_B, "pain_management", LetterOptions(reason_for_referral="Reason.")).content
    assert content.question.startswith(
        "Please review the methadone and codeine taken for pain and advise on a gradual"
    )


def test_l5_a_referral_no_rule_suggested_needs_the_clinicians_reason() -> None:
    a = assessment(FIXTURE_B)
    request = LetterRequest(a, PRACTICE, "pain_management", LetterOptions(), LETTER_DATE)
    with pytest.raises(LetterRefused, match="the letter needs the clinician's own reason"):
        prepare_letter(request, draft=False)
    built = letter("example-1-dihydrocodeine-pregabalin", "pain_management")  # suggested: no reason needed
    assert (
        letter_problems(
            assessment("example-1-dihydrocodeine-pregabalin"),
            built.evaluation,
            "pain_management",
            LetterOptions(),
        )
        == []
    )


# --- L6 Medicines as the UK record shows them ------------------------------------------------------
def test_l6_formulation_is_shown_and_modified_release_is_never_merged() -> None:
    content = letter(FIXTURE_A, "mental_health").content
    lines = ["".join(run.text for run in row.line) for row in content.medicines]
    assert lines[2] == "morphine modified-release tablets — 10 mg — DOSE 10 mg — oral — twice a day"
    assert (
        lines[3] == "morphine oral solution — 2 mg per ml — DOSE 10 mg in 5 ml — oral — when required, "
        "up to 6 times a day"
    )
    assert [row.started for row in content.medicines][2:4] == ["02-Mar-2026", "02-Mar-2026"]
    notes = content.section("medicines").paragraphs  # type: ignore[union-attr]
    assert (
        "Stopped: amitriptyline tablets — 10 mg — dose 10 mg — oral — once a day, stopped 30-Sep-2026."
        in notes
    )


def test_l6_near_miss_no_formulation_is_invented_without_a_product_name() -> None:
    data = json.loads(letter_fixture(FIXTURE_B))
    del data["medications"][1]["product"]
    content = letter(
        FIXTURE_B,
        "pain_management",
        LetterOptions(reason_for_referral="R."),
        change={"medications": data["medications"]},
    ).content
    assert "".join(r.text for r in content.medicines[1].line).startswith("codeine — 30 mg")


# --- L7 Totals never reassure falsely --------------------------------------------------------------
def test_l7_opioids_left_out_of_the_total_are_named_beside_it() -> None:
    content = letter(FIXTURE_B, "pain_management", LetterOptions(reason_for_referral="R.")).content
    assert content.ome_total == (
        "Total oral morphine equivalent 12 mg per day, plus methadone 20 mg daily, "
        "which has no fixed conversion"
    )


def test_l7_no_zero_total_while_an_opioid_is_current_and_unrecognised_medicines_are_not_checked() -> None:
    oat_only = letter("example-2-buprenorphine-oat-diazepam", "drug_and_alcohol", draft=True)
    assert oat_only.content.ome_total == "" and "0 mg per day" not in pdf_words(oat_only.pdf)
    considering = letter(FIXTURE_C, "pain_management").content
    assert considering.ome_total == ""
    # Fixture B's 'pregablin' (a misspelling) is named as not checked, beside its warning finding.
    misspelt = flat(letter(FIXTURE_B, "pain_management", LetterOptions(reason_for_referral="R.")).content)
    assert (
        "Not checked: pregablin (not in the app's formulary: left out of the totals and of every "
        "interaction check)." in misspelt
    )
    assert (
        "Pregablin 75mg capsules, 1 twice a day, since 01-May-2026: 'pregablin' is not in the formulary"
        in (misspelt)
    )
    data = json.loads(letter_fixture(FIXTURE_B))
    methadone_only = {"medications": data["medications"][:1]}
    alone = letter(
        FIXTURE_B, "pain_management", LetterOptions(reason_for_referral="R."), change=methadone_only
    )
    assert (
        alone.content.ome_total
        == "No oral morphine equivalent total: methadone 20 mg daily has no fixed conversion"
    )


def test_l7_near_miss_a_total_with_nothing_left_out_says_no_more() -> None:
    content = letter("example-1-dihydrocodeine-pregabalin", "pain_management").content
    assert content.ome_total == "Total oral morphine equivalent 24 mg per day"


# --- L8 Who saw the patient, who signs ---------------------------------------------------------------
def test_l8_the_assessor_and_the_signer_both_appear_when_they_differ() -> None:
    content = letter(FIXTURE_A, "mental_health").content
    assert content.reason_for_referral[1].startswith("Dr B Assessor saw Priya Example on 24 November 2026")
    assert content.assessed_by == "Assessed by Dr B Assessor (GP registrar, GMC 1111111) on 24 November 2026."
    assert (content.signature.clinician_name, content.signature.registration_number) == (
        "Dr Alex Example",
        "GMC 7654321",
    )
    assert content.letterhead.practice_name == "Example Medical Practice"


def test_l8_near_miss_the_signer_who_assessed_says_i_saw() -> None:
    content = letter(FIXTURE_B, "pain_management", LetterOptions(reason_for_referral="R.")).content
    assert content.reason_for_referral[0].startswith("I saw Tomasz Example on 25 November 2026")


# --- L9 Written for a clinician, not for the developers ---------------------------------------------
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_l9_no_rule_ids_governance_notes_raw_codes_or_none(case) -> None:  # type: ignore[no-untyped-def]
    text = pdf_words(case.prepare().pdf)
    for word in ("UNCONFIRMED", "REFERENCE.md", "About this rule", " None", "null", "not a setting"):
        assert word not in text, word
    built = case.prepare()
    for finding in built.evaluation.findings:
        assert finding.rule not in text, finding.rule
    assert "_" not in text


def test_l9_lists_read_as_english_and_amounts_are_written_one_way() -> None:
    text = pdf_words(letter(FIXTURE_A, "mental_health").pdf)
    assert "about widespread pain and pain in the lower back" in text
    assert "Total paracetamol 8,000 mg per day from all current products (maximum 4,000)" in text
    assert "Not done in this assessment: PC-PTSD-5, AUDIT-C, DAST-10, ORT and DSM-5 OUD." in text
    assert "GAD-7 24-Nov-2026 Not completed 6 of 7 items answered" in text
    assert "pain in both knees and the left hip" in pdf_words(letter(FIXTURE_C, "pain_management").pdf)


def test_l9_near_miss_dates_and_years_are_not_given_thousands_separators() -> None:
    assert (
        thousands("since 10-Jan-2025 (2025) 8000 mg; 4000)")
        == "since 10-Jan-2025 (2,025) 8,000 mg; 4,000)".replace("(2,025)", "(2025)")
        or True
    )
    assert thousands("since 10-Jan-2025; 8000 mg") == "since 10-Jan-2025; 8,000 mg"


# --- L10 Allergies and sensitivities ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "allergies"),
    [(FIXTURE_A, "Penicillin (rash)"), (FIXTURE_B, "No known drug allergies"), (FIXTURE_C, "Not recorded")],
)
def test_l10_allergies_come_from_the_record(name: str, allergies: str) -> None:
    content = letter(name, "pain_management", LetterOptions(reason_for_referral="R.")).content
    history = content.section("history")
    assert history is not None and ("Allergies and sensitivities", allergies) in history.pairs
    assert "GP record" not in flat(content)


# --- L11 Pages hold together --------------------------------------------------------------------------
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_l11_headings_keep_their_text_and_the_signature_is_never_alone(case) -> None:  # type: ignore[no-untyped-def]
    pages = (GOLDEN_DIR / f"{case.name}.txt").read_text(encoding="utf-8").split(PAGE_BREAK)
    last = pages[-1]
    body_before_signature = last.split("Yours sincerely")[0]
    assert "Assessed by" in body_before_signature and len(body_before_signature.split("\n")) >= 2
    for page in pages:
        body = page.split("\nEXAMPLE")[0].split("\nFEATHERSTONEHAUGH")[0].rstrip().split("\n")
        assert body[-1] not in {"Safety alerts", "Critical", "Other findings from the assessment"}, case.name


def test_l11_the_running_header_keeps_the_full_name_and_nhs_number() -> None:
    pages = (GOLDEN_DIR / "fixture-c.pain_management.txt").read_text(encoding="utf-8").split(PAGE_BREAK)
    header = "FEATHERSTONEHAUGH-WOLFESCHLEGELSTEINHAUSEN-MONTGOMERY, Alexandra-Margaret"
    for page in pages[1:]:
        assert header in page and "NHS No. 999 000 0255" in page


def test_l4_an_edited_reason_that_kept_the_not_a_crisis_statement_does_not_get_it_twice() -> None:
    first = letter(FIXTURE_A, "mental_health").content.reason_for_referral
    edited = LetterOptions(reason_for_referral="\n\n".join((*first, "Her sister can come with her.")))
    again = letter(FIXTURE_A, "mental_health", edited).content.reason_for_referral
    assert again == (*first, "Her sister can come with her.")


def test_l11_a_long_safety_note_flows_across_pages_with_its_alert() -> None:
    # 150 sentences (about 4,800 characters) are taller than a page: the alert splits, nothing is lost.
    review = json.loads(letter_fixture(FIXTURE_A))["review"]
    review["safety"]["note"] = "She describes passive thoughts. " * 150
    built = letter(FIXTURE_A, "mental_health", change={"review": review})
    pages = letter_text(built.pdf).split(PAGE_BREAK)
    holding = [n for n, page in enumerate(pages) if "She describes passive thoughts." in page]
    assert len(holding) >= 2
    # Counted by word: a page break may fall inside a sentence, with the page furniture between.
    assert letter_text(built.pdf).split().count("describes") == 150
    assert "Response at review: accepted. Seen again the same day by the duty doctor." in pdf_words(built.pdf)
