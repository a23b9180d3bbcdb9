#!/usr/bin/env python3
"""Draws openmash's own icons (three overlapping rings: the agencies meeting) into openmash/static/openmash/images/.

GOV.UK's favicon and touch icons are the crown, which only GOV.UK may use. The icons are
committed; run this again (needs Pillow, which WeasyPrint already installs) only to change them.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "openmash" / "static" / "openmash" / "images"
BLUE = "#1d70b8"  # the theme colour in base.html
WHITE = "#ffffff"
# On a 32-unit square: ring centres, radius and stroke width. favicon.svg draws the same.
RINGS = [(12.0, 12.5), (20.0, 12.5), (16.0, 19.5)]
RADIUS = 6.5
STROKE = 2.5

SVG = f"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
  <rect width="32" height="32" rx="6" fill="{BLUE}"/>
  <g fill="none" stroke="{WHITE}" stroke-width="{STROKE}">
{"".join(f'    <circle cx="{x:g}" cy="{y:g}" r="{RADIUS:g}"/>{chr(10)}' for x, y in RINGS)}  </g>
</svg>
"""


def draw(size: int, *, rounded: bool) -> Image.Image:
    """The icon at `size` pixels, drawn 8 times larger and scaled down for smooth edges."""
    big = size * 8
    unit = big / 32
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=round(6 * unit) if rounded else 0, fill=BLUE)
    for x, y in RINGS:
        outer = (RADIUS + STROKE / 2) * unit
        pen.ellipse(
            (x * unit - outer, y * unit - outer, x * unit + outer, y * unit + outer),
            outline=WHITE,
            width=round(STROKE * unit),
        )
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "favicon.svg").write_text(SVG)
    draw(48, rounded=True).save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    # Touch icons are square and opaque: the phone rounds the corners itself.
    draw(180, rounded=False).convert("RGB").save(OUT / "icon-180.png", optimize=True)


if __name__ == "__main__":
    main()
