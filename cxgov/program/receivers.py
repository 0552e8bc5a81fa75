"""The program package follows governance's meetings: opening one builds its KPI pack from the
data as it stands, closing it freezes the pack, both in the meeting's own transaction."""

from django.dispatch import receiver

from governance.signals import meeting_closed, meeting_opened


@receiver(meeting_opened, dispatch_uid="program.pack_build")
def build_pack(sender, *, meeting, by, **kwargs) -> None:
    from .services import kpi_pack_build

    kpi_pack_build(meeting=meeting, as_of=meeting.opened_at, by=by)


@receiver(meeting_closed, dispatch_uid="program.pack_freeze")
def freeze_pack(sender, *, meeting, by, **kwargs) -> None:
    from .services import kpi_pack_freeze

    kpi_pack_freeze(meeting=meeting, at=meeting.closed_at, by=by)
