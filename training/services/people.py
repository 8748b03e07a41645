"""People management by program staff: roles, deactivation, details and
supervisors. Every change writes a ``PersonChange`` (who, when, what)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from core.i18n import supported
from training import rules
from training.models import PersonChange
from training.permissions import is_program_staff
from training.roles import Role
from training.signals import person_changed

User = get_user_model()
Field = PersonChange.Field


def _check_actor(actor) -> None:
    """Only program staff manage people; the service checks whoever calls it."""
    if actor is None or not is_program_staff(actor):
        raise PermissionDenied(_("Only program staff manage people."))


def _label(user) -> str:
    return f"{user.get_full_name()} <{user.email}>" if user else ""


def _roles_label(names) -> str:
    labels = dict(Role.choices)
    return ", ".join(str(labels.get(name, name)) for name in sorted(names))


# Any fixed number: the key of the PostgreSQL advisory lock below.
SUPERVISOR_LOCK = 7_340_119


def _one_supervisor_change_at_a_time() -> None:
    """Two staff saving at once could each pass the loop check and together close a
    loop (A under B, B under A). On PostgreSQL the second waits here until the
    first commits, then checks against it; SQLite has one writer anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SUPERVISOR_LOCK])


def supervisor_map() -> dict[int, int]:
    """Everyone who has a supervisor: person id → supervisor id (one query)."""
    return dict(
        User.objects.filter(supervisor__isnull=False).values_list("pk", "supervisor")
    )


def supervisor_problems(proposed: dict[int, int | None]) -> dict[int, str]:
    """For person id → supervisor id (None clears), the problem with each
    assignment that cannot be made: themself, or a loop (one query)."""
    looped = rules.supervisor_loops(supervisor_map(), proposed)
    problems = {}
    for person_id, supervisor_id in proposed.items():
        problem = rules.supervisor_problem(person_id, supervisor_id, looped)
        if problem:
            problems[person_id] = problem
    return problems


def _inactive_supervisor(supervisor) -> str:
    if supervisor is not None and not supervisor.is_active:
        return _("%(name)s is deactivated; choose an active supervisor.") % {
            "name": supervisor.get_full_name()
        }
    return ""


@transaction.atomic
def supervisors_assign(*, actor, assignments: dict, note: str = "") -> int:
    """Give each person (key) the supervisor (value, a user or None). Refuses the
    whole set, changing nothing, if any would be the person themself, a loop or a
    deactivated supervisor. Returns how many people changed."""
    _check_actor(actor)
    changed = {
        person: supervisor
        for person, supervisor in assignments.items()
        if person.supervisor_id != (supervisor.pk if supervisor else None)
    }
    if changed:
        _one_supervisor_change_at_a_time()
    problems = supervisor_problems(
        {person.pk: (s.pk if s else None) for person, s in changed.items()}
    )
    for person, supervisor in changed.items():
        problem = problems.get(person.pk) or _inactive_supervisor(supervisor)
        if problem:
            raise ValidationError(
                {"supervisor": f"{person.get_full_name()}: {problem}"}
            )
    befores = {
        user.pk: user
        for user in User.objects.filter(
            pk__in=[p.supervisor_id for p in changed if p.supervisor_id]
        )
    }
    audit, supervisors = [], set()
    for person, supervisor in changed.items():
        supervisors |= {person.supervisor_id, supervisor.pk if supervisor else None}
        audit.append(
            PersonChange(
                person=person,
                changed_by=actor,
                field=Field.SUPERVISOR,
                before=_label(befores.get(person.supervisor_id)),
                after=_label(supervisor),
                note=note,
            )
        )
        person.supervisor = supervisor
    User.objects.bulk_update(list(changed), ["supervisor"], batch_size=500)
    person_changed(*supervisors)  # bulk_update sends no signal
    PersonChange.objects.bulk_create(audit, batch_size=500)
    return len(changed)


