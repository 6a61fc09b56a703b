"""Without varnishd the Varnish tests skip and say why; with MASTHEAD_VARNISH_REQUIRED they fail instead.

Runs one Varnish test (the shipped VCL compiling, which needs no database)
in a fresh pytest, with MASTHEAD_VARNISHD naming a file that does not exist.
"""

import os
import subprocess
import sys

import pytest
from django.conf import settings

ONE_VARNISH_TEST = "tests/serving/test_varnish.py::test_the_shipped_default_vcl_compiles_with_masthead_vcl"


def run_without_varnishd(tmp_path, **environ):
    env = {key: value for key, value in os.environ.items() if key != "MASTHEAD_VARNISH_REQUIRED"}
    env.update(MASTHEAD_VARNISHD=str(tmp_path / "no-varnishd"), **environ)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rsfE", "-p", "no:randomly", ONE_VARNISH_TEST],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return done.returncode, done.stdout + done.stderr


@pytest.mark.parametrize("required", ["", "0"])
def test_without_varnishd_the_varnish_tests_skip_naming_what_is_missing(tmp_path, required):
    code, output = run_without_varnishd(tmp_path, MASTHEAD_VARNISH_REQUIRED=required)
    assert code == 0, output
    assert "1 skipped" in output, output
    assert f"Varnish not installed: {tmp_path / 'no-varnishd'} not found" in output, output


def test_when_varnish_is_required_its_absence_fails_the_tests(tmp_path):
    code, output = run_without_varnishd(tmp_path, MASTHEAD_VARNISH_REQUIRED="1")
    assert code != 0, output
    assert "skipped" not in output, output
    assert "MASTHEAD_VARNISH_REQUIRED is set, so the Varnish tests may not skip" in output, output
