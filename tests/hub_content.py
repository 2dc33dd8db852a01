"""Objectives and hub items for the hub's tests, made through the services."""

from datetime import date, timedelta

from learning.advocacy import objectives, services
from learning.database import utcnow

TODAY = date.today()


def objective(by, title="Q3 launch event", **fields):
    values = {"family": "campaigns", "target": 3000, "due": TODAY + timedelta(days=60)}
    values.update(fields)
    return objectives.create_objective(by, title=title, **values)


def item(by, goal, title="Launch press release", **fields):
    values = {
        "type": "press_release",
        "url": "https://news.example.org/launch",
        "suggested_text": "Our launch is here.",
        "objective_id": goal.id,
        "body": "The **launch** of the year.",
    }
    values.update(fields)
    return services.create_item(by, title=title, **values)


def hours(count: int):
    return utcnow() + timedelta(hours=count)
