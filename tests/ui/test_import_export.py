"""Import / Export assessment: every problem listed with its JSON path, nothing written; atomic export."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from benchmarks.fuzz import located
from clinic_desktop.clinical.evaluation import evaluate
from clinic_desktop.clinical.exchange import load_assessment
from clinic_desktop.clinical.exchange_limits import MAX_FILE_BYTES
from clinic_desktop.services.database import Services
from clinic_desktop.ui.import_export import ProblemsDialog
from clinic_desktop.ui.main_window import MainWindow
from clinic_desktop.ui.operations import wait_for_background_work
from tests.fixtures import example_path

EXAMPLE_1 = example_path(1)


def test_import_registers_the_patient_opens_them_and_keeps_the_findings(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, services: Services
) -> None:
    assert window.import_action.isEnabled()
    assert window.import_export is not None
    with qtbot.waitSignal(window.import_export.imported, timeout=5000) as imported:
        window.import_export.import_file(EXAMPLE_1)
    patient_id, assessment_id = imported.args
    assert services.patients.count() == 1
    assert window.patient_page is not None and window.patient_page.record is not None
    assert window.patient_page.record.id == patient_id
    # The imported assessment opens in the wizard at its Review section.
    wizard = window.current_page()
    assert getattr(wizard, "assessment_id", None) == assessment_id
    assert wizard.current_page.section_id == "review"  # type: ignore[attr-defined]
    assert window.current_assessment_id() == assessment_id
    draft = services.assessments.load(assessment_id)
    assert draft.current_section == "review"
    expected = evaluate(load_assessment(EXAMPLE_1.read_text("utf-8"))).findings
    assert [f.rule for f in evaluate(draft.assessment).findings] == [f.rule for f in expected]
    wizard.close_assessment()  # type: ignore[attr-defined]
    # The same NHS number again is matched, not registered twice.
    with qtbot.waitSignal(window.import_export.imported, timeout=5000) as again:
        window.import_export.import_file(EXAMPLE_1, allow_duplicate=True)
    assert again.args[0] == patient_id and services.patients.count() == 1
    assert wait_for_background_work(5000)


def test_bad_file_lists_every_error_with_its_path_and_writes_nothing(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, services: Services, tmp_path: Path
) -> None:
    data = json.loads(EXAMPLE_1.read_text("utf-8"))
    data["patient"]["nhs_number"] = "9434765918"
    data["instruments"]["phq9"]["items"][3] = 5
    data["medications"][0]["dose_quantity"] = 0
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), "utf-8")
    assert window.import_export is not None
    window.import_export.import_file(bad)
    assert wait_for_background_work(5000)
    qtbot.waitUntil(lambda: window.import_export.problems_dialog is not None, timeout=5000)
    dialog = window.import_export.problems_dialog
    assert isinstance(dialog, ProblemsDialog) and dialog.isVisible()
    listed = dialog.problems.toPlainText().splitlines()
    assert any(line.startswith("patient.nhs_number:") for line in listed)
    assert any(line.startswith("instruments.phq9.items[3]:") for line in listed)
    assert any(line.startswith("medications[0].dose_quantity:") for line in listed)
    assert "bad.json was not imported: nothing was added to the register" in dialog.heading.text()
    assert services.patients.count() == 0
    dialog.close()


def test_not_json_and_not_utf8_are_explained(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for name, content in (("text.json", b"not json at all"), ("latin.json", b"\xff\xfe\x00bad")):
        path = tmp_path / name
        path.write_bytes(content)
        assert window.import_export is not None
        window.import_export.problems_dialog = None
        window.import_export.import_file(path)
        assert wait_for_background_work(5000)
        qtbot.waitUntil(lambda: window.import_export.problems_dialog is not None, timeout=5000)
        text = window.import_export.problems_dialog.problems.toPlainText()
        assert text and "Traceback" not in text
        window.import_export.problems_dialog.close()


def test_export_writes_the_exchange_file_atomically(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, services: Services, tmp_path: Path
) -> None:
    _, assessment_id = services.assessments.import_assessment(EXAMPLE_1.read_text("utf-8"))
    target = tmp_path / "out" / "assessment.json"
    target.parent.mkdir()
    assert window.import_export is not None
    with qtbot.waitSignal(window.import_export.exported, timeout=5000):
        window.import_export.export_to(assessment_id, target)
    assert target.read_text("utf-8") == services.assessments.export_assessment(assessment_id)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in target.parent.iterdir()] == ["assessment.json"]  # no temporary file left
    again = load_assessment(target.read_text("utf-8"))
    assert again == load_assessment(EXAMPLE_1.read_text("utf-8"))
    assert wait_for_background_work(5000)


def _awkward_files() -> dict[str, bytes | None]:
    """Files the fuzz run found awkward; None: a sparse file just over the size limit."""
    text = EXAMPLE_1.read_text("utf-8")
    data = json.loads(text)
    data["notes"] = "x" * 4001
    data["patient"]["given_name"] = "Ja\u001bnet"
    return {
        "duplicate.json": text.replace(
            '"nhs_number":', '"nhs_number": "999 000 0018", "nhs_number":', 1
        ).encode(),
        "nan.json": text.replace('"version": 1', '"version": NaN', 1).encode(),
        "deep.json": text.replace('"version": 1', '"version": ' + "[" * 50_000 + "]" * 50_000, 1).encode(),
        "surrogate.json": text.replace('"given_name": "', '"given_name": "\\ud800', 1).encode(),
        "long.json": json.dumps(data).encode(),
        "truncated.json": text[:200].encode(),
        "medicines.json": json.dumps(data | {"medications": data["medications"] * 101}).encode(),
        "huge.json": None,
    }


def test_file_import_refuses_awkward_files_with_the_command_s_own_messages(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, services: Services, tmp_path: Path, capsys, database_url: str, monkeypatch
) -> None:
    from clinic_desktop.cli import main

    monkeypatch.chdir(tmp_path)  # the command is given the bare file name, as the dialog shows it
    assert window.import_export is not None
    for name, content in _awkward_files().items():
        path = tmp_path / name
        if content is None:
            with path.open("wb") as stream:
                stream.truncate(MAX_FILE_BYTES + 1)
        else:
            path.write_bytes(content)
        window.import_export.problems_dialog = None
        window.import_export.import_file(path)
        assert wait_for_background_work(5000)
        qtbot.waitUntil(lambda: window.import_export.problems_dialog is not None, timeout=5000)
        dialog = window.import_export.problems_dialog
        shown = dialog.problems.toPlainText().splitlines()
        dialog.close()
        assert main(["--database", database_url, "import", name]) == 2
        printed = [line.removeprefix(f"{name}: ") for line in capsys.readouterr().err.splitlines()]
        assert shown == printed, name
        assert shown and all(located(line) for line in shown), name
    assert services.patients.count() == 0
