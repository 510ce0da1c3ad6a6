"""The curators' panel: researchers, papers, captures, live sources and background re-import jobs."""
from .captures import CaptureAdmin
from .jobs import ReimportJobAdmin
from .papers import PaperAdmin
from .researchers import ResearcherAdmin
from .sources import SourceLinkAdmin

__all__ = ["CaptureAdmin", "PaperAdmin", "ReimportJobAdmin", "ResearcherAdmin", "SourceLinkAdmin"]
