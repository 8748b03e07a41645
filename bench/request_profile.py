"""Queries and Python function calls of one warm request, a yardstick that does not
move with the machine's load (unlike req/s). Runs in-process through Django's test
client against a database that the bench's setup commands have seeded.

    # once: a seeded database (as bench/run.py builds it) in var/prof/
    export DJANGO_SETTINGS_MODULE=config.settings DEBUG=0 SECRET_KEY=... \\
        ALLOWED_HOSTS=testserver STAFF_MFA_REQUIRED=0 SECURE_SSL_REDIRECT=0 \\
        BENCH_BARE_VIEW=1 \\
        DATABASE_URL=sqlite:///$PWD/var/prof/bench.sqlite3 CACHE_DIR=$PWD/var/prof/cache
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py seed_demo --allow-production
    .venv/bin/python manage.py seed_scale --allow-production
    .venv/bin/python manage.py collectstatic --noinput
    # then, with the same environment:
    PYTHONPATH=. .venv/bin/python bench/request_profile.py lesson  # grid, dashboard
    PYTHONPATH=. .venv/bin/python bench/request_profile.py lesson --top 40
"""

import argparse
import cProfile
import logging
import pstats

import django

PAGES = {
    "bare": (None, "/bench/bare/"),
    "lesson": (
        "trainee@example.org",
        "/ycprt-skills/goals-and-values/why-roundtables/",
    ),
    "dashboard": ("staff@example.org", "/certification/dashboard/"),
    "grid": ("cotrainer@example.org", "/cohorts/1/grid/"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("page", choices=sorted(PAGES))
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--top", type=int, default=0, help="print the top N functions")
    args = parser.parse_args()
    django.setup()
    logging.getLogger("roundtable.request").setLevel(logging.WARNING)  # quieter
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    email, path = PAGES[args.page]
    client = Client()
    if email:
        client.post(
            "/accounts/login/", {"login": email, "password": settings.DEMO_PASSWORD}
        )
    response = client.get(path)
    if response.status_code == 302 and args.page == "lesson":
        path = response["Location"]
    for _ in range(5):
        response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    queries = []

    def record(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        client.get(path)
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.requests):
        client.get(path)
    profile.disable()
    stats = pstats.Stats(profile)
    print(
        f"{path}: {len(queries)} queries, "
        f"{stats.total_calls // args.requests:,} function calls a request"
    )
    for sql in queries:
        print("  ", sql[:120])
    if args.top:
        stats.sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
