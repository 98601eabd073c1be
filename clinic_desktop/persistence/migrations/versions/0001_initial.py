"""Initial schema: the patient register and the practice settings.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "patient",
        sa.Column("id", sa.Integer(), nullable=False, comment="Surrogate key"),
        sa.Column(
            "nhs_number",
            sa.String(length=10),
            nullable=False,
            comment="NHS number: 10 digits, no spaces, Modulus 11 checked",
        ),
        sa.Column(
            "given_name",
            sa.String(length=35),
            nullable=False,
            comment="Given name as entered (NFC), any script",
        ),
        sa.Column(
            "family_name",
            sa.String(length=35),
            nullable=False,
            comment="Family name as entered (NFC), any script",
        ),
        sa.Column(
            "search_key",
            sa.String(length=255),
            nullable=False,
            comment="Folded family name, tab, folded given name: lower case, no accents or apostrophes",
        ),
        sa.Column("date_of_birth", sa.Date(), nullable=False, comment="Date of birth"),
        sa.Column("sex", sa.String(length=10), nullable=False, comment="female, male, other or unknown"),
        sa.Column("address", sa.JSON(), nullable=False, comment="Address lines as a JSON list of strings"),
        sa.Column(
            "postcode", sa.String(length=8), nullable=True, comment="UK postcode, normalised (LS1 4AP)"
        ),
        sa.Column("phone", sa.String(length=20), nullable=True, comment="Telephone number as entered"),
        sa.Column("created_at", sa.DateTime(), nullable=False, comment="When the record was created (UTC)"),
        sa.Column(
            "updated_at", sa.DateTime(), nullable=False, comment="When the record was last saved (UTC)"
        ),
        sa.Column(
            "version_id",
            sa.Integer(),
            nullable=False,
            comment="Optimistic lock: incremented on every save, checked on update",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patient")),
        sa.UniqueConstraint("nhs_number", name=op.f("uq_patient_nhs_number")),
        comment="Patients registered in this practice's clinic-desktop database",
    )
    with op.batch_alter_table("patient", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_patient_date_of_birth"), ["date_of_birth"], unique=False)
        batch_op.create_index(batch_op.f("ix_patient_search_key"), ["search_key"], unique=False)

    op.create_table(
        "practice_settings",
        sa.Column(
            "id",
            sa.Integer(),
            autoincrement=False,
            nullable=False,
            comment="Always 1: the table holds one row",
        ),
        sa.Column("practice_name", sa.String(length=100), nullable=False, comment="Practice or clinic name"),
        sa.Column("address", sa.JSON(), nullable=False, comment="Practice address lines as a JSON list"),
        sa.Column(
            "postcode", sa.String(length=8), nullable=False, comment="Practice postcode, normalised, or empty"
        ),
        sa.Column(
            "phone", sa.String(length=20), nullable=False, comment="Practice telephone number, or empty"
        ),
        sa.Column("email", sa.String(length=254), nullable=False, comment="Practice email address, or empty"),
        sa.Column(
            "ods_code", sa.String(length=10), nullable=False, comment="NHS ODS organisation code, or empty"
        ),
        sa.Column(
            "clinician_name",
            sa.String(length=100),
            nullable=False,
            comment="Name of the clinician signing letters",
        ),
        sa.Column(
            "clinician_role", sa.String(length=100), nullable=False, comment="Clinician's role, e.g. GP"
        ),
        sa.Column(
            "registration_number",
            sa.String(length=20),
            nullable=False,
            comment="Professional registration number (GMC, NMC, GPhC …), or empty",
        ),
        sa.Column("updated_at", sa.DateTime(), nullable=False, comment="When the settings were saved (UTC)"),
        sa.CheckConstraint("id = 1", name=op.f("ck_practice_settings_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_settings")),
        comment="Practice and clinician settings: at most one row",
    )


def downgrade() -> None:
    op.drop_table("practice_settings")
    with op.batch_alter_table("patient", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patient_search_key"))
        batch_op.drop_index(batch_op.f("ix_patient_date_of_birth"))
    op.drop_table("patient")
