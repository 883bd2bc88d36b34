"""A map of England's nine regions, drawn by us as inline SVG.

The outlines are simplified from rough longitudes and latitudes of coast
points, county boundaries and the borders with Scotland and Wales: enough to be
recognisable, small enough to send with every page (a few kilobytes, no tiles,
no third-party map). Each border between two regions is written once
(``BORDERS``) and every region is walked round its borders (``REGIONS``), so
neighbours always meet exactly.

``region_shapes()`` gives, for each region, its SVG path and where its count
badge and name go, in the coordinates of ``VIEW_BOX``.
"""

import functools
import math
from dataclasses import dataclass

from socialcarefuture.regions import Region

# Longitude and latitude of the corner points where three boundaries meet.
SCOTLAND_NE_NW = (-2.70, 55.17)
NE_NW_YORKSHIRE = (-2.25, 54.52)
STAITHES = (-0.79, 54.56)
NW_YORKSHIRE_EM = (-1.90, 53.50)
NW_WM_EM = (-2.00, 53.22)
NW_WM_WALES = (-2.72, 52.98)
DEE = (-3.08, 53.26)
GRETNA = (-3.06, 54.99)
BERWICK = (-2.03, 55.78)
YORKSHIRE_EM_COAST = (0.05, 53.49)
WASH = (0.19, 52.80)
EM_EAST_SE = (-0.65, 52.20)
EM_WM_SE = (-1.32, 52.10)
WM_SE_SW = (-1.65, 52.00)
WM_SW_WALES = (-2.72, 51.82)
CHEPSTOW = (-2.66, 51.62)
CHRISTCHURCH = (-1.78, 50.72)
SE_EAST_LONDON = (-0.50, 51.63)
THAMES_NORTH = (0.25, 51.50)
THAMES_SOUTH = (0.21, 51.46)

