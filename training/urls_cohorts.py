"""URLs of the cohorts pages, included by training/urls.py."""

from django.urls import path

from training.views import cohorts

urlpatterns = [
    path("cohorts/", cohorts.cohort_list, name="cohort_list"),
    path("cohorts/new/", cohorts.cohort_create, name="cohort_create"),
    path("cohorts/<id:pk>/", cohorts.cohort_detail, name="cohort_detail"),
    path("cohorts/<id:pk>/edit/", cohorts.cohort_edit, name="cohort_edit"),
    path("cohorts/<id:pk>/grid/", cohorts.cohort_grid, name="cohort_grid"),
    path("cohorts/<id:pk>/import/", cohorts.cohort_import, name="cohort_import"),
    path("cohorts/<id:pk>/export.csv", cohorts.cohort_export, name="cohort_export"),
    path("cohorts/<id:pk>/sessions/new/", cohorts.session_edit, name="session_create"),
    path(
        "cohorts/<id:pk>/sessions/<id:session_pk>/edit/",
        cohorts.session_edit,
        name="session_edit",
    ),
    path(
        "cohorts/<id:pk>/sessions/<id:session_pk>/attendance/",
        cohorts.session_attendance,
        name="session_attendance",
    ),
]
