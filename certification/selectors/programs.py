"""Reads for a facilitator's own certification pages: the checklist of every program
with live progress, their notifications, live roundtable log and calendar events.
Each costs a fixed number of queries, whatever the person has done."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q
from django.utils.translation import gettext as _

from certification import credentials
from certification.certificates import Signing
from certification.credentials import Facts
from certification.models import (
    CalendarFeed,
    CertificateSettings,
    Certification,
    LiveRoundtableLog,
    Notification,
)
from certification.selectors.requirements import (
    ISSUED,
    VALID,
    Checklist,
    checklist_for,
    load_evidence,
    program_queryset,
)
from core.tokens import token_hash
from simulations.models import MockRoundtable
from simulations.rules import FOLLOW_UP_SCHEDULED_STATES
from training.models import CohortSession

Status = Certification.Status
NOTIFICATIONS_SHOWN = 8
LOG_SHOWN = 50


@dataclass
class ProgramCard:
    """One program as the person stands in it."""

    program: object
    certification: Certification | None
    checklist: Checklist
    missing_prerequisites: list[str] = field(default_factory=list)
    today: date | None = None

    @property
    def status(self) -> str:
        return self.certification.status if self.certification else ""

    @property
    def started(self) -> bool:
        return self.certification is not None

    @property
    def issued(self) -> bool:
        return self.status in ISSUED

    @property
    def linkedin_url(self) -> str:
        """LinkedIn's add-to-profile link for an issued certification ("" when the
        site issues no credentials)."""
        cert = self.certification
        if not (self.issued and credentials.enabled()):
            return ""
        return credentials.linkedin_url(
            Facts(
                index=cert.pk,
                code=cert.verification_code,
                email="",
                program_code=self.program.code,
                program_name=self.program.name,
                program_description="",
                issued_on=cert.issued_on,
                expires_on=cert.expires_on,
            )
        )

    @property
    def overdue(self) -> bool:
        return self.status == Status.IN_PROGRESS and self.checklist.overdue(self.today)

    @property
    def can_start(self) -> bool:
        return not self.started and not self.missing_prerequisites

    @property
    def can_submit(self) -> bool:
        """In progress with every requirement met: ask for approval (or be issued)."""
        return self.status == Status.IN_PROGRESS and self.checklist.met

    @property
    def can_recertify(self) -> bool:
        return self.status in (Status.IN_WINDOW, Status.GRACE) and self.checklist.met


def program_cards(*, user, today: date) -> list[ProgramCard]:
    """Every program with the person's certification and checklist in it: seven
    queries (programs with their courses and prerequisites, certifications, and
    four of evidence)."""
    programs = list(program_queryset())
    certifications = {
        cert.program_id: cert
        for cert in Certification.objects.filter(user=user).select_related("user")
    }
    evidence = load_evidence([user.pk])[user.pk]
    cards = []
    for program in programs:
        cert = certifications.get(program.pk)
        if cert is not None:
            cert.program = program
        missing = [
            other.name
            for other in program.prerequisites.all()
            if evidence.holdings.get(other.pk) not in VALID
        ]
        cards.append(
            ProgramCard(
                program=program,
                certification=cert,
                checklist=checklist_for(
                    program, evidence, certification=cert, today=today
                ),
                missing_prerequisites=missing,
                today=today,
            )
        )
    # What the person is in comes first, then what they may start.
    cards.sort(key=lambda card: (not card.started, card.program.name))
    return cards


@dataclass
class MyCertification:
    cards: list[ProgramCard]
    notifications: list[Notification]
    unread: int
    has_feed: bool

    @property
    def started(self) -> list[ProgramCard]:
        return [card for card in self.cards if card.started]

    @property
    def others(self) -> list[ProgramCard]:
        return [card for card in self.cards if not card.started]


def my_certification(*, user, today: date) -> MyCertification:
    """The "My certification" page: nine queries."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    return MyCertification(
        cards=program_cards(user=user, today=today),
        notifications=list(unread[:NOTIFICATIONS_SHOWN]),
        unread=unread.count(),
        has_feed=CalendarFeed.objects.filter(user=user).exists(),
    )