BORDERS = {
    "scotland-ne": [
        SCOTLAND_NE_NW,
        (-2.58, 55.26),
        (-2.48, 55.35),
        (-2.30, 55.40),
        (-2.14, 55.48),
        (-2.24, 55.58),
        (-2.20, 55.65),
        BERWICK,
    ],
    "scotland-nw": [SCOTLAND_NE_NW, (-2.85, 55.10), GRETNA],
    "ne-coast": [
        BERWICK,
        (-1.80, 55.66),
        (-1.70, 55.60),
        (-1.62, 55.45),
        (-1.58, 55.30),
        (-1.53, 55.17),
        (-1.44, 55.03),
        (-1.37, 54.92),
        (-1.32, 54.78),
        (-1.20, 54.69),
        (-1.15, 54.64),
        (-1.05, 54.62),
        STAITHES,
    ],
    "ne-nw": [
        SCOTLAND_NE_NW,
        (-2.57, 55.05),
        (-2.45, 54.93),
        (-2.38, 54.80),
        (-2.30, 54.65),
        NE_NW_YORKSHIRE,
    ],
    "ne-yorkshire": [
        NE_NW_YORKSHIRE,
        (-2.00, 54.47),
        (-1.75, 54.50),
        (-1.50, 54.45),
        (-1.35, 54.47),
        (-1.20, 54.50),
        (-1.00, 54.50),
        STAITHES,
    ],
    "nw-coast": [
        GRETNA,
        (-3.25, 54.93),
        (-3.40, 54.87),
        (-3.45, 54.78),
        (-3.53, 54.68),
        (-3.60, 54.58),
        (-3.64, 54.50),
        (-3.50, 54.40),
        (-3.42, 54.30),
        (-3.30, 54.20),
        (-3.24, 54.10),
        (-3.12, 54.12),
        (-3.00, 54.16),
        (-2.88, 54.20),
        (-2.80, 54.12),
        (-2.88, 54.05),
        (-2.98, 53.95),
        (-3.05, 53.85),
        (-3.04, 53.76),
        (-2.95, 53.72),
        (-3.02, 53.65),
        (-3.08, 53.55),
        (-3.02, 53.45),
        (-2.96, 53.39),
        (-2.80, 53.34),
        (-2.92, 53.36),
        (-3.05, 53.43),
        (-3.18, 53.39),
        (-3.15, 53.34),
        DEE,
    ],
    "nw-wales": [DEE, (-2.98, 53.20), (-2.93, 53.15), (-2.85, 53.05), NW_WM_WALES],
    "nw-yorkshire": [
        NE_NW_YORKSHIRE,
        (-2.35, 54.40),
        (-2.45, 54.25),
        (-2.47, 54.12),
        (-2.30, 54.00),
        (-2.17, 53.93),
        (-2.05, 53.82),
        (-2.05, 53.70),
        (-2.00, 53.62),
        NW_YORKSHIRE_EM,
    ],
    "nw-em": [NW_YORKSHIRE_EM, (-1.97, 53.40), (-2.03, 53.30), NW_WM_EM],
    "nw-wm": [NW_WM_EM, (-2.13, 53.14), (-2.25, 53.05), (-2.38, 52.98), (-2.55, 52.96), NW_WM_WALES],
    "yorkshire-coast": [
        STAITHES,
        (-0.61, 54.49),
        (-0.45, 54.35),
        (-0.40, 54.28),
        (-0.28, 54.20),
        (-0.08, 54.12),
        (-0.20, 54.06),
        (-0.16, 53.90),
        (-0.02, 53.73),
        (0.12, 53.60),
        (0.05, 53.63),
        (-0.15, 53.74),
        (-0.33, 53.75),
        (-0.55, 53.73),
        (-0.72, 53.71),
        (-0.55, 53.67),
        (-0.35, 53.66),
        (-0.20, 53.62),
        (-0.07, 53.57),
        YORKSHIRE_EM_COAST,
    ],
    "yorkshire-em": [
        YORKSHIRE_EM_COAST,
        (-0.20, 53.45),
        (-0.45, 53.45),
        (-0.62, 53.47),
        (-0.75, 53.52),
        (-0.85, 53.45),
        (-1.02, 53.42),
        (-1.15, 53.35),
        (-1.30, 53.30),
        (-1.45, 53.33),
        (-1.60, 53.38),
        (-1.75, 53.45),
        NW_YORKSHIRE_EM,
    ],
    "em-coast": [
        YORKSHIRE_EM_COAST,
        (0.18, 53.38),
        (0.28, 53.25),
        (0.34, 53.14),
        (0.33, 53.08),
        (0.20, 53.02),
        (0.05, 52.96),
        (0.02, 52.90),
        (0.12, 52.84),
        WASH,
    ],
    "em-east": [
        WASH,
        (0.05, 52.72),
        (-0.10, 52.66),
        (-0.30, 52.66),
        (-0.45, 52.58),
        (-0.45, 52.45),
        (-0.55, 52.32),
        EM_EAST_SE,
    ],
    "em-se": [EM_EAST_SE, (-0.85, 52.08), (-1.05, 52.02), (-1.20, 52.05), EM_WM_SE],
    "em-wm": [
        EM_WM_SE,
        (-1.28, 52.25),
        (-1.20, 52.36),
        (-1.30, 52.47),
        (-1.45, 52.56),
        (-1.57, 52.66),
        (-1.62, 52.80),
        (-1.75, 52.98),
        (-1.85, 53.12),
        NW_WM_EM,
    ],
    "east-coast": [
        WASH,
        (0.38, 52.80),
        (0.49, 52.94),
        (0.80, 52.96),
        (1.30, 52.93),
        (1.62, 52.75),
        (1.73, 52.61),
        (1.75, 52.48),
        (1.68, 52.30),
        (1.58, 52.08),
        (1.35, 51.96),
        (1.26, 51.88),
        (1.15, 51.79),
        (0.95, 51.73),
        (0.85, 51.62),
        (0.71, 51.54),
        (0.45, 51.50),
        THAMES_NORTH,
    ],
    "east-se": [EM_EAST_SE, (-0.70, 52.05), (-0.65, 51.92), (-0.58, 51.78), SE_EAST_LONDON],
    "east-london": [
        SE_EAST_LONDON,
        (-0.30, 51.66),
        (-0.15, 51.69),
        (0.00, 51.68),
        (0.12, 51.63),
        (0.20, 51.60),
        (0.27, 51.55),
        THAMES_NORTH,
    ],
    "london-thames": [THAMES_NORTH, THAMES_SOUTH],
    "se-london": [
        SE_EAST_LONDON,
        (-0.51, 51.55),
        (-0.48, 51.46),
        (-0.40, 51.40),
        (-0.32, 51.33),
        (-0.15, 51.29),
        (0.02, 51.29),
        (0.12, 51.33),
        (0.17, 51.40),
        THAMES_SOUTH,
    ],
    "se-coast": [
        THAMES_SOUTH,
        (0.45, 51.45),
        (0.62, 51.45),
        (0.76, 51.44),
        (1.02, 51.36),
        (1.30, 51.39),
        (1.44, 51.37),
        (1.40, 51.22),
        (1.31, 51.13),
        (1.17, 51.08),
        (0.97, 50.92),
        (0.78, 50.93),
        (0.58, 50.86),
        (0.30, 50.77),
        (0.20, 50.74),
        (-0.14, 50.82),
        (-0.40, 50.80),
        (-0.79, 50.73),
        (-0.95, 50.79),
        (-1.10, 50.78),
        (-1.30, 50.84),
        (-1.40, 50.88),
        (-1.40, 50.80),
        (-1.55, 50.74),
        CHRISTCHURCH,
    ],
    "se-sw": [
        CHRISTCHURCH,
        (-1.78, 50.82),
        (-1.75, 50.95),
        (-1.62, 51.02),
        (-1.58, 51.20),
        (-1.62, 51.38),
        (-1.65, 51.55),
        (-1.70, 51.70),
        (-1.62, 51.85),
        WM_SE_SW,
    ],
    "se-wm": [WM_SE_SW, (-1.50, 52.06), EM_WM_SE],
    "sw-wm": [
        WM_SE_SW,
        (-1.82, 52.10),
        (-2.00, 52.04),
        (-2.20, 52.00),
        (-2.35, 52.02),
        (-2.50, 51.96),
        (-2.62, 51.90),
        WM_SW_WALES,
    ],
    "wm-wales": [
        WM_SW_WALES,
        (-2.90, 51.93),
        (-3.10, 52.03),
        (-3.10, 52.20),
        (-3.05, 52.34),
        (-3.18, 52.47),
        (-3.05, 52.58),
        (-3.10, 52.72),
        (-3.05, 52.85),
        (-2.90, 52.95),
        NW_WM_WALES,
    ],
    "sw-wales": [WM_SW_WALES, (-2.68, 51.72), CHEPSTOW],
    "sw-coast": [
        CHEPSTOW,
        (-2.62, 51.58),
        (-2.70, 51.50),
        (-2.86, 51.44),
        (-2.98, 51.35),
        (-3.02, 51.22),
        (-3.15, 51.20),
        (-3.47, 51.21),
        (-3.83, 51.23),
        (-4.12, 51.21),
        (-4.22, 51.10),
        (-4.53, 51.02),
        (-4.55, 50.83),
        (-4.75, 50.63),
        (-4.95, 50.55),
        (-5.08, 50.42),
        (-5.30, 50.28),
        (-5.48, 50.21),
        (-5.71, 50.07),
        (-5.55, 50.02),
        (-5.20, 49.96),
        (-5.05, 50.10),
        (-4.80, 50.25),
        (-4.55, 50.33),
        (-4.15, 50.36),
        (-3.90, 50.28),
        (-3.64, 50.22),
        (-3.52, 50.40),
        (-3.50, 50.50),
        (-3.41, 50.62),
        (-3.10, 50.68),
        (-2.94, 50.72),
        (-2.70, 50.70),
        (-2.45, 50.58),
        (-2.30, 50.62),
        (-2.05, 50.59),
        (-1.95, 50.66),
        CHRISTCHURCH,
    ],
}

