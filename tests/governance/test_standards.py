"""The CX standards library: the core team publishes definitions, methods and templates, each
with an owner and a review date; every edit keeps a version and the earlier ones stay readable
(with their files); a template's file is checked by its content, not its name; an item past
its review date reminds its owner once. Bad input is refused on its field, nothing saved."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cxgov.concurrency import EditConflict
from cxgov.dates import today
from cxgov.models import Notification
from governance import services
from governance.demo.standards import tiny_pdf, tiny_png
from governance.models import Standard, StandardKind, StandardVersion
from governance.notifications import STANDARD_REVIEW_DUE
from governance.selectors import standards_library

pytestmark = pytest.mark.django_db

REVIEW = today() + dt.timedelta(days=90)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def ooxml(*parts: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for part in parts:
            archive.writestr(part, "<xml/>")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def publish(by, owner=None, kind=StandardKind.DEFINITION, title="Detractor", **fields):
    fields.setdefault("text", "" if kind == StandardKind.TEMPLATE else "Scores 0 to 6.")
    fields.setdefault("review_on", REVIEW)
    return services.standard_create(by=by, kind=kind, title=title, owner=owner or by, **fields)


def template(by, name="map.pdf", content=None, **fields):
    content = tiny_pdf("Journey map") if content is None else content
    return publish(
        by, kind=StandardKind.TEMPLATE, title="Journey map", file=upload(name, content), **fields
    )


def refused_on(field: str, call) -> list[str]:
    before = (Standard.objects.count(), StandardVersion.objects.count())
    with pytest.raises(ValidationError) as refused:
        call()
    assert (Standard.objects.count(), StandardVersion.objects.count()) == before
    return refused.value.message_dict[field]


# Publishing and versions


def test_a_definition_is_published_as_version_one(core_team_user):
    item = publish(core_team_user)
    assert (item.version, item.kind, item.owner) == (1, "definition", core_team_user)
    (kept,) = item.versions.all()
    assert (kept.number, kept.text, kept.review_on, kept.edited_by) == (
        1,
        "Scores 0 to 6.",
        REVIEW,
        core_team_user,
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("map.pdf", tiny_pdf("Journey map"), "application/pdf"),
        ("badge.png", tiny_png(), "image/png"),
        ("photo.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 64, "image/jpeg"),
        ("plan.docx", ooxml("[Content_Types].xml", "word/document.xml"), DOCX),
        (
            "plan.xlsx",
            ooxml("[Content_Types].xml", "xl/workbook.xml"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "deck.pptx",
            ooxml("[Content_Types].xml", "ppt/presentation.xml"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
    ],
)
def test_a_template_takes_pdf_office_files_and_images_typed_by_content(
    core_team_user, name, content, content_type
):
    item = template(core_team_user, name=name, content=content)
    assert (item.file_name, item.content_type, item.size_bytes) == (
        name,
        content_type,
        len(content),
    )
    assert item.file.read() == content


def test_each_edit_keeps_a_version_and_the_old_ones_stay_readable(core_team_user, client):
    item = template(core_team_user)
    first_file = item.file.name
    services.standard_update(
        standard=item, by=core_team_user, data={"text": "Fill in one per journey."}, version_read=1
    )
    services.standard_update(
        standard=item,
        by=core_team_user,
        data={"file": upload("map-v3.png", tiny_png())},
        version_read=2,
    )
    item.refresh_from_db()
    assert item.version == 3
    versions = {v.number: v for v in item.versions.all()}
    assert [versions[n].text for n in (1, 2, 3)] == ["", *["Fill in one per journey."] * 2]
    assert versions[1].file.name == versions[2].file.name == first_file
    assert (versions[3].file_name, versions[3].content_type) == ("map-v3.png", "image/png")
    # The first version's file is still served, as it was.
    client.force_login(core_team_user)
    response = client.get(reverse("governance:standard-file", args=[item.pk, 1]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="map.pdf"'
    assert b"".join(response.streaming_content) == tiny_pdf("Journey map")
    page = client.get(reverse("governance:standard-version", args=[item.pk, 2]))
    assert page.status_code == 200
    assert "Fill in one per journey." in page.content.decode()
    assert "now stands at version 3" in page.content.decode()


def test_an_edit_from_a_stale_read_is_refused_and_keeps_no_version(core_team_user):
    item = publish(core_team_user)
    services.standard_update(standard=item, by=core_team_user, data={"text": "A"}, version_read=1)
    stale = Standard.objects.get(pk=item.pk)
    stale.version = 1
    with pytest.raises(EditConflict):
        services.standard_update(
            standard=stale, by=core_team_user, data={"text": "B"}, version_read=1
        )
    assert list(item.versions.values_list("number", flat=True)) == [2, 1]
    assert Standard.objects.get(pk=item.pk).text == "A"


def test_the_kind_cannot_be_changed(core_team_user):
    item = publish(core_team_user)
    assert refused_on(
        "kind",
        lambda: services.standard_update(standard=item, by=core_team_user, data={"kind": "method"}),
    ) == ["This field cannot be changed here."]


# Bad input: named on its field, nothing saved


def test_an_executable_renamed_pdf_is_refused(core_team_user):
    exe = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200
    assert refused_on("file", lambda: template(core_team_user, name="map.pdf", content=exe)) == [
        "The file (map.pdf) is a Windows program: the library takes PDF, Word, Excel and "
        "PowerPoint files (.docx, .xlsx, .pptx) and PNG or JPEG images."
    ]


@pytest.mark.parametrize(
    ("name", "content", "what"),
    [
        ("logo.gif", b"GIF89a" + b"\x00" * 20, "a GIF image"),
        ("notes.txt", b"just some text", "of a type the library does not take"),
        (
            "plan.docx",
            ooxml("readme.txt"),
            "a zip archive that is no Word, Excel or PowerPoint file",
        ),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 20, "an old-style"),
    ],
)
def test_a_type_the_library_does_not_take_is_refused(core_team_user, name, content, what):
    (message,) = refused_on("file", lambda: template(core_team_user, name=name, content=content))
    assert message.startswith(f"The file ({name}) is {what}")


def test_a_name_that_says_another_type_than_the_content_is_refused(core_team_user):
    assert refused_on(
        "file", lambda: template(core_team_user, name="map.pdf", content=tiny_png())
    ) == ["The file is named map.pdf but holds a PNG image: name it .png."]


def test_a_file_over_the_limit_is_refused(core_team_user, settings):
    settings.CXGOV_STANDARD_FILE_MAX_BYTES = 300
    big = tiny_pdf("x" * 400)
    assert len(big) > 300
    assert refused_on("file", lambda: template(core_team_user, content=big)) == [
        f"The file is {len(big)} bytes; the limit is 300 bytes."
    ]


def test_a_template_without_a_file_and_a_definition_with_one_are_refused(core_team_user):
    assert refused_on(
        "file", lambda: publish(core_team_user, kind=StandardKind.TEMPLATE, title="Map")
    ) == ["A template needs its file: choose a PDF, Office file or image."]
    assert refused_on(
        "file", lambda: publish(core_team_user, file=upload("a.png", tiny_png()))
    ) == ["Only a template has a file; put a definition or a method in words."]


def test_a_review_date_already_past_and_a_missing_owner_are_refused_together(core_team_user):
    yesterday = today() - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.standard_create(
            by=core_team_user,
            kind=StandardKind.METHOD,
            title="Journey mapping",
            text="",
            owner=None,
            review_on=yesterday,
        )
    assert refused.value.message_dict == {
        "owner": ["Name the owner: the person who keeps it up to date."],
        "text": ["Say what the method is: the text is empty."],
        "review_on": [
            f"{yesterday:%-d %b %Y} has passed: choose the day the owner should next review "
            "it, today or later."
        ],
    }
    assert not Standard.objects.exists()


def test_a_second_item_of_a_kind_by_the_same_title_is_refused(core_team_user):
    publish(core_team_user)
    assert refused_on("__all__", lambda: publish(core_team_user)) == [
        "The library has an item of this kind by that title."
    ]


# Who may write


@pytest.mark.parametrize(
    "who", ["executive_user", "steering_user", "wg_member_user", "viewer_user"]
)
def test_only_the_core_team_and_admins_write(request, who, core_team_user, admin_user):
    person = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        publish(person, owner=core_team_user)
    item = publish(admin_user, owner=core_team_user)
    with pytest.raises(PermissionDenied):
        services.standard_update(standard=item, by=person, data={"text": "Mine"})
    assert item.versions.count() == 1


# Pages


def test_a_page_refuses_a_renamed_executable_on_its_field(core_team_user, client):
    client.force_login(core_team_user)
    response = client.post(
        reverse("governance:standard-create"),
        {
            "kind": "template",
            "title": "Journey map",
            "owner": core_team_user.pk,
            "review_on": REVIEW.isoformat(),
            "file": upload("map.pdf", b"MZ" + b"\x00" * 100),
        },
    )
    assert response.status_code == 200
    assert "is a Windows program" in response.context["form"].errors["file"][0]
    assert not Standard.objects.exists()


def test_a_page_publishes_a_template_and_edits_it_as_a_new_version(core_team_user, client):
    client.force_login(core_team_user)
    response = client.post(
        reverse("governance:standard-create"),
        {
            "kind": "template",
            "title": "Journey map",
            "owner": core_team_user.pk,
            "review_on": REVIEW.isoformat(),
            "file": upload("map.pdf", tiny_pdf("Journey map")),
        },
    )
    item = Standard.objects.get()
    assert response.status_code == 302
    assert response["Location"] == item.get_absolute_url()
    response = client.post(
        reverse("governance:standard-edit", args=[item.pk]),
        {
            "title": "Journey map",
            "text": "One per journey.",
            "owner": core_team_user.pk,
            "review_on": REVIEW.isoformat(),
            "version": 1,
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.version, item.text, item.file_name) == (2, "One per journey.", "map.pdf")
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Version 2" in page and "Version 1" in page


def test_everyone_reads_the_library_only_the_core_team_sees_the_add_buttons(
    core_team_user, viewer_user, client
):
    publish(core_team_user)
    client.force_login(viewer_user)
    page = client.get(reverse("governance:standard-list")).content.decode()
    assert "Detractor" in page and "Add a definition" not in page
    client.force_login(core_team_user)
    assert "Add a definition" in client.get(reverse("governance:standard-list")).content.decode()


def test_the_library_reads_in_one_query_at_any_size(core_team_user, django_assert_num_queries):
    for n in range(3):
        publish(core_team_user, title=f"Term {n}")
    with django_assert_num_queries(1):
        small = standards_library(user=core_team_user)
    for n in range(3, 30):
        publish(core_team_user, title=f"Term {n}")
    with django_assert_num_queries(1):
        large = standards_library(user=core_team_user)
    assert [len(s.items) for s in small] == [3, 0, 0]
    assert [len(s.items) for s in large] == [30, 0, 0]


# Review reminders


def test_an_item_past_its_review_date_reminds_its_owner_once(
    core_team_user, executive_user, deliver
):
    item = publish(core_team_user, owner=executive_user)
    publish(core_team_user, title="Promoter", review_on=REVIEW + dt.timedelta(days=30))
    later = REVIEW + dt.timedelta(days=1)
    with deliver():
        assert services.standard_review_reminders_send(on=REVIEW) == 0  # due tomorrow
        assert services.standard_review_reminders_send(on=later) == 1
        assert services.standard_review_reminders_send(on=later) == 0
    (notice,) = Notification.objects.filter(kind=STANDARD_REVIEW_DUE)
    assert notice.recipient == executive_user
    assert notice.link == item.get_absolute_url()
    assert [m.to for m in mail.outbox] == [[executive_user.email]]
    assert mail.outbox[0].subject == "Review the CX definition 'Detractor'"
    # A new review date is a new occasion: it reminds again once that one passes too.
    services.standard_update(
        standard=item, by=core_team_user, data={"review_on": later}, version_read=1
    )
    assert services.standard_review_reminders_send(on=later + dt.timedelta(days=1)) == 1
