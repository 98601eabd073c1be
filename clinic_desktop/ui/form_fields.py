"""Labelled form fields: a buddy label, an accessible name equal to it, a hint and an error beside it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget


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


class CharacterCount(QLabel):
    """ "120 of 500 characters" under a text field, kept up to date; typing stops at the limit.

    A line edit stops typing itself (``maxLength``); a plain-text box has no such setting, so what
    takes it past the limit (typed or pasted) is removed at the cursor, where it went in.
    """

    def __init__(self, editor: QLineEdit | QPlainTextEdit, limit: int, label_text: str) -> None:
        super().__init__()
        self.editor = editor
        self.limit = limit
        set_role(self, "hint")
        self.setAccessibleName(f"{label_text}: characters used")
        if isinstance(editor, QLineEdit):
            editor.setMaxLength(limit)
        editor.textChanged.connect(self._on_text_changed)
        self._on_text_changed()

    def _text(self) -> str:
        editor = self.editor
        return editor.text() if isinstance(editor, QLineEdit) else editor.toPlainText()

    @Slot()
    def _on_text_changed(self) -> None:
        text = self._text()
        if isinstance(self.editor, QPlainTextEdit):
            while len(text) > self.limit:
                cursor = self.editor.textCursor()
                excess = len(text) - self.limit
                cursor.movePosition(QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor, excess)
                if not cursor.hasSelection():  # the cursor at the start: trim the end instead
                    cursor.movePosition(QTextCursor.MoveOperation.End)
                    cursor.movePosition(
                        QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor, excess
                    )
                cursor.removeSelectedText()  # re-enters this slot, which then finds the text within
                text = self._text()
        full = " (the limit)" if len(text) >= self.limit else ""
        count = f"{len(text):,} of {self.limit:,} characters{full}"
        if self.text() != count:
            self.setText(count)


class FormField(QWidget):
    """One stacked field (NID-0047): label, optional hint, error message (hidden until needed), editor.

    With ``max_length``, a text editor takes at most that many characters and a count shows under it
    (or, with ``count_beside_label``, on the label's line at its right: a line less on a dense page);
    the limit is also in the editor's accessible description.
    """

    def __init__(
        self,
        label_text: str,
        editor: QWidget,
        hint: str = "",
        parent: QWidget | None = None,
        *,
        max_length: int = 0,
        count_beside_label: bool = False,
    ) -> None:
        super().__init__(parent)
        self._count_beside_label = count_beside_label
        self.editor = editor
        self.label = QLabel(label_text)
        self.label.setBuddy(editor)
        self.hint = QLabel(hint)
        self.error = QLabel()
        self.count: CharacterCount | None = None
        self.description = hint
        if max_length and isinstance(editor, QLineEdit | QPlainTextEdit):
            self.count = CharacterCount(editor, max_length, plain_label_text(label_text))
            self.description = f"{hint} Up to {max_length:,} characters.".strip()
        self._init_labels(hint)
        self._init_layout()
        editor.setAccessibleName(self.label_text)
        if self.description:
            editor.setAccessibleDescription(self.description)

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
        if self.count is not None and self._count_beside_label:
            label_line = QHBoxLayout()
            label_line.addWidget(self.label)
            label_line.addStretch(1)
            label_line.addWidget(self.count)
            layout.addLayout(label_line)
        else:
            layout.addWidget(self.label)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)
        layout.addWidget(self.editor)
        if self.count is not None and not self._count_beside_label:
            layout.addWidget(self.count)

    def show_error(self, message: str | None) -> None:
        """Show ``Error: <label> <message>`` above the editor, or clear it; never colour alone."""
        has_error = bool(message)
        text = f"Error: {self.label_text} {message}" if has_error else ""
        self.error.setText(text)
        self.error.setVisible(has_error)
        fit_wrapped_height(self.error, max(self.width(), self.editor.minimumWidth()))
        # Screen readers hear the error when the field is focused; the hint otherwise.
        self.editor.setAccessibleDescription(text or self.description)
        self.editor.setProperty("error", "true" if has_error else "false")
        style = self.editor.style()
        style.unpolish(self.editor)
        style.polish(self.editor)

    @property
    def error_text(self) -> str:
        """The error currently shown ("" when none)."""
        return self.error.text()
