"""Catalogue reads: querysets and page data shared by views, tasks, commands and the apps
above the catalogue. ``catalogue`` holds the shared lookups, ``pages`` what the directory and
researcher pages show."""
from .catalogue import (
    captures_progress,
    captures_waiting,
    catalogue_changed_at,
    catalogue_version_current,
    catalogue_version_stamp,
    paper_titles_visible,
    reimport_job_progress,
    researcher_find,
    researcher_papers_visible,
    researcher_possible_duplicates,
    researcher_survivor,
    researchers_for_export,
    researchers_visible,
)
from .sources import researcher_source_links, source_links_due
from .pages import (
    SORTS,
    ResearcherMoved,
    ResearcherPage,
    directory_institutions,
    directory_researchers,
    directory_topics,
    researcher_page,
)

__all__ = [
    "SORTS", "ResearcherMoved", "ResearcherPage", "captures_progress", "captures_waiting",
    "catalogue_changed_at", "catalogue_version_current", "catalogue_version_stamp", "directory_institutions",
    "directory_researchers", "directory_topics", "paper_titles_visible", "reimport_job_progress", "researcher_find",
    "researcher_page", "researcher_papers_visible", "researcher_possible_duplicates",
    "researcher_source_links", "researcher_survivor", "researchers_for_export", "researchers_visible",
    "source_links_due",
]
