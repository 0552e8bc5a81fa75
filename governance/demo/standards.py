"""Demo standards library: a retail bank's CX glossary, its four methods and two templates
(a one-page PDF and a PNG, written here at seed time). One method's review date has passed,
so its owner is reminded; another comes up within the month, in the core team's digest."""

from __future__ import annotations

import datetime as dt
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

from cxgov.dates import today
from cxgov.demo import happened_at

from .. import services
from ..models import Standard, StandardKind

DEFINITIONS = [
    (
        "Customer",
        "A person or business that holds a product with us, or has applied for one in the "
        "last 12 months. A prospect who only asked for information is not yet a customer.",
    ),
    (
        "Journey",
        "The steps a customer takes to reach one goal (open an account, move home, make a "
        "complaint), across every channel and department, from their first need to the "
        "outcome. Named from the customer's side, never after our process.",
    ),
    (
        "Touchpoint",
        "One moment in a journey where the customer meets us: a branch visit, a call, an app "
        "screen, a letter.",
    ),
    (
        "Promoter",
        "A customer who answers 9 or 10 to 'How likely are you to recommend us?'.",
    ),
    (
        "Detractor",
        "A customer who answers 0 to 6 to 'How likely are you to recommend us?'. Every "
        "detractor with a comment opens a closed-loop case within one working day.",
    ),
    (
        "Resolved",
        "A case or complaint is resolved when the customer agrees it is, not when we close it: "
        "the follow-up call or message records their agreement.",
    ),
    (
        "Closed loop",
        "Calling back a customer who gave feedback, fixing their issue where we can, and "
        "feeding the cause to the team that owns it.",
    ),
    (
        "Moment of truth",
        "A touchpoint that decides whether the customer keeps trusting us: the first salary "
        "paid in, a declined card abroad, a bereavement.",
    ),
]

# (title, text, owner's username, review date in days from today)
METHODS = [
    (
        "Journey mapping",
        "Map one journey with customers' own words: pick the journey and its persona, gather "
        "research (NPS comments, calls, interviews), run a half-day workshop with every "
        "department the journey crosses, mark the moments of truth and the pain points, and "
        "agree three fixes with owners. Use the journey map template.",
        "core",
        120,
    ),
    (
        "Listening sessions",
        "Leaders listen to real customers for an hour a month: live calls in the contact "
        "centre, a branch morning, or recorded complaint calls. Write down three things heard "
        "and one action; log it as a leadership engagement.",
        "core",
        200,
    ),
    (
        "Survey standards",
        "Every customer survey asks the relationship NPS question word for word, at most five "
        "questions, within 48 hours of the interaction, to no customer more than once in 90 "
        "days. Scores go to the VoC import with the touchpoint and channel.",
        "ines",
        -20,
    ),
    (
        "CX ambassadors",
        "One ambassador per team of about 15: shares the month's customer stories, brings the "
        "team's ideas to the working group, spends two hours a month on it with their "
        "manager's agreement.",
        "core",
        21,  # coming up for review: in the core team's digest
    ),
]


def tiny_pdf(text: str) -> bytes:
    """A valid one-page PDF showing `text` (ASCII), with a correct cross-reference table."""
    safe = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 18 Tf 72 720 Td ({safe}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def tiny_png(width: int = 8, height: int = 8, rgb: tuple[int, int, int] = (11, 94, 86)) -> bytes:
    """A valid PNG of one colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def seed(*, people: dict) -> bool:
    """Create the demo library unless it has items already. Returns whether it created."""
    if Standard.objects.exists():
        return False
    core = people["core"]
    on = today()
    published = on - dt.timedelta(days=200)
    with happened_at(published):
        for title, text in DEFINITIONS:
            services.standard_create(
                by=core,
                kind=StandardKind.DEFINITION,
                title=title,
                text=text,
                owner=core,
                review_on=on + dt.timedelta(days=150),
            )
        # Published back when every review date was still ahead ("Survey standards" has
        # passed since).
        for title, text, owner, review_in in METHODS:
            services.standard_create(
                by=core,
                kind=StandardKind.METHOD,
                title=title,
                text=text,
                owner=people[owner],
                review_on=on + dt.timedelta(days=review_in),
            )
    with happened_at(published):
        services.standard_create(
            by=core,
            kind=StandardKind.TEMPLATE,
            title="Journey map template",
            text="One page: the persona, the steps, what the customer does, thinks and feels "
            "at each, the moments of truth, and the fixes agreed.",
            file=SimpleUploadedFile(
                "journey-map-template.pdf", tiny_pdf("Journey map: persona, steps, feelings")
            ),
            owner=core,
            review_on=on + dt.timedelta(days=180),
        )
        services.standard_create(
            by=core,
            kind=StandardKind.TEMPLATE,
            title="CX ambassador badge",
            text="The badge ambassadors put on their e-mail signature and team page.",
            file=SimpleUploadedFile("cx-ambassador-badge.png", tiny_png()),
            owner=core,
            review_on=on + dt.timedelta(days=365),
        )
    # A later edit, so the journey map method shows a second version.
    mapping = Standard.objects.get(kind=StandardKind.METHOD, title="Journey mapping")
    with happened_at(on - dt.timedelta(days=30)):
        services.standard_update(
            standard=mapping,
            by=core,
            data={"text": mapping.text + " Re-walk the journey a year later to check the fixes."},
        )
    return True
