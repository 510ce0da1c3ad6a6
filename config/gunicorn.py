"""gunicorn settings: `gunicorn -c config/gunicorn.py config.wsgi` serves the site in production.

The values come from config/settings.py (GUNICORN_BIND, WEB_CONCURRENCY, GUNICORN_TIMEOUT and
the logging setup), so the server's own log lines are JSON like the app's when LOG_FORMAT=json.
"""
import ctypes
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


class _Malloc:
    """glibc's allocator, told to give freed memory back to the system after a request that left
    the worker much bigger than it was.

    A ranking allocates arrays as long as the catalogue (a few MB each at 10,000 researchers),
    some on the match threads' own arenas. glibc keeps what they freed for the next request
    rather than returning it: ~20 MB in each web worker after a few rankings, in no one's use.
    ``malloc_trim`` returns it (~0.2 ms). Only after the worker's own resident memory grew by
    ``GROWTH_LIMIT`` since the last trim, so the other requests do not pay for it, and the next
    ranking does not fault its pages in again after every small request. (glibc's own count of
    free bytes cannot say this: it keeps counting the pages a trim gave back. Not glibc, musl
    say, or no /proc: nothing done.)"""

    GROWTH_LIMIT = 24 * 1024 * 1024

    def __init__(self):
        self._baseline = None
        try:
            self._trim = ctypes.CDLL(None).malloc_trim
            self._trim.argtypes = [ctypes.c_size_t]
            self._own_bytes()
        except (OSError, AttributeError, ValueError):
            self._trim = None

    @staticmethod
    def _own_bytes() -> int:
        """Resident memory not shared with another process (statm: resident − shared pages)."""
        with open("/proc/self/statm") as fh:
            fields = fh.read().split()
        return (int(fields[1]) - int(fields[2])) * os.sysconf("SC_PAGE_SIZE")

    def trim_if_grown(self) -> bool:
        if self._trim is None:
            return False
        now = self._own_bytes()
        if self._baseline is not None and now - self._baseline < self.GROWTH_LIMIT:
            return False
        if self._baseline is not None:
            self._trim(0)
        self._baseline = self._own_bytes()
        return self._baseline < now


_malloc = _Malloc()


def post_request(worker, req, environ, resp):
    """After each response: give freed memory back to the system when the worker grew much."""
    _malloc.trim_if_grown()
