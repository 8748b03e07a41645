"""Every page of the training layer, by part of the site."""

from django.urls import path

from training.views import (
    accounts,
    cohorts,
    language,
    learning,
    people,
    printables,
    runner,
)

app_name = "training"

urlpatterns = [
    # --- People and invitations (program staff; the invitee's link) -----------------
    path("people/", accounts.people, name="people"),
    path("people/<id:pk>/", people.person_detail, name="person"),
    path(
        "people/<id:pk>/deactivate/",
        people.person_deactivate,
        name="person_deactivate",
    ),
    path(
        "people/<id:pk>/reactivate/",
        people.person_reactivate,
        name="person_reactivate",
    ),
    path(
        "people/invitations/<id:pk>/resend/",
        accounts.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "people/invitations/<id:pk>/revoke/",
        accounts.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invite/<str:token>/", accounts.invitation_accept, name="invitation_accept"),
    path("language/", language.language, name="language"),
    # --- Learning: My learning, courses, lessons, knowledge checks, search ----------
    path("learn/", learning.my_learning, name="my_learning"),
    path("learn/search/", learning.lesson_search, name="lesson_search"),
    path(
        "learn/courses/<id:course_pk>/",
        learning.course_outline,
        name="course_outline",
    ),
    path(
        "learn/courses/<id:course_pk>/enrol/",
        learning.course_enrol,
        name="course_enrol",
    ),
    path(
        "learn/courses/<id:course_pk>/retake/",
        learning.course_retake,
        name="course_retake",
    ),
    path("learn/lessons/<id:lesson_pk>/", learning.lesson, name="lesson"),
    path(
        "learn/lessons/<id:lesson_pk>/complete/",
        learning.lesson_complete,
        name="lesson_complete",
    ),
    path(
        "learn/lessons/<id:lesson_pk>/check/",
        learning.knowledge_check_submit,
        name="knowledge_check_submit",
    ),
    path(
        "learn/lessons/<id:lesson_pk>/activity/",
        learning.lesson_activity,
        name="lesson_activity",
    ),
    # --- Cohorts, their sessions and attendance ------------------------------------
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
    # --- The co-trained day: printable material and the session runner -------------
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
