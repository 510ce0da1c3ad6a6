"""Shortlist app: each user's saved faculty and their outreach pipeline."""
