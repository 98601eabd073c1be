"""The headless ``letter`` command: its options, the practice file, and the letter service's answer.

The command's options stand for the composer's choices (urgency and its reason, the reason for
referral, draft or final); the letter itself is made by the same service the app uses (L12).
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from clinic_desktop.cli_inputs import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    read_assessment,
    read_previous,
    read_text,
    report,
    report_problems,
    rule_settings_for,
)

if TYPE_CHECKING:
    from clinic_desktop.services.practice import PracticeSettings

__all__ = ["PRACTICE_FIELDS", "add_letter", "letter_practice", "practice_from_json"]

PRACTICE_FIELDS = (
    "practice_name",
    "address_lines",
    "postcode",
    "phone",
    "email",
    "ods_code",
    "clinician_name",
    "clinician_role",
    "registration_number",
)
"""The letterhead and signer fields of PracticeSettings that --practice JSON takes."""

_SERVICE_IDS = ("drug_and_alcohol", "pain_management", "mental_health", "talking_therapies", "dual_diagnosis")
"""For --help only (the catalogue itself is imported when the command runs, to keep start-up fast)."""


def practice_from_json(text: str) -> PracticeSettings:
    """Practice settings from JSON of the letterhead and signer fields; ValueError lists every problem."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"practice settings are not valid JSON (line {error.lineno}): {error.msg}") from None
    if not isinstance(data, dict):
        raise ValueError("practice settings must be a JSON object of practice fields")
    from clinic_desktop.clinical.quoting import escape_controls

    # Keys come from the user's file: escaped, so one cannot start an error line of its own.
    unknown = [key for key in data if key not in PRACTICE_FIELDS]
    problems = [f"{escape_controls(key)}: not a practice setting" for key in unknown]
    values: dict[str, str | tuple[str, ...]] = {}
    for key, value in data.items():
        if key == "address_lines":
            if not isinstance(value, list) or not all(isinstance(line, str) for line in value):
                problems.append("address_lines: must be a list of strings")
            else:
                values[key] = tuple(value)
        elif key in PRACTICE_FIELDS:
            if isinstance(value, str):
                values[key] = value.strip()
            else:
                problems.append(f"{key}: must be a string")
    required = ("practice_name", "clinician_name")
    problems += [f"{key}: is required" for key in required if key not in data or values.get(key) == ""]
    if problems:
        raise ValueError("\n".join(problems))
    from clinic_desktop.services.practice import PracticeSettings

    return PracticeSettings(**values)  # type: ignore[arg-type]  # keys and types checked above


def letter_practice(practice_json: str | None, database: str | None) -> PracticeSettings:
    """The letterhead and signer: ``practice_json`` when given, else the database's practice settings.

    Raises ValueError, in words a user can act on, when neither gives a practice.
    """
    if practice_json is not None:
        try:
            return practice_from_json(practice_json)
        except ValueError as error:
            raise ValueError("\n".join(f"--practice: {line}" for line in str(error).splitlines())) from None
    from clinic_desktop.services.database import DatabaseOpenError, open_services, resolve_database_url

    try:
        with open_services(resolve_database_url(database), create=False) as services:
            settings = services.practice.load()
    except DatabaseOpenError as error:
        raise ValueError(str(error)) from None
    if settings is None or not settings.practice_name:
        raise ValueError(
            "The practice settings are not set up, so the letter would have no letterhead or signature. "
            "Complete the practice settings in the app, or pass --practice PRACTICE.json: a JSON object "
            f"with {', '.join(PRACTICE_FIELDS)}."
        )
    return settings


def _letter_date(text: str | None) -> date | None:
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        report(f"--date: {text!r} is not a date in the form YYYY-MM-DD")
        return None