@transaction.atomic
def person_update(
    *,
    actor,
    person,
    full_name: str,
    agency: str,
    region: str,
    supervisor,
    roles,
    language: str | None = None,
) -> list[PersonChange]:
    """Change a person's name, agency, region, supervisor and roles; returns the
    changes recorded (none when nothing differs). Staff cannot take away their own
    staff role."""
    _check_actor(actor)
    person = (
        User.objects.select_for_update(of=("self",))
        .select_related("supervisor")
        .get(pk=person.pk)
    )
    full_name, agency, region = full_name.strip(), agency.strip(), region.strip()
    roles = set(roles)
    if not full_name:
        raise ValidationError({"full_name": _("Enter the person's name.")})
    if roles - set(Role.values):
        raise ValidationError({"roles": _("Choose among the roles offered.")})
    language = language or person.language
    if not supported(language):
        raise ValidationError({"language": _("Choose one of the languages offered.")})
    before_roles = set(person.groups.values_list("name", flat=True))
    problem = rules.role_change_problem(
        actor_id=actor.pk, person_id=person.pk, before=before_roles, after=roles
    )
    if problem:
        raise ValidationError({"roles": problem})
    supervisor_id = supervisor.pk if supervisor else None
    if supervisor_id != person.supervisor_id:
        _one_supervisor_change_at_a_time()
        problem = supervisor_problems({person.pk: supervisor_id}).get(
            person.pk
        ) or _inactive_supervisor(supervisor)
        if problem:
            raise ValidationError({"supervisor": problem})
    changes = []

    def note(field, before, after):
        if before != after:
            changes.append(
                PersonChange(
                    person=person,
                    changed_by=actor,
                    field=field,
                    before=before,
                    after=after,
                )
            )

    note(Field.FULL_NAME, person.full_name, full_name)
    note(Field.AGENCY, person.agency, agency)
    note(Field.REGION, person.region, region)
    note(Field.SUPERVISOR, _label(person.supervisor), _label(supervisor))
    note(Field.ROLES, _roles_label(before_roles), _roles_label(roles))
    note(Field.LANGUAGE, person.language, language)
    if not changes:
        return []
    person.full_name, person.agency, person.region = full_name, agency, region
    person.supervisor, person.language = supervisor, language
    person.full_clean(exclude=["password"])
    person.save(
        update_fields=["full_name", "agency", "region", "supervisor", "language"]
    )
    if roles != before_roles:
        groups = {g.name: g for g in Group.objects.filter(name__in=Role.values)}
        person.groups.remove(*[groups[n] for n in before_roles - roles if n in groups])
        person.groups.add(
            *[Group.objects.get_or_create(name=n)[0] for n in roles - before_roles]
        )
    return PersonChange.objects.bulk_create(changes)


@transaction.atomic
def person_set_active(*, actor, person, active: bool) -> PersonChange | None:
    """Deactivate (cannot sign in, left out of reminders, history kept) or
    reactivate a person. Staff cannot deactivate themselves."""
    _check_actor(actor)
    person = User.objects.select_for_update().get(pk=person.pk)
    if not active:
        problem = rules.deactivate_problem(actor_id=actor.pk, person_id=person.pk)
        if problem:
            raise ValidationError(problem)
    if person.is_active == active:
        return None
    person.is_active = active
    person.save(update_fields=["is_active"])
    labels = {True: _("Active"), False: _("Deactivated")}
    return PersonChange.objects.create(
        person=person,
        changed_by=actor,
        field=Field.ACTIVE,
        before=labels[not active],
        after=labels[active],
    )


# --- The optional supervisor_email column of the CSV imports ----------------------


def import_supervisors_check(rows, people: dict) -> tuple[dict, list[tuple[int, str]]]:
    """Check a file's ``supervisor_email`` cells before anything is written.

    ``rows`` holds ``(row number, person's email, supervisor's email)`` for each row
    with a supervisor; ``people`` maps emails to the accounts that exist already
    (people being invited have none yet). Returns the supervisors by email and the
    problems as ``(row number, message)``, in two queries."""
    rows = [(n, email, sup.strip().lower()) for n, email, sup in rows if sup.strip()]
    supervisors = (
        {
            user.email.lower(): user
            for user in User.objects.filter(
                email__in={sup for _n, _e, sup in rows}
            ).only("pk", "email", "full_name", "is_active")
        }
        if rows
        else {}
    )
    problems, chosen, proposed = [], {}, {}
    for number, email, sup in rows:
        supervisor = supervisors.get(sup)
        if sup == email:
            problems.append((number, _("A person cannot be their own supervisor.")))
        elif supervisor is None:
            problems.append(
                (
                    number,
                    _("Nobody has the address %(email)s; invite them first.")
                    % {"email": sup[:80]},
                )
            )
        elif _inactive_supervisor(supervisor):
            problems.append((number, _inactive_supervisor(supervisor)))
        elif chosen.setdefault(email, (number, sup))[1] != sup:
            problems.append(
                (
                    number,
                    _("Row %(row)s names another supervisor for this person.")
                    % {"row": chosen[email][0]},
                )
            )
        elif email in people:
            proposed[people[email].pk] = (number, supervisor.pk)
    if proposed:
        loops = supervisor_problems({pk: sup for pk, (_n, sup) in proposed.items()})
        problems += [(proposed[pk][0], message) for pk, message in loops.items()]
    return supervisors, sorted(problems)


def language_choose(*, person, language: str) -> None:
    """``person`` picks the language of their pages, emails and reminders. Their
    own choice, so no staff check; staff change it through ``person_update``."""
    if not supported(language):
        raise ValidationError({"language": _("Choose one of the languages offered.")})
    if person.language != language:
        User.objects.filter(pk=person.pk).update(language=language)
        person.language = language
