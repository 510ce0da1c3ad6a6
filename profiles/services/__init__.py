"""Profiles writes: capture import and curation. Views, tasks and commands call these."""
from .authorship import AuthorshipDecision, author_list_names_researcher, authorship_decide
from .captures import (
    CapturePlan,
    ImportResult,
    capture_assign,
    capture_enqueue,
    capture_import,
    capture_plan,
    capture_preview,
    capture_process,
    capture_reapply,
    capture_sha256,
    not_attached_sentences,
)
from .papers import paper_find_same
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

__all__ = [
    "AuthorshipDecision", "CapturePlan", "author_list_names_researcher", "authorship_decide",
    "capture_plan", "capture_preview", "not_attached_sentences", "paper_find_same",
    "CurationError", "ImportResult", "capture_assign", "capture_enqueue", "capture_import",
    "capture_process", "capture_reapply", "capture_sha256", "field_lock", "field_unlock",
    "paper_set_hidden", "reimport_job_progress", "reimport_job_start", "reimport_job_step", "researcher_find", "researcher_get_or_create", "researcher_merge", "researcher_possible_duplicates",
    "researcher_reimport", "researcher_set_hidden", "unfinished_work_requeue",
]
