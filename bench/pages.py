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
    # The demo YCPRT cohort is the first cohort of a fresh seed (training/demo.py),
    # grown to 300 members by seed_scale.
    Page("cohort-grid", "/cohorts/1/grid/", login="cotrainer@example.org"),
    # 10,000 facilitators (seed_scale) beside the demo's certifications.
    Page(
        "certification-dashboard",
        "/certification/dashboard/",
        login="staff@example.org",
    ),
    Page(
        "dashboard-csv",
        "/certification/dashboard/export.csv",
        login="staff@example.org",
    ),
]

# manage.py commands that build the seeded database, run in order after `migrate`.
# A page that needs more rows behind it than the demo has adds its command here.
SETUP_COMMANDS = [
    ["seed_demo", "--allow-production"],
    # The sizes the budgets speak of: 10,000 facilitators, 300 members in the demo
    # YCPRT cohort, 60 steps in the demo roundtable's plan.
    ["seed_scale", "--allow-production"],
]
