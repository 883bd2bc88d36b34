"""Demo artwork and documents, drawn here so the demo needs no downloads.

The pictures are simple, bright scenes in the movement's spirit (people
gardening, cooking, making music, dancing) on a warm ground; each is fixed by
its seed, so a fresh demo always looks the same.
"""

import functools
import io
import math
import random

from PIL import Image, ImageDraw, ImageFont

INK = (31, 41, 55)
PAPER = (255, 248, 240)
ORANGE = (249, 115, 22)
SOFT_ORANGE = (254, 215, 170)
SUN = (253, 230, 138)
TEAL = (15, 118, 110)
SOFT_TEAL = (153, 246, 228)
SKIN = [(141, 85, 36), (198, 134, 66), (224, 172, 105), (241, 194, 125), (255, 219, 172), (92, 56, 30)]
CLOTHES = [TEAL, (190, 24, 93), (124, 58, 237), (37, 99, 235), (234, 179, 8), (22, 163, 74), (194, 65, 12)]

SCENES = {
    "garden": {"ground": ORANGE, "sky": SOFT_ORANGE, "thing": "plants"},
    "kitchen": {"ground": (251, 146, 60), "sky": SUN, "thing": "table"},
    "music": {"ground": TEAL, "sky": SOFT_TEAL, "thing": "notes"},
    "dance": {"ground": ORANGE, "sky": SUN, "thing": "notes"},
    "gathering": {"ground": (251, 146, 60), "sky": SOFT_ORANGE, "thing": "table"},
    "street": {"ground": TEAL, "sky": SOFT_ORANGE, "thing": "houses"},
}


def _wobbly_line(draw, points, fill, width, rng):
    """A line that wanders a little, as if drawn by hand."""
    wobbled = [(x + rng.uniform(-2, 2), y + rng.uniform(-2, 2)) for x, y in points]
    draw.line(wobbled, fill=fill, width=width, joint="curve")


def _person(draw, x, y, scale, rng, arms_up=False):
    skin = rng.choice(SKIN)
    clothes = rng.choice(CLOTHES)
    head = 26 * scale
    body_h = 90 * scale
    # body: a soft trapezoid
    draw.polygon(
        [
            (x - 22 * scale, y),
            (x + 22 * scale, y),
            (x + 38 * scale, y + body_h),
            (x - 38 * scale, y + body_h),
        ],
        fill=clothes,
        outline=INK,
        width=max(3, int(4 * scale)),
    )
    # arms
    if arms_up:
        _wobbly_line(
            draw,
            [(x - 20 * scale, y + 12 * scale), (x - 55 * scale, y - 40 * scale)],
            INK,
            int(7 * scale),
            rng,
        )
        _wobbly_line(
            draw,
            [(x + 20 * scale, y + 12 * scale), (x + 55 * scale, y - 40 * scale)],
            INK,
            int(7 * scale),
            rng,
        )
    else:
        _wobbly_line(
            draw,
            [(x - 20 * scale, y + 12 * scale), (x - 58 * scale, y + 55 * scale)],
            INK,
            int(7 * scale),
            rng,
        )
        _wobbly_line(
            draw,
            [(x + 20 * scale, y + 12 * scale), (x + 58 * scale, y + 55 * scale)],
            INK,
            int(7 * scale),
            rng,
        )
    # legs
    _wobbly_line(
        draw,
        [(x - 14 * scale, y + body_h), (x - 18 * scale, y + body_h + 50 * scale)],
        INK,
        int(8 * scale),
        rng,
    )
    _wobbly_line(
        draw,
        [(x + 14 * scale, y + body_h), (x + 18 * scale, y + body_h + 50 * scale)],
        INK,
        int(8 * scale),
        rng,
    )
    # head and a smile
    draw.ellipse(
        [x - head, y - 2.1 * head, x + head, y - 0.1 * head],
        fill=skin,
        outline=INK,
        width=max(3, int(4 * scale)),
    )
    draw.arc(
        [x - 0.5 * head, y - 1.4 * head, x + 0.5 * head, y - 0.6 * head],
        start=20,
        end=160,
        fill=INK,
        width=max(2, int(3 * scale)),
    )


