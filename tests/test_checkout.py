"""pytest in a checkout tests the checkout, whichever copy of policykg is installed."""
from pathlib import Path

import policykg
import policykg.queries

ROOT = Path(__file__).resolve().parents[1]


def test_the_package_under_test_is_this_checkout():
    assert Path(policykg.__file__).resolve() == ROOT / "__init__.py"
    assert Path(policykg.queries.__file__).resolve() == ROOT / "queries" / "__init__.py"
