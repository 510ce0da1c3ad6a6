"""gunicorn settings: `gunicorn -c config/gunicorn.py config.wsgi` serves the site in production.

The values come from config/settings.py (GUNICORN_BIND, WEB_CONCURRENCY, GUNICORN_TIMEOUT and
the logging setup), so the server's own log lines are JSON like the app's when LOG_FORMAT=json.
"""
import gc
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Loaded in the master before the fork (preload_app below), so the workers share the embedding
# model's 30 MB of vectors copy-on-write instead of each converting its own (matching/apps.py).
os.environ.setdefault("MATCH_EMBEDDING_PRELOAD", "1")

from config import settings  # noqa: E402  (plain module: reading it configures nothing)

bind = settings.GUNICORN_BIND
workers = settings.WEB_CONCURRENCY
timeout = settings.GUNICORN_TIMEOUT
# Load Django once in the master and fork: the workers share its pages copy-on-write, and a
# broken deployment fails at start instead of in every worker.
preload_app = True
# Persistent database connections are opened lazily in each worker, never before the fork.
worker_class = "sync"
forwarded_allow_ips = "127.0.0.1,::1"
logconfig_dict = {
    **settings.LOGGING,
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'


def pre_fork(server, worker):
    """Just before each worker is forked: move everything the master holds (Django, the apps,
    the embedding model) out of the collector's reach. A collection in a worker otherwise
    writes to the header of every object it inherited, and each page it writes stops being
    shared with the master: the workers' copies of the master's heap grew with every
    collection. (Python's documentation of gc.freeze describes exactly this case.)"""
    gc.freeze()
