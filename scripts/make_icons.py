"""Draw the web app's icons (tryghed/static/tryghed/icons/) from the favicon's shape: a dark
shield with a white tick. Run it again only when the shape changes; the PNGs are committed.

    uv run python scripts/make_icons.py
"""

from pathlib import Path

from PIL import Image, ImageDraw

ICONS = Path(__file__).resolve().parent.parent / "tryghed" / "static" / "tryghed" / "icons"
DARK = "#1a1a1a"
SHIELD = [
    (16, 2),
    (4, 6),
    (4, 15),
    (6, 22),
    (10, 27),
    (16, 30),
    (22, 27),
    (26, 22),
    (28, 15),
    (28, 6),
]
TICK = [(10, 16), (14, 20), (22, 11)]
OVERSAMPLE = 4  # drawn large and scaled down, for smooth edges


def draw(size, *, maskable):
    """The shield on white, filling the icon; a maskable icon keeps it inside the middle 60 %
    (the safe zone a launcher's mask never cuts) on a dark ground."""
    big = size * OVERSAMPLE
    image = Image.new("RGB", (big, big), DARK if maskable else "white")
    shield_share = 0.6 if maskable else 0.92
    scale = big * shield_share / 32
    offset = (big - 32 * scale) / 2

    def place(points):
        return [(offset + x * scale, offset + y * scale) for x, y in points]

    pen = ImageDraw.Draw(image)
    pen.polygon(place(SHIELD), fill="white" if maskable else DARK)
    pen.line(place(TICK), fill=DARK if maskable else "white", width=round(3 * scale), joint="curve")
    return image.resize((size, size), Image.LANCZOS)


def main():
    ICONS.mkdir(parents=True, exist_ok=True)
    draw(192, maskable=False).save(ICONS / "icon-192.png", optimize=True)
    draw(512, maskable=False).save(ICONS / "icon-512.png", optimize=True)
    draw(512, maskable=True).save(ICONS / "icon-maskable-512.png", optimize=True)


if __name__ == "__main__":
    main()
