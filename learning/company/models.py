"""The company's settings as last loaded by `courses sync`: one row."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from learning.database import Id, utcnow
from learning.extensions import db


class CompanySettings(db.Model):
    __tablename__ = "company_settings"
    __table_args__ = (sa.CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[Id] = mapped_column(primary_key=True, autoincrement=False, default=1)
    # Each text by locale, English always there: {"name": {"en": "…", "fr": "…"}, …}.
    texts: Mapped[dict] = mapped_column(sa.JSON)
    # In the company's order: [{"network": "linkedin", "purpose": {"en": "…"}}].
    networks: Mapped[list] = mapped_column(sa.JSON)
    confidential_terms: Mapped[list] = mapped_column(sa.JSON, default=list)
    synced_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
