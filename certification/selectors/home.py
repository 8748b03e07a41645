"""Reads for each role's home page at ``/``.

The home combines training, simulations and certification, so it lives here, in the
highest layer it needs; ``content.HomePage`` asks for it through the
``home_page_context`` hook without knowing any of these apps. Each section is built
only for a person who holds its role, shows only what that person may open, and
costs a fixed number of queries however much data is behind it."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from wagtail.models import Page

from certification.dates import add_months
from certification.models import Certification, Observation
from certification.selectors.dashboard import awaiting_approval
from certification.selectors.observations import (
    observations_to_reconcile,
    observations_to_score,
)
from certification.selectors.programs import (
    ProgramCard,
    follow_up_date,
    program_cards,
)
from certification.selectors.team import team_for
from simulations.models import MockRoundtable, Phase
from training import permissions as roles
from training.models import (
    CohortMembership,
    CohortSession,
    Enrolment,
    Invitation,
    LessonProgress,
)
from training.selectors.learning import CourseCard, my_learning

Status = Certification.Status
SHOWN = 5
STUCK_SHOWN = 10
LISTED = 10
AFTER_THE_PLAN = (Phase.DEBRIEF, Phase.FOLLOW_UP)


@dataclass
class TraineeHome:
    resume: CourseCard | None
    next_session: CohortSession | None
    roundtables: list[MockRoundtable]
    results: list[Observation]
    programs: list[ProgramCard]


@dataclass
class Stuck:
    person: object
    cohort: object
    reason: str  # "idle" or "critical"
    since: datetime | date | None = None


@dataclass
class CoTrainerHome:
    to_score: list[Observation]
    sessions: list[CohortSession]
    stuck: list[Stuck]
    stuck_days: int


@dataclass
class StaffHome:
    approvals: list[Certification]
    entering_grace: list[Certification]
    lapsing: list[Certification]
    month_start: date
    invitations_open: int
    invitations_expired: int
    imported: int


@dataclass
class EditorHome:
    drafts: list[Page]


@dataclass
class Home:
    """Every section the person's roles give them; ``None`` where they lack it."""

    trainee: TraineeHome | None = None
    co_trainer: CoTrainerHome | None = None
    staff: StaffHome | None = None
    editor: EditorHome | None = None
    supervisor: list | None = None  # TeamMember entries, for whoever has a team
    template_name: str = "certification/home/sections.html"


def home_for(*, user, today: date, now: datetime) -> Home:
    """The home of ``user``: each role's section, a fixed number of queries each."""
    home = Home()
    if roles.is_trainee(user):
        home.trainee = trainee_home(user=user, today=today, now=now)
    if roles.is_co_trainer(user):
        home.co_trainer = co_trainer_home(user=user, today=today, now=now)
    if roles.is_program_staff(user):
        home.staff = staff_home(today=today, now=now)
    if roles.is_editor(user):
        home.editor = editor_home()
    if roles.has_team(user):
        home.supervisor = team_for(supervisor=user)
    return home


# --- Trainee ------------------------------------------------------------------------


def trainee_home(*, user, today: date, now: datetime) -> TraineeHome:
    """Where to continue, the next session, open roundtables, released results and
    the certification checklist: about fifteen queries, flat in the data."""
    learning = my_learning(user=user, include_open=False)
    resume = next((card for card in learning.enrolled if card.resume is not None), None)
    next_session = (
        CohortSession.objects.filter(cohort__memberships__user=user, starts_at__gte=now)
        .select_related("cohort")
        .order_by("starts_at")
        .first()
    )
    roundtables = list(
        MockRoundtable.objects.filter(facilitator=user)
        .exclude(state=Phase.COMPLETED)
        .select_related("case", "follow_up")
        .order_by("-created_at")[:SHOWN]
    )
    for roundtable in roundtables:
        # A follow-up is due once the plan is made, until it is recorded.
        recorded = getattr(roundtable, "follow_up", None)  # None when there is none
        roundtable.follow_up_on = (
            follow_up_date(roundtable)
            if roundtable.roundtable_date
            and roundtable.state in AFTER_THE_PLAN
            and not (recorded and recorded.recorded_at)
            else None
        )
    results = list(
        Observation.objects.filter(
            trainee=user, status=Observation.Status.RELEASED
        ).order_by("-released_at", "-pk")[:SHOWN]
    )
    started = [card for card in program_cards(user=user, today=today) if card.started]
    return TraineeHome(resume, next_session, roundtables, results, started)


# --- Co-trainer ---------------------------------------------------------------------


def _led(user):
    return Q(cohort__child_welfare_trainer=user) | Q(
        cohort__lived_experience_trainer=user
    )


