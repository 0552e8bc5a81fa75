from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Governance"

    def ready(self) -> None:
        from cxgov.caching import watch_models

        # Any save or delete of this app's rows makes the cached panels stale.
        watch_models(self.get_models())
        # Fill the kit's registries: search, the digest's sections, governance-health signals,
        # notification kinds, the single sign-on group hook.
        from . import badges, digest, health, notifications, search, sso  # noqa: F401
