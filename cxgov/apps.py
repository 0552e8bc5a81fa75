from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class CxgovConfig(AppConfig):
    name = "cxgov"
    verbose_name = "cxgov"

    def ready(self) -> None:
        from .schedules import install_schedules
        from .tokens import connect_signals

        # A password change or a deactivation ends the account's API tokens (cxgov/tokens.py).
        connect_signals()

        # Every write of what a page shows makes the cached reads stale (cxgov/caching.py):
        # its statement hook is installed on each database connection as it opens.
        from . import caching  # noqa: F401

        # After django-celery-beat's own tables are migrated, install our periodic jobs.
        post_migrate.connect(
            install_schedules,
            sender=apps.get_app_config("django_celery_beat"),
            dispatch_uid="cxgov.install_schedules",
        )
