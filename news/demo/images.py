"""Photos for the demo site, drawn locally with Pillow so set-up needs no downloads."""

import io
import random

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model

PALETTES = [
    ((32, 58, 92), (214, 140, 69)),
    ((18, 84, 70), (230, 213, 150)),
    ((94, 32, 48), (241, 180, 120)),
    ((40, 40, 60), (120, 180, 220)),
    ((70, 90, 40), (220, 220, 170)),
    ((20, 30, 40), (200, 90, 70)),
]
SUBJECTS = [
    "Harbour at dawn",
    "Crowd at the town hall",
    "River in flood",
    "Wind turbines on the ridge",
    "Market stalls",
    "Mountain station",
    "Library reading room",
    "Rail line at the border",
    "Clinic waiting room",
    "Festival stage",
    "Shipyard cranes",
    "Coastal path",
]
WIDTH, HEIGHT = 1600, 900


def draw_photo(index: int) -> bytes:
    """A 1600×900 JPEG: a two-colour sky, hills and a sun, different for each index."""
    rng = random.Random(index)
    top, bottom = PALETTES[index % len(PALETTES)]
    img = PILImage.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(img)
    for y in range(HEIGHT):
        t = y / HEIGHT
        draw.line([(0, y), (WIDTH, y)], fill=tuple(int(top[i] * (1 - t) + bottom[i] * t) for i in range(3)))
    sun_x, sun_y = rng.randint(200, WIDTH - 200), rng.randint(120, 380)
    draw.ellipse([sun_x - 90, sun_y - 90, sun_x + 90, sun_y + 90], fill=(250, 236, 200))
    for layer in range(3):
        base = 520 + layer * 110
        shade = tuple(max(0, c // (layer + 2)) for c in top)
        points = [(0, HEIGHT)]
        for x in range(0, WIDTH + 100, 100):
            points.append((x, base + rng.randint(-80, 80)))
        points.append((WIDTH, HEIGHT))
        draw.polygon(points, fill=shade)
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=82)
    return out.getvalue()


def ensure_demo_images():
    """The demo photos, created once and reused on every later run."""
    Image = get_image_model()
    images = []
    for index, subject in enumerate(SUBJECTS):
        title = f"Demo photo: {subject}"
        image = Image.objects.filter(title=title).first()
        if image is None:
            image = Image(title=title, description=subject)
            image.file = ImageFile(io.BytesIO(draw_photo(index)), name=f"demo-{index:02d}.jpg")
            image.save()
        images.append(image)
    return images
