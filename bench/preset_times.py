#!/usr/bin/python3
"""`make bench-presets` (and the end of `make bench`): how long the papers' presets take here,
from a measured fraction of their runs.

Every paper preset with many runs is a sweep (lib/sweep). `--shard 0/K` runs every K-th of its
runs (canonical order: setting, then repetition; with K = the repetitions per setting that is
the first repetition of every setting, so every setting is sampled). Each journal line holds its
run's CPU time (its one thread's, which a busy machine does not inflate), so the sample's times
extrapolate to the whole preset:

    CPU time ≈ K × (sum of the sampled runs' times)          (one thread per run)
    2 cores  ≈ CPU time / 2                                  (--threads 2: two runs side by side)
    64 ranks ≈ max(CPU time / 64, the longest sampled run)   (mpirun -np 64: dynamic sharing)

A sample that does not finish within --budget seconds is stopped; its finished runs are kept
and the extrapolation is then a lower bound (marked "≥"). Apps that are not built are skipped.
Writes out/bench-presets.md and out/bench-presets.csv, with the CPU model and /proc/loadavg.
"""
import argparse
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "build", "bin")

# (app, K, what the preset reproduces). K = the preset's repetitions per setting where it has
# repetitions, so the sample is one run of every setting.
PRESETS = [
    ("ntk-radius", 100, "NTK Fig. 3: n = 5, 20, 40 × widths × radii × 100 repetitions"),
    ("ntk-single", 100, "NTK Fig. 2: depths 2–4 × radii × 100 repetitions"),
    ("ntk-linear-region", 100, "NTK Fig. E.1: n = 2, 5, 8 × 100 repetitions"),
    ("ntk-activations", 100, "NTK Fig. 5: 3 activations × radii × 100 repetitions"),
    ("ntk-basins", 100, "NTK Fig. 4a"),
    ("ext-narrow", 100, "EXT 2: Fig. 2 at width 50"),
    ("ext-activations", 100, "EXT 1: Fig. 2 with tanh and ReLU"),
    ("am-efficiency", 1, "AM Fig. 5: 3 widths × 7 depths × 5 encodings"),
    ("am-optimizers", 1, "AM Table S1: 6 activations × 5 optimizers, ≤ 10⁶ epochs"),
    ("am-inits", 1, "AM Table S2: 6 activations × 5 inits"),
    ("mem-recovery", 1, "MEM Fig. 4"),
    ("mem-conv-table1", 10, "MEM Table 1, 10 seeds per row"),
    ("mem-conv-table2", 10, "MEM Table 2, 10 seeds per row"),
    ("mem-conv-rank", 1, "MEM Thm 4 and the Corollary"),
]


def cpu_model():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return "unknown CPU"


def loadavg():
    with open("/proc/loadavg") as f:
        return f.read().strip()


def sample(app, k, budget, scratch):
    """Runs shard 0/k of the app's paper preset; returns (runs in the preset, sampled runs,
    [seconds of each finished run], stopped by the budget?)."""
    out = os.path.join(scratch, app)
    shutil.rmtree(out, ignore_errors=True)
    command = [os.path.join(BIN, app), "--preset", "paper", "--threads", "1", "--quiet",
               "--shard", f"0/{k}", "--out", out]
    print("+", " ".join(command), file=sys.stderr, flush=True)
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, start_new_session=True)
    stopped = False
    try:
        process.wait(timeout=budget)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the journal keeps every finished run
        process.wait()
        stopped = True
    if not stopped and process.returncode != 0:
        raise RuntimeError(f"{app} exited with {process.returncode}")
    with open(os.path.join(out, "sweep.json")) as f:
        definition = json.load(f)
    total = len(definition["points"]) * definition["repetitions"]
    sampled = len(range(0, total, k))
    seconds = []
    journal = os.path.join(out, "journal.jsonl")
    if os.path.exists(journal):
        with open(journal) as f:
            # CPU time of the run's thread: what the run costs, whatever else the machine runs
            seconds = [json.loads(line)["cpu_seconds"] for line in f if line.endswith("\n")]
    return total, sampled, seconds, stopped


def hours(seconds):
    return f"{seconds / 3600:.3g} h" if seconds >= 360 else f"{seconds:.0f} s"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--budget", type=float, default=600, help="seconds per app's sample")
    parser.add_argument("--only", default="", help="comma-separated apps (default: every built one)")
    parser.add_argument("--out", default=os.path.join(ROOT, "out"))
    args = parser.parse_args()
    only = set(filter(None, args.only.split(",")))
    scratch = os.path.join(args.out, "bench-presets")
    os.makedirs(scratch, exist_ok=True)
    load_before = loadavg()
    rows = []
    for app, k, what in PRESETS:
        if only and app not in only:
            continue
        if not os.path.exists(os.path.join(BIN, app)):
            print(f"{app}: not built, skipped", file=sys.stderr)
            continue
        total, sampled, seconds, stopped = sample(app, k, args.budget, scratch)
        if not seconds:
            rows.append({"app": app, "reproduces": what, "runs": total, "sampled": sampled, "finished": 0,
                         "sample_seconds": "", "cpu_seconds": "", "two_cores_seconds": "",
                         "ranks64_seconds": "", "longest_run_seconds": "", "lower_bound": True})
            continue
        measured = sum(seconds)
        # A stopped sample extrapolates from the runs it finished: a lower bound.
        cpu = measured * total / len(seconds)
        longest = max(seconds)
        rows.append({"app": app, "reproduces": what, "runs": total, "sampled": sampled,
                     "finished": len(seconds), "sample_seconds": measured, "cpu_seconds": cpu,
                     "two_cores_seconds": cpu / 2, "ranks64_seconds": max(cpu / 64, longest),
                     "longest_run_seconds": longest, "lower_bound": stopped})

    with open(os.path.join(args.out, "bench-presets.csv"), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()) if rows else ["app"])
        writer.writeheader()
        writer.writerows(rows)
    lines = ["# Paper presets: time from a measured fraction of their runs", "",
             f"Machine: {cpu_model()}, {os.cpu_count()} cores. Load before: {load_before}; after: {loadavg()}.",
             "Each sample is `--preset paper --shard 0/K --threads 1` (every K-th run, one thread); its runs' "
             "CPU times (journal.jsonl) are extrapolated: CPU = runs × mean sampled run, 2 cores = CPU / 2, "
             "64 ranks = max(CPU / 64, longest sampled run). \"≥\": the sample hit the time budget and the "
             "figure extrapolates from the runs it finished.", "",
             "| app | reproduces | runs | sampled (finished) | sample time | CPU time | 2 cores | 64 ranks |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        mark = "≥ " if r["lower_bound"] else ""
        if r["finished"] == 0:
            lines.append(f"| {r['app']} | {r['reproduces']} | {r['runs']} | {r['sampled']} (0) | > budget | — | — | — |")
            continue
        lines.append(f"| {r['app']} | {r['reproduces']} | {r['runs']} | {r['sampled']} ({r['finished']}) | "
                     f"{r['sample_seconds']:.1f} s | {mark}{hours(r['cpu_seconds'])} | {mark}{hours(r['two_cores_seconds'])} | "
                     f"{mark}{hours(r['ranks64_seconds'])} |")
    text = "\n".join(lines) + "\n"
    with open(os.path.join(args.out, "bench-presets.md"), "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
