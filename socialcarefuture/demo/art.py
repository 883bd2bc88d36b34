"""Demo pictures and documents, made here so the demo needs no downloads.

A picture is a scene drawn in code (a kitchen, a community hall, a garden, a
music night, a street, a meeting room, a café) with two to five people in it.
The people are put together from Pablo Stanley's Humaaans (heads, tops,
standing and sitting legs, a wheelchair; CC BY 4.0), vendored as plain SVG in
``humaaans/`` by ``make illustrations``: each person gets their own head,
clothes, skin tone, hair and clothes colours, faces the others, and stands,
sits or uses a wheelchair. Everything is chosen from the seed, so one seed
always draws the same picture and different seeds draw different ones.

``draw_scene`` returns the picture as SVG text: the site serves it as it is (a
scene is 4 to 6 KB compressed, lighter than WebP renditions; see the README,
"Illustrations").
"""

import colorsys
import functools
import io
import random
import re
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

PARTS = Path(__file__).with_name("humaaans")
WIDTH, HEIGHT = 1200, 800

# The site's palette (static/css/site.css), calm surfaces with orange as an accent.
INK = "#1F2937"
PAPER = "#FFFAF4"
ORANGE = "#F97316"
DEEP_ORANGE = "#C2410C"
TEAL = "#0F766E"
SOFT_TEAL = "#CCE9E4"
SUN = "#F6C453"
SAND = "#F3D9B8"
WOOD = "#B7794A"
DARK_WOOD = "#8A5A3C"
WHITE = "#FFFFFF"

# Real skin tones, light to dark; Humaaans draws skin in one colour and a shade.
SKIN_TONES = ["#F4D7C2", "#EDC3A0", "#D9A27A", "#C68A5E", "#A86E45", "#8A5533", "#6B3F25", "#4E2C1A"]
HAIR_COLOURS = {
    "black": "#1B1B1F",
    "dark brown": "#3B2519",
    "brown": "#6A4128",
    "auburn": "#8E3B1F",
    "fair": "#D8B16E",
    "grey": "#A9A9A9",
    "white": "#E6E3DE",
}
GREY_HAIR = ("grey", "white")
CLOTHES = [
    "#0F766E",  # teal
    "#C2410C",  # deep orange
    "#D97706",  # mustard
    "#1E40AF",  # royal blue
    "#166534",  # forest green
    "#9D174D",  # berry
    "#6D28D9",  # purple
    "#0369A1",  # sky blue
    "#334155",  # slate
    "#B45309",  # rust
    "#BE185D",  # pink
    "#3F6212",  # olive
]
SCARVES = ["#0F766E", "#9D174D", "#1E40AF", "#D97706", "#6D28D9", "#C2410C", "#334155"]

HUMAAANS_SKIN, HUMAAANS_SKIN_SHADE, HUMAAANS_HAIR = "#B28B67", "#997659", "#191847"
HEADS = {
    # name: what the alt text can say about it
    "Afro": "hair",
    "Airy": "hair",
    "Caesar": "hair",
    "Chongo": "hair",
    "Curly": "hair",
    "Hijab": "hijab",
    "Hijab2": "hijab",
    "Long": "hair",
    "NoHair": "bald",
    "Pony": "hair",
    "Rad": "hair",
    "Short": "hair",
    "Short2": "hair",
    "ShortBeard": "beard",
    "Top": "hair",
    "Turban": "turban",
    "Turban2": "turban",
    "Wavy": "hair",
}
TORSOS = [
    "Hoodie",
    "Jacket",
    "Jacket2",
    "LongSleeve",
    "PointingForward",
    "PointingUp",
    "TrenchCoat",
    "TurtleNeck",
]
STANDING = ["BaggyPants", "Shorts", "SkinnyJeans", "SkinnyJeansWalk", "Skirt", "SweatPants"]
SITTING = ["BaggyPants", "SkinnyJeans", "SweatPants"]
# A Humaaans person's box (its viewBox) and where the parts go in it.
BOX = {"standing": (380, 480), "sitting": (380, 400)}
OFFSET = {"standing": 31, "sitting": 24}

