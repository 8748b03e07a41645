"""Sweep benchmark: the daily certification sweep over 100,000 certifications.

Builds a throwaway database (SQLite, or a database of its own on the PostgreSQL
server $DATABASE_URL points at), fills it with certifications spread over every
state, then times three sweeps: the first (a day's worth of moves and reminders
after the data was last swept the day before), the same day again (a retry: nothing
to do), and the next day. Prints seconds (wall and this process's CPU, which a
busy machine disturbs less), certifications per second, queries and batches. After
the first sweep it also times what the task worker then does: render and queue the
reminder emails the sweep left pending. The data counts as judged by yesterday's
sweep, so only what changed since is judged again. It never asserts a timing.

    .venv/bin/python bench/sweep.py                 # SQLite, 100,000 certifications
    DATABASE_URL=postgres://postgres@127.0.0.1/postgres .venv/bin/python bench/sweep.py
    .venv/bin/python bench/sweep.py --count 20000 --batch-size 1000

See bench/README.md, "The certification sweep".
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import secrets
import shutil
import sys
import time
from pathlib import Path

from run import RESULTS, ROOT, BenchError, ThrowawayDatabase, say

PROGRAMS = ("PRT Facilitator", "YCPRT Facilitator", "YCPRT Co-trainer")


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument(
        "--keep-db", action="store_true", help="keep the database to look at it"
    )
    return parser.parse_args(argv)


def setup_django(db: ThrowawayDatabase, workdir: Path) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": db.url,
            # Production settings (cached templates), as the worker runs them.
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "localhost",
            "EMAIL_URL": "dummymail://",  # emails are built, then dropped
            "CACHE_DIR": str(workdir / "cache"),
            "MEDIA_ROOT": str(workdir / "media"),
            "SITE_URL": "https://academy.example.org",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def populate(count: int, today: dt.date) -> dict:
    """``count`` certifications over three programs, in the states their dates
    gave yesterday, so today's sweep has a realistic day of work."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from certification.dates import (
        expiry_after,
        grace_ends,
        status_on,
        window_opens,
    )
    from certification.models import Certification, CertificationProgram
    from training.roles import Role, sync_roles

    sync_roles()
    unusable = make_password(None)  # nobody can log in as these people
    User = get_user_model()
    staff = User.objects.create_user(email="staff@example.org", full_name="Staff")
    staff.groups.add(Group.objects.get(name=Role.PROGRAM_STAFF))
    programs = [
        CertificationProgram.objects.create(
            name=name,
            code=f"bench-{n}",
            recert_live_roundtables=2,  # nobody here has logged any
            recert_observations=1,
        )
        for n, name in enumerate(PROGRAMS)
    ]
    people = (count + len(programs) - 1) // len(programs)
    users = User.objects.bulk_create(
        [
            User(
                email=f"facilitator{n}@example.org",
                full_name=f"Facilitator {n}",
                password=unusable,
                region=f"Region {n % 9}",
                agency=f"Agency {n % 120}",
            )
            for n in range(people)
        ],
        batch_size=5000,
    )
    from django.utils import timezone

    rng = random.Random(6)
    yesterday = today - dt.timedelta(days=1)
    # Yesterday's sweep judged every open certification and found it not met.
    judged_at = timezone.now() - dt.timedelta(days=1)
    Status = Certification.Status
    rows, made = [], 0
    for user in users:
        for program in programs:
            if made == count:
                break
            made += 1
            roll = rng.random()
            if roll < 0.05:
                rows.append(
                    Certification(
                        user=user,
                        program=program,
                        status=Status.IN_PROGRESS,
                        started_on=today - dt.timedelta(days=rng.randrange(200)),
                        judged_at=judged_at,
                    )
                )
                continue
            issued = today - dt.timedelta(days=rng.randrange(1, 820))
            expires = expiry_after(issued, program.validity_months)
            opens = window_opens(expires, program.window_days)
            ends = grace_ends(expires, program.grace_days)
            status = (
                Status.REVOKED
                if roll < 0.07
                else status_on(
                    yesterday, window_opens_on=opens, expires_on=expires,
                    grace_ends_on=ends,
                )
            )  # fmt: skip
            rows.append(
                Certification(
                    user=user,
                    program=program,
                    status=status,
                    cycle=1,
                    started_on=issued,
                    issued_on=issued,
                    expires_on=expires,
                    window_opens_on=opens,
                    grace_ends_on=ends,
                    revoked_reason="bench" if status == Status.REVOKED else "",
                    judged_at=judged_at,
                )
            )
        if len(rows) >= 10_000:
            Certification.objects.bulk_create(rows, batch_size=5000)
            rows = []
    Certification.objects.bulk_create(rows, batch_size=5000)
    return {"certifications": Certification.objects.count(), "people": people}


