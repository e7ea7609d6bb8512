from django.contrib.postgres.operations import BtreeGistExtension, TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("wcocb", "0002_reference_data")]

    operations = [TrigramExtension(), BtreeGistExtension(), UnaccentExtension()]
