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

        # Who sees what: people, their roles and object permissions change the cached panels
        # (cxgov/caching.py); the apps register their own models.
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group
        from guardian.models import GroupObjectPermission, UserObjectPermission

        from .caching import watch_models

        watch_models([get_user_model(), Group, UserObjectPermission, GroupObjectPermission])

        # After django-celery-beat's own tables are migrated, install our periodic jobs.
        post_migrate.connect(
            install_schedules,
            sender=apps.get_app_config("django_celery_beat"),
            dispatch_uid="cxgov.install_schedules",
        )
