"""The ``clinic-desktop`` console command: headless subcommands, or the desktop app when none is given.

To add a subcommand, write an ``_add_<name>(commands)`` function that adds its parser and sets
``run`` to a function taking the parsed arguments and returning the exit code, then list it in
``SUBCOMMANDS``. Bad input exits with status 2 and prints every problem to stderr, one per line.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from clinic_desktop.cli_audit import add_audit
from clinic_desktop.cli_inputs import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    open_database,
    read_assessment,
    read_previous,
    read_rule_settings,
    read_text,
    report,
    report_problems,
    rule_settings_for,
)
from clinic_desktop.cli_letter import add_letter
from clinic_desktop.cli_restore import add_restore

# The clinical modules (and jsonschema behind them) are imported inside the commands that use them:
# `clinic-desktop` with no command opens the window, and its first paint must not wait for them.
if TYPE_CHECKING:
    from clinic_desktop.clinical.assessment import Assessment
    from clinic_desktop.services.clinical_exports import ClinicalExportService
    from clinic_desktop.services.database import Services

DATABASE_ENVIRONMENT_VARIABLE = "CLINIC_DESKTOP_DATABASE_URL"


def _run_evaluate(args: argparse.Namespace) -> int:
    from clinic_desktop.clinical.evaluation import evaluate
    from clinic_desktop.clinical.exchange import ExchangeError

    settings = rule_settings_for(args.settings, args.database)
    if settings is None:
        return EXIT_BAD_INPUT
    try:
        assessment = read_assessment(args.file)
    except ExchangeError as error:
        return report_problems(error)
    previous = None
    if args.previous is not None:
        previous = read_previous(args.previous, assessment)
        if previous is None:
            return EXIT_BAD_INPUT
    evaluation = evaluate(assessment, settings, previous=previous)
    print(json.dumps(evaluation.to_json(), indent=2, ensure_ascii=False))
    return EXIT_OK


def _add_evaluate(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "evaluate",
        help="validate, score and evaluate an assessment file; print the evaluation JSON",
        description="Validate FILE (assessment exchange format v1), score it and print the evaluation "
        "as JSON. Bad input exits with status 2 and lists every problem on stderr.",
    )
    parser.add_argument("file", metavar="FILE", help="assessment JSON file, or - for standard input")
    parser.add_argument(
        "--settings",
        metavar="SETTINGS.json",
        help="rule threshold overrides (JSON) instead of the practice's settings stored in the database; "
        "every setting that differs from the default is listed in the output",
    )
    parser.add_argument(
        "--previous",
        metavar="EARLIER.json",
        help="the patient's previous finalised assessment (same NHS number, earlier assessed_on), "
        "read by PAIN_RISING_WITH_DOSE",
    )
    parser.set_defaults(run=_run_evaluate)


# --- import / export (owned by the assessments work; one self-contained block) --------------------
# Like every other command: a database that is missing or cannot be opened is bad input.
_EXIT_DATABASE_UNUSABLE = EXIT_BAD_INPUT
# The register's field names, as the paths of the exchange format name them.
_PATIENT_FIELD_PATHS = {"address_lines": "address"}


def _shown_name(file: str) -> str:
    from clinic_desktop.clinical.quoting import escape_controls

    return "standard input" if file == "-" else escape_controls(file)


def _run_import(args: argparse.Namespace) -> int:
    from clinic_desktop.clinical.exchange import ExchangeError, load_assessment
    from clinic_desktop.clinical.identifiers import format_nhs_number
    from clinic_desktop.services.assessments import AlreadyImported
    from clinic_desktop.services.errors import FieldErrors

    exit_code = EXIT_OK
    valid: list[tuple[str, str, Assessment]] = []
    # Every file is checked before the database is opened; a bad one is reported and skipped.
    for file in args.files:
        try:
            text = read_text(file)
            valid.append((file, text, load_assessment(text)))
        except ExchangeError as error:
            exit_code = EXIT_BAD_INPUT
            for problem in error.errors:
                report(f"{_shown_name(file)}: {problem}")
    if not valid:
        return exit_code
    services = open_database(args.database)
    if services is None:
        return _EXIT_DATABASE_UNUSABLE
    with services:
        for file, text, assessment in valid:
            nhs_number = format_nhs_number(assessment.patient.nhs_number)
            try:
                _, assessment_id = services.assessments.import_assessment(
                    text, allow_duplicate=args.allow_duplicate
                )
            except AlreadyImported as present:
                # Not an error: importing a folder twice must be safe; nothing was written.
                print(
                    f"{_shown_name(file)}: NHS number {nhs_number}, already present as assessment "
                    f"{present.assessment_id} ({present.status}); not imported again "
                    "(--allow-duplicate imports it anyway)"
                )
                continue
            except ExchangeError as error:  # e.g. the date changed since the check above
                exit_code = EXIT_BAD_INPUT
                for problem in error.errors:
                    report(f"{_shown_name(file)}: {problem}")
                continue
            except FieldErrors as error:
                exit_code = EXIT_BAD_INPUT
                for field, message in error.errors.items():
                    path = _PATIENT_FIELD_PATHS.get(field, field)
                    report(f"{_shown_name(file)}: patient.{path}: {message}")
                continue
            print(f"{_shown_name(file)}: NHS number {nhs_number}, assessment {assessment_id}")
    return exit_code


def _add_import(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "import",
        help="import assessment files into the database as drafts",
        description="Import each FILE (assessment exchange format v1) as a draft assessment, matching "
        "the patient by NHS number and registering them when new. Prints each file's NHS number and "
        "new assessment id. A bad file is reported (every problem, exit status 2) and nothing of it "
        "is written; the other files are still imported. An assessment already in the database (same "
        "patient, date and content) is reported with its id and not imported again.",
    )
    parser.add_argument(
        "files", metavar="FILE", nargs="+", help="assessment JSON files; - for standard input"
    )
    parser.add_argument(
        "--allow-duplicate",
        action="store_true",
        help="import an assessment even when the same one is already in the database",
    )
    parser.set_defaults(run=_run_import)


def _text_from_database(database: str | None, read: Callable[[Services], str]) -> tuple[int, str]:
    """``read``'s text from the open database, or the exit status (after saying why) and no text."""
    from clinic_desktop.services.assessments import AssessmentNotFound
    from clinic_desktop.services.letter_store import LetterTampered
    from clinic_desktop.services.record_integrity import RecordChanged

    services = open_database(database)
    if services is None:
        return _EXIT_DATABASE_UNUSABLE, ""
    try:
        with services:
            return EXIT_OK, read(services)
    except AssessmentNotFound as error:
        report(error)
        return EXIT_BAD_INPUT, ""
    except (LetterTampered, RecordChanged) as error:
        report(error.plain_message)
        return _EXIT_DATABASE_UNUSABLE, ""


