"""Roles are Django groups; this module names them and keeps their permissions."""

from django.apps import apps as global_apps
from django.db import models
from django.utils.translation import gettext_lazy as _

from core import versioned_cache


class Role(models.TextChoices):
    TRAINEE = "Trainee", _("Trainee")
    CO_TRAINER = "Co-trainer", _("Co-trainer")
    PROGRAM_STAFF = "Program staff", _("Program staff")
    EDITOR = "Editor", _("Editor")


# Wagtail admin permissions each role needs, as "app_label.codename".
ROLE_PERMISSIONS = {
    Role.TRAINEE: [],
    Role.CO_TRAINER: [],
    # Codenames of higher layers are data here, not imports: staff edit rubrics,
    # programs, sample cases and program settings in the Wagtail admin.
    Role.PROGRAM_STAFF: [
        "wagtailadmin.access_admin",
        "certification.add_rubric",
        "certification.change_rubric",
        "certification.delete_rubric",
        "certification.view_rubric",
        "certification.change_observationrules",
        "certification.change_certificatesettings",
        # The signature image on certificates (Settings → Certificates).
        "wagtailimages.add_image",
        "wagtailimages.choose_image",
        "certification.view_certificationprogram",
        "certification.add_certificationprogram",
        "certification.change_certificationprogram",
        "certification.delete_certificationprogram",
        "simulations.add_samplecase",
        "simulations.change_samplecase",
        "simulations.delete_samplecase",
        "simulations.publish_samplecase",
        "simulations.change_roundtablesettings",
    ],
    Role.EDITOR: [
        "wagtailadmin.access_admin",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
    ],
}
EDITOR_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
]


# Each person's group names and whether anyone has them as supervisor are kept in
# the shared cache, so a signed-in page asks neither. training/signals.py starts a
# new version of a person's when their roles or team change, and of everyone's
# when a group is renamed or deleted.
PEOPLE_NAMESPACE = "people"
PEOPLE_TIMEOUT = 300


def person_namespace(user_pk) -> str:
    return f"person:{user_pk}"


def person_cached(user, name: str, build):
    """``build()`` for ``user``, kept until their roles or team change."""
    everyone = versioned_cache.version(PEOPLE_NAMESPACE)
    if everyone is None:
        return build()
    return versioned_cache.cached(
        person_namespace(user.pk), f"{name}:{everyone}", build, PEOPLE_TIMEOUT
    )


def user_roles(user) -> frozenset:
    """The role names a user holds: kept on the user for the request, and in the
    shared cache until a role changes."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_roundtable_roles", None)
    if cached is None:
        names = set(
            person_cached(
                user,
                "roles",
                lambda: frozenset(user.groups.values_list("name", flat=True)),
            )
        )
        if user.is_superuser:
            names |= {Role.PROGRAM_STAFF, Role.EDITOR}
        cached = frozenset(names)
        user._roundtable_roles = cached
    return cached


def sync_roles(using="default") -> None:
    """Create the role groups and give them their permissions (idempotent)."""
    # Imported here: training.apps and training.models import this module while
    # the app registry is still loading, before these models can be imported.
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import (
        Collection,
        GroupCollectionPermission,
        GroupPagePermission,
        Page,
    )

    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=role.value)
        wanted = []
        for dotted in perms:
            app_label, codename = dotted.split(".")
            perm = (
                Permission.objects.using(using)
                .filter(content_type__app_label=app_label, codename=codename)
                .first()
            )
            if perm:
                wanted.append(perm)
        group.permissions.add(*wanted)
        if role == Role.EDITOR:
            root = Page.get_first_root_node()
            for codename in EDITOR_PAGE_PERMISSIONS:
                perm = (
                    Permission.objects.using(using)
                    .filter(content_type__app_label="wagtailcore", codename=codename)
                    .first()
                )
                if root and perm:
                    GroupPagePermission.objects.using(using).get_or_create(
                        group=group, page=root, permission=perm
                    )
        # Documents and images are permitted per collection: the root one.
        collection = Collection.get_first_root_node()
        for perm in wanted:
            if collection and perm.content_type.app_label in {
                "wagtaildocs",
                "wagtailimages",
            }:
                GroupCollectionPermission.objects.using(using).get_or_create(
                    group=group, collection=collection, permission=perm
                )


def sync_roles_after_migrate(sender, using="default", **kwargs):
    """Run once per migrate, after the last app has created its permissions."""
    with_models = [a for a in global_apps.get_app_configs() if a.models_module]
    if with_models and sender.label == with_models[-1].label:
        sync_roles(using=using)
