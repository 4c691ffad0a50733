"""A booking records which privacy notice the person accepted: ``bookings.consent_notice_version``.

Beside ``consent_at`` (when): the ``PRIVACY_NOTICE_VERSION`` the person was shown
(actions/privacy.py, docs/privacy.md). Bookings made before this revision keep NULL:
their version was not recorded.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: Union[str, None] = "0002"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("bookings", sa.Column("consent_notice_version", sa.String(20)))


def downgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        batch.drop_column("consent_notice_version")
