#!/usr/bin/python3
"""`make bench-sweep` (and the end of `make bench`): the sweep runner (lib/sweep) and several
memo processes at once on this machine.

Workload S1: a sweep of 32 small runs (`sweep demo`: NTK 2-layer networks, width 1000, 1000 GD
steps, about a quarter second each) under `mpirun -np 1` and `mpirun -np 2`, one run per rank
at a time. Target: ≥ 1.8× from 2 ranks, end to end (mpirun's start-up included).
Workload S2: the runner's own cost per run: 2000 runs of a network with one hidden unit and no
training step, so almost all of the time is journalling, bookkeeping and results.csv (an upper
bound: the trivial run itself is included). Target: < 1 ms per run.
Workload S3: the S1 sweep at the default threads (--threads 0: each rank takes its share of the
cores) under `mpirun -np 2` and `mpirun -np 4`. Target: throughput of 4 ranks ≥ 0.9 × that of 2.
Workload S4: 2 and then 4 independent trainings started together, no MPI launcher, each at the
default threads (so 4 processes want 8 threads on 2 cores and the thread team must notice):
`train` of the NTK network 32 → 1000 → 32, n = 20, GD. Target: throughput of 4 ≥ 0.9 × that of 2.
Writes out/bench-sweep.md and out/bench-sweep.csv; records /proc/loadavg (timings on a busy
machine mean little).
"""
import argparse
import csv
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SWEEP = os.path.join(ROOT, "build", "bin", "sweep")
TRAIN = os.path.join(ROOT, "build", "bin", "train")
DATASET = os.path.join(ROOT, "build", "bin", "dataset")
MPIRUN = ["mpirun", "--allow-run-as-root", "--oversubscribe"]


def loadavg():
    with open("/proc/loadavg") as f:
        return f.read().strip()


def timed(command):
    print("+", " ".join(command), file=sys.stderr, flush=True)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def best_of(reps, command):
    return min(timed(command) for _ in range(reps))


