"""The reader comments' tables, taken over from the app's former name where a database has them.

This app was called `comments` until it was renamed so it could not be confused with
Wagtail's editor comments. Its models are unchanged; only the app label moved, and with
it the table names (`comments_comment` became `reader_comments_comment`, and so on).

The state below creates the models as usual. What happens to the database depends on it:

- A new database gets the tables created, as any initial migration would.
- A database that ran the former app's migrations has `comments_comment` and
  `comments_commentsettings`: they are renamed, keeping every row, and their content
  types are relabelled in place, so the content type ids stay the same. Permissions
  (and the groups holding them), Wagtail's log entries, revisions and reference index
  all point at content type ids, so they follow without being touched. On PostgreSQL
  the id columns keep their identity sequences, which are tied to the column and not
  to the table's name.

The former app's rows in `django_migrations` are left as they are: Django ignores
migrations of an app it does not have, and they tell this migration's reverse (and
0002) that the database came from the former app.

Reversing this migration undoes what it did: the tables and content types go back to
the former names when the database came from the former app (so the previous release
can run on it again), and are dropped otherwise.
"""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.migrations.recorder import MigrationRecorder

FORMER_LABEL = "comments"
LABEL = "reader_comments"
MODEL_NAMES = ["commentsettings", "comment"]


def came_from_former_app(connection):
    """Whether this database ran the former `comments` app's migrations."""
    return MigrationRecorder(connection).migration_qs.filter(app=FORMER_LABEL).exists()


def clear_content_type_cache():
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


def relabel_content_type(apps, alias, model_name, from_label, to_label):
    """Give the model's content type the other app label, keeping its id and all that points at it.

    A content type may already exist under the label it is moving to: code that knows the
    model only under that label (Wagtail's snippet permissions after any `migrate`, or a
    lookup by the running site) creates one on first sight, even while the table still
    has its other name. Nothing can be stored under it but permissions; their grants are
    carried over to the kept content type's permissions, and the stray one is deleted.
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_types = ContentType.objects.using(alias)
    kept = content_types.filter(app_label=from_label, model=model_name).first()
    if kept is None:
        return
    stray = content_types.filter(app_label=to_label, model=model_name).first()
    if stray is not None:
        for permission in Permission.objects.using(alias).filter(content_type=stray):
            twin, _ = Permission.objects.using(alias).get_or_create(
                content_type=kept, codename=permission.codename, defaults={"name": permission.name}
            )
            twin.group_set.add(*permission.group_set.all())
            twin.user_set.add(*permission.user_set.all())
        stray.delete()
    kept.app_label = to_label
    kept.save(update_fields=["app_label"])


def take_over_or_create_tables(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
    for model_name in MODEL_NAMES:
        model = apps.get_model(LABEL, model_name)
        former_table = f"{FORMER_LABEL}_{model_name}"
        if former_table in tables:
            schema_editor.alter_db_table(model, former_table, model._meta.db_table)
            relabel_content_type(apps, connection.alias, model_name, FORMER_LABEL, LABEL)
        else:
            schema_editor.create_model(model)
    clear_content_type_cache()


def give_back_or_drop_tables(apps, schema_editor):
    connection = schema_editor.connection
    give_back = came_from_former_app(connection)
    for model_name in reversed(MODEL_NAMES):
        model = apps.get_model(LABEL, model_name)
        if give_back:
            schema_editor.alter_db_table(model, model._meta.db_table, f"{FORMER_LABEL}_{model_name}")
            relabel_content_type(apps, connection.alias, model_name, LABEL, FORMER_LABEL)
        else:
            schema_editor.delete_model(model)
    clear_content_type_cache()


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('news', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CommentSettings',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('close_after_days', models.PositiveIntegerField(default=0, help_text='Stories older than this many days stop taking comments. 0 keeps comments open on every story.', verbose_name='close comments after (days)')),
                        ('blocklist', models.TextField(blank=True, help_text='One word, phrase or web address per line. Comments whose name, email or text contain one are refused. Words match whole words, in any case; addresses (with a dot or slash) match anywhere.')),
                        ('trust_returning_commenters', models.BooleanField(default=True, help_text='Publish without moderation when the same name and email already have an approved comment.', verbose_name='publish returning commenters at once')),
                        ('rate_limit_count', models.PositiveSmallIntegerField(default=5, help_text='How many comments one address (network or email) may send per window before being told to slow down.', validators=[django.core.validators.MinValueValidator(1)], verbose_name='comments allowed per window')),
                        ('rate_limit_minutes', models.PositiveSmallIntegerField(default=10, help_text="The rate limit window. Commenters' IP addresses are kept this long, then erased.", validators=[django.core.validators.MinValueValidator(1)], verbose_name='window (minutes)')),
                        ('minimum_fill_seconds', models.PositiveSmallIntegerField(default=3, help_text='Submissions sent sooner than this after the form was shown are treated as automated.', verbose_name='minimum time to write (seconds)')),
                    ],
                    options={
                        'verbose_name': 'comment settings',
                    },
                ),
                migrations.CreateModel(
                    name='Comment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(blank=True, max_length=80)),
                        ('email', models.EmailField(blank=True, help_text='Never shown to readers. Stored in lower case.', max_length=254)),
                        ('text', models.TextField(max_length=5000)),
                        ('status', models.CharField(choices=[('pending', 'Awaiting moderation'), ('approved', 'Approved'), ('rejected', 'Rejected'), ('spam', 'Spam')], default='pending', max_length=10)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='posted')),
                        ('ip_address', models.GenericIPAddressField(blank=True, null=True, verbose_name='IP address')),
                        ('commenter_removed', models.BooleanField(default=False, help_text='The commenter asked to be forgotten: name, email and address were erased.')),
                        ('moderated_at', models.DateTimeField(blank=True, null=True)),
                        ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='news.articlepage', verbose_name='story')),
                        ('moderated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='replies', to='reader_comments.comment', verbose_name='in reply to')),
                    ],
                    options={
                        'ordering': ['-created_at', '-pk'],
                        'indexes': [models.Index(fields=['article', 'status', 'created_at'], name='comment_thread'), models.Index(fields=['status', '-created_at'], name='comment_queue'), models.Index(fields=['email'], name='comment_email'), models.Index(fields=['ip_address', 'created_at'], name='comment_ip_recent'), models.Index(condition=models.Q(('ip_address__isnull', False)), fields=['created_at'], name='comment_ip_to_forget')],
                    },
                ),
            ],
        ),
        migrations.RunPython(take_over_or_create_tables, give_back_or_drop_tables),
    ]
