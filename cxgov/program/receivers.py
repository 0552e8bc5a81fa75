"""The program package follows governance's meetings: opening one freezes its KPI pack with
the data as it stands then (what the meeting sees), closing it keeps that pack (freezing one
only if the meeting somehow has none), both in the meeting's own transaction."""

from django.dispatch import receiver

from governance.signals import meeting_closed, meeting_opened


@receiver(meeting_opened, dispatch_uid="program.pack_freeze_on_open")
def freeze_pack_on_open(sender, *, meeting, by, **kwargs) -> None:
    from .services import kpi_pack_freeze

    kpi_pack_freeze(meeting=meeting, as_of=meeting.opened_at, by=by)


@receiver(meeting_closed, dispatch_uid="program.pack_freeze_on_close")
def freeze_pack_on_close(sender, *, meeting, by, **kwargs) -> None:
    from .services import kpi_pack_freeze

    kpi_pack_freeze(meeting=meeting, as_of=meeting.opened_at or meeting.closed_at, by=by)
