"""pytest in a checkout tests the checkout, whichever copy of policykg is installed."""
import subprocess
import sys
from pathlib import Path

import policykg
import policykg.queries

ROOT = Path(__file__).resolve().parents[1]


def test_the_package_under_test_is_this_checkout():
    assert Path(policykg.__file__).resolve() == ROOT / "__init__.py"
    assert Path(policykg.queries.__file__).resolve() == ROOT / "queries" / "__init__.py"


def test_policykg_processes_started_by_tests_run_this_checkout():
    found = subprocess.run([sys.executable, "-c", "import policykg.cli; print(policykg.cli.__file__)"],
                           capture_output=True, text=True, check=True).stdout.strip()
    assert Path(found).resolve() == ROOT / "cli.py"
