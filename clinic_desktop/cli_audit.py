"""``clinic-desktop audit``: the practice's own audit as text, CSV or JSON (files written owner-only)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from clinic_desktop.cli_inputs import EXIT_BAD_INPUT, EXIT_OK, missing_sqlite_file, open_database

if TYPE_CHECKING:
    from clinic_desktop.services.practice_audit import PatientAudit, PracticeAudit

FORMATS = ("text", "csv", "json")
_EXIT_NO_DATABASE = 1


def _date_option(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None


def _patient_line(p: PatientAudit) -> str:
    from clinic_desktop.clinical.dates import format_clinical_date

    review = f", review {format_clinical_date(p.next_review_on)}" if p.next_review_on else ""
    return (
        f"  {p.patient.display_name}  NHS {p.patient.nhs_number_display}  "
        f"assessed {format_clinical_date(p.assessed_on)}{review}"
    )


def audit_text(audit: PracticeAudit) -> str:
    """The audit as a clinician reads it: counts, the patients behind each, then the rules' firings."""
    from clinic_desktop.clinical.dates import format_clinical_date
    from clinic_desktop.clinical.rules import RULES_VERSION
    from clinic_desktop.clinical.rules.settings import describe_overrides
    from clinic_desktop.services.practice_audit import MEASURES

    since = f"; assessed on or after {format_clinical_date(audit.since)}" if audit.since else ""
    overrides = describe_overrides(audit.settings.overrides())
    lines = [
        f"Practice audit on {format_clinical_date(audit.as_of)} "
        f"(each patient's latest finalised assessment{since})",
        f"Patients counted: {len(audit.patients)}",
        f"Rules pack {RULES_VERSION}; "
        + (
            f"settings that differ from the default: {overrides}"
            if overrides
            else "every setting at its default"
        ),
        "",
    ]
    patient_lines: dict[int, str] = {}  # a patient is listed under several measures: one line each
    for measure in MEASURES:
        listed = audit.patients_with(measure.id)
        lines.append(f"{audit.measure_title(measure)}: {len(listed)}")
        for p in listed:
            line = patient_lines.get(p.assessment_id)
            if line is None:
                line = patient_lines[p.assessment_id] = _patient_line(p)
            lines.append(line)
    lines += ["", "Rules fired (patients whose latest assessment fired the rule):"]
    counts = audit.rule_counts()
    lines += [f"  {rule} {count}" for rule, count in counts.items() if count]
    silent = [rule for rule, count in counts.items() if not count]
    if silent:
        lines.append(f"  No patient: {', '.join(silent)}")
    return "\n".join(lines) + "\n"


def audit_json(audit: PracticeAudit) -> str:
    from clinic_desktop.clinical.rules import RULES_VERSION
    from clinic_desktop.services.practice_audit import MEASURES

    def patient(p: PatientAudit) -> dict[str, object]:
        return {
            "nhs_number": p.patient.nhs_number,
            "family_name": p.patient.family_name,
            "given_name": p.patient.given_name,
            "date_of_birth": p.patient.date_of_birth.isoformat(),
            "assessed_on": p.assessed_on.isoformat(),
            "next_review_on": None if p.next_review_on is None else p.next_review_on.isoformat(),
        }

    document = {
        "format": "clinic-desktop/practice-audit",
        "version": 1,
        "as_of": audit.as_of.isoformat(),
        "since": None if audit.since is None else audit.since.isoformat(),
        "rules_version": RULES_VERSION,
        "rules_settings_overrides": dict(audit.settings.overrides()),
        "patients_counted": len(audit.patients),
        "measures": [
            {
                "id": measure.id,
                "title": audit.measure_title(measure),
                "rule": measure.rule,
                "count": audit.count(measure.id),
                "patients": [patient(p) for p in audit.patients_with(measure.id)],
            }
            for measure in MEASURES
        ],
        "rule_counts": audit.rule_counts(),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _run_audit(args: argparse.Namespace) -> int:
    from clinic_desktop.services.practice_audit import audit_csv, write_owner_only

    missing = missing_sqlite_file(args.database)
    if missing is not None:
        print(f"no database at {missing}: nothing to audit (check --database)", file=sys.stderr)
        return _EXIT_NO_DATABASE
    services = open_database(args.database)
    if services is None:
        return _EXIT_NO_DATABASE
    with services:
        assert services.practice_audit is not None  # always set by open_services
        audit = services.practice_audit.run(
            since=args.since, as_of=args.as_of, reuse_stored=not args.re_evaluate
        )
    text = {"text": audit_text, "csv": audit_csv, "json": audit_json}[args.format](audit)
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        write_owner_only(Path(args.output), text)
    except OSError as error:
        print(f"cannot write {args.output}: {error.strerror or error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK


def add_audit(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "audit",
        help="the practice's own audit: opioid risks and reviews from each patient's latest assessment",
        description="Count, and list, the patients whose latest finalised assessment shows each measure "
        "(on a pain opioid, high dose, opioid with a benzodiazepine or Z-drug or a gabapentinoid, "
        "long-term opioid, suicidal thoughts, review overdue), and how often each rule fired. "
        "The output names patients: a file written with --output is readable by its owner only.",
    )
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument(
        "--since",
        metavar="DATE",
        type=_date_option,
        help="only patients assessed on or after DATE (YYYY-MM-DD)",
    )
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        type=_date_option,
        help="audit as on DATE: reviews dated before it are overdue (default: today)",
    )
    parser.add_argument(
        "--re-evaluate",
        action="store_true",
        help="evaluate every latest assessment again instead of reusing the evaluations an earlier "
        "audit stored with the same settings and rules (slower; the figures are the same)",
    )
    parser.add_argument(
        "--output", metavar="FILE", help="write to FILE (owner-only, 0600) instead of the screen"
    )
    parser.add_argument("--database", metavar="URL", default=argparse.SUPPRESS, help="database URL or file")
    parser.set_defaults(run=_run_audit)
