"""Labelled form fields: a buddy label, an accessible name equal to it, a hint and an error beside it."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


def plain_label_text(text: str) -> str:
    """A label's text as read aloud: mnemonic ``&`` markers and a trailing colon removed."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(":").strip()


def set_role(widget: QWidget, role: str) -> None:
    """Tag a widget for the stylesheet (``QLabel[role="hint"]``)."""
    widget.setProperty("role", role)
    if isinstance(widget, QLabel):
        # A styled label counts as framed and would otherwise indent its text by half an "x".
        widget.setIndent(0)


def fit_wrapped_height(label: QLabel, width: int) -> None:
    """Reserve the height a word-wrapped label needs at ``width``.

    Nested box layouts do not pass height-for-width on, so a wrapped message would otherwise be
    clipped by the box below it.
    """
    if width > 0 and label.text():
        label.setMinimumHeight(label.heightForWidth(width))
    else:
        label.setMinimumHeight(0)


class FormField(QWidget):
    """One stacked field (NID-0047): label, optional hint, error message (hidden until needed), editor."""

    def __init__(
        self, label_text: str, editor: QWidget, hint: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self.label = QLabel(label_text)
        self.label.setBuddy(editor)
        self.hint = QLabel(hint)
        self.error = QLabel()
        self._init_labels(hint)
        self._init_layout()
        editor.setAccessibleName(self.label_text)
        if hint:
            editor.setAccessibleDescription(hint)

    @property
    def label_text(self) -> str:
        """The label as read aloud; also the editor's accessible name."""
        return plain_label_text(self.label.text())

    def _init_labels(self, hint: str) -> None:
        set_role(self.hint, "hint")
        self.hint.setWordWrap(True)
        self.hint.setVisible(bool(hint))
        fit_wrapped_height(self.hint, self.editor.minimumWidth())
        set_role(self.error, "error")
        self.error.setWordWrap(True)
        self.error.hide()

    def _init_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 10)
        layout.setSpacing(3)
        layout.addWidget(self.label)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)
        layout.addWidget(self.editor)

    def show_error(self, message: str | None) -> None:
        """Show ``Error: <label> <message>`` above the editor, or clear it; never colour alone."""
        has_error = bool(message)
        text = f"Error: {self.label_text} {message}" if has_error else ""
        self.error.setText(text)
        self.error.setVisible(has_error)
        fit_wrapped_height(self.error, max(self.width(), self.editor.minimumWidth()))
        # Screen readers hear the error when the field is focused; the hint otherwise.
        self.editor.setAccessibleDescription(text or self.hint.text())
        self.editor.setProperty("error", "true" if has_error else "false")
        style = self.editor.style()
        style.unpolish(self.editor)
        style.polish(self.editor)

    @property
    def error_text(self) -> str:
        """The error currently shown ("" when none)."""
        return self.error.text()