ISLE_OF_WIGHT = [
    (-1.58, 50.67),
    (-1.45, 50.72),
    (-1.30, 50.77),
    (-1.10, 50.73),
    (-1.07, 50.68),
    (-1.20, 50.60),
    (-1.30, 50.575),
    (-1.50, 50.64),
]

# Each region is its borders in turn, each walked forwards or (with "-") backwards.
REGIONS = {
    Region.NORTH_EAST: ["scotland-ne", "ne-coast", "-ne-yorkshire", "-ne-nw"],
    Region.NORTH_WEST: ["scotland-nw", "nw-coast", "nw-wales", "-nw-wm", "-nw-em", "-nw-yorkshire", "-ne-nw"],
    Region.YORKSHIRE: ["ne-yorkshire", "yorkshire-coast", "yorkshire-em", "-nw-yorkshire"],
    Region.EAST_MIDLANDS: ["em-coast", "em-east", "em-se", "em-wm", "-nw-em", "-yorkshire-em"],
    Region.WEST_MIDLANDS: ["wm-wales", "-nw-wm", "-em-wm", "-se-wm", "sw-wm"],
    Region.EAST: ["east-coast", "-east-london", "-east-se", "-em-east"],
    Region.LONDON: ["east-london", "london-thames", "-se-london"],
    Region.SOUTH_EAST: ["se-coast", "se-sw", "se-wm", "-em-se", "east-se", "se-london"],
    Region.SOUTH_WEST: ["sw-coast", "se-sw", "sw-wm", "sw-wales"],
}
EXTRA_SHAPES = {Region.SOUTH_EAST: [ISLE_OF_WIGHT]}

