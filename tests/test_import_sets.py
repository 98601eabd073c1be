"""What each job imports, in a fresh process: start-up, ``evaluate`` and ``letter`` load only what they use.

Each case runs the real entry point in a subprocess and then lists ``sys.modules``; a module that
pulls in a heavy dependency on one of these paths fails the test with the names that came in.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from clinic_desktop.services.database import open_services
from clinic_desktop.services.patients import PatientInput
from tests.conftest import EXAMPLES_DIR

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = EXAMPLES_DIR / "example-3-considering-opioid-adhd-anxiety.json"

NOT_FOR_START_UP = (
    "sqlalchemy",
    "psycopg",
    "clinic_desktop.models",
    "clinic_desktop.persistence.unit_of_work",
    "clinic_desktop.services.patients",
    "clinic_desktop.ui.patient_page",
    "reportlab",
    "alembic",
    "jsonschema",
    "clinic_desktop.ui.wizard",
    "clinic_desktop.ui.letters",
    "clinic_desktop.letters",
    "clinic_desktop.services.assessments",
    "clinic_desktop.services.letter_store",
    "clinic_desktop.clinical.evaluation",
    "clinic_desktop.clinical.exchange",
    "PySide6.QtCharts",
    "PySide6.QtPdf",
    "clinic_desktop.ui.trends",
    "clinic_desktop.services.trends",
    "clinic_desktop.clinical.trends",
)
NOT_FOR_EVALUATE = (
    "PySide6",
    "sqlalchemy",
    "alembic",
    "reportlab",
    "jsonschema",
    "psycopg",
    "clinic_desktop.models",
    "clinic_desktop.persistence",
    "clinic_desktop.letters",
    "clinic_desktop.ui",
)
ALLOWED_SERVICES_FOR_EVALUATE = ["clinic_desktop.services", "clinic_desktop.services.database"]
"""Only to find where the practice database would be: with no file there, the rule settings are the
defaults and nothing of the database layer is loaded."""

NOT_FOR_LETTER_FROM_FILES = (
    "PySide6",
    "sqlalchemy",
    "alembic",
    "psycopg",
    "jsonschema",
    "clinic_desktop.models",
    "clinic_desktop.ui",
)
"""(``services.database`` may come in, without SQLAlchemy: it says where the practice database would
be, whose rule settings apply when it exists.)"""
PRACTICE = {"practice_name": "Example Medical Practice", "clinician_name": "Dr Alex Example"}

pytestmark = pytest.mark.slow


def modules_after(code: str, tmp_path: Path) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    """Run ``code`` in a fresh interpreter (``exit_code`` is its result) and list what it imported."""
    listing = tmp_path / "modules.json"
    script = (
        "import json, sys\n"
        f"{code}\n"
        f"open({str(listing)!r}, 'w').write(json.dumps(sorted(sys.modules)))\n"
        "sys.exit(exit_code)\n"
    )
    env = dict(os.environ)
    env.pop("CLINIC_DESKTOP_DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert listing.exists(), result.stderr
    return set(json.loads(listing.read_text("utf-8"))), result


def loaded(modules: set[str], forbidden: tuple[str, ...]) -> list[str]:
    """The modules under any of ``forbidden`` (a package and everything in it)."""
    return sorted(m for m in modules if any(m == f or m.startswith(f + ".") for f in forbidden))


def cli(*arguments: str) -> str:
    return f"from clinic_desktop.cli import main\nexit_code = main({list(arguments)!r})"


def test_evaluate_on_a_valid_file_imports_no_qt_database_pdf_or_jsonschema(tmp_path: Path) -> None:
    """No practice database exists (the user folders are the test's own), so the defaults apply."""
    modules, result = modules_after(cli("evaluate", str(EXAMPLE)), tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["format"] == "clinic-desktop/evaluation"
    assert loaded(modules, NOT_FOR_EVALUATE) == []
    assert loaded(modules, ("clinic_desktop.services",)) in ([], ALLOWED_SERVICES_FOR_EVALUATE)


def test_evaluate_with_a_settings_file_imports_nothing_of_the_database(tmp_path: Path) -> None:
    settings = tmp_path / "settings.json"
    settings.write_text('{"ome_high_mg": 90}', encoding="utf-8")
    modules, result = modules_after(cli("evaluate", str(EXAMPLE), "--settings", str(settings)), tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["rules_settings_overrides"] == {"ome_high_mg": 90}
    assert loaded(modules, (*NOT_FOR_EVALUATE, "clinic_desktop.services")) == []


def test_evaluate_imports_jsonschema_only_to_explain_an_invalid_file(tmp_path: Path) -> None:
    document = json.loads(EXAMPLE.read_text("utf-8"))
    document["patient"]["sex"] = "F"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    modules, result = modules_after(cli("evaluate", str(bad)), tmp_path)
    assert result.returncode == 2
    assert "patient.sex" in result.stderr
    assert "jsonschema" in modules
    assert loaded(modules, tuple(m for m in NOT_FOR_EVALUATE if m != "jsonschema")) == []
    assert loaded(modules, ("clinic_desktop.services",)) in ([], ALLOWED_SERVICES_FOR_EVALUATE)


def test_letter_with_a_practice_file_imports_no_qt_and_no_database_code(tmp_path: Path) -> None:
    practice = tmp_path / "practice.json"
    practice.write_text(json.dumps(PRACTICE), encoding="utf-8")
    output = tmp_path / "letter.pdf"
    arguments = ("letter", str(EXAMPLE), "--service", "talking_therapies", "--practice", str(practice))
    modules, result = modules_after(cli(*arguments, "--output", str(output)), tmp_path)
    assert result.returncode == 0, result.stderr
    assert output.read_bytes().startswith(b"%PDF")
    assert loaded(modules, NOT_FOR_LETTER_FROM_FILES) == []
    # The only persistence module is the exception the services re-export (no SQLAlchemy behind it).
    assert loaded(modules, ("clinic_desktop.persistence",)) in (
        [],
        ["clinic_desktop.persistence", "clinic_desktop.persistence.errors"],
    )


def test_letter_reads_the_practice_from_the_database_when_no_file_is_given(tmp_path: Path) -> None:
    from clinic_desktop.services.practice import PracticeSettings

    database = tmp_path / "clinic.sqlite3"
    with open_services(f"sqlite:///{database}") as services:
        services.practice.save(PracticeSettings(**PRACTICE))
    output = tmp_path / "letter.pdf"
    arguments = ("--database", str(database), "letter", str(EXAMPLE), "--service", "talking_therapies")
    modules, result = modules_after(cli(*arguments, "--output", str(output)), tmp_path)
    assert result.returncode == 0, result.stderr
    assert output.read_bytes().startswith(b"%PDF")
    assert "sqlalchemy" in modules  # it had to read the database
    assert loaded(modules, ("PySide6", "clinic_desktop.ui")) == []


def test_start_up_to_the_register_imports_no_sqlalchemy_wizard_letters_pdf_charts_alembic_or_jsonschema(
    tmp_path: Path,
) -> None:
    """An existing SQLite database at head, the register's first page painted and grabbed, as
    ``--screenshot`` does: read with the standard library's sqlite3, SQLAlchemy loads only after."""
    database = tmp_path / "clinic.sqlite3"
    with open_services(f"sqlite:///{database}") as services:
        services.patients.add(
            PatientInput("999 000 0018", "Siân", "O'Brien", "03/02/1970", "female", ("1 Park Row",))
        )
    shot = tmp_path / "register.png"
    code = (
        "from clinic_desktop.app import main\n"
        f"exit_code = main(['--database', {str(database)!r}, '--screenshot', {str(shot)!r}])"
    )
    modules, result = modules_after(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert shot.exists()
    assert "clinic_desktop.ui.register_page" in modules  # it did get as far as the register
    assert "clinic_desktop.persistence.register_first_page" in modules  # the patients were read
    assert loaded(modules, NOT_FOR_START_UP) == []


def test_the_modules_loaded_after_the_register_exist() -> None:
    """A renamed module would fail the step that loads it after the register: caught here first."""
    import importlib.util

    from clinic_desktop.app import REST_MODULES

    for name in REST_MODULES:
        assert importlib.util.find_spec(name) is not None, name


def test_each_subcommand_can_be_built_alone_under_its_own_name() -> None:
    """``main`` builds only the named command's parser, finding it by its adder's name."""
    from clinic_desktop.cli import SUBCOMMANDS, build_parser, command_name

    _, every = build_parser()
    assert {command_name(add) for add in SUBCOMMANDS} == every
    for add in SUBCOMMANDS:
        _, alone = build_parser(only=command_name(add))
        assert alone == {command_name(add)}


def test_charts_are_imported_when_a_patient_page_is_first_shown_not_when_it_is_built(tmp_path: Path) -> None:
    """The patient page is built in the background after the register; QtCharts waits for a patient."""
    database = tmp_path / "clinic.sqlite3"
    with open_services(f"sqlite:///{database}") as services:
        patient_id = services.patients.add(
            PatientInput("999 000 0018", "Siân", "O'Brien", "03/02/1970", "female", ("1 Park Row",))
        ).id
    code = (
        "from PySide6.QtWidgets import QApplication\n"
        "from clinic_desktop.services.database import open_services\n"
        "from clinic_desktop.ui.main_window import MainWindow\n"
        "app = QApplication(['test', '-platform', 'offscreen'])\n"
        f"services = open_services({f'sqlite:///{database}'!r})\n"
        "window = MainWindow()\n"
        "window.attach_services(services)\n"
        "window.attach_rest()\n"
        "built = 'PySide6.QtCharts' in sys.modules\n"
        f"window.show_patient(services.patients.get({patient_id}))\n"
        "shown = 'PySide6.QtCharts' in sys.modules\n"
        "services.close()\n"
        "exit_code = 0 if (built, shown) == (False, True) else 3\n"
    )
    _, result = modules_after(code, tmp_path)
    assert result.returncode == 0, (result.returncode, result.stderr)
