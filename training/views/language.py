"""The language switcher: visitors keep their choice in a cookie, people with an
account also on the account, so emails and reminders follow it."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from training.forms.accounts import LanguageForm
from training.services.people import language_choose

YEAR = 365 * 24 * 3600


def _back(request) -> str:
    """Where to return: the page the switcher was on, never another site."""
    target = request.POST.get("next") or request.GET.get("next") or "/"
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe and target.startswith("/") else "/"


@require_http_methods(["GET", "POST"])
def language(request):
    form = LanguageForm(
        request.POST or None, initial={"language": translation.get_language()}
    )
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["language"]
        if request.user.is_authenticated:
            language_choose(person=request.user, language=code)
        response = redirect(_back(request))
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=YEAR,
            samesite="Lax",
            secure=request.is_secure(),
        )
        return response
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "next": _back(request)}
    return render(request, "training/language.html", context, status=status)
