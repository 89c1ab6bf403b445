"""PostgreSQL only: the articles' tsvector (title weighted A, body B: `bulletins.search.PG_VECTOR`) as a stored
generated column with its GIN index, in place of the GIN index on the expression. Ranking a common word's
matches then reads the stored vector instead of rebuilding each one's from its words (docs/decisions/021).
Not on `bulletins_ticketsearch`: at 10M rows the column rewrites the table, and there the GIN look-up is the cost.
The model does not declare the column (the database computes it); skipped elsewhere."""

from django.db import migrations

VECTOR = "(setweight(to_tsvector('simple', search_title), 'A') || setweight(to_tsvector('simple', search_text), 'B'))"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE bulletins_article ADD COLUMN IF NOT EXISTS search_vector tsvector "
        f"GENERATED ALWAYS AS {VECTOR} STORED"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS bulletins_article_vector ON bulletins_article USING GIN (search_vector)"
    )
    schema_editor.execute("DROP INDEX IF EXISTS bulletins_article_search")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS bulletins_article_search ON bulletins_article USING GIN ({VECTOR})"
    )
    schema_editor.execute("ALTER TABLE bulletins_article DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [("bulletins", "0003_postgresql_search")]
    operations = [migrations.RunPython(forward, backward)]
