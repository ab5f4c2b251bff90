"""Benchmarks and performance budgets of the book (issue 13).

    python benchmarks/run.py [--quick] [--only activations,mlp,notebooks,widgets] [--chapters DIR]

Prints one table per section with its budget and PASS/MISS, and writes
``bench-results/<section>.csv`` plus ``bench-results/results.json`` (git-ignored).
Timings on a shared machine are noisy: every timed operation is repeated,
competing operations are interleaved, and the load average is recorded with them.
No test asserts a time; the budgets are only reported here.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench-results"
CHAPTERS = ROOT / "chapters"   # --chapters DIR: e.g. a patched copy
sys.path.insert(0, str(ROOT / "src"))

SECTIONS = ("activations", "mlp", "notebooks", "widgets", "coursework")

try:
    from threadpoolctl import threadpool_limits
except ImportError:  # fall back to the environment variable, set before numpy loads
    threadpool_limits = None
    if os.environ.get("OPENBLAS_NUM_THREADS") != "1" and os.environ.get("_ACTBOOK_BENCH_REEXEC") != "1":
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
                   _ACTBOOK_BENCH_REEXEC="1")
        os.execve(sys.executable, [sys.executable, *sys.argv], env)

import numpy as np  # noqa: E402


# --------------------------------------------------------------------------- helpers
def load() -> str:
    try:
        return " ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:  # pragma: no cover
        return "n/a"


def machine() -> dict[str, Any]:
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info = {"cpu": cpu, "nproc": os.cpu_count(), "python": platform.python_version(),
            "numpy": np.__version__, "platform": platform.platform(),
            "time_utc": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()), "loadavg_start": load()}
    try:
        import scipy
        info["scipy"] = scipy.__version__
    except ImportError:  # pragma: no cover
        pass
    return info


def table(rows: list[dict], cols: list[tuple[str, str, str]], title: str) -> str:
    """cols = (key, header, format); returns a plain-text table."""
    cells = [[("" if r.get(k) is None else format(r[k], f) if f else str(r[k])) for k, _, f in cols] for r in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) if cells else len(h) for i, (_, h, _) in enumerate(cols)]
    line = "  ".join(h.rjust(w) if i else h.ljust(w) for i, ((_, h, _), w) in enumerate(zip(cols, widths)))
    out = [title, line, "-" * len(line)]
    for c in cells:
        out.append("  ".join(v.rjust(w) if i else v.ljust(w) for i, (v, w) in enumerate(zip(c, widths))))
    return "\n".join(out)


def write_csv(name: str, rows: list[dict]) -> None:
    if not rows:
        return
    keys: list[str] = []
    for r in rows:
        keys += [k for k in r if k not in keys]
    with open(OUT / f"{name}.csv", "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=keys)
        w.writeheader()
        w.writerows(rows)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


# --------------------------------------------------------------------------- 1. activations
PIECEWISE_LINEAR = ("relu", "leaky_relu", "prelu", "rrelu", "hard_sigmoid", "hard_swish", "identity")


def bench_activations(quick: bool) -> dict:
    from actbook import activations, cost

    size = 1_000_000
    repeats, number = (5, 2) if quick else (15, 3)
    names = [n for n in activations.names() if activations.get(n).elementwise]
    rows = []
    for dt in ("float32", "float64"):
        x = np.random.default_rng(0).standard_normal(size).astype(dt)
        funcs = {"copy": lambda: np.copy(x), "exp": lambda: np.exp(x)}
        for n in names:
            a = activations.get(n)
            funcs[n] = lambda a=a: a(x)
            funcs[n + "'"] = lambda a=a: a.derivative(x)
        t = cost.time_callables(funcs, repeats=repeats, number=number)   # interleaved repeats
        best = {k: float(v.min()) for k, v in t.items()}
        med = {k: float(np.median(v)) for k, v in t.items()}
        for n in names:
            kind = "piecewise-linear" if n in PIECEWISE_LINEAR else "transcendental"
            base = "copy" if kind == "piecewise-linear" else "exp"
            for op, key in (("forward", n), ("derivative", n + "'")):
                ratio = best[key] / best[base]
                rows.append({"activation": n, "op": op, "dtype": dt, "kind": kind,
                             "min_us": best[key] * 1e6, "median_us": med[key] * 1e6,
                             "x_copy": best[key] / best["copy"], "x_exp": best[key] / best["exp"],
                             "budget": f"<= 3x {base}", "status": verdict(ratio <= 3.0)})
        rows.append({"activation": "(copy)", "op": "baseline", "dtype": dt, "kind": "", "min_us": best["copy"] * 1e6,
                     "median_us": med["copy"] * 1e6, "x_copy": 1.0, "x_exp": best["copy"] / best["exp"],
                     "budget": "", "status": ""})
        rows.append({"activation": "(np.exp)", "op": "baseline", "dtype": dt, "kind": "", "min_us": best["exp"] * 1e6,
                     "median_us": med["exp"] * 1e6, "x_copy": best["exp"] / best["copy"], "x_exp": 1.0,
                     "budget": "", "status": ""})
    rows.sort(key=lambda r: (r["kind"] == "", r["kind"], r["activation"], r["op"], r["dtype"]))
    method = (f"min over {repeats} interleaved repeats of {number} calls (median also in CSV); "
              f"{size:,} N(0,1) values; ratios use the min times")
    print(table(rows, [("activation", "activation", ""), ("op", "op", ""), ("dtype", "dtype", ""),
                       ("min_us", "min µs", ".0f"), ("median_us", "med µs", ".0f"), ("x_copy", "÷copy", ".2f"),
                       ("x_exp", "÷exp", ".2f"), ("budget", "budget", ""), ("status", "", "")],
                f"\n== 1. Activations ({method}; load {load()})"))
    miss = [f"{r['activation']} {r['op']} {r['dtype']}" for r in rows if r["status"] == "MISS"]
    print(f"budget: piecewise-linear <= 3x copy, transcendental <= 3x np.exp -> "
          f"{len(rows) - 4 - len(miss)}/{len(rows) - 4} PASS" + (f"; MISS: {', '.join(miss)}" if miss else ""))
    print("(maxout is not elementwise and has no elementwise derivative: not timed here)")
    write_csv("activations", rows)
    return {"method": method, "rows": rows, "load": load()}


# --------------------------------------------------------------------------- 2. MLP
def _our_step(model, loss_fn, lr):
    """One step exactly as actbook.train.train's inner loop does it."""
    from actbook import train

    def step(xb, yb):
        out = model.forward(xb, training=True)
        if not np.all(np.isfinite(out)):
            raise FloatingPointError("non-finite output")
        _, g = loss_fn(out, yb)
        if not np.all(np.isfinite(g)):
            raise FloatingPointError("non-finite gradient")
        model.backward(g, input_grad=False)   # as train.train does
        train.sgd_step(model, lr)
    return step


