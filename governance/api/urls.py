"""Governance API routes, registered on the /api/v1/ router."""


def register(router) -> None:
    pass
