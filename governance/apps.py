from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Governance"

    def ready(self) -> None:
        # Fill the kit's registries: search, the digest's sections, governance-health signals,
        # notification kinds, the single sign-on group hook.
        from . import badges, digest, health, notifications, search, sso  # noqa: F401