def _torch_step(torch, sizes, loss_name, model_np, lr, dtype):
    layers = []
    for i in range(len(sizes) - 1):
        lin = torch.nn.Linear(sizes[i], sizes[i + 1])
        layers.append(lin)
        if i < len(sizes) - 2:
            layers.append(torch.nn.ReLU())
    net = torch.nn.Sequential(*layers).to(dtype)
    with torch.no_grad():  # same initial weights as ours (W is (in, out) here, (out, in) there)
        for lin, d in zip([l for l in layers if isinstance(l, torch.nn.Linear)], model_np.dense_layers):
            lin.weight.copy_(torch.from_numpy(d.W.T.copy()))
            lin.bias.copy_(torch.from_numpy(d.b.copy()))
    lossf = torch.nn.BCEWithLogitsLoss() if loss_name == "binary_cross_entropy" else torch.nn.CrossEntropyLoss()
    opt = torch.optim.SGD(net.parameters(), lr=lr)

    def step(xb, yb):
        opt.zero_grad(set_to_none=True)
        loss = lossf(net(xb), yb)
        loss.backward()
        opt.step()
    return step


def _peak_rss(quick: bool) -> dict:
    # ru_maxrss can carry over the parent's peak through fork/exec on Linux, so the
    # child also reads its own high-water mark VmHWM (reset by exec) when /proc exists
    code = f"""
import resource, json, numpy as np
def peak():
    try:
        for line in open('/proc/self/status'):
            if line.startswith('VmHWM:'):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
from actbook import datasets, nets, train
r0 = peak()
X, y = datasets.digits()
m = nets.mlp([64, 128, 128, 10], 'relu', seed=0)
h = train.train(m, X, y, epochs={5 if quick else 20}, batch_size=128, lr=0.1, seed=0)
r1 = peak()
ru = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"after_imports_mb": r0, "after_training_mb": r1, "ru_maxrss_mb": ru, "final_loss": h.loss[-1]}}))
"""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT)
    if p.returncode:
        return {"error": p.stderr.strip().splitlines()[-1] if p.stderr else "failed"}
    return json.loads(p.stdout.strip().splitlines()[-1])


