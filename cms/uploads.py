"""Image uploads from the Markdown editor: sniffed, limited, re-encoded, renamed.

The browser's file name and content type are never trusted. Pillow must
recognise the bytes as PNG, JPEG, GIF or WebP; the image must be within the
byte and pixel limits, and an animation within the frame limit, all checked
before more is decoded than the limits allow; and it is re-encoded, which drops anything appended to
or hidden inside the file (metadata, an HTML trailer). The stored name is a
random one under ``uploads/<year>/<month>/``.
"""

import io
import logging
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from cms.conf import conf
from cms.exceptions import UploadError

FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}

logger = logging.getLogger(__name__)


def check_upload_size(size: int) -> None:
    limit = conf.CMS_UPLOAD_MAX_BYTES
    if size > limit:
        raise UploadError(
            _("The file is %(size)s bytes; images may be at most %(limit)s bytes.")
            % {"size": f"{size:,}", "limit": f"{limit:,}"}
        )


def max_frames() -> int:
    return int(conf.CMS_UPLOAD_MAX_FRAMES)


@contextmanager
def pillow_failures_refused(message: str) -> Iterator[None]:
    """Turn whatever Pillow raises on a hostile file into an ``UploadError`` with ``message``.

    Decoders and encoders fail in many ways on crafted input (``OSError``,
    ``SyntaxError``, ``OverflowError`` when an animation's merged delays no
    longer fit, ``struct.error`` ...); each is the file's fault, never a 500.
    The original is logged so that a Pillow bug stays visible to operators.
    """
    max_pixels = conf.CMS_UPLOAD_MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    except UploadError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadError(
            _("The image has more pixels than can be opened safely; the limit is %(limit)s pixels.")
            % {"limit": f"{max_pixels:,}"}
        ) from None
    except UnidentifiedImageError:
        raise UploadError(_("Only PNG, JPEG, GIF and WebP images can be uploaded.")) from None
    except Exception as error:
        logger.warning("Refused an uploaded image Pillow could not handle", exc_info=True)
        raise UploadError(message) from error


def check_frames(image: Image.Image) -> int:
    """Step through an animation's frames, stopping as soon as one more would pass a limit.

    Pillow's ``n_frames`` reads a GIF to its end, so a few megabytes of tiny
    frames cost seconds before any limit could apply. Here each frame is
    counted as it is reached, and the walk stops at the first frame over the
    frame limit or over the pixel budget of all frames together, before that
    frame is decoded: the work done is bounded by the limits, not by the file.
    """
    frame_limit = max_frames()
    max_pixels = conf.CMS_UPLOAD_MAX_PIXELS
    frame_pixels = image.width * image.height
    frames = 1
    while True:
        try:
            image.seek(frames)
        except EOFError:
            break
        frames += 1
        if frames > frame_limit:
            raise UploadError(
                _("The animation has more than %(limit)s frames; %(limit)s is the most allowed.")
                % {"limit": f"{frame_limit:,}"}
            )
        if frames * frame_pixels > max_pixels:
            raise UploadError(
                _(
                    "The animation has more than %(frames)s frames of %(width)s × %(height)s "
                    "pixels; the limit is %(limit)s pixels in all."
                )
                % {
                    "frames": frames - 1,
                    "width": image.width,
                    "height": image.height,
                    "limit": f"{max_pixels:,}",
                }
            )
    image.seek(0)
    return frames


def open_image(data: bytes) -> Image.Image:
    """Open and fully decode ``data``, refusing anything but a sane raster image."""
    max_pixels = conf.CMS_UPLOAD_MAX_PIXELS
    with pillow_failures_refused(_("The image file is damaged or incomplete.")):
        probe = Image.open(io.BytesIO(data), formats=list(FORMATS))
        if probe.width * probe.height > max_pixels:
            raise UploadError(
                _("The image is %(width)s × %(height)s pixels; the limit is %(limit)s pixels.")
                % {"width": probe.width, "height": probe.height, "limit": f"{max_pixels:,}"}
            )
        probe.verify()
        image = Image.open(io.BytesIO(data), formats=list(FORMATS))
        check_frames(image)
        image.load()
    return image


def reencode(image: Image.Image) -> tuple[bytes, str]:
    """Write the image anew in its own format, without metadata or trailing bytes."""
    image_format = image.format
    output = io.BytesIO()
    options: dict = {}
    with pillow_failures_refused(
        _(
            "The image could not be re-encoded safely; open it in an image editor, "
            "save it again and upload that copy."
        )
    ):
        if image_format == "JPEG":
            image = image.convert("RGB") if image.mode not in ("RGB", "L") else image
            options = {"quality": 90, "optimize": True}
        elif image_format in ("GIF", "WEBP") and getattr(image, "is_animated", False):
            options = {"save_all": True}
        image.save(output, format=image_format, **options)
    return output.getvalue(), FORMATS[image_format]


def store_image(uploaded_file) -> str:
    """Validate, re-encode and store an uploaded image; return its public URL."""
    check_upload_size(uploaded_file.size)
    data = uploaded_file.read(conf.CMS_UPLOAD_MAX_BYTES + 1)
    check_upload_size(len(data))
    image = open_image(data)
    content, extension = reencode(image)
    now = timezone.now()
    name = f"uploads/{now:%Y}/{now:%m}/{uuid.uuid4().hex}.{extension}"
    stored_name = default_storage.save(name, ContentFile(content))
    return default_storage.url(stored_name)
