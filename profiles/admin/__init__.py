"""The curators' panel: researchers, papers, captures and background re-import jobs."""
from .captures import CaptureAdmin
from .jobs import ReimportJobAdmin
from .papers import PaperAdmin
from .researchers import ResearcherAdmin

__all__ = ["CaptureAdmin", "PaperAdmin", "ReimportJobAdmin", "ResearcherAdmin"]
