"""Attachment pages: the guarded download and the upload of one owner kind each.

The files are never public: `/media/` is not served, and `attachment_file` hands a file out only when the
access table lets the user read that attachment (the middleware checks ``attachment_id``; the selector scopes).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aftersales.attachments import selectors, services
from aftersales.attachments.choices import OwnerKind
from aftersales.core.errors import DomainError


@require_GET
def attachment_file(request: HttpRequest, attachment_id: int) -> HttpResponse:
    """One attachment's bytes, shown in the browser (`?download=1`: saved under its name)."""
    try:
        attachment = selectors.attachment_get(request.user, attachment_id)
    except DomainError:
        raise Http404 from None
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type=attachment.content_type,
        as_attachment=bool(request.GET.get("download")),
        filename=attachment.name,
    )
    response["Cache-Control"] = "private, max-age=600"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    return response


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(fallback)


def _add(request: HttpRequest, kind: OwnerKind, owner_id: int) -> HttpResponse:
    files = request.FILES.getlist("file")
    if not files:
        messages.error(request, _("请选择要上传的照片或文件"))
        return _back(request, "/")
    added = 0
    for upload in files:
        try:
            if upload.size and upload.size > services.MAX_UPLOAD_BYTES:
                raise services._too_large(services.MAX_UPLOAD_BYTES)
            services.attachment_add(
                actor=request.user,
                owner_kind=kind,
                owner_id=owner_id,
                data=upload.read(services.MAX_UPLOAD_BYTES + 1),
                filename=upload.name or "",
                note=request.POST.get("note", ""),
            )
        except DomainError as exc:
            messages.error(request, f"{upload.name}: {exc.message(request.LANGUAGE_CODE)}")
        else:
            added += 1
    if added:
        messages.success(request, _("已上传 %(count)s 个附件") % {"count": added})
    return _back(request, "/")


@require_POST
def attachment_add_ticket(request: HttpRequest, ticket_id: int) -> HttpResponse:
    return _add(request, OwnerKind.TICKET, ticket_id)


@require_POST
def attachment_add_visit(request: HttpRequest, visit_id: int) -> HttpResponse:
    return _add(request, OwnerKind.VISIT, visit_id)


@require_POST
def attachment_add_inspection(request: HttpRequest, inspection_id: int) -> HttpResponse:
    return _add(request, OwnerKind.INSPECTION, inspection_id)


@require_POST
def attachment_add_complaint(request: HttpRequest, complaint_id: int) -> HttpResponse:
    return _add(request, OwnerKind.COMPLAINT, complaint_id)
