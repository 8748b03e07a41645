"""The learner's pages: My learning, course outline, lesson (mark complete, knowledge
check, activity pings), search, and the Wagtail URLs that lead to them."""

import uuid
from http import HTTPStatus

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from tests.content.builders import correct_answers, make_course, wrong_answers
from training.models import Enrolment, KnowledgeCheckAttempt, LessonProgress
from training.services.learning import (
    enrolment_create,
    knowledge_check_submit,
    lesson_complete,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(site_root):
    return make_course(site_root, modules=2, lessons=4, title="YCPRT Skills")


@pytest.fixture
def checked(lessons):
    """The first lesson with a knowledge check (the end of module 1)."""
    return lessons[1]


@pytest.fixture
def enrolment(trainee, course):
    return enrolment_create(user=trainee, course=course)


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def check_form(lesson, answers, key=None):
    data = {"submission_key": str(key or uuid.uuid4())}
    for question_id, choice_ids in answers.items():
        data[f"q-{question_id}"] = choice_ids
    return data


def assert_login_redirect(response):
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/accounts/login/")


# --- My learning ------------------------------------------------------------------


def test_my_learning_needs_a_login(client, course):
    assert_login_redirect(client.get("/learn/"))


def test_my_learning_shows_progress_next_lesson_and_open_courses(
    client_for, trainee, course, lessons, enrolment, site_root
):
    lesson_complete(enrolment=enrolment, lesson=lessons[0])
    other = make_course(site_root, title="Permanency Values")
    make_course(site_root, title="Cohort only", self_enrol=False)

    page = soup(client_for(trainee).get("/learn/"))

    card = page.select_one(".learn-course")
    assert "YCPRT Skills" in card.get_text()
    bar = card.select_one('[role="progressbar"]')
    # 1 of 4 lessons and 0 of 2 checks: 1 of 6 steps.
    assert bar["aria-valuenow"] == "17"
    assert lessons[1].title in card.select_one(".learn-course__next").get_text()
    assert card.select_one(f'a[href="/learn/lessons/{lessons[1].pk}/"]')
    offers = page.select(".learn-offer")
    assert [o.h3.get_text(strip=True) for o in offers] == ["Permanency Values"]
    form = offers[0].form
    assert form["method"] == "post"
    assert form["action"] == f"/learn/courses/{other.pk}/enrol/"


def test_my_learning_resumes_at_the_lesson_last_opened(
    client_for, trainee, lessons, enrolment
):
    client = client_for(trainee)
    client.get(f"/learn/lessons/{lessons[2].pk}/")

    page = soup(client.get("/learn/"))

    assert page.select_one(".learn-course__actions a")["href"] == (
        f"/learn/lessons/{lessons[2].pk}/"
    )


def test_my_learning_shows_the_completion_date(client_for, trainee, lessons, enrolment):
    for lesson in lessons:
        lesson_complete(enrolment=enrolment, lesson=lesson)
        if lesson.questions:
            knowledge_check_submit(
                enrolment=enrolment,
                lesson=lesson,
                answers=correct_answers(lesson),
                submission_key=uuid.uuid4(),
            )
    enrolment.refresh_from_db()

    page = soup(client_for(trainee).get("/learn/"))

    card = page.select_one(".learn-course")
    assert card.select_one('[role="progressbar"]')["aria-valuenow"] == "100"
    assert "Completed" in card.get_text()
    completed = timezone.localtime(enrolment.completed_at)  # the page's zone, not UTC
    assert f"{completed:%Y}" in card.select_one("dl").get_text()


def test_people_without_a_learning_role_are_offered_no_courses(
    client_for, outsider, course
):
    page = soup(client_for(outsider).get("/learn/"))

    assert not page.select(".learn-offer")
    assert "not enrolled in a course yet" in page.get_text()


# --- Enrolment --------------------------------------------------------------------


def test_a_trainee_enrols_themselves(client_for, trainee, course):
    response = client_for(trainee).post(f"/learn/courses/{course.pk}/enrol/")

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"/learn/courses/{course.pk}/"
    assert Enrolment.objects.filter(user=trainee, course=course).count() == 1


def test_enrolling_twice_keeps_one_enrolment(client_for, trainee, course):
    client = client_for(trainee)
    client.post(f"/learn/courses/{course.pk}/enrol/")
    client.post(f"/learn/courses/{course.pk}/enrol/")

    assert Enrolment.objects.filter(user=trainee).count() == 1


def test_enrolment_is_a_post(client_for, trainee, course):
    response = client_for(trainee).get(f"/learn/courses/{course.pk}/enrol/")

    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert not Enrolment.objects.exists()


def test_a_cohort_only_course_refuses_self_enrolment(client_for, trainee, site_root):
    course = make_course(site_root, self_enrol=False)

    response = client_for(trainee).post(f"/learn/courses/{course.pk}/enrol/")

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Enrolment.objects.exists()


def test_people_without_a_learning_role_cannot_enrol(client_for, outsider, course):
    response = client_for(outsider).post(f"/learn/courses/{course.pk}/enrol/")

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Enrolment.objects.exists()


def test_anonymous_enrolment_goes_to_login(client, course):
    assert_login_redirect(client.post(f"/learn/courses/{course.pk}/enrol/"))
    assert not Enrolment.objects.exists()


# --- Course outline ---------------------------------------------------------------


def test_the_outline_needs_a_login(client, course):
    assert_login_redirect(client.get(f"/learn/courses/{course.pk}/"))


def test_the_outline_offers_enrolment_to_someone_not_enrolled(
    client_for, trainee, course, lessons
):
    page = soup(client_for(trainee).get(f"/learn/courses/{course.pk}/"))

    assert page.select_one(f'form[action="/learn/courses/{course.pk}/enrol/"] button')
    assert not page.select('[role="progressbar"]')
    # Lessons are listed but not linked until enrolled.
    assert lessons[0].title in page.get_text()
    assert not page.select(f'a[href="/learn/lessons/{lessons[0].pk}/"]')


def test_the_outline_of_a_cohort_course_explains_enrolment(
    client_for, trainee, site_root
):
    course = make_course(site_root, self_enrol=False)

    page = soup(client_for(trainee).get(f"/learn/courses/{course.pk}/"))

    assert not page.select("form[action$='/enrol/']")
    assert "through a cohort" in page.get_text()


def test_the_outline_shows_module_progress_for_the_enrolled(
    client_for, trainee, course, lessons, enrolment, checked
):
    lesson_complete(enrolment=enrolment, lesson=lessons[0])
    knowledge_check_submit(
        enrolment=enrolment,
        lesson=checked,
        answers=wrong_answers(checked),
        submission_key=uuid.uuid4(),
    )

    page = soup(client_for(trainee).get(f"/learn/courses/{course.pk}/"))

    modules = page.select(".learn-module")
    assert len(modules) == 2
    first, second = (m.select_one('[role="progressbar"]') for m in modules)
    assert first["aria-valuenow"] == "33"  # 1 of 2 lessons, check not passed
    assert second["aria-valuenow"] == "0"
    assert "Led by: Both trainers" in modules[0].get_text()
    assert "20 minutes" in modules[0].get_text()
    assert "Check not passed yet · best 0%" in modules[0].get_text()
    assert page.select_one(".learn-progress-card__next a")["href"] == (
        f"/learn/lessons/{checked.pk}/"
    )


def test_an_unpublished_course_is_not_found(client_for, trainee, course):
    course.unpublish()

    response = client_for(trainee).get(f"/learn/courses/{course.pk}/")

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_a_trainee_never_sees_another_trainees_progress(
    client_for, trainee, trainee2, course, lessons, checked
):
    theirs = enrolment_create(user=trainee2, course=course)
    lesson_complete(enrolment=theirs, lesson=lessons[0])
    knowledge_check_submit(
        enrolment=theirs,
        lesson=checked,
        answers=correct_answers(checked),
        submission_key=uuid.uuid4(),
    )
    enrolment_create(user=trainee, course=course)
    client = client_for(trainee)

    outline = soup(client.get(f"/learn/courses/{course.pk}/"))
    lesson_page = soup(client.get(f"/learn/lessons/{checked.pk}/"))

    bars = outline.select('[role="progressbar"]')
    assert {bar["aria-valuenow"] for bar in bars} == {"0"}
    assert not lesson_page.select("#check-result")
    assert "Completed" not in lesson_page.select_one(".learn-lesson__meta").get_text()


# --- Lesson -----------------------------------------------------------------------


def test_the_lesson_needs_a_login(client, lessons):
    assert_login_redirect(client.get(f"/learn/lessons/{lessons[0].pk}/"))


def test_a_lesson_shows_its_body_and_the_way_on(
    client_for, trainee, lessons, enrolment
):
    response = client_for(trainee).get(f"/learn/lessons/{lessons[1].pk}/")
    page = soup(response)

    assert response.status_code == HTTPStatus.OK
    assert page.h1.get_text(strip=True) == lessons[1].title
    assert page.select_one(".learn-text").get_text() == "A paragraph.Another."
    assert page.select_one(".learn-key-points li").get_text() == "A point"
    assert "What would you do?" in page.select_one(".learn-reflection").get_text()
    # Previous and next run across modules: lesson 2 ends module 1.
    assert (
        page.select_one('a[rel="prev"]')["href"] == f"/learn/lessons/{lessons[0].pk}/"
    )
    assert (
        page.select_one('a[rel="next"]')["href"] == f"/learn/lessons/{lessons[2].pk}/"
    )
    assert page.select_one(f'form[action="/learn/lessons/{lessons[1].pk}/complete/"]')
    assert page.select_one("[data-lesson-activity]")["data-lesson-activity"] == (
        f"/learn/lessons/{lessons[1].pk}/activity/"
    )


def test_the_check_form_has_radios_checkboxes_and_a_submission_key(
    client_for, trainee, checked, enrolment
):
    page = soup(client_for(trainee).get(f"/learn/lessons/{checked.pk}/"))

    single, multiple = checked.questions
    form = page.select_one(f'form[action="/learn/lessons/{checked.pk}/check/"]')
    radios = form.select(f'input[name="q-{single.id}"]')
    boxes = form.select(f'input[name="q-{multiple.id}"]')
    assert {r["type"] for r in radios} == {"radio"} and len(radios) == 2
    assert {b["type"] for b in boxes} == {"checkbox"} and len(boxes) == 3
    uuid.UUID(form.select_one('input[name="submission_key"]')["value"])


def test_opening_a_lesson_is_where_the_trainee_resumes(
    client_for, trainee, lessons, enrolment
):
    client_for(trainee).get(f"/learn/lessons/{lessons[2].pk}/")

    enrolment.refresh_from_db()
    assert enrolment.last_lesson_id == lessons[2].pk
    assert LessonProgress.objects.filter(enrolment=enrolment).count() == 1


def test_a_lesson_of_a_course_not_enrolled_in_leads_to_the_outline(
    client_for, trainee, course, lessons
):
    client = client_for(trainee)
    response = client.get(f"/learn/lessons/{lessons[0].pk}/")

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"/learn/courses/{course.pk}/"
    assert "Enrol in this course" in client.get(response["Location"]).content.decode()
    assert not LessonProgress.objects.exists()


def test_an_unpublished_lesson_is_not_found(client_for, trainee, lessons, enrolment):
    lessons[0].unpublish()

    response = client_for(trainee).get(f"/learn/lessons/{lessons[0].pk}/")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not LessonProgress.objects.exists()


def test_a_lesson_in_an_unpublished_module_is_not_found(
    client_for, trainee, lessons, enrolment
):
    module = lessons[0].get_parent()
    type(module).objects.filter(pk=module.pk).update(live=False)

    response = client_for(trainee).get(f"/learn/lessons/{lessons[0].pk}/")

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_mark_complete(client_for, trainee, lessons, enrolment):
    response = client_for(trainee).post(f"/learn/lessons/{lessons[0].pk}/complete/")

    assert response.status_code == HTTPStatus.FOUND
    assert LessonProgress.objects.get(lesson=lessons[0]).completed_at is not None
    page = soup(client_for(trainee).get(f"/learn/lessons/{lessons[0].pk}/"))
    assert "You have completed this lesson." in page.get_text()
    assert not page.select("form[action$='/complete/']")


def test_completion_of_a_lesson_not_enrolled_in_is_refused(
    client_for, trainee, trainee2, course, lessons
):
    enrolment_create(user=trainee2, course=course)

    response = client_for(trainee).post(f"/learn/lessons/{lessons[0].pk}/complete/")

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not LessonProgress.objects.exists()


def test_anonymous_completion_goes_to_login(client, lessons, enrolment):
    assert_login_redirect(client.post(f"/learn/lessons/{lessons[0].pk}/complete/"))
    assert not LessonProgress.objects.exists()


def test_completing_an_unpublished_lesson_is_not_found(
    client_for, trainee, lessons, enrolment
):
    lessons[0].unpublish()

    response = client_for(trainee).post(f"/learn/lessons/{lessons[0].pk}/complete/")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not LessonProgress.objects.exists()


# --- Knowledge check --------------------------------------------------------------


def test_a_failed_check_shows_what_was_wrong_and_offers_a_retry(
    client_for, trainee, checked, enrolment
):
    client = client_for(trainee)
    response = client.post(
        f"/learn/lessons/{checked.pk}/check/",
        check_form(checked, wrong_answers(checked)),
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"/learn/lessons/{checked.pk}/#check-result"
    page = soup(client.get(f"/learn/lessons/{checked.pk}/"))
    result = page.select_one("#check-result")
    assert result.select_one(".learn-result__number").get_text() == "0%"
    assert "Not passed yet" in result.get_text()
    assert "the pass mark is 80%" in result.get_text()
    items = result.select(".learn-feedback__item")
    assert [i["class"][-1] for i in items] == [
        "learn-feedback__item--wrong",
        "learn-feedback__item--wrong",
    ]
    assert "Because that is how it works." in items[0].get_text()
    assert page.select_one(".learn-check__retry-title").get_text() == "Try again"
    assert page.select_one(f'form[action="/learn/lessons/{checked.pk}/check/"]')


def test_a_passed_check_shows_the_score_and_completes_the_lesson(
    client_for, trainee, checked, enrolment
):
    client = client_for(trainee)
    client.post(
        f"/learn/lessons/{checked.pk}/check/",
        check_form(checked, correct_answers(checked)),
    )

    page = soup(client.get(f"/learn/lessons/{checked.pk}/"))

    result = page.select_one("#check-result")
    assert result.select_one(".learn-result__number").get_text() == "100%"
    assert "Passed" in result.get_text()
    assert "2 of 2 right" in result.get_text()
    assert page.select_one("details.learn-check__again form")  # a retry stays possible
    assert LessonProgress.objects.get(lesson=checked).completed_at is not None


def test_a_tampered_choice_id_is_refused_and_nothing_recorded(
    client_for, trainee, checked, enrolment
):
    answers = correct_answers(checked)
    first = next(iter(answers))
    answers[first] = [str(uuid.uuid4())]

    response = client_for(trainee).post(
        f"/learn/lessons/{checked.pk}/check/", check_form(checked, answers)
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Select a valid choice" in response.content.decode()
    assert not KnowledgeCheckAttempt.objects.exists()


def test_unanswered_questions_are_named_and_nothing_recorded(
    client_for, trainee, checked, enrolment
):
    answers = correct_answers(checked)
    answers.popitem()

    response = client_for(trainee).post(
        f"/learn/lessons/{checked.pk}/check/", check_form(checked, answers)
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    page = soup(response)
    assert "Choose at least one answer." in page.select_one(".error-summary").get_text()
    assert not KnowledgeCheckAttempt.objects.exists()


def test_a_double_submit_is_recorded_once(client_for, trainee, checked, enrolment):
    client = client_for(trainee)
    form = check_form(checked, wrong_answers(checked))

    client.post(f"/learn/lessons/{checked.pk}/check/", form)
    again = client.post(f"/learn/lessons/{checked.pk}/check/", form)

    assert again.status_code == HTTPStatus.FOUND
    assert KnowledgeCheckAttempt.objects.count() == 1


def test_answers_to_a_lesson_not_enrolled_in_are_refused(
    client_for, trainee, trainee2, course, checked
):
    enrolment_create(user=trainee2, course=course)

    response = client_for(trainee).post(
        f"/learn/lessons/{checked.pk}/check/",
        check_form(checked, correct_answers(checked)),
    )

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not KnowledgeCheckAttempt.objects.exists()


def test_anonymous_answers_go_to_login(client, checked, enrolment):
    response = client.post(
        f"/learn/lessons/{checked.pk}/check/",
        check_form(checked, correct_answers(checked)),
    )

    assert_login_redirect(response)
    assert not KnowledgeCheckAttempt.objects.exists()


def test_a_bad_submission_key_is_refused(client_for, trainee, checked, enrolment):
    form = check_form(checked, correct_answers(checked))
    form["submission_key"] = "not-a-key"

    response = client_for(trainee).post(f"/learn/lessons/{checked.pk}/check/", form)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not KnowledgeCheckAttempt.objects.exists()


# --- Activity pings ---------------------------------------------------------------


def test_activity_adds_seconds_and_returns_no_content(
    client_for, trainee, lessons, enrolment
):
    client = client_for(trainee)
    url = f"/learn/lessons/{lessons[0].pk}/activity/"

    first = client.post(url, {"seconds": "30"})
    client.post(url, {"seconds": "25"})

    assert first.status_code == HTTPStatus.NO_CONTENT
    progress = LessonProgress.objects.get(lesson=lessons[0])
    assert progress.active_seconds == 55
    assert progress.last_activity_at is not None


def test_activity_is_capped_per_ping(client_for, trainee, lessons, enrolment):
    client_for(trainee).post(
        f"/learn/lessons/{lessons[0].pk}/activity/", {"seconds": "3600"}
    )

    assert LessonProgress.objects.get(lesson=lessons[0]).active_seconds == 60


@pytest.mark.parametrize("seconds", ["-5", "soon", ""])
def test_bad_activity_is_refused(client_for, trainee, lessons, enrolment, seconds):
    response = client_for(trainee).post(
        f"/learn/lessons/{lessons[0].pk}/activity/", {"seconds": seconds}
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not LessonProgress.objects.exists()


def test_activity_on_a_lesson_not_enrolled_in_is_refused(client_for, trainee, lessons):
    response = client_for(trainee).post(
        f"/learn/lessons/{lessons[0].pk}/activity/", {"seconds": "30"}
    )

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not LessonProgress.objects.exists()


def test_anonymous_activity_goes_to_login(client, lessons, enrolment):
    response = client.post(
        f"/learn/lessons/{lessons[0].pk}/activity/", {"seconds": "30"}
    )

    assert_login_redirect(response)
    assert not LessonProgress.objects.exists()


# --- Search -----------------------------------------------------------------------


@pytest.mark.usefixtures("search_index")
def test_search_finds_lessons_by_their_text_and_names_course_and_module(
    client_for, trainee, course, lessons
):
    lesson = lessons[2]
    lesson.body = [{"type": "text", "value": "<p>Unpacking the no with a youth.</p>"}]
    lesson.save_revision().publish()

    page = soup(client_for(trainee).get("/learn/search/", {"q": "unpacking"}))

    hits = page.select(".learn-hit")
    assert len(hits) == 1
    assert hits[0].select_one("a")["href"] == f"/learn/lessons/{lesson.pk}/"
    where = hits[0].select_one(".learn-hit__where").get_text()
    assert "YCPRT Skills" in where and lesson.get_parent().title in where
    assert "Unpacking the no" in hits[0].select_one(".learn-hit__excerpt").text


@pytest.mark.usefixtures("search_index")
def test_search_leaves_out_unpublished_lessons(client_for, trainee, lessons):
    lesson = lessons[2]
    lesson.title = "Ambivalence in change"
    lesson.save_revision().publish()
    lesson.unpublish()

    page = soup(client_for(trainee).get("/learn/search/", {"q": "ambivalence"}))

    assert not page.select(".learn-hit")
    assert "No lesson matches" in page.get_text()


def test_search_needs_a_login(client):
    assert_login_redirect(client.get("/learn/search/", {"q": "trauma"}))


# --- Wagtail URLs and preview -----------------------------------------------------


def test_wagtail_urls_of_course_pages_lead_to_the_learning_pages(
    client_for, trainee, course, lessons
):
    client = client_for(trainee)
    module = lessons[0].get_parent()

    assert client.get(course.url)["Location"] == f"/learn/courses/{course.pk}/"
    assert client.get(module.url)["Location"] == f"/learn/courses/{course.pk}/"
    assert client.get(lessons[0].url)["Location"] == f"/learn/lessons/{lessons[0].pk}/"


def test_editors_preview_still_renders_the_lesson_with_its_answer_key(checked):
    response = checked.make_preview_request()

    assert response.status_code == HTTPStatus.OK
    page = soup(response)
    assert page.h1.get_text(strip=True) == checked.title
    assert "Knowledge check (answer key)" in page.get_text()
