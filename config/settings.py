"""Advisor Scout settings: one env-driven module.

Every value a deployment changes comes from the environment (DATABASE_URL, REDIS_URL,
SECRET_KEY, DEBUG, ALLOWED_HOSTS …). Unset, the app runs on an embedded default: SQLite
and a Celery broker on the filesystem, so a fresh clone needs no server.
"""
import os
from pathlib import Path

import environ
from csp.constants import NONCE

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"  # embedded database, broker folders, uploaded files

env = environ.Env()
# A .env file is optional: handy for a self-hosted install, never required.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
_DEV_SECRET = "dev-only-insecure-key-change-me"
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_celery_results",
    "django_celery_beat",
    "axes",
    "csp",
    # Our apps, lowest layer first: each imports only the ones above it in this list
    # (an import-linter contract in .importlinter checks it).
    "profiles",
    "applicants",
    "matching",
    "shortlist",
    "outreach",
    "accounts_data",  # an applicant's data across the apps above: archive, import, deletion
    "serving",  # /healthz reads every layer
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "config.not_found.SiteNotFoundMiddleware",
    "config.queue_errors.QueueUnreachableMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
            # {% hole %} in page sections shared through the cache (config/fragments.py)
            "libraries": {"fragments": "config.fragment_tags"},
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if "DATABASE_URL" not in env:
    # The embedded database lives in var/, which a fresh clone does not have yet.
    VAR_DIR.mkdir(exist_ok=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker writes; the timeout waits out short locks.
    # Every transaction begins as a writer (IMMEDIATE): one begun as a reader that then writes
    # (most services read a row, then save it) cannot wait for another writer on SQLite and
    # failed at once with "database is locked" beside a running import
    # (tests/config/test_sqlite_writers.py). Reads outside transactions are not affected.
    # A batch of imports (CaptureImportBatch) runs each capture in a savepoint, whose journal
    # of changed pages went to a temporary file (temp_store in memory instead: half the import's
    # page writes), and touches more pages than the default 2 MB cache held, so pages were
    # spilled to the log mid-transaction and read back (16 MB: a third of the reads).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-16384;",
         "transaction_mode": "IMMEDIATE"}
    )
    # `make test-fast` keeps the test database in a file between runs (pytest --reuse-db);
    # otherwise tests get a fresh in-memory one.
    if env.str("TEST_DATABASE_FILE", default=""):
        DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_FILE")}
# Persistent connections: a new PostgreSQL connection per request halved the throughput of a
# trivial page. The health check drops a connection the server closed before it is reused.
# Off under DEBUG: the development server runs each request in a new thread.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DEBUG else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = 1  # hours
# Lock a username tried from one address, not the address alone: behind a reverse proxy every
# user shares its IP, and ten mistakes by one person must not lock everybody out.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded CVs are private: kept outside any URL the web server serves, fetched only through
# a view that checks the owner.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "private")))

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="advisor-scout@localhost")

# Security: strict by default when DEBUG is off (check --deploy is clean with production env).
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Capture import -----------------------------------------------------------------------
CAPTURE_MAX_BYTES = env.int("CAPTURE_MAX_BYTES", default=5 * 1024 * 1024)
# The largest catalogue pack `import_profiles` reads (export_profiles' JSON: captures in base64).
CATALOGUE_PACK_MAX_BYTES = env.int("CATALOGUE_PACK_MAX_BYTES", default=256 * 1024 * 1024)
# A profile whose newest capture is older than this is flagged as stale.
CAPTURE_STALE_DAYS = env.int("CAPTURE_STALE_DAYS", default=180)

