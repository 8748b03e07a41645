"""URLs of the observations pages, included by certification/urls.py."""

from django.urls import path

from certification.views import observations as views

urlpatterns = [
    path("observations/", views.observation_list, name="observation_list"),
    path("observations/mine/", views.observations_mine, name="observations_mine"),
    path("observations/new/", views.observation_open, name="observation_open"),
    path(
        "observations/export.csv", views.observation_export, name="observation_export"
    ),
    path("observations/rater-report/", views.rater_report, name="rater_report"),
    path(
        "observations/agreement/",
        views.program_agreement,
        name="observation_program_agreement",
    ),
    path("observations/<id:pk>/", views.observation_detail, name="observation_detail"),
    path("observations/<id:pk>/score/", views.sheet_score, name="observation_score"),
    path(
        "observations/<id:pk>/score/autosave/",
        views.sheet_autosave,
        name="observation_autosave",
    ),
    path(
        "observations/<id:pk>/agreement/",
        views.observation_agreement,
        name="observation_agreement",
    ),
    path(
        "observations/<id:pk>/reconcile/",
        views.observation_reconcile,
        name="observation_reconcile",
    ),
    path(
        "observations/<id:pk>/release/",
        views.observation_release,
        name="observation_release",
    ),
    path("observations/<id:pk>/goals/", views.goal_add, name="observation_goal_add"),
]
