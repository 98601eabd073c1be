"""The question the app asks before creating a database anywhere but the default place."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget


def ask_to_create_database(parent: QWidget, path: Path) -> QMessageBox:
    """Asks (without blocking) whether to create a new, empty database at ``path``; Quit is the default."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Create a new database?",
        f"There is no clinic-desktop database at:\n{path}",
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setInformativeText(
        "If you meant an existing database, choose Quit and check the path (a typing mistake, or a "
        "network drive that is not connected). Create an empty database there only to start new records."
    )
    box.setObjectName("createDatabaseQuestion")
    box.addButton("Create empty database", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(box.addButton("Quit", QMessageBox.ButtonRole.RejectRole))
    box.open()
    return box