def _exports(services: Services) -> ClinicalExportService:
    assert services.exports is not None  # always set by open_services
    return services.exports


def _run_export(args: argparse.Namespace) -> int:
    from clinic_desktop.services.letters import write_private_file

    assessment_id: int = args.assessment_id
    exit_code, text = _text_from_database(
        args.database,
        lambda services: (
            _exports(services).fhir_bundle(assessment_id)
            if args.format == "fhir"
            else services.assessments.export_assessment(assessment_id)
        ),
    )
    if exit_code != EXIT_OK:
        return exit_code
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    output = Path(args.output)
    try:
        write_private_file(output, text.encode("utf-8"))
    except OSError as error:
        report(f"cannot write {output}: {error.strerror or error}")
        return EXIT_BAD_INPUT
    return EXIT_OK


def _add_export(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "export",
        help="write one assessment from the database as exchange-format JSON or a FHIR R4 Bundle",
        description="Write assessment ASSESSMENT_ID as exchange format v1 JSON (--format json, the "
        "default) or as a FHIR R4 Bundle of type collection (--format fhir: patient, clinician, "
        "questionnaire responses, scores, medicines, conditions, findings and the stored letters) to "
        "standard output, or to FILE (owner-only, written atomically).",
    )
    parser.add_argument("assessment_id", metavar="ASSESSMENT_ID", type=int, help="the assessment's id")
    parser.add_argument(
        "--format", choices=("json", "fhir"), default="json", help="json (exchange format v1) or fhir (R4)"
    )
    parser.add_argument("--output", metavar="FILE", help="write to FILE instead of standard output")
    parser.set_defaults(run=_run_export)


def _run_summary(args: argparse.Namespace) -> int:
    assessment_id: int = args.assessment_id
    exit_code, text = _text_from_database(
        args.database, lambda services: _exports(services).summary(assessment_id)
    )
    sys.stdout.write(text)
    return exit_code


