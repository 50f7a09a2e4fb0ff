# The text of PDF documents moves from the search app to the library. The tables stay as they
# are (created by search 0003): only Django's model state changes app, with no SQL.

import django.db.models.deletion
from django.db import migrations, models


def rename_content_types(apps, schema_editor, old="search", new="resources"):
    """Keep the content types (and their permissions) of the two models under their new app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in ("documenttext", "documentpagetext"):
        if ContentType.objects.using(db).filter(app_label=new, model=model).exists():
            continue
        ContentType.objects.using(db).filter(app_label=old, model=model).update(app_label=new)


def restore_content_types(apps, schema_editor):
    rename_content_types(apps, schema_editor, old="resources", new="search")


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('resources', '0001_initial'),
        ('search', '0003_documentpagetext'),
        ('wagtaildocs', '0014_alter_document_file_size'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='DocumentText',
                    fields=[
                        ('document', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to='wagtaildocs.document', verbose_name='document')),
                        ('source', models.CharField(max_length=400, verbose_name='file (name and hash)')),
                        ('status', models.CharField(choices=[('ok', 'Extracted'), ('truncated', 'Extracted in part (too long)'), ('not_pdf', 'Not a PDF'), ('failed', 'Could not be read')], max_length=10, verbose_name='status')),
                        ('pages', models.PositiveIntegerField(default=0, verbose_name='pages with text')),
                        ('extracted_at', models.DateTimeField(auto_now=True, verbose_name='extracted at')),
                    ],
                    options={
                        'verbose_name': 'document text extraction',
                        'verbose_name_plural': 'document text extractions',
                        'db_table': 'search_documenttext',
                    },
                ),
                migrations.CreateModel(
                    name='DocumentPageText',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('page_number', models.PositiveIntegerField(verbose_name='page')),
                        ('text', models.TextField(verbose_name='text')),
                        ('document', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='wagtaildocs.document', verbose_name='document')),
                    ],
                    options={
                        'verbose_name': 'document page text',
                        'verbose_name_plural': 'document page texts',
                        'db_table': 'search_documentpagetext',
                        'ordering': ['document', 'page_number'],
                        'constraints': [models.UniqueConstraint(fields=('document', 'page_number'), name='unique_document_page_text')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(rename_content_types, restore_content_types),
    ]
