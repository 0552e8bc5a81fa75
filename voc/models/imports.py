"""Response imports: the job a page or the API starts and watches, and each person's remembered
column mapping."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cxgov.querysets import ScopedQuerySet
from cxgov.validators import program_date

from .. import permissions as rules


class ImportJobQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Import jobs carry file names and row errors: only those who import see them."""
        return self if rules.can_import_responses(user) else self.none()


# The share of an import's progress bar given to reading and checking the file's rows; the rest
# is the one transaction that stores them, with no step of its own to show (voc.services).
SAVING_SHARE = 0.9
SAVING_PERCENT = int(99 * SAVING_SHARE)  # as the job's reporter writes it


class ImportStatus(models.TextChoices):
    PENDING = "pending", "Waiting to run"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Imported"
    # A file the import refused (a wrong row, a missing column): final. The row is the log
    # line, its problems kept; the stored file is deleted at the moment of refusal.
    REFUSED = "refused", "Refused"
    # A run that ended without a verdict on the file (a worker killed, a database gone): the
    # file is kept so the job can run again.
    FAILED = "failed", "Failed"


class ImportMode(models.TextChoices):
    """Whether an import's detractors open closed-loop cases: a backlog of history opens none;
    a live feed opens cases for the responses recent enough to follow up (from `cases_from`)."""

    LIVE = "live", "Live: recent detractors open cases"
    HISTORY = "history", "History: a backlog, opens no case"


class ImportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    JSON = "json", "JSON"


# The fields a file's columns map onto; the first four are required.
IMPORT_FIELDS = (
    "metric",
    "score",
    "responded_at",
    "external_id",
    "touchpoint",
    "channel",
    "segment",
    "business_unit",
    "comment",
    "customer_key",
)
REQUIRED_FIELDS = ("metric", "score", "responded_at", "external_id")


class ImportJob(models.Model):
    # A job that failed (a worker killed mid-import) may run again: the import is
    # all-or-nothing and skips responses already stored. Its message may come back to the
    # worker (running again), or a person may queue it again ("Run again": pending). A
    # refused file does not come back.
    TRANSITIONS: dict[str, frozenset[str]] = {
        ImportStatus.PENDING: frozenset(
            {ImportStatus.RUNNING, ImportStatus.REFUSED, ImportStatus.FAILED}
        ),
        ImportStatus.RUNNING: frozenset(
            {
                ImportStatus.SUCCEEDED,
                ImportStatus.REFUSED,
                ImportStatus.FAILED,
                ImportStatus.RUNNING,
            }
        ),  # fmt: skip
        ImportStatus.FAILED: frozenset({ImportStatus.RUNNING, ImportStatus.PENDING}),
        ImportStatus.REFUSED: frozenset(),
        ImportStatus.SUCCEEDED: frozenset(),
    }

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    format = models.CharField(max_length=4, choices=ImportFormat.choices, default=ImportFormat.CSV)
    file = models.FileField(
        upload_to="voc/imports/%Y/%m/",
        max_length=255,
        blank=True,
        help_text="Blank once the import refused the file: a refusal keeps only its record.",
    )
    original_name = models.CharField(max_length=255, blank=True)
    size_bytes = models.BigIntegerField(default=0)
    delimiter = models.CharField(max_length=1, blank=True, help_text="Blank: sniffed.")
    mapping = models.JSONField(default=dict, help_text="Field name -> column header.")
    default_metric = models.ForeignKey(
        "voc.Metric",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The metric of every row when the file has no metric column.",
    )
    all_or_nothing = models.BooleanField(
        default=True, help_text="Refuse the whole file if one row is wrong."
    )
    mode = models.CharField(
        max_length=8,
        choices=ImportMode.choices,
        default=ImportMode.LIVE,
        help_text="History opens no closed-loop case; live opens them from the cut-off on.",
    )
    cases_from = models.DateTimeField(
        null=True,
        blank=True,
        validators=[program_date],
        help_text="Live imports: responses from this moment open cases, older ones none "
        "(by default the case service level before the import started).",
    )
    naive_in_reporting_zone = models.BooleanField(
        default=False,
        help_text="Read a date and time without an offset in the metric's reporting time zone.",
    )
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done.")
    total_rows = models.PositiveIntegerField(default=0)
    inserted_rows = models.PositiveIntegerField(default=0)
    skipped_rows = models.PositiveIntegerField(
        default=0, help_text="Already stored (same metric and external id): not added again."
    )
    processed_rows = models.PositiveIntegerField(
        default=0, help_text="Rows read so far: what the progress bar shows."
    )
    cases_opened = models.PositiveIntegerField(
        default=0, help_text="Closed-loop cases the import opened."
    )
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, help_text="The first 100 problems.")
    message = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    dry_run = models.JSONField(
        null=True,
        blank=True,
        help_text="A large file's preview, counted on a worker: the choices it was counted "
        "with, its state (counting, done, refused) and what the import would do.",
    )

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Import {self.pk} ({self.get_status_display()})"

    @property
    def progress_percent(self) -> int:
        return 100 if self.status == ImportStatus.SUCCEEDED else min(100, self.progress)

    @property
    def step(self) -> str:
        """What the run is doing, for the progress bar's label: the bar moves with the rows
        read and checked, then waits at SAVING_PERCENT while one transaction stores them."""
        if self.status != ImportStatus.RUNNING:
            return self.get_status_display()
        if self.progress >= SAVING_PERCENT:
            return "Saving the rows and refreshing the KPIs, in one go"
        return "Reading and checking the rows"

    @property
    def is_finished(self) -> bool:
        return self.status in {ImportStatus.SUCCEEDED, ImportStatus.REFUSED, ImportStatus.FAILED}


class ImportMappingPreference(models.Model):
    """The column mapping a person used last, offered again on their next upload."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="voc_import_mapping"
    )
    mapping = models.JSONField(default=dict)
    delimiter = models.CharField(max_length=1, blank=True)
    default_metric = models.ForeignKey(
        "voc.Metric", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    naive_in_reporting_zone = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Import mapping of {self.user}"
