"""The demo's roster: departments, sites, managers and hire dates over the past year,
enough people to report on, some overdue with their training, and one small team
(Legal, three people) that the coverage reports' small-group rule hides."""

from collections.abc import Callable
from datetime import timedelta

from learning.auth import services as accounts
from learning.auth.models import User
from learning.database import utcnow
from learning.extensions import db
from learning.familiarity import services as familiarity

SITES = ("Paris", "Lyon", "Nantes")
# The demo's first people: (e-mail, site, manager's e-mail or None, days since hired).
PLACES = {
    "admin@example.com": ("Paris", None, 360),
    "hr@example.com": ("Paris", None, 340),
    "champion@example.com": ("Paris", "hr@example.com", 300),
    "employee@example.com": ("Lyon", "nadia@example.com", 6),
    "nadia@example.com": ("Lyon", "hr@example.com", 250),
    "lucas@example.com": ("Nantes", "marie@example.com", 120),
    "marie@example.com": ("Nantes", "hr@example.com", 280),
    "tom@example.com": ("Paris", "hr@example.com", 75),
    "ines@example.com": ("Lyon", "champion@example.com", 45),
    "paul@example.com": ("Nantes", "hr@example.com", 200),
}
# The people the roster adds, per department: (department, manager, how many).
TEAMS = (
    ("Sales", "nadia@example.com", 18),
    ("Engineering", "marie@example.com", 16),
    ("Marketing", "champion@example.com", 10),
    ("Operations", "paul@example.com", 10),
    ("Finance", "tom@example.com", 8),
    ("Legal", "hr@example.com", 3),  # the small team
)
NAMES = (
    "Léa Bernard",
    "Hugo Roux",
    "Emma Fournier",
    "Louis Girard",
    "Jade Bonnet",
    "Arthur Dupont",
    "Chloé Lambert",
    "Jules Fontaine",
    "Manon Rousseau",
    "Nathan Vincent",
    "Camille Muller",
    "Gabriel Lefèvre",
    "Sarah Faure",
    "Raphaël André",
    "Zoé Mercier",
    "Adam Blanc",
    "Lina Guérin",
    "Ethan Boyer",
    "Alice Garnier",
    "Noah Chevalier",
    "Rose François",
    "Léo Legrand",
    "Anna Gauthier",
    "Paul Perrin",
    "Eva Robin",
    "Sacha Clément",
    "Mila Morin",
    "Noé Nicolas",
    "Lou Henry",
    "Tiago Roussel",
    "Nina Mathieu",
    "Yanis Gautier",
    "Julia Masson",
    "Axel Marchand",
    "Elsa Duval",
    "Victor Denis",
    "Iris Lemaire",
    "Louise Lemoine",
    "Gaspard Renaud",
    "Ambre Fabre",
    "Timéo Aubert",
    "Capucine Leclerc",
    "Maël Rolland",
    "Héloïse Giraud",
    "Oscar Moulin",
    "Margot Brunet",
    "Baptiste Schneider",
    "Lisa Huet",
    "Valentin Carpentier",
    "Romane Lopez",
    "Clément Dumas",
    "Jeanne Leroux",
    "Robin Julien",
    "Mathilde Noël",
    "Simon Perret",
    "Apolline Hubert",
    "Florian Barre",
    "Océane Royer",
    "Dylan Vasseur",
    "Laura Poirier",
    "Kylian Jacob",
    "Charlotte Colas",
    "Benjamin Meunier",
    "Salomé Lacroix",
    "Enzo Prevost",
)
LEVEL_CYCLE = ("native", "late_adopter", "reluctant", None, "beginner", "objector", "late_adopter")


def seed(
    people: dict[str, User],
    password: str,
    answers_for_level: dict,
    follow_path: Callable[[User, int], None],
) -> None:
    """Place the first people, then add the teams: hired over the past year, one in
    seven without the diagnostic, most of the others with their path done or under way,
    and most hired long enough ago to be overdue unless they finished it. The training
    history (learning/demo/training.py) then dates what they did."""
    today = utcnow().date()
    for email, (site, manager, days) in PLACES.items():
        user = people[email]
        user.site = site
        user.manager_id = people[manager].id if manager else None
        user.hire_date = today - timedelta(days=days)
    db.session.flush()
    names = iter(NAMES)
    number = 0
    for department, manager, count in TEAMS:
        for _ in range(count):
            name = next(names)
            local = name.split()[0].lower().translate(str.maketrans("éèëïç", "eeeic"))
            user = accounts.create_user(
                f"{local}.{department.lower()}@example.com",
                name,
                ["employee"],
                department=department,
                password=password,
            )
            user.site = SITES[number % len(SITES)]
            user.manager_id = people[manager].id
            # Spread over the year; every fifth a recent arrival, not overdue yet.
            days = 10 + (number * 47) % 340 if number % 5 else 3 + number % 20
            user.hire_date = today - timedelta(days=days)
            # Written before the diagnostic, whose row lock reloads the person.
            db.session.flush()
            level = LEVEL_CYCLE[number % len(LEVEL_CYCLE)]
            if level:
                familiarity.take_diagnostic(user, answers_for_level[level])
                # Two in three of those here for seven weeks or more finished their path;
                # the others stopped on the way, or never started.
                finished = days >= 49 and number % 3 != 2
                follow_path(user, 99 if finished else number % 5)
            people[user.email] = user
            number += 1
