"""What the machine must have for `make book` / `make test`, checked before anything runs.

Standard library only: it runs with the system Python before `.venv` exists.

    python3 tools/machine.py preflight [--venv .venv]   # Python, venv/ensurepip, disk space
    python3 tools/machine.py index .venv/bin/python     # the package index answers (only before an install)
    python3 tools/machine.py browser                    # find or install Chromium (+ CJK font); prints its path
    python3 tools/machine.py summary                    # the last line of `make test`

Policy for the browser stage (Chromium and the CJK font the glossary needs):
use `$CHROMIUM`, `/usr/bin/chromium` (or another system Chromium/Chrome) or a
Chromium that Playwright has already downloaded; when none exists and we are root
on a Debian/Ubuntu machine, install Debian's `chromium` and `fonts-noto-cjk` with
apt-get; otherwise skip only the browser stages, say so loudly, and make the
summary line say that they were skipped.  Under CI (`CI=true`) nothing may be
skipped: a missing browser fails the run.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIP_MARK = ROOT / "_build" / ".skipped-stages"
MIN_PYTHON = (3, 10)
MIN_FREE_GB = 3.0  # .venv is about 1.6 GB; the build and the browser test need the rest
INSTALL_HINT = "sudo apt-get install chromium fonts-noto-cjk   (Debian/Ubuntu)"


def fail(paragraph: str) -> None:
    """Print one readable paragraph and stop with exit code 1."""
    print("\n" + textwrap.fill(paragraph, 88) + "\n", file=sys.stderr)
    raise SystemExit(1)


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def preflight(venv: str) -> None:
    """Python version, venv/ensurepip and disk space, before a virtual environment is made."""
    if sys.version_info < MIN_PYTHON:
        fail(f"This book needs Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or newer, but "
             f"`{sys.executable}` is Python {sys.version.split()[0]}. Install a newer Python "
             "and run make again with PYTHON=/path/to/python3 (for example "
             "`make book PYTHON=python3.12`).")
    if (ROOT / venv / "bin" / "python").exists():
        return  # already made: nothing else to check
    try:
        import ensurepip  # noqa: F401
        import venv as _venv  # noqa: F401
    except ImportError:
        fail(f"`{sys.executable}` cannot create virtual environments: its `venv`/`ensurepip` "
             "modules are missing. On Debian or Ubuntu install them with "
             f"`sudo apt-get install python{sys.version_info[0]}.{sys.version_info[1]}-venv` "
             "(or `python3-venv`), then run make again.")
    free = shutil.disk_usage(ROOT).free / 2**30
    if free < MIN_FREE_GB:
        fail(f"Only {free:.1f} GB of disk space is free in {ROOT}; the virtual environment "
             f"and the build need about {MIN_FREE_GB:.0f} GB. Free some space and run make again.")


def index(python: str) -> None:
    """Fail in one paragraph when the package index cannot be reached (only called before an install)."""
    cmd = [python, "-m", "pip", "index", "versions", "pip", "--disable-pip-version-check"]
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        ok = r.returncode == 0
        detail = (r.stderr or r.stdout).strip().splitlines()[-1:] if not ok else []
    except (OSError, subprocess.TimeoutExpired) as e:
        ok, detail = False, [str(e)]
    if not ok:
        fail("The Python package index cannot be reached, and the first `make book` or "
             "`make test` must install the book's packages (numpy, matplotlib, Jupyter Book, "
             "nbgrader, ...) into .venv. Check the network or your pip configuration "
             "(`pip config list`, PIP_INDEX_URL) and run make again; after that first install "
             "nothing needs the network. pip said: " + (" ".join(detail) or "nothing"))


def find_chromium() -> str | None:
    """A Chromium/Chrome executable, or None."""
    env = os.environ.get("CHROMIUM")
    if env and os.access(env, os.X_OK):
        return env
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    cache = os.environ.get("PLAYWRIGHT_BROWSERS_PATH", str(Path.home() / ".cache" / "ms-playwright"))
    for pattern in ("chromium-*/chrome-linux*/chrome", "chromium_headless_shell-*/chrome-linux*/headless_shell"):
        hits = sorted(glob.glob(os.path.join(cache, pattern)))
        if hits:
            return hits[-1]
    return None


def has_cjk_font() -> bool:
    try:
        out = subprocess.run(["fc-list"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return False
    return any("cjk" in line.lower() and ("noto" in line.lower() or "source han" in line.lower())
               for line in out.splitlines())


def can_apt_install() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get") is not None


def apt_install(packages: list[str]) -> bool:
    print(f"machine: installing {' '.join(packages)} with apt-get (root, Debian/Ubuntu)", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    try:
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, timeout=600)
        subprocess.run(["apt-get", "install", "-y", "-qq", *packages], check=True, env=env,
                       timeout=1200, stdout=subprocess.DEVNULL)
        return True
    except (OSError, subprocess.SubprocessError) as e:
        print(f"machine: apt-get failed: {e}", file=sys.stderr)
        return False


def mark_skipped(stage: str, why: str) -> None:
    SKIP_MARK.parent.mkdir(parents=True, exist_ok=True)
    with SKIP_MARK.open("a") as f:
        f.write(f"{stage}: {why}\n")


def browser() -> int:
    """Print the Chromium path (exit 0), or skip loudly (exit 3), or fail under CI (exit 1)."""
    missing = []
    chrome = find_chromium()
    if chrome is None:
        missing.append("chromium")
    if not has_cjk_font():
        missing.append("fonts-noto-cjk")
    if missing and can_apt_install():
        apt_install(missing)
        chrome = find_chromium()
        missing = [p for p, ok in (("chromium", chrome is not None), ("fonts-noto-cjk", has_cjk_font())) if not ok]
    if not missing:
        print(chrome)
        return 0
    what = " and ".join({"chromium": "a Chromium browser", "fonts-noto-cjk": "a CJK font"}[m] for m in missing)
    if in_ci():
        fail(f"CI=true and {what} is missing, so the browser tests cannot run; CI may not "
             f"skip them. Install with: {INSTALL_HINT}.")
    banner = "*" * 88
    msg = textwrap.fill(f"SKIPPING the browser tests: this machine has no {what}, and it cannot "
                        f"be installed without asking (not root, or no apt-get). Everything else "
                        f"is still tested. To run them, install with: {INSTALL_HINT} (or set "
                        f"CHROMIUM=/path/to/chrome).", 88)
    print(f"\n{banner}\n{msg}\n{banner}\n", file=sys.stderr)
    mark_skipped("browser tests", f"no {what} (install: {INSTALL_HINT})")
    return 3


def summary() -> int:
    skipped = SKIP_MARK.read_text().strip().splitlines() if SKIP_MARK.exists() else []
    if not skipped:
        print("make test: all checks passed")
        return 0
    print("make test: all checks passed EXCEPT these stages, which were SKIPPED:")
    for line in skipped:
        print(f"  - {line}")
    return 0


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    cmd, rest = argv[0], argv[1:]
    if cmd == "preflight":
        venv = rest[rest.index("--venv") + 1] if "--venv" in rest else ".venv"
        preflight(venv)
        return 0
    if cmd == "index":
        index(rest[0] if rest else sys.executable)
        return 0
    if cmd == "browser":
        return browser()
    if cmd == "reset":
        SKIP_MARK.unlink(missing_ok=True)
        return 0
    if cmd == "summary":
        return summary()
    print(f"unknown command {cmd!r}; see --help", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