def bench_mlp(quick: bool) -> dict:
    from actbook import datasets, losses, nets

    try:
        import torch
        torch.set_num_threads(1)
    except ImportError:
        torch = None
    blas = threadpool_limits(1) if threadpool_limits is not None else None  # noqa: F841 (kept alive)
    configs = [("2-64-64-1", [2, 64, 64, 1], "binary_cross_entropy"),
               ("64-128-128-10", [64, 128, 128, 10], "cross_entropy")]
    Xm, ym = datasets.moons(2048, noise=0.2, seed=0)
    Xd, yd = datasets.digits()
    repeats = 5 if quick else 15
    rows = []
    for name, sizes, loss_name in configs:
        X, y = (Xm, ym) if sizes[0] == 2 else (Xd, yd)
        for bs in (32, 128, 512):
            rng = np.random.default_rng(bs)
            idx = rng.choice(X.shape[0], size=bs, replace=X.shape[0] < bs)
            xb = np.ascontiguousarray(X[idx])
            yb = y[idx]
            model = nets.mlp(sizes, "relu", seed=0)
            funcs = {"ours": lambda s=_our_step(model, losses.get(loss_name), 0.01), xb=xb, yb=yb: s(xb, yb)}
            if torch is not None:
                for tdt, tag in ((torch.float64, "torch64"), (torch.float32, "torch32")):
                    ts = _torch_step(torch, sizes, loss_name, model, 0.01, tdt)
                    txb = torch.from_numpy(xb).to(tdt)
                    tyb = (torch.from_numpy(yb.astype(np.float64)).to(tdt)[:, None] if loss_name == "binary_cross_entropy"
                           else torch.from_numpy(yb.astype(np.int64)))
                    funcs[tag] = lambda ts=ts, a=txb, b=tyb: ts(a, b)
            # calls per repeat: about 20 ms of work each
            t0 = time.perf_counter()
            for _ in range(5):
                funcs["ours"]()
            number = max(3, int(0.02 / max((time.perf_counter() - t0) / 5, 1e-6)))
            from actbook import cost
            t = cost.time_callables(funcs, repeats=repeats, number=number)
            r = {"network": name, "loss": loss_name, "batch": bs,
                 "ours_us": float(t["ours"].min()) * 1e6, "ours_median_us": float(np.median(t["ours"])) * 1e6}
            if torch is not None:
                r["torch64_us"] = float(t["torch64"].min()) * 1e6
                r["torch32_us"] = float(t["torch32"].min()) * 1e6
                r["ratio_vs_torch64"] = r["ours_us"] / r["torch64_us"]
                r["ratio_vs_torch32"] = r["ours_us"] / r["torch32_us"]
                r["status"] = verdict(r["ratio_vs_torch64"] <= 1.0)
            else:
                r["status"] = "n/a"
            rows.append(r)
    cols = [("network", "network", ""), ("batch", "batch", "d"), ("ours_us", "ours µs", ".0f"),
            ("ours_median_us", "med µs", ".0f")]
    if torch is not None:
        cols += [("torch64_us", "torch f64 µs", ".0f"), ("ratio_vs_torch64", "ours/torch64", ".2f"),
                 ("torch32_us", "torch f32 µs", ".0f"), ("ratio_vs_torch32", "ours/torch32", ".2f"),
                 ("status", "", "")]
    head = (f"\n== 2. MLP training step: forward + loss + backward + SGD, ReLU, float64; min over {repeats} "
            f"interleaved repeats; 1 BLAS/torch thread; load {load()}")
    print(table(rows, cols, head))
    if torch is None:
        print("PyTorch not installed: skipped")
        torch_info = None
    else:
        torch_info = torch.__version__
        worst = max(r["ratio_vs_torch64"] for r in rows)
        print(f"budget: ours no slower than PyTorch (same float64 network and step, CPU, 1 thread) -> "
              f"{verdict(worst <= 1.0)} (worst ratio {worst:.2f}); torch {torch.__version__}; "
              f"float32 torch shown for reference")
    rss = _peak_rss(quick)
    if "error" in rss:
        print("peak RSS: failed:", rss["error"])
    else:
        print(f"peak RSS of a training run (64-128-128-10 on digits, batch 128, {5 if quick else 20} epochs): "
              f"{rss['after_training_mb']:.0f} MB (after imports {rss['after_imports_mb']:.0f} MB)")
    write_csv("mlp", rows)
    return {"rows": rows, "torch": torch_info, "peak_rss": rss, "load": load()}