def warm_up() -> None:
    """What a long-running worker has done once already: import the views through
    the URLconf and compile the email templates."""
    from django.template.loader import get_template
    from django.urls import reverse

    reverse("certification:my_certification")
    for name in ("notice", "reminder", "digest"):
        for suffix in ("txt", "html"):
            get_template(f"certification/email/{name}.{suffix}")


def timed_sweep(today: dt.date, batch_size: int) -> dict:
    from django.db import connection

    from certification.services.sweep import sweep

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        start, cpu = time.perf_counter(), time.process_time()
        report = sweep(today=today, batch_size=batch_size)
        seconds = time.perf_counter() - start
        cpu = time.process_time() - cpu
    return {
        "today": today.isoformat(),
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu, 3),
        "queries": queries,
        "batches": report.batches,
        "moved": dict(report.moved),
        "reminders": report.reminders,
        "report": str(report),
    }


def timed_emails(today: dt.date, batch_size: int) -> dict:
    """What the worker does after the sweep: render and queue the reminder emails
    the sweep left pending, a task's batch at a time (here inline, timed)."""
    from certification.models import Reminder
    from certification.services.reminders import reminder_emails

    ids = list(
        Reminder.objects.filter(email_pending=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    start, cpu = time.perf_counter(), time.process_time()
    sent = 0
    for first in range(0, len(ids), batch_size):
        sent += reminder_emails(ids=ids[first : first + batch_size], today=today)
    return {
        "seconds": round(time.perf_counter() - start, 3),
        "cpu_seconds": round(time.process_time() - cpu, 3),
        "emails": sent,
    }


def main(argv=None) -> int:
    args = parse_args(argv)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    RESULTS.mkdir(exist_ok=True)
    workdir = RESULTS / f"{stamp}-sweep"
    workdir.mkdir()
    db = ThrowawayDatabase(workdir, stamp, os.environ.get("DATABASE_URL", ""))
    runs = []
    try:
        db.create()
        say(f"Database: {db.describe()}")
        setup_django(db, workdir)
        from django.core.management import call_command
        from django.utils import timezone

        say("  manage.py migrate")
        call_command("migrate", verbosity=0)
        today = timezone.localdate()
        start = time.perf_counter()
        made = populate(args.count, today)
        say(
            f"  {made['certifications']:,} certifications of {made['people']:,} "
            f"people made in {time.perf_counter() - start:.1f} s"
        )
        warm_up()
        for label, day in (
            ("first sweep of the day", today),
            ("same day again (retry)", today),
            ("the next day", today + dt.timedelta(days=1)),
        ):
            result = timed_sweep(day, args.batch_size)
            result["label"] = label
            runs.append(result)
            rate = made["certifications"] / result["seconds"]
            say(
                f"{label:>24}: {result['seconds']:8.2f} s "
                f"({result['cpu_seconds']:.2f} s CPU)  "
                f"{rate:>10,.0f} certifications/s  {result['queries']:>6} queries  "
                f"{result['batches']:>4} batches  {result['reminders']:>5} reminders"
            )
            if label.startswith("first"):
                emails = timed_emails(day, args.batch_size)
                runs.append({"label": "reminder emails (worker)", **emails})
                say(
                    f"{'then the worker renders':>24}: {emails['seconds']:8.2f} s "
                    f"({emails['cpu_seconds']:.2f} s CPU)  {emails['emails']} emails"
                )
        out = RESULTS / f"{stamp}-sweep.json"
        out.write_text(
            json.dumps(
                {
                    "database": db.vendor,
                    "count": made["certifications"],
                    "batch_size": args.batch_size,
                    "runs": runs,
                },
                indent=2,
            )
        )
        say(f"Results: {out.relative_to(ROOT)}")
        return 0
    except BenchError as error:
        say(f"bench/sweep.py: {error}")
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
    sys.exit(main())
