"""Each badge's image, drawn with Pillow: 512x512 PNG, a shape and colour per family
(learning: a blue hexagon; sharing: a green rosette; impact: a gold sunburst medal;
expert: a purple shield), ribbons, a pictogram or a numeral (10, 100, 1k) and a short
label. `flask badges images` draws them into static/badges/, where they are committed
and served at a stable URL (`/static/badges/<image>`)."""

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from learning import PROJECT_ROOT
from learning.badges.models import STATIC_FOLDER

IMAGES_DIR = PROJECT_ROOT / "static" / STATIC_FOLDER
SIZE = 512
SCALE = 2  # drawn at twice the size, then reduced: smooth edges
FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
)

# family -> (main colour, darker edge, light inner disc, ribbon colour)
PALETTES = {
    "learning": ("#1f6fb2", "#124a7a", "#e8f2fb", "#2b86d1"),
    "sharing": ("#2e8b57", "#1c5c39", "#e9f7ef", "#3aa86a"),
    "impact": ("#d99a00", "#8a5a00", "#fff6dc", "#c0392b"),
    "expert": ("#6c3fb5", "#432377", "#f1eafb", "#8e5fd6"),
}
FAMILY_OF_KIND = {
    "guide_acknowledged": "learning",
    "course_completed": "learning",
    "path_completed": "learning",
    "shares": "sharing",
    "networks": "sharing",
    "monthly_streak": "sharing",
    "clicks": "impact",
    "signups": "impact",
    "objective_reached": "impact",
    "manual": "expert",
}
LABELS = {
    "guide_acknowledged": "GUIDE",
    "course_completed": "COURSE",
    "path_completed": "PATH",
    "shares": "SHARER",
    "networks": "NETWORKS",
    "monthly_streak": "MONTHS",
    "clicks": "CLICKS",
    "signups": "SIGN-UPS",
    "objective_reached": "OBJECTIVE",
    "manual": "EXPERT",
}


def _font(size: int) -> ImageFont.FreeTypeFont:
    for path in FONTS:
        if Path(path).is_file():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def _polygon(cx, cy, radius, sides, rotation=0.0):
    return [
        (
            cx + radius * math.cos(rotation + 2 * math.pi * i / sides),
            cy + radius * math.sin(rotation + 2 * math.pi * i / sides),
        )
        for i in range(sides)
    ]


def _star(cx, cy, outer, inner, points, rotation=-math.pi / 2):
    corners = []
    for i in range(points * 2):
        radius = outer if i % 2 == 0 else inner
        angle = rotation + math.pi * i / points
        corners.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return corners


def numeral(threshold: int | None) -> str | None:
    if not threshold or threshold < 10:
        return None
    if threshold >= 1000 and threshold % 1000 == 0:
        return f"{threshold // 1000}k"
    return str(threshold)


