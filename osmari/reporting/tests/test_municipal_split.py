"""The municipalities' shares and the costs split by them, by hand."""

from decimal import Decimal

import pytest

from osmari.reporting.municipal_split import (
    Decided,
    basis,
    percent_total,
    planned,
    split,
    weights,
)

D = Decimal


def test_a_split_into_thirds_adds_up_to_the_cent():
    parts = split(D("100.00"), {"a": D(1) / 3, "b": D(1) / 3, "c": D(1) / 3})
    assert parts == {"a": D("33.34"), "b": D("33.33"), "c": D("33.33")}
    assert sum(parts.values()) == D("100.00")


def test_per_cent_shares_are_taken_as_decided():
    decided = {"491": Decided(percent=D(60)), "097": Decided(percent=D(40))}
    assert basis(decided) == "percent"
    assert weights(decided) == {"491": D("0.6"), "097": D("0.4")}
    assert planned(D("20000"), decided) == {"491": D("12000.00"), "097": D("8000.00")}
    assert split(D("1000.01"), weights(decided)) == {"491": D("600.01"), "097": D("400.00")}


def test_sums_in_euros_weigh_by_their_part_of_all_the_sums():
    decided = {"491": Decided(amount=D(30000)), "097": Decided(amount=D(10000))}
    assert basis(decided) == "amount"
    assert weights(decided) == {"491": D("0.75"), "097": D("0.25")}
    # The committed sums are the decided ones, whatever the plan says.
    assert planned(D("99999"), decided) == {"491": D(30000), "097": D(10000)}
    assert percent_total(decided) is None


def test_shares_under_a_hundred_leave_the_rest_without_a_municipality():
    decided = {"491": Decided(percent=D(50)), "097": Decided(percent=D(30))}
    assert percent_total(decided) == D(80)
    parts = split(D("1000.00"), weights(decided))
    assert parts == {"491": D("500.00"), "097": D("300.00")}


def test_nothing_decided_splits_nothing():
    assert basis({}) is None
    assert split(D("10"), {}) == {}


def test_a_programme_does_not_mix_per_cents_and_euros():
    with pytest.raises(ValueError):
        basis({"491": Decided(percent=D(50)), "097": Decided(amount=D(100))})
