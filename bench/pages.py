"""The pages `make bench` loads, each measured beside the bare Django view.

A later issue adds its page with one line in PAGES. ``login`` is a demo account's email
(see training/demo.py; password DEMO_PASSWORD, default "roundtable-demo"), or None for
an anonymous visitor. Names are what ``--pages`` selects by and must be unique.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    login: str | None = None
    # True: ``path`` is a Wagtail page URL that redirects to the page to load (ids of
    # learner pages differ between seeds; page URLs do not).
    resolve: bool = False


PAGES = [
    Page("home", "/"),
    Page("home-trainee", "/", login="trainee@example.org"),
    Page("people", "/people/", login="staff@example.org"),
    Page("health", "/health/"),
    Page("login", "/accounts/login/"),
    # The demo mock roundtable (simulations/demo.py), the only one in a fresh seed.
    Page("roundtable-console", "/roundtables/1/", login="trainee@example.org"),
    Page("my-learning", "/learn/", login="trainee@example.org"),
    Page(
        "lesson",
        "/ycprt-skills/goals-and-values/why-roundtables/",
        login="trainee@example.org",
        resolve=True,
    ),
    # The demo YCPRT cohort is the first cohort of a fresh seed (training/demo.py).
    Page("cohort-grid", "/cohorts/1/grid/", login="cotrainer@example.org"),
    # About 45 certifications from certification/demo_programs.py.
    Page(
        "certification-dashboard",
        "/certification/dashboard/",
        login="staff@example.org",
    ),
]

# manage.py commands that build the seeded database, run in order after `migrate`.
# A page that needs more rows behind it than the demo has adds its command here.
SETUP_COMMANDS = [
    ["seed_demo", "--allow-production"],
]