# --- Live sources (scholarly APIs) ----------------------------------------------------------
OPENALEX_URL = env.str("OPENALEX_URL", default="https://api.openalex.org")
ARXIV_API_URL = env.str("ARXIV_API_URL", default="https://export.arxiv.org/api")
S2_API_URL = env.str("S2_API_URL", default="https://api.semanticscholar.org/graph/v1")
ORCID_API_URL = env.str("ORCID_API_URL", default="https://pub.orcid.org/v3.0")
DBLP_URL = env.str("DBLP_URL", default="https://dblp.org")
# Who we are: OpenAlex's polite pool (mailto) and the User-Agent of every request.
SOURCES_CONTACT_EMAIL = env.str("SOURCES_CONTACT_EMAIL", default="")
S2_API_KEY = env.str("S2_API_KEY", default="")
SOURCES_TIMEOUT_SECONDS = env.float("SOURCES_TIMEOUT_SECONDS", default=20.0)
SOURCES_MAX_RETRIES = env.int("SOURCES_MAX_RETRIES", default=3)
SOURCES_RETRY_BACKOFF_SECONDS = env.float("SOURCES_RETRY_BACKOFF_SECONDS", default=2.0)
# A Retry-After longer than this is not waited out: the link is retried on a later run.
SOURCES_MAX_RETRY_WAIT_SECONDS = env.float("SOURCES_MAX_RETRY_WAIT_SECONDS", default=60.0)
SOURCES_MAX_PAGES = env.int("SOURCES_MAX_PAGES", default=20)  # per source and refresh
# A response is stored as a capture, so it may be no larger than one; the rest is never read.
SOURCES_MAX_RESPONSE_BYTES = env.int("SOURCES_MAX_RESPONSE_BYTES", default=CAPTURE_MAX_BYTES)
SOURCES_REFRESH_DAYS = env.int("SOURCES_REFRESH_DAYS", default=1)
# The least time between two requests to one service, in seconds: each service's published
# limit (arXiv asks for one request every 3 s; OpenAlex allows 10/s; Semantic Scholar 1/s
# with a key and less without; ORCID's public API 24/s; DBLP asks for restraint).
SOURCES_MIN_INTERVALS = {
    "openalex": env.float("OPENALEX_MIN_INTERVAL", default=0.1),
    "arxiv": env.float("ARXIV_MIN_INTERVAL", default=3.0),
    "s2": env.float("S2_MIN_INTERVAL", default=1.1),
    "orcid": env.float("ORCID_MIN_INTERVAL", default=0.1),
    "dblp": env.float("DBLP_MIN_INTERVAL", default=1.0),
}

