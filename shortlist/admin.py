"""Nothing of the shortlist is in the admin, on purpose.

A shortlist is private to its owner: notes, personal hooks, tags and the pipeline are the
applicant's own working papers. Curators keep the catalogue (profiles' admin), not users'
pipelines, so no staff account can browse them.
"""
