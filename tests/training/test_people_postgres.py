"""Two staff setting supervisors at the same moment cannot close a loop between them:
proven on PostgreSQL, each on its own connection. Skipped on other databases."""

import contextlib
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from training.services import people

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only(db):
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: run with DATABASE_URL=postgres://… (.ci/run does); "
            f"this run uses {connection.vendor}"
        )


def test_concurrent_assignments_cannot_close_a_loop(
    monkeypatch, staff, trainee, trainee2
):
    # Each reads the chain of supervisors only once the other is about to (or has
    # given up waiting), so without the lock both would see no loop.
    barrier = threading.Barrier(2, timeout=3)
    real_map = people.supervisor_map

    def map_together():
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()
        return real_map()

    monkeypatch.setattr(people, "supervisor_map", map_together)
    outcomes = []

    def assign(person, supervisor):
        try:
            people.supervisors_assign(actor=staff, assignments={person: supervisor})
            outcomes.append("saved")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=assign, args=(trainee, trainee2)),
        threading.Thread(target=assign, args=(trainee2, trainee)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes)[1] == "saved"
    assert "loop" in sorted(outcomes)[0]
    trainee.refresh_from_db()
    trainee2.refresh_from_db()
    assert [trainee.supervisor_id, trainee2.supervisor_id].count(None) == 1
