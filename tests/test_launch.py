"""Launch paths: one repository setting (tools/config.py) and the bootstrap cell every chapter starts with."""

import builtins
import json
import shutil
import sys
from pathlib import Path

import pytest
from IPython.core.inputtransformer2 import TransformerManager

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import config  # noqa: E402


class FakeIPython:
    def __init__(self):
        self.calls = []

    def run_line_magic(self, name, line):
        self.calls.append((name, line))


def run_bootstrap(src, block_import):
    """Run a bootstrap cell as IPython would; with ``block_import`` the package looks missing."""
    code = TransformerManager().transform_cell(src)
    ip = FakeIPython()
    real_import = builtins.__import__

    def fake_import(name, *a, **k):
        if block_import and name.split(".")[0] == "actbook":
            raise ModuleNotFoundError("No module named 'actbook'")
        return real_import(name, *a, **k)

    builtins.__import__ = fake_import
    try:
        exec(code, {"get_ipython": lambda: ip})
    finally:
        builtins.__import__ = real_import
    return ip.calls


def chapter_cells():
    for path in sorted((ROOT / "chapters").glob("[0-9]*.ipynb")):
        cells = json.loads(path.read_text())["cells"]
        yield path.name, [c for c in cells if "bootstrap" in c["metadata"].get("tags", [])], cells


def test_every_chapter_has_one_bootstrap_cell_before_its_first_code_cell():
    for name, boot, cells in chapter_cells():
        assert len(boot) == 1, name
        first_code = next(c for c in cells if c["cell_type"] == "code")
        assert first_code is boot[0], f"{name}: the bootstrap cell must be the first code cell"
        assert "remove-cell" in boot[0]["metadata"]["tags"], f"{name}: hidden in the HTML book"
        assert "".join(boot[0]["source"]) == config.bootstrap_source(config.repo_url()), name


def test_bootstrap_does_nothing_when_the_package_is_installed():
    src = config.bootstrap_source("https://github.com/you/fork")
    assert run_bootstrap(src, block_import=False) == []


def test_bootstrap_installs_from_the_configured_repository_when_the_package_is_missing():
    src = config.bootstrap_source("https://github.com/you/fork")
    calls = run_bootstrap(src, block_import=True)
    assert calls == [("pip", 'install --quiet "actbook[run] @ git+https://github.com/you/fork"')]


def test_run_extra_exists_and_requirements_use_it():
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert "\nrun = [" in pyproject and "myst-nb" in pyproject.split("\nrun = [")[1].split("]")[0]
    reqs = [l.strip() for l in (ROOT / "requirements.txt").read_text().splitlines() if l.strip() and l[0] != "#"]
    assert reqs == [".[run]"]


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    shutil.copy(ROOT / "_config.yml", tmp_path / "_config.yml")
    (tmp_path / "chapters").mkdir()
    src = sorted((ROOT / "chapters").glob("[0-9]*.ipynb"))[0]
    shutil.copy(src, tmp_path / "chapters" / src.name)
    monkeypatch.setattr(config, "CONFIG", tmp_path / "_config.yml")
    monkeypatch.setattr(config, "CHAPTERS", tmp_path / "chapters")
    return tmp_path


def test_set_url_rewrites_config_and_bootstrap_cells(scratch, capsys):
    config.set_url("https://github.com/you/fork", hub="https://hub.example.edu")
    text = (scratch / "_config.yml").read_text()
    assert "url: https://github.com/you/fork" in text and 'jupyterhub_url: "https://hub.example.edu"' in text
    assert config.repo_url() == "https://github.com/you/fork"
    assert config.check() == 0
    nb = next((scratch / "chapters").glob("*.ipynb")).read_text()
    assert "git+https://github.com/you/fork" in nb


@pytest.mark.parametrize("bad", ["", "github.com/you/fork", "https://", "ftp://x/y", "https://x/y z"])
def test_set_url_rejects_what_is_not_a_repository_url(scratch, bad):
    with pytest.raises(SystemExit, match="REPO must look like"):
        config.set_url(bad)
