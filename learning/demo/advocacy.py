"""The demo's advocacy history: objectives, a hub with every kind of item, stories at
each stage of review, and months of shares, clicks (bots and previews among them) and
sign-ups, so that every chart and table has something true to show on first run.

Past activity is written as rows with past dates: the services stamp the present, and a
demo needs a history. Everything is drawn from a seeded random generator, so two demo
databases are alike.
"""

import hashlib
import random
import secrets
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from learning.advocacy.models import ContentItem, ItemReview, ItemText, Objective
from learning.auth.models import User
from learning.database import utcnow
from learning.extensions import db
from learning.sharing.models import Click, Conversion, Share

# Who shares in the demo, how many times over the months, and on which networks.
# The objector (Marie) and the people who have not acknowledged the guide never share.
SHARERS = {
    "champion@example.com": (14, ("linkedin", "x", "facebook", "email")),
    "nadia@example.com": (10, ("linkedin", "whatsapp", "x")),
    "ines@example.com": (7, ("instagram", "linkedin", "facebook")),
    "hr@example.com": (3, ("linkedin", "email")),
}
# How widely a post on each network is read: the mean counted clicks a share brings.
AUDIENCE = {"linkedin": 22, "x": 9, "facebook": 14, "instagram": 6, "whatsapp": 11, "email": 5}
# Networks whose crawlers fetch a link to show its preview as soon as it is posted.
PREVIEWING_NETWORKS = {"linkedin", "x", "facebook", "whatsapp"}
HISTORY_DAYS = 150


def moment_on(day: date, rng: random.Random) -> datetime:
    """A moment of the working day `day`, drawn from `rng`."""
    moment = datetime.combine(day, time(8)) + timedelta(minutes=rng.randrange(12 * 60))
    return moment.replace(tzinfo=utcnow().tzinfo)


def _objectives(today: date, champion: User) -> dict[str, Objective]:
    objectives = {
        "launch": Objective(
            title="40 confirmed registrations for the spring launch event",
            family="campaigns",
            description="Fill the launch event with customers and partners.",
            target=40,
            metric="conversions",
            starts_on=today - timedelta(days=120),
            due=today + timedelta(days=45),
        ),
        "report": Objective(
            title="Make our sustainability report known: 600 readers",
            family="awareness",
            description="Readers reached through the people who share it.",
            target=600,
            metric="clicks",
            starts_on=today - timedelta(days=HISTORY_DAYS),
            due=today + timedelta(days=30),
        ),
        "engineers": Objective(
            title="25 applications for our engineering openings",
            family="talent",
            description="Employer brand: engineers hear about us from engineers.",
            target=25,
            metric="conversions",
            starts_on=today - timedelta(days=90),
            due=today + timedelta(days=60),
        ),
    }
    for objective in objectives.values():
        objective.created_by = champion
        db.session.add(objective)
    return objectives


def _item(author: User, objective: Objective | None, **values) -> ContentItem:
    texts = values.pop("texts", {})
    item = ContentItem(author=author, objective=objective, **values)
    for network, text in texts.items():
        item.texts[network] = ItemText(network=network, text=text)
    db.session.add(item)
    return item


def _hub(now: datetime, people: dict[str, User], objectives: dict) -> list[ContentItem]:
    """The items offered now, plus a retired one, a scheduled one and stories in review."""
    champion = people["champion@example.com"]
    long_ago = now - timedelta(days=HISTORY_DAYS)
    shareable = [
        _item(
            champion,
            objectives["launch"],
            title="Press release: our spring launch event opens its registrations",
            type="press_release",
            url="https://www.example.com/news/spring-launch?lang=en",
            body="The launch event takes place in Lyon; registration is free.",
            suggested_text="Our spring launch event is open for registration: see you in Lyon!",
            texts={"x": "Spring launch in Lyon: registrations are open #launch"},
            status="published",
            available_from=long_ago,
        ),
        _item(
            champion,
            objectives["report"],
            title="Case study: halving the energy of our data centres",
            type="case_study",
            url="https://www.example.com/stories/energy-case-study",
            body="How the infrastructure team halved its energy use in two years.",
            suggested_text="Proud of what our infrastructure team achieved for the planet.",
            status="published",
            available_from=long_ago,
        ),
        _item(
            champion,
            objectives["launch"],
            title="Product review: what testers say of the new range",
            type="product_review",
            url="https://reviews.example.org/new-range",
            body="An independent review of the new range.",
            suggested_text="An independent review of our new range, worth reading.",
            status="published",
            available_from=long_ago,
        ),
        _item(
            champion,
            objectives["report"],
            title="Sustainability report: the 2026 edition",
            type="web_article",
            url="https://news.example.net/2026/sustainability-reports-compared",
            body="A newspaper compares the sustainability reports of the sector.",
            suggested_text="How our sustainability report compares with the sector's.",
            status="published",
            available_from=long_ago,
        ),
        _item(
            champion,
            objectives["engineers"],
            title="We are hiring backend engineers in Lyon and Nantes",
            type="job_offer",
            url="https://careers.example.com/jobs/backend-engineer",
            body="Python, PostgreSQL, and a team that reviews code kindly.",
            suggested_text="My team is hiring backend engineers. Come and work with us!",
            status="published",
            available_from=now - timedelta(days=90),
        ),
        _item(
            champion,
            objectives["engineers"],
            title="Meet our engineers at the Nantes tech meetup",
            type="event",
            url="https://events.example.com/nantes-tech-meetup",
            body="Talks and pizza with our engineering teams.",
            suggested_text="Join us at the Nantes tech meetup next month.",
            status="published",
            available_from=now - timedelta(days=60),
            available_until=now + timedelta(days=30),
        ),
    ]
    story = _item(
        people["nadia@example.com"],
        objectives["engineers"],
        title="Employee story: my first year in the sales team",
        type="employee_story",
        url="https://blog.example.com/my-first-year-in-sales",
        body="I joined a year ago, not knowing a thing about our products...",
        suggested_text="A year ago I joined the sales team. Here is what I learned.",
        status="published",
        available_from=now - timedelta(days=100),
    )
    story.reviews.append(ItemReview(reviewer=champion, decision="approved", comment=""))
    shareable.append(story)
    _item(
        champion,
        objectives["launch"],
        title="Last year's launch event in pictures",
        type="event",
        url="https://www.example.com/news/last-launch-photos",
        suggested_text="Last year's launch, in pictures.",
        status="published",
        available_from=long_ago,
        retired_at=now - timedelta(days=40),
    )
    _item(
        champion,
        objectives["launch"],
        title="Launch day programme",
        type="press_release",
        url="https://www.example.com/news/launch-programme",
        suggested_text="The programme of our launch day is out.",
        status="published",
        available_from=now + timedelta(days=10),
    )
    _item(
        people["ines@example.com"],
        None,
        title="Employee story: volunteering day at the food bank",
        type="employee_story",
        body="Twelve of us spent a day sorting food at the Lyon food bank.",
        suggested_text="Our volunteering day at the food bank.",
        status="submitted",
    )
    sent_back = _item(
        people["lucas@example.com"],
        objectives["engineers"],
        title="Employee story: why I moved from support to engineering",
        type="employee_story",
        body="Support taught me how customers use what we build.",
        status="changes_requested",
    )
    sent_back.reviews.append(
        ItemReview(
            reviewer=champion,
            decision="changes_requested",
            comment="Lovely story! Could you add a sentence on the training you followed?",
        )
    )
    return shareable


