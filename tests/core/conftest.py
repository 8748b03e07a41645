import io
import shutil
import socket
import subprocess
import time

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Page

from certification.models import CertificationProgram, ObservationRules, Rubric
from content.models import CoursePage
from simulations.models import RoundtableSettings, SampleCase
from tests.conftest import shared_by_the_class, suite_clock

# Not the default, so a test can tell that seed_demo used the setting.
DEMO_PASSWORD = "another-demo-pass"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThrowawayRedis:
    """A redis-server of the test's own, on a free port, that the test may stop."""

    def __init__(self):
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port", str(self.port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


@pytest.fixture
def throwaway_redis():
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    server = ThrowawayRedis()
    server.start()
    yield server
    server.stop()


def _once_for_the_class(django_db_blocker, command: str, **overrides):
    with shared_by_the_class(django_db_blocker):
        out = io.StringIO()
        with suite_clock(), override_settings(**overrides):
            call_command(command, stdout=out)
        yield out.getvalue()


@pytest.fixture(scope="class")
def demo_site(django_db_setup, django_db_blocker):
    """The site as ``seed_demo`` makes it (with ``DEMO_PASSWORD``), made once for
    the tests of a class: it takes longer than all of them together. Its output."""
    yield from _once_for_the_class(
        django_db_blocker, "seed_demo", DEBUG=True, DEMO_PASSWORD=DEMO_PASSWORD
    )


@pytest.fixture(scope="class")
def content_site(django_db_setup, django_db_blocker):
    """The site as ``load_content`` makes it, once for the tests of a class."""
    yield from _once_for_the_class(django_db_blocker, "load_content")


def content_counts() -> list[int]:
    """How many of each thing ``load_content`` makes."""
    return [
        model.objects.count()
        for model in (
            Page,
            CoursePage,
            Rubric,
            SampleCase,
            CertificationProgram,
            RoundtableSettings,
            ObservationRules,
            Group,
        )
    ]