HEX = re.compile(r"#[0-9A-Fa-f]{6}\b")


# Parts and colours -------------------------------------------------------------------


@functools.cache
def part(folder, name):
    """One Humaaans part as an SVG fragment (see scripts/vendor_humaaans.mjs)."""
    return (PARTS / folder / f"{name}.svg").read_text().strip()


def _hls(colour):
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return colorsys.rgb_to_hls(r, g, b)


def _hex(h, light, s):
    r, g, b = colorsys.hls_to_rgb(h, min(max(light, 0.0), 1.0), min(max(s, 0.0), 1.0))
    return f"#{round(r * 255):02X}{round(g * 255):02X}{round(b * 255):02X}"


def shade(colour, amount):
    """The colour made darker (amount < 0) or lighter (amount > 0)."""
    h, light, s = _hls(colour)
    return _hex(h, light + amount, s)


def _garment(svg, target, keep=(), greys=False):
    """Recolour a part's coloured cloth to ``target``, keeping its light and shade.

    Greys (shoes, seats, shirt collars; with ``greys``, only white), black shadows
    and the colours in ``keep`` stay as they are; every other colour takes the target's hue and saturation,
    and its lightness moves by as much as it differed from the part's main colour.
    """
    colours = [c.upper() for c in HEX.findall(svg)]
    cloth = [
        c for c in colours if c not in keep and (_hls(c)[2] > 0.25 or (greys and 0.05 < _hls(c)[1] < 0.97))
    ]
    if not cloth:
        return svg
    main = max(set(cloth), key=cloth.count)
    th, tl, ts = _hls(target)
    ml = _hls(main)[1]
    mapping = {c: _hex(th, tl + (_hls(c)[1] - ml) * 0.7, ts) for c in set(cloth)}
    return HEX.sub(lambda m: mapping.get(m.group(0).upper(), m.group(0)), svg)


def _skin(svg, tone):
    return re.sub(
        "|".join((HUMAAANS_SKIN, HUMAAANS_SKIN_SHADE)),
        lambda m: tone if m.group(0).upper() == HUMAAANS_SKIN else shade(tone, -0.08),
        svg,
        flags=re.IGNORECASE,
    )


# People --------------------------------------------------------------------------------


class Person:
    """One person in a picture: their parts, colours and what the alt text can say."""

    def __init__(self, rng, posture="standing", wheelchair=False, older=False):
        self.posture = "sitting" if wheelchair else posture
        self.wheelchair = wheelchair
        covered = [name for name, kind in HEADS.items() if kind in {"hijab", "turban"}]
        self.head = rng.choice(
            covered if rng.random() < 0.2 else [name for name in HEADS if name not in covered]
        )
        self.torso = rng.choice(TORSOS)
        self.bottom = (
            "Wheelchair" if wheelchair else rng.choice(SITTING if self.posture == "sitting" else STANDING)
        )
        # Hijabs and turbans are mostly worn by people with brown or dark skin in England.
        self.skin = rng.choice(SKIN_TONES[2:] if HEADS[self.head] in {"hijab", "turban"} else SKIN_TONES)
        hair = rng.choice(GREY_HAIR) if older else rng.choice([h for h in HAIR_COLOURS if h not in GREY_HAIR])
        self.hair = HAIR_COLOURS[hair]
        self.older = older
        self.top, self.legs = rng.sample(CLOTHES, 2)
        self.scarf = rng.choice(SCARVES)

    @property
    def size(self):
        return BOX[self.posture]

    def svg(self, uid):
        head = _skin(part("head", self.head), self.skin)
        head = re.sub(HUMAAANS_HAIR, self.hair, head, flags=re.IGNORECASE)
        skin = {self.skin.upper(), shade(self.skin, -0.08)}
        head = _garment(head, self.scarf, keep=skin | {self.hair.upper()})
        torso = _garment(_skin(part("torso", self.torso), self.skin), self.top, keep=skin, greys=True)
        folder = "sitting" if self.posture == "sitting" else "standing"
        bottom = _skin(part(folder, self.bottom), self.skin)
        if not self.wheelchair:
            bottom = _garment(bottom, self.legs, keep=skin | {HUMAAANS_HAIR})
        else:
            bottom = _garment(bottom, self.legs, keep=skin | {"#C5CFD6", "#2F3676", "#5C63AB"})
        svg = (
            f'<g transform="translate(40,{OFFSET[self.posture]})">'
            f'<g transform="translate(82,0)">{head}</g>'
            f'<g transform="translate(0,187)">{bottom}</g>'
            f'<g transform="translate(22,82)">{torso}</g></g>'
        )
        return svg.replace("{uid}", uid)


