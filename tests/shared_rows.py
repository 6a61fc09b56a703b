"""Rows built once for a class of tests, the way Django's `TestCase.setUpTestData` builds them."""

from contextlib import contextmanager

from django.db import transaction


@contextmanager
def rows_shared_by_a_class(django_db_blocker):
    """What is saved inside is built once, seen by every test of a class, and rolled back after the last one.

    As Django's `TestCase.setUpTestData`: the rows live in a transaction
    left open around the class's tests, and each test (pytest-django's `db`)
    runs in a savepoint inside it, so what one test changes is undone before
    the next. Only for classes whose tests are not transactional.
    """
    with django_db_blocker.unblock():
        shared = transaction.atomic()
        shared.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            shared.__exit__(None, None, None)
