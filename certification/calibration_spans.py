"""The passed calibrations of the raters of some observations, for the
requirement checklists (one query). Beside ``requirements``, which services and
selectors both read."""

from django.db.models import Q

from certification.dates import local_date
from certification.models import CalibrationSheet


def calibration_spans(observations) -> dict[tuple[int, int], list]:
    """(rater id, program id) → [(earned, valid until)] for the raters of
    ``observations`` (a queryset), in one query."""
    spans: dict[tuple[int, int], list] = {}
    rows = CalibrationSheet.objects.filter(
        Q(rater_id__in=observations.values("rater_a_id"))
        | Q(rater_id__in=observations.values("rater_b_id")),
        passed=True,
    ).values_list("rater_id", "gold__program_id", "submitted_at", "valid_until")
    for rater_id, program_id, submitted_at, until in rows:
        spans.setdefault((rater_id, program_id), []).append(
            (local_date(submitted_at), until)
        )
    return spans


class LazySpans:
    """``calibration_spans`` read on first use: a program that does not require
    calibration never asks, so the checklists cost no extra query for it."""

    def __init__(self, observations):
        self._observations, self._spans = observations, None

    def get(self, key, default=None):
        if self._spans is None:
            self._spans = calibration_spans(self._observations)
        return self._spans.get(key, default)
