"""Exact and adjacent agreement and linearly weighted kappa, checked against examples
worked by hand (weights w = 1 - |i - j| / 3 on the 1–4 scale), including the
degenerate cases."""

from fractions import Fraction

import pytest

from certification import agreement


def test_a_hand_worked_example():
    """Pairs (1,1) (2,3) (3,3) (4,2).

    exact 2/4; within one level 3/4.
    p_o = (1 + 2/3 + 1 + 1/3) / 4 = 3/4.
    Rater A uses each level once (1/4 each); rater B: 1 → 1/4, 2 → 1/4, 3 → 1/2.
    Column sums of the weights: level 1: 2, level 2: 8/3, level 3: 8/3, level 4: 2,
    so p_e = 1/4 · (2·1/4 + 8/3·1/4 + 8/3·1/2) = 5/8 and
    κ = (3/4 - 5/8) / (1 - 5/8) = 1/3."""
    result = agreement.agreement([(1, 1), (2, 3), (3, 3), (4, 2)])
    assert result.n == 4
    assert result.exact == Fraction(1, 2)
    assert result.adjacent == Fraction(3, 4)
    assert result.kappa == Fraction(1, 3)
    assert result.undefined == ""
    assert result.exact_percent == 50.0
    assert result.kappa_value == pytest.approx(0.3333, abs=1e-4)


def test_perfect_agreement_with_variation_is_kappa_one():
    """(1,1) (4,4): p_o = 1; p_e = (w11 + w44) / 4 = 1/2; κ = 1."""
    result = agreement.agreement([(1, 1), (4, 4)])
    assert (result.exact, result.adjacent, result.kappa) == (1, 1, 1)


def test_opposite_ends_are_kappa_minus_one():
    """(1,4) (4,1): p_o = 0; p_e = 1/2; κ = (0 - 1/2) / (1/2) = -1."""
    result = agreement.agreement([(1, 4), (4, 1)])
    assert (result.exact, result.adjacent, result.kappa) == (0, 0, -1)


def test_one_level_apart_on_every_item_is_chance_agreement():
    """Rater A always 3, rater B always 4: p_o = w34 = 2/3 = p_e, so κ = 0 while
    every item is within one level."""
    result = agreement.agreement([(3, 4)] * 3)
    assert result.exact == 0
    assert result.adjacent == 1
    assert result.kappa == 0


def test_all_the_same_score_leaves_kappa_undefined():
    """Both raters give 3 to everything: p_e = 1, so κ would be 0/0."""
    result = agreement.agreement([(3, 3)] * 5)
    assert (result.n, result.exact, result.adjacent) == (5, 1, 1)
    assert result.kappa is None
    assert result.undefined == agreement.NO_VARIATION
    assert result.kappa_note == "not defined (no variation)"


def test_all_na_leaves_everything_undefined():
    """N/A (None) on either side drops the item; nothing is left to compare."""
    result = agreement.agreement([(None, None), (None, 3), (2, None)])
    assert result.n == 0
    assert (result.exact, result.adjacent, result.kappa) == (None, None, None)
    assert result.undefined == agreement.NO_ITEMS
    assert result.exact_percent is None


def test_no_items_at_all_is_the_same_as_all_na():
    assert agreement.agreement([]) == agreement.agreement([(None, None)])


def test_na_items_are_left_out_of_every_statistic():
    """(3,3) (2,2) with two N/A pairs between: p_o = 1; both raters 1/2 on 2 and 3,
    p_e = (w22 + w33 + w23 + w32) / 4 = (2 + 4/3) / 4 = 5/6; κ = 1."""
    with_na = agreement.agreement([(3, 3), (None, 2), (2, 2), (4, None)])
    assert with_na == agreement.agreement([(3, 3), (2, 2)])
    assert with_na.kappa == 1 and with_na.n == 2


def test_a_level_off_the_scale_is_a_programming_error():
    with pytest.raises(ValueError):
        agreement.agreement([(0, 3)])
    with pytest.raises(ValueError):
        agreement.agreement([(3, 5)])


def test_weights_are_linear():
    assert [agreement.weight(1, j) for j in (1, 2, 3, 4)] == [
        1,
        Fraction(2, 3),
        Fraction(1, 3),
        0,
    ]


def test_differs_by_only_counts_levels():
    assert agreement.differs_by(1, 4) == 3
    assert agreement.differs_by(None, 4) is None