def calendar_feed_for(*, user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


def calendar_feed_by_token(*, token: str) -> CalendarFeed | None:
    return (
        CalendarFeed.objects.filter(token_hash=token_hash(token))
        .select_related("user")
        .first()
    )


def live_roundtables_for(*, user) -> list[LiveRoundtableLog]:
    return list(LiveRoundtableLog.objects.filter(user=user)[:LOG_SHOWN])


def get_own_live_roundtable(*, user, pk):
    """A log entry of the user's own, or None: nobody names another's entries."""
    return LiveRoundtableLog.objects.filter(user=user, pk=pk).first()


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    summary: str
    day: date | None = None  # an all-day event
    starts_at: object = None  # or a timed one (aware datetimes)
    ends_at: object = None
    location: str = ""
    description: str = ""


def calendar_events(*, user, site: str = "roundtable-academy") -> list[CalendarEvent]:
    """The person's own dates: window openings and expiries of their issued
    certifications, sessions of cohorts they belong to or lead, and the follow-ups
    of their mock roundtables that are scheduled and not yet recorded. Three queries.
    Every event keeps its UID as things move on, so a calendar updates it in place
    or drops it when it leaves the feed."""
    events = []
    issued = Certification.objects.filter(user=user, status__in=ISSUED).select_related(
        "program"
    )
    for cert in issued:
        name = cert.program.name
        events.append(
            CalendarEvent(
                uid=f"window-{cert.pk}-{cert.cycle}@{site}",
                summary=_("%(program)s: recertification window opens")
                % {"program": name},
                day=cert.window_opens_on,
            )
        )
        events.append(
            CalendarEvent(
                uid=f"expiry-{cert.pk}-{cert.cycle}@{site}",
                summary=_("%(program)s: certification expires") % {"program": name},
                day=cert.expires_on,
            )
        )
    sessions = (
        CohortSession.objects.filter(
            Q(cohort__memberships__user=user)
            | Q(cohort__child_welfare_trainer=user)
            | Q(cohort__lived_experience_trainer=user)
        )
        .select_related("cohort")
        .distinct()
    )
    for session in sessions:
        events.append(
            CalendarEvent(
                uid=f"session-{session.pk}@{site}",
                summary=f"{session.cohort.name}: {session.title}",
                starts_at=session.starts_at,
                ends_at=session.ends_at,
                location=session.place or session.online_url,
                description=session.online_url,
            )
        )
    roundtables = (
        MockRoundtable.objects.filter(
            facilitator=user,
            roundtable_date__isnull=False,
            state__in=FOLLOW_UP_SCHEDULED_STATES,
        )
        .exclude(follow_up__recorded_at__isnull=False)
        .select_related("case", "follow_up")
    )
    for roundtable in roundtables:
        events.append(
            CalendarEvent(
                uid=f"follow-up-{roundtable.pk}@{site}",
                summary=_("Mock roundtable follow-up: %(case)s")
                % {"case": roundtable.case},
                day=follow_up_date(roundtable),
            )
        )
    return [event for event in events if event.day or event.starts_at]


def follow_up_date(roundtable) -> date:
    """The simulated follow-up's date once recorded, else one cadence after the
    roundtable."""
    follow_up = getattr(roundtable, "follow_up", None)  # None when there is none
    if follow_up is not None and follow_up.held_on:
        return follow_up.held_on
    return roundtable.roundtable_date + timedelta(
        days=roundtable.follow_up_cadence_days
    )


def certificate_signing(cert):
    """What the certificate prints beside the holder: the issuing agency and
    signatory from Settings → Certificates (with the signature image's bytes, if
    one is set and readable) and the co-trainers who observed them. Three queries."""
    config = CertificateSettings.load()
    signature = None
    image = config.signature_image
    if image is not None:
        try:
            with image.file.open("rb") as handle:
                signature = handle.read()
        except OSError:
            signature = None  # a missing file leaves the line without a signature
    trainers = [person.get_full_name() for person in cert.trained_by.order_by("pk")]
    return Signing(
        agency=config.issuing_agency,
        signatory=config.signatory_name,
        title=config.signatory_title,
        signature=signature,
        trainers=trainers,
    )
