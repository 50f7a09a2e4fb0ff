# The contact details, formerly home's: the same rows, their table renamed, and their content
# type (with the editors' permissions on it) handed over rather than made anew.

import django.db.models.deletion
from django.db import migrations, models


def hand_over_content_type(apps, schema_editor):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    old = ContentType.objects.filter(app_label='home', model='contactsettings')
    if not ContentType.objects.filter(app_label='newsletter', model='contactsettings').exists():
        old.update(app_label='newsletter')


def take_back_content_type(apps, schema_editor):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    if not ContentType.objects.filter(app_label='home', model='contactsettings').exists():
        ContentType.objects.filter(app_label='newsletter', model='contactsettings').update(
            app_label='home'
        )


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('home', '0003_move_contactsettings_to_newsletter'),
        ('newsletter', '0002_consent_token_hash'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ContactSettings',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('contact_email', models.EmailField(blank=True, max_length=254, verbose_name='contact email')),
                        ('postal_address', models.TextField(blank=True, verbose_name='postal address')),
                        ('site', models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to='wagtailcore.site')),
                    ],
                    options={
                        'verbose_name': 'contact details',
                        'db_table': 'home_contactsettings',
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name='contactsettings', table=None),
        migrations.RunPython(hand_over_content_type, take_back_content_type),
    ]
