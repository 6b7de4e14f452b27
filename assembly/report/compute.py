"""What the analysis cost to compute, and a rough energy and carbon estimate with its assumptions.

The community behind the 2025 Alignment Assembly asked for the environmental cost of digital work to
be visible, so the report states it. Measurements vary between runs (a busy machine easily doubles the
CPU time of a 0.2-second analysis), while the report must be byte-identical for the same inputs: the
report therefore prints the CPU time and memory as powers of ten they stay under ("under 1 CPU second",
"under 1 GB"), which a rerun keeps unless the measurement sits right at a power of ten, and the energy
and carbon those bounds imply. The exact measurement goes to ``compute.json`` beside the report.
"""

from __future__ import annotations

import math
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from assembly.report.model import ComputeView

__all__ = [
    "CARBON_INTENSITY_G_PER_KWH",
    "MEMORY_WATTS_PER_GB",
    "WATTS_PER_CORE",
    "ComputeRecord",
    "compute_view",
    "measure",
]

T = TypeVar("T")

# ASSUMPTION: power drawn by one busy CPU core. A desktop-class processor, the AMD Ryzen 5 5600X, has a
# thermal design power (TDP) of 65 W for 6 cores: 65 / 6 = 10.8 W per core. Servers and laptops differ.
CPU_TDP_WATTS = 65.0
CPU_CORES = 6
WATTS_PER_CORE = CPU_TDP_WATTS / CPU_CORES
# ASSUMPTION: power drawn by memory, 0.3725 W per GB in use (Lannelongue, Grealey & Inouye, "Green
# Algorithms", Advanced Science 2021).
MEMORY_WATTS_PER_GB = 0.3725
# ASSUMPTION: carbon intensity of electricity, EU-27 average for 2023: about 214 g CO2e per kWh. The
# European Environment Agency's indicator "Greenhouse gas emission intensity of electricity generation in
# Europe" gives 510 g CO2e/kWh for 1990 and an intensity 58% lower in 2023: 510 x 0.42 = 214.
CARBON_INTENSITY_G_PER_KWH = 214.0


@dataclass(frozen=True)
class ComputeRecord:
    """One measurement: CPU seconds used by the analysis and the process's peak resident memory.

    ``peak_memory_bytes`` is ``resource.getrusage(RUSAGE_SELF).ru_maxrss``: the peak of the WHOLE
    process so far (Python, numpy, the data and the analysis), not of the analysis alone.
    """

    cpu_seconds: float
    peak_memory_bytes: int

    @property
    def energy_wh(self) -> float:
        return _energy_wh(self.cpu_seconds, self.peak_memory_bytes)

    @property
    def carbon_g(self) -> float:
        return self.energy_wh / 1000 * CARBON_INTENSITY_G_PER_KWH

    def to_dict(self) -> dict[str, object]:
        return {
            "cpu_seconds": self.cpu_seconds,
            "peak_memory_bytes": self.peak_memory_bytes,
            "peak_memory_note": "whole-process peak resident memory (ru_maxrss), not the analysis alone",
            "energy_wh": self.energy_wh,
            "carbon_g_co2e": self.carbon_g,
            "assumptions": list(ASSUMPTIONS),
        }


ASSUMPTIONS = (
    f"CPU power: {WATTS_PER_CORE:.1f} W per busy core, from a desktop processor's thermal design power "
    f"({CPU_TDP_WATTS:g} W for {CPU_CORES} cores, AMD Ryzen 5 5600X); servers and laptops differ.",
    f"Memory power: {MEMORY_WATTS_PER_GB} W per GB of peak memory, held for the CPU time "
    "(Green Algorithms, Lannelongue et al. 2021).",
    f"Carbon intensity: {CARBON_INTENSITY_G_PER_KWH:g} g CO2e per kWh, the EU-27 average for 2023 derived "
    "from the European Environment Agency's indicator 'Greenhouse gas emission intensity of electricity "
    "generation in Europe'; a local grid can be far cleaner or dirtier.",
    "Not counted: the machine's idle power, cooling and data-centre overhead, networking, the people's "
    "devices used to vote, and making the hardware.",
)


def _energy_wh(cpu_seconds: float, memory_bytes: float) -> float:
    watts = WATTS_PER_CORE + memory_bytes / 1e9 * MEMORY_WATTS_PER_GB
    return cpu_seconds * watts / 3600


def peak_memory_bytes() -> int:
    """The process's peak resident memory so far (``ru_maxrss``: KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)


def measure(fn: Callable[[], T]) -> tuple[T, ComputeRecord]:
    """Call ``fn()`` and measure its CPU time (``time.process_time``) and the peak memory after it."""
    start = time.process_time()
    result = fn()
    cpu = time.process_time() - start
    return result, ComputeRecord(cpu_seconds=cpu, peak_memory_bytes=peak_memory_bytes())


def power_of_ten_bound(value: float) -> float:
    """The smallest power of ten (..., 0.1, 1, 10, ...) at or above ``value``; 0 for 0."""
    if value <= 0:
        return 0.0
    return float(f"{10.0 ** math.ceil(math.log10(value) - 1e-12):.12g}")


def upper_bound(value: float) -> float:
    """The smallest number of the 1-2-5 series (0.1, 0.2, 0.5, 1, 2, 5, 10, ...) at or above ``value``."""
    if value <= 0:
        return 0.0
    exponent = math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        bound = step * 10.0**exponent
        if value <= bound * (1 + 1e-12):
            return float(f"{bound:.12g}")
    raise AssertionError("unreachable")  # pragma: no cover


def _with_unit(value: float, units: tuple[tuple[float, str], ...]) -> str:
    for scale, unit in units:
        if value >= scale:
            return f"{value / scale:g} {unit}"
    scale, unit = units[-1]
    return f"{value / scale:g} {unit}"


def compute_view(record: ComputeRecord) -> ComputeView:
    """CPU time and memory as powers of ten, and the energy and carbon they imply (on a 1-2-5 scale)."""
    cpu = power_of_ten_bound(record.cpu_seconds)
    memory = power_of_ten_bound(record.peak_memory_bytes / 1e6) * 1e6
    energy_wh = _energy_wh(cpu, memory)  # from the bounds, so itself a bound
    energy = upper_bound(energy_wh)
    carbon = upper_bound(energy_wh / 1000 * CARBON_INTENSITY_G_PER_KWH)
    return ComputeView(
        cpu_seconds_bound=f"under {cpu:g} CPU second{'' if cpu == 1 else 's'}",
        peak_memory_bound="under " + _with_unit(memory, ((1e9, "GB"), (1e6, "MB"))),
        energy_bound="under " + _with_unit(energy, ((1.0, "Wh"), (1e-3, "mWh"), (1e-6, "µWh"))),
        carbon_bound="under " + _with_unit(carbon, ((1.0, "g CO2e"), (1e-3, "mg CO2e"), (1e-6, "µg CO2e"))),
        assumptions=ASSUMPTIONS,
    )
