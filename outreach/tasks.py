"""Outreach background jobs, for Celery's autodiscovery: each task is defined beside the service
that sends it (services/bulk.py), so services and tasks never import each other in a circle.

Retries and enqueue-on-commit come from the project's base task class (config.tasks.ScoutTask).
"""
from outreach.services.bulk import bulk_draft_task

__all__ = ["bulk_draft_task"]
