"""Catalogue writes: capture import and curation. Views, tasks and commands call these."""
from .authorship import (
    AuthorshipDecision,
    UncheckedAuthorship,
    author_list_names_researcher,
    authorship_decide,
    authorships_failing_check,
)
from .capture_plans import CapturePlan, capture_date_from, capture_plan, capture_preview, not_attached_sentences
from .captures import (
    CaptureImportBatch,
    ImportResult,
    capture_assign,
    capture_enqueue,
    capture_fail,
    capture_import,
    capture_import_anyway,
    capture_process,
    capture_reapply,
    capture_sha256,
)
from .departments import (
    DepartmentError,
    DepartmentReport,
    department_add,
    department_enqueue,
    department_fail,
    department_jobs_abandoned_requeue,
    department_jobs_unfinished_requeue,
    department_member_choose,
    department_preview,
    department_report,
    department_run,
    researcher_listing_apply,
)
from .packs import PackImportResult, catalogue_pack_import
from .paper_stats import catalogue_statistics_refresh, researcher_paper_stats_refresh
from .papers import paper_find_same
from .reimports import (
    reimport_job_item_fail,
    reimport_job_start,
    reimport_job_step,
    researcher_reimport,
    unfinished_work_requeue,
)
from .researchers import (
    researcher_insert,
    CurationError,
    curated_edit_save,
    field_lock,
    field_unlock,
    paper_delete,
    paper_set_hidden,
    researcher_create,
    researcher_delete,
    researcher_get_or_create,
    researcher_insert_named,
    researcher_merge,
    researcher_proposals_release,
    researcher_publish,
    researcher_reject,
    researcher_set_hidden,
)
from .sources import (
    SourceAddError,
    SourceResult,
    researcher_add_enqueue,
    researcher_add_from_source,
    source_add_fail,
    source_fetch,
    source_link_refresh,
    source_links_fail,
    source_links_refresh,
    source_links_refresh_enqueue,
)
from .versions import catalogue_version_bump
from .workers import (
    unsent_work_record,
    unsent_work_resend,
    worker_heartbeat_clear,
    worker_heartbeat_record,
)

__all__ = [
    "PackImportResult", "catalogue_pack_import", "researcher_insert",
    "DepartmentError", "DepartmentReport", "department_add", "department_enqueue", "department_fail", "department_jobs_abandoned_requeue",
    "department_jobs_unfinished_requeue",
    "department_member_choose", "department_preview", "department_report", "department_run",
    "researcher_listing_apply",
    "AuthorshipDecision", "UncheckedAuthorship", "authorships_failing_check", "CapturePlan",
    "author_list_names_researcher", "authorship_decide", "capture_date_from", "capture_plan", "capture_preview", "not_attached_sentences", "paper_find_same",
    "CaptureImportBatch", "CurationError", "ImportResult", "capture_assign", "capture_enqueue", "capture_fail", "capture_import", "capture_import_anyway",
    "capture_process", "capture_reapply", "capture_sha256", "catalogue_version_bump",
    "catalogue_statistics_refresh", "researcher_paper_stats_refresh",
    "curated_edit_save", "field_lock", "field_unlock", "paper_delete", "paper_set_hidden", "reimport_job_item_fail",
    "reimport_job_start", "reimport_job_step", "researcher_create", "researcher_delete", "researcher_get_or_create",
    "researcher_insert_named",     "researcher_merge", "researcher_proposals_release", "researcher_publish", "researcher_reject", "researcher_reimport",
    "researcher_set_hidden", "unfinished_work_requeue", "unsent_work_record", "unsent_work_resend", "worker_heartbeat_clear", "worker_heartbeat_record",
    "SourceAddError", "SourceResult", "researcher_add_enqueue", "researcher_add_from_source", "source_add_fail", "source_fetch", "source_links_fail",
    "source_link_refresh", "source_links_refresh", "source_links_refresh_enqueue",
]
