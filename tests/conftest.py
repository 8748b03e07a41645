"""Personas and factories shared by every test.

Personas follow the roles: ``trainee``, ``trainee2``, ``co_trainer``, ``lived_trainer``,
``staff`` and ``editor`` (with an authenticator app, as they must have) and
``outsider`` (signed in, no role)."""

import itertools
import os
from contextlib import contextmanager
from datetime import datetime

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from pytest_django.plugin import blocking_manager_key

from tests.wagtail_tasks import INDEXING
from training.roles import Role, sync_roles

PASSWORD = "correct horse battery staple"
_seq = itertools.count(1)


@pytest.fixture
def roles(db):
    sync_roles()


def make_user(*, role=None, email=None, full_name=None, mfa=None, **extra):
    """A user with a verified address, in ``role``'s group (roles synced first);
    program staff and editors get an authenticator app unless ``mfa`` says."""
    n = next(_seq)
    user = get_user_model().objects.create_user(
        email=email or f"person{n}@example.com",
        password=PASSWORD,
        full_name=full_name or f"Person {n}",
        **extra,
    )
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    if mfa if mfa is not None else role in (Role.PROGRAM_STAFF, Role.EDITOR):
        Authenticator.objects.create(
            user=user,
            type=Authenticator.Type.TOTP,
            data={"secret": "JBSWY3DPEHPK3PXP"},
        )
    return user


@pytest.fixture
def user_factory(db, roles):
    return make_user


@pytest.fixture
def trainee(user_factory):
    return user_factory(role=Role.TRAINEE, full_name="Tess Trainee")


@pytest.fixture
def trainee2(user_factory):
    return user_factory(role=Role.TRAINEE, full_name="Theo Trainee")


@pytest.fixture
def co_trainer(user_factory):
    return user_factory(role=Role.CO_TRAINER, full_name="Cora Trainer")


@pytest.fixture
def lived_trainer(user_factory):
    return user_factory(
        role=Role.CO_TRAINER, full_name="Lee Voice", has_lived_experience=True
    )


@pytest.fixture
def staff(user_factory):
    return user_factory(role=Role.PROGRAM_STAFF, full_name="Stacy Staff")


@pytest.fixture
def editor(user_factory):
    return user_factory(role=Role.EDITOR, full_name="Eddie Editor")


@pytest.fixture
def outsider(user_factory):
    return user_factory(full_name="Olive Outsider")


@pytest.fixture
def client_for(client):
    """Log the test client in as a user: ``client_for(staff).get(...)``."""

    def login(user):
        client.force_login(user)
        return client

    return login


def make_site_root():
    """The Wagtail tree with our HomePage at its root (remade if a flush removed it)."""
    from wagtail.models import Locale, Page

    from content.initial import ensure_home_page

    Locale.objects.get_or_create(language_code="en")
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(title="Root", slug="root", locale=Locale.objects.first())
    return ensure_home_page()


@pytest.fixture
def site_root(db):
    """The Wagtail tree with our HomePage at its root (remade if a flush removed it)."""
    return make_site_root()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and caches start empty in every test (the cache may be Redis)."""
    from django.core.cache import cache

    cache.clear()
    yield


def ensure_baseline() -> None:
    """What the migrations made and a flush removes: the locale, Wagtail's root page
    and root collection, and the roles' permissions on them."""
    from django.conf import settings
    from wagtail.models import Collection, Locale, Page

    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE[:2])
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(title="Root", slug="root", locale=locale)
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")
    sync_roles()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """A kept database (--reuse-db) may have been flushed by the last run's
    transactional tests: put the baseline back once per session."""
    with django_db_blocker.unblock():
        ensure_baseline()


# The longest test starts first, so that no worker is left running it alone at the
# end of a parallel run. (Browser tests stay where they are: two Chromiums at once on
# two cores time out.)
LONGEST_FIRST = "tests/certification/test_years.py"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: not item.nodeid.startswith(LONGEST_FIRST))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Browser and other transactional tests end with a flush of every table; the
    tests after them, in the same worker, expect what the migrations made."""
    result = yield
    marker = item.get_closest_marker("django_db")
    if (
        marker
        and marker.kwargs.get("transaction")
        or "live_server" in getattr(item, "fixturenames", ())
    ):
        blocker = item.config.stash[blocking_manager_key]
        with blocker.unblock():
            ensure_baseline()
    return result


@contextmanager
def suite_clock():
    """The clock at ``TEST_NOW`` when it is set, ticking from there."""
    when = os.environ.get("TEST_NOW")
    if not when:
        yield
        return
    with time_machine.travel(datetime.fromisoformat(when), tick=True):
        yield


@pytest.fixture(autouse=True)
def _clock(request):
    """Run the suite at another moment: ``TEST_NOW=2028-02-29T09:00-06:00 pytest``.

    ``.ci/run`` uses it to prove that no test depends on the machine's date (the 1st of
    a month, 29 February, 23:30 on 31 December). The clock keeps ticking from there.
    Browser tests keep the real clock: Chromium would drop session cookies that a
    server in another year set to expire."""
    if request.node.get_closest_marker("browser"):
        yield
        return
    with suite_clock():
        yield


@contextmanager
def shared_by_the_class(django_db_blocker):
    """For a class-scoped fixture whose data takes long to make (``seed_demo``):
    what it writes inside this block, every test of the class sees, each test in a
    savepoint of its own, and all of it is rolled back after the last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        try:
            yield
        finally:
            transaction.set_rollback(True)


@pytest.fixture
def search_index(settings):
    """Pages are indexed for search as they are saved, as in production (the test
    settings skip it, see ``tests/wagtail_tasks.py``). Ask for it before the fixtures
    that make the pages: ``@pytest.mark.usefixtures("search_index")``."""
    settings.TASKS = INDEXING


@pytest.fixture
def rate_window(time_machine):
    """Rate limits count in fixed minutes: start the test at the top of one, so a
    handful of requests can never straddle two windows."""
    time_machine.move_to(datetime.fromisoformat("2026-06-15T12:00:00-05:00"), tick=True)
