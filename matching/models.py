"""Match indexes published for every web node: the files of one built index folder
(matching/storage.py) as chunks in the database, so a node with its own ``MATCH_INDEX_DIR``
copies the newest index instead of building it (matching/published.py)."""
from django.db import models


class PublishedIndex(models.Model):
    """One built index version, whole once ``complete`` (its chunks are written first)."""

    version = models.CharField(max_length=200, unique=True)
    # File name -> size in bytes: what a node must have after copying, checked before use.
    files = models.JSONField(default=dict)
    complete = models.BooleanField(default=False)
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.version


class PublishedIndexChunk(models.Model):
    """A piece of one file of a published index: a few megabytes, well inside what PostgreSQL
    (bytea, 1 GB) and SQLite (a blob, 1 GB by default) hold in one value."""

    index = models.ForeignKey(PublishedIndex, on_delete=models.CASCADE, related_name="chunks")
    file = models.CharField(max_length=200)
    seq = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["index", "file", "seq"], name="published_chunk_once")]
