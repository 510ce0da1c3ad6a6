"""Authorships are indexed by their (researcher, paper) and (paper, researcher) pairs only.

The pair's unique constraint already served every lookup by researcher, so the researcher's own
index was one more to write for each authorship an import adds. The paper's index becomes the
(paper, researcher) pair: a search maps its matching papers to their authors from the index
alone (a common two-word search, ~8,000 papers to ~6,000 researchers at 10,000 researchers).
The new index is made before the old ones go, so no lookup is ever without one."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('profiles', '0020_researcher_search_words'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='authorship',
            index=models.Index(fields=['paper', 'researcher'], name='authorship_paper_researcher'),
        ),
        migrations.AlterField(
            model_name='authorship',
            name='paper',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='authorships', to='profiles.paper'),
        ),
        migrations.AlterField(
            model_name='authorship',
            name='researcher',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='authorships', to='profiles.researcher'),
        ),
    ]
