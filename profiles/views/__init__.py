"""The catalogue's public pages: the directory and researcher pages. (The shortlist and
matching add their parts to these pages through template tags they provide.)"""
from .directory import directory, researcher_detail

__all__ = ["directory", "researcher_detail"]
