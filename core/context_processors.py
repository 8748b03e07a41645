from django.utils.functional import SimpleLazyObject

from core.fragments import request_token


def csrf(request):
    """The CSRF token as Django's own processor gives it, but masked once per
    request, so a page and its kept fragments show the same token."""
    return {"csrf_token": SimpleLazyObject(lambda: request_token(request))}
