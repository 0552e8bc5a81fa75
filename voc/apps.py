"""voc's app configuration: it loads the Celery tasks at startup."""

from django.apps import AppConfig


class VocConfig(AppConfig):
    name = "voc"
    verbose_name = "Voice of the customer"

    def ready(self) -> None:
        # Registers the Celery tasks the services queue by name (voc.services.imports), in the
        # web process too, where nothing else imports them.
        from . import (
            badges,  # noqa: F401  (the tones of targets' and cases' status badges)
            blocks,  # noqa: F401  (a success statement's KPI targets, on its page)
            digest,  # noqa: F401  (its digest sections: KPI changes, overdue cases)
            health,  # noqa: F401  (its governance-health signals: targets, cases)
            notifications,  # noqa: F401  (registers its notification kinds with the kit)
            search,  # noqa: F401  (registers closed-loop cases with the kit's search)
            tasks,  # noqa: F401
        )