def _things(draw, kind, width, height, rng):
    if kind == "plants":
        for _ in range(7):
            px = rng.randint(40, width - 40)
            py = rng.randint(int(height * 0.78), height - 30)
            _wobbly_line(draw, [(px, py), (px, py - 70)], (22, 101, 52), 6, rng)
            for side in (-1, 1):
                draw.ellipse(
                    [px + side * 28 - 18, py - 60, px + side * 28 + 18, py - 38],
                    fill=(22, 163, 74),
                    outline=INK,
                    width=3,
                )
    elif kind == "table":
        top = int(height * 0.72)
        draw.rounded_rectangle(
            [width * 0.25, top, width * 0.75, top + 26], radius=10, fill=(180, 83, 9), outline=INK, width=4
        )
        for fx in (0.33, 0.5, 0.67):
            draw.ellipse(
                [width * fx - 34, top - 30, width * fx + 34, top + 4], fill=PAPER, outline=INK, width=4
            )
    elif kind == "notes":
        for _ in range(8):
            nx = rng.randint(60, width - 60)
            ny = rng.randint(60, int(height * 0.4))
            draw.ellipse([nx, ny, nx + 26, ny + 20], fill=INK)
            draw.line([(nx + 24, ny + 10), (nx + 24, ny - 40)], fill=INK, width=5)
            draw.line([(nx + 24, ny - 40), (nx + 44, ny - 30)], fill=INK, width=5)
    elif kind == "houses":
        for i in range(5):
            hx = 60 + i * (width - 120) / 5
            hw = (width - 160) / 5
            top = int(height * 0.35) + rng.randint(-20, 20)
            colour = rng.choice([PAPER, SUN, SOFT_TEAL, SOFT_ORANGE])
            draw.rectangle([hx, top, hx + hw, height * 0.62], fill=colour, outline=INK, width=4)
            draw.polygon(
                [(hx - 10, top), (hx + hw / 2, top - 60), (hx + hw + 10, top)],
                fill=(194, 65, 12),
                outline=INK,
                width=4,
            )
            draw.rectangle(
                [hx + hw * 0.4, height * 0.5, hx + hw * 0.6, height * 0.62], fill=TEAL, outline=INK, width=3
            )


@functools.lru_cache(maxsize=32)
def draw_scene(kind, seed, width=1200, height=800):
    """Return PNG bytes of a bright, hand-drawn-looking scene."""
    rng = random.Random(seed)
    scene = SCENES[kind]
    image = Image.new("RGB", (width, height), scene["sky"])
    draw = ImageDraw.Draw(image)
    # the sun
    sx, sy = rng.randint(int(width * 0.65), int(width * 0.85)), rng.randint(90, 160)
    draw.ellipse([sx - 80, sy - 80, sx + 80, sy + 80], fill=SUN, outline=INK, width=5)
    for angle in range(0, 360, 30):
        rad = math.radians(angle)
        _wobbly_line(
            draw,
            [
                (sx + 100 * math.cos(rad), sy + 100 * math.sin(rad)),
                (sx + 135 * math.cos(rad), sy + 135 * math.sin(rad)),
            ],
            INK,
            5,
            rng,
        )
    # rolling ground
    ground_top = int(height * 0.62)
    draw.ellipse(
        [-width * 0.2, ground_top, width * 0.7, height * 1.6], fill=scene["ground"], outline=INK, width=5
    )
    draw.ellipse(
        [width * 0.3, ground_top + 40, width * 1.3, height * 1.7], fill=scene["ground"], outline=INK, width=5
    )
    _things(draw, scene["thing"], width, height, rng)
    # people, holding hands in a line
    count = rng.randint(3, 5)
    for i in range(count):
        px = width * (i + 1) / (count + 1) + rng.randint(-25, 25)
        py = ground_top - 40 + rng.randint(-20, 30)
        _person(
            draw, px, py, 1.1 + rng.random() * 0.3, rng, arms_up=(kind in {"dance", "music"} and i % 2 == 0)
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def make_pdf(title, lines, easy_read=False):
    """Return the bytes of a one-page PDF with a title and some lines of text."""
    return _make_pdf(title, tuple(lines), easy_read)


@functools.lru_cache(maxsize=32)
def _make_pdf(title, lines, easy_read):
    width, height = 1240, 1754  # A4 at 150 dpi
    page = Image.new("RGB", (width, height), (255, 255, 255))
    draw = ImageDraw.Draw(page)
    title_font = ImageFont.load_default(size=72 if easy_read else 60)
    body_font = ImageFont.load_default(size=48 if easy_read else 34)
    draw.rectangle([0, 0, width, 260], fill=ORANGE)
    draw.text((90, 90), title, font=title_font, fill=INK)
    y = 360
    for line in lines:
        draw.text((90, y), line, font=body_font, fill=INK)
        y += 90 if easy_read else 60
    draw.text((90, height - 140), "Social Care Future", font=body_font, fill=TEAL)
    buffer = io.BytesIO()
    page.save(buffer, format="PDF", resolution=150)
    return buffer.getvalue()
