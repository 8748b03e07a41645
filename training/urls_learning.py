"""URLs of the learning pages, included by training/urls.py."""

from django.urls import path

from training.views import learning

urlpatterns = [
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
]
