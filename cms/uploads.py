"""Image uploads from the Markdown editor: sniffed, limited, re-encoded, renamed.

The browser's file name and content type are never trusted. Pillow must
recognise the bytes as PNG, JPEG, GIF or WebP; the image must be within the
byte and pixel limits; and it is re-encoded, which drops anything appended to
or hidden inside the file (metadata, an HTML trailer). The stored name is a
random one under ``uploads/<year>/<month>/``.
"""

import io
import uuid
import warnings

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from cms.exceptions import UploadError

FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}


def check_upload_size(size: int) -> None:
    limit = settings.CMS_UPLOAD_MAX_BYTES
    if size > limit:
        raise UploadError(
            _("The file is %(size)s bytes; images may be at most %(limit)s bytes.")
            % {"size": f"{size:,}", "limit": f"{limit:,}"}
        )


def open_image(data: bytes) -> Image.Image:
    """Open and fully decode ``data``, refusing anything but a sane raster image."""
    max_pixels = settings.CMS_UPLOAD_MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data), formats=list(FORMATS))
            if probe.width * probe.height > max_pixels:
                raise UploadError(
                    _("The image is %(width)s × %(height)s pixels; the limit is %(limit)s pixels.")
                    % {"width": probe.width, "height": probe.height, "limit": f"{max_pixels:,}"}
                )
            # Every frame of an animation is decoded and re-encoded: count them all.
            frames = getattr(probe, "n_frames", 1)
            if frames > 1 and probe.width * probe.height * frames > max_pixels:
                raise UploadError(
                    _(
                        "The animation has %(frames)s frames of %(width)s × %(height)s pixels; "
                        "the limit is %(limit)s pixels in all."
                    )
                    % {
                        "frames": frames,
                        "width": probe.width,
                        "height": probe.height,
                        "limit": f"{max_pixels:,}",
                    }
                )
            probe.verify()
            image = Image.open(io.BytesIO(data), formats=list(FORMATS))
            image.load()
    except UploadError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadError(
            _("The image has more pixels than can be opened safely; the limit is %(limit)s pixels.")
            % {"limit": f"{max_pixels:,}"}
        ) from None
    except UnidentifiedImageError:
        raise UploadError(_("Only PNG, JPEG, GIF and WebP images can be uploaded.")) from None
    except (OSError, SyntaxError, ValueError) as error:
        raise UploadError(_("The image file is damaged or incomplete.")) from error
    return image


def reencode(image: Image.Image) -> tuple[bytes, str]:
    """Write the image anew in its own format, without metadata or trailing bytes."""
    image_format = image.format
    output = io.BytesIO()
    options: dict = {}
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
    data = uploaded_file.read(settings.CMS_UPLOAD_MAX_BYTES + 1)
    check_upload_size(len(data))
    image = open_image(data)
    content, extension = reencode(image)
    now = timezone.now()
    name = f"uploads/{now:%Y}/{now:%m}/{uuid.uuid4().hex}.{extension}"
    stored_name = default_storage.save(name, ContentFile(content))
    return default_storage.url(stored_name)
