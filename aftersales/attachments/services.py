"""Writes of attachments (附件): check a file, shrink a photo, store it through Django's storage API.

- The type is decided from the bytes, never from the name or the browser's word: a JPEG, PNG, WebP, GIF,
  BMP or TIFF that Pillow can open, or a PDF (``%PDF-`` header and ``%%EOF`` trailer). Anything else is refused.
- Sizes: at most `MAX_UPLOAD_BYTES` as sent (a phone photo is 3–8 MB), at most `MAX_PIXELS` pixels.
- A photo is turned upright (EXIF orientation), stripped of its metadata (EXIF carries the GPS position) and
  scaled down to `MAX_SIDE` px on its longer side; it is stored as JPEG (PNG when it has transparency).
- The file goes to `default_storage` (FileSystemStorage under var/media, or S3-compatible storage when
  settings say so); nothing here touches a path on disk.

Who may attach to what is the access table's (``attachments.<owner kind>``), asked with the owner's parameter
(``ticket_id``, ``visit_id``…), so a customer attaches only to its own requests and an engineer only to his
own visits and inspections.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from aftersales.accounts import access
from aftersales.attachments.choices import OWNER_PARAM, OwnerKind
from aftersales.attachments.models import Attachment
from aftersales.core import clock
from aftersales.core.errors import invalid, not_found

MAX_UPLOAD_BYTES = 15 * 1024 * 1024
MAX_PDF_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 60_000_000  # a 60-megapixel photo still opens; more is refused before it is decoded
MAX_SIDE = 1600
JPEG_QUALITY = 82
MAX_PER_OWNER = 50
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF", "MPO"}
PDF_MAGIC = b"%PDF-"


@dataclass(frozen=True)
class Checked:
    """A file that passed the checks, as it will be stored."""

    data: bytes
    content_type: str
    extension: str
    width: int | None = None
    height: int | None = None


def _not_allowed():
    return invalid(
        "attachment_type",
        "只能上传照片（JPEG/PNG/WebP 等）或 PDF 文件",
        "Only photos (JPEG, PNG, WebP…) and PDF files can be attached",
    )


def _too_large(limit: int):
    return invalid(
        "attachment_too_large",
        "文件过大（最大 {mb} MB）",
        "The file is too large ({mb} MB at most)",
        mb=limit // (1024 * 1024),
    )


def _check_pdf(data: bytes) -> Checked:
    if len(data) > MAX_PDF_BYTES:
        raise _too_large(MAX_PDF_BYTES)
    if b"%%EOF" not in data[-1024:]:
        raise _not_allowed()
    return Checked(data=data, content_type="application/pdf", extension="pdf")


def _check_image(data: bytes) -> Checked:
    from PIL import Image, ImageOps, UnidentifiedImageError  # Pillow only when a picture arrives (lazy imports)

    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            width, height = probe.size
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise _not_allowed() from None
    if fmt not in IMAGE_FORMATS:
        raise _not_allowed()
    if width * height > MAX_PIXELS:
        raise invalid(
            "attachment_too_many_pixels",
            "图片像素过多（最多 6000 万像素）",
            "The picture has too many pixels (60 megapixels at most)",
        )
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
            has_alpha = upright.mode in ("RGBA", "LA") or (upright.mode == "P" and "transparency" in upright.info)
            out = io.BytesIO()
            if has_alpha:
                upright.convert("RGBA").save(out, format="PNG", optimize=True)  # no metadata is copied
                content_type, extension = "image/png", "png"
            else:
                upright.convert("RGB").save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
                content_type, extension = "image/jpeg", "jpg"
            size = upright.size
    except (OSError, ValueError, Image.DecompressionBombError):
        raise _not_allowed() from None
    return Checked(out.getvalue(), content_type, extension, size[0], size[1])


def attachment_check(data: bytes) -> Checked:
    """The file as it would be stored, or a 400 saying why not (type by content, size, pixels)."""
    if not data:
        raise invalid("attachment_empty", "文件为空", "The file is empty")
    if len(data) > MAX_UPLOAD_BYTES:
        raise _too_large(MAX_UPLOAD_BYTES)
    if data.startswith(PDF_MAGIC):
        return _check_pdf(data)
    return _check_image(data)


def _owner(kind: str, owner_id: int) -> tuple[int | None, int]:
    """(request id, customer id) of the owner, or 404."""
    row = None
    if kind == OwnerKind.TICKET:
        from aftersales.tickets.models import Ticket

        row = Ticket.objects.filter(pk=owner_id).values_list("pk", "customer_id").first()
    elif kind == OwnerKind.VISIT:
        from aftersales.dispatch.models import Visit

        row = Visit.objects.filter(pk=owner_id).values_list("ticket_id", "ticket__customer_id").first()
    elif kind == OwnerKind.INSPECTION:
        from aftersales.inspections.models import Inspection

        found = Inspection.objects.filter(pk=owner_id).values_list("customer_id", flat=True).first()
        row = (None, found) if found is not None else None
    elif kind == OwnerKind.COMPLAINT:
        from aftersales.complaints.models import Complaint

        row = Complaint.objects.filter(pk=owner_id).values_list("ticket_id", "customer_id").first()
    if row is None:
        raise not_found(OwnerKind(kind).label, OwnerKind(kind).name.title())
    return row[0], row[1]


def _clean_name(name: str, extension: str) -> str:
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    base = "".join(ch for ch in base if ch.isprintable())[:150] or "file"
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return f"{stem}.{extension}"


def _storage_name(extension: str) -> str:
    at = clock.local(clock.now())
    return f"attachments/{at:%Y/%m}/{uuid.uuid4().hex}.{extension}"


def attachment_add(
    *,
    actor,
    owner_kind: str,
    owner_id: int,
    data: bytes,
    filename: str = "",
    note: str = "",
    as_part_of: str | None = None,
) -> Attachment:
    """Attach one photo or PDF (附件) to a request, visit, inspection or complaint.

    The file is checked and (a photo) shrunk before anything is written; it is then saved through the
    default storage and its row written. If the row cannot be written the stored file is deleted again, so
    a refusal leaves neither. A service whose own action brings the file (the QR fault form's photo:
    ``portal.qr_report``, its signed link being the credential) names that action in `as_part_of`.
    """
    if owner_kind not in OwnerKind.values:
        raise invalid("attachment_owner", "附件所属类型无效", "Unknown attachment owner")
    if as_part_of is None:
        access.require(actor, f"attachments.{owner_kind}", **{OWNER_PARAM[OwnerKind(owner_kind)]: owner_id})
    else:
        access.require(actor, as_part_of)
    ticket_id, customer_id = _owner(owner_kind, owner_id)
    if Attachment.objects.filter(owner_kind=owner_kind, owner_id=owner_id).count() >= MAX_PER_OWNER:
        raise invalid(
            "attachment_limit", "附件已达上限（{n} 个）", "Too many attachments ({n} at most)", n=MAX_PER_OWNER
        )
    checked = attachment_check(data)
    stored = default_storage.save(_storage_name(checked.extension), ContentFile(checked.data))
    try:
        with transaction.atomic():
            return Attachment.objects.create(
                owner_kind=owner_kind,
                owner_id=owner_id,
                ticket_id=ticket_id,
                customer_id=customer_id,
                file=stored,
                name=_clean_name(filename, checked.extension),
                content_type=checked.content_type,
                size=len(checked.data),
                width=checked.width,
                height=checked.height,
                note=(note or "").strip()[:200],
                uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
                uploaded_at=clock.now(),
            )
    except Exception:
        default_storage.delete(stored)
        raise