class _Canvas:
    def __init__(self, family: str):
        self.size = SIZE * SCALE
        self.image = Image.new("RGBA", (self.size, self.size), (0, 0, 0, 0))
        self.draw = ImageDraw.Draw(self.image)
        self.main, self.edge, self.light, self.ribbon = PALETTES[family]
        self.cx, self.cy = self.size / 2, self.size * 0.42

    def s(self, value: float) -> float:
        return value * SCALE

    def ribbons(self) -> None:
        d, s, cx, cy = self.draw, self.s, self.cx, self.cy
        for side in (-1, 1):
            x = cx + side * s(70)
            tail = [
                (x - s(48), cy + s(60)),
                (x + s(48), cy + s(60)),
                (x + s(48) + side * s(30), cy + s(240)),
                (x + side * s(10), cy + s(205)),
                (x - s(48) + side * s(30), cy + s(240)),
            ]
            d.polygon(tail, fill=self.ribbon, outline=self.edge, width=int(s(4)))

    def body(self, family: str) -> None:
        d, s, cx, cy = self.draw, self.s, self.cx, self.cy
        outline = {"fill": self.main, "outline": self.edge, "width": int(s(8))}
        if family == "learning":
            d.polygon(_polygon(cx, cy, s(175), 6, math.pi / 6), **outline)
        elif family == "sharing":
            d.polygon(_star(cx, cy, s(180), s(150), 16), **outline)
        elif family == "impact":
            d.polygon(_star(cx, cy, s(185), s(135), 12), **outline)
        else:
            top, bottom, half = cy - s(175), cy + s(185), s(160)
            shield = [(cx - half, top), (cx + half, top), (cx + half, cy + s(20))]
            shield += [(cx + half * 0.55, cy + s(130)), (cx, bottom)]
            shield += [(cx - half * 0.55, cy + s(130)), (cx - half, cy + s(20))]
            d.polygon(shield, **outline)
        d.ellipse(
            (cx - s(118), cy - s(118), cx + s(118), cy + s(118)),
            fill=self.light,
            outline=self.edge,
            width=int(s(6)),
        )

    def text(self, text: str, size: int, y: float, fill) -> None:
        font = _font(int(self.s(size)))
        box = self.draw.textbbox((0, 0), text, font=font)
        width = box[2] - box[0]
        while width > self.s(200) and size > 20:
            size -= 4
            font = _font(int(self.s(size)))
            box = self.draw.textbbox((0, 0), text, font=font)
            width = box[2] - box[0]
        height = box[3] - box[1]
        self.draw.text(
            (self.cx - width / 2 - box[0], y - height / 2 - box[1]), text, font=font, fill=fill
        )

    def banner(self, label: str) -> None:
        d, s, cx = self.draw, self.s, self.cx
        y = self.cy + s(150)
        d.rounded_rectangle(
            (cx - s(190), y - s(36), cx + s(190), y + s(36)),
            radius=int(s(14)),
            fill=self.edge,
            outline="white",
            width=int(s(4)),
        )
        font = _font(int(s(34)))
        box = d.textbbox((0, 0), label, font=font)
        d.text(
            (cx - (box[2] - box[0]) / 2 - box[0], y - (box[3] - box[1]) / 2 - box[1]),
            label,
            font=font,
            fill="white",
        )

    def finish(self) -> Image.Image:
        return self.image.resize((SIZE, SIZE), Image.Resampling.LANCZOS)


