"""Grow a seeded demo to the sizes the budgets speak of, for bench/run.py: 10,000
facilitators with certifications, 300 members with progress in the first demo
cohort, and a 60-step plan on the first mock roundtable. Fictional people only,
made in bulk; run after ``seed_demo``. Refuses to run when DEBUG is off unless
``--allow-production`` is given, as seed_demo does."""

import random
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from certification.models import Certification, CertificationProgram
from certification.signals import certifications_changed
from simulations.models import ActionPlan, ActionStep, MockRoundtable
from training.models import (
    Cohort,
    CohortMembership,
    Enrolment,
    KnowledgeCheckAttempt,
    LessonProgress,
)
from training.progress import course_structure

Status = Certification.Status
REGIONS = [f"Region {n}" for n in range(1, 13)]
AGENCIES = [f"{name} County" for name in ("Cedar", "Birch", "Maple", "Aspen")] + [
    f"Agency {n:02d}" for n in range(1, 41)
]
STATES = (
    [Status.ACTIVE] * 6
    + [Status.IN_WINDOW] * 2
    + [
        Status.GRACE,
        Status.LAPSED,
        Status.IN_PROGRESS,
        Status.ELIGIBLE,
    ]
)


class Command(BaseCommand):
    help = "Grow the demo to 10,000 facilitators, 300 cohort members, 60 plan steps."

    def add_arguments(self, parser):
        parser.add_argument("--facilitators", type=int, default=10_000)
        parser.add_argument("--cohort-members", type=int, default=300)
        parser.add_argument("--plan-steps", type=int, default=60)
        parser.add_argument("--allow-production", action="store_true")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError("DEBUG is off: pass --allow-production to seed anyway.")
        rng = random.Random(16)  # the same data every run
        with transaction.atomic():
            made = self._facilitators(options["facilitators"], rng)
            members = self._cohort(options["cohort_members"], rng)
            steps = self._plan(options["plan_steps"])
        certifications_changed()
        if connection.vendor == "sqlite":
            # Table statistics, as PostgreSQL's autovacuum keeps them: without them
            # SQLite sorts every facilitator instead of reading the name index.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            f"{made} certifications, {members} cohort members, {steps} plan steps."
        )

    def _people(self, prefix, count, rng):
        User = get_user_model()
        unusable = make_password(None)  # nobody logs in as them
        return User.objects.bulk_create(
            [
                User(
                    email=f"{prefix}{n:05d}@example.org",
                    full_name=f"{prefix.title()} Person {n:05d}",
                    region=rng.choice(REGIONS),
                    agency=rng.choice(AGENCIES),
                    password=unusable,
                )
                for n in range(count)
            ],
            batch_size=2000,
        )

    def _facilitators(self, count, rng) -> int:
        program = CertificationProgram.objects.order_by("pk").first()
        if program is None or not count:
            return 0
        today = timezone.localdate()
        rows = []
        for user in self._people("facilitator", count, rng):
            status = rng.choice(STATES)
            issued = today - timedelta(days=rng.randrange(1, 800))
            expires = issued + timedelta(days=730)
            issued_at_all = status not in (Status.IN_PROGRESS, Status.ELIGIBLE)
            rows.append(
                Certification(
                    user=user,
                    program=program,
                    status=status,
                    cycle=1 if issued_at_all else 0,
                    started_on=issued - timedelta(days=90),
                    issued_on=issued if issued_at_all else None,
                    expires_on=expires if issued_at_all else None,
                    window_opens_on=(
                        expires - timedelta(days=90) if issued_at_all else None
                    ),
                    grace_ends_on=expires + timedelta(days=60)
                    if issued_at_all
                    else None,
                )
            )
        Certification.objects.bulk_create(rows, batch_size=2000)
        return len(rows)

    def _cohort(self, count, rng) -> int:
        cohort = Cohort.objects.select_related("course").order_by("pk").first()
        if cohort is None or not count:
            return 0
        users = self._people("member", count, rng)
        CohortMembership.objects.bulk_create(
            [CohortMembership(cohort=cohort, user=user) for user in users]
        )
        enrolments = Enrolment.objects.bulk_create(
            [
                Enrolment(user=user, course_id=cohort.course_id, cohort=cohort)
                for user in users
            ]
        )
        lessons = [info for m in course_structure(cohort.course) for info in m.lessons]
        now = timezone.now()
        progress, attempts = [], []
        for enrolment in enrolments:
            for info in lessons[: rng.randrange(len(lessons) + 1)]:
                progress.append(
                    LessonProgress(
                        enrolment=enrolment,
                        lesson_id=info.id,
                        completed_at=now,
                        active_seconds=rng.randrange(60, 900),
                    )
                )
                if info.has_check:
                    score = rng.choice((50, 80, 100))
                    attempts.append(
                        KnowledgeCheckAttempt(
                            enrolment=enrolment,
                            lesson_id=info.id,
                            submission_key=uuid.uuid4(),
                            answers={},
                            correct_count=score * info.question_count // 100,
                            question_count=info.question_count,
                            score=score,
                            passed=score >= 80,
                        )
                    )
        LessonProgress.objects.bulk_create(progress, batch_size=2000)
        KnowledgeCheckAttempt.objects.bulk_create(attempts, batch_size=2000)
        return len(users)

    def _plan(self, count) -> int:
        roundtable = MockRoundtable.objects.order_by("pk").first()
        if roundtable is None or not count:
            return 0
        responsible = roundtable.participants.order_by("position", "pk").first()
        if responsible is None:
            return 0
        plan, _created = ActionPlan.objects.get_or_create(roundtable=roundtable)
        today = timezone.localdate()
        ActionStep.objects.bulk_create(
            [
                ActionStep(
                    plan=plan,
                    description=f"Step {n}: call the youth's former foster family "
                    "and ask who else they remember.",
                    responsible=responsible,
                    target_date=today + timedelta(days=7 + n),
                    created_by=roundtable.facilitator,
                )
                for n in range(1, count + 1)
            ]
        )
        return count
