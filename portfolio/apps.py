from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "portfolio"
    verbose_name = "Portfolio"

    def ready(self) -> None:
        from . import (
            badges,  # noqa: F401  (the tones of initiatives' status, health, risk badges)
            blocks,  # noqa: F401  (the methods' adoption on governance's standards library)
            digest,  # noqa: F401  (its digest section: the person's initiatives)
            health,  # noqa: F401  (its governance-health signal: initiatives reporting)
            notifications,  # noqa: F401  (registers its notification kinds with the kit)
            receivers,  # noqa: F401  (connects to governance's membership_changed)
            search,  # noqa: F401  (registers initiatives with the kit's search)
        )
