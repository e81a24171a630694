"""Names the CLI offers as choices. Import-free: the CLI reads it at start-up."""

PRESETS: dict[str, tuple[int, int]] = {
    "instagram-portrait": (1080, 1350),
    "instagram-square": (1080, 1080),
    "story": (1080, 1920),
    "landscape": (1200, 675),
}

#: How distances are shown (and read from exports that do not say).
UNITS: tuple[str, ...] = ("metric", "imperial")

#: Mastodon's status visibilities.
VISIBILITIES: tuple[str, ...] = ("public", "unlisted", "private", "direct")