# --- Cache ------------------------------------------------------------------------------------
# Shared by every process (web workers and Celery): Redis in production, files in var/ on the
# embedded default. It holds small marks such as "an index rebuild is already pending".
# A cache call waits at most this long for Redis to connect or answer (redis-py waits 5 s by
# default: a stalled Redis made a directory page take 15 s). After a call times out, a process
# skips the cache for CACHE_RETRY_SECONDS (config/cache.py), so a page pays one wait at most.
CACHE_SOCKET_TIMEOUT = env.float("CACHE_SOCKET_TIMEOUT", default=0.25)
CACHE_RETRY_SECONDS = env.float("CACHE_RETRY_SECONDS", default=5.0)
if env.str("REDIS_URL", default=""):
    CACHES = {"default": {"BACKEND": "config.cache.ScoutRedisCache",
                          "LOCATION": env.str("CACHE_URL", default=env.str("REDIS_URL")),
                          "KEY_PREFIX": "scout",
                          "OPTIONS": {"socket_connect_timeout": CACHE_SOCKET_TIMEOUT,
                                      "socket_timeout": CACHE_SOCKET_TIMEOUT}}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": str(VAR_DIR / "cache")}}

# Sessions live in the database only (Django's default engine), one primary-key read a signed-in
# page. A copy in Redis saved that read, but a sign-out while Redis failed could not delete the
# copy, and it signed the old cookie back in once Redis answered again.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Applicants ---------------------------------------------------------------------------------
CV_MAX_BYTES = env.int("CV_MAX_BYTES", default=5 * 1024 * 1024)

# --- Matching -----------------------------------------------------------------------------------
# Where the built match index is kept for every process (rebuilt by a worker after changes).
MATCH_INDEX_DIR = Path(env.str("MATCH_INDEX_DIR", default=str(VAR_DIR / "match_index")))
# Off in unit tests, which build the index in the request instead.
MATCH_INDEX_REBUILD_IN_BACKGROUND = env.bool("MATCH_INDEX_REBUILD_IN_BACKGROUND", default=True)
# Seconds a rebuild waits after a change: a bulk import commits many times, one rebuild follows.
MATCH_INDEX_REBUILD_DELAY = env.int("MATCH_INDEX_REBUILD_DELAY", default=30)
# Up to this many papers a request builds a missing index itself; above, it answers from the
# last index (hidden and merged records masked) while a worker rebuilds.
MATCH_INDEX_SYNC_MAX_PAPERS = env.int("MATCH_INDEX_SYNC_MAX_PAPERS", default=20_000)
# More than one web node (each with its own MATCH_INDEX_DIR): the worker's rebuild publishes each
# index to the database and a web process copies the current one from there instead of building
# it (matching/published.py). On, on every node, when web nodes do not share one folder.
MATCH_INDEX_PUBLISH = env.bool("MATCH_INDEX_PUBLISH", default=False)
# A web process copies a new published version on a thread while requests answer from the older
# copy (masked); off in unit tests, whose database a thread of its own cannot see.
MATCH_INDEX_PULL_IN_BACKGROUND = env.bool("MATCH_INDEX_PULL_IN_BACKGROUND", default=True)
# Published versions kept in the database: the current one and the one before, which a node may
# still be copying when the next is published.
MATCH_INDEX_PUBLISHED_KEEP = env.int("MATCH_INDEX_PUBLISHED_KEEP", default=2)
# Load the embedding model when the app starts (config/gunicorn.py turns it on: loaded once in
# gunicorn's master, shared by its workers); elsewhere it is loaded on first use.
MATCH_EMBEDDING_PRELOAD = env.bool("MATCH_EMBEDDING_PRELOAD", default=False)
# Rankings each web process keeps (per applicant query and index version) for the researcher
# page and /matches/ to reuse; each holds a score per paper (about 2.4 MB at 450,000 papers).
MATCH_RANKING_CACHE_SIZE = env.int("MATCH_RANKING_CACHE_SIZE", default=32)
# ...and at most this many megabytes of them per process (the oldest dropped first): what a
# gunicorn worker's memory grows by at most for the rankings it keeps. Small, since a ranking
# this process dropped is read back from the shared cache (0.5 ms with hiredis), not scored
# again: 8 MB (three rankings at 10,000 researchers) served 30 applicants at once as fast as 24
# MB did and kept ~33 MB less in gunicorn's two workers (docs/production.md).
MATCH_RANKING_CACHE_MB = env.int("MATCH_RANKING_CACHE_MB", default=8)
# Rankings are also kept in the shared cache for every worker and node (matching/rankings.py),
# ~2 MB each at 10,000 researchers, for this long after the last one was computed: a returning
# applicant's pages read theirs instead of scoring the catalogue again.
MATCH_RANKING_SHARED_SECONDS = env.int("MATCH_RANKING_SHARED_SECONDS", default=60 * 60)
# After building a new index the worker ranks the applicants who signed in within this many
# days (at most this many, most recent first, for at most this long) into the shared cache, so
# their next page does not score the catalogue in the request (matching.applicant.rankings_warm).
MATCH_RANKING_WARM_DAYS = env.int("MATCH_RANKING_WARM_DAYS", default=14)
MATCH_RANKING_WARM_MAX = env.int("MATCH_RANKING_WARM_MAX", default=100)
MATCH_RANKING_WARM_SECONDS = env.int("MATCH_RANKING_WARM_SECONDS", default=60)
# Threads one ranking's paper × vector product is split over (matching/parallel.py): it is bound
# by memory, two threads take ~31 ms instead of ~54 ms at 450,000 papers. BLAS itself stays
# single-threaded: its threads spin while waiting and, on a busy 2-core machine, a ranking took
# 184 ms with them against 109 ms without.
MATCH_THREADS = env.int("MATCH_THREADS", default=min(2, os.cpu_count() or 1))

# --- Celery ---------------------------------------------------------------------------------
# With REDIS_URL the broker and results go through Redis; without it a filesystem broker
# (kombu's "filesystem" transport) lets a separate worker process run jobs with no server.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_DIR = Path(env.str("CELERY_BROKER_DIR", default=str(VAR_DIR / "broker")))
# A broker that accepts connections and stops answering (Redis paused, swapping, or cut off
# by a network partition; not down) held every request that queued work for as long as it
# stayed so: kombu waits for Redis's reply with no timeout, and a web worker sat in the send,
# tried four times. Each wait for Redis's answer now ends after this many seconds. (A worker
# waits for its next message through a poller, which this does not cut short: workers with 0.5
# and 2 s kept consuming, through a 10 s pause and after it.)
BROKER_SOCKET_TIMEOUT = env.float("BROKER_SOCKET_TIMEOUT", default=2.0)
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_timeout": BROKER_SOCKET_TIMEOUT,
                                       "socket_connect_timeout": BROKER_SOCKET_TIMEOUT}
