"""Before the demo newsroom is loaded, `demo_accounts` says so (tests/demo/test_demo_content.py tries its accounts)."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_demo_accounts_says_when_the_accounts_are_not_loaded_yet(db):
    out = io.StringIO()
    call_command("demo_accounts", stdout=out)
    assert "(not created yet: run load_demo_content)" in out.getvalue()
