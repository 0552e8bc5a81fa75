"""The site with the floor's URL added (bench/floor.py), for the bench's gunicorn only."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cxgov.settings")
application = get_wsgi_application()
settings.ROOT_URLCONF = "floor"
