"""The demo publication's logo and social image, drawn locally with Pillow.

The logo is the publisher's logo in JSON-LD and the feeds' channel image;
the social image is the card of pages without a photo of their own.
"""

import io

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model

from news.models import PublicationSettings

LOGO_TITLE = "The Masthead Times logo"
SOCIAL_IMAGE_TITLE = "The Masthead Times social card"
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


def draw_social_image(name: str, tagline: str) -> bytes:
    """A 1200×630 PNG, the card size social networks show uncropped: the name and tagline on the masthead's red."""
    img = PILImage.new("RGB", (1200, 630), (155, 28, 28))
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 560, 1200, 630], fill=(26, 26, 26))
    draw.line([(120, 230), (1080, 230)], fill=(255, 255, 255), width=4)
    draw.line([(120, 238), (1080, 238)], fill=(255, 255, 255), width=2)
    try:
        title, small = ImageFont.truetype(SERIF_BOLD, 84), ImageFont.truetype(SERIF_BOLD, 40)
    except OSError:  # no DejaVu fonts installed: Pillow's own
        title, small = ImageFont.load_default(84), ImageFont.load_default(40)
    draw.text((600, 160), name, font=title, fill=(255, 255, 255), anchor="mm")
    draw.text((600, 320), tagline, font=small, fill=(253, 243, 231), anchor="mm")
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()


def ensure_demo_social_image():
    """Give the publication settings a social image when they have none."""
    settings = PublicationSettings.load()
    if settings.social_image_id is not None:
        return settings.social_image
    Image = get_image_model()
    image = Image.objects.filter(title=SOCIAL_IMAGE_TITLE).first()
    if image is None:
        image = Image(title=SOCIAL_IMAGE_TITLE, description=f"{settings.publication_name}: {settings.tagline}")
        image.file = ImageFile(
            io.BytesIO(draw_social_image(settings.publication_name, settings.tagline)), name="demo-social-card.png"
        )
        image.save()
    settings.social_image = image
    settings.save()
    return image
