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

        # Who sees what: people and their roles change the cached panels (cxgov/caching.py);
        # the apps register their own models. Object permissions are not watched: their one
        # writer, object_permissions_reconcile, bumps the version itself, and a delete
        # receiver would cost its bulk revoke Django's fast delete (a SELECT before it).
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        from .caching import watch_models
        from .models import HealthWeight

        # The governance-health weights change every cached score.
        watch_models([get_user_model(), Group, HealthWeight])

        # After django-celery-beat's own tables are migrated, install our periodic jobs.
        post_migrate.connect(
            install_schedules,
            sender=apps.get_app_config("django_celery_beat"),
            dispatch_uid="cxgov.install_schedules",
        )
