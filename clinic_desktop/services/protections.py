"""The immutability triggers watched: found missing at start and put back on request, both audited."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from clinic_desktop.persistence.protections import PROTECTIONS, missing_protections, restore_protections
from clinic_desktop.persistence.unit_of_work import unit_of_work
from clinic_desktop.services.audit import DETAIL_MAX_LENGTH, AuditAction, AuditService

__all__ = ["ProtectionService", "protection_problems"]

_AUDITED = "database"


def _detail(names: list[str]) -> str:
    listed = f"{len(names)} missing: " + ", ".join(names)
    return listed if len(listed) <= DETAIL_MAX_LENGTH else listed[: DETAIL_MAX_LENGTH - 1] + "…"


def protection_problems(missing: list[str]) -> list[str]:
    """One plain line per missing trigger, for ``verify-audit``."""
    return [
        f"The protection trigger {name} is missing, disabled or altered: the records it guards can be "
        "changed directly without the database refusing."
        for name in missing
    ]


class ProtectionService:
    """Checks the triggers of ``persistence/protections.py`` and restores them, each time audited."""

    def __init__(self, sessions: sessionmaker[Session], audit: AuditService) -> None:
        self._sessions = sessions
        self._audit = audit

    @staticmethod
    def protected() -> list[str]:
        """What the triggers protect, in plain words."""
        return [item.what for item in PROTECTIONS]

    def missing(self) -> list[str]:
        """The expected triggers that are absent, disabled or altered (nothing is recorded)."""
        with unit_of_work(self._sessions) as session:
            return missing_protections(session.connection())

    def check_and_record(self) -> list[str]:
        """The missing triggers; when there are any, an audit entry says so (in the same transaction)."""
        with unit_of_work(self._sessions) as session:
            missing = missing_protections(session.connection())
            if missing:
                self._audit.record(session, AuditAction.PROTECTIONS_MISSING, _AUDITED, None, _detail(missing))
            return missing

    def restore(self) -> list[str]:
        """Create the missing triggers again and record it; the names restored ([] when none were missing)."""
        with unit_of_work(self._sessions) as session:
            restored = restore_protections(session.connection())
            if restored:
                self._audit.record(
                    session, AuditAction.PROTECTIONS_RESTORED, _AUDITED, None, _detail(restored)
                )
            return restored
