"""Draw the site's icons: the "#" mark in ink on orange.

Writes static/img/favicon.svg, static/img/favicon.ico (16, 32 and 48 px) and
static/img/apple-touch-icon.png (180 px). The mark is four strokes, drawn the
same way in SVG and in Pillow, so no font is needed. Run: make icons
"""

from pathlib import Path

from PIL import Image, ImageDraw

ORANGE = "#f97316"
INK = "#1f2937"
# The four strokes of the "#" on a 64-unit square: two leaning uprights, two bars.
STROKES = [((27, 13), (22, 51)), ((43, 13), (38, 51)), ((13, 26), (51, 26)), ((12, 39), (50, 39))]
STROKE_WIDTH = 6.5
IMG = Path(__file__).resolve().parent.parent / "static" / "img"


def svg():
    lines = " ".join(f"M{a[0]} {a[1]}L{b[0]} {b[1]}" for a, b in STROKES)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        f'<rect width="64" height="64" rx="14" fill="{ORANGE}"/>'
        f'<path d="{lines}" stroke="{INK}" stroke-width="{STROKE_WIDTH}" stroke-linecap="round"/>'
        "</svg>\n"
    )


def png(size, rounded):
    scale = 8
    big = size * scale
    unit = big / 64
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if rounded:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=14 * unit, fill=ORANGE)
    else:  # Apple rounds the corners itself and wants no transparency.
        draw.rectangle((0, 0, big, big), fill=ORANGE)
    width = STROKE_WIDTH * unit
    for a, b in STROKES:
        start, end = (a[0] * unit, a[1] * unit), (b[0] * unit, b[1] * unit)
        draw.line((start, end), fill=INK, width=round(width))
        for x, y in (start, end):
            draw.ellipse((x - width / 2, y - width / 2, x + width / 2, y + width / 2), fill=INK)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main():
    (IMG / "favicon.svg").write_text(svg())
    png(180, rounded=False).convert("RGB").save(IMG / "apple-touch-icon.png", optimize=True)
    icons = [png(size, rounded=True) for size in (48, 32, 16)]
    icons[0].save(IMG / "favicon.ico", sizes=[(48, 48), (32, 32), (16, 16)], append_images=icons[1:])


if __name__ == "__main__":
    main()
