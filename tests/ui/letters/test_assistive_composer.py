"""The composer heard through QAccessible: every label's text is read, and the preview reads the letter."""

from __future__ import annotations

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLabel

from clinic_desktop.services.database import Services
from clinic_desktop.ui.form_fields import label_plain_text
from tests.ui.assistive import descendants, description, find, interface, name
from tests.ui.letters.test_composer import make_composer, pdf_text


def heard(node) -> str:  # type: ignore[no-untyped-def]
    """What a screen reader says for a node: its name, then its description."""
    return f"{name(node)} {description(node)}"


def test_every_composer_label_is_heard_with_its_text(qtbot, services: Services, final_draft) -> None:  # type: ignore[no-untyped-def]
    composer = make_composer(qtbot, services, final_draft)
    root = interface(composer)
    for label_name in ("Letter status", "Why this recipient", "Safety alerts in the letter"):
        label = find(root, label_name)
        widget = label.object()
        assert isinstance(widget, QLabel)
        assert label_plain_text(widget) and label_plain_text(widget) in heard(label), label_name
    in_the_letter = [n for n in descendants(root) if name(n).endswith(" in the letter")]
    assert len(in_the_letter) >= 6
    for node in in_the_letter:
        widget = node.object()
        assert isinstance(widget, QLabel)
        assert label_plain_text(widget) in heard(node), name(node)
    # Sweep: no shown label of the letter form has its text hidden by its name. (The banner's names
    # are spoken forms on purpose: a date in words, the NHS number in groups.)
    for label in [*composer.form.findChildren(QLabel), composer.status]:
        text = label_plain_text(label)
        if label.isVisibleTo(composer) and text.strip():
            assert text in heard(interface(label)), f"{label.accessibleName()!r} hides {text!r}"


def test_the_letter_preview_reads_the_letter_text(qtbot, services: Services, final_draft) -> None:  # type: ignore[no-untyped-def]
    composer = make_composer(qtbot, services, final_draft)
    preview = find(interface(composer), "Letter preview")
    words = description(preview)
    printed = " ".join(pdf_text(composer.preview.pdf_bytes).split())
    assert len(words) > 400
    assert " ".join(words.split()) == " ".join(composer.preview.text().split())
    for line in ("DRAFT", "Dear", "Reason for referral"):
        assert line in words and line in printed
    assert preview.role() in (QAccessible.Role.Client, QAccessible.Role.Grouping, QAccessible.Role.Pane)


def test_the_splitter_handle_is_named(qtbot, services: Services, final_draft) -> None:  # type: ignore[no-untyped-def]
    composer = make_composer(qtbot, services, final_draft)
    nodes = descendants(interface(composer))
    handles = [n for n in nodes if n.role() == QAccessible.Role.Grip and not n.state().invisible]
    assert handles, "no splitter handle in the tree"
    assert [name(n) for n in handles] == ["Divider between the letter form and the preview"]
