"""One-time form keys: claimed once, released when the addition is refused,
forgotten after a day."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from core.models import SubmissionKey
from core.services import submission_claim, submission_keys_prune, submission_once

pytestmark = pytest.mark.django_db
KEY = "a" * 32


def post(key):
    return RequestFactory().post("/", {"submission_key": key} if key else {})


def test_a_key_is_claimed_once():
    assert submission_claim(key=KEY)
    assert not submission_claim(key=KEY)


@pytest.mark.parametrize("key", [None, "", "short", "x" * 65, "bad key with spaces!!"])
def test_a_missing_or_malformed_key_never_blocks(key):
    assert submission_claim(key=key) and submission_claim(key=key)
    assert not SubmissionKey.objects.exists()


def test_a_refused_addition_releases_its_key():
    with pytest.raises(ValidationError), submission_once(post(KEY)) as first:
        assert first
        raise ValidationError("refused")

    with submission_once(post(KEY)) as first:
        assert first
    with submission_once(post(KEY)) as first:
        assert not first


def test_the_tag_renders_a_fresh_key_each_time():
    template = Template("{% load core_tags %}{% submission_key %}")
    one, two = template.render(Context()), template.render(Context())
    assert 'type="hidden" name="submission_key"' in one
    assert one != two


def test_keys_older_than_a_day_are_pruned():
    now = timezone.now()
    submission_claim(key=KEY)
    submission_claim(key="b" * 32)
    SubmissionKey.objects.filter(key=KEY).update(created_at=now - timedelta(days=2))

    assert submission_keys_prune(now=now) == 1
    assert list(SubmissionKey.objects.values_list("key", flat=True)) == ["b" * 32]
