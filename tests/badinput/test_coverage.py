"""Meta-test: every public name of every public actbook module has a bad-input case.

Adding a function to a module's ``__all__`` without adding it to
``tests/badinput/test_<module>.py``'s ``CASES`` fails here.
"""

import importlib
import pkgutil

import pytest

import actbook

#: Names that are deliberately not exercised, with the reason (one place for all).
EXEMPT: dict[str, str] = {}


def public_modules():
    return sorted(m.name for m in pkgutil.iter_modules(actbook.__path__) if not m.name.startswith("_"))


def cases_of(module: str) -> dict:
    return importlib.import_module(f"{__package__}.test_{module}").CASES


@pytest.mark.parametrize("module", public_modules())
def test_every_public_name_has_a_case(module):
    mod = importlib.import_module(f"actbook.{module}")
    public = getattr(mod, "__all__", None)
    assert public is not None, f"actbook.{module} has no __all__"
    try:
        cases = cases_of(module)
    except ModuleNotFoundError:
        pytest.fail(f"no tests/badinput/test_{module}.py for actbook.{module}")
    missing = [n for n in public if n not in cases and f"{module}.{n}" not in EXEMPT]
    assert not missing, f"actbook.{module}: public names without a bad-input case: {missing}"
    stale = [n for n in cases if n not in public]
    assert not stale, f"tests/badinput/test_{module}.py has cases for non-public names: {stale}"


def test_cases_call_the_named_object():
    """A case's function is the public object (or a lambda wrapping a method/class of it)."""
    for module in public_modules():
        mod = importlib.import_module(f"actbook.{module}")
        for name, case in cases_of(module).items():
            assert callable(case.func), f"{module}.{name}"
            assert hasattr(mod, name)
