"""Attachments: the type is read from the content, never from the name, and the size is
checked before anything is stored."""

import hashlib
import mimetypes

import filetype
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

MAX_SIZE = 10 * 1024 * 1024
ALLOWED = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/heic": ".heic",
    "application/pdf": ".pdf",
}


def sniff(upload):
    """The file's real type from its first bytes; ValidationError if it is not allowed."""
    if upload.size > MAX_SIZE:
        raise ValidationError(
            _("%(name)s is %(size)s MB; the limit is 10 MB."),
            params={"name": upload.name, "size": number_format(upload.size / 1024 / 1024, 1)},
            code="too_large",
        )
    upload.seek(0)
    kind = filetype.guess(upload.read(8192))
    upload.seek(0)
    if kind is None or kind.mime not in ALLOWED:
        raise ValidationError(
            _("%(name)s is not a picture or a PDF. Attach JPEG, PNG, GIF, WebP, HEIC or PDF."),
            params={"name": upload.name},
            code="type",
        )
    named, _encoding = mimetypes.guess_type(upload.name)
    if named is not None and named != kind.mime and not _same_family(named, kind.mime):
        raise ValidationError(
            _("%(name)s is named as one type of file but contains another. Attach the original."),
            params={"name": upload.name},
            code="mismatch",
        )
    return kind.mime


def _same_family(named, sniffed):
    # Phones name HEIC pictures .jpg now and then; a picture that is a picture is fine.
    return named.startswith("image/") and sniffed.startswith("image/")


def sha256(upload):
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
