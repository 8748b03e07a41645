"""Reads for the staff person page: one person, their changes and their team."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from training.models import PersonChange

User = get_user_model()
CHANGES_SHOWN = 200


@dataclass
class PersonPage:
    person: object
    roles: list[str]
    changes: list[PersonChange]
    team: list


def person_get(pk: int):
    """One person with their roles and supervisor, or 404 (two queries)."""
    return get_object_or_404(
        User.objects.select_related("supervisor").prefetch_related(
            Prefetch("groups", queryset=Group.objects.only("name"))
        ),
        pk=pk,
    )


def person_page(pk: int) -> PersonPage:
    """Everything the person page shows, in four queries however long the
    history or the team."""
    person = person_get(pk)
    changes = list(
        PersonChange.objects.filter(person=person).select_related("changed_by")[
            :CHANGES_SHOWN
        ]
    )
    team = list(
        User.objects.filter(supervisor=person).only(
            "pk", "full_name", "email", "is_active"
        )
    )
    return PersonPage(
        person=person,
        roles=sorted(group.name for group in person.groups.all()),
        changes=changes,
        team=team,
    )
