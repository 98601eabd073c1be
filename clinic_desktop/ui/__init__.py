"""The desktop user interface (PySide6 only): main window, pages, dialogs, item models."""
