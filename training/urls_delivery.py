"""URLs of the co-trained day: printable material and the session runner."""

from django.urls import path

from training.views import printables, runner

urlpatterns = [
    path(
        "learn/courses/<id:course_pk>/trainer-guide.pdf",
        printables.trainer_guide,
        name="trainer_guide",
    ),
    path(
        "learn/courses/<id:course_pk>/run-sheet.csv",
        printables.run_sheet,
        name="run_sheet",
    ),
    path(
        "cohorts/<id:pk>/sessions/<id:session_pk>/run/",
        runner.session_run,
        name="session_run",
    ),
    path(
        "cohorts/<id:pk>/sessions/<id:session_pk>/run/advance/",
        runner.session_advance,
        name="session_advance",
    ),
    path(
        "cohorts/<id:pk>/sessions/<id:session_pk>/run/attendance/",
        runner.session_run_attendance,
        name="session_run_attendance",
    ),
    path(
        "cohorts/<id:pk>/sessions/<id:session_pk>/room/",
        runner.session_room,
        name="session_room",
    ),
    path(
        "cohorts/<id:pk>/sessions/<id:session_pk>/room/state/",
        runner.session_room_state,
        name="session_room_state",
    ),
]
