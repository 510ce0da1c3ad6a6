"""The match score: which researchers fit an applicant, on separate axes, and why.

index.py builds the ranking index from plain rows and scores a query; catalogue.py loads it
from the database and caches it per catalogue version; applicant.py turns a profile into a
query and explains one match; evaluation.py measures the method on the seed captures;
views.py is the Best matches page, tasks.py the background rebuild.

(An app package: Django imports it before the models are ready, so it re-exports nothing.)
"""
