"""A database from when the app was called `comments` keeps its comments and moderation grants on upgrade.

The former app's database is made from the current one as the former app's migrations left
it: the rows moved into tables created under the former names (with their own index names
and sequences), the content types relabelled and the migrations recorded under the former
app. Then `migrate` runs as it does on deployment.
"""

import io

import pytest
from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.db.migrations.state import ModelState, ProjectState
from django.utils.module_loading import import_string
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from reader_comments.models import Comment, CommentSettings
from tests.reader_comments.conftest import make_comment

FORMER_TABLES = {Comment: "comments_comment", CommentSettings: "comments_commentsettings"}
MIGRATIONS = ["0001_initial", "0002_moderation_permissions"]


def tables():
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def migrate(*target):
    call_command("migrate", "reader_comments", *target, interactive=False, verbosity=0, stdout=io.StringIO())
    ContentType.objects.clear_cache()


def record_migrations(app):
    recorder = MigrationRecorder(connection)
    recorder.migration_qs.filter(app__in=["comments", "reader_comments"]).delete()
    for name in MIGRATIONS:
        recorder.record_applied(app, name)


def former_models():
    """The models as the former app's migrations made them: the same fields, under the label `comments`."""
    state = ProjectState.from_apps(global_apps)
    for model in FORMER_TABLES:
        model_state = ModelState.from_model(model)
        fields = []
        for name, field in model_state.fields.items():
            _, path, args, kwargs = field.deconstruct()
            if kwargs.get("to") == "reader_comments.comment":
                kwargs["to"] = "comments.comment"
            fields.append((name, import_string(path)(*args, **kwargs)))
        state.add_model(ModelState("comments", model_state.name, fields, model_state.options, model_state.bases))
    return [state.apps.get_model("comments", model.__name__) for model in FORMER_TABLES]


def make_it_the_former_apps_database():
    """Move the rows into tables made as the former app made them, and label everything as it did."""
    rows = {}
    with connection.cursor() as cursor:
        for model in FORMER_TABLES:
            columns = ", ".join(connection.ops.quote_name(field.column) for field in model._meta.local_concrete_fields)
            cursor.execute(f"SELECT {columns} FROM {model._meta.db_table} ORDER BY id")
            rows[model] = (columns, cursor.fetchall())
    former = former_models()
    with connection.schema_editor() as editor:
        for model in reversed(FORMER_TABLES):
            editor.delete_model(model)
        for former_model in former:
            editor.create_model(former_model)
    with connection.cursor() as cursor:
        for (columns, values), former_table in zip(rows.values(), FORMER_TABLES.values(), strict=True):
            for row in values:
                cursor.execute(f"INSERT INTO {former_table} ({columns}) VALUES ({', '.join(['%s'] * len(row))})", row)
        # As if the rows had been inserted one by one: PostgreSQL's sequences are past them.
        for sql in connection.ops.sequence_reset_sql(no_style(), former):
            cursor.execute(sql)
    ContentType.objects.filter(app_label="reader_comments").update(app_label="comments")
    ContentType.objects.clear_cache()
    record_migrations("comments")


def make_the_current_tables_again():
    present = tables()
    with connection.schema_editor() as editor:
        for model, former_table in reversed(FORMER_TABLES.items()):
            for table in (model._meta.db_table, former_table):
                if table in present:
                    editor.execute(editor.sql_delete_table % {"table": editor.quote_name(table)})
        for model in FORMER_TABLES:
            editor.create_model(model)


def snapshot():
    """Everything the upgrade must keep, read through the current models."""
    comment_type = ContentType.objects.get_for_model(Comment)
    return {
        "comments": list(
            Comment.objects.order_by("pk").values_list(
                "pk", "parent_id", "article_id", "name", "text", "status", "ip_address", "moderated_by_id"
            )
        ),
        "settings": list(CommentSettings.objects.values_list("pk", "blocklist")),
        "content types": (comment_type.pk, ContentType.objects.get_for_model(CommentSettings).pk),
        "grants": sorted(
            Group.permissions.through.objects.filter(permission__content_type=comment_type).values_list(
                "group__name", "permission__codename", "permission_id"
            )
        ),
        "log entries": list(ModelLogEntry.objects.filter(content_type=comment_type).values_list("object_id", "action")),
    }