def place(person, x, floor, scale, facing_left, uid):
    """The person with their feet on ``floor``, centred on ``x``."""
    w, h = person.size
    flip = f" translate({w},0) scale(-1,1)" if facing_left else ""
    left, top = x - w * scale / 2, floor - h * scale
    return f'<g transform="translate({left:.0f},{top:.0f}) scale({scale:.2f}){flip}">{person.svg(uid)}</g>'


# Shapes --------------------------------------------------------------------------------


def rect(x, y, w, h, fill, rx=0, extra=""):
    r = f' rx="{rx}"' if rx else ""
    return f'<rect x="{x:.0f}" y="{y:.0f}" width="{w:.0f}" height="{h:.0f}"{r} fill="{fill}"{extra}/>'


def circle(x, y, r, fill, extra=""):
    return f'<circle cx="{x:.0f}" cy="{y:.0f}" r="{r:.0f}" fill="{fill}"{extra}/>'


def poly(points, fill, extra=""):
    return f'<path d="M{" L".join(f"{x:.0f},{y:.0f}" for x, y in points)}Z" fill="{fill}"{extra}/>'


def plant(x, y, rng, size=1.0, pot=DEEP_ORANGE):
    leaves = "".join(
        f'<ellipse cx="{x + dx * size:.0f}" cy="{y - (40 + dy) * size:.0f}" rx="{14 * size:.0f}" '
        f'ry="{30 * size:.0f}" fill="{colour}" transform="rotate({angle} {x + dx * size:.0f} '
        f'{y - (40 + dy) * size:.0f})"/>'
        for dx, dy, angle, colour in (
            (-16, 6, -35, "#3F7D4E"),
            (16, 6, 35, "#3F7D4E"),
            (0, 16, rng.randint(-8, 8), "#5E9E62"),
            (-8, -8, -15, "#5E9E62"),
            (9, -6, 18, "#4E8F58"),
        )
    )
    return leaves + poly(
        [
            (x - 22 * size, y - 30 * size),
            (x + 22 * size, y - 30 * size),
            (x + 16 * size, y),
            (x - 16 * size, y),
        ],
        pot,
    )


def mug(x, y, colour):
    return rect(x, y - 26, 22, 26, colour, 4) + (
        f'<path d="M{x + 22},{y - 20} q12,0 12,8 q0,8 -12,8" fill="none" stroke="{colour}" stroke-width="4"/>'
    )


def window(x, y, w, h, pane=SOFT_TEAL, frame=WHITE):
    return (
        rect(x - 10, y - 10, w + 20, h + 20, frame, 6)
        + rect(x, y, w, h, pane)
        + circle(x + w * 0.72, y + h * 0.3, min(w, h) * 0.12, "#FDF1C7")
        + rect(x + w / 2 - 5, y, 10, h, frame)
        + rect(x, y + h / 2 - 5, w, 10, frame)
        + rect(x - 20, y + h + 8, w + 40, 14, frame, 4)
    )


def table(x, w, top, colour=WOOD, legs=110):
    return (
        rect(x + 20, top + 20, 14, legs, shade(colour, -0.12))
        + rect(x + w - 34, top + 20, 14, legs, shade(colour, -0.12))
        + rect(x, top, w, 24, colour, 6)
    )


# Scenes: the room behind the people, and anything in front of them ------------------------
#
# Each returns (back, front, layout): SVG drawn behind the people, SVG drawn in
# front of the seated back row, and where people go: "table" (a seated back row
# behind a table, others standing or in a wheelchair in front) or "open".


