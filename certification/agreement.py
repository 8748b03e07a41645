"""Agreement between two raters who scored the same rubric items on the 1–4 scale.

Pure functions over pairs of levels, so the statistics can be checked against worked
examples by hand. A pair is ``(a, b)`` where each side is a level 1–4, or ``None``
when that rater marked the item N/A or left it blank. Only the items **both** raters
scored with a level count; the others are left out of every statistic.

- *Exact agreement*: the share of counted items scored the same.
- *Adjacent agreement*: the share scored within one level of each other (exact
  agreement included).
- *Linearly weighted Cohen's kappa*: agreement beyond chance, where a difference of
  ``d`` levels earns partial credit ``1 - d / 3``::

      p_o = Σ w_ij · p_ij        p_e = Σ w_ij · p_i. · p_.j
      κ_w = (p_o - p_e) / (1 - p_e)

Degenerate cases (each gives ``None`` rather than a made-up number):

- **No items in common** (nothing scored, every item N/A on at least one side):
  exact, adjacent and kappa are all ``None`` ("no items both raters scored").
- **No variation**: when both raters gave every counted item the same single level,
  chance agreement ``p_e`` is 1 and kappa is 0/0, so kappa is ``None`` ("not defined
  (no variation)") while exact and adjacent agreement are both 1.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

from certification.rules import LEVEL_VALUES as LEVELS  # the one rating scale

NO_ITEMS = "no_items"
NO_VARIATION = "no_variation"
REASONS = {
    NO_ITEMS: _("not defined (no items both raters scored)"),
    NO_VARIATION: _("not defined (no variation)"),
}


@dataclass(frozen=True)
class Agreement:
    """The statistics for one set of paired scores."""

    n: int
    exact: Fraction | None
    adjacent: Fraction | None
    kappa: Fraction | None
    undefined: str = ""  # NO_ITEMS or NO_VARIATION when kappa is None

    @property
    def kappa_note(self) -> str:
        """Why kappa is missing, in words, or ""."""
        return str(REASONS[self.undefined]) if self.undefined else ""

    @property
    def exact_percent(self) -> float | None:
        return None if self.exact is None else float(self.exact * 100)

    @property
    def adjacent_percent(self) -> float | None:
        return None if self.adjacent is None else float(self.adjacent * 100)

    @property
    def kappa_value(self) -> float | None:
        return None if self.kappa is None else float(self.kappa)


def scored_pairs(pairs: Iterable[tuple[int | None, int | None]]) -> list[tuple]:
    """The pairs where both sides are a level; anything else is left out."""
    kept = []
    for a, b in pairs:
        if a is None or b is None:
            continue
        if a not in LEVELS or b not in LEVELS:
            raise ValueError(f"levels must be 1–4, got {a!r} and {b!r}")
        kept.append((a, b))
    return kept


def weight(a: int, b: int) -> Fraction:
    """Linear weight: 1 for the same level, 0 for levels 1 and 4."""
    return 1 - Fraction(abs(a - b), len(LEVELS) - 1)


def exact_agreement(pairs) -> Fraction | None:
    kept = scored_pairs(pairs)
    if not kept:
        return None
    return Fraction(sum(a == b for a, b in kept), len(kept))


def adjacent_agreement(pairs) -> Fraction | None:
    """Share of items scored within one level of each other."""
    kept = scored_pairs(pairs)
    if not kept:
        return None
    return Fraction(sum(abs(a - b) <= 1 for a, b in kept), len(kept))


def weighted_kappa(pairs) -> tuple[Fraction | None, str]:
    """Linearly weighted Cohen's kappa and, when it is undefined, why."""
    kept = scored_pairs(pairs)
    n = len(kept)
    if not n:
        return None, NO_ITEMS
    observed = sum(weight(a, b) for a, b in kept) / n
    row = {level: Fraction(sum(a == level for a, _ in kept), n) for level in LEVELS}
    col = {level: Fraction(sum(b == level for _, b in kept), n) for level in LEVELS}
    expected = sum(weight(i, j) * row[i] * col[j] for i in LEVELS for j in LEVELS)
    if expected == 1:
        return None, NO_VARIATION
    return (observed - expected) / (1 - expected), ""


def agreement(pairs) -> Agreement:
    """Exact and adjacent agreement and weighted kappa for one set of pairs."""
    kept = scored_pairs(pairs)
    kappa, undefined = weighted_kappa(kept)
    return Agreement(
        n=len(kept),
        exact=exact_agreement(kept),
        adjacent=adjacent_agreement(kept),
        kappa=kappa,
        undefined=undefined,
    )


def differs_by(a: int | None, b: int | None) -> int | None:
    """How many levels apart two scores are; None unless both are levels."""
    if a is None or b is None:
        return None
    return abs(a - b)
