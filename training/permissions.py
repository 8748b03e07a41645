"""Who may do what in the training layer. Views call these; they never test groups."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from content import structure
from content.models import CoursePage, LessonPage
from training.models import Cohort, CohortMembership, Enrolment
from training.roles import Role, person_cached, user_roles


def is_trainee(user) -> bool:
    return Role.TRAINEE in user_roles(user)


def is_co_trainer(user) -> bool:
    return Role.CO_TRAINER in user_roles(user)


def is_program_staff(user) -> bool:
    return Role.PROGRAM_STAFF in user_roles(user)


def is_editor(user) -> bool:
    return Role.EDITOR in user_roles(user)


def has_team(user) -> bool:
    """Whether anyone has ``user`` as their supervisor: kept on the user for the
    request, and in the shared cache until a supervisor changes (one query)."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_roundtable_has_team", None)
    if cached is None:
        cached = person_cached(user, "team", user.team.exists)
        user._roundtable_has_team = cached
    return cached


def role_required(*roles):
    """View decorator: anonymous people go to login; others without the role get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user_roles(request.user) & set(roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = role_required(Role.PROGRAM_STAFF)


# --- Cohorts ------------------------------------------------------------------------
# Staff run every cohort; a co-trainer sees only the cohorts they lead. Whether a
# cohort exists is not something a co-trainer of another cohort may learn (404).

cohort_viewer_required = role_required(Role.PROGRAM_STAFF, Role.CO_TRAINER)


def user_can_manage_cohorts(user) -> bool:
    return is_program_staff(user)


def get_cohort_for_user(user, pk, *, manage: bool = False):
    """The cohort if ``user`` may see it (or, with ``manage``, change it); otherwise
    404 for a co-trainer who does not lead it and 403 for everyone else."""
    if not (is_program_staff(user) or is_co_trainer(user)):
        raise PermissionDenied
    cohort = get_object_or_404(
        Cohort.objects.select_related(
            "course", "child_welfare_trainer", "lived_experience_trainer"
        ),
        pk=pk,
    )
    if is_program_staff(user):
        return cohort
    if not cohort.is_led_by(user):
        raise Http404
    if manage:
        raise PermissionDenied
    return cohort


def user_can_run_session(user, session) -> bool:
    """The cohort's co-trainer pair run its sessions; program staff may step in."""
    return is_program_staff(user) or (
        is_co_trainer(user) and session.cohort.is_led_by(user)
    )


# --- Learning -------------------------------------------------------------------


def is_learner(user) -> bool:
    """Trainees take courses; co-trainers take the refresher and train-the-trainer."""
    return bool(user_roles(user) & {Role.TRAINEE, Role.CO_TRAINER})


def user_can_self_enrol(user, course) -> bool:
    return is_learner(user) and course.live and course.self_enrol


def get_live_course(course_pk):
    """A published course, or 404."""
    return get_object_or_404(CoursePage.objects.live(), pk=course_pk)


def get_own_enrolment(user, course):
    """The user's own enrolment in a course, or None. There is deliberately no way
    to name somebody else's enrolment here."""
    enrolment = (
        # By ids: a page instance as the value makes Django walk its parents.
        Enrolment.objects.filter(user_id=user.pk, course_id=course.pk)
        .select_related("cohort")
        .first()
    )
    if enrolment is not None:
        enrolment.course = course  # already loaded; saves a query
    return enrolment


def get_lesson_for_learner(user, lesson_pk):
    """A published lesson, its published course and the user's own enrolment in it
    (None when not enrolled). Lessons that are not live are 404 for everyone."""
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_pk)
    course = CoursePage.objects.live().ancestor_of(lesson).first()
    if course is None:
        raise Http404
    return lesson, course, get_own_enrolment(user, course)


def get_lesson_course_for_learner(user, lesson_pk):
    """The course (built from the content in memory, no query) of a live lesson in
    its live structure, and the user's own enrolment. A lesson that is not in the
    structure is looked up in the tree: 404 when it or its course is not live, the
    course with no enrolment when the person could still enrol (the page then
    sends them to the outline), 404 for the enrolled (its module is not live)."""
    catalogue = structure.catalogue()
    place = catalogue.lessons.get(lesson_pk)
    if place is None:
        _lesson, course, enrolment = get_lesson_for_learner(user, lesson_pk)
        if enrolment is not None:
            raise Http404
        return course, None
    course = catalogue.courses[place.course_id].as_page()
    return course, get_own_enrolment(user, course)


def get_enrolled_lesson(user, lesson_pk):
    """For changes to a lesson's progress: 404 if not live, 403 if not enrolled."""
    lesson, course, enrolment = get_lesson_for_learner(user, lesson_pk)
    if enrolment is None:
        raise PermissionDenied
    return lesson, course, enrolment


# --- Printable course material --------------------------------------------------------
# The trainer's guide (and the run-sheet, which is the guide's agenda) is for the
# co-trainers of a cohort on that course and for program staff; the participants'
# workbook is for anyone taking or teaching the course.


def user_can_download_trainer_guide(user, course) -> bool:
    if is_program_staff(user):
        return True
    return (
        is_co_trainer(user)
        and Cohort.objects.filter(course=course)
        .filter(Q(child_welfare_trainer=user) | Q(lived_experience_trainer=user))
        .exists()
    )


def user_can_download_workbook(user, course) -> bool:
    return (
        user_can_download_trainer_guide(user, course)
        or Enrolment.objects.filter(user=user, course=course).exists()
        or CohortMembership.objects.filter(user=user, cohort__course=course).exists()
    )
