"""The examples in docstrings run and hold."""
import doctest
import importlib

import pytest

MODULES = ["policykg.loaders", "policykg.loaders.text", "policykg.loaders.structure", "policykg.loaders.agencies",
           "policykg.loaders.deadlines", "policykg.loaders.targets", "policykg.loaders.citations",
           "policykg.loaders.places", "policykg.loaders.roster", "policykg.graph.build",
           "policykg.report.data", "policykg.report.pictures",
           "policykg.loaders.formats", "policykg.loaders.formats.html", "policykg.loaders.formats.numbers"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0 and result.attempted > 0
