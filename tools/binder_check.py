"""Binder / JupyterHub launch path: a fresh venv from requirements.txt alone runs a chapter.

repo2docker (Binder) and most JupyterHub images build a Python environment with
`pip install -r requirements.txt` in the repository's root, on top of a base image
that already has Jupyter (ipykernel, a notebook server).  This check does exactly
that in a new virtual environment, adds only what that base image provides
(ipykernel + nbclient), and executes one chapter that loads the digits data and
contains an explorer, in a kernel of that environment:

    python tools/binder_check.py [--chapter chapters/07_softmax_sigmoid.ipynb]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CHAPTER = "chapters/04_smooth_activations.ipynb"
BASE_IMAGE = ["ipykernel", "nbclient"]  # what repo2docker's base environment already has

RUN = r"""
import sys, nbformat, nbclient
path = sys.argv[1]
nb = nbformat.read(path, as_version=4)
client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                 resources={"metadata": {"path": "chapters"}})
client.execute()
widget = "application/vnd.jupyter.widget-view+json"
views = sum(widget in o.get("data", {}) for c in nb.cells if c.cell_type == "code" for o in c.outputs)
digits = any("datasets.digits(" in "".join(c.source) for c in nb.cells if c.cell_type == "code")
assert views > 0, "the chapter's explorer produced no widget"
assert digits, "the chapter does not use the digits data"
print(f"binder: {path} executed in the fresh environment; {views} widget view(s) rendered")
"""


def sh(cmd: list[str], **kw) -> None:
    subprocess.run(cmd, check=True, **kw)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chapter", default=DEFAULT_CHAPTER)
    args = ap.parse_args()
    t0 = time.time()
    with tempfile.TemporaryDirectory(prefix="binder-") as tmp:
        venv = Path(tmp) / "venv"
        py = venv / "bin" / "python"
        sh([sys.executable, "-m", "venv", str(venv)])
        quiet = ["--quiet", "--disable-pip-version-check"]
        # repo2docker copies the repository into the image and runs this in its root; a copy
        # also keeps the wheel build's build/ folder out of this checkout
        repo = Path(tmp) / "repo"
        shutil.copytree(ROOT, repo, ignore=shutil.ignore_patterns(
            ".git", ".venv", "_build", "node_modules", "_vendor_static", "build", "*.egg-info", "artifacts",
            "bench-results", "student", "release", "course", ".hypothesis", "__pycache__"))
        sh([str(py), "-m", "pip", "install", *quiet, "-r", "requirements.txt"], cwd=repo)
        sh([str(py), "-m", "pip", "install", *quiet, *BASE_IMAGE])
        env = dict(os.environ, JUPYTER_DATA_DIR=str(Path(tmp) / "jupyter"), PYTHONPATH="",
                   JUPYTER_PLATFORM_DIRS="1", MPLBACKEND="agg")
        env.pop("VIRTUAL_ENV", None)
        sh([str(py), "-m", "ipykernel", "install", "--prefix", str(venv), "--name", "python3"], env=env,
           stdout=subprocess.DEVNULL)
        # the kernel must import the actbook installed from requirements.txt, not this checkout's src/
        sh([str(py), "-c", "import actbook, sys; assert actbook.__file__.startswith(sys.prefix), "
            "actbook.__file__"], env=env, cwd=tmp)
        sh([str(py), "-c", RUN, args.chapter], cwd=repo, env=env)
        size = sum(f.stat().st_size for f in venv.rglob("*") if f.is_file()) / 2**20
    print(f"binder: fresh environment from requirements.txt ({size:.0f} MB) ran {args.chapter} "
          f"in {time.time() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
