"""The practice's rules pack thresholds: stored with the practice settings, read once, changes audited.

Every evaluation the app makes (wizard, Review, letters, letter store, import) and the ``evaluate``
and ``letter`` commands read the thresholds from here, so the app and the command line agree.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session, sessionmaker

from clinic_desktop.clinical.rules import DEFAULT_SETTINGS, RuleSettings, SettingsError
from clinic_desktop.clinical.rules.settings import DEFINITIONS_BY_NAME, plain_value, setting_problem
from clinic_desktop.persistence.practice import PracticeSettingsRepository
from clinic_desktop.persistence.unit_of_work import unit_of_work
from clinic_desktop.services.audit import AuditAction, AuditService
from clinic_desktop.services.errors import FieldErrors

__all__ = ["RuleSettingsRecord", "RuleSettingsService", "parse_setting_text"]

AUDIT_ENTITY = "rule_settings"
NEEDS_PRACTICE = "Save the practice details (Practice tab) before changing the rules' thresholds."


@dataclass(frozen=True)
class RuleSettingsRecord:
    """The thresholds in force and who last changed them (empty and None when nobody has)."""

    settings: RuleSettings
    changed_by: str = ""
    changed_at: datetime | None = None
    """UTC."""


def parse_setting_text(name: str, text: str) -> tuple[float | int | None, str | None]:
    """A threshold typed in a field: its value, or None and a message for beside the field."""
    definition = DEFINITIONS_BY_NAME[name]
    cleaned = text.strip()
    if not cleaned:
        return None, "is required (the default is " + plain_value(definition.default) + ")"
    try:
        value: float | int = int(cleaned) if definition.whole else float(cleaned)
    except ValueError:
        kind = "a whole number" if definition.whole else "a number"
        return None, f"'{cleaned}' is not {kind}"
    if not definition.whole and not math.isfinite(value):
        return None, f"'{cleaned}' is not a finite number"
    problem = setting_problem(definition, value)
    if problem is not None:
        return (
            None,
            f"must be between {plain_value(definition.minimum)} and {plain_value(definition.maximum)}",
        )
    return value, None


def _stored(text: str) -> RuleSettings:
    """The stored overrides; SettingsError when the stored value is damaged (never silently default)."""
    try:
        data = json.loads(text or "{}")
    except ValueError as error:
        raise SettingsError("the stored rule settings are not valid JSON") from error
    if not isinstance(data, dict):
        raise SettingsError("the stored rule settings are not a JSON object")
    return RuleSettings.from_overrides(data)


class RuleSettingsService:
    """Loads and saves the practice's rule thresholds; ``current`` is read from the database once."""

    def __init__(self, sessions: sessionmaker[Session], audit: AuditService | None = None) -> None:
        self._sessions = sessions
        self._audit = audit or AuditService()
        self._current: RuleSettings | None = None
        self._lock = threading.Lock()  # evaluations run on worker threads too

    def load(self) -> RuleSettingsRecord:
        """What is stored (the defaults when nothing is); SettingsError when the stored value is damaged."""
        with unit_of_work(self._sessions) as session:
            row = PracticeSettingsRepository(session).get()
            if row is None:  # kept as well: a practice that never changed a threshold read it every time
                record = RuleSettingsRecord(DEFAULT_SETTINGS)
            else:
                record = RuleSettingsRecord(
                    _stored(row.rule_settings),
                    row.rule_settings_changed_by or "",
                    row.rule_settings_changed_at,
                )
        with self._lock:
            self._current = record.settings
        return record

    @property
    def current(self) -> RuleSettings:
        """The thresholds every evaluation uses: read from the database the first time, then kept."""
        with self._lock:
            current = self._current
        return current if current is not None else self.load().settings

    def save(self, values: Mapping[str, str]) -> RuleSettingsRecord:
        """Save thresholds typed as text (name -> text). Raises FieldErrors naming every bad field,
        writing nothing. Each changed threshold is audited (old and new value, who and when)."""
        errors: dict[str, str] = {}
        parsed: dict[str, float | int] = {}
        for name, text in values.items():
            if name not in DEFINITIONS_BY_NAME:
                errors[name] = "is not a setting of the rules pack"
                continue
            value, message = parse_setting_text(name, text)
            if message is not None:
                errors[name] = message
            elif value is not None:
                parsed[name] = value
        if errors:
            raise FieldErrors(errors)
        now = datetime.now(UTC).replace(tzinfo=None)
        with unit_of_work(self._sessions) as session:
            row = PracticeSettingsRepository(session).get()
            if row is None:
                raise FieldErrors({"rule_settings": NEEDS_PRACTICE})
            before = _stored(row.rule_settings)
            after = RuleSettings.from_overrides({**before.overrides(), **parsed})
            changes = [
                (name, before[name], after[name])
                for name in DEFINITIONS_BY_NAME
                if before[name] != after[name]
            ]
            if not changes:
                return RuleSettingsRecord(before, row.rule_settings_changed_by, row.rule_settings_changed_at)
            row.rule_settings = json.dumps(after.overrides())
            row.rule_settings_changed_by = self._audit.actor.name[:100]
            row.rule_settings_changed_at = now
            for name, old, new in changes:
                default = plain_value(DEFINITIONS_BY_NAME[name].default)
                detail = f"{name} {plain_value(old)} -> {plain_value(new)} (default {default})"
                self._audit.record(session, AuditAction.EDIT, AUDIT_ENTITY, None, detail)
            record = RuleSettingsRecord(after, row.rule_settings_changed_by, now)
        with self._lock:
            self._current = record.settings
        return record
