#!/usr/bin/python3
"""PyTorch side of `make bench`: the workloads of bench/memo_bench.cpp, written the
way the papers' code would be (nn.Linear, torch.optim, autograd), float64, on the data and
initial weights memo-bench wrote to DATA_DIR. Times are measured inside this script (so the
interpreter's start-up is not counted): medians of --reps repetitions after one warm-up.

    /usr/bin/python3 bench/torch_bench.py --data out/bench/data --threads 2 --reps 5 > torch.json
"""
import argparse
import json
import math
import statistics
import sys
import time

import numpy as np
import torch

torch.set_default_dtype(torch.float64)


def median_training_seconds(reps, fresh, run):
    """Median over reps (after one warm-up) of run(net, opt) on a fresh network and optimizer,
    made outside the clock (loading the weights is not training)."""
    times = []
    for r in range(reps + 1):
        net, opt = fresh()
        start = time.perf_counter()
        run(net, opt)
        if r > 0:
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def median_seconds(reps, body):
    body()  # warm-up
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        body()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def load_mlp(path, activation, ntk):
    """An MLP with memo's weights: W_l (out, in) like nn.Linear.weight, b_l (out,)."""
    weights = np.load(path)
    layers = []
    l = 0
    while f"W{l}" in weights:
        W = torch.from_numpy(weights[f"W{l}"])
        bias = f"b{l}" in weights
        linear = torch.nn.Linear(W.shape[1], W.shape[0], bias=bias)
        with torch.no_grad():
            linear.weight.copy_(W)
            if bias:
                linear.bias.copy_(torch.from_numpy(weights[f"b{l}"]).reshape(-1))
        layers.append(linear)
        l += 1
    return Mlp(layers, activation, ntk)


class Mlp(torch.nn.Module):
    """f(x) = W_L φ(… φ(W_1 x + b_1) …) + b_L; the ntk parametrisation scales by 1/√fan_in."""

    def __init__(self, layers, activation, ntk):
        super().__init__()
        self.layers = torch.nn.ModuleList(layers)
        self.activation = activation
        self.scales = [1 / math.sqrt(layer.in_features) if ntk else 1.0 for layer in layers]

    def forward(self, x):  # x: (n, d), examples as rows
        for i, (layer, scale) in enumerate(zip(self.layers, self.scales)):
            x = layer(x)
            if scale != 1.0:
                x = x * scale
            if i + 1 < len(self.layers):
                x = self.activation(x)
        return x


def train(net, X, optimizer, loss_fn, max_epochs, tol=0.0):
    """memo's loop: evaluate the loss, stop below tol, else one step. Returns (epochs, loss)."""
    epoch = 0
    while True:
        optimizer.zero_grad()
        loss = loss_fn(net(X), X)
        value = loss.item()
        if value < tol or epoch >= max_epochs or not math.isfinite(value):
            return epoch, value
        loss.backward()
        optimizer.step()
        epoch += 1


def half_sum_over_n(Y, T):  # (1/2n) Σ_i ‖y_i − t_i‖², NTK's loss
    return 0.5 * ((Y - T) ** 2).sum() / Y.shape[0]


def mse(Y, T):
    return torch.nn.functional.mse_loss(Y, T)


def load_X(path):
    return torch.from_numpy(np.load(path))  # (n, d)


def ntk_regime(args, memo):
    rows = []
    for row in memo["w1_ntk_regime"]:
        tag = f"w1_{row['width']}_{row['n']}"
        X = load_X(f"{args.data}/{tag}_X.npy")
        steps = row["timed_steps"]

        def fresh():
            net = load_mlp(f"{args.data}/{tag}_init.npz", torch.sigmoid, ntk=True)
            return net, torch.optim.SGD(net.parameters(), lr=1.0)

        def timed_steps(net, opt):
            train(net, X, opt, half_sum_over_n, steps)

        per_step = median_training_seconds(args.reps, fresh, timed_steps) / steps
        result = {}
        # Time to loss < 1e-7 where memo measured it (n = 5), one run, if it fits the limit.
        seconds = None
        if row["epochs_to_tol"] and row["converged"] and row["epochs_to_tol"] * per_step < args.max_seconds_to_tol:
            net, opt = fresh()
            start = time.perf_counter()
            result["epochs"], result["loss"] = train(net, X, opt, half_sum_over_n, args.max_epochs, 1e-7)
            seconds = time.perf_counter() - start
        rows.append({"width": row["width"], "n": row["n"], "seconds_per_step": per_step,
                     "seconds_to_tol": seconds, "epochs_to_tol": result.get("epochs"),
                     "final_loss": result.get("loss")})
    return rows


def am_regime(args, memo):
    X = load_X(f"{args.data}/am_X.npy")
    epochs = memo["w2_am_regime"]["timed_epochs"]

    def fresh():
        net = load_mlp(f"{args.data}/am_init.npz", torch.nn.functional.selu, ntk=False)
        return net, torch.optim.Adam(net.parameters(), lr=1e-4)

    def timed(net, opt):
        train(net, X, opt, mse, epochs)

    per_epoch = median_training_seconds(args.reps, fresh, timed) / epochs
    net, opt = fresh()
    history = []
    for _ in range(4):
        opt.zero_grad()
        loss = mse(net(X), X)
        history.append(loss.item())
        loss.backward()
        opt.step()
    flops = memo["w2_am_regime"]["gemm_flops_per_epoch"]
    products = products_seconds(args.reps, fresh, timed) / epochs
    return {"seconds_per_epoch": per_epoch, "gflops": flops / per_epoch / 1e9, "loss_history": history,
            "seconds_in_products_per_epoch": products, "gflops_in_products": flops / products / 1e9}