# --------------------------------------------------------------------------- 3. notebooks
def bench_notebooks(quick: bool) -> dict:
    import tempfile

    import nbformat
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    chapters = sorted(CHAPTERS.glob("*.ipynb"))
    if quick:
        chapters = chapters[:1]
    rows = []
    for nbp in chapters:
        nb = nbformat.read(nbp, as_version=4)
        load0 = load()
        t0 = time.perf_counter()
        err = ""
        try:
            # IPC sockets, not TCP ports: kernels started at the same moment by other
            # processes on a shared machine cannot take our ports (seen as a silent hang)
            with tempfile.TemporaryDirectory(prefix="actbook-bench-") as tmp:
                km = KernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(tmp, "kernel"))
                try:
                    NotebookClient(nb, km=km, timeout=600, startup_timeout=120,
                                   resources={"metadata": {"path": str(nbp.parent)}}).execute(cleanup_kc=True)
                finally:
                    if km.has_kernel:
                        km.shutdown_kernel(now=True)
        except Exception as exc:  # report and go on
            err = type(exc).__name__ + ": " + str(exc).strip().splitlines()[-1][:120] if str(exc).strip() else type(exc).__name__
        dt = time.perf_counter() - t0
        rows.append({"notebook": nbp.name, "seconds": dt, "load_before": load0,
                     "status": "ERROR" if err else verdict(dt < 60), "error": err})
        print(f"  {nbp.name}: {dt:.1f} s {rows[-1]['status']} (load {load0})", flush=True)
    total = sum(r["seconds"] for r in rows)
    rows.append({"notebook": "TOTAL", "seconds": total, "load_before": load(),
                 "status": verdict(total < 360) if not quick else "(quick: 1 chapter)", "error": ""})
    print(table(rows, [("notebook", "notebook", ""), ("seconds", "seconds", ".1f"), ("load_before", "load avg", ""),
                       ("status", "", ""), ("error", "", "")],
                "\n== 3. Notebooks (nbclient, fresh kernel each, cwd = chapters/; budget < 60 s each, < 6 min total)"))
    write_csv("notebooks", rows)
    return {"rows": rows, "total_s": total, "load": load()}


