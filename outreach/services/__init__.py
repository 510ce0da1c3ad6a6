"""Outreach writes and the checks they run: templates, grounded drafts with their history, and
bulk drafting. One module per idea; everything public is re-exported here."""
from .bulk import (
    bulk_job_create,
    bulk_job_fail,
    bulk_job_resume,
    bulk_job_run,
    bulk_jobs_unfinished_requeue,
)
from .checks import Titles, draft_check
from .drafting import (
    Rendered,
    draft_create,
    draft_edit,
    draft_polish,
    draft_render,
    draft_swap_paper,
    drafts_reassign,
    follow_up_original,
    hidden_message,
)
from .templates import (
    DEFAULT_TEMPLATES,
    DEFAULTS_DIR,
    TemplateSource,
    default_template,
    template_check,
    template_choices,
    template_delete,
    template_save,
    template_source,
)

__all__ = [
    "DEFAULTS_DIR", "DEFAULT_TEMPLATES", "Rendered", "TemplateSource", "Titles", "bulk_job_create", "bulk_jobs_unfinished_requeue",
    "bulk_job_fail", "bulk_job_resume", "bulk_job_run", "default_template", "draft_check", "draft_create", "draft_edit",
    "draft_polish", "draft_render", "draft_swap_paper", "drafts_reassign",
    "follow_up_original", "hidden_message", "template_check", "template_choices", "template_delete", "template_save", "template_source",
]
