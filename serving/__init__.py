"""What running the site in production needs that no feature owns: /healthz and the Celery
workers' heartbeat it reads."""
