"""Wizard stylesheet rules on top of the app's: question focus, calculated values, the Critical panel."""

from clinic_desktop.ui.wizard.severity import SEVERITIES

_FINDING_CARDS = "".join(
    f'QFrame#findingCard[severity="{indicator}"] {{ border-left: 8px solid {severity.fill}; }}\n'
    for indicator, severity in SEVERITIES.items()
)

WIZARD_STYLE = (
    """
QFrame[role="questionnaire-item"] {
    border: 3px solid transparent;
    border-radius: 2px;
}
QFrame[role="questionnaire-item"]:focus {
    border: 3px solid #212b32;
    background-color: #fffbd1;
}
QLabel[role="item-number"] {
    font-weight: bold;
    min-width: 22px;
}
QLabel[role="calculated"] {
    font-weight: bold;
    padding: 6px 0 2px 0;
}
QFrame#safetyPanel {
    background-color: #ffffff;
    border: 3px solid #d5281b;
    border-left: 10px solid #d5281b;
}
QLabel[role="critical-word"] {
    color: #d5281b;
    font-weight: bold;
    font-size: 12pt;
}
QLabel[role="crisis-pathway"] {
    font-weight: bold;
}
QRadioButton:focus, QCheckBox:focus {
    background-color: #ffeb3b;
}
QListWidget {
    background-color: #ffffff;
    border: 1px solid #d8dde0;
}
QListWidget::item {
    padding: 6px 4px;
    border-bottom: 1px solid #e8edee;
}
QListWidget::item:selected {
    background-color: #e8f1fa;
    color: #212b32;
    border-left: 6px solid #005eb8;
    font-weight: bold;
}
QListWidget:focus {
    border: 3px solid #212b32;
}
QPushButton:disabled, QPushButton[role="primary"]:disabled {
    background-color: #f0f4f5;
    color: #768692;
    border: 2px solid #aeb7bd;
}
QLabel[role="read-only-banner"] {
    background-color: #e8f1fa;
    border-left: 6px solid #005eb8;
    padding: 6px 10px;
    font-weight: bold;
}
QFrame#findingCard {
    background: #ffffff;
    border: 1px solid #d8dde0;
}
QLabel[role="finding-summary"] {
    font-size: 12pt;
    font-weight: bold;
}
"""
    + _FINDING_CARDS
)
