"""The examples in docstrings run and hold, in every module of the package."""
import doctest
import importlib
import pkgutil

import pytest

import policykg

MODULES = sorted(m.name for m in pkgutil.walk_packages(policykg.__path__, "policykg."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    assert doctest.testmod(importlib.import_module(name)).failed == 0


def test_the_steps_of_the_loader_show_examples():
    for name in ("loaders.owners", "loaders.segment", "loaders.lexicon", "loaders.check", "loaders.structure",
                 "loaders.agencies", "loaders.deadlines"):
        assert doctest.testmod(importlib.import_module(f"policykg.{name}")).attempted > 0, name
