"""Draw the home-screen icons of the phone app (trienkhai/static/pwa/): the navbar's mark, a unit with
its two units below, white on the app's blue. Run once after changing the design; the PNGs are committed.

    python scripts/make-app-icons.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

BLUE = (11, 94, 215, 255)
WHITE = (255, 255, 255, 255)
OUT = Path(__file__).resolve().parent.parent / "trienkhai" / "static" / "pwa"


def draw(size: int, *, maskable: bool) -> Image.Image:
    # Drawn at 4x and scaled down: Pillow's shapes have no anti-aliasing of their own.
    big = size * 4
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    if maskable:
        d.rectangle([0, 0, big, big], fill=BLUE)  # full bleed: the launcher cuts its own shape
        art = big * 0.8  # the mark stays inside the 80 % safe zone
    else:
        d.rounded_rectangle([0, 0, big - 1, big - 1], radius=big * 0.2, fill=BLUE)
        art = big
    o = (big - art) / 2
    u = art / 16

    def box(x: float, y: float, w: float, h: float) -> None:
        d.rounded_rectangle([o + x * u, o + y * u, o + (x + w) * u, o + (y + h) * u], radius=u * 0.6, fill=WHITE)

    box(6, 3, 4, 3)  # the unit
    box(7.6, 6, 0.8, 2.2)  # its line down
    box(4, 7.6, 8, 0.8)  # the bar across
    box(3.6, 7.6, 0.8, 2.4)
    box(11.6, 7.6, 0.8, 2.4)
    box(2, 10, 4, 3)  # the units below
    box(10, 10, 4, 3)
    return img.resize((size, size), Image.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw(size, maskable=False).save(OUT / f"icon-{size}.png", optimize=True)
    draw(512, maskable=True).save(OUT / "icon-maskable-512.png", optimize=True)
    draw(180, maskable=True).convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()
