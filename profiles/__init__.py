"""The faculty catalogue: researchers, papers, captures and linked scholarly sources, imported
from page captures and API responses (importers/, sources/), written through services/, read
through selectors/, curated in admin/. It imports no other app of ours: the apps above it learn
what happened from events.py."""
