"""State changes of a certification: start, become eligible, issue (by approval or
automatically), recertify, restart after a lapse, revoke.

The ``*_many`` helpers work on a list so the daily sweep moves a whole batch in a
fixed number of queries; the public services lock one row and call them with it.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from certification.checklists import (
    VALID,
    Checklist,
    checklist_for,
    evidence_summary,
    initial_checklist,
)
from certification.dates import grace_ends, status_on, window_opens
from certification.evidence import load_evidence, program_queryset
from certification.models import Certification, CertificationEvent
from certification.rules import Expiry, Schedule, first_expiry, next_expiry
from certification.services import notices
from core.i18n import speaking

Status = Certification.Status
DATE_FIELDS = [
    "issued_on",
    "expires_on",
    "window_opens_on",
    "grace_ends_on",
    "anchor_day",
    "deadline_on",
]


def _event(
    cert, from_status, *, by=None, note="", expiry: Expiry | None = None, **extra
) -> CertificationEvent:
    """A history row; one that set an expiry says which rule set it and how."""
    if expiry is not None:
        note = f"{note}. {expiry.explanation}" if note else expiry.explanation
        extra.update(expires_on=expiry.expires_on, rule=expiry.rule)
    return CertificationEvent(
        certification=cert,
        cycle=cert.cycle,
        from_status=from_status,
        to_status=cert.status,
        by=by,
        note=note,
        **extra,
    )


def _set_dates(cert, *, issued_on: date, expiry: Expiry, today: date) -> None:
    program = cert.program
    expires_on = expiry.expires_on
    cert.issued_on, cert.expires_on = issued_on, expires_on
    cert.anchor_day, cert.deadline_on = expiry.anchor_day, None
    cert.window_opens_on = window_opens(expires_on, program.window_days)
    cert.grace_ends_on = grace_ends(expires_on, program.grace_days)
    cert.status = status_on(
        today,
        window_opens_on=cert.window_opens_on,
        expires_on=expires_on,
        grace_ends_on=cert.grace_ends_on,
    )


def _add_trainers(trainers: dict[int, set[int]]) -> None:
    Through = Certification.trained_by.through
    Through.objects.bulk_create(
        [
            Through(certification_id=cert_id, user_id=user_id)
            for cert_id, user_ids in trainers.items()
            for user_id in user_ids
        ],
        ignore_conflicts=True,
    )


def _long(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


def _issued_notice(cert, *, recertified: bool) -> notices.Notice:
    with speaking(cert.user):
        return _issued_notice_text(cert, recertified=recertified)


def _issued_notice_text(cert, *, recertified: bool) -> notices.Notice:
    values = {"program": cert.program.name, "expires": _long(cert.expires_on)}
    if recertified:
        message = _(
            "You are recertified in %(program)s. Your certification now expires on "
            "%(expires)s."
        )
        subject = _("Recertified: %(program)s")
    else:
        message = _(
            "You are certified in %(program)s until %(expires)s. Your certificate is "
            "ready to download."
        )
        subject = _("Certified: %(program)s")
    return notices.Notice(
        user=cert.user,
        subject=subject % values,
        message=message % values,
        template="notice",
    )


def issue_many(certs, *, today: date, by=None, trainers: dict[int, set[int]]):
    """Issue a new cycle to each (first issue, or again after a restarted path):
    valid for the program's months from today."""
    events = []
    for cert in certs:
        before = cert.status
        cert.cycle += 1
        cert.approved_by = by
        expiry = first_expiry(Schedule.of(cert.program), issued_on=today)
        _set_dates(cert, issued_on=today, expiry=expiry, today=today)
        events.append(_event(cert, before, by=by, note=_("Issued"), expiry=expiry))
    Certification.objects.bulk_update(
        certs, ["status", "cycle", "approved_by", *DATE_FIELDS]
    )
    CertificationEvent.objects.bulk_create(events)
    _add_trainers(trainers)
    notices.send([_issued_notice(cert, recertified=False) for cert in certs])