@pytest.fixture
def former_apps_database(article, django_user_model):
    """Comments, settings, a Wagtail log entry and grants as a newsroom has them, in the former app's database."""
    moderator = django_user_model.objects.create_user("moderator")
    first = make_comment(article, moderated_by=moderator)
    reply = make_comment(article, parent=first, status=Comment.Status.PENDING, ip_address="192.0.2.7")
    comment_settings = CommentSettings.load()
    comment_settings.blocklist = "casino"
    comment_settings.save()
    log(instance=reply, action="wagtail.edit", user=moderator)
    permissions = Permission.objects.filter(content_type=ContentType.objects.get_for_model(Comment))
    Group.objects.create(name="Night desk").permissions.add(permissions.get(codename="change_comment"))
    # A choice made since the former app's 0002 granted it: the upgrade must not grant it again.
    Group.objects.get(name="Editors").permissions.remove(permissions.get(codename="view_comment"))
    before = snapshot()
    assert len(before["comments"]) == 2 and len(before["grants"]) == 4 and len(before["log entries"]) == 1

    make_it_the_former_apps_database()
    yield before

    # Later tests need the current schema and content types whatever happened here;
    # serialized rollback restores the rows.
    make_the_current_tables_again()
    record_migrations("reader_comments")
    for model in FORMER_TABLES:
        if ContentType.objects.filter(app_label="comments", model=model._meta.model_name).exists():
            ContentType.objects.filter(app_label="reader_comments", model=model._meta.model_name).delete()
    ContentType.objects.filter(app_label="comments").update(app_label="reader_comments")
    warm_content_type_cache()


def warm_content_type_cache():
    """Fill the content type cache again, which `migrate` empties.

    Restoring the serialized rows after this test saves models whose signal handlers look
    content types up; with an empty cache they would create them first, and the restored
    rows would then clash with them.
    """
    ContentType.objects.clear_cache()
    for content_type in ContentType.objects.all():
        if (model := content_type.model_class()) is not None:
            ContentType.objects.get_for_model(model, for_concrete_model=False)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_upgrading_keeps_comments_settings_content_types_grants_and_log_entries(former_apps_database, article):
    # The new code may look the content type up before `migrate` runs (Wagtail's snippet
    # permissions do on any migrate), creating one under the new label.
    ContentType.objects.get_for_model(Comment)

    migrate()

    assert snapshot() == former_apps_database
    assert not set(FORMER_TABLES.values()) & tables()
    assert not ContentType.objects.filter(app_label="comments").exists()
    assert ContentType.objects.get_for_model(Comment).pk == former_apps_database["content types"][0]
    # Wagtail finds the comment its log entry is about; new comments get new ids (PostgreSQL's sequence).
    entry = ModelLogEntry.objects.get(content_type=ContentType.objects.get_for_model(Comment))
    assert entry.content_type.get_object_for_this_type(pk=entry.object_id).status == Comment.Status.PENDING
    assert make_comment(article).pk > max(row[0] for row in former_apps_database["comments"])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reversing_the_upgrade_gives_the_former_app_its_tables_back(former_apps_database):
    migrate()
    migrate("zero")

    assert set(FORMER_TABLES.values()) <= tables()
    assert not {model._meta.db_table for model in FORMER_TABLES} & tables()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM comments_comment")
        assert cursor.fetchone()[0] == len(former_apps_database["comments"])
    former_type = ContentType.objects.get(app_label="comments", model="comment")
    assert former_type.pk == former_apps_database["content types"][0]
    assert sorted(
        Group.permissions.through.objects.filter(permission__content_type=former_type).values_list(
            "group__name", "permission__codename", "permission_id"
        )
    ) == sorted(former_apps_database["grants"])

    migrate()

    assert snapshot() == former_apps_database


@pytest.mark.django_db
def test_a_new_database_has_the_tables_under_the_new_names_and_the_moderation_grants():
    assert {model._meta.db_table for model in FORMER_TABLES} <= tables()
    assert not set(FORMER_TABLES.values()) & tables()

    def granted(group):
        return set(
            Group.objects.get(name=group)
            .permissions.filter(content_type__app_label="reader_comments")
            .values_list("codename", flat=True)
        )

    assert granted("Reviewers") == {"view_comment", "change_comment", "delete_comment"}
    assert granted("Editors") == {"view_comment"}
