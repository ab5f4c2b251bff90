"""Every explorer works in a real JupyterLab, driven as a reader would (``make test-lab``).

Starts JupyterLab headless on 127.0.0.1 (random free port, a token, the venv's jupyter),
and for each chapter opens a small notebook made from the chapter: its first code cell
(the set-up), the chapter data the explorer needs (a cheap stand-in where the chapter's
data are an expensive experiment) and the chapter's explorer cell, copied verbatim (the
test checks that the chapter's cell is exactly the expected one-line call).  Run All, wait,
then move every control of the explorer to several values (next option of a dropdown, the
arrow key on a slider handle) and wait for the explorer's image to change.  Fails on a
cell error, a browser console error, an explorer that does not render or an image that
does not change.  The latency from the input event to the new image having loaded is
written per explorer (median / p95) to ``bench-results/explorers-live.json``; ``make
bench`` prints it against the budget (100 ms median, 200 ms p95).  Network: loopback only.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

playwright = pytest.importorskip("playwright.sync_api")
nbformat = pytest.importorskip("nbformat")

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench-results" / "explorers-live.json"
JUPYTER = Path(sys.executable).with_name("jupyter")
MOVES = int(os.environ.get("LAB_MOVES", "3"))  # values per control

#: chapter -> (the explorer cell's call, code making the chapter data it needs)
EXPLORERS = {
    "01_why_nonlinearity": ("explorers.decision_regions()", ""),
    "02_sigmoid_tanh": ("explorers.saturation()", ""),
    "03_relu_family": ("explorers.dead_units(X=X, y=y)", ""),  # X, y: the set-up cell's moons
    "04_smooth_activations": ("explorers.smooth_beta()", ""),
    "05_vanishing_gradients": ("explorers.gradient_flow()", ""),
    "06_linear_regions": ("explorers.linear_regions()", ""),
    "07_softmax_sigmoid": ("explorers.softmax_temperature(names=names, logits=z)",
                           'names = ["cat", "dog", "fox", "car"]\nz = np.array([2.0, 1.0, 0.5, -1.0])'),
    "08_initialization": ("explorers.init_propagation()", ""),
    # the chapter's runs train 12 networks for 60 epochs: a smaller set of the same kind
    "09_dropout": ("explorers.dropout_curves(runs=runs)",
                   "Xa, ya = datasets.moons(80, noise=0.25, seed=1)\nXb, yb = datasets.moons(80, noise=0.25, seed=2)\n"
                   "runs = ens.dropout_runs(Xa, ya, Xb, yb, rates=[0.0, 0.2, 0.5, 0.7], seeds=[0, 1], "
                   "hidden=(16,), epochs=20)"),
    "10_batch_norm": ("explorers.batch_norm()", ""),
}


def chapter_cells(stem: str) -> tuple[str, str]:
    """(first code cell after the bootstrap cell, explorer cell) of a chapter."""
    nb = nbformat.read(ROOT / "chapters" / f"{stem}.ipynb", as_version=4)
    code = [c.source for c in nb.cells
            if c.cell_type == "code" and "bootstrap" not in c.metadata.get("tags", [])]
    ex = [s for s in code if "from actbook import explorers" in s]
    assert len(ex) == 1, f"{stem}: {len(ex)} explorer cells"
    return code[0], ex[0]


@pytest.mark.parametrize("stem", sorted(EXPLORERS))
def test_chapter_explorer_cell_is_the_one_the_lab_test_runs(stem):
    call, _ = EXPLORERS[stem]
    _, cell = chapter_cells(stem)
    lines = [ln for ln in cell.splitlines() if ln.strip() and not ln.startswith(("from actbook import", "draw_curves ="))]
    assert lines == [call], f"{stem}'s explorer cell is {cell!r}, the lab test runs {call!r}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    try:
        import jupyterlab  # noqa: F401
    except ImportError:
        pytest.fail("jupyterlab is not installed (it is in the test extra: pip install -e '.[test]')")
    if not JUPYTER.exists():
        pytest.fail(f"no jupyter next to {sys.executable}")
    work = tmp_path_factory.mktemp("lab")
    for stem, (call, data) in EXPLORERS.items():
        setup, cell = chapter_cells(stem)
        cells = [nbformat.v4.new_code_cell(setup)]
        if data:
            cells.append(nbformat.v4.new_code_cell(data))
        cells.append(nbformat.v4.new_code_cell(cell))
        nb = nbformat.v4.new_notebook(cells=cells)
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, work / f"{stem}.ipynb")
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
               JUPYTER_CONFIG_DIR=str(work / ".jupyter"), OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1",
               PYDEVD_DISABLE_FILE_VALIDATION="1")
    env.pop("ACTBOOK_STATIC_EXPLORERS", None)
    log = open(work / "lab.log", "w")
    proc = subprocess.Popen(
        [str(JUPYTER), "lab", "--no-browser", "--ServerApp.open_browser=False", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={work}",
         "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else [])],
        cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"jupyter lab exited: {(work / 'lab.log').read_text()[-2000:]}")
                time.sleep(0.5)
        else:
            pytest.fail("jupyter lab did not start in 120 s")
        yield base, token
    finally:
        if proc.poll() is None:  # ends the server we started and the kernels it started (its session)
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        log.close()


@pytest.fixture(scope="module")
def results():
    res: dict[str, dict] = {}
    yield res
    OUT.parent.mkdir(parents=True, exist_ok=True)
    old = json.loads(OUT.read_text()) if OUT.exists() else {}
    old.update(res)
    OUT.write_text(json.dumps(old, indent=1, sort_keys=True))


# Resolves with the time from the next input event (keydown/change) to the explorer image's next load.
ARM = """img => { window.__lat = new Promise(resolve => {
    let t0 = null;
    const start = () => { if (t0 === null) t0 = performance.now(); };
    for (const ev of ['keydown', 'change', 'mousedown']) document.addEventListener(ev, start, {capture: true, once: true});
    img.addEventListener('load', () => resolve(performance.now() - (t0 === null ? performance.now() : t0)), {once: true});
}); }"""


WAIT = """() => Promise.race([window.__lat, new Promise((_, reject) =>
    setTimeout(() => reject(new Error('no new image within 30 s')), 30000))])"""


@pytest.mark.parametrize("stem", sorted(EXPLORERS))
def test_explorer_updates_in_jupyterlab(lab, browser, results, stem):
    base, token = lab
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, service_workers="block")
    outside, console = [], []

    def route(r):
        if urlparse(r.request.url).hostname == "127.0.0.1" or r.request.url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    ctx.route(re.compile(r"^(https?|wss?)://"), route)  # blob:/data: stay in the page
    page = ctx.new_page()
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: console.append(str(e)))
    try:
        # a workspace of its own, reset: only this notebook is open
        page.goto(f"{base}/lab/workspaces/{stem.replace('_', '-')}/tree/{stem}.ipynb?reset&token={token}",
                  wait_until="domcontentloaded")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60000)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle'], "
                               ".jp-Toolbar-kernelStatus", timeout=60000)
        page.wait_for_timeout(1500)  # the kernel connects
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        img = page.locator(".actbook-explorer-live img.actbook-explorer-image").first
        img.wait_for(state="visible", timeout=180000)
        page.wait_for_function(
            "() => [...document.querySelectorAll('.jp-InputPrompt')].every(p => !p.textContent.includes('*'))",
            timeout=180000)
        errors = page.evaluate("""() => [...document.querySelectorAll(
            '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
            .map(e => e.innerText).filter(t => /Error|Traceback/.test(t))""")
        assert errors == [], f"cell errors: {errors[:2]}"
        ex = page.locator(".actbook-explorer-live").first
        ex.scroll_into_view_if_needed()
        status = ex.locator(".widget-html").first
        lat: list[float] = []
        for kind, loc in (("select", ex.locator("select")), ("slider", ex.locator(".noUi-handle"))):
            for i in range(loc.count()):
                w = loc.nth(i)
                for k in range(MOVES):
                    img.evaluate(ARM)
                    if kind == "select":
                        multiple = w.evaluate("s => s.multiple")
                        n = w.locator("option").count()
                        now = w.evaluate("s => s.selectedIndex")
                        if multiple:
                            w.select_option(index=[(now + 1 + k) % n, (now + 3 + k) % n])
                        else:
                            w.select_option(index=(now + 1) % n)
                    else:
                        w.focus()
                        at_max = w.get_attribute("aria-valuenow") == w.get_attribute("aria-valuemax")
                        page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
                    try:
                        lat.append(page.evaluate(WAIT))
                    except playwright.Error as exc:
                        pytest.fail(f"{stem}: the image did not change after moving {kind} {i}: {exc}")
                    assert "actbook-explorer-error" not in status.inner_html(), status.inner_text()
        assert lat, "the explorer has no control"
        assert console == [], f"browser console errors: {console[:3]}"
        assert outside == [], f"requests tried to leave the machine: {outside[:3]}"
        lat.sort()
        results[stem] = {"n": len(lat), "median_ms": round(statistics.median(lat), 1),
                         "p95_ms": round(lat[min(len(lat) - 1, int(round(0.95 * (len(lat) - 1))))], 1),
                         "max_ms": round(lat[-1], 1), "loadavg": os.getloadavg()[0],
                         "time_utc": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())}
    except BaseException:
        shots = ROOT / "artifacts" / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / f"lab-{stem}.png"))
        raise
    finally:
        ctx.close()
        _shutdown_kernels(base, token)


def _shutdown_kernels(base: str, token: str) -> None:
    """Stop the kernels this test started (through the server's REST API)."""
    hdr = {"Authorization": f"token {token}"}
    with urllib.request.urlopen(urllib.request.Request(f"{base}/api/kernels", headers=hdr), timeout=10) as r:
        kernels = json.loads(r.read())
    for k in kernels:
        req = urllib.request.Request(f"{base}/api/kernels/{k['id']}", headers=hdr, method="DELETE")
        urllib.request.urlopen(req, timeout=20).close()
