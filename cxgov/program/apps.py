from django.apps import AppConfig


class ProgramConfig(AppConfig):
    """The pages that read across the apps, as an app of its own: it keeps the steering
    committee's KPI packs (label "program")."""

    name = "cxgov.program"
    label = "program"
    verbose_name = "Program"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import (
            blocks,  # noqa: F401  (the KPI pack's card on a meeting's page)
            digest,  # noqa: F401  (its digest section: the governance health score)
            receivers,  # noqa: F401  (builds and freezes packs on governance's signals)
        )