def products_seconds(reps, fresh, run):
    """Median over reps of the time run(net, opt) spends in matrix products: the self time of
    aten::mm and aten::addmm (nn.Linear's products, forward and backward) in torch.profiler,
    the counterpart of memo's gemm() counters."""
    times = []
    for _ in range(reps):
        net, opt = fresh()
        with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) as prof:
            run(net, opt)
        times.append(sum(e.self_cpu_time_total for e in prof.key_averages()
                         if e.key in ("aten::mm", "aten::addmm")) / 1e6)
    return statistics.median(times)


def am_spectra(args, memo):
    X = load_X(f"{args.data}/am_X.npy")
    points = memo["w3_am_spectra"]["points"]
    P = X[:points]
    net = load_mlp(f"{args.data}/am_init.npz", torch.nn.functional.selu, ntk=False)
    for p in net.parameters():
        p.requires_grad_(False)
    try:
        from functorch import jacrev, vmap
        method = "functorch.vmap(jacrev)"

        def jacobians():
            return vmap(jacrev(net))(P)
    except ImportError:
        method = "autograd.functional.jacobian(vectorize=True)"

        def jacobians():
            return torch.stack([torch.autograd.functional.jacobian(net, p, vectorize=True) for p in P])

    out = {}

    def timed_jacobians():
        out["J"] = jacobians()

    jac_seconds = median_seconds(max(1, args.reps // 2), timed_jacobians)
    J = out["J"]

    def timed_eigenvalues():
        out["eig"] = torch.linalg.eigvals(J)  # batched LAPACK geev

    eig_start = time.perf_counter()
    timed_eigenvalues()
    eig_seconds = time.perf_counter() - eig_start
    flops = memo["w3_am_spectra"]["gemm_flops"]
    return {"points": points, "method": method, "seconds_jacobians": jac_seconds,
            "gflops": flops / jac_seconds / 1e9, "seconds_eigenvalues": eig_seconds,
            "spectral_radius_0": out["eig"][0].abs().max().item(),
            "frobenius_J0": torch.linalg.norm(J[0]).item()}


def independent_runs(args, memo):
    """32 runs one after another (PyTorch has no run-level parallelism built in); 1 thread."""
    w5 = memo["w5_independent_runs"]
    X = load_X(f"{args.data}/w5_X.npy")
    saved = torch.get_num_threads()
    torch.set_num_threads(1)

    def all_runs():
        for _ in range(w5["runs"]):
            net = load_mlp(f"{args.data}/w5_init.npz", torch.sigmoid, ntk=True)
            opt = torch.optim.SGD(net.parameters(), lr=1.0)
            train(net, X, opt, half_sum_over_n, w5["steps"])

    seconds = median_seconds(args.reps, all_runs)
    torch.set_num_threads(saved)
    net = load_mlp(f"{args.data}/w5_init.npz", torch.sigmoid, ntk=True)
    opt = torch.optim.SGD(net.parameters(), lr=1.0)
    _, run0_loss = train(net, X, opt, half_sum_over_n, w5["steps"])
    return {"seconds_1_thread": seconds, "run0_final_loss": run0_loss,
            "note": "32 copies of run 0's shapes, one after another, 1 thread"}


def busy_machine(args, memo):
    """Workload 7: the NTK step and the AM epoch as in workloads 1 and 2, on workload 7's data
    (run_bench.py runs this beside a competing CPU-bound process)."""
    w7 = memo["w7_busy_machine"]
    rows = []
    for row in w7["ntk_step"]:
        tag = f"w7_{row['width']}_{row['n']}"
        X = load_X(f"{args.data}/{tag}_X.npy")

        def fresh():
            net = load_mlp(f"{args.data}/{tag}_init.npz", torch.sigmoid, ntk=True)
            return net, torch.optim.SGD(net.parameters(), lr=1.0)

        def timed_steps(net, opt):
            train(net, X, opt, half_sum_over_n, row["timed_steps"])

        per_step = median_training_seconds(args.reps, fresh, timed_steps) / row["timed_steps"]
        rows.append({"width": row["width"], "n": row["n"], "seconds_per_step": per_step})
    X = load_X(f"{args.data}/am_X.npy")

    def fresh_am():
        net = load_mlp(f"{args.data}/am_init.npz", torch.nn.functional.selu, ntk=False)
        return net, torch.optim.Adam(net.parameters(), lr=1e-4)

    def timed_am(net, opt):
        train(net, X, opt, mse, w7["am_timed_epochs"])

    per_epoch = median_training_seconds(args.reps, fresh_am, timed_am) / w7["am_timed_epochs"]
    return {"ntk_step": rows, "am_seconds_per_epoch": per_epoch}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="out/bench/data")
    parser.add_argument("--memo", default="out/bench/memo.json", help="memo-bench's output (sizes)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--max-epochs", type=int, default=100000)
    parser.add_argument("--max-seconds-to-tol", type=float, default=120.0)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    with open(args.memo) as f:
        memo = json.load(f)
    doc = {"framework": "pytorch", "version": torch.__version__, "threads": torch.get_num_threads(),
           "reps": args.reps, "blas": torch.__config__.show()}
    if "w1_ntk_regime" in memo:
        doc["w1_ntk_regime"] = ntk_regime(args, memo)
    if "w2_am_regime" in memo:
        doc["w2_am_regime"] = am_regime(args, memo)
    if "w3_am_spectra" in memo:
        doc["w3_am_spectra"] = am_spectra(args, memo)
    if "w5_independent_runs" in memo:
        doc["w5_independent_runs"] = independent_runs(args, memo)
    if "w7_busy_machine" in memo:
        doc["w7_busy_machine"] = busy_machine(args, memo)
    json.dump(doc, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