def _kitchen(rng):
    wall = rng.choice(["#FBEBDD", "#F7EEDF", "#EEF4EF"])
    back = (
        rect(0, 0, WIDTH, HEIGHT, wall)
        + rect(0, 590, WIDTH, 210, "#E6C7A3")
        + rect(0, 590, WIDTH, 10, "#D3B08A")
    )
    wx = rng.choice([110, 160])
    back += window(wx, 120, 300, 250) + plant(wx + 250, 400, rng, 0.7)
    # cupboards, a shelf of jars and a lamp over the table
    back += "".join(
        rect(760 + i * 120, 90, 110, 150, SAND, 6) + circle(860 + i * 120 - 12, 200, 6, DARK_WOOD)
        for i in range(3)
    )
    back += rect(760, 330, 350, 12, DARK_WOOD)
    for i, colour in enumerate([TEAL, ORANGE, SUN, "#9D174D", TEAL]):
        back += rect(775 + i * 66, 282, 40, 48, colour, 8) + rect(
            775 + i * 66, 276, 40, 10, shade(colour, -0.1), 3
        )
    back += (
        f'<path d="M600,0 V150" stroke="{INK}" stroke-width="3"/>'
        + f'<path d="M560,190 a40,40 0 0 1 80,0 Z" fill="{ORANGE}"/>'
    )
    front = table(260, 680, 580) + mug(420, 580, TEAL) + mug(720, 580, DEEP_ORANGE)
    front += circle(580, 568, 30, WHITE) + circle(580, 568, 20, "#F2C9A0")
    return back, front, "table"


def _hall(rng):
    back = (
        rect(0, 0, WIDTH, HEIGHT, "#FDF2E3")
        + rect(0, 600, WIDTH, 200, "#E2BF94")
        + rect(0, 600, WIDTH, 8, "#C9A176")
    )
    for i in range(3):  # tall arched windows
        x = 180 + i * 330
        back += f'<path d="M{x},420 V200 a80,80 0 0 1 160,0 V420 Z" fill="{SOFT_TEAL}"/>'
        back += rect(x + 76, 130, 8, 290, WHITE) + rect(x, 300, 160, 8, WHITE)
    # bunting across the hall
    back += '<path d="M0,70 Q600,190 1200,70" fill="none" stroke="#8A5A3C" stroke-width="3"/>'
    colours = [ORANGE, TEAL, SUN, "#9D174D"]
    offset = rng.randint(0, 3)
    for i in range(13):
        t = (i + 0.5) / 13
        x = t * WIDTH
        y = (1 - t) ** 2 * 70 + 2 * (1 - t) * t * 190 + t**2 * 70
        back += poly([(x - 26, y), (x + 26, y + 2), (x, y + 52)], colours[(i + offset) % 4])
    # a stack of chairs and a tea table with an urn
    for i in range(4):
        back += rect(40, 430 + i * 22, 110, 14, "#7C9CBF", 4)
    back += rect(50, 500, 10, 100, "#5E7A99") + rect(130, 500, 10, 100, "#5E7A99")
    back += table(960, 200, 480, WOOD, 100) + rect(1010, 420, 50, 60, "#A8B3BD", 8) + mug(1090, 480, ORANGE)
    return back, "", "seats"


def _garden(rng):
    back = rect(0, 0, WIDTH, HEIGHT, "#E4F1EE") + circle(rng.randint(900, 1100), 110, 55, "#FCE7B0")
    back += "".join(circle(x, 400, rng.randint(70, 110), "#A7CDA6") for x in range(0, WIDTH + 100, 140))
    back += "".join(rect(x, 330, 56, 210, "#EAD6B8", 4) for x in range(0, WIDTH, 62))
    back += rect(0, 520, WIDTH, 280, "#CFE3B4") + poly(
        [(520, 800), (680, 800), (640, 520), (580, 520)], "#EDDCC2"
    )
    for bx in (60, 820):  # raised beds with vegetables and flowers
        back += rect(bx, 560, 320, 70, "#A86B43", 6) + rect(bx, 560, 320, 14, "#8A5533", 6)
        for i in range(6):
            x = bx + 30 + i * 52
            back += plant(x, 566, rng, 0.55, pot="#8A5533")
            if rng.random() < 0.5:
                back += circle(x + 10, 500, 9, rng.choice([ORANGE, SUN, "#BE185D"]))
    back += (
        rect(1100, 250, 26, 300, "#8A5A3C")
        + circle(1113, 230, 110, "#6DA56F")
        + circle(1050, 270, 70, "#5E9E62")
    )
    return back, "", "open"