def _visitor(rng: random.Random) -> str:
    return hashlib.sha256(rng.randbytes(16)).hexdigest()[:32]


def _clicks_and_sign_ups(share: Share, rng: random.Random, now: datetime) -> tuple[list, list]:
    clicks = []
    if share.network in PREVIEWING_NETWORKS:
        clicks.append(Click(share_id=share.id, clicked_at=share.created_at, kind="preview"))
    for _ in range(rng.randrange(3)):
        clicks.append(Click(share_id=share.id, clicked_at=share.created_at, kind="bot"))
    counted = max(0, int(rng.gauss(AUDIENCE[share.network], AUDIENCE[share.network] / 2)))
    span = max(1, min(20, (now - share.created_at).days))
    # Some readers come back: fewer visitors than clicks.
    readers = [_visitor(rng) for _ in range(max(1, counted * 4 // 5))]
    for _ in range(counted):
        clicked_at = share.created_at + timedelta(
            days=min(rng.expovariate(0.4), span - 1), minutes=rng.randrange(600)
        )
        if clicked_at < now:
            clicks.append(
                Click(
                    share_id=share.id,
                    clicked_at=clicked_at,
                    kind="person",
                    visitor=rng.choice(readers),
                )
            )
    if rng.random() < 0.2:
        clicks.append(Click(share_id=share.id, clicked_at=share.created_at, kind="self"))
    sign_ups = []
    if share.item.objective.metric == "conversions":
        people_clicks = [c for c in clicks if c.kind == "person"]
        for click in people_clicks:
            if rng.random() < 0.08:
                late = rng.random() < 0.2
                reported_at = click.clicked_at + timedelta(days=45 if late else 1)
                if reported_at < now:
                    sign_ups.append(
                        Conversion(
                            share=share,
                            reference=f"demo-{secrets.token_hex(6)}",
                            reported_at=reported_at,
                            attributed=not late,
                        )
                    )
    return clicks, sign_ups


def seed(
    people: dict[str, User], earliest_share: Callable[[User, datetime], datetime | None]
) -> list[ContentItem]:
    """Add the advocacy history to the demo organisation `people` (e-mail → user); return
    the items one may share. `earliest_share` gives the first moment from a given one when
    a person has acknowledged the guide's version then current, as sharing requires."""
    rng = random.Random(2026)  # noqa: S311 - demo data, alike on every run
    now = utcnow()
    objectives = _objectives(now.date(), people["champion@example.com"])
    items = _hub(now, people, objectives)
    db.session.flush()
    for email, (count, networks) in SHARERS.items():
        for _ in range(count):
            item = rng.choice(items)
            earliest = max(item.available_from, now - timedelta(days=HISTORY_DAYS))
            days = max(1, (now - earliest).days)
            moment = moment_on((earliest + timedelta(days=rng.randrange(days))).date(), rng)
            moment = earliest_share(people[email], moment)
            if moment is not None:
                add_share(people[email], item, rng.choice(networks), moment, rng)
    db.session.flush()
    return items


def add_share(
    user: User, item: ContentItem, network: str, moment: datetime, rng: random.Random
) -> Share:
    """A share made at `moment` (at the latest an hour ago), with the clicks and sign-ups
    it brought since."""
    now = utcnow()
    share = Share(
        code=secrets.token_urlsafe(9),
        user=user,
        item=item,
        network=network,
        text=item.suggested_text,
        created_at=min(moment, now - timedelta(hours=1)),
    )
    db.session.add(share)
    db.session.flush()  # the clicks refer to the share by its id
    db.session.add_all(sum(_clicks_and_sign_ups(share, rng, now), []))
    return share