def _add_summary(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "summary",
        help="print the plain-text consultation summary of one assessment",
        description="Print the consultation summary of assessment ASSESSMENT_ID to paste into the GP "
        "record: scores with their confirmed SNOMED CT and LOINC codes, the oral morphine equivalent, "
        "medicines flagged, findings with the clinician's responses, referral letters sent and the "
        "next review date. The same text as Copy summary in the app.",
    )
    parser.add_argument("assessment_id", metavar="ASSESSMENT_ID", type=int, help="the assessment's id")
    parser.set_defaults(run=_run_summary)


# --- end of import / export block -----------------------------------------------------------------


# --- rules (owned by the rules engine; one self-contained block) ----------------------------------
def _run_rules(args: argparse.Namespace) -> int:
    from clinic_desktop.clinical.rules.listing import render

    settings = read_rule_settings(args.settings)
    if settings is None:
        return EXIT_BAD_INPUT
    text = render(settings, args.format)
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        # "\n" on every platform, so the committed rules.md is byte-identical wherever it is generated.
        Path(args.output).write_text(text, encoding="utf-8", newline="\n")
    except OSError as error:
        report(f"cannot write {args.output}: {error.strerror or error}")
        return EXIT_BAD_INPUT
    return EXIT_OK


def _add_rules(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from clinic_desktop.clinical.rules.listing import FORMATS

    parser = commands.add_parser(
        "rules",
        help="list the best-practice rules pack for clinical safety review",
        description="List every rule of the pack (ID, indicator, summary, sources, review dates) and "
        "the settings in force, marking any that differ from the defaults. --format markdown gives "
        "docs/clinical-safety/rules.md.",
    )
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument(
        "--settings",
        metavar="SETTINGS.json",
        help='JSON object of setting overrides, e.g. {"ome_high_mg": 90}; overridden values are marked',
    )
    parser.add_argument("--output", metavar="FILE", help="write to FILE instead of standard output")
    parser.set_defaults(run=_run_rules)


# --- end of rules block ---------------------------------------------------------------------------


# --- verify-audit (owned by the audit work; one self-contained block) -------------------------------
_EXIT_AUDIT_PROBLEMS = 1


def _run_verify_audit(args: argparse.Namespace) -> int:
    from clinic_desktop.services.protections import protection_problems
    from clinic_desktop.services.record_integrity import verify_records

    services = open_database(args.database)
    if services is None:
        return EXIT_BAD_INPUT
    with services:
        assert services.audit is not None and services.protections is not None
        result = services.audit.verify()
        record_problems = verify_records(services.audit.sessions)
        trigger_problems = protection_problems(services.protections.missing())
    problems = [*result.problems, *record_problems, *trigger_problems]
    for problem in problems:
        print(problem)
    chain = "intact" if result.ok else f"NOT intact: {len(result.problems)} problem(s)"
    print(f"Audit trail {chain}; {result.entries_checked} entries checked.")
    records = f"{len(record_problems)} problem(s)" if record_problems else "all match their fingerprints"
    print(f"Finalised assessments and stored letters: {records}.")
    triggers = f"{len(trigger_problems)} missing, disabled or altered" if trigger_problems else "all in place"
    print(f"Protection triggers: {triggers}.")
    # Noted somewhere else (paper, email), this shows later whether the whole trail was rewritten.
    print(f"Newest entry hash: {result.last_hash}")
    return EXIT_OK if not problems else _EXIT_AUDIT_PROBLEMS


def _add_verify_audit(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "verify-audit",
        help="check the audit trail, the finalised records it fingerprints and the protection triggers",
        description="Check every audit entry's hash, the links between entries, their numbering and "
        "the checkpoint; re-hash every finalised assessment and stored letter against the fingerprint "
        "its audit entry recorded (a changed record, a record with no entry, an entry whose record is "
        "gone); and check the database triggers that refuse changes to finalised records. Prints each "
        "problem (ids only); exit status 0 when intact, 1 when problems were found, 2 when the database "
        "cannot be opened.",
    )
    # Also accepted after the command name; the main --database applies when it is not given here.
    parser.add_argument("--database", metavar="URL", default=argparse.SUPPRESS, help="database URL or file")
    parser.set_defaults(run=_run_verify_audit)


# --- end of verify-audit block ----------------------------------------------------------------------


# --- init (the one command that creates a database; one self-contained block) ----------------------
def _run_init(args: argparse.Namespace) -> int:
    from clinic_desktop.services.database import missing_database_file, resolve_database_url

    url = resolve_database_url(args.database)
    new_file = missing_database_file(url)
    services = open_database(args.database, create=True)
    if services is None:
        return EXIT_BAD_INPUT
    with services:
        if new_file is not None:
            print(f"Created a new, empty clinic-desktop database: {services.location}")
        else:
            print(f"Ready (up to date; nothing was deleted): {services.location}")
    return EXIT_OK


def _add_init(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "init",
        help="create a new, empty database (the other commands never create one)",
        description="Create the database given with --database (or the default one) with every table, "
        "owner-only, and its folder when missing. An existing clinic-desktop database is only brought up "
        "to date. The other commands refuse a database that does not exist, so a mistyped path is "
        "reported instead of quietly becoming an empty database.",
    )
    parser.set_defaults(run=_run_init)


# --- end of init block ----------------------------------------------------------------------------


SUBCOMMANDS: tuple[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None], ...] = (
    _add_init,
    _add_evaluate,
    add_letter,
    _add_import,
    _add_export,
    _add_summary,
    _add_rules,
    _add_verify_audit,
    add_restore,
    add_audit,
)
"""Each adds one subcommand; the order here is the order ``--help`` lists them."""


