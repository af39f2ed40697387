"""The benchmark's data generator splits totals so that every person gets a share."""

import random

import pytest

from bench.datagen import _spread


@pytest.mark.parametrize("total, parts", [(1608, 201), (1_000_000, 100_000), (10, 3), (8, 1)])
def test_a_total_is_split_exactly_and_nobody_is_left_without(total, parts):
    shares = list(_spread(total, parts, random.Random(7)))
    assert len(shares) == parts
    assert sum(shares) == total
    mean = total / parts
    # within about ±50 % of the mean (weights 0.5-1.5, normalised, rounded)
    assert min(shares) >= int(mean * 0.5 / 1.5 * 0.9)
    assert max(shares) <= mean * 1.5 / 0.5 + 1
    assert min(shares) > 0  # the last people used to get nothing (a random walk ran dry)


def test_nothing_to_split_gives_zero_shares():
    assert list(_spread(0, 4, random.Random(1))) == [0, 0, 0, 0]
    assert list(_spread(5, 0, random.Random(1))) == []
