"""The catalogue's public pages: the directory and researcher pages, and adding a researcher
from a scholarly source. (The shortlist and matching add their parts to these pages through
template tags they provide.)"""
from .departments import department_add, department_choose, department_progress
from .directory import directory, researcher_detail
from .sources import researcher_add, researcher_paste

__all__ = ["department_add", "department_choose", "department_progress", "directory", "researcher_add", "researcher_detail", "researcher_paste"]