# --------------------------------------------------------------------------- 4. widgets
LIVE = OUT / "explorers-live.json"                       # written by tests/browser/test_explorers_lab.py
STATIC = ROOT / "artifacts" / "explorers-static.json"    # written by tests/browser/test_explorers_static.py


def _explorer_data(ch: int) -> dict:
    """The chapter data an explorer takes: the chapter's own for ch. 3 and 7, a smaller set of
    dropout runs of the same kind for ch. 9 (the chapter's take a minute to train)."""
    from actbook import datasets
    from actbook import ensemble as ens

    if ch == 3:
        X, y = datasets.moons(200, noise=0.15, seed=0)
        return {"X": datasets.standardize(X), "y": y}
    if ch == 7:
        return {"names": ["cat", "dog", "fox", "car"], "logits": np.array([2.0, 1.0, 0.5, -1.0])}
    if ch == 9:
        Xa, ya = datasets.moons(80, noise=0.25, seed=1)
        Xb, yb = datasets.moons(80, noise=0.25, seed=2)
        return {"runs": ens.dropout_runs(Xa, ya, Xb, yb, rates=[0.0, 0.2, 0.5, 0.7], seeds=[0, 1],
                                         hidden=(16,), epochs=20)}
    return {}


def bench_widgets(quick: bool) -> dict:
    """Time the real explorer objects: a control changes, the widget's own callback runs the
    update, moves the figure's artists and encodes the PNG the learner's page receives."""
    from actbook import explorers, plots

    plots.use_style()
    n_updates = 10 if quick else 40
    rows = []
    for ch, ex in explorers.BY_CHAPTER.items():
        t0 = time.perf_counter()
        box = ex(static=False, **_explorer_data(ch))
        setup_s = time.perf_counter() - t0
        rng = np.random.default_rng(ch)
        names = list(box.controls)
        tot, errors = [], []
        for k in range(n_updates + 1):
            w = box.controls[names[int(rng.integers(len(names)))]]
            opts = list(w.options)
            if hasattr(w, "rows"):  # SelectMultiple: a random non-empty subset of up to 3
                pick = rng.choice(len(opts), size=int(rng.integers(1, 4)), replace=False)
                new = tuple(opts[i][1] for i in sorted(pick))
            else:
                new = opts[int(rng.integers(len(opts)))][1]
            if new == w.value or (isinstance(new, tuple) and tuple(w.value) == new):
                new = opts[(w.index + 1) % len(opts)][1] if not hasattr(w, "rows") else (opts[0][1],)
            t1 = time.perf_counter()
            w.value = new      # the observer runs the whole update, as in the kernel
            dt = time.perf_counter() - t1
            if box.status.value:
                errors.append(box.status.value)
            if k:              # the first update pays first-call costs
                tot.append(dt)
        a = np.array(tot) * 1e3
        med, p95 = float(np.median(a)), float(np.percentile(a, 95))
        rows.append({"chapter": ch, "explorer": ex.name, "median_ms": med, "p95_ms": p95, "max_ms": float(a.max()),
                     "setup_s": setup_s, "n": n_updates, "errors": len(errors), "load": load(),
                     "status": verdict(med < 100 and p95 < 200)})
        print(f"  ch{ch} {ex.name}: median {med:.0f} ms, p95 {p95:.0f} ms", flush=True)
    print(table(rows, [("chapter", "ch", ""), ("explorer", "explorer", ""), ("median_ms", "median ms", ".0f"),
                       ("p95_ms", "p95 ms", ".0f"), ("max_ms", "max ms", ".0f"), ("setup_s", "start s", ".1f"),
                       ("errors", "errors", ""), ("load", "load avg", ""), ("status", "", "")],
                f"\n== 4a. Explorers in the kernel: update + redraw + PNG over {n_updates} random moves "
                f"(budget: median < 100 ms, p95 < 200 ms; ch. 1 and 3 train a network on a new setting)"))
    print("  (a move back to a setting already drawn is served from the widget's frame cache in < 1 ms;"
          " ch. 9 and 10 have 8 and 25 settings, so random moves revisit them often)")
    write_csv("widgets", rows)
    out = {"rows": rows, "load": load()}
    if LIVE.exists():
        live = json.loads(LIVE.read_text())
        lrows = [{"chapter": k, **v, "status": verdict(v["median_ms"] < 100 and v["p95_ms"] < 200)}
                 for k, v in sorted(live.items())]
        print(table(lrows, [("chapter", "notebook", ""), ("median_ms", "median ms", ".0f"), ("p95_ms", "p95 ms", ".0f"),
                            ("max_ms", "max ms", ".0f"), ("n", "moves", ""), ("loadavg", "load avg", ".1f"),
                            ("time_utc", "measured (UTC)", ""), ("status", "", "")],
                    "\n== 4b. Explorers live in JupyterLab + Chromium, input event to new image "
                    "(make test-lab; budget: median < 100 ms, p95 < 200 ms)"))
        write_csv("widgets-live", lrows)
        out["live"] = lrows
    else:
        print(f"\n== 4b. no live measurements: run `make test-lab` (writes {LIVE.relative_to(ROOT)})")
    if STATIC.exists():
        st = json.loads(STATIC.read_text())
        srows = [{"page": k, **v} for k, v in sorted(st.items())]
        print(table(srows, [("page", "page", ""), ("frames", "frames", ""), ("frame_kB", "frames kB", ""),
                            ("page_bytes", "page bytes", ""), ("controls_moved", "controls moved", "")],
                    "\n== 4c. Kernel-free explorers in the built book (make test-browser; page budget 3 MB)"))
        out["static"] = srows
    return out


