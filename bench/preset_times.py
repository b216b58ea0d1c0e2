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
and the extrapolation is then a lower bound (marked "≥"). The AM presets train every network up
to an epoch cap of 10⁶ (most stop far earlier, at the loss tolerance), so one run each would take
days: they are sampled at a few epochs per run (`--max-epochs E`) and scaled by cap / E, an upper
bound at the cap (marked "≤"; the fixed part of a run, its iterations after training, is scaled
too), with the cost of one epoch beside it. Apps that are not built are skipped.
Writes out/bench-presets.md and out/bench-presets.csv, with the CPU model and /proc/loadavg.
"""
import argparse
import collections
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

# One sample: its name (the row's and its folder's), the app, flags added to `--preset paper`
# (NTK Fig. 3 has one panel per n; the app's preset is the first), K (the preset's repetitions
# per setting where it has repetitions, so the sample is one run of every setting; the AM
# presets, one network per setting, sample every K-th setting: K prime to each grid axis, so
# that the sample spans all of them), what it reproduces, and the epochs per sampled run and the
# preset's epoch cap (None: runs as in the preset).
Sample = collections.namedtuple("Sample", "name app flags k reproduces epochs cap", defaults=(None, None))
AM_CAP = 1_000_000


def am_sample(name, k, epochs, reproduces):
    """Every k-th network at `epochs` epochs: enough that training, not the measurements after
    it, is most of each sampled run."""
    return Sample(name, name, ["--max-epochs", str(epochs)], k, reproduces, epochs, AM_CAP)


PRESETS = [
    Sample("ntk-radius", "ntk-radius", [], 100, "NTK Fig. 3 at n = 5: widths × radii × 100 repetitions"),
    Sample("ntk-radius-n20", "ntk-radius", ["--points", "20"], 100, "NTK Fig. 3 at n = 20"),
    Sample("ntk-radius-n40", "ntk-radius", ["--points", "40"], 100, "NTK Fig. 3 at n = 40"),
    Sample("ntk-single", "ntk-single", [], 100, "NTK Fig. 2: depths 2–4 × radii × 100 repetitions"),
    Sample("ntk-linear-region", "ntk-linear-region", [], 100, "NTK Fig. E.1: n = 2, 5, 8 × 100 repetitions"),
    Sample("ntk-activations", "ntk-activations", [], 100, "NTK Fig. 5: 3 activations × radii × 100 repetitions"),
    Sample("ntk-basins", "ntk-basins", [], 100, "NTK Fig. 4a"),
    Sample("ext-narrow", "ext-narrow", [], 100, "EXT 2: Fig. 2 at width 50"),
    Sample("ext-activations", "ext-activations", [], 100, "EXT 1: Fig. 2 with tanh and ReLU"),
    am_sample("am-efficiency", 8, 100, "AM Fig. 5: 3 widths × 7 depths × 5 encodings"),
    am_sample("am-optimizers", 7, 1000, "AM Table S1: 6 activations × 5 optimizers"),
    am_sample("am-inits", 7, 1000, "AM Table S2: 6 activations × 5 inits"),
    Sample("mem-recovery", "mem-recovery", [], 1, "MEM Fig. 4"),
    Sample("mem-conv-table1", "mem-conv-table1", [], 10, "MEM Table 1, 10 seeds per row"),
    Sample("mem-conv-table2", "mem-conv-table2", [], 10, "MEM Table 2, 10 seeds per row"),
    Sample("mem-conv-rank", "mem-conv-rank", [], 1, "MEM Thm 4 and the Corollary"),
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


def sample(name, app, flags, k, budget, scratch):
    """Runs shard 0/k of the app's paper preset (with `flags`) in scratch/name; returns (runs in
    the preset, sampled runs, [seconds of each finished run], stopped by the budget?), or None
    when the app failed (its own message is on standard error)."""
    out = os.path.join(scratch, name)
    shutil.rmtree(out, ignore_errors=True)
    command = [os.path.join(BIN, app), "--preset", "paper", *flags, "--threads", "1", "--quiet",
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
        print(f"preset_times.py: {name}: {app} exited with {process.returncode}; the other samples go on",
              file=sys.stderr, flush=True)
        return None
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
    if seconds < 360:
        return f"{seconds:.0f} s"
    return f"{seconds / 3600:,.0f} h" if seconds >= 3600 * 1000 else f"{seconds / 3600:.3g} h"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--budget", type=float, default=600, help="seconds per app's sample")
    parser.add_argument("--only", default="",
                        help="comma-separated samples or apps (ntk-radius-n20, or ntk-radius for its three; default: every built one)")
    parser.add_argument("--out", default=os.path.join(ROOT, "out"))
    args = parser.parse_args()
    only = set(filter(None, args.only.split(",")))
    scratch = os.path.join(args.out, "bench-presets")
    os.makedirs(scratch, exist_ok=True)
    load_before = loadavg()
    rows, failed = [], []
    for preset in PRESETS:
        if only and preset.name not in only and preset.app not in only:
            continue
        if not os.path.exists(os.path.join(BIN, preset.app)):
            print(f"{preset.app}: not built, skipped", file=sys.stderr)
            continue
        result = sample(preset.name, preset.app, preset.flags, preset.k, args.budget, scratch)
        if result is None:
            failed.append(preset.name)
            continue
        total, sampled, seconds, stopped = result
        # Sampled at a few epochs per run: scaled to the epoch cap, an upper bound there.
        scale = preset.cap / preset.epochs if preset.cap else 1
        row = {"app": preset.name, "reproduces": preset.reproduces, "runs": total, "sampled": sampled,
               "finished": len(seconds), "epochs_per_sampled_run": preset.epochs or "", "epoch_cap": preset.cap or "",
               "sample_seconds": "", "cpu_seconds": "", "two_cores_seconds": "", "ranks64_seconds": "",
               "longest_run_seconds": "", "epoch_seconds": "", "lower_bound": stopped}
        if seconds:
            measured = sum(seconds)
            # A stopped sample extrapolates from the runs it finished: a lower bound.
            cpu = measured * total / len(seconds) * scale
            longest = max(seconds) * scale
            row.update({"sample_seconds": measured, "cpu_seconds": cpu, "two_cores_seconds": cpu / 2,
                        "ranks64_seconds": max(cpu / 64, longest), "longest_run_seconds": longest})
            if preset.epochs:
                row["epoch_seconds"] = measured / len(seconds) / preset.epochs
        rows.append(row)

    with open(os.path.join(args.out, "bench-presets.csv"), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()) if rows else ["app"])
        writer.writeheader()
        writer.writerows(rows)
    lines = ["# Paper presets: time from a measured fraction of their runs", "",
             f"Machine: {cpu_model()}, {os.cpu_count()} cores. Load before: {load_before}; after: {loadavg()}.",
             "Each sample is `--preset paper --shard 0/K --threads 1` (every K-th run, one thread); its runs' "
             "CPU times (journal.jsonl) are extrapolated: CPU = runs × mean sampled run, 2 cores = CPU / 2, "
             "64 ranks = max(CPU / 64, longest sampled run). \"≥\": the sample hit the time budget and the "
             "figure extrapolates from the runs it finished. \"≤\": sampled at E epochs per run (the AM presets) "
             "and scaled to the epoch cap, every run trained to the cap; \"≈\" when such a sample also hit the "
             "budget.", "",
             "| sample | reproduces | runs | sampled (finished) | epochs per sampled run | sample time | per epoch "
             "| CPU time | 2 cores | 64 ranks |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        mark = {(False, False): "", (True, False): "≥ ", (False, True): "≤ ", (True, True): "≈ "}[
            (r["lower_bound"], r["epoch_cap"] != "")]
        epochs = f"{r['epochs_per_sampled_run']} of {r['epoch_cap']:,}" if r["epoch_cap"] != "" else "all"
        if r["finished"] == 0:
            lines.append(f"| {r['app']} | {r['reproduces']} | {r['runs']} | {r['sampled']} (0) | {epochs} | > budget "
                         "| — | — | — | — |")
            continue
        per_epoch = f"{r['epoch_seconds'] * 1e3:.3g} ms" if r["epoch_seconds"] != "" else "—"
        lines.append(f"| {r['app']} | {r['reproduces']} | {r['runs']} | {r['sampled']} ({r['finished']}) | {epochs} | "
                     f"{r['sample_seconds']:.1f} s | {per_epoch} | {mark}{hours(r['cpu_seconds'])} | "
                     f"{mark}{hours(r['two_cores_seconds'])} | {mark}{hours(r['ranks64_seconds'])} |")
    text = "\n".join(lines) + "\n"
    if failed:
        text += f"\nNot measured (the app failed; its message is in the log): {', '.join(failed)}.\n"
    with open(os.path.join(args.out, "bench-presets.md"), "w") as f:
        f.write(text)
    print(text)
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
