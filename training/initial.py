"""Training step of ``load_content``: the role groups and their permissions.

Groups are not accounts: the first person arrives through
``manage.py create_program_staff``."""

from training.roles import sync_roles


def install(*, stdout) -> None:
    sync_roles()
    stdout.write("Roles and their permissions ready.")
