"""Workshop sessions can be cancelled by their centre: ``workshop_sessions.cancelled_at``.

A cancelled session is kept (its bookings refer to it) but never offered nor
booked again (BookingService).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: Union[str, None] = "0001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("workshop_sessions", sa.Column("cancelled_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    with op.batch_alter_table("workshop_sessions") as batch:
        batch.drop_column("cancelled_at")