def _music(rng):
    back = rect(0, 0, WIDTH, HEIGHT, "#203A48") + rect(0, 610, WIDTH, 190, "#3A2F3B")
    for i, colour in enumerate([SUN, "#F9A8D4", SUN, "#99F6E4"]):  # stage lights
        x = 150 + i * 300 + rng.randint(-40, 40)
        back += poly([(x - 20, 0), (x + 20, 0), (x + 190, 600), (x - 190, 600)], colour, ' opacity="0.16"')
        back += rect(x - 24, 0, 48, 34, "#111827", 6)
    back += '<path d="M0,60 Q300,140 600,60 T1200,60" fill="none" stroke="#94A3B8" stroke-width="2"/>'
    for i in range(16):  # string lights
        x = 40 + i * 75
        back += circle(x, 82 + 30 * abs((i % 8) - 4) / 4, 7, rng.choice([SUN, "#FDBA74", WHITE]))
    back += rect(0, 560, WIDTH, 50, "#5B4636")  # the stage edge
    for x in (40, 1050):  # speakers
        back += (
            rect(x, 380, 110, 180, "#111827", 8)
            + circle(x + 55, 430, 28, "#374151")
            + circle(x + 55, 510, 36, "#374151")
        )
    back += '<path d="M600,560 V400" stroke="#CBD5E1" stroke-width="6"/>' + rect(
        588, 380, 24, 34, "#94A3B8", 10
    )
    return back, "", "open"


def _street(rng):
    back = rect(0, 0, WIDTH, HEIGHT, "#E3F0F4") + circle(rng.randint(120, 300), 100, 50, "#FCE7B0")
    fronts = ["#F3D9B8", "#E8B4A0", "#CDE8E4", "#F6E2B3", "#E4C6D8", "#D6E4C4"]
    rng.shuffle(fronts)
    for i in range(5):
        x = i * 240
        top = 160 + (i % 2) * 20
        back += rect(x, top, 240, 470 - top + 140, fronts[i])
        back += poly([(x - 6, top), (x + 246, top), (x + 200, top - 70), (x + 40, top - 70)], "#8A5A44")
        back += rect(x + 160, top - 110, 34, 60, "#8A5A44") + rect(x + 154, top - 118, 46, 12, "#6B4330")
        for wx in (x + 30, x + 140):
            back += rect(wx - 6, top + 44, 82, 112, WHITE, 4) + rect(wx, top + 50, 70, 100, "#BFDDEA")
        back += rect(x + 30, top + 250, 70, 120, WHITE, 4) + rect(
            x + 36, top + 256, 58, 114, rng.choice([TEAL, DEEP_ORANGE, "#1E40AF", "#166534", "#9D174D"]), 3
        )
        back += rect(x + 140, top + 230, 70, 80, "#BFDDEA") + plant(x + 210, top + 370, rng, 0.6)
    back += (
        rect(0, 610, WIDTH, 190, "#D9D2C7")
        + rect(0, 610, WIDTH, 10, "#BEB5A8")
        + rect(0, 770, WIDTH, 30, "#9CA3AF")
    )
    lx = rng.choice([480, 720])
    back += (
        rect(lx, 260, 12, 360, "#374151")
        + rect(lx - 18, 240, 48, 30, "#374151", 6)
        + rect(lx - 10, 248, 32, 16, "#FDE68A", 3)
    )
    return back, "", "open"


