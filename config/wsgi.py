"""WSGI entry point."""
import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Everything loaded so far (Django, apps, templates) lives as long as the process: move it out
# of the garbage collector's reach so full collections stay short under load.
gc.freeze()
