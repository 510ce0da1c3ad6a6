"""Catalogue reads: querysets and page data shared by views, tasks, commands and the apps
above the catalogue. ``catalogue`` holds the shared lookups, ``pages`` what the directory and
researcher pages show."""
from .authorship import authorships_unchecked
from .catalogue import (
    captures_progress,
    captures_waiting,
    catalogue_changed_at,
    catalogue_fact,
    catalogue_facts_forget,
    catalogue_version_current,
    catalogue_version_name,
    catalogue_version_stamp,
    freshness_reference_date,
    paper_titles_visible,
    reimport_job_progress,
    researcher_find,
    researcher_paper_organisations,
    researcher_papers_visible,
    researcher_possible_duplicate_names,
    researcher_possible_duplicates,
    researcher_survivor,
    researchers_awaiting_publication,
    researchers_for_export,
    captures_for_pack,
    researchers_hidden_count,
    researchers_visible,
    researchers_visible_to,
    researchers_with_close_names,
)
from .departments import department_import_progress, department_imports_for, department_known_researchers
from .search import matching_paper_per_researcher, papers_matching, researchers_with_papers_matching
from .sources import researcher_source_links, source_links_due
from .pages import (
    SORTS,
    ResearcherHidden,
    ResearcherMoved,
    ResearcherPage,
    directory_filters,
    directory_researchers,
    directory_researchers_by_ids,
    directory_result_ids,
    researcher_for_page,
    researcher_page,
)
from .workers import unsent_work_status, worker_status

__all__ = [
    "department_import_progress", "department_imports_for", "department_known_researchers",
    "authorships_unchecked",
    "SORTS", "ResearcherHidden", "ResearcherMoved", "ResearcherPage", "captures_progress", "captures_waiting",
    "catalogue_changed_at", "catalogue_fact", "catalogue_facts_forget", "catalogue_version_current", "catalogue_version_name", "catalogue_version_stamp", "directory_filters",
    "directory_researchers", "directory_researchers_by_ids", "directory_result_ids", "paper_titles_visible", "reimport_job_progress", "researcher_find",
    "researcher_for_page", "researcher_page", "researcher_papers_visible", "researcher_possible_duplicate_names", "researcher_possible_duplicates",
    "researcher_survivor", "researchers_for_export", "captures_for_pack", "researchers_visible", "researchers_visible_to", "researchers_awaiting_publication",
    "freshness_reference_date", "researcher_paper_organisations", "researchers_hidden_count",
    "researchers_with_close_names", "unsent_work_status", "worker_status",
    "matching_paper_per_researcher", "papers_matching", "researchers_with_papers_matching",
    "researcher_source_links", "source_links_due",
]