# Where each region's count badge goes (longitude, latitude), where its name
# goes if not just under the badge, and the name broken into short lines.
# Names sit inside their region, or (London) out at sea with a line to the badge.
LABELS = {
    Region.NORTH_EAST: ((-1.90, 55.22), None, ["North", "East"]),
    Region.NORTH_WEST: ((-2.95, 54.68), None, ["North", "West"]),
    Region.YORKSHIRE: ((-1.15, 54.25), None, ["Yorkshire", "and the", "Humber"]),
    Region.EAST_MIDLANDS: ((-0.72, 53.15), None, ["East", "Midlands"]),
    Region.WEST_MIDLANDS: ((-2.30, 52.75), None, ["West", "Midlands"]),
    Region.EAST: ((0.85, 52.62), None, ["East of", "England"]),
    Region.LONDON: ((-0.13, 51.50), (1.32, 51.57), ["London"]),
    Region.SOUTH_EAST: ((-0.85, 51.36), None, ["South East"]),
    Region.SOUTH_WEST: ((-3.55, 51.00), None, ["South West"]),
}
#: How far below its badge a region's name starts, and the gap between lines.
NAME_DROP, LINE_HEIGHT = 29, 14

WEST, EAST = -5.85, 2.00
NORTH, SOUTH = 55.90, 49.85
# One degree of longitude is shorter than one of latitude this far north.
LONGITUDE_SCALE = math.cos(math.radians(53))
SCALE = 80  # map units per degree of latitude
MARGIN = 6


def project(point):
    longitude, latitude = point
    x = (longitude - WEST) * LONGITUDE_SCALE * SCALE + MARGIN
    y = (NORTH - latitude) * SCALE + MARGIN
    return round(x, 1), round(y, 1)


WIDTH, HEIGHT = (round(value + MARGIN) for value in project((EAST, SOUTH)))
VIEW_BOX = f"0 0 {WIDTH} {HEIGHT}"


def _walk(names):
    points = []
    for name in names:
        line = BORDERS[name.lstrip("-")]
        if name.startswith("-"):
            line = list(reversed(line))
        if points and points[-1] != line[0]:
            raise ValueError(f"{name} does not start where the last border ended")
        points.extend(line if not points else line[1:])
    if points[0] != points[-1]:
        raise ValueError(f"{names} do not go all the way round")
    return points[:-1]


def _path(points):
    xy = [project(point) for point in points]
    return "M" + "L".join(f"{x:g} {y:g}" for x, y in xy) + "Z"


@dataclass(frozen=True)
class RegionShape:
    region: Region
    path: str
    badge: tuple  # x, y
    name_lines: tuple  # (x, y, text) for each line of the name


@functools.cache
def region_shapes():
    """Every region's outline and label positions, in map order."""
    shapes = {}
    for region, names in REGIONS.items():
        path = _path(_walk(names)) + "".join(_path(extra) for extra in EXTRA_SHAPES.get(region, []))
        badge, name_at, lines = LABELS[region]
        bx, by = project(badge)
        x, y = project(name_at) if name_at else (bx, round(by + NAME_DROP, 1))
        name_lines = tuple((x, round(y + LINE_HEIGHT * n, 1), text) for n, text in enumerate(lines))
        shapes[region] = RegionShape(region, path, (bx, by), name_lines)
    return shapes


def london_leader():
    """A short line from London's badge out to its name."""
    shape = region_shapes()[Region.LONDON]
    (x1, y1), (x2, y2, _text) = shape.badge, shape.name_lines[0]
    return (round(x1 + 13, 1), round(y1 - 3, 1), round(x2 - 26, 1), round(y2 - 4, 1))
