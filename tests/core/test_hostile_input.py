"""No address, query, cookie or form field answers 5xx, whatever bytes it holds.

The sweep walks every URL pattern of the project (ours, Wagtail's, allauth's, the
Django admin's) and fills each of its parameters with hostile segments, as an
anonymous visitor, as program staff and as a superuser. Run it on PostgreSQL
too: ``DATABASE_URL=postgres://… pytest tests/core/test_hostile_input.py``;
PostgreSQL refuses NUL in text where SQLite stores it."""

from collections import defaultdict
from http import HTTPStatus
from urllib.parse import unquote_to_bytes

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, URLResolver, get_resolver, resolve
from django.utils.encoding import repercent_broken_unicode
from django.utils.regex_helper import normalize

# As they reach the server: the test client percent-decodes the path to bytes.
HOSTILE_SEGMENTS = [
    "%00",
    "AB%00CD",
    "%FF%FE",  # not UTF-8
    "9" * 40,  # beyond any integer column
    "x" * 300,
    "%C3%BC%E2%82%AC%F0%9F%98%80",  # ü€😀
    "%27%22%3C%3E..",
]
# Logging out would end the signed-in sweep early; Wagtail's "failwhale" is its
# deliberate error page, for trying out error reporting.
SKIPPED = ("logout", "failwhale")


def _patterns(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        regex = prefix + pattern.pattern.regex.pattern.lstrip("^")
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern, regex.removesuffix(r"\Z").rstrip("$"))
        else:
            yield regex


# A path whose pattern refuses its segment falls through to a catch-all view or to
# none; each of these answers every such path alike.
CATCH_ALLS = {
    None,
    "wagtail_serve",
    "wagtail.admin.views.home.default",
    "admin:django.contrib.admin.sites.catch_all_view",
}


def _view_name(path: str) -> str | None:
    as_django_reads_it = repercent_broken_unicode(unquote_to_bytes(path)).decode()
    try:
        return resolve(as_django_reads_it).view_name
    except Resolver404:
        return None


def hostile_paths() -> list[str]:
    """One path per parameterless pattern; one per hostile segment otherwise. Of the
    paths that fall through to a catch-all, the first and last of each segment are
    kept (the other 1,200 or so of 1,950 paths would say nothing new)."""
    segments = {}
    for regex in _patterns(get_resolver()):
        template, params = normalize(regex)[0]
        if any(word in template for word in SKIPPED):
            continue
        if not params:
            segments["/" + template] = ""
            continue
        for segment in HOSTILE_SEGMENTS:
            segments["/" + template % dict.fromkeys(params, segment)] = segment
    kept, fallen = [], defaultdict(list)
    for path in sorted(segments):
        view = _view_name(path)
        if view in CATCH_ALLS:
            fallen[view, segments[path]].append(path)
        else:
            kept.append(path)
    for paths in fallen.values():
        kept.extend({paths[0], paths[-1]})
    return sorted(kept)


def _sweep(client) -> list[tuple[str, int]]:
    client.raise_request_exception = False  # collect every failure, not the first
    failures = []
    for path in hostile_paths():
        response = client.get(path)
        if path.startswith("/health/") and response.status_code == 503:
            continue  # no worker runs in tests: "unavailable" is the right answer
        if response.status_code >= HTTPStatus.INTERNAL_SERVER_ERROR:
            failures.append((path[:120], response.status_code))
    return failures


@pytest.fixture
def superuser(user_factory):
    return user_factory(is_superuser=True, is_staff=True, mfa=True)


@pytest.mark.parametrize("persona", [None, "staff", "superuser"])
def test_no_url_pattern_answers_5xx_to_hostile_segments(
    request, client, site_root, persona
):
    if persona:
        client.force_login(request.getfixturevalue(persona))

    failures = _sweep(client)
    assert not failures, "\n".join(f"{status} {path}" for path, status in failures)


@pytest.mark.parametrize(
    "path",
    ["/verify/AB%00CD/", "/calendar/ab%00cd.ics", "/%00/", "/people/%00"],
)
def test_a_nul_in_the_path_is_not_found(db, client, path):
    assert client.get(path).status_code == HTTPStatus.NOT_FOUND


def test_a_nul_in_a_query_or_form_field_is_a_bad_request(client_for, staff):
    client = client_for(staff)

    assert client.get("/people/", {"q": "a\x00b"}).status_code == 400
    assert client.post("/accounts/login/", {"login": "a\x00@x.org"}).status_code == 400


def test_a_cookie_with_a_nul_is_dropped(client, site_root):
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"

    response = client.get("/accounts/login/")

    assert response.status_code == HTTPStatus.OK
    assert not response.wsgi_request.user.is_authenticated


def test_form_fields_keep_tabs_and_line_breaks(db, client):
    fields = {"login": "a@x.org", "password": "a\tb\r\n"}
    response = client.post("/accounts/login/", fields)
    assert response.status_code == HTTPStatus.OK


def test_a_nul_in_an_uploaded_certification_csv_is_reported_not_stored(
    client_for, staff
):
    body = "email,program,issued_on\na\x00@x.org,p,2025-01-01\n"
    upload = SimpleUploadedFile("x.csv", body.encode(), content_type="text/csv")

    response = client_for(staff).post(
        "/certification/dashboard/import/", {"file": upload}
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "control character" in response.content.decode()