else:
    # The filesystem transport reads its folders from the options below, not the URL; but
    # kombu still wants a host in it, and logs "No hostname was supplied" on every
    # connection (each import that asks for an index rebuild) when it has none.
    CELERY_BROKER_URL = "scoutfs://localhost/"  # config.broker: kombu's filesystem transport, atomic writes
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "store_processed": False,
        # Broadcast/pidbox messages; kombu would otherwise write ./control in the working dir.
        "control_folder": str(CELERY_BROKER_DIR / "control"),
    }
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# A worker that dies mid-task must not lose the task: acknowledge only after it finishes and
# re-queue it when the worker process is lost. Tasks are written to be safe to run twice.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=15 * 60)
CELERY_TASK_TIME_LIMIT = CELERY_TASK_SOFT_TIME_LIMIT + 60
# Redis re-delivers an unacknowledged task after the visibility timeout: keep it well above the
# longest task so a slow task is not run twice while still running.
CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] = CELERY_TASK_TIME_LIMIT * 2
# Sending a task is tried twice (a connection Redis dropped on restart is made again at once),
# not four times: against a stalled broker each try costs BROKER_SOCKET_TIMEOUT, so a request
# gives up within about twice that, and goes on as with a broker that is down.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_TASK_RETRY_BACKOFF = 5  # seconds, doubled on each retry
CELERY_TASK_RETRY_BACKOFF_MAX = 300
CELERY_TASK_MAX_RETRIES = 5
# Times a worker may start one queued catalogue item (a capture import, a re-import) before it
# is marked failed: each start is counted before the work runs, so work that kills its worker
# (out of memory, a hard limit) is given up, not re-sent at every worker start. Above the
# retries, which count too.
CELERY_TASK_MAX_ATTEMPTS = env.int("CELERY_TASK_MAX_ATTEMPTS", default=CELERY_TASK_MAX_RETRIES + 3)
# Each worker notes in the database every this many seconds that it is alive (progress pages
# use it to say whether a worker is running).
CELERY_WORKER_HEARTBEAT_SECONDS = env.int("CELERY_WORKER_HEARTBEAT_SECONDS", default=10)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# --- Shortlist ------------------------------------------------------------------------------
SHORTLIST_IMPORT_MAX_BYTES = env.int("SHORTLIST_IMPORT_MAX_BYTES", default=1024 * 1024)
SHORTLIST_IMPORT_MAX_ROWS = env.int("SHORTLIST_IMPORT_MAX_ROWS", default=2000)
SHORTLIST_REMINDER_EMAILS = env.bool("SHORTLIST_REMINDER_EMAILS", default=False)
# The site's own address, for links that leave it (exported profile_url, reminder emails).
SHORTLIST_SITE_URL = env.str("SHORTLIST_SITE_URL", default="http://localhost:8000")
# `demo_setup`'s demo account password; unset, one is made once and kept in var/demo-password.
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="")
# The database scheduler copies these entries into django_celery_beat's tables at start-up.
CELERY_BEAT_SCHEDULE = {
    # Work no message stands for: sends that failed while the broker stalled or was down (config/
    # tasks.py send_failure_note), sent once it answers, and department jobs a dead worker left
    # running. A tick the broker misses is simply the next one.
    "profiles-resend-lost-work": {
        "task": "profiles.tasks.lost_work_resend_task",
        "schedule": 60,
        "options": {"expires": 55},
    },
    "profiles-refresh-sources": {
        "task": "profiles.tasks.sources_refresh_due_task",
        "schedule": 24 * 60 * 60,
        "options": {"expires": 12 * 60 * 60},
    },
    "shortlist-followup-reminders": {
        "task": "shortlist.tasks.followup_reminders_task",
        "schedule": 24 * 60 * 60,
        "options": {"expires": 6 * 60 * 60},
    },
}