def recertify_many(
    certs, *, today: date, trainers: dict[int, set[int]], checklists=None
):
    """Start the next cycle; its expiry follows the program's rule (another rule
    in grace, if the program says so). The history row names the rule and the
    evidence that counted."""
    events = []
    checklists = checklists or {}
    for cert in certs:
        before, previous = cert.status, cert.expires_on
        checklist = checklists.get(cert.pk)
        expiry = next_expiry(
            Schedule.of(cert.program),
            previous_expiry=previous,
            anchor_day=cert.anchor_day,
            completed_on=today,
        )
        note = _("Recertified")
        if checklist is not None and evidence_summary(checklist):
            note += f" ({evidence_summary(checklist)})"
        counted_from = checklist.since if checklist is not None else None
        cert.cycle += 1
        _set_dates(cert, issued_on=today, expiry=expiry, today=today)
        events.append(
            _event(
                cert,
                before,
                note=note,
                expiry=expiry,
                counted_from=counted_from,
                cycle_ending=previous,
            )
        )
    Certification.objects.bulk_update(certs, ["status", "cycle", *DATE_FIELDS])
    CertificationEvent.objects.bulk_create(events)
    _add_trainers(trainers)
    notices.send([_issued_notice(cert, recertified=True) for cert in certs])


def eligible_many(certs):
    events = []
    for cert in certs:
        cert.status = Status.ELIGIBLE
        events.append(_event(cert, Status.IN_PROGRESS, note=_("All requirements met")))
    Certification.objects.bulk_update(certs, ["status"])
    CertificationEvent.objects.bulk_create(events)
    notices.send([_eligible_notice(cert) for cert in certs])


def _eligible_notice(cert) -> notices.Notice:
    with speaking(cert.user):
        return notices.Notice(
            user=cert.user,
            subject=_("Requirements met: %(program)s")
            % {"program": cert.program.name},
            message=_(
                "You have met every requirement of %(program)s. Program staff "
                "will review and approve your certification."
            )
            % {"program": cert.program.name},
            template="notice",
        )


def advance_many(certs, *, evidence: dict, today: date) -> dict[str, list]:
    """Move every certification whose requirements are met: a first path becomes
    eligible (or is issued, if the program issues automatically); an open window
    or grace period ends in recertification. ``certs`` carry ``program`` from
    ``program_queryset`` and ``user``; returns what moved, by outcome."""
    eligible, issued, recertified = [], [], []
    trainers, checklists = {}, {}
    for cert in certs:
        if cert.status not in (Status.IN_PROGRESS, Status.IN_WINDOW, Status.GRACE):
            continue
        checklist: Checklist = checklist_for(
            cert.program, evidence[cert.user_id], certification=cert, today=today
        )
        if not checklist.met:
            continue
        trainers[cert.pk] = checklist.trainers
        checklists[cert.pk] = checklist
        if cert.status != Status.IN_PROGRESS:
            recertified.append(cert)
        elif cert.program.auto_issue:
            issued.append(cert)
        else:
            eligible.append(cert)
    if eligible:
        eligible_many(eligible)
    if issued:
        issue_many(issued, today=today, trainers=trainers)
    if recertified:
        recertify_many(
            recertified, today=today, trainers=trainers, checklists=checklists
        )
    return {"eligible": eligible, "issued": issued, "recertified": recertified}


# --- Services for one certification ---------------------------------------------------


def _locked(pk) -> Certification:
    cert = (
        Certification.objects.select_for_update(of=("self",))
        .select_related("user")
        .get(pk=pk)
    )
    cert.program = program_queryset().get(pk=cert.program_id)
    return cert


def _missing_prerequisites(program, user) -> list[str]:
    held = set(
        Certification.objects.filter(user=user, status__in=VALID).values_list(
            "program_id", flat=True
        )
    )
    return [p.name for p in program.prerequisites.all() if p.pk not in held]


def _check_prerequisites(program, user) -> None:
    missing = _missing_prerequisites(program, user)
    if missing:
        raise ValidationError(
            _("%(program)s needs an active certification in %(missing)s first.")
            % {"program": program.name, "missing": ", ".join(missing)}
        )


