"""A learner's pages: My learning, course outline, lesson, and lesson search. Each
shows only the signed-in person's own enrolment; there is no URL naming anyone
else's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import fragments
from core.forms import show_refusal
from training import permissions, rules
from training.forms.learning import ActivityForm, KnowledgeCheckForm, LessonSearchForm
from training.selectors import learning as selectors
from training.selectors.completions import completions_noted, note_cards
from training.services import learning as services


@login_required
def my_learning(request):
    """The learner's courses, progress, where to continue, and courses to start."""
    learning = selectors.my_learning(
        user=request.user, include_open=permissions.is_learner(request.user)
    )
    note_cards(user=request.user, cards=learning.enrolled)
    return render(request, "training/learning/my_learning.html", {"learning": learning})


@login_required
def course_outline(request, course_pk):
    """Modules and lessons with progress; the course summary and a way to enrol
    for people not enrolled yet."""
    course = permissions.get_live_course(course_pk)
    enrolment = permissions.get_own_enrolment(request.user, course)
    outline = selectors.course_outline(course=course, enrolment=enrolment)
    return render(
        request,
        "training/learning/course_outline.html",
        {
            "outline": outline,
            "completions": completions_noted(
                user=request.user, course=course, completions=outline.completions
            ),
            "can_self_enrol": permissions.user_can_self_enrol(request.user, course),
        },
    )


@require_POST
@login_required
def course_enrol(request, course_pk):
    course = permissions.get_live_course(course_pk)
    if not permissions.user_can_self_enrol(request.user, course):
        raise PermissionDenied
    try:
        services.enrolment_create(user=request.user, course=course)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(
            request,
            _("You are enrolled in %(course)s.") % {"course": course.title},
        )
    return redirect("training:course_outline", course_pk=course.pk)


@require_POST
@login_required
def course_retake(request, course_pk):
    """Start a completed course again; its earlier completions are kept."""
    course = permissions.get_live_course(course_pk)
    enrolment = permissions.get_own_enrolment(request.user, course)
    if enrolment is None:
        raise Http404
    try:
        services.enrolment_retake(enrolment=enrolment, user=request.user)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(
            request,
            _("You are taking %(course)s again. Complete each lesson to finish it.")
            % {"course": course.title},
        )
    return redirect("training:course_outline", course_pk=course.pk)


def _render_lesson(request, lesson_pk, course, enrolment, *, form=None, status=200):
    view = selectors.lesson_view(
        lesson_pk=lesson_pk, course=course, enrolment=enrolment
    )
    if view is None:  # e.g. its module is unpublished
        raise Http404
    body = fragments.render_fragment(
        request,
        "training/learning/_lesson_main.html",
        {"view": view, "form": form or KnowledgeCheckForm(view.questions)},
    )
    return view, body, _lesson_page(request, view.lesson.title, body, status=status)


def _lesson_page(request, title, body, status=200, *, keep=None):
    response = render(
        request,
        "training/learning/lesson.html",
        {"title": title, "body": fragments.with_token(request, body)},
        status=status,
    )
    fragments.keep_page(request, keep, response)
    return response


def _whole_page_key(request, key):
    """The whole lesson page: its main part's key, and the roles and team the
    navigation shows (fragments.page_key adds the rest)."""
    user = request.user
    roles = sorted(permissions.user_roles(user))
    return fragments.page_key(request, key, roles, permissions.has_team(user))


@login_required
def lesson(request, lesson_pk):
    """A lesson's body, its knowledge check and the way on; opening it is where
    the learner resumes next time (written only when that changes). The page's
    main part is kept per content and enrolment version (selectors.lesson_page_key);
    once kept, the whole page is found without a query or a template."""
    known = selectors.known_lesson_page_key(lesson_pk=lesson_pk, user=request.user)
    whole = _whole_page_key(request, known)
    if (page := fragments.kept_page(request, whole)) is not None:
        return page
    if (cached := fragments.cached_get(known)) is not None:
        return _lesson_page(request, *cached, keep=whole)
    course, enrolment = permissions.get_lesson_course_for_learner(
        request.user, lesson_pk
    )
    if enrolment is None:
        messages.info(request, _("Enrol in this course to open its lessons."))
        return redirect("training:course_outline", course_pk=course.pk)
    key = selectors.lesson_page_key(lesson_pk=lesson_pk, enrolment=enrolment)
    if (cached := fragments.cached_get(key)) is not None:
        return _lesson_page(request, *cached)
    view, body, response = _render_lesson(request, lesson_pk, course, enrolment)
    if view.visit_is_news:
        lesson, _course, enrolment = permissions.get_enrolled_lesson(
            request.user, lesson_pk
        )
        services.lesson_visit(enrolment=enrolment, lesson=lesson)
    else:  # what the page shows now stays true until the versions in the key change
        fragments.cached_set(key, (view.lesson.title, body))
    return response


@require_POST
@login_required
def lesson_complete(request, lesson_pk):
    lesson, _course, enrolment = permissions.get_enrolled_lesson(
        request.user, lesson_pk
    )
    try:
        services.lesson_complete(enrolment=enrolment, lesson=lesson)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(
            request, _("“%(lesson)s” is complete.") % {"lesson": lesson.title}
        )
    return redirect("training:lesson", lesson_pk=lesson.pk)


@require_POST
@login_required
def knowledge_check_submit(request, lesson_pk):
    """Grade the check on the server; show the result on the lesson page."""
    lesson, course, enrolment = permissions.get_enrolled_lesson(request.user, lesson_pk)
    form = KnowledgeCheckForm(
        rules.check_questions(lesson), request.POST, initial={}
    )
    if form.is_valid():
        try:
            services.knowledge_check_submit(
                enrolment=enrolment,
                lesson=lesson,
                answers=form.answers(),
                submission_key=form.cleaned_data["submission_key"],
            )
        except ValidationError as error:
            show_refusal(request, error, form)
        else:
            url = reverse("training:lesson", kwargs={"lesson_pk": lesson.pk})
            return redirect(f"{url}#check-result")
    return _render_lesson(request, lesson.pk, course, enrolment, form=form, status=400)[
        -1
    ]


@require_POST
@login_required
def lesson_activity(request, lesson_pk):
    """Seconds of real activity from static/js/lesson-activity.js (204)."""
    lesson, _course, enrolment = permissions.get_enrolled_lesson(
        request.user, lesson_pk
    )
    form = ActivityForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Send a whole number of seconds."))
    try:
        services.lesson_activity_record(
            enrolment=enrolment, lesson=lesson, seconds=form.cleaned_data["seconds"]
        )
    except ValidationError as error:
        return HttpResponseBadRequest(" ".join(error.messages))
    return HttpResponse(status=204)


@login_required
def lesson_search(request):
    """Search the titles and text of published lessons."""
    form = LessonSearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    page = hits = None
    if query:
        page = Paginator(selectors.lesson_search(query=query), 20).get_page(
            request.GET.get("page")
        )
        hits = selectors.lesson_hits(
            lessons=page.object_list, user=request.user, query=query
        )
    return render(
        request,
        "training/learning/lesson_search.html",
        {"form": form, "query": query, "page": page, "hits": hits},
    )
