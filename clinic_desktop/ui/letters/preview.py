"""A PDF shown from bytes in memory (QPdfView), kept at the same page and zoom when the bytes change."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QPointF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QVBoxLayout, QWidget

PRINT_DPI_MAX = 300
"""Pages are rasterised at the printer's resolution up to this: sharp text, bounded memory."""


def load_pdf(pdf: bytes, parent: QObject | None = None) -> tuple[QPdfDocument, QBuffer]:
    """A document reading ``pdf`` from memory, and the buffer it reads: keep both while the document is open.

    Nothing touches the disk, so no patient data is left in a temporary file.
    """
    buffer = QBuffer(parent)
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument(parent)  # type: ignore[arg-type]  # None is allowed: the stub says otherwise
    document.load(buffer)
    return document, buffer


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Send every page of ``pdf`` to ``printer`` (as images at up to 300 dpi); returns the pages printed."""
    document, buffer = load_pdf(pdf)
    try:
        if document.status() != QPdfDocument.Status.Ready:
            raise ValueError("the letter's PDF could not be read")
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError("the printer could not be started")
        try:
            dpi = min(printer.resolution(), PRINT_DPI_MAX)
            for page in range(document.pageCount()):
                if page:
                    printer.newPage()
                target = painter.viewport()
                points = document.pagePointSize(page)
                size = (points * dpi / 72).toSize()
                image: QImage = document.render(page, size)
                # Fit the page on the paper, keeping its proportions.
                scale = min(target.width() / size.width(), target.height() / size.height())
                painter.save()
                painter.scale(scale, scale)
                painter.drawImage(QPointF(0, 0), image)
                painter.restore()
        finally:
            painter.end()
        return document.pageCount()
    finally:
        document.close()
        buffer.close()


class PdfPreview(QWidget):
    """Shows PDF bytes; a new PDF replaces the old one at the same page, scroll position and zoom."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.document: QPdfDocument | None = None
        self._buffer: QBuffer | None = None
        self.pdf_bytes = b""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def show_pdf(self, pdf: bytes) -> None:
        """Show ``pdf`` in place of what is shown, keeping where the reader was."""
        vertical, horizontal = self.view.verticalScrollBar(), self.view.horizontalScrollBar()
        position = (vertical.value(), horizontal.value())
        document, buffer = load_pdf(pdf, self)
        old_document, old_buffer = self.document, self._buffer
        self.document, self._buffer, self.pdf_bytes = document, buffer, pdf
        self.view.setDocument(document)
        # The rendered page is an image to assistive technology: its words go in the description,
        # taken from the PDF itself, so the letter can be read aloud before it is sent.
        self.view.setAccessibleDescription(self.text())
        # The view re-lays out its pages synchronously for a document already loaded from memory.
        vertical.setValue(min(position[0], vertical.maximum()))
        horizontal.setValue(min(position[1], horizontal.maximum()))
        if old_document is not None and old_buffer is not None:
            old_document.close()
            old_document.deleteLater()
            old_buffer.close()
            old_buffer.deleteLater()

    def text(self) -> str:
        """The words of every page, as the PDF holds them ("" when nothing is shown)."""
        if self.document is None:
            return ""
        pages = [self.document.getAllText(page).text() for page in range(self.document.pageCount())]
        return "\n\n".join(page.strip() for page in pages)

    def page_count(self) -> int:
        return 0 if self.document is None else self.document.pageCount()