def timed_together(commands):
    """Wall time from starting all of `commands` at once until the last one has finished."""
    print("+", len(commands), "×", " ".join(commands[0]), file=sys.stderr, flush=True)
    start = time.perf_counter()
    processes = [subprocess.Popen(command, stdout=subprocess.DEVNULL) for command in commands]
    codes = [process.wait() for process in processes]
    if any(codes):
        raise subprocess.CalledProcessError(max(codes), commands[0])
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="out")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="fewer steps: a smoke test")
    args = parser.parse_args()
    work = os.path.join(args.out, "bench-sweep")
    rows = []
    load_before = loadavg()

    steps = "100" if args.quick else "1000"

    def demo(threads):
        return ["demo", "--widths", "1000", "--radii", "1,2,4,8", "--repetitions", "8", "--dim", "32", "--n", "20",
                "--steps", steps, "--threads", threads, "--no-progress", "--fresh"]
    s1 = demo("1")
    s1_seconds = {}
    for ranks in (1, 2):
        folder = os.path.join(work, f"s1-np{ranks}")
        s1_seconds[ranks] = best_of(args.reps, MPIRUN + ["-np", str(ranks), SWEEP] + s1 + ["--out", folder])
    same = open(os.path.join(work, "s1-np1", "results.csv")).read() == open(
        os.path.join(work, "s1-np2", "results.csv")).read()
    speedup = s1_seconds[1] / s1_seconds[2]
    rows += [("S1", "32 runs, mpirun -np 1", "s", s1_seconds[1]), ("S1", "32 runs, mpirun -np 2", "s", s1_seconds[2]),
             ("S1", "speed-up from 2 ranks (target >= 1.8)", "x", speedup),
             ("S1", "results.csv identical for 1 and 2 ranks", "bool", int(same))]

    runs = 2000
    s2 = ["demo", "--widths", "1", "--radii", "1", "--repetitions", str(runs), "--dim", "1", "--n", "1",
          "--steps", "0", "--threads", "1", "--no-progress"]
    folder = os.path.join(work, "s2")
    total = best_of(args.reps, [SWEEP] + s2 + ["--fresh", "--out", folder])
    nothing_to_run = best_of(args.reps, [SWEEP] + s2 + ["--out", folder])  # start-up, journal read, results.csv
    per_run = (total - nothing_to_run) / runs
    rows += [("S2", f"{runs} trivial runs", "s", total), ("S2", "the same folder again (nothing to run)", "s", nothing_to_run),
             ("S2", "runner cost per run, upper bound (target < 1 ms)", "ms", per_run * 1e3)]

    # S3: the same sweep at the default threads, 4 ranks against 2 (each rank's share of the
    # cores: OMPI_COMM_WORLD_LOCAL_SIZE). Same runs in all, so throughput goes as 1 / time.
    s3 = demo("0")
    s3_seconds = {}
    for ranks in (2, 4):
        folder = os.path.join(work, f"s3-np{ranks}")
        s3_seconds[ranks] = best_of(args.reps, MPIRUN + ["-np", str(ranks), SWEEP] + s3 + ["--out", folder])
    s3_ratio = s3_seconds[2] / s3_seconds[4]
    rows += [("S3", "32 runs, mpirun -np 2, default threads", "s", s3_seconds[2]),
             ("S3", "32 runs, mpirun -np 4, default threads", "s", s3_seconds[4]),
             ("S3", "throughput of 4 ranks / 2 ranks (target >= 0.9)", "x", s3_ratio)]

    # S4: independent trainings, no launcher: each one believes it has both cores.
    data = os.path.join(work, "s4-sphere.npy")
    subprocess.run([DATASET, "sphere", "--dim", "32", "--n", "20",
                    "--radius", "1", "--seed", "0", "--out", data], check=True, stdout=subprocess.DEVNULL)
    s4 = [TRAIN, "--data", data, "--widths", "32,1000,32", "--param", "ntk", "--lr", "1", "--tol", "0",
          "--max-epochs", "1000" if args.quick else "10000", "--quiet"]
    together = {count: min(timed_together([s4] * count) for _ in range(args.reps)) for count in (2, 4)}
    s4_ratio = (4 / together[4]) / (2 / together[2])
    rows += [("S4", "2 trainings at once, default threads", "s", together[2]),
             ("S4", "4 trainings at once, default threads", "s", together[4]),
             ("S4", "throughput of 4 processes / 2 processes (target >= 0.9)", "x", s4_ratio)]

    load_after = loadavg()
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "bench-sweep.csv"), "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["workload", "quantity", "unit", "value"])
        writer.writerows(rows)
    verdict_s1 = "meets" if speedup >= 1.8 else "MISSES"
    verdict_s2 = "meets" if per_run < 1e-3 else "MISSES"
    verdict = {name: "meets" if ratio >= 0.9 else "MISSES" for name, ratio in (("S3", s3_ratio), ("S4", s4_ratio))}
    with open(os.path.join(args.out, "bench-sweep.md"), "w") as f:
        f.write("# Sweep runner benchmark\n\n")
        f.write(f"load before: {load_before}; after: {load_after}\n\n| workload | quantity | value |\n|---|---|---|\n")
        for workload, quantity, unit, value in rows:
            f.write(f"| {workload} | {quantity} | {value:.4g} {unit} |\n")
        f.write(f"\nS1 {verdict_s1} its target (≥ 1.8×: {speedup:.2f}×); "
                f"S2 {verdict_s2} its target (< 1 ms: {per_run * 1e3:.3f} ms per run); "
                f"S3 {verdict['S3']} its target (≥ 0.9: {s3_ratio:.2f}); "
                f"S4 {verdict['S4']} its target (≥ 0.9: {s4_ratio:.2f}).\n")
    print(open(os.path.join(args.out, "bench-sweep.md")).read())


if __name__ == "__main__":
    main()
