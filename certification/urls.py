"""The certification layer's URLs, one section per sub-domain. Names are used in
templates and redirects as ``certification:<name>``; ids use the ``<id:pk>``
converter."""

from django.urls import path

from certification.views import (
    adjustments,
    calibration,
    credentials,
    dashboard,
    observations,
    programs,
    public,
    sheets,
    team,
)

app_name = "certification"

urlpatterns = [
    # --- Observations: opening, scoring, reconciling, releasing, agreement -------
    path("observations/", observations.observation_list, name="observation_list"),
    path(
        "observations/mine/", observations.observations_mine, name="observations_mine"
    ),
    path("observations/new/", observations.observation_open, name="observation_open"),
    path(
        "observations/export.csv",
        observations.observation_export,
        name="observation_export",
    ),
    path("observations/rater-report/", observations.rater_report, name="rater_report"),
    path(
        "observations/agreement/",
        observations.program_agreement,
        name="observation_program_agreement",
    ),
    path(
        "observations/<id:pk>/",
        observations.observation_detail,
        name="observation_detail",
    ),
    path(
        "observations/<id:pk>/score/",
        sheets.sheet_score,
        name="observation_score",
    ),
    path(
        "observations/<id:pk>/score/autosave/",
        sheets.sheet_autosave,
        name="observation_autosave",
    ),
    path(
        "observations/<id:pk>/agreement/",
        sheets.observation_agreement,
        name="observation_agreement",
    ),
    path(
        "observations/<id:pk>/reconcile/",
        sheets.observation_reconcile,
        name="observation_reconcile",
    ),
    path(
        "observations/<id:pk>/release/",
        sheets.observation_release,
        name="observation_release",
    ),
    path(
        "observations/<id:pk>/goals/",
        sheets.goal_add,
        name="observation_goal_add",
    ),
    # --- Calibration: gold-standard sessions, blind scoring, drift -----------------
    path("calibration/", calibration.calibration_home, name="calibration_home"),
    path(
        "calibration/drift/", calibration.calibration_drift, name="calibration_drift"
    ),
    path(
        "calibration/observations/<id:pk>/gold/",
        calibration.gold_mark,
        name="calibration_gold_mark",
    ),
    path(
        "calibration/gold/<id:pk>/retire/",
        calibration.gold_retire,
        name="calibration_gold_retire",
    ),
    path(
        "calibration/gold/<id:pk>/score/",
        calibration.calibration_score,
        name="calibration_score",
    ),
    path(
        "calibration/gold/<id:pk>/result/",
        calibration.calibration_result,
        name="calibration_result",
    ),
    # --- Certification programs: the facilitator's pages ---------------------------
    path("certification/", programs.my_certification, name="my_certification"),
    path(
        "certification/programs/<id:program_pk>/start/",
        programs.pathway_start,
        name="pathway_start",
    ),
    path(
        "certification/<id:pk>/check/",
        programs.certification_check,
        name="certification_check",
    ),
    path(
        "certification/<id:pk>/restart/",
        programs.pathway_restart,
        name="pathway_restart",
    ),
    path(
        "certification/<id:pk>/certificate.pdf",
        programs.certificate_download,
        name="certificate_download",
    ),
    path(
        "certification/roundtables/",
        programs.live_roundtables,
        name="live_roundtables",
    ),
    path(
        "certification/roundtables/<id:pk>/delete/",
        programs.live_roundtable_delete,
        name="live_roundtable_delete",
    ),
    path(
        "certification/notifications/read/",
        programs.notifications_read,
        name="notifications_read",
    ),
    path("certification/calendar/", programs.calendar_page, name="calendar"),
    path(
        "certification/calendar/renew/", programs.calendar_renew, name="calendar_renew"
    ),
    path(
        "certification/calendar/revoke/",
        programs.calendar_revoke,
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
    path(
        "certification/<id:pk>/extend/",
        adjustments.certification_extend,
        name="certification_extend",
    ),
    path(
        "certification/<id:pk>/exempt/",
        adjustments.requirement_exempt,
        name="requirement_exempt",
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
    # --- A supervisor's team ---------------------------------------------------------
    path("certification/team/", team.team, name="team"),
    path("certification/team/<id:pk>/", team.team_member, name="team_member"),
]
