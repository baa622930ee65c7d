"""Timing and table helpers for the benchmark suite (no snsfake or moto knowledge here).

Every figure is a median of per-call times: a *repeat* times ``n`` calls with
``time.perf_counter_ns`` while the garbage collector is off, and divides by
``n``. Contenders of one workload are measured in interleaved rounds (the order
rotates each round) so that machine drift hits them all alike.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

__all__ = ["Case", "Result", "measure", "paired_ratio", "fmt_us", "fmt_ratio", "markdown_table"]


@dataclass
class Case:
    """One contender's side of a workload.

    ``call(i)`` is the timed operation (``i`` counts calls across repeats, so a
    case can use fresh names); ``before(n)`` and ``after(n)`` run untimed around
    each repeat (to add or remove state so that every repeat starts alike).
    ``n`` fixes the number of calls per repeat; None calibrates it.
    """

    call: Callable[[int], object]
    before: Callable[[int], object] | None = None
    after: Callable[[int], object] | None = None
    n: int | None = None
    warmup: int = 5


@dataclass
class Result:
    """Per-call times, one per round (NaN where the case sat a round out)."""

    samples_ns: list[float] = field(default_factory=list)
    calls: int = 0

    @property
    def valid(self) -> list[float]:
        return [value for value in self.samples_ns if value == value]

    @property
    def median_ns(self) -> float:
        valid = self.valid
        return statistics.median(valid) if valid else float("nan")


def paired_ratio(numerator: Result | None, denominator: Result | None) -> float | None:
    """Median of the per-round ratios: both were timed back to back, so drift cancels."""
    if numerator is None or denominator is None:
        return None
    ratios = [
        a / b
        for a, b in zip(numerator.samples_ns, denominator.samples_ns, strict=True)
        if a == a and b == b and b > 0
    ]
    return statistics.median(ratios) if ratios else None


def _calibrate(case: Case, target_ns: int, max_n: int, counter: list[int]) -> int:
    if case.n is not None:
        return case.n
    start = time.perf_counter_ns()
    done = elapsed = 0
    while done < case.warmup and (done == 0 or elapsed < target_ns):  # a slow call warms up once
        case.call(counter[0])
        counter[0] += 1
        done += 1
        elapsed = time.perf_counter_ns() - start
    per_call = max(elapsed / done, 1.0)
    return max(1, min(max_n, int(target_ns / per_call)))


def measure(
    cases: dict[str, Case],
    *,
    rounds: int,
    target_ns: int,
    max_n: int = 2_000,
    min_rounds: int = 7,
    budget_ns: int = 3_000_000_000,
    clock: Callable[[], int] = time.perf_counter_ns,
) -> dict[str, Result]:
    """Per-call times of each case, measured in interleaved rounds.

    A case whose repeats have used up ``budget_ns`` stops after ``min_rounds``
    (moto's 100-subscription fan-out takes half a second a call). ``clock`` is
    ``time.perf_counter_ns``; ``time.thread_time_ns`` leaves out the time other
    processes take on a shared machine.
    """
    counters = {name: [0] for name in cases}
    sizes: dict[str, int] = {}
    for name, case in cases.items():
        if case.n is not None:  # a fixed-size case still gets a warm-up repeat
            if case.before:
                case.before(case.n)
            for _ in range(case.n):
                case.call(counters[name][0])
                counters[name][0] += 1
            if case.after:
                case.after(case.n)
        sizes[name] = _calibrate(case, target_ns, max_n, counters[name])
    results = {name: Result() for name in cases}
    spent = {name: 0 for name in cases}
    names = list(cases)
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for round_index in range(rounds):
            shift = round_index % len(names)
            for name in names[shift:] + names[:shift]:
                if round_index >= min_rounds and spent[name] > budget_ns:
                    results[name].samples_ns.append(float("nan"))
                    continue
                case, n, counter = cases[name], sizes[name], counters[name]
                if case.before:
                    case.before(n)
                call = case.call
                first = counter[0]
                start = clock()
                for i in range(first, first + n):
                    call(i)
                elapsed = clock() - start
                counter[0] = first + n
                if case.after:
                    case.after(n)
                spent[name] += elapsed
                results[name].samples_ns.append(elapsed / n)
                results[name].calls += n
    finally:
        if was_enabled:
            gc.enable()
    return results


def fmt_us(ns: float | None) -> str:
    if ns is None or ns != ns:
        return "–"
    us = ns / 1_000
    if us >= 1_000:
        return f"{us / 1_000:,.2f} ms"
    if us >= 100:
        return f"{us:,.0f} µs"
    return f"{us:,.1f} µs"


def fmt_ratio(value: float | None, suffix: str = "×") -> str:
    if value is None or value != value:
        return "–"
    if value >= 100:
        return f"{value:,.0f}{suffix}"
    return f"{value:.2f}{suffix}"


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return (
            "| "
            + " | ".join(str(cell).ljust(width) for cell, width in zip(cells, widths, strict=True))
            + " |"
        )

    separator = "| " + " | ".join("-" * width for width in widths) + " |"
    return "\n".join([line(header), separator, *(line(row) for row in rows)])
