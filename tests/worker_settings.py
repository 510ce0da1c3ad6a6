"""Settings of a test's worker subprocess: the project's settings, pointed at the test database
and at the test's own broker, with Redis re-delivering a dead worker's task within seconds."""
import os

from config.settings import *  # noqa: F401,F403
from config.settings import CELERY_BROKER_TRANSPORT_OPTIONS, DATABASES, REDIS_URL

if os.environ.get("TEST_DB_NAME"):
    DATABASES["default"]["NAME"] = os.environ["TEST_DB_NAME"]
if REDIS_URL:
    CELERY_BROKER_TRANSPORT_OPTIONS.update(
        global_keyprefix=os.environ.get("TEST_REDIS_PREFIX", ""),
        visibility_timeout=int(os.environ.get("TEST_VISIBILITY_TIMEOUT", "2")),
        unacked_restore_interval=1,
        unacked_restore_throttle=1,
    )
else:
    CELERY_BROKER_TRANSPORT_OPTIONS["polling_interval"] = 0.1
