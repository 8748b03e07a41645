"""Program staff adjust one person's certification: extend the expiry (or the
completion deadline of a first path), or waive one recertification requirement
for one cycle. Each needs a reason and leaves a ``CertificationEvent``.

Reminders follow the new dates by themselves: the sweep computes them from
``expires_on``; those already sent in the cycle are never sent again (the
(certification, cycle, offset) row exists), the ones still ahead go out on their
days before the new expiry."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from certification.checklists import ISSUED
from certification.dates import grace_ends, pathway_deadline, status_on
from certification.evidence import load_evidence
from certification.models import (
    Certification,
    CertificationEvent,
    RequirementExemption,
)
from certification.permissions import user_can_adjust_certifications
from certification.rules import EXTENSION
from certification.services.lifecycle import _locked, advance_many

Status = Certification.Status
Requirement = RequirementExemption.Requirement


def _long(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


def _check(by, reason: str) -> str:
    if not user_can_adjust_certifications(by):
        raise PermissionDenied(_("Only program staff adjust certifications."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for this change.")})
    if len(reason) > 1000:
        raise ValidationError({"reason": _("Keep the reason under 1,000 characters.")})
    return reason


def _refuse_date(message: str):
    raise ValidationError({"new_date": message})


@transaction.atomic
def certification_extend(
    *, certification, by, new_date: date, reason: str, today: date | None = None
) -> Certification:
    """Move the expiry of an issued certification (window opening kept, grace
    counted from the new expiry), or the completion deadline of a path in
    progress, to a later date."""
    reason = _check(by, reason)
    today = today or timezone.localdate()
    cert = _locked(certification.pk)
    if new_date < today:
        _refuse_date(_("Choose a date from today on, not in the past."))
    before = cert.status
    if cert.status in ISSUED:
        old = cert.expires_on
        if new_date <= old:
            _refuse_date(
                _("Choose a date after the current expiry, %(day)s.")
                % {"day": _long(old)}
            )
        cert.expires_on, cert.anchor_day = new_date, new_date.day
        cert.grace_ends_on = grace_ends(new_date, cert.program.grace_days)
        cert.status = status_on(
            today,
            window_opens_on=cert.window_opens_on,
            expires_on=new_date,
            grace_ends_on=cert.grace_ends_on,
        )
        fields = ["expires_on", "anchor_day", "grace_ends_on", "status"]
        note = _("Expiry extended from %(old)s to %(new)s: %(reason)s")
        expires_on = new_date
    elif cert.status == Status.IN_PROGRESS:
        old = cert.deadline_on or pathway_deadline(
            cert.started_on, cert.program.completion_window_months
        )
        if new_date <= old:
            _refuse_date(
                _("Choose a date after the current deadline, %(day)s.")
                % {"day": _long(old)}
            )
        cert.deadline_on = new_date
        fields = ["deadline_on"]
        note = _("Completion deadline extended from %(old)s to %(new)s: %(reason)s")
        expires_on = None
    else:
        raise ValidationError(
            _(
                "Only an issued certification or a path in progress can be extended; "
                "this one is: %(status)s."
            )
            % {"status": cert.get_status_display()}
        )
    cert.save(update_fields=fields)
    CertificationEvent.objects.create(
        certification=cert,
        cycle=cert.cycle,
        kind=CertificationEvent.Kind.EXTENSION,
        from_status=before,
        to_status=cert.status,
        by=by,
        expires_on=expires_on,
        rule=EXTENSION,
        note=note % {"old": _long(old), "new": _long(new_date), "reason": reason},
    )
    return cert


def _required(program) -> dict[str, bool]:
    return {
        Requirement.COURSE: bool(program.recert_course_id),
        Requirement.LIVE: bool(program.recert_live_roundtables),
        Requirement.OBSERVATIONS: bool(program.recert_observations),
    }


@transaction.atomic
def requirement_exempt(
    *, certification, by, requirement: str, reason: str, today: date | None = None
) -> RequirementExemption:
    """Waive one recertification requirement for the current cycle; if that was
    all that was missing in the window or grace, the person is recertified now."""
    reason = _check(by, reason)
    today = today or timezone.localdate()
    cert = _locked(certification.pk)
    if cert.status not in ISSUED:
        raise ValidationError(
            _("Only the recertification of an issued certification can be waived.")
        )
    if not _required(cert.program).get(requirement):
        raise ValidationError(
            {"requirement": _("Choose a requirement this program asks for.")}
        )
    exemption = RequirementExemption(
        certification=cert,
        cycle=cert.cycle,
        requirement=requirement,
        reason=reason,
        by=by,
    )
    try:
        with transaction.atomic():
            exemption.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"requirement": _("This requirement is already waived for this cycle.")}
        ) from exc
    CertificationEvent.objects.create(
        certification=cert,
        cycle=cert.cycle,
        kind=CertificationEvent.Kind.EXEMPTION,
        from_status=cert.status,
        to_status=cert.status,
        by=by,
        note=_("%(requirement)s waived for cycle %(cycle)s: %(reason)s")
        % {
            "requirement": exemption.get_requirement_display(),
            "cycle": cert.cycle,
            "reason": reason,
        },
    )
    advance_many([cert], evidence=load_evidence([cert.user_id]), today=today)
    return exemption
