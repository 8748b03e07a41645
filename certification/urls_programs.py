"""URLs of the programs pages, included by certification/urls.py."""

from django.urls import path

from certification.views import credentials, dashboard, public
from certification.views import programs as views

urlpatterns = [
    # The facilitator's own pages.
    path("certification/", views.my_certification, name="my_certification"),
    path(
        "certification/programs/<id:program_pk>/start/",
        views.pathway_start,
        name="pathway_start",
    ),
    path(
        "certification/<id:pk>/check/",
        views.certification_check,
        name="certification_check",
    ),
    path(
        "certification/<id:pk>/restart/",
        views.pathway_restart,
        name="pathway_restart",
    ),
    path(
        "certification/<id:pk>/certificate.pdf",
        views.certificate_download,
        name="certificate_download",
    ),
    path(
        "certification/roundtables/",
        views.live_roundtables,
        name="live_roundtables",
    ),
    path(
        "certification/roundtables/<id:pk>/delete/",
        views.live_roundtable_delete,
        name="live_roundtable_delete",
    ),
    path(
        "certification/notifications/read/",
        views.notifications_read,
        name="notifications_read",
    ),
    path("certification/calendar/", views.calendar_page, name="calendar"),
    path("certification/calendar/renew/", views.calendar_renew, name="calendar_renew"),
    path(
        "certification/calendar/revoke/",
        views.calendar_revoke,
        name="calendar_revoke",
    ),
    # Program staff.
    path(
        "certification/dashboard/",
        dashboard.dashboard,
        name="certification_dashboard",
    ),
    path(
        "certification/dashboard/export.csv",
        dashboard.dashboard_export,
        name="dashboard_export",
    ),
    path(
        "certification/dashboard/import/",
        dashboard.dashboard_import,
        name="dashboard_import",
    ),
    path(
        "certification/dashboard/people/<id:user_pk>/",
        dashboard.facilitator_history,
        name="facilitator_history",
    ),
    path(
        "certification/<id:pk>/approve/",
        dashboard.certification_approve,
        name="certification_approve",
    ),
    path(
        "certification/<id:pk>/revoke/",
        dashboard.certification_revoke,
        name="certification_revoke",
    ),
    path(
        "certification/<id:pk>/start-again/",
        dashboard.certification_restart,
        name="certification_restart",
    ),
    # Open Badges 3.0: the holder's credential; the issuer's profile, keys and
    # status list; the verifier for a pasted or uploaded credential.
    path(
        "certification/<id:pk>/credential.jwt",
        credentials.my_credential,
        name="credential_download",
    ),
    path("credentials/issuer/", credentials.issuer, name="credential_issuer"),
    path("credentials/issuer/jwks.json", credentials.jwks, name="credential_jwks"),
    path(
        "credentials/achievements/<slug:code>/",
        credentials.achievement,
        name="credential_achievement",
    ),
    path("credentials/status/", credentials.status_list, name="credential_status"),
    path("verify/", credentials.verify_credential, name="verify_credential"),
    # Public, by code or secret token.
    path("verify/<str:code>/", public.verify, name="verify"),
    path("calendar/<str:token>.ics", public.calendar_feed, name="calendar_feed"),
]