def _run_letter(args: argparse.Namespace) -> int:
    from clinic_desktop.clinical.exchange import ExchangeError
    from clinic_desktop.services.letters import (
        SERVICES,
        LetterOptions,
        LetterRefused,
        LetterRequest,
        UnknownService,
        write_letter,
    )

    if args.service not in SERVICES:
        report(f"--service: {UnknownService(args.service)}")
        return EXIT_BAD_INPUT
    settings = rule_settings_for(args.settings, args.database)
    today = _letter_date(args.date)
    if settings is None or today is None:
        return EXIT_BAD_INPUT
    try:
        assessment = read_assessment(args.file)
        practice_json = read_text(args.practice) if args.practice else None
    except ExchangeError as error:
        return report_problems(error)
    previous = None
    if args.previous is not None:
        previous = read_previous(args.previous, assessment)
        if previous is None:
            return EXIT_BAD_INPUT
    try:
        practice = letter_practice(practice_json, args.database)
    except ValueError as error:
        # One problem per line; each quoted key was escaped where the message was made.
        for line in str(error).splitlines():
            report(line)
        return EXIT_BAD_INPUT
    options = LetterOptions(
        urgency=args.urgency.capitalize() if args.urgency else None,
        urgency_reason=args.urgency_reason or "",
        reason_for_referral=args.reason,
    )
    request = LetterRequest(
        assessment, practice, args.service, options, today, rule_settings=settings, previous=previous
    )
    output = Path(args.output)
    try:
        digest = write_letter(request, output, draft=args.draft)
    except LetterRefused as refused:
        report("The letter was not written:")
        for problem in refused.problems:
            report(problem)
        if any("no recorded response" in problem for problem in refused.problems):
            advice = "Record the responses in the file's review, or pass --draft for a DRAFT letter."
            report(advice)
        return EXIT_BAD_INPUT
    except OSError as error:
        report(f"cannot write {output}: {error.strerror or error}")
        return EXIT_BAD_INPUT
    from clinic_desktop.clinical.quoting import escape_controls

    print(escape_controls(str(output.resolve())))
    print(f"SHA-256 {digest}")
    return EXIT_OK


def add_letter(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "letter",
        help="write the referral letter PDF for an assessment file",
        description="Validate FILE, evaluate it and write the referral letter for SERVICE as a PDF "
        "(owner-only, written atomically), exactly as the app makes it. Prints the file's path and "
        "SHA-256. A critical finding without a response in the file's review refuses the letter "
        "(exit 2, naming each) unless --draft is given.",
    )
    parser.add_argument("file", metavar="FILE", help="assessment JSON file, or - for standard input")
    services = ", ".join(_SERVICE_IDS)
    parser.add_argument("--service", required=True, metavar="SERVICE", help=f"one of: {services}")
    parser.add_argument("--output", required=True, metavar="OUT.pdf", help="where to write the PDF")
    parser.add_argument(
        "--practice",
        metavar="PRACTICE.json",
        help="practice and clinician details as JSON (default: the practice settings in the database)",
    )
    parser.add_argument(
        "--settings",
        metavar="SETTINGS.json",
        help="rule threshold overrides (JSON) instead of the practice's settings stored in the database",
    )
    parser.add_argument(
        "--draft",
        action="store_true",
        help="write a DRAFT (marked on every page) even if the review is incomplete",
    )
    parser.add_argument(
        "--urgency",
        choices=("routine", "urgent"),
        help="default from the findings: urgent when any critical finding fired",
    )
    parser.add_argument(
        "--urgency-reason",
        metavar="TEXT",
        help="why the urgency is below the findings' default (required then; never printed; the "
        "command stores no letter, so record it where the letter is filed)",
    )
    parser.add_argument(
        "--reason",
        metavar="TEXT",
        help="the reason for referral; required when SERVICE is not a referral the assessment suggested",
    )
    parser.add_argument(
        "--previous",
        metavar="EARLIER.json",
        help="the patient's previous finalised assessment, as for evaluate (the app uses the one it holds)",
    )
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="the letter's date (default: today)")
    parser.set_defaults(run=_run_letter)
