"""URLs of the calibration pages, included by certification/urls.py."""

from django.urls import path

from certification.views import calibration as views

urlpatterns = [
    path("calibration/", views.calibration_home, name="calibration_home"),
    path("calibration/drift/", views.calibration_drift, name="calibration_drift"),
    path(
        "calibration/observations/<id:pk>/gold/",
        views.gold_mark,
        name="calibration_gold_mark",
    ),
    path(
        "calibration/gold/<id:pk>/retire/",
        views.gold_retire,
        name="calibration_gold_retire",
    ),
    path(
        "calibration/gold/<id:pk>/score/",
        views.calibration_score,
        name="calibration_score",
    ),
    path(
        "calibration/gold/<id:pk>/result/",
        views.calibration_result,
        name="calibration_result",
    ),
]
