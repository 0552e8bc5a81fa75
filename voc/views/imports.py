"""The CSV upload: the file, its column mapping with a preview, and the job's progress."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from cxgov.forms import add_service_error
from cxgov.pages import REFUSALS, refusal_message, require, swaps

from .. import permissions as rules
from .. import services
from ..errors import ImportRejected
from ..forms import MappingForm, UploadForm
from ..models import (
    CaseSettings,
    ImportJob,
    ImportMappingPreference,
    ImportMode,
    ImportStatus,
    Metric,
)

# -- CSV upload: file, mapping and preview, then the import with its progress -----------------


# Not an EditView: the form carries a file, and a POST stages a job rather than saving a row.
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    """Step 1: upload a CSV file. It is checked (size, UTF-8, header, rows) before it is kept;
    a refused file is named on the form and nothing is stored."""
    require(rules.can_import_responses, request)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = services.import_job_stage(
                by=request.user,
                file=upload,
                original_name=upload.name,
                delimiter=form.cleaned_data["delimiter"],
            )
        except REFUSALS as refusal:
            form.add_error("file", getattr(refusal, "message", None) or str(refusal))
        else:
            return redirect("voc:import-map", pk=job.pk)
    context = {
        "form": form,
        "may_import": True,
        "jobs": ImportJob.objects.select_related("created_by")
        .exclude(status=ImportStatus.PENDING, mapping={})
        .order_by("-created_at")[:10],
    }
    return render(request, "voc/import.html", context, status=400 if form.errors else 200)


def _staged_job(request: HttpRequest, pk: int) -> ImportJob:
    require(rules.can_import_responses, request)
    return get_object_or_404(ImportJob.objects.visible_to(request.user), pk=pk)


# Not an EditView: one form answers two buttons, a preview (nothing saved) and the run.
@require_http_methods(["GET", "POST"])
def import_map(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 2: map the file's columns to fields (starting from this person's last mapping,
    else from the headers' names), say whether it is history or live, preview the first rows
    with each cell's problem and what the whole import would do (the cases it would open
    among them), then run the import."""
    job = _staged_job(request, pk)
    if job.status != ImportStatus.PENDING or job.mapping:
        return redirect("voc:import-job", pk=job.pk)
    with job.file.open("rb") as source:
        header = services.read_head(source, delimiter=job.delimiter or None).header
    remembered = ImportMappingPreference.objects.filter(user=request.user).first()
    initial = MappingForm.initial_for(header, remembered.mapping if remembered else {})
    if remembered and remembered.default_metric_id and "map_metric" not in initial:
        initial["default_metric"] = remembered.default_metric_id
    if request.method == "POST":
        form = MappingForm(request.POST, header=header)
    else:
        naive = bool(remembered and remembered.naive_in_reporting_zone)
        form = MappingForm(
            initial={"all_or_nothing": True, "mode": ImportMode.LIVE,
                     "naive_in_reporting_zone": naive, **initial},
            header=header,
        )  # fmt: skip
    shown = trial = None
    if request.method == "POST" and form.is_valid():
        mapping, options = form.mapping(), form.options()
        if request.POST.get("action") == "run":
            try:
                job = services.import_job_start(
                    by=request.user, job=job, mapping=mapping, **options
                )
            except REFUSALS as refusal:
                add_service_error(form, refusal)
            else:
                return redirect("voc:import-job", pk=job.pk)
        shown = _preview(job, form, mapping, options)
        count = request.POST.get("action") == "preview" and not form.errors
        trial = _trial(request, job, form, mapping, options, quiet=not count, count=count)
    elif request.method == "GET":
        options = {
            "default_metric": Metric.objects.filter(pk=initial.get("default_metric")).first(),
            "all_or_nothing": True,
            "mode": ImportMode.LIVE,
            "cases_from": None,
            "naive_in_reporting_zone": form.initial["naive_in_reporting_zone"],
        }
        mapping = {k[4:]: v for k, v in initial.items() if k.startswith("map_")}
        shown = _preview(job, form, mapping, options, quiet=True)
        if shown is not None:
            trial = _trial(request, job, form, mapping, options, quiet=True)
    context = {
        "job": job,
        "form": form,
        "preview": shown,
        "trial": trial,
        "may_import": True,
        "default_cases_from": CaseSettings.current().follow_up_from(timezone.now()),
        "case_settings": CaseSettings.current(),
    }
    return render(request, "voc/import_map.html", context, status=400 if form.errors else 200)


def _preview(job, form, mapping, options, *, quiet: bool = False):
    try:
        with job.file.open("rb") as source:
            return services.preview(
                source,
                mapping=mapping,
                delimiter=job.delimiter or None,
                default_metric=options["default_metric"],
                naive_in_reporting_zone=options["naive_in_reporting_zone"],
            )
    except ImportRejected as refusal:
        if not quiet:
            form.add_error(None, refusal.message)
        return None


def _trial(request, job, form, mapping, options, *, quiet=False, count=False) -> dict:
    """What the whole import would do: a dry run for a file small enough to import while the
    page waits; a larger one is counted on a worker when the person asks for a preview (the
    page polls until the count is kept on the job)."""
    if job.size_bytes > settings.CXGOV_VOC_IMPORT_BACKGROUND_BYTES:
        if count:
            try:
                job = services.import_dry_run_queue(
                    by=request.user, job=job, mapping=mapping, **options
                )
            except REFUSALS as refusal:
                add_service_error(form, refusal)
        return _counted_trial(job)
    try:
        result = services.import_dry_run(by=request.user, job=job, mapping=mapping, **options)
    except ImportRejected as refusal:
        return {"refusal": refusal}
    except REFUSALS as refusal:
        if not quiet:
            add_service_error(form, refusal)
        return {}
    return {"result": result, "mode": options["mode"]}


def _counted_trial(job: ImportJob) -> dict:
    """A large file's preview as its worker kept it (services.import_dry_run_queue)."""
    counted = job.dry_run or {}
    state = counted.get("state")
    if state == "counting":
        return {"too_large": True, "counting": True}
    if state == "done":
        return {"result": counted["result"], "mode": counted["choices"]["mode"], "counted": counted}
    if state == "refused":
        return {"refusal": counted["refusal"], "counted": counted}
    return {"too_large": True}


@require_GET
@vary_on_headers("HX-Request")
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 3: the import's progress (htmx polls the partial every second until the job is
    finished: the finished partial no longer polls), then its result: inserted, skipped, and
    the problems naming row and column (the first 100, and the count)."""
    job = _staged_job(request, pk)
    context = {
        "job": job,
        "may_import": True,
        "queued_later": services.import_job_queued_later(job=job),
    }
    template = "voc/_import_progress.html" if swaps(request) else "voc/import_job.html"
    return render(request, template, context)


@require_POST
def import_run_again(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Run again", on a failed import's page: queued like a new run, and the page follows it;
    a refusal (queued or running already, a file no longer kept) is said there."""
    job = _staged_job(request, pk)
    try:
        services.import_job_run_again(by=request.user, job=job)
    except REFUSALS as refusal:
        messages.error(request, refusal_message(refusal))
    else:
        messages.success(request, f"The import of {job.original_name} is queued to run again.")
    return redirect("voc:import-job", pk=job.pk)
