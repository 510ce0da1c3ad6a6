"""The match score: which researchers fit an applicant, on separate axes, and why.

index.py builds the ranking index from plain rows and scores a query; catalogue.py loads it
from the database, caches it per catalogue version and defines its background rebuild
(tasks.py names it for Celery's autodiscovery); applicant.py turns a profile into a
query and explains one match; evaluation.py measures the method on the seed captures;
views.py is the Best matches page.

(An app package: Django imports it before the models are ready, so it re-exports nothing.)
"""
