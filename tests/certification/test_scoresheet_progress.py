"""The score sheet on a phone: "n of N scored" with a link to the next unscored item,
a jump list of phase groups, scored items collapsed to their level in a <details>,
all without JavaScript; and the progress is pure (no queries of its own)."""

import re

import pytest

from certification.models import RubricItem
from certification.selectors.observations import Group, ItemRow
from certification.selectors.scoring import sheet_progress
from tests.certification.conftest import build_rubric, open_live

pytestmark = pytest.mark.django_db

@pytest.fixture
def observation(co_trainer, trainee, cohort):
    """Nine items over the seven phase groups (two in Welcome and in Present);
    the last allows N/A."""
    rubric = build_rubric(9, na_allowed={8})
    return open_live(by=co_trainer, trainee=trainee, rubric=rubric, cohort=cohort)


def items(observation):
    return list(observation.rubric.items.order_by("sort_order"))


def score_url(observation):
    return f"/observations/{observation.pk}/score/"


def test_an_empty_sheet_says_none_scored_and_points_at_the_first_item(
    client_for, observation, co_trainer
):
    page = client_for(co_trainer).get(score_url(observation)).content.decode()
    first = items(observation)[0]
    assert "0 of 9 scored" in page
    assert f'href="#item-{first.pk}" data-progress-next' in page
    # The jump list names each phase group with its count.
    for code in ("welcome", "present", "clarify", "plan", "whole"):
        assert f'href="#group-{code}"' in page
    assert 'data-group-count="welcome">0/2<' in page
    # Nothing chosen: every item's levels are open.
    assert page.count('<details class="obs-choice" data-choice open>') == 9


def test_after_a_save_without_javascript_scored_items_collapse_to_their_level(
    client_for, observation, co_trainer
):
    rows = items(observation)
    client = client_for(co_trainer)
    data = {"version": 1, "action": "save", "strengths": "", "growth_areas": ""}
    data[f"level_{rows[0].pk}"] = "3"
    data[f"level_{rows[8].pk}"] = "na"
    for row in rows:
        data[f"comment_{row.pk}"] = ""
    response = client.post(score_url(observation), data, follow=True)
    page = response.content.decode()
    assert "2 of 9 scored" in page
    # Page order is by phase group: item 7 is the other Welcome item.
    assert f'href="#item-{rows[7].pk}" data-progress-next' in page
    assert 'data-group-count="welcome">1/2<' in page
    assert page.count('<details class="obs-choice" data-choice open>') == 7
    chosen = re.search(
        rf'id="item-{rows[0].pk}".*?data-choice-chosen>(.*?)</span>\s*<span', page, re.S
    ).group(1)
    assert "Level 3 of item 0" in chosen  # the chosen descriptor stays visible
    assert "Level 4 of item 0" in page  # the others are one click away


def test_a_full_sheet_points_at_submit():
    item = RubricItem(pk=1, group="welcome", code="a", text="A")
    row = ItemRow(item, posted_value=2)
    progress = sheet_progress([Group("welcome", "Welcome", [row])])
    assert (progress.scored, progress.total, progress.next_item_id) == (1, 1, None)
    assert progress.percent == 100


def test_only_the_rater_sees_the_sheet(client_for, observation, trainee, staff):
    assert client_for(trainee).get(score_url(observation)).status_code == 403
    assert client_for(staff).get(score_url(observation)).status_code == 403