# --- Outreach -------------------------------------------------------------------------------
OUTREACH_FOLLOW_UP_DAYS = env.int("OUTREACH_FOLLOW_UP_DAYS", default=10)
OUTREACH_MAX_WORDS = env.int("OUTREACH_MAX_WORDS", default=250)
# A cited paper older than this many years is flagged as old.
OUTREACH_OLD_PAPER_YEARS = env.int("OUTREACH_OLD_PAPER_YEARS", default=3)
# A draft this similar (rapidfuzz ratio, 0-100) to one of the applicant's last N drafts to others
# is flagged as a near-duplicate.
OUTREACH_DUPLICATE_RATIO = env.int("OUTREACH_DUPLICATE_RATIO", default=90)
OUTREACH_DUPLICATE_LOOKBACK = env.int("OUTREACH_DUPLICATE_LOOKBACK", default=200)
OUTREACH_RENDER_SECONDS = env.float("OUTREACH_RENDER_SECONDS", default=2.0)
OUTREACH_MAX_OUTPUT_CHARS = env.int("OUTREACH_MAX_OUTPUT_CHARS", default=20_000)
# Optional tone polish by an OpenAI-compatible endpoint (e.g. http://127.0.0.1:8080/v1); off unset.
OUTREACH_LLM_URL = env.str("OUTREACH_LLM_URL", default="")
OUTREACH_LLM_MODEL = env.str("OUTREACH_LLM_MODEL", default="default")
OUTREACH_LLM_API_KEY = env.str("OUTREACH_LLM_API_KEY", default="")
OUTREACH_LLM_TIMEOUT = env.int("OUTREACH_LLM_TIMEOUT", default=30)

# --- Production serving ---------------------------------------------------------------------
# Rate limits count in the shared cache above (Redis in production, so every gunicorn worker
# sees one count), per signed-in user (else per address), as "count/period" (s, m, h or d).
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
RATELIMIT_TEMPLATE_PREVIEW = env.str("RATELIMIT_TEMPLATE_PREVIEW", default="60/m")
RATELIMIT_CV_UPLOAD = env.str("RATELIMIT_CV_UPLOAD", default="10/h")
RATELIMIT_OUTSIDE_SERVICE = env.str("RATELIMIT_OUTSIDE_SERVICE", default="20/h")
RATELIMIT_DATA_IMPORT = env.str("RATELIMIT_DATA_IMPORT", default="10/h")
# Accounts made from one address (a signed-out visitor is counted by address): each account
# may propose researchers, so a script making accounts is stopped here.
RATELIMIT_SIGNUP = env.str("RATELIMIT_SIGNUP", default="5/h")
# The largest data archive (unpacked) an applicant may import: profile, CV, shortlist, drafts.
DATA_IMPORT_MAX_BYTES = env.int("DATA_IMPORT_MAX_BYTES", default=50 * 1024 * 1024)
# The archive's data.json alone (the rest is the CV): a real one is kilobytes; a 52 MB one took
# 1.5 GB to parse.
DATA_IMPORT_JSON_MAX_BYTES = env.int("DATA_IMPORT_JSON_MAX_BYTES", default=5 * 1024 * 1024)
# /healthz waits this long for the broker (the worker heartbeat is CELERY_WORKER_HEARTBEAT_SECONDS).
HEALTH_BROKER_TIMEOUT_SECONDS = env.float("HEALTH_BROKER_TIMEOUT_SECONDS", default=2.0)
# gunicorn (config/gunicorn.py): where it listens, how many worker processes, and how long a
# request may take before its worker is replaced.
GUNICORN_BIND = env.str("GUNICORN_BIND", default="127.0.0.1:8000")
WEB_CONCURRENCY = env.int("WEB_CONCURRENCY", default=2)
GUNICORN_TIMEOUT = env.int("GUNICORN_TIMEOUT", default=30)
# Load balancers probe over plain HTTP from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Content-Security-Policy (django-csp): scripts and styles from this site only, plus those
# carrying the per-request nonce; htmx's own indicator <style> is switched off (base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# Logs: one JSON object per line in production (LOG_FORMAT=json), readable text in development.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"LOG_FORMAT must be 'json' or 'text', not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