@transaction.atomic
def pathway_start(*, user, program, today: date | None = None) -> Certification:
    """Begin working towards a program; the completion window starts today."""
    today = today or timezone.localdate()
    _check_prerequisites(program, user)
    cert = Certification(user=user, program=program, started_on=today)
    try:
        with transaction.atomic():
            cert.save()
    except IntegrityError as exc:
        raise ValidationError(
            _("You have already started %(program)s.") % {"program": program.name}
        ) from exc
    CertificationEvent.objects.create(
        certification=cert, cycle=0, to_status=cert.status, by=user
    )
    return cert


@transaction.atomic
def certification_evaluate(*, certification, today: date | None = None):
    """Check the requirements now and move on if they are met (idempotent).
    Returns the certification as it is afterwards."""
    today = today or timezone.localdate()
    cert = _locked(certification.pk)
    advance_many([cert], evidence=load_evidence([cert.user_id]), today=today)
    return cert


def certifications_evaluate_for_user(*, user, today: date | None = None) -> None:
    """For callers that changed a person's evidence (an observation released, a
    course completed): advance any of their certifications that now qualify."""
    open_states = (Status.IN_PROGRESS, Status.IN_WINDOW, Status.GRACE)
    for pk in Certification.objects.filter(
        user=user, status__in=open_states
    ).values_list("pk", flat=True):
        certification_evaluate(certification=Certification(pk=pk), today=today)


@transaction.atomic
def certification_approve(
    *, certification, approved_by, today: date | None = None
) -> Certification:
    """Program staff approve an eligible certification: the first cycle starts."""
    today = today or timezone.localdate()
    cert = _locked(certification.pk)
    if cert.status != Status.ELIGIBLE:
        raise ValidationError(
            _(
                "Only a certification awaiting approval can be approved; this one is: "
                "%(status)s."
            )
            % {"status": cert.get_status_display()}
        )
    _check_prerequisites(cert.program, cert.user)
    evidence = load_evidence([cert.user_id])[cert.user_id]
    checklist = initial_checklist(
        cert.program, evidence, certification=cert, today=today
    )
    issue_many(
        [cert], today=today, by=approved_by, trainers={cert.pk: checklist.trainers}
    )
    return cert


@transaction.atomic
def certification_revoke(*, certification, revoked_by, reason: str) -> Certification:
    """Withdraw a certification in any state, for a reason the holder is told."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for revoking.")})
    if len(reason) > 1000:
        raise ValidationError({"reason": _("Keep the reason under 1,000 characters.")})
    cert = _locked(certification.pk)
    if cert.status == Status.REVOKED:
        raise ValidationError(_("This certification is already revoked."))
    before = cert.status
    cert.status, cert.revoked_reason = Status.REVOKED, reason
    cert.save(update_fields=["status", "revoked_reason"])
    CertificationEvent.objects.create(
        certification=cert,
        cycle=cert.cycle,
        from_status=before,
        to_status=cert.status,
        by=revoked_by,
        note=reason,
    )
    values = {"program": cert.program.name}
    with speaking(cert.user):
        notice = notices.Notice(
            user=cert.user,
            subject=_("Certification revoked: %(program)s") % values,
            message=_("Your %(program)s certification was revoked.") % values,
            template="notice",
            context={"detail": reason},
        )
    notices.send([notice])
    return cert


@transaction.atomic
def pathway_restart(
    *, certification, by, staff: bool = False, today: date | None = None
) -> Certification:
    """Walk the full original path again, from today: after a lapse (the holder or
    staff), after a revocation or when the completion window closed (staff only)."""
    today = today or timezone.localdate()
    cert = _locked(certification.pk)
    allowed = {Status.LAPSED}
    if staff:
        allowed |= {Status.REVOKED, Status.IN_PROGRESS}
    if cert.status not in allowed:
        raise ValidationError(
            _("A certification that is %(status)s cannot be started again.")
            % {"status": cert.get_status_display()}
        )
    _check_prerequisites(cert.program, cert.user)
    before = cert.status
    cert.status, cert.started_on, cert.revoked_reason = Status.IN_PROGRESS, today, ""
    for name in DATE_FIELDS:
        setattr(cert, name, None)
    cert.save(update_fields=["status", "started_on", "revoked_reason", *DATE_FIELDS])
    CertificationEvent.objects.create(
        certification=cert,
        cycle=cert.cycle,
        from_status=before,
        to_status=cert.status,
        by=by,
        note=_("Pathway started again"),
    )
    return cert
