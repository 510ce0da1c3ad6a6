"""The curators' panel: researchers, papers, captures, live sources, department imports and background re-import jobs."""
from .captures import CaptureAdmin
from .departments import DepartmentImportAdmin
from .jobs import ReimportJobAdmin
from .papers import PaperAdmin
from .researchers import ResearcherAdmin
from .sources import SourceLinkAdmin

__all__ = ["CaptureAdmin", "DepartmentImportAdmin", "PaperAdmin", "ReimportJobAdmin", "ResearcherAdmin", "SourceLinkAdmin"]
