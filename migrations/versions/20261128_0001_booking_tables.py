"""Booking tables: centres, programmes, workshop sessions, bookings.

Revision ID: 0001
Revises:
Create Date: 2026-11-28

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: Union[str, None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# A frozen copy of what this revision creates: later changes to
# actions/booking/models.py go in new revisions, never here.
UTC_TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "centres",
        sa.Column("id", sa.String(80), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("city", sa.String(100), nullable=False),
        sa.Column("postal_code", sa.String(5)),
        sa.Column("department_code", sa.String(3), nullable=False),
        sa.Column("region_name", sa.String(100), nullable=False),
        sa.Column("address", sa.String(300)),
        sa.Column("confidence", sa.String(10), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.PrimaryKeyConstraint("id", name="pk_centres"),
    )
    op.create_table(
        "programmes",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_programmes"),
    )
    op.create_table(
        "workshop_sessions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("centre_id", sa.String(80), nullable=False),
        sa.Column("programme_id", sa.String(40)),
        sa.Column("starts_at", UTC_TIMESTAMP, nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("seats_taken", sa.Integer(), nullable=False, server_default=sa.text("0")),
        sa.Column("room", sa.String(200)),
        sa.Column("created_at", UTC_TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_workshop_sessions"),
        sa.ForeignKeyConstraint(["centre_id"], ["centres.id"], name="fk_workshop_sessions_centre_id_centres"),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programmes.id"], name="fk_workshop_sessions_programme_id_programmes"
        ),
        sa.UniqueConstraint("centre_id", "starts_at", name="uq_workshop_sessions_centre_id_starts_at"),
        sa.CheckConstraint("capacity > 0", name=op.f("ck_workshop_sessions_capacity_positive")),
        sa.CheckConstraint("duration_minutes > 0", name=op.f("ck_workshop_sessions_duration_positive")),
        sa.CheckConstraint(
            "seats_taken >= 0 AND seats_taken <= capacity", name=op.f("ck_workshop_sessions_seats_within_capacity")
        ),
    )
    op.create_index("ix_workshop_sessions_starts_at", "workshop_sessions", ["starts_at"])
    op.create_table(
        "bookings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(6), nullable=False),
        sa.Column("first_name", sa.String(40)),
        sa.Column("contact", sa.String(254)),
        sa.Column("contact_kind", sa.String(5)),
        sa.Column("sender_id", sa.String(128)),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("consent_at", UTC_TIMESTAMP, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("created_at", UTC_TIMESTAMP, nullable=False),
        sa.Column("cancelled_at", UTC_TIMESTAMP),
        sa.Column("erased_at", UTC_TIMESTAMP),
        sa.PrimaryKeyConstraint("id", name="pk_bookings"),
        sa.ForeignKeyConstraint(
            ["session_id"], ["workshop_sessions.id"], name="fk_bookings_session_id_workshop_sessions"
        ),
        sa.UniqueConstraint("reference", name="uq_bookings_reference"),
        sa.CheckConstraint("status IN ('booked', 'cancelled')", name=op.f("ck_bookings_status_known")),
        sa.CheckConstraint("contact_kind IN ('phone', 'email')", name=op.f("ck_bookings_contact_kind_known")),
    )
    op.create_index("ix_bookings_sender_id", "bookings", ["sender_id"])
    if op.get_bind().dialect.name in ("sqlite", "postgresql"):
        # One active booking per person and session. Partial indexes exist on SQLite
        # and PostgreSQL; elsewhere BookingService's transaction enforces the rule alone.
        op.create_index(
            "uq_bookings_active_per_sender",
            "bookings",
            ["session_id", "sender_id"],
            unique=True,
            sqlite_where=sa.text("status = 'booked'"),
            postgresql_where=sa.text("status = 'booked'"),
        )


def downgrade() -> None:
    op.drop_table("bookings")
    op.drop_table("workshop_sessions")
    op.drop_table("programmes")
    op.drop_table("centres")
