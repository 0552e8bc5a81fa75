"""The base of every app's domain error: a refused action with a message for a person."""


class DomainError(Exception):
    """A business rule refused an action. `field` names the input at fault, where there is one."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def field_errors(self) -> dict[str, list[str]]:
        return {self.field: [self.message]} if self.field else {}
