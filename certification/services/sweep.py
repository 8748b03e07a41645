"""The daily sweep: move certifications by their dates, advance those whose
requirements are met, and send the reminders that are due.

Every step walks the table in batches (keyset on the primary key) with a fixed
number of queries per batch, each batch in its own transaction. Rows a batch changes
are locked with ``FOR NO KEY UPDATE SKIP LOCKED`` on PostgreSQL, so two workers
split the work instead of doing it twice; SQLite runs one writer at a time anyway.
Running it again on the same day changes nothing and sends nothing.

Requirements are judged again only where something they read changed since the
last judgement (``Certification.judged_at``): an event on any of the person's
certifications (every change of state or dates writes one, and so do the sweep's
own moves), a course completed, an observation released, a live roundtable logged,
an exemption granted; programs that check their raters are always judged, as a
rater's standing is someone else's event. The sweep writes states, events,
reminder claims and notifications in bulk; the reminder emails are rendered by a
task per batch after commit (``services.reminders``).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.checklists import ISSUED
from certification.dates import status_on
from certification.evidence import load_evidence, program_queryset
from certification.models import (
    Certification,
    CertificationEvent,
    LiveRoundtableLog,
    Observation,
    Reminder,
    RequirementExemption,
)
from certification.services import notices
from certification.services.lifecycle import advance_many
from certification.services.reminders import (
    claim,
    queue_emails,
    reminder_message,
    requeue_stale,
)
from core.i18n import language_of, speaking
from training.models import CourseCompletion, Enrolment

Status = Certification.Status
OPEN = (Status.IN_PROGRESS, Status.IN_WINDOW, Status.GRACE)
BATCH_SIZE = 500
# Judged "as of" a little before the sweep began, so evidence written by a
# transaction still open when the sweep read it is looked at again next time.
JUDGED_MARGIN = timedelta(minutes=10)


@dataclass
class SweepReport:
    today: date
    moved: Counter = field(default_factory=Counter)  # new status → how many
    eligible: int = 0
    issued: int = 0
    recertified: int = 0
    reminders: int = 0
    judged: int = 0
    batches: int = 0

    def __str__(self):
        moved = ", ".join(f"{k}: {v}" for k, v in sorted(self.moved.items())) or "none"
        return (
            f"Sweep for {self.today}: moved ({moved}); eligible {self.eligible}, "
            f"issued {self.issued}, recertified {self.recertified}; reminders "
            f"{self.reminders}; {self.judged} judged; {self.batches} batches."
        )


def _locked_batch(queryset, after: int, size: int) -> list[Certification]:
    return list(
        queryset.filter(pk__gt=after)
        .select_for_update(skip_locked=True, no_key=True, of=("self",))
        .order_by("pk")[:size]
    )


def _each_batch(queryset, size: int, handle, *, lock: bool = True) -> int:
    """Call ``handle(batch)`` for every batch of ``queryset``, each in its own
    transaction, advancing by primary key; returns how many batches there were."""
    after, count = 0, 0
    while True:
        with transaction.atomic():
            if lock:
                batch = _locked_batch(queryset, after, size)
            else:
                batch = list(queryset.filter(pk__gt=after).order_by("pk")[:size])
            if not batch:
                return count
            after = batch[-1].pk
            handle(batch)
        count += 1
        if len(batch) < size:  # the last one: no need to ask for an empty batch
            return count


# --- 1. Dates -------------------------------------------------------------------------


def _due_by_date(today: date) -> Q:
    return (
        Q(status=Status.ACTIVE, window_opens_on__lte=today)
        | Q(status__in=(Status.ACTIVE, Status.IN_WINDOW), expires_on__lt=today)
        | Q(status=Status.GRACE, grace_ends_on__lt=today)
    )


def _lapse_notice(cert) -> notices.Notice:
    values = {"program": cert.program.name}
    with speaking(cert.user):
        return notices.Notice(
            user=cert.user,
            subject=_("Certification lapsed: %(program)s") % values,
            message=_(
                "Your %(program)s certification has lapsed. To be certified again, "
                "start the full pathway from your certification page."
            )
            % values,
            template="notice",
        )


def move_by_dates(batch: list[Certification], *, today: date, report: SweepReport):
    """Active → in window → grace → lapsed, as the dates say. Four queries at most
    per batch plus one for the lapse notices."""
    groups = defaultdict(list)
    for cert in batch:
        dates = (cert.window_opens_on, cert.expires_on, cert.grace_ends_on)
        if None in dates:
            continue  # impossible; check_certifications reports it
        new = status_on(
            today,
            window_opens_on=cert.window_opens_on,
            expires_on=cert.expires_on,
            grace_ends_on=cert.grace_ends_on,
        )
        if new != cert.status:
            groups[(cert.status, new)].append(cert)
    events, lapsed = [], []
    for (before, new), certs in groups.items():
        Certification.objects.filter(
            pk__in=[c.pk for c in certs], status=before
        ).update(status=new, judged_at=None)
        for cert in certs:
            cert.status = new
            events.append(
                CertificationEvent(
                    certification=cert,
                    cycle=cert.cycle,
                    from_status=before,
                    to_status=new,
                    note=_("Daily sweep"),
                )
            )
        report.moved[new] += len(certs)
        if new == Status.LAPSED:
            lapsed += certs
    CertificationEvent.objects.bulk_create(events)
    notices.send([_lapse_notice(cert) for cert in lapsed])


# --- 2. Requirements ------------------------------------------------------------------


def _recent(model, at: str, person: str) -> Q:
    """The people with a ``model`` row at or after the oldest judgement of an open
    certification: a set the database builds once per query. Tested first, it
    spares the exact per-row test below for everyone else; without it PostgreSQL
    may scan every recent row of ``model`` once per open certification."""
    oldest = Certification.objects.filter(status__in=OPEN, judged_at__isnull=False)
    oldest = Subquery(oldest.order_by("judged_at").values("judged_at")[:1])
    return Q(user__in=model.objects.filter(**{f"{at}__gte": oldest}).values(person))


def _to_judge() -> Q:
    """Certifications whose requirements may have changed since their last
    judgement: never judged, or something they read is newer than it."""
    since, user = OuterRef("judged_at"), OuterRef("user_id")
    return (
        Q(judged_at__isnull=True)
        | Q(program__rater_program__isnull=False)
        | _recent(CertificationEvent, "at", "certification__user")
        & Exists(
            CertificationEvent.objects.filter(certification__user=user, at__gte=since)
        )
        | Exists(Enrolment.objects.filter(user=user, completed_at__gte=since))
        | Exists(
            CourseCompletion.objects.filter(
                enrolment__user=user, completed_at__gte=since
            )
        )
        | Exists(Observation.objects.filter(trainee=user, released_at__gte=since))
        | Exists(LiveRoundtableLog.objects.filter(user=user, logged_at__gte=since))
        | _recent(RequirementExemption, "at", "certification__user")
        & Exists(
            RequirementExemption.objects.filter(certification__user=user, at__gte=since)
        )
    )


# --- 3. Reminders ---------------------------------------------------------------------


REMINDED_FIELDS = (
    "cycle",
    "expires_on",
    "grace_ends_on",
    "program_id",
    "user__language",
)


def _due_reminders(program, today: date):
    """Issued certifications of ``program`` whose latest due offset has no Reminder
    row yet, annotated with that offset as ``due_offset``."""
    offsets = sorted({int(offset) for offset in program.reminder_offsets or []})
    if not offsets:
        return Certification.objects.none()
    # The first matching branch is the smallest offset already due: the latest.
    latest = Case(
        *[
            When(expires_on__lte=today + timedelta(days=offset), then=Value(offset))
            for offset in offsets
        ],
        output_field=IntegerField(),
    )
    sent = Reminder.objects.filter(
        certification=OuterRef("pk"),
        cycle=OuterRef("cycle"),
        offset_days=OuterRef("due_offset"),
    )
    return (
        Certification.objects.filter(
            program=program,
            status__in=ISSUED,
            expires_on__lte=today + timedelta(days=offsets[-1]),
            user__is_active=True,  # deactivated people get no reminders
        )
        .annotate(due_offset=latest)
        .exclude(Exists(sent))
        .select_related("user")
        # What a reminder and its notification read, not the wide user row.
        .only(*REMINDED_FIELDS)
    )


def send_reminders(batch, *, program, today: date, report, lines=None):
    """Claim this batch's reminders and, for the ones this run claimed, write the
    notifications (two queries); their emails are rendered by a task after
    commit. ``lines`` keeps the in-app lines already written, by language and
    dates, for the next batches: thousands of people share a few hundred."""
    copy = {int(offset) for offset in program.staff_copy_offsets or []}
    rows = [
        (
            cert.pk,
            cert.cycle,
            cert.due_offset,
            cert.expires_on - timedelta(days=cert.due_offset),
            cert.due_offset in copy,
        )
        for cert in batch
    ]
    claimed = claim(rows)
    mine = [c for c in batch if (c.pk, c.cycle, c.due_offset) in claimed]
    if not mine:
        return
    url = notices.my_certification_path()
    notifications = []
    lines = {} if lines is None else lines
    for cert in mine:
        cert.program = program
        key = (program.pk, language_of(cert.user), cert.expires_on, cert.grace_ends_on)
        if key not in lines:
            with speaking(cert.user):
                lines[key] = reminder_message(cert, today=today)[1]
        message = lines[key]
        notifications.append((cert.user_id, message))
    notices.notify(notifications, url)
    queue_emails(sorted(claimed.values()), today)
    report.reminders += len(mine)


# --- The sweep ------------------------------------------------------------------------


def sweep(*, today: date | None = None, batch_size: int = BATCH_SIZE) -> SweepReport:
    """Run the three steps for ``today`` (the program's date by default)."""
    # Judged "as of" before anything is read. Replaying another day than the
    # clock's judges everything (evidence may be dated after the replayed day) and
    # leaves the marks as they were.
    as_of = timezone.now() - JUDGED_MARGIN
    live = today is None or today == timezone.localdate()
    today = today or timezone.localdate()
    report = SweepReport(today=today)
    programs = {program.pk: program for program in program_queryset()}

    dated = Certification.objects.filter(_due_by_date(today)).select_related(
        "user", "program"
    )
    report.batches += _each_batch(
        dated,
        batch_size,
        lambda batch: move_by_dates(batch, today=today, report=report),
    )

    def advance(batch):
        for cert in batch:
            cert.program = programs[cert.program_id]
        evidence = load_evidence({cert.user_id for cert in batch})
        moved = advance_many(batch, evidence=evidence, today=today)
        if live:
            done = {c.pk for outcome in moved.values() for c in outcome}
            Certification.objects.filter(
                pk__in=[c.pk for c in batch if c.pk not in done]
            ).update(judged_at=as_of)
        report.judged += len(batch)
        report.eligible += len(moved["eligible"])
        report.issued += len(moved["issued"])
        report.recertified += len(moved["recertified"])

    open_ = Certification.objects.filter(status__in=OPEN).select_related("user")
    if live:
        open_ = open_.filter(_to_judge())
    report.batches += _each_batch(open_, batch_size, advance)

    lines = {}
    for program in programs.values():
        report.batches += _each_batch(
            _due_reminders(program, today),
            batch_size,
            lambda batch, program=program: send_reminders(
                batch, program=program, today=today, report=report, lines=lines
            ),
            lock=False,
        )
    requeue_stale(today=today)
    return report
