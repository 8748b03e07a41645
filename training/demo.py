"""Demo step for the training layer: one account per role, fixed emails, and the
demo cohorts."""

from datetime import datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from content.models import CoursePage
from training.models import Cohort
from training.roles import Role
from training.services.cohorts import cohort_create, cohort_member_add, session_create

DEMO_USERS = [
    {
        "email": "trainee@example.org",
        "full_name": "Riley Trainee",
        "role": Role.TRAINEE,
        "agency": "Cedar County Human Services",
        "region": "North",
    },
    {
        "email": "trainee2@example.org",
        "full_name": "Sam Okafor",
        "role": Role.TRAINEE,
        "agency": "Maple County Children's Services",
        "region": "South",
    },
    {
        "email": "cotrainer@example.org",
        "full_name": "Morgan Ellis",
        "role": Role.CO_TRAINER,
        "agency": "State Training Partnership",
        "region": "North",
    },
    {
        "email": "livedexp@example.org",
        "full_name": "Jamie Rivera",
        "role": Role.CO_TRAINER,
        "agency": "Youth Voice Collective",
        "region": "North",
        "has_lived_experience": True,
    },
    {
        "email": "staff@example.org",
        "full_name": "Pat Lindqvist",
        "role": Role.PROGRAM_STAFF,
        "agency": "State Permanency Program",
        "region": "Statewide",
    },
    {
        "email": "editor@example.org",
        "full_name": "Alex Chen",
        "role": Role.EDITOR,
        "agency": "State Permanency Program",
        "region": "Statewide",
    },
]


def ensure_demo_user(person: dict):
    """Create (or reset the password and role of) one demo account."""
    User = get_user_model()
    user, _ = User.objects.get_or_create(
        email=person["email"],
        defaults={
            "full_name": person["full_name"],
            "agency": person["agency"],
            "region": person["region"],
            "has_lived_experience": person.get("has_lived_experience", False),
        },
    )
    user.set_password(settings.DEMO_PASSWORD)
    user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    user.groups.add(Group.objects.get(name=person["role"]))
    return user


DEMO_COHORTS = [
    {
        "name": "North Region YCPRT cohort",
        "course_code": "YCPRT",
        "kind": "course",
        "region": "North",
        "members": ["trainee@example.org", "trainee2@example.org"],
        "sessions": [
            {
                "title": "Day 1: goals, values, roles and the six phases",
                "days_ahead": 14,
                "place": "Cedar County Human Services, Training Room B",
            },
            {
                "title": "Day 2: trauma, development and ambivalence",
                "days_ahead": 21,
                "online_url": "https://meet.example.org/ycprt-north",
            },
        ],
    },
    {
        "name": "Train-the-trainer cohort",
        "course_code": "T3",
        "kind": "train_the_trainer",
        "region": "Statewide",
        "members": [],
        "sessions": [],
    },
]


def _session_times(days_ahead: int) -> tuple[datetime, datetime]:
    day = timezone.localdate() + timedelta(days=days_ahead)
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(day, time(9, 0), zone),
        datetime.combine(day, time(12, 30), zone),
    )


def ensure_demo_cohort(spec: dict, users: dict):
    """Create one demo cohort with its members and sessions, once. A cohort that
    exists already (by name) is left as staff may have changed it, apart from
    adding back a missing demo member."""
    course = CoursePage.objects.live().filter(code=spec["course_code"]).first()
    if course is None:
        return None
    cohort = Cohort.objects.filter(name=spec["name"]).first()
    if cohort is None:
        cohort = cohort_create(
            name=spec["name"],
            kind=spec["kind"],
            course=course,
            child_welfare_trainer=users["cotrainer@example.org"],
            lived_experience_trainer=users["livedexp@example.org"],
            region=spec["region"],
            created_by=users["staff@example.org"],
        )
        for session in spec["sessions"]:
            starts_at, ends_at = _session_times(session["days_ahead"])
            session_create(
                cohort=cohort,
                title=session["title"],
                starts_at=starts_at,
                ends_at=ends_at,
                place=session.get("place", ""),
                online_url=session.get("online_url", ""),
            )
    for email in spec["members"]:
        cohort_member_add(cohort=cohort, user=users[email])
    return cohort


def seed(*, stdout) -> None:
    users = {person["email"]: ensure_demo_user(person) for person in DEMO_USERS}
    stdout.write(f"{len(DEMO_USERS)} demo accounts ready.")
    cohorts = [ensure_demo_cohort(spec, users) for spec in DEMO_COHORTS]
    stdout.write(f"{sum(c is not None for c in cohorts)} demo cohorts ready.")


def summary() -> list[str]:
    lines = ["", f"Demo logins (password: {settings.DEMO_PASSWORD}):"]
    lines += [f"  {p['email']:<24} {p['role'].label}" for p in DEMO_USERS]
    return lines
