"""A small roster whose coverage figures are computed by hand in the tests' docstrings."""

from datetime import date, timedelta

from learning.auth import services as accounts
from learning.auth.models import User
from learning.conduct import services as conduct
from learning.database import utcnow
from learning.extensions import db
from learning.transaction import unit_of_work
from tests.test_hr_overview import finish_path


def set_profile(user, **values) -> None:
    with unit_of_work():
        person = db.session.get(User, user.id)
        for name, value in values.items():
            setattr(person, name, value)


class Roster:
    """Departments Sales (6), Ops (5), Legal (2) and the HR viewer's People (1).

    Sales, site Paris:
      s1 native, path finished, guide acknowledged, hired 100 days ago
      s2 native, path not finished, hired 31 days ago: overdue (day 31)
      s3 native, path not finished, hired 30 days ago: on time (day 30, the deadline)
      s4 beginner, path not finished, hired 29 days ago: on time
      s5 no diagnostic, hired 200 days ago: overdue
      s6 objector, path finished, guide acknowledged, hired 400 days ago
      (and a leaver, inactive, never counted)
    Ops, site Lyon, all hired 10 days ago, none finished: o1 native (guide acknowledged),
      o2 native, o3 reluctant, o4 and o5 no diagnostic
    Legal: l1 native hired 60 days ago (overdue), l2 no diagnostic and no hire date
    People: the HR viewer, no diagnostic, no hire date.
    An integration account is never counted.

    Totals: 14 employees, 9 diagnosed (native 6, beginner 1, objector 1, reluctant 1),
    2 completed their path, 3 acknowledged the guide, 3 overdue.
    """

    def __init__(self, make_user, today: date | None = None):
        self.today = today or utcnow().date()
        self.viewer = make_user(roles=("hr",), name="Hana HR", department="People")
        self.manager = None
        self.sales = []
        specs = [
            ("s1", "native", 100, True),
            ("s2", "native", 31, False),
            ("s3", "native", 30, False),
            ("s4", "beginner", 29, False),
            ("s5", None, 200, False),
            ("s6", "objector", 400, True),
        ]
        for name, level, days, done in specs:
            user = make_user(name=f"Sales {name}", level=level, department="Sales")
            self.sales.append(user)
            set_profile(user, site="Paris", hire_date=self.today - timedelta(days=days))
            if done:
                self._finish(user)
        self.manager = self.sales[0]
        for user in self.sales[1:]:
            set_profile(user, manager_id=self.manager.id)
        leaver = make_user(name="Sales leaver", level="native", department="Sales")
        set_profile(leaver, is_active=False, hire_date=self.today - timedelta(days=300))
        self.ops = []
        for number, level in enumerate(("native", "native", "reluctant", None, None), 1):
            user = make_user(name=f"Ops o{number}", level=level, department="Ops")
            set_profile(user, site="Lyon", hire_date=self.today - timedelta(days=10))
            self.ops.append(user)
        with unit_of_work():
            conduct.acknowledge(self.ops[0], conduct.current_version().version)
        self.legal = [
            make_user(name="Legal l1", level="native", department="Legal"),
            make_user(name="Legal l2", department="Legal"),
        ]
        set_profile(self.legal[0], hire_date=self.today - timedelta(days=60))
        with unit_of_work():
            accounts.create_user("hris@example.com", "HRIS", ["integration"])

    @staticmethod
    def _finish(user) -> None:
        with unit_of_work():
            person = db.session.get(User, user.id)
            finish_path(person)
            conduct.acknowledge(person, conduct.current_version().version)
