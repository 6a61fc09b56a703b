"""The demo publication's logo, drawn locally with Pillow: the publisher's logo in JSON-LD and the card image of pages without a photo."""

import io

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model

from news.models import PublicationSettings

LOGO_TITLE = "The Masthead Times logo"
SERIF_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"


def draw_logo(name: str) -> bytes:
    """A 600×600 PNG (Google asks for a square-ish logo at least 112 px): a red square with an "M" above the name."""
    img = PILImage.new("RGB", (600, 600), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    draw.rectangle([175, 80, 425, 330], fill=(155, 28, 28))
    try:
        big, small = ImageFont.truetype(SERIF_BOLD, 190), ImageFont.truetype(SERIF_BOLD, 46)
    except OSError:  # no DejaVu fonts installed: Pillow's own
        big, small = ImageFont.load_default(190), ImageFont.load_default(46)
    draw.text((300, 210), "M", font=big, fill=(255, 255, 255), anchor="mm")
    draw.text((300, 440), name, font=small, fill=(26, 26, 26), anchor="mm")
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()


def ensure_demo_logo():
    """Give the publication settings a logo when they have none."""
    settings = PublicationSettings.load()
    if settings.logo_id is not None:
        return settings.logo
    Image = get_image_model()
    logo = Image.objects.filter(title=LOGO_TITLE).first()
    if logo is None:
        logo = Image(title=LOGO_TITLE, description=f"{settings.publication_name} logo")
        logo.file = ImageFile(io.BytesIO(draw_logo(settings.publication_name)), name="demo-logo.png")
        logo.save()
    settings.logo = logo
    settings.save()
    return logo
