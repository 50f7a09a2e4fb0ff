"""Flat, text-free illustrations drawn with Pillow, the same bytes on every run."""

import io
import random

from PIL import Image, ImageDraw

from home.demo.specs import ImageSpec

WIDTH, HEIGHT = 960, 540
SCALE = 2  # drawn at twice the size, then reduced, for smooth edges


def _circles(draw, rng, spec, w, h):
    for index in range(7):
        radius = rng.randint(h // 10, h // 3)
        x, y = rng.randint(0, w), rng.randint(0, h)
        colour = spec.colours[index % len(spec.colours)]
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)


def _triangles(draw, rng, spec, w, h):
    step = w // 6
    for column in range(7):
        for row in range(4):
            if rng.random() < 0.45:
                continue
            x, y = column * step, row * step
            colour = spec.colours[(column + row) % len(spec.colours)]
            if rng.random() < 0.5:
                points = [(x, y), (x + step, y), (x, y + step)]
            else:
                points = [(x + step, y), (x + step, y + step), (x, y + step)]
            draw.polygon(points, fill=colour)


def _grid(draw, rng, spec, w, h):
    step = h // 5
    margin = step // 6
    for column in range(w // step + 1):
        for row in range(5):
            if rng.random() < 0.35:
                continue
            colour = spec.colours[rng.randrange(len(spec.colours))]
            box = (
                column * step + margin,
                row * step + margin,
                (column + 1) * step - margin,
                (row + 1) * step - margin,
            )
            draw.rounded_rectangle(box, radius=step // 5, fill=colour)


def _stripes(draw, rng, spec, w, h):
    width = w // 9
    for index in range(-4, 14):
        colour = spec.colours[index % len(spec.colours)]
        x = index * width
        draw.polygon(
            [(x, h), (x + width // 2, h), (x + width // 2 + h, 0), (x + h, 0)], fill=colour
        )


def _arcs(draw, rng, spec, w, h):
    for index in range(6):
        radius = h // 7 * (6 - index) + h // 7
        colour = spec.colours[index % len(spec.colours)]
        draw.ellipse((w // 3 - radius, h - radius, w // 3 + radius, h + radius), fill=colour)
    for index in range(3):
        radius = h // 10 * (3 - index)
        colour = spec.colours[(index + 1) % len(spec.colours)]
        draw.ellipse(
            (w * 5 // 6 - radius, h // 4 - radius, w * 5 // 6 + radius, h // 4 + radius),
            fill=colour,
        )


def _dots(draw, rng, spec, w, h):
    step = h // 8
    for column in range(w // step + 1):
        for row in range(9):
            radius = rng.randint(step // 6, step // 2 - 2)
            cx, cy = column * step + step // 2, row * step + step // 2
            colour = spec.colours[(column * 3 + row) % len(spec.colours)]
            draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=colour)


def _venn(draw, rng, spec, w, h):
    """Three translucent overlapping circles: the open democracy diagram."""
    radius = h * 3 // 10
    centres = [
        (w // 2 - radius * 2 // 3, h * 2 // 5),
        (w // 2 + radius * 2 // 3, h * 2 // 5),
        (w // 2, h * 2 // 5 + radius),
    ]
    layer = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    for (cx, cy), colour in zip(centres, spec.colours, strict=False):
        disc = Image.new("RGBA", (w, h), (0, 0, 0, 0))
        ImageDraw.Draw(disc).ellipse(
            (cx - radius, cy - radius, cx + radius, cy + radius), fill=colour + "aa"
        )
        layer = Image.alpha_composite(layer, disc)
    draw._image.paste(layer, (0, 0), layer)
    cx, cy = w // 2, h * 2 // 5 + radius * 2 // 5
    dot = radius // 6
    draw.ellipse((cx - dot, cy - dot, cx + dot, cy + dot), fill="#ffffff")


MOTIFS = {
    "circles": _circles,
    "triangles": _triangles,
    "grid": _grid,
    "stripes": _stripes,
    "arcs": _arcs,
    "dots": _dots,
    "venn": _venn,
}


def render_png(spec: ImageSpec) -> bytes:
    """The PNG bytes of ``spec``'s illustration; the same spec always gives the same bytes."""
    w, h = WIDTH * SCALE, HEIGHT * SCALE
    image = Image.new("RGB", (w, h), spec.background)
    draw = ImageDraw.Draw(image)
    MOTIFS[spec.motif](draw, random.Random(spec.key), spec, w, h)  # noqa: S311 - not crypto
    image = image.reduce(SCALE)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()
