"""The rule evaluator: comparisons, arithmetic, and/or/not over indicator codes; never eval."""

from decimal import Decimal as D

import pytest

from trienkhai.reports.expressions import RuleError, holds, names, parse
from trienkhai.reports.validation import parse_number


def test_comparison():
    assert holds("new_members <= total_members", {"new_members": D(3), "total_members": D(5)}) is True
    assert holds("new_members <= total_members", {"new_members": D(9), "total_members": D(5)}) is False


def test_arithmetic_and_logic():
    v = {"a": D(2), "b": D(3), "c": D(10)}
    assert holds("a + b * 2 == 8", v) is True
    assert holds("(a + b) * 2 == c and not a > b", v) is True
    assert holds("a > b or c - a - b == 5", v) is True
    assert holds("-a < 0", v) is True


def test_missing_value_means_not_judged():
    assert holds("a <= b", {"a": D(1), "b": None}) is None
    assert holds("a / b > 1", {"a": D(1), "b": D(0)}) is None


def test_malicious_input_is_refused():
    for text in ["__import__('os')", "a.b", "a; b", "a <= ", "1 2"]:
        with pytest.raises(RuleError):
            parse(text)


def test_names():
    assert names("new_members <= total_members + 1") == {"new_members", "total_members"}


def test_vietnamese_numbers():
    assert parse_number("1.234.567") == D(1234567)
    assert parse_number("12,5") == D("12.5")
    assert parse_number("1.234,5") == D("1234.5")
    assert parse_number("12.5") == D("12.5")
    assert parse_number("abc") is None


def test_a_figure_too_large_to_store_is_an_error_not_a_database_failure():
    from types import SimpleNamespace

    from trienkhai.reports.models import Indicator
    from trienkhai.reports.validation import check_indicator

    indicator = SimpleNamespace(kind=Indicator.Kind.DECIMAL, choices=[], max_value=None)
    for typed in ("1e20", str(2**63), "1e309"):
        number, error = check_indicator(indicator, typed)
        assert number is None and error and "Số quá lớn" in str(error), typed
    assert check_indicator(indicator, "9.999.999.999.999.999") == (D("9999999999999999"), None)
