"""Matching's background work, for Celery's autodiscovery: each task is defined beside the
service that queues it (the index rebuild in catalogue.py, an applicant's ranking in
applicant.py), so the two never import each other in a circle."""
from matching.applicant import ranking_warm_task
from matching.catalogue import match_index_rebuild_task

__all__ = ["match_index_rebuild_task", "ranking_warm_task"]