# --------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repeats; only the first notebook")
    ap.add_argument("--only", default=",".join(SECTIONS),
                    help=f"comma-separated sections out of {','.join(SECTIONS)}")
    ap.add_argument("--chapters", default=None, metavar="DIR",
                    help="chapter notebooks to use (default: chapters/), e.g. a patched copy")
    args = ap.parse_args(argv)
    if args.chapters:
        global CHAPTERS
        CHAPTERS = Path(args.chapters).resolve()
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    bad = [s for s in only if s not in SECTIONS]
    if bad:
        ap.error(f"--only: unknown section(s) {bad}; choose from {','.join(SECTIONS)}")
    OUT.mkdir(exist_ok=True)
    info = machine()
    print(f"machine: {info['cpu']}, {info['nproc']} CPUs, Python {info['python']}, numpy {info['numpy']}; "
          f"load average {info['loadavg_start']} (1/5/15 min) at {info['time_utc']} UTC")
    results: dict[str, Any] = {"machine": info, "quick": args.quick}
    runners = {"activations": bench_activations, "mlp": bench_mlp, "notebooks": bench_notebooks,
               "widgets": bench_widgets,
               "coursework": lambda q: __import__("coursework").bench(q, CHAPTERS, table, write_csv)}
    for s in SECTIONS:
        if s in only:
            try:
                results[s] = runners[s](args.quick)
            except Exception as exc:  # keep the other sections' results
                import traceback
                traceback.print_exc()
                results[s] = {"error": f"{type(exc).__name__}: {exc}"}
                print(f"section {s} failed: {exc}")
    results["machine"]["loadavg_end"] = load()
    path = OUT / ("results.json" if set(only) == set(SECTIONS) else f"results-{'-'.join(only)}.json")
    path.write_text(json.dumps(results, indent=1, default=str))
    print(f"\nwrote {path.relative_to(ROOT)} and CSV files in {OUT.relative_to(ROOT)}/ (load average now {load()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
