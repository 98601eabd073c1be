"""Labelled form fields: a buddy label, an accessible name equal to it, a hint and an error beside it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
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


def label_plain_text(label: QLabel) -> str:
    """A label's text as a screen reader should hear it: rich text reduced to its words."""
    text = label.text()
    if label.textFormat() == Qt.TextFormat.PlainText:
        return text
    document = QTextDocument()
    document.setHtml(text)
    return " ".join(document.toPlainText().split())


class NamedLabel(QLabel):
    """A label with a name of its own ("Letter status") whose changing text is its accessible description.

    Qt reads a label's accessible name *instead of* its text once a name is set, so a named status
    line was heard as "Letter status" and nothing more. The name says what the label is, the
    description (kept equal to the text) says what it holds, and a screen reader reads both.
    """

    def __init__(self, name: str, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setAccessibleName(name)
        self._describe()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._describe()

    def setTextFormat(self, text_format: Qt.TextFormat) -> None:
        super().setTextFormat(text_format)
        self._describe()

    def _describe(self) -> None:
        plain = label_plain_text(self)
        if self.accessibleDescription() != plain:
            self.setAccessibleDescription(plain)


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
