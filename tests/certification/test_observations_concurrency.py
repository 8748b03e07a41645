"""Two saves of the same sheet at once (two tabs, or a phone reconnecting): exactly
one wins, the other is refused as stale, and no update is lost. Run in real threads
with real transactions, each thread on its own database connection; then the same
race played one save after the other."""

import threading
import time

import pytest
from django.db import OperationalError, close_old_connections, connection

from certification.models import ItemScore, ScoreSheet
from certification.selectors.observations import applicable_items
from certification.services import observations as services
from tests.certification.conftest import (
    build_cohort,
    build_rubric,
    open_live,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_saves_on_the_same_version_at_once_lose_no_update(
    site_root, co_trainer, lived_trainer, trainee
):
    cohort = build_cohort(
        site_root, co_trainer=co_trainer, lived_trainer=lived_trainer, members=[trainee]
    )
    observation = open_live(
        by=co_trainer, trainee=trainee, rubric=build_rubric(4), cohort=cohort
    )
    sheet = ScoreSheet.objects.get(observation=observation, rater=co_trainer)
    item = applicable_items(observation=observation).first()
    start = threading.Barrier(2)
    outcomes = {}

    def save(tab, level):
        start.wait()
        try:
            for _attempt in range(200):
                try:
                    outcomes[tab] = services.sheet_save(
                        sheet=sheet,
                        by=co_trainer,
                        version=1,
                        scores={item.pk: {"level": level, "comment": f"from {tab}"}},
                    )
                    return
                except services.StaleSheet as error:
                    outcomes[tab] = error
                    return
                except OperationalError as error:
                    # The test database is SQLite in memory with a shared cache,
                    # which answers "locked" at once where a database file (or
                    # PostgreSQL) would wait; so wait here, as they would.
                    if "locked" not in str(error):
                        raise
                    time.sleep(0.01)
        finally:
            close_old_connections()
            connection.close()

    tabs = [
        threading.Thread(target=save, args=("tab one", 2)),
        threading.Thread(target=save, args=("tab two", 4)),
    ]
    for tab in tabs:
        tab.start()
    for tab in tabs:
        tab.join(timeout=30)

    winners = [tab for tab, outcome in outcomes.items() if outcome == 2]
    losers = [o for o in outcomes.values() if isinstance(o, services.StaleSheet)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    saved = ItemScore.objects.get(sheet=sheet, item=item)
    assert saved.comment == f"from {winners[0]}"
    # The refused tab was told what is stored now, beside what it tried to save.
    conflict = {c["field"]: c for c in losers[0].conflicts}[f"level_{item.pk}"]
    assert conflict["saved"] == str(saved.level)
    sheet.refresh_from_db()
    assert sheet.version == 2


def test_a_reconnecting_phone_cannot_overwrite_newer_work(
    site_root, co_trainer, lived_trainer, trainee
):
    """The same race, one after the other: the phone's queued save names version 1
    after the laptop has saved versions 2 and 3."""
    cohort = build_cohort(
        site_root, co_trainer=co_trainer, lived_trainer=lived_trainer, members=[trainee]
    )
    observation = open_live(
        by=co_trainer, trainee=trainee, rubric=build_rubric(4), cohort=cohort
    )
    sheet = ScoreSheet.objects.get(observation=observation, rater=co_trainer)
    first, second = applicable_items(observation=observation)[:2]
    version = services.sheet_save(
        sheet=sheet, by=co_trainer, version=1, scores={first.pk: {"level": 3}}
    )
    services.sheet_save(
        sheet=sheet, by=co_trainer, version=version, scores={second.pk: {"level": 4}}
    )
    with pytest.raises(services.StaleSheet):
        services.sheet_save(
            sheet=sheet,
            by=co_trainer,
            version=1,
            scores={first.pk: {"level": 1}, second.pk: {"level": 1}},
        )
    levels = dict(ItemScore.objects.filter(sheet=sheet).values_list("item_id", "level"))
    assert levels == {first.pk: 3, second.pk: 4}
