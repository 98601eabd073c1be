"""Content fingerprints of finalised records: the canonical form of an assessment or letter row, hashed.

The audit entry that finalises an assessment or stores a letter carries the SHA-256 of the row's
canonical form, so a row changed beside the chain (triggers dropped, file edited) no longer matches.
Canonical form, fixed for all time (a change would make every recorded fingerprint mismatch):

    json.dumps({column: value, ...}, sort_keys=True, separators=(",", ":"), ensure_ascii=True)

with every column of the row; dates and times as ISO 8601 text (naive UTC, as stored), text columns
exactly as stored, and for a letter the SHA-256 of its PDF bytes in place of the bytes.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime

from clinic_desktop.models import Assessment, Letter

__all__ = ["assessment_fingerprint", "letter_fingerprint", "sha256_hex"]


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _when(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _fingerprint(fields: dict[str, object]) -> str:
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return sha256_hex(canonical.encode("ascii"))


def assessment_fingerprint(row: Assessment) -> str:
    """SHA-256 (hex) of every column of the assessment row in canonical form."""
    return _fingerprint(
        {
            "id": row.id,
            "patient_id": row.patient_id,
            "assessed_on": _when(row.assessed_on),
            "status": row.status,
            "document": row.document,
            "wizard_state": row.wizard_state,
            "key_scores": row.key_scores,
            "critical_findings": row.critical_findings,
            "created_at": _when(row.created_at),
            "updated_at": _when(row.updated_at),
            "updated_by": row.updated_by,
            "finalised_at": _when(row.finalised_at),
            "finalised_by": row.finalised_by,
            "amends_id": row.amends_id,
            "amendment_reason": row.amendment_reason,
            "version_id": row.version_id,
        }
    )


def letter_fingerprint(row: Letter) -> str:
    """SHA-256 (hex) of every column of the letter row in canonical form (the PDF by its own SHA-256)."""
    return _fingerprint(
        {
            "id": row.id,
            "assessment_id": row.assessment_id,
            "patient_id": row.patient_id,
            "service_id": row.service_id,
            "recipient_name": row.recipient_name,
            "created_at": _when(row.created_at),
            "created_by": row.created_by,
            "content_json": row.content_json,
            "pdf_sha256": sha256_hex(bytes(row.pdf)),
            "sha256": row.sha256,
            "status": row.status,
        }
    )
