"""Years benchmark: 1,000 facilitators across the three seeded programs through
twenty simulated years, with the real services and the real daily sweep (the
driver of tests/certification/test_years.py, bigger). After every day that changes
something it runs the data checker and checks that every due reminder went out
exactly once; at the end, that everyone who provided each cycle's evidence is still
certified and has reached the cycle the years allow (one per validity period:
cycle 10 after twenty years of 24-month cycles, 5 after ten). Prints days, sweeps,
checks, actions and seconds; exits non-zero if a check failed.
It never asserts a timing.

    .venv/bin/python bench/years.py                       # 1,000 people, 20 years
    .venv/bin/python bench/years.py --people 300 --years 12 --every-day
    DATABASE_URL=postgres://postgres@127.0.0.1/postgres .venv/bin/python bench/years.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import time

from run import RESULTS, ROOT, BenchError, ThrowawayDatabase, say
from sweep import setup_django


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument(
        "--every-day", action="store_true", help="sweep every day, not only due days"
    )
    parser.add_argument("--keep-db", action="store_true")
    return parser.parse_args(argv)


def simulate(args) -> int:
    from django.core.management import call_command
    from django.db import transaction

    from content.demo import ensure_home_page
    from tests.certification.years import SimulationError, Years

    say("  manage.py migrate")
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    with transaction.atomic():
        years = Years(
            parent=ensure_home_page(),
            count=args.people,
            years=args.years,
            first_day=dt.date(2026, 1, 5),
            seed=args.seed,
            every_day=args.every_day,
        )
    try:
        report = years.run()
    except SimulationError as error:
        say(f"FAILED: {error}")
        return 1
    wrong = years.keepers_certified()
    seconds = time.perf_counter() - start
    say(f"{report}")
    say(f"{args.people:,} people, {args.years} years: {seconds:.1f} s")
    targets = {p.code: years.target_cycle(p) for p in years.programs.values()}
    say(f"Keepers must reach cycle {targets}")
    if wrong:
        say(f"FAILED: {len(wrong)} not certified, e.g. {wrong[:3]}")
        return 1
    say("Every check passed.")
    return 0


def main(argv=None) -> int:
    args = parse_args(argv)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    RESULTS.mkdir(exist_ok=True)
    workdir = RESULTS / f"{stamp}-years"
    workdir.mkdir()
    db = ThrowawayDatabase(workdir, stamp, os.environ.get("DATABASE_URL", ""))
    try:
        db.create()
        say(f"Database: {db.describe()}")
        setup_django(db, workdir)
        return simulate(args)
    except BenchError as error:
        say(f"bench/years.py: {error}")
        return 1
    finally:
        if not args.keep_db:
            if "django" in sys.modules:
                from django.db import connections

                connections.close_all()
            db.drop()
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            say(f"Kept: {db.url}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
