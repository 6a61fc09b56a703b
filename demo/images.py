"""Photos for the demo site, drawn locally with Pillow so set-up needs no downloads: a different scene for each subject."""

import io
import math
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


def sky(draw, top, bottom, horizon):
    for y in range(horizon):
        t = y / horizon
        draw.line([(0, y), (WIDTH, y)], fill=tuple(int(top[i] * (1 - t) + bottom[i] * t) for i in range(3)))


def hills(draw, rng, colour, base, layers=3):
    for layer in range(layers):
        points = [(0, HEIGHT)]
        for x in range(0, WIDTH + 100, 100):
            points.append((x, base + layer * 110 + rng.randint(-80, 80)))
        points.append((WIDTH, HEIGHT))
        draw.polygon(points, fill=tuple(max(0, c // (layer + 2)) for c in colour))


def water(draw, rng, colour, top):
    draw.rectangle([0, top, WIDTH, HEIGHT], fill=colour)
    for _ in range(60):
        x, y = rng.randint(0, WIDTH), rng.randint(top + 10, HEIGHT)
        draw.line([(x, y), (x + rng.randint(30, 120), y)], fill=tuple(min(255, c + 40) for c in colour), width=3)


def boats(draw, rng, waterline):
    for _ in range(rng.randint(3, 6)):
        x = rng.randint(50, WIDTH - 250)
        draw.polygon(
            [(x, waterline), (x + 200, waterline), (x + 170, waterline + 50), (x + 30, waterline + 50)],
            fill=(60, 40, 30),
        )
        draw.line([(x + 100, waterline), (x + 100, waterline - 160)], fill=(40, 30, 20), width=6)
        draw.polygon(
            [(x + 104, waterline - 150), (x + 104, waterline - 20), (x + 180, waterline - 30)], fill=(240, 235, 220)
        )


def crowd(draw, rng, ground):
    draw.rectangle([0, ground, WIDTH, HEIGHT], fill=(70, 70, 80))
    for _ in range(140):
        x, y = rng.randint(0, WIDTH), rng.randint(ground - 60, HEIGHT)
        shade = tuple(rng.randint(30, 200) for _ in range(3))
        draw.ellipse([x - 22, y - 60, x + 22, y - 16], fill=(rng.randint(120, 230), rng.randint(90, 170), 120))
        draw.rectangle([x - 30, y - 16, x + 30, y + 70], fill=shade)


def buildings(draw, rng, ground, columns_of_windows=True):
    x = 0
    while x < WIDTH:
        width, height = rng.randint(120, 260), rng.randint(200, 520)
        colour = tuple(rng.randint(90, 200) for _ in range(3))
        draw.rectangle([x, ground - height, x + width, ground], fill=colour)
        if columns_of_windows:
            for wy in range(ground - height + 30, ground - 40, 60):
                for wx in range(x + 20, x + width - 30, 45):
                    draw.rectangle(
                        [wx, wy, wx + 22, wy + 32], fill=(250, 230, 160) if rng.random() < 0.4 else (40, 50, 60)
                    )
        x += width + rng.randint(0, 30)
    draw.rectangle([0, ground, WIDTH, HEIGHT], fill=(90, 90, 90))


def shelves(draw, rng):
    draw.rectangle([0, 0, WIDTH, HEIGHT], fill=(92, 60, 38))
    for shelf_y in range(60, HEIGHT, 160):
        draw.rectangle([0, shelf_y + 130, WIDTH, shelf_y + 145], fill=(60, 38, 22))
        x = 20
        while x < WIDTH - 20:
            width = rng.randint(18, 42)
            colour = tuple(rng.randint(40, 220) for _ in range(3))
            draw.rectangle([x, shelf_y + rng.randint(10, 40), x + width, shelf_y + 130], fill=colour)
            x += width + 2


def stalls(draw, rng, ground):
    draw.rectangle([0, ground, WIDTH, HEIGHT], fill=(150, 130, 100))
    for x in range(0, WIDTH, 260):
        colour = tuple(rng.randint(120, 240) for _ in range(3))
        for stripe in range(0, 240, 40):
            draw.rectangle([x + stripe, ground - 300, x + stripe + 20, ground - 220], fill=colour)
        draw.rectangle([x + 10, ground - 220, x + 230, ground - 120], fill=(110, 80, 50))
        for _ in range(12):
            fx, fy = x + rng.randint(20, 220), ground - 230 + rng.randint(0, 25)
            draw.ellipse([fx, fy, fx + 24, fy + 24], fill=tuple(rng.randint(150, 255) for _ in range(3)))


def turbines(draw, rng, ground):
    for _ in range(5):
        x, top = rng.randint(100, WIDTH - 100), rng.randint(150, 350)
        draw.line([(x, ground), (x, top)], fill=(235, 235, 235), width=10)
        for angle in (0, 120, 240):
            rad = math.radians(angle + rng.randint(0, 120))
            draw.line([(x, top), (x + 160 * math.cos(rad), top + 160 * math.sin(rad))], fill=(245, 245, 245), width=8)


def cranes(draw, rng, ground):
    for _ in range(4):
        x, top = rng.randint(100, WIDTH - 300), rng.randint(120, 260)
        colour = rng.choice([(220, 140, 30), (200, 50, 40), (230, 200, 40)])
        draw.rectangle([x, top, x + 30, ground], fill=colour)
        draw.rectangle([x - 120, top, x + 320, top + 24], fill=colour)
        draw.line([(x + 280, top + 24), (x + 280, top + 260)], fill=(30, 30, 30), width=3)
        draw.rectangle([x + 250, top + 260, x + 310, top + 320], fill=(40, 90, 140))


def rails(draw, ground):
    draw.rectangle([0, ground, WIDTH, HEIGHT], fill=(110, 100, 80))
    vanish = (WIDTH // 2, ground)
    for x in (WIDTH // 2 - 500, WIDTH // 2 - 300, WIDTH // 2 + 300, WIDTH // 2 + 500):
        draw.line([vanish, (x, HEIGHT)], fill=(60, 60, 60), width=8)
    for step in range(1, 14):
        y = ground + (HEIGHT - ground) * step / 14
        half = 500 * step / 14
        draw.line([(WIDTH // 2 - half, y), (WIDTH // 2 + half, y)], fill=(80, 60, 40), width=6)


def stage(draw, rng, ground):
    draw.rectangle([200, ground - 420, WIDTH - 200, ground - 80], fill=(25, 20, 35))
    for _ in range(8):
        x = rng.randint(220, WIDTH - 220)
        draw.polygon(
            [(x, ground - 420), (x - 160, ground - 80), (x + 160, ground - 80)],
            fill=tuple(rng.randint(120, 255) for _ in range(3)),
        )
    crowd(draw, rng, ground)


def draw_photo(index: int) -> bytes:
    """A 1600×900 JPEG of the subject at `index` (SUBJECTS): a sky and a scene drawn for that subject."""
    rng = random.Random(index)
    top, bottom = PALETTES[index % len(PALETTES)]
    img = PILImage.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(img)
    sky(draw, top, bottom, HEIGHT)
    subject = SUBJECTS[index % len(SUBJECTS)]
    horizon = 560
    if subject == "Harbour at dawn":
        water(draw, rng, (40, 70, 110), horizon)
        boats(draw, rng, horizon + 40)
    elif subject == "Crowd at the town hall":
        buildings(draw, rng, horizon)
        crowd(draw, rng, horizon + 80)
    elif subject == "River in flood":
        hills(draw, rng, top, 420, layers=1)
        water(draw, rng, (120, 100, 70), 520)
        buildings(draw, rng, 600, columns_of_windows=False)
        water(draw, rng, (120, 100, 70), 640)
    elif subject == "Wind turbines on the ridge":
        hills(draw, rng, (70, 120, 60), 600, layers=2)
        turbines(draw, rng, 620)
    elif subject == "Market stalls":
        buildings(draw, rng, 700)
        stalls(draw, rng, 760)
    elif subject == "Mountain station":
        hills(draw, rng, top, 360)
        draw.rectangle([620, 470, 980, 640], fill=(150, 60, 50))
        draw.polygon([(600, 470), (800, 380), (1000, 470)], fill=(80, 40, 35))
    elif subject == "Library reading room":
        shelves(draw, rng)
    elif subject == "Rail line at the border":
        hills(draw, rng, (60, 90, 60), 460, layers=1)
        rails(draw, 520)
    elif subject == "Clinic waiting room":
        draw.rectangle([0, 0, WIDTH, HEIGHT], fill=(210, 225, 230))
        for x in range(80, WIDTH - 80, 150):
            draw.rectangle([x, 560, x + 110, 620], fill=(40, 110, 150))
            draw.rectangle([x, 470, x + 20, 620], fill=(40, 110, 150))
        draw.rectangle([0, 700, WIDTH, HEIGHT], fill=(180, 190, 195))
        draw.rectangle([1200, 120, 1500, 320], fill=(255, 255, 255))
    elif subject == "Festival stage":
        stage(draw, rng, 760)
    elif subject == "Shipyard cranes":
        water(draw, rng, (30, 60, 90), 700)
        cranes(draw, rng, 700)
    else:  # "Coastal path"
        hills(draw, rng, (80, 130, 70), 380, layers=1)
        water(draw, rng, (50, 100, 150), 620)
        draw.line([(0, 700), (500, 560), (1100, 600), (WIDTH, 520)], fill=(200, 180, 140), width=24)
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
