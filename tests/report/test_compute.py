"""The computing cost and its energy estimate."""

import pytest

from assembly.report.compute import (
    CARBON_INTENSITY_G_PER_KWH,
    MEMORY_WATTS_PER_GB,
    WATTS_PER_CORE,
    ComputeRecord,
    compute_view,
    measure,
    power_of_ten_bound,
    upper_bound,
)


@pytest.mark.parametrize(
    ("value", "bound"),
    [
        (0.42, 0.5),
        (0.5, 0.5),
        (0.51, 1.0),
        (1.2, 2.0),
        (180.0, 200.0),
        (0.0031, 0.005),
        (7.0, 10.0),
        (0.0, 0.0),
    ],
)
def test_upper_bound_is_the_next_step_of_the_1_2_5_series(value, bound):
    """Check the 1-2-5 upper bounds: 0.42 -> 0.5, 0.5 -> 0.5, 0.51 -> 1, 1.2 -> 2, 180 -> 200, 7 -> 10."""
    assert upper_bound(value) == bound


def test_energy_is_cpu_time_times_core_and_memory_power():
    """Check the energy by hand: 36 s x (10.833 W + 2 GB x 0.3725 W/GB) / 3600 = 0.1157 Wh."""
    record = ComputeRecord(cpu_seconds=36.0, peak_memory_bytes=2_000_000_000)
    assert WATTS_PER_CORE == pytest.approx(65 / 6)
    assert record.energy_wh == pytest.approx(36 * (65 / 6 + 2 * MEMORY_WATTS_PER_GB) / 3600)
    assert record.carbon_g == pytest.approx(record.energy_wh / 1000 * CARBON_INTENSITY_G_PER_KWH)


@pytest.mark.parametrize(
    ("value", "bound"), [(0.42, 1.0), (1.0, 1.0), (1.2, 10.0), (0.05, 0.1), (180.0, 1000.0), (0.0, 0.0)]
)
def test_power_of_ten_bound_is_the_next_power_of_ten(value, bound):
    """Check the power-of-ten bounds: 0.42 -> 1, 1 -> 1, 1.2 -> 10, 0.05 -> 0.1, 180 -> 1000."""
    assert power_of_ten_bound(value) == bound


def test_view_prints_bounds_and_states_its_assumptions():
    """Check that the view prints CPU and memory as powers of ten, the energy they imply, the assumptions."""
    view = compute_view(ComputeRecord(cpu_seconds=1.2, peak_memory_bytes=450_000_000))
    assert (view.cpu_seconds_bound, view.peak_memory_bound) == ("under 10 CPU seconds", "under 1 GB")
    # 10 s x (10.833 + 1 x 0.3725) W = 112.1 J = 31.1 mWh -> under 50 mWh; x 214 g/kWh = 6.7 mg -> under 10 mg
    assert (view.energy_bound, view.carbon_bound) == ("under 50 mWh", "under 10 mg CO2e")
    assert any("thermal design power" in a for a in view.assumptions)
    assert any("European Environment Agency" in a for a in view.assumptions)


def test_runs_that_differ_within_a_power_of_ten_print_the_same_bounds():
    """Check that 0.18 s on an idle machine and 0.45 s on a busy one print the same paragraph."""
    assert compute_view(ComputeRecord(0.18, 140_000_000)) == compute_view(ComputeRecord(0.45, 210_000_000))
    assert compute_view(ComputeRecord(0.18, 140_000_000)).cpu_seconds_bound == "under 1 CPU second"


def test_measure_returns_the_result_and_a_measurement():
    """Check that measure() passes the function's result through and records non-negative figures."""
    result, record = measure(lambda: sum(range(1000)))
    assert result == 499500
    assert record.cpu_seconds >= 0 and record.peak_memory_bytes > 0
