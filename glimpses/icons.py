"""The small icons a theme can have, drawn by us in one SVG sprite
(``static/img/glimpses-icons.svg``). A card names an icon with
``<svg><use href="...glimpses-icons.svg#icon-heart"/></svg>``, so the drawing
is downloaded once and cached, however many cards a page shows."""

SPRITE = "img/glimpses-icons.svg"

#: (value, what a convenor sees in the list): the value is the symbol's id
#: in the sprite, without "icon-".
THEME_ICONS = [
    ("heart", "Heart: care, support and wellbeing"),
    ("people", "Two people: friendship and belonging"),
    ("speech", "Speech bubble: speaking up"),
    ("home", "House: home and housing"),
    ("document", "Document with a tick: plans and charters"),
    ("briefcase", "Briefcase: work and enterprise"),
    ("box", "Box: sharing things"),
    ("leaf", "Leaf: nature and the outdoors"),
    ("music", "Music notes: arts, music and culture"),
    ("network", "Joined-up circles: networks and circles of support"),
    ("spark", "Sparkle: new ideas"),
]

#: Icons the templates use that are not theme choices.
OTHER_ICONS = ["place"]

DEFAULT_ICON = "spark"