def _pictogram(canvas: _Canvas, kind: str, slug: str | None) -> None:
    d, s, cx, cy, ink = canvas.draw, canvas.s, canvas.cx, canvas.cy, canvas.edge
    width = int(s(12))
    if kind == "guide_acknowledged":  # a page with a tick
        d.rounded_rectangle(
            (cx - s(55), cy - s(72), cx + s(55), cy + s(72)), s(10), outline=ink, width=width
        )
        d.line(
            [(cx - s(30), cy), (cx - s(5), cy + s(28)), (cx + s(35), cy - s(30))],
            fill=canvas.main,
            width=int(s(16)),
            joint="curve",
        )
    elif kind == "course_completed":  # an open book
        d.polygon(
            [
                (cx, cy - s(40)),
                (cx - s(80), cy - s(62)),
                (cx - s(80), cy + s(48)),
                (cx, cy + s(68)),
            ],
            outline=ink,
            width=width,
        )
        d.polygon(
            [
                (cx, cy - s(40)),
                (cx + s(80), cy - s(62)),
                (cx + s(80), cy + s(48)),
                (cx, cy + s(68)),
            ],
            outline=ink,
            width=width,
        )
        for offset in (-20, 0, 20):
            d.line(
                [(cx - s(62), cy + s(offset - 18)), (cx - s(16), cy + s(offset - 8))],
                fill=canvas.main,
                width=int(s(6)),
            )
            d.line(
                [(cx + s(16), cy + s(offset - 8)), (cx + s(62), cy + s(offset - 18))],
                fill=canvas.main,
                width=int(s(6)),
            )
    elif kind == "path_completed":  # a winding path to a flag
        d.line(
            [
                (cx - s(70), cy + s(70)),
                (cx - s(10), cy + s(35)),
                (cx - s(45), cy),
                (cx + s(20), cy - s(30)),
            ],
            fill=canvas.main,
            width=int(s(14)),
            joint="curve",
        )
        d.line([(cx + s(20), cy - s(30)), (cx + s(20), cy - s(90))], fill=ink, width=width)
        d.polygon(
            [(cx + s(20), cy - s(90)), (cx + s(80), cy - s(72)), (cx + s(20), cy - s(52))],
            fill=canvas.ribbon,
        )
    elif kind == "networks":  # three connected nodes
        nodes = [(cx, cy - s(60)), (cx - s(62), cy + s(45)), (cx + s(62), cy + s(45))]
        d.line([*nodes, nodes[0]], fill=ink, width=width)
        for x, y in nodes:
            d.ellipse(
                (x - s(26), y - s(26), x + s(26), y + s(26)),
                fill=canvas.main,
                outline=ink,
                width=int(s(6)),
            )
    elif kind == "monthly_streak":  # a calendar page
        d.rounded_rectangle(
            (cx - s(70), cy - s(60), cx + s(70), cy + s(70)), s(10), outline=ink, width=width
        )
        d.rectangle((cx - s(70), cy - s(60), cx + s(70), cy - s(28)), fill=canvas.main)
        for row in range(2):
            for column in range(3):
                x, y = cx - s(42) + s(42) * column, cy + s(2) + s(34) * row
                d.ellipse((x - s(10), y - s(10), x + s(10), y + s(10)), fill=canvas.main)
    elif kind == "objective_reached":  # a target with an arrow
        for radius, fill in ((80, canvas.ribbon), (55, canvas.light), (30, canvas.ribbon)):
            d.ellipse(
                (cx - s(radius), cy - s(radius), cx + s(radius), cy + s(radius)),
                fill=fill,
                outline=ink,
                width=int(s(5)),
            )
        d.line([(cx, cy), (cx + s(70), cy - s(70))], fill=ink, width=width)
    elif kind == "manual" and "storyteller" in (slug or ""):  # a speech bubble
        d.rounded_rectangle(
            (cx - s(80), cy - s(65), cx + s(80), cy + s(35)),
            s(26),
            fill=canvas.main,
            outline=ink,
            width=int(s(6)),
        )
        d.polygon(
            [(cx - s(40), cy + s(30)), (cx - s(55), cy + s(80)), (cx, cy + s(32))],
            fill=canvas.main,
            outline=ink,
        )
        for x in (-40, 0, 40):
            d.ellipse(
                (cx + s(x) - s(11), cy - s(26), cx + s(x) + s(11), cy - s(4)), fill=canvas.light
            )
    elif kind == "manual" and "mentor" in (slug or ""):  # two people, one guiding
        for x, scale in ((-38, 1.0), (45, 0.75)):
            head = s(28 * scale)
            top = cy - s(70) + s(70) * (1 - scale)
            d.ellipse((cx + s(x) - head, top, cx + s(x) + head, top + 2 * head), fill=canvas.main)
            d.pieslice(
                (
                    cx + s(x) - s(55 * scale),
                    top + 2 * head + s(8),
                    cx + s(x) + s(55 * scale),
                    top + 2 * head + s(118 * scale),
                ),
                180,
                360,
                fill=canvas.main,
            )
    elif kind == "manual":  # a star
        d.polygon(_star(cx, cy, s(85), s(36), 5), fill=canvas.main, outline=ink, width=int(s(6)))
    elif kind == "signups":  # a person with a plus
        d.ellipse((cx - s(30), cy - s(75), cx + s(30), cy - s(15)), fill=canvas.main)
        d.pieslice((cx - s(60), cy - s(5), cx + s(60), cy + s(115)), 180, 360, fill=canvas.main)
        d.line([(cx + s(55), cy - s(45)), (cx + s(55), cy + s(5))], fill=canvas.ribbon, width=width)
        d.line(
            [(cx + s(30), cy - s(20)), (cx + s(80), cy - s(20))], fill=canvas.ribbon, width=width
        )
    else:  # shares and clicks: a share arrow
        d.line(
            [(cx - s(55), cy + s(55)), (cx - s(55), cy), (cx + s(10), cy - s(40))],
            fill=ink,
            width=int(s(16)),
            joint="curve",
        )
        d.polygon(
            [(cx + s(70), cy - s(45)), (cx + s(5), cy - s(85)), (cx + s(15), cy + s(5))],
            fill=canvas.main,
        )


def draw(kind: str, threshold: int | None = None, slug: str | None = None) -> Image.Image:
    family = FAMILY_OF_KIND[kind]
    canvas = _Canvas(family)
    canvas.ribbons()
    canvas.body(family)
    number = numeral(threshold) if kind in ("clicks", "signups", "shares") else None
    if number:
        canvas.text(number, 110 if len(number) <= 3 else 84, canvas.cy - canvas.s(6), canvas.edge)
    else:
        _pictogram(canvas, kind, slug)
    canvas.banner(LABELS[kind])
    return canvas.finish()


def draw_to(directory: Path, spec) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / spec.image
    draw(spec.kind, spec.threshold, spec.slug).save(path, format="PNG", optimize=True)
    return path
