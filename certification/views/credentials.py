"""Open Badges 3.0: the holder's signed credential, the issuer's public profile, keys
and status list, and the verifier for a pasted or uploaded credential."""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited

from certification import credentials
from certification.checklists import ISSUED
from certification.permissions import get_own_certification
from certification.selectors import credentials as selectors
from certification.views import public
from certification.views.public import VERIFY_RATE_LIMIT

JWT = "application/vc+jwt"


def _require_enabled() -> None:
    if not credentials.enabled():
        raise Http404("Credentials are not configured on this site.")


class CredentialForm(forms.Form):
    token = forms.CharField(
        label=_("Paste the credential"), required=False, widget=forms.Textarea
    )
    upload = forms.FileField(label=_("or upload the file"), required=False)

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        if upload:
            if upload.size > credentials.MAX_TOKEN_BYTES:
                raise forms.ValidationError(_("That file is too large to be ours."))
            try:
                data["token"] = upload.read().decode("ascii")
            except UnicodeDecodeError as error:
                raise forms.ValidationError(
                    _("That file is not a credential (vc+jwt text).")
                ) from error
        if not (data.get("token") or "").strip():
            raise forms.ValidationError(_("Paste a credential or choose its file."))
        return data


@login_required
@require_GET
def my_credential(request, pk):
    """The holder's own credential as a `.jwt` file, while it is issued."""
    _require_enabled()
    cert = get_own_certification(request.user, pk)
    if cert.status not in ISSUED:
        raise Http404
    token = credentials.sign(credentials.credential(selectors.credential_facts(cert)))
    name = f"{cert.program.code}-{cert.verification_code}.jwt"
    return HttpResponse(
        token,
        content_type=JWT,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "private, no-store",
        },
    )


@require_GET
def issuer(request):
    _require_enabled()
    return JsonResponse(credentials.issuer_profile())


@require_GET
def jwks(request):
    _require_enabled()
    return JsonResponse(credentials.public_jwks())


@require_GET
def achievement(request, code):
    _require_enabled()
    program = selectors.program_for_achievement(code)
    if program is None:
        raise Http404
    return JsonResponse(
        {
            "@context": credentials.CONTEXT,
            "id": request.build_absolute_uri(),
            "type": ["Achievement"],
            "achievementType": "Certification",
            "name": program.name,
            "description": program.description or program.name,
            "creator": credentials.issuer_id(),
        }
    )


@never_cache
@require_GET
def status_list(request):
    """The signed Bitstring Status List, read live: a revocation or lapse shows at
    once."""
    _require_enabled()
    payload = credentials.status_list_credential(
        selectors.revoked_indexes(), today=timezone.localdate()
    )
    return HttpResponse(credentials.sign(payload), content_type=JWT)


@never_cache
@require_http_methods(["GET", "POST"])
def verify_credential(request):
    """Paste or upload a credential; the page says whether it holds, and why not.
    The home page's "check a certificate" form sends its code here as ``?code=``."""
    if request.method == "GET" and "code" in request.GET:
        return public.verify_lookup(request)
    _require_enabled()
    form = CredentialForm(request.POST or None, request.FILES or None)
    verdict = None
    if request.method == "POST":
        rate = getattr(settings, "VERIFY_RATE_LIMIT", VERIFY_RATE_LIMIT)
        if is_ratelimited(
            request, group="certification.verify", key="ip", rate=rate, increment=True
        ):
            return render(
                request, "certification/programs/verify_limited.html", status=429
            )
        if form.is_valid():
            verdict = credentials.verify(
                form.cleaned_data["token"],
                now=timezone.now(),
                is_revoked=selectors.index_is_revoked,
            )
    return render(
        request,
        "certification/programs/verify_credential.html",
        {"form": form, "verdict": verdict},
    )
