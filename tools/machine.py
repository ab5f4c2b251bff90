"""What the machine must have for `make book` / `make test`, checked before anything runs.

Standard library only: it runs with the system Python before `.venv` exists.

    python3 tools/machine.py preflight [--venv .venv]   # Python, venv/ensurepip, disk space
    python3 tools/machine.py index .venv/bin/python     # the package index answers (only before an install)
    python3 tools/machine.py browser                    # find or install Chromium (+ CJK font); prints its path
    python3 tools/machine.py summary                    # the last line of `make test`
    python3 tools/machine.py book-start FLAGS           # before `make book`'s build (see below)
    python3 tools/machine.py book-done RC FLAGS         # after it, with the build's exit code
    python3 tools/machine.py book-check FLAGS           # may `make test-html` reuse that build?

Policy for the browser stage (Chromium and the CJK font the glossary needs):
use `$CHROMIUM`, `/usr/bin/chromium` (or another system Chromium/Chrome) or a
Chromium that Playwright has already downloaded; when none exists and we are root
on a Debian/Ubuntu machine, install Debian's `chromium` and `fonts-noto-cjk` with
apt-get; otherwise skip only the browser stages, say so loudly, and make the
summary line say that they were skipped.  Under CI (`CI=true`) nothing may be
skipped: a missing browser fails the run.

The clean-build stamp (`make book` / `make test-html`): `make test-html` must build the
book from a clean folder with warnings as errors, because the execution cache does not
notice changes in src/.  When `make book` itself was exactly such a build -- it started
with no `_build/html` and no execution cache (so every notebook ran in it), used the same
flags, exited 0, and no file of the tree changed while it ran -- it writes a stamp with
the hash of the tree (every file git tracks or would track: src/, chapters/, _config.yml,
_toc.yml, references.bib, _ext/, ..., paths and contents), the installed packages and
the flags.  `book-check`
answers yes only if the stamp's hash and flags equal the tree's and flags' now; any
change to any file, another flag or a later `make book` (which removes the stamp first)
means a new clean build.  In CI (a fresh clone) this saves one full execution of the book.
"""

from __future__ import annotations

import glob
import hashlib
import json
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


BOOK_START = ROOT / "_build" / ".book-start.json"
BOOK_STAMP = ROOT / "_build" / ".clean-build.json"


def tree_hash(flags: str) -> str | None:
    """sha256 of the build flags, $ACTBOOK_STATIC_EXPLORERS, the Python version, the installed
    packages (name==version) and every file git tracks or would track (not ignored), path and
    content; None outside a git checkout."""
    try:
        out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             cwd=ROOT, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    from importlib import metadata

    h = hashlib.sha256()
    installed = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    for part in (flags, os.environ.get("ACTBOOK_STATIC_EXPLORERS", ""), sys.version, *installed):
        h.update(part.encode() + b"\0")
    for name in sorted(set(out.decode().split("\0")) - {""}):
        path = ROOT / name
        h.update(name.encode() + b"\0")
        if path.is_file() and not path.is_symlink():
            h.update(hashlib.sha256(path.read_bytes()).digest())
        else:  # deleted in the work tree, or a link: its target path
            h.update(os.readlink(path).encode() if path.is_symlink() else b"<absent>")
    return h.hexdigest()


def book_start(flags: str) -> int:
    """Before `make book` builds: forget any stamp; note whether this build starts clean."""
    BOOK_STAMP.unlink(missing_ok=True)
    clean = not (ROOT / "_build" / "html").exists() and not (ROOT / "_build" / ".jupyter_cache").exists()
    BOOK_START.parent.mkdir(parents=True, exist_ok=True)
    BOOK_START.write_text(json.dumps({"hash": tree_hash(flags), "clean": clean, "flags": flags}))
    return 0


def book_done(rc: int, flags: str) -> int:
    """After `make book`: write the stamp if the build was clean, strict, passed and the tree held still."""
    start = json.loads(BOOK_START.read_text()) if BOOK_START.exists() else {}
    BOOK_START.unlink(missing_ok=True)
    now = tree_hash(flags)
    why = ("the build failed" if rc != 0 else
           "it did not start from a clean _build (no _build/html, no execution cache)" if not start.get("clean") else
           "the build flags differ" if start.get("flags") != flags else
           "the tree is not a git checkout" if now is None else
           "files of the tree changed during the build" if start.get("hash") != now else "")
    if why:
        print(f"make book: no clean-build stamp ({why}); make test-html will build the book again")
        return 0
    BOOK_STAMP.write_text(json.dumps({"hash": now, "flags": flags}))
    print("make book: clean build with warnings as errors; stamp written (make test-html may reuse it)")
    return 0


def book_check(flags: str) -> int:
    """0 if `make book`'s build is the clean strict build of this very tree, else 1 (says why)."""
    stamp = json.loads(BOOK_STAMP.read_text()) if BOOK_STAMP.exists() else None
    why = ("no clean-build stamp from make book" if stamp is None else
           "no _build/html/intro.html" if not (ROOT / "_build" / "html" / "intro.html").exists() else
           "other build flags" if stamp.get("flags") != flags else
           "the tree changed since make book" if stamp.get("hash") != tree_hash(flags) else "")
    if why:
        print(f"test-html: building the book from clean ({why})")
        return 1
    print("test-html: _build/html is make book's clean build of this very tree with the same flags: reused")
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
    if cmd == "book-start":
        return book_start(" ".join(rest))
    if cmd == "book-done":
        return book_done(int(rest[0]), " ".join(rest[1:]))
    if cmd == "book-check":
        return book_check(" ".join(rest))
    print(f"unknown command {cmd!r}; see --help", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
