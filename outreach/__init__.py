"""Outreach app: grounded email drafts from sandboxed Jinja2 templates."""
