"""cxgov: the system of record for a customer-experience governance program."""

from .celery import app as celery_app

__all__ = ["celery_app"]