def _meeting(rng):
    back = rect(0, 0, WIDTH, HEIGHT, "#F5EFE8") + rect(0, 600, WIDTH, 200, "#CDB89C")
    back += window(830, 110, 260, 250, "#D5ECF2") + plant(1120, 600, rng, 1.3, pot=TEAL)
    # a flip chart on an easel, with notes from the meeting
    back += f'<path d="M150,610 L230,160 L310,610 M230,160 V600" stroke="{DARK_WOOD}" stroke-width="10" fill="none"/>'
    back += rect(120, 130, 220, 270, WHITE, 4) + rect(112, 122, 236, 18, "#475569", 4)
    for i, (colour, length) in enumerate(
        [(TEAL, 150), (ORANGE, 120), (INK, 170), (TEAL, 100), (ORANGE, 140)]
    ):
        back += rect(145, 170 + i * 40, length, 9, colour, 4)
    back += f'<path d="M270,330 l14,16 l26,-34" stroke="{TEAL}" stroke-width="8" fill="none"/>'
    back += rect(420, 150, 300, 180, "#FDF2E3", 6) + "".join(
        rect(440 + (i % 4) * 68, 170 + (i // 4) * 75, 56, 56, colour, 4)
        for i, colour in enumerate(
            [SUN, "#FBCFE8", SOFT_TEAL, "#FED7AA", SOFT_TEAL, SUN, "#FED7AA", "#FBCFE8"]
        )
    )
    front = table(330, 620, 580, "#9C6B48") + mug(460, 580, ORANGE) + mug(760, 580, TEAL)
    front += rect(580, 568, 90, 12, WHITE, 2) + rect(575, 560, 90, 10, "#E5E7EB", 2)
    return back, front, "table"


def _cafe(rng):
    back = rect(0, 0, WIDTH, HEIGHT, "#F6E3D0") + rect(0, 600, WIDTH, 200, "#C9A07A")
    back += "".join(rect(x, 600, 60, 200, "#BE946E") for x in range(0, WIDTH, 120))
    # the menu board and the counter with a coffee machine
    back += rect(70, 90, 300, 210, "#2F3E3A", 8) + rect(
        62, 82, 316, 226, "none", 10, f' stroke="{DARK_WOOD}" stroke-width="10"'
    )
    for i in range(5):
        back += rect(100, 125 + i * 32, rng.randint(120, 230), 8, "#E5E7EB", 4)
    back += rect(760, 400, 440, 200, WOOD) + rect(740, 385, 460, 20, DARK_WOOD, 4)
    back += (
        rect(850, 290, 110, 95, "#9CA3AF", 10)
        + rect(870, 310, 70, 30, "#374151", 6)
        + mug(1010, 385, WHITE)
        + mug(1060, 385, TEAL)
    )
    for x in (420, 640, 960):  # pendant lamps
        back += f'<path d="M{x},0 V110" stroke="{INK}" stroke-width="3"/>' + poly(
            [(x - 34, 150), (x + 34, 150), (x + 18, 110), (x - 18, 110)], rng.choice([TEAL, ORANGE, SUN])
        )
    back += plant(560, 380, rng, 1.0, pot=TEAL)
    front = (
        rect(420, 580, 360, 22, WHITE, 11)
        + rect(590, 602, 20, 130, "#6B7280")
        + rect(540, 720, 120, 14, "#6B7280", 7)
        + mug(500, 580, ORANGE)
        + mug(680, 580, TEAL)
        + circle(600, 570, 22, "#F2C9A0")
    )
    return back, front, "table"


def _portrait(rng):
    ground = rng.choice(["#FDEBD6", "#DDF0EC", "#FBE6C4", "#EFE3F3"])
    back = rect(0, 0, WIDTH, HEIGHT, ground) + circle(600, 420, 330, shade(ground, -0.06))
    return back, "", "portrait"


SCENES = {
    "kitchen": _kitchen,
    "hall": _hall,
    "garden": _garden,
    "music": _music,
    "street": _street,
    "meeting": _meeting,
    "cafe": _cafe,
    # One person, head and shoulders in the middle: an author's picture.
    "portrait": _portrait,
}


def _cast(rng, layout):
    """Who is in the picture: their postures, and one wheelchair user in most pictures."""
    if layout == "portrait":
        return [Person(rng, "standing", older=rng.random() < 0.3)]
    count = rng.randint(3, 5)
    wheelchair = rng.random() < 0.65
    older = rng.sample(range(count), k=min(count, rng.randint(1, 2)))
    people = []
    for i in range(count):
        if layout == "table" and i < min(3, count - 1):
            posture = "sitting"
        else:
            posture = rng.choice(["standing", "standing", "sitting"]) if layout == "seats" else "standing"
        uses_wheelchair = wheelchair and i == count - 1
        people.append(Person(rng, posture, wheelchair=uses_wheelchair, older=i in older))
    return people


def _stage(people, layout, rng):
    """Where each person goes: (person, x, floor, scale, facing_left, row)."""
    placed = []
    if layout == "portrait":
        # The head sits left of the middle of a Humaaans box: move the box so it is centred.
        facing_left = rng.random() < 0.5
        return [(people[0], 606 if facing_left else 594, 1823, 3.8, facing_left, "front")]
    if layout == "table":
        seated = [p for p in people if p.posture == "sitting" and not p.wheelchair]
        others = [p for p in people if p not in seated]
        for i, person in enumerate(seated):
            x = 600 + (i - (len(seated) - 1) / 2) * 250 + rng.randint(-20, 20)
            placed.append((person, x, 730, 0.92, x > 600, "back"))
        sides = [rng.choice([150, 200]), rng.choice([1000, 1050])]
        rng.shuffle(sides)
        for person, x in zip(others, sides, strict=False):
            placed.append((person, x, 798, 1.0, x > 600, "front"))
    else:
        slots = len(people)
        span = WIDTH - 260
        for i, person in enumerate(people):
            x = 130 + span * (i + 0.5) / slots + rng.randint(-30, 30)
            back_row = slots > 3 and i % 2 == 1
            floor = 720 if back_row else 795
            scale = (0.86 if back_row else 1.0) + rng.uniform(-0.03, 0.03)
            placed.append(
                (
                    person,
                    x,
                    floor + rng.randint(-10, 10),
                    scale,
                    x > WIDTH / 2,
                    "back" if back_row else "front",
                )
            )
    return placed


@functools.lru_cache(maxsize=64)
def draw_scene(kind, seed):
    """Return the picture of ``kind`` (one of ``SCENES``) for ``seed``, as SVG text."""
    if kind not in SCENES:
        raise ValueError(f"Unknown scene {kind!r}: choose one of {', '.join(SCENES)}")
    rng = random.Random(f"{kind}:{seed}")
    back, front, layout = SCENES[kind](rng)
    people = _cast(rng, layout)
    placed = _stage(people, layout, rng)
    rows = {"back": [], "front": []}
    for n, (person, x, floor, scale, facing_left, row) in enumerate(placed):
        rows[row].append(place(person, x, floor, scale, facing_left, f"p{n}"))
    body = back + "".join(rows["back"]) + front + "".join(rows["front"])
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}">{body}</svg>'
    )


def cast_of(kind, seed):
    """The people drawn in a scene (for tests and for writing alt text)."""
    rng = random.Random(f"{kind}:{seed}")
    _, _, layout = SCENES[kind](rng)
    return _cast(rng, layout)


def describe(kind, seed):
    """A plain list of who is in a scene, to help write its alt text (and to test it)."""
    words = []
    for person in cast_of(kind, seed):
        shows_hair = HEADS[person.head] in {"hair", "beard", "bald"}
        bits = ["older person" if person.older and shows_hair else "person"]
        if HEADS[person.head] == "hijab":
            bits.append("in a hijab")
        elif HEADS[person.head] == "turban":
            bits.append("in a turban")
        elif HEADS[person.head] == "beard":
            bits.append("with a beard")
        if person.wheelchair:
            bits.append("using a wheelchair")
        elif person.posture == "sitting":
            bits.append("sitting")
        bits.append(f"(skin {SKIN_TONES.index(person.skin) + 1} of {len(SKIN_TONES)})")
        words.append(" ".join(bits))
    return words


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
