"""Demo data for programs; called by certification/demo.py.

Certifications in every state for the demo accounts (the programs themselves come
from ``load_content``, certification/initial.py), and about forty fictional
facilitators so the staff dashboard has something to show. Safe to run again:
existing certifications are left alone."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from certification.dates import (
    expiry_after,
    grace_ends,
    status_on,
    window_opens,
)
from certification.initial import ensure_programs
from certification.models import (
    Certification,
    CertificationEvent,
    LiveRoundtableLog,
)
from training.roles import Role

FIRST = [
    "Ana", "Ben", "Chloe", "Dev", "Esi", "Farah", "Gabe", "Hana", "Ian", "Jada",
    "Kofi", "Lena", "Marco", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sami",
    "Tara",
]  # fmt: skip
LAST = ["Ruiz", "Okoye", "Nguyen", "Haddad", "Larsen", "Begay", "Kowalski", "Mensah"]
AGENCIES = [
    ("Cedar County Human Services", "North"),
    ("Maple County Children's Services", "South"),
    ("Birch County Family Services", "East"),
    ("Aspen County DHS", "West"),
    ("River City Child Welfare", "Central"),
    ("Pine Valley Youth Services", "North"),
]


def _issued(user, program, *, days_ago, today, status=None, trainers=()):
    """A certification issued ``days_ago``, in the state its dates give today."""
    issued = today - timedelta(days=days_ago)
    expires = expiry_after(issued, program.validity_months)
    opens = window_opens(expires, program.window_days)
    ends = grace_ends(expires, program.grace_days)
    cert = Certification(
        user=user,
        program=program,
        cycle=1,
        started_on=issued - timedelta(days=120),
        issued_on=issued,
        expires_on=expires,
        window_opens_on=opens,
        grace_ends_on=ends,
    )
    cert.status = status or status_on(
        today, window_opens_on=opens, expires_on=expires, grace_ends_on=ends
    )
    if cert.status == Certification.Status.REVOKED:
        cert.revoked_reason = "Demo: no longer with the agency; asked to be removed."
    return cert, list(trainers)


def _pathway(user, program, *, days_ago, today, status):
    cert = Certification(
        user=user,
        program=program,
        status=status,
        started_on=today - timedelta(days=days_ago),
    )
    return cert, []


def _save(plans, stdout) -> int:
    """Create the planned certifications that do not exist yet, with an event each
    and their trainers."""
    existing = set(Certification.objects.values_list("user_id", "program_id"))
    new = [(c, t) for c, t in plans if (c.user.pk, c.program.pk) not in existing]
    Certification.objects.bulk_create([cert for cert, _ in new])
    CertificationEvent.objects.bulk_create(
        CertificationEvent(
            certification=cert,
            cycle=cert.cycle,
            to_status=cert.status,
            note="Demo data",
            at=timezone.now(),
        )
        for cert, _ in new
    )
    Through = Certification.trained_by.through
    Through.objects.bulk_create(
        [Through(certification=cert, user=t) for cert, ts in new for t in ts],
        ignore_conflicts=True,
    )
    return len(new)


def _facilitators(count: int) -> list:
    User = get_user_model()
    group = Group.objects.get(name=Role.TRAINEE)
    people = []
    for n in range(count):
        agency, region = AGENCIES[n % len(AGENCIES)]
        user, created = User.objects.get_or_create(
            email=f"facilitator{n + 1:02d}@example.org",
            defaults={
                "full_name": f"{FIRST[n % len(FIRST)]} {LAST[n % len(LAST)]}",
                "agency": agency,
                "region": region,
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.groups.add(group)
        people.append(user)
    return people


def seed(*, stdout) -> None:
    programs = ensure_programs()
    today = timezone.localdate()
    Status = Certification.Status
    User = get_user_model()
    demo = {u.email: u for u in User.objects.filter(email__endswith="@example.org")}
    prt, ycprt, cotrainer = (
        programs["prt-facilitator"],
        programs["ycprt-facilitator"],
        programs["ycprt-co-trainer"],
    )
    trainers = [
        demo[e] for e in ("cotrainer@example.org", "livedexp@example.org") if e in demo
    ]
    plans = []
    if "trainee@example.org" in demo:
        plans.append(
            _pathway(
                demo["trainee@example.org"], ycprt, days_ago=40, today=today,
                status=Status.IN_PROGRESS,
            )
        )  # fmt: skip
    if "trainee2@example.org" in demo:
        plans.append(
            _pathway(
                demo["trainee2@example.org"], prt, days_ago=150, today=today,
                status=Status.ELIGIBLE,
            )
        )  # fmt: skip
    if "cotrainer@example.org" in demo:
        morgan = demo["cotrainer@example.org"]
        plans.append(_issued(morgan, ycprt, days_ago=670, today=today))
        plans.append(_issued(morgan, cotrainer, days_ago=300, today=today))
        for days, agency, ref in ((200, "Cedar County Human Services", "J.M."),):
            LiveRoundtableLog.objects.get_or_create(
                user=morgan,
                held_on=today - timedelta(days=days),
                agency=agency,
                case_reference=ref,
                defaults={"role": LiveRoundtableLog.Role.LEAD},
            )
    if "livedexp@example.org" in demo:
        jamie = demo["livedexp@example.org"]
        plans.append(_issued(jamie, ycprt, days_ago=240, today=today))
        plans.append(_issued(jamie, cotrainer, days_ago=180, today=today))
    for n, person in enumerate(_facilitators(40)):
        program = ycprt if n % 3 else prt
        if n % 9 == 4:
            plans.append(
                _pathway(person, program, days_ago=20 + n, today=today,
                         status=Status.IN_PROGRESS)
            )  # fmt: skip
            continue
        status = Status.REVOKED if n % 13 == 7 else None
        days_ago = (n * 47) % 800 + 5
        plans.append(
            _issued(person, program, days_ago=days_ago, today=today, status=status,
                    trainers=trainers if program == ycprt else ())
        )  # fmt: skip
    created = _save(plans, stdout)
    stdout.write(
        f"Certification programs: {len(programs)}; certifications created: {created}."
    )
