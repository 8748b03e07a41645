from django.conf import settings

from training import permissions


def roles(request):
    """Role flags for the navigation: one query a request, cached on the user;
    whether the person supervises anyone is asked only when the menu shows it."""
    user = request.user
    return {
        "nav_roles": {
            "trainee": permissions.is_trainee(user),
            "co_trainer": permissions.is_co_trainer(user),
            "program_staff": permissions.is_program_staff(user),
            "editor": permissions.is_editor(user),
        },
        "nav_has_team": lambda: permissions.has_team(user),
        "signup_open": settings.OPEN_SIGNUP,
    }
