"""People, their roles, their signed-in sessions and their API tokens."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.database import Id, one_of, utcnow
from learning.extensions import db
from learning.levels import LEVELS
from learning.roles import PERSON_ROLES, ROLES


class User(db.Model):
    __tablename__ = "users"
    __table_args__ = (
        sa.CheckConstraint("email = lower(email)", name="email_lowercase"),
        sa.CheckConstraint(f"level IS NULL OR {one_of('level', LEVELS)}", name="level_known"),
    )

    id: Mapped[Id] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    department: Mapped[str | None] = mapped_column(sa.String(120), index=True)
    site: Mapped[str | None] = mapped_column(sa.String(120))
    manager_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    hire_date: Mapped[date | None]
    # Current level; every change is also recorded in level_assignments.
    level: Mapped[str | None] = mapped_column(sa.String(20), index=True)
    # Their latest questionnaire shows daily, active use of social networks: some paths
    # put a course written for such people first (an objector who posts every day).
    active_on_networks: Mapped[bool] = mapped_column(default=False)
    timezone: Mapped[str] = mapped_column(sa.String(64), default="UTC")
    # The language the person chose; null until they choose one, so that their browser's
    # language, then the company's default (DEFAULT_LOCALE), apply. The column is new
    # (chosen_locale): every account used to be stored as "en", chosen or not.
    locale: Mapped[str | None] = mapped_column("chosen_locale", sa.String(8))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    password_changed_at: Mapped[datetime | None]
    # Shown by name on the programme's leaderboards: off until the person says so
    # (learning.programme); HR and the person always see their own figures.
    leaderboard_opt_in: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    manager: Mapped["User | None"] = relationship(remote_side=[id])
    role_rows: Mapped[list["UserRole"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def roles(self) -> list[str]:
        return sorted(row.role for row in self.role_rows)

    def has_role(self, *roles: str) -> bool:
        return any(row.role in roles for row in self.role_rows)

    @property
    def is_person(self) -> bool:
        return self.has_role(*PERSON_ROLES)

    # Flask-Login protocol. The session stores a per-sign-in token, not the user id,
    # so signing out or changing the password can revoke a captured cookie.
    is_authenticated = True
    is_anonymous = False

    session_token: str = ""

    def get_id(self) -> str:
        return self.session_token


class UserRole(db.Model):
    __tablename__ = "user_roles"
    __table_args__ = (sa.CheckConstraint(one_of("role", ROLES), name="role_known"),)

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(sa.String(20), primary_key=True)

    user: Mapped[User] = relationship(back_populates="role_rows")


class LoginSession(db.Model):
    """One signed-in browser. Deleting the row signs that browser out."""

    __tablename__ = "login_sessions"

    id: Mapped[Id] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    user_agent: Mapped[str | None] = mapped_column(sa.String(255))


class ApiToken(db.Model):
    __tablename__ = "api_tokens"
    __table_args__ = (
        sa.CheckConstraint(
            "expires_at IS NULL OR expires_at > created_at", name="expires_after_creation"
        ),
    )

    id: Mapped[Id] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # The first characters, kept so a person can tell their tokens apart.
    prefix: Mapped[str] = mapped_column(sa.String(12))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # None: works until revoked.
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= utcnow()
