"""An applicant's own data: everything they own downloaded as one archive, imported into
another instance, or deleted with their account. Sits above every app whose rows it carries
(applicant profile, shortlist, outreach)."""
