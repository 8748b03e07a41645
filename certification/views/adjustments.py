"""Program staff extend a certification or waive a requirement for one cycle,
from the person's history page. Staff only; a refused change says why and
changes nothing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from certification.forms.programs import ExemptForm, ExtendForm
from certification.permissions import get_certification_for_user
from certification.services import adjustments
from core.forms import show_refusal
from training.permissions import staff_required


def _form_errors(form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


def _adjust(request, pk, form_class, change, done: str):
    cert = get_certification_for_user(request.user, pk, manage=True)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
    else:
        try:
            change(certification=cert, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(request, error)
        else:
            messages.success(request, done)
    return redirect("certification:facilitator_history", cert.user_id)


@require_POST
@staff_required
def certification_extend(request, pk):
    return _adjust(
        request,
        pk,
        ExtendForm,
        adjustments.certification_extend,
        _("The date is extended; reminders follow the new date."),
    )


@require_POST
@staff_required
def requirement_exempt(request, pk):
    return _adjust(
        request,
        pk,
        ExemptForm,
        adjustments.requirement_exempt,
        _("The requirement is waived for this cycle."),
    )