def stuck_trainees(*, user, now: datetime, days: int) -> list[Stuck]:
    """Members of the cohorts ``user`` leads who have not moved for ``days`` days
    (no lesson opened, worked on or completed, and the course not finished), then
    those whose latest released observation failed a critical item. Two queries."""
    cutoff = now - timedelta(days=days)
    last_progress = (
        LessonProgress.objects.filter(enrolment__user=OuterRef("user"))
        .annotate(
            moved=Greatest(
                Coalesce("last_activity_at", "started_at"),
                Coalesce("completed_at", "started_at"),
            )
        )
        .order_by("-moved")
        .values("moved")[:1]
    )
    finished = Enrolment.objects.filter(
        user=OuterRef("user"),
        course=OuterRef("cohort__course"),
        completed_at__isnull=False,
    )
    idle = (
        CohortMembership.objects.filter(_led(user), joined_at__lt=cutoff)
        .annotate(moved=Subquery(last_progress), finished=Exists(finished))
        .filter(finished=False)
        .filter(Q(moved__lt=cutoff) | Q(moved__isnull=True))
        .select_related("user", "cohort")
        .order_by(F("moved").asc(nulls_first=True), "user__full_name")[:STUCK_SHOWN]
    )
    later_pass = Observation.objects.filter(
        trainee=OuterRef("trainee"),
        kind=OuterRef("kind"),
        status=Observation.Status.RELEASED,
        passed=True,
        released_at__gt=OuterRef("released_at"),
    )
    critical = (
        Observation.objects.filter(
            _led(user),
            status=Observation.Status.RELEASED,
            reobservation_required=True,
        )
        .exclude(Exists(later_pass))
        .select_related("trainee", "cohort")
        .order_by("released_at")[:STUCK_SHOWN]
    )
    stuck = [Stuck(m.user, m.cohort, "idle", m.moved) for m in idle]
    stuck += [Stuck(o.trainee, o.cohort, "critical", o.released_at) for o in critical]
    return stuck


def co_trainer_home(*, user, today: date, now: datetime) -> CoTrainerHome:
    """Sheets to score or reconcile (oldest first), the next sessions of the cohorts
    they lead and their stuck trainees: five queries."""
    to_score = list(observations_to_score(user=user)[:SHOWN]) + list(
        observations_to_reconcile(user=user)[:SHOWN]
    )
    to_score.sort(key=lambda observation: (observation.opened_at, observation.pk))
    sessions = list(
        CohortSession.objects.filter(_led(user), starts_at__gte=now)
        .select_related("cohort")
        .order_by("starts_at")[:SHOWN]
    )
    days = settings.STUCK_AFTER_DAYS
    return CoTrainerHome(
        to_score=to_score,
        sessions=sessions,
        stuck=stuck_trainees(user=user, now=now, days=days),
        stuck_days=days,
    )


# --- Program staff ------------------------------------------------------------------


def staff_home(*, today: date, now: datetime) -> StaffHome:
    """The approval queue, who enters grace or lapses this month, invitations not
    accepted and imported certifications: five queries."""
    month_start = today.replace(day=1)
    month_end = add_months(month_start, 1) - timedelta(days=1)
    this_month = {"__gte": month_start, "__lte": month_end}
    entering_grace = Certification.objects.filter(
        status__in=(Status.ACTIVE, Status.IN_WINDOW),
        **{f"expires_on{k}": v for k, v in this_month.items()},
    )
    lapsing = Certification.objects.filter(
        status=Status.GRACE, **{f"grace_ends_on{k}": v for k, v in this_month.items()}
    )
    invitations = Invitation.objects.filter(
        accepted_at__isnull=True, revoked_at__isnull=True
    )
    return StaffHome(
        approvals=awaiting_approval(),
        entering_grace=list(
            entering_grace.select_related("user", "program").order_by("expires_on")[
                :LISTED
            ]
        ),
        lapsing=list(
            lapsing.select_related("user", "program").order_by("grace_ends_on")[:LISTED]
        ),
        month_start=month_start,
        invitations_open=invitations.filter(expires_at__gt=now).count(),
        invitations_expired=invitations.filter(expires_at__lte=now).count(),
        imported=Certification.objects.filter(imported=True).count(),
    )


# --- Editor -------------------------------------------------------------------------


def editor_home() -> EditorHome:
    """Pages with changes not yet published, most recently edited first: one query."""
    drafts = Page.objects.filter(has_unpublished_changes=True, depth__gt=1).order_by(
        "-latest_revision_created_at"
    )[:LISTED]
    return EditorHome(drafts=list(drafts))
