"""The bench's URLs: the site's own plus the floor, a minimal page behind the login wall.

The floor loads the session and the user and renders nothing: what every page pays before its
own work. Served only by the bench's gunicorn (bench/wsgi.py), never by the product.
"""

from django.http import HttpResponse
from django.urls import path

from cxgov.urls import handler400, handler403, handler404, handler500
from cxgov.urls import urlpatterns as site

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def floor(request):
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")


urlpatterns = [path("bench/floor/", floor, name="bench-floor"), *site]