def command_name(add: Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]) -> str:
    """The subcommand an ``[_]add_<name>`` function adds (``_add_verify_audit`` adds ``verify-audit``)."""
    return add.__name__.lstrip("_").removeprefix("add_").replace("_", "-")


def build_parser(only: str | None = None) -> tuple[argparse.ArgumentParser, frozenset[str]]:
    """The argument parser and the names of its subcommands; with ``only``, that subcommand alone.

    Adding a subcommand imports what its options need (the letter services, the rules listing), so a
    command line naming one command builds only that one: ``evaluate`` never imports the letters.
    """
    parser = argparse.ArgumentParser(
        prog="clinic-desktop",
        description="Biopsychosocial assessment of patients on, or considering, opioids. "
        "With no command, opens the desktop app (add --demo to try it on a throw-away database of "
        "fictional patients).",
    )
    parser.add_argument(
        "--database",
        metavar="URL",
        default=os.environ.get(DATABASE_ENVIRONMENT_VARIABLE),
        help=f"SQLAlchemy database URL (default: ${DATABASE_ENVIRONMENT_VARIABLE}, else a SQLite file "
        "in your user data folder)",
    )
    commands = parser.add_subparsers(title="commands", dest="command", metavar="COMMAND")
    for add in SUBCOMMANDS:
        if only is None or command_name(add) == only:
            add(commands)
    return parser, frozenset(commands.choices)


def _open_desktop_app(argv: list[str]) -> int:
    # Imported only here: the headless commands must not pay for (or need) Qt.
    try:
        app = importlib.import_module("clinic_desktop.app")
    except ModuleNotFoundError as error:
        if error.name != "clinic_desktop.app":
            raise
        print(
            "clinic-desktop: the desktop app is not in this build; see clinic-desktop --help", file=sys.stderr
        )
        return 1
    exit_code: int = app.main(argv)
    return exit_code


def first_word(arguments: Sequence[str]) -> str | None:
    """The first argument that is neither an option nor, it seems, an option's value.

    A word straight after an option without ``=`` is taken as that option's value
    (``--database URL``, the app's ``--screenshot PATH``, Qt's ``-platform offscreen``).
    """
    after_option = False
    for token in arguments:
        if token.startswith("-"):
            after_option = "=" not in token
        elif after_option:
            after_option = False
        else:
            return token
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand, or open the desktop app (which reads its own options) when none is named."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    asks_for_help = bool({"-h", "--help"} & set(arguments))
    # Any other first word goes to argparse, so a mistyped command is an error, not the app opening.
    # Decided before the parser is built: building it imports what the commands need.
    word = first_word(arguments)
    if not asks_for_help and word is None:
        return _open_desktop_app(arguments)
    known = {command_name(add) for add in SUBCOMMANDS}
    parser, _ = build_parser(only=word if word in known else None)
    args = parser.parse_args(arguments)
    if args.command is None:
        parser.print_help()
        return EXIT_OK
    run: Callable[[argparse.Namespace], int] = args.run
    return run(args)
