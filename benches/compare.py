#!/usr/bin/env python3
"""Times two commands side by side, with nothing but Python's standard library.

A and B run alternately, RUNS times each (A B A B ...), through the shell, output thrown away.
For each run: CPU (user + system, from the kernel's rusage of the process and what it waited
for), wall time and peak resident memory. Prints the minimum, median and maximum of each, and
the A/B ratios taken pair by pair: the machine these run on is shared and noisy, so the ratio
of two runs taken next to each other is the figure to quote, not an absolute time.

Peak memory has a floor: a child forked from this Python process starts with its resident set,
so a peak at that floor (printed, from a run of `true`) says only "at most this".

    benches/compare.py RUNS 'A command' 'B command'
    benches/compare.py 10 'target/release/quire render --plain FILE' 'mdcat --no-colour FILE'
"""

import os
import statistics
import subprocess
import sys
import time


def run(command):
    """One run: (cpu seconds, wall seconds, peak MiB, exit status)."""
    start = time.perf_counter()
    child = subprocess.Popen(command, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def row(name, values, unit, note=""):
    low, mid, high = min(values), statistics.median(values), max(values)
    print(f"{name:<12} {low:10.4f} {mid:10.4f} {high:10.4f}  {unit}{note}")


def main():
    if len(sys.argv) != 4 or not sys.argv[1].isdigit():
        sys.exit(__doc__)
    runs, a, b = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    floor = run("true")[2]
    results = {"A": [], "B": []}
    for _ in range(runs):
        results["A"].append(run(a))
        results["B"].append(run(b))
    print(f"A: {a}\nB: {b}\n{'':<12} {'min':>10} {'median':>10} {'max':>10}")
    for side in "AB":
        got = results[side]
        row(f"{side} cpu", [r[0] for r in got], "s")
        row(f"{side} wall", [r[1] for r in got], "s")
        peaks = [r[2] for r in got]
        at_floor = statistics.median(peaks) <= floor * 1.01
        row(f"{side} peak", peaks, "MiB", f"  (the harness's floor is {floor:.1f} MiB: at most this)" if at_floor else "")
        codes = sorted({r[3] for r in got})
        if codes != [0]:
            print(f"{side} exit codes: {codes}")
    pairs = list(zip(results["A"], results["B"]))
    for name, i in (("A/B cpu", 0), ("A/B wall", 1)):
        ratios = [ra[i] / rb[i] for ra, rb in pairs if rb[i] > 0]
        if ratios:
            row(name, ratios, "")


if __name__ == "__main__":
    main()
