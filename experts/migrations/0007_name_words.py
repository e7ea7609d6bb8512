"""The lexicon of the words of experts' names that the typo search corrects a query's words against
(``Garsia`` → ``garcia``). An index kept by ``expert_refresh_search``, not a record: no model."""

from django.contrib.postgres.operations import CreateExtension
from django.db import migrations

from experts.services.experts import NAME_WORDS_SQL

CREATE = """
CREATE TABLE experts_name_word (word varchar(100) PRIMARY KEY CHECK (word <> ''));
"""


class Migration(migrations.Migration):
    dependencies = [
        ("experts", "0006_recognized_expert_has_administration"),
        ("wcocb", "0003_extensions"),
    ]

    operations = [
        CreateExtension("fuzzystrmatch"),
        migrations.RunSQL(CREATE, reverse_sql="DROP TABLE experts_name_word;"),
        migrations.RunSQL(NAME_WORDS_SQL.format(where=""), reverse_sql=migrations.RunSQL.noop),
    ]
