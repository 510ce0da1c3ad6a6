"""Profiles writes: capture import and curation. Views, tasks and commands call these."""
from .captures import (
    ImportResult,
    capture_assign,
    capture_enqueue,
    capture_import,
    capture_process,
    capture_reapply,
    capture_sha256,
)
from .reimports import (
    reimport_job_progress,
    reimport_job_start,
    reimport_job_step,
    unfinished_work_requeue,
)
from .researchers import (
    CurationError,
    field_lock,
    field_unlock,
    paper_set_hidden,
    researcher_find,
    researcher_get_or_create,
    researcher_merge,
    researcher_possible_duplicates,
    researcher_reimport,
    researcher_set_hidden,
)
from .workers import worker_heartbeat_clear, worker_heartbeat_record

__all__ = [
    "CurationError", "ImportResult", "capture_assign", "capture_enqueue", "capture_import",
    "capture_process", "capture_reapply", "capture_sha256", "field_lock", "field_unlock",
    "paper_set_hidden", "reimport_job_progress", "reimport_job_start", "reimport_job_step", "researcher_find", "researcher_get_or_create", "researcher_merge", "researcher_possible_duplicates",
    "researcher_reimport", "researcher_set_hidden", "unfinished_work_requeue",
    "worker_heartbeat_clear", "worker_heartbeat_record",
]
