"""Rules about people, as pure functions over loaded data (no queries): services
apply them to refuse a change, pages to explain it."""

from django.utils.translation import gettext as _

from training.roles import Role


def supervisor_loops(
    current: dict[int, int], proposed: dict[int, int | None]
) -> set[int]:
    """The people whose chain of supervisors would come back to them once
    ``proposed`` (person id → supervisor id, None to clear) is applied over
    ``current`` (person id → supervisor id, for everyone who has one)."""
    chain = {**current, **proposed}
    looped = set()
    for start in proposed:
        seen, person = set(), start
        while person is not None and person not in seen:
            seen.add(person)
            person = chain.get(person)
        if person == start:
            looped.add(start)
    return looped


def supervisor_problem(person_id: int, supervisor_id: int | None, looped: set) -> str:
    """Why ``supervisor_id`` cannot supervise ``person_id`` ("" when it can)."""
    if supervisor_id is not None and supervisor_id == person_id:
        return _("A person cannot be their own supervisor.")
    if person_id in looped:
        return _(
            "This would make a loop of supervisors: the chosen supervisor is, "
            "directly or through others, supervised by this person."
        )
    return ""


def role_change_problem(*, actor_id: int, person_id: int, before, after) -> str:
    """Staff may change anyone's roles except take away their own staff role."""
    if (
        actor_id == person_id
        and Role.PROGRAM_STAFF in before
        and Role.PROGRAM_STAFF not in after
    ):
        return _(
            "You cannot remove your own program staff role; ask another member of "
            "staff."
        )
    return ""


def deactivate_problem(*, actor_id: int, person_id: int) -> str:
    if actor_id == person_id:
        return _("You cannot deactivate yourself; ask another member of staff.")
    return ""
