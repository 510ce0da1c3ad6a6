"""Matching's background work, for Celery's autodiscovery: the index rebuild is defined beside
the service that queues it (catalogue.py), so the two never import each other in a circle."""
from matching.catalogue import match_index_rebuild_task

__all__ = ["match_index_rebuild_task"]
