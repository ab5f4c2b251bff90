"""One setting for where the book's repository lives: `make config REPO=https://github.com/you/fork`.

The repository URL is kept in one place, `_config.yml` (`repository.url`). This
tool writes it there and into the one line that depends on it in every chapter:
the *bootstrap* cell (tag ``bootstrap``, hidden in the HTML book), which installs
the package from that repository when ``import actbook`` fails, as it does on
Colab or in a bare Jupyter.  Locally, on Binder and in CI the package is
installed and the cell does nothing.

    python tools/config.py set URL [--hub HUB_URL]   # write the URL (and a JupyterHub URL)
    python tools/config.py bootstrap                 # add/refresh the bootstrap cell in every chapter
    python tools/config.py check                     # exit 1 if a chapter disagrees with _config.yml
"""

from __future__ import annotations

import json
import re
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "_config.yml"
CHAPTERS = ROOT / "chapters"
TAG = "bootstrap"
EXTRA = "run"  # the extra with what a chapter needs at run time (see pyproject.toml)
URL_RE = re.compile(r"^(https://[\w.-]+(:\d+)?/[\w.~/-]+?|git@[\w.-]+:[\w.~/-]+?)(\.git)?/?$")

BOOTSTRAP = '''\
# Runs only where the book's package is missing (Colab, a bare Jupyter): it installs
# the package from the book's repository. Locally, on Binder and in CI it does nothing.
try:
    import actbook
except ImportError:
    %pip install --quiet "{spec}"
'''


def repo_url() -> str:
    """The repository URL written in _config.yml."""
    m = re.search(r"^repository:\s*\n(?:[ \t]+.*\n)*?[ \t]+url:\s*(\S+)", CONFIG.read_text(), re.M)
    if not m:
        raise SystemExit("config: _config.yml has no repository.url")
    return m.group(1).strip("'\"")


def pip_spec(url: str) -> str:
    """What the bootstrap cell installs: the package with its run-time extra, from git."""
    if url.startswith("git@"):  # scp-like form -> a URL pip understands
        url = "ssh://" + url.replace(":", "/", 1)
    return f"actbook[{EXTRA}] @ git+{url}"


def bootstrap_source(url: str) -> str:
    return BOOTSTRAP.format(spec=pip_spec(url)).rstrip("\n")


def set_url(url: str, hub: str | None = None) -> None:
    url = url.strip()
    if not URL_RE.match(url):
        raise SystemExit(f"config: REPO must look like https://host/owner/name or git@host:owner/name, got {url!r}")
    text = CONFIG.read_text()
    text, n = re.subn(r"(^repository:\s*\n(?:[ \t]+.*\n)*?[ \t]+url:\s*)\S+", lambda m: m.group(1) + url, text,
                      count=1, flags=re.M)
    if n != 1:
        raise SystemExit("config: could not find repository.url in _config.yml")
    if hub is not None:
        if hub and not hub.startswith("https://"):
            raise SystemExit(f"config: HUB must be an https:// URL (or empty), got {hub!r}")
        text = re.sub(r'(^[ \t]+jupyterhub_url:\s*).*$', lambda m: m.group(1) + f'"{hub}"', text, count=1, flags=re.M)
    CONFIG.write_text(text)
    changed = bootstrap()
    print(f"config: repository.url = {url}; bootstrap cell refreshed in {changed} chapter(s)")


def _chapters() -> list[Path]:
    return sorted(p for p in CHAPTERS.glob("[0-9]*.ipynb"))


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _save(path: Path, nb: dict) -> None:
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def bootstrap() -> int:
    """Insert (before the first code cell) or refresh the bootstrap cell; return how many files changed."""
    src = bootstrap_source(repo_url())
    changed = 0
    for path in _chapters():
        nb = _load(path)
        cells = nb["cells"]
        cur = [c for c in cells if TAG in c.get("metadata", {}).get("tags", [])]
        lines = [line + "\n" for line in src.split("\n")]
        lines[-1] = lines[-1].rstrip("\n")
        if cur:
            if "".join(cur[0]["source"]) == src:
                continue
            cur[0]["source"] = lines
        else:
            first_code = next(i for i, c in enumerate(cells) if c["cell_type"] == "code")
            cells.insert(first_code, {"cell_type": "code", "execution_count": None, "id": uuid.uuid4().hex[:8],
                                      "metadata": {"tags": ["remove-cell", TAG]}, "outputs": [], "source": lines})
        _save(path, nb)
        changed += 1
    return changed


def check() -> int:
    src = bootstrap_source(repo_url())
    bad = []
    for path in _chapters():
        cells = [c for c in _load(path)["cells"] if TAG in c.get("metadata", {}).get("tags", [])]
        if len(cells) != 1 or "".join(cells[0]["source"]) != src:
            bad.append(path.name)
    if bad:
        print(f"config: bootstrap cell missing or out of date in {', '.join(bad)}; run `make config REPO=...` "
              "or `python tools/config.py bootstrap`", file=sys.stderr)
        return 1
    print(f"config: {len(_chapters())} chapters install from {repo_url()} when actbook is missing")
    return 0


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    if argv[0] == "set" and len(argv) >= 2:
        hub = argv[argv.index("--hub") + 1] if "--hub" in argv else None
        set_url(argv[1], hub)
        return 0
    if argv[0] == "bootstrap":
        print(f"config: bootstrap cell added or refreshed in {bootstrap()} chapter(s)")
        return 0
    if argv[0] == "check":
        return check()
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
