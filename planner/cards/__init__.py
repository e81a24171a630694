"""Caption cards: layouts as data, drawn with Pillow, with alt text and the week overview.

    templates.py     presets (sizes) and card templates (TOML layers)
    render.py        one card per post, in parallel, named by a hash of its content
    text.py          fitting text into a box (measured wrapping, shrinking, ellipsis)
    fonts.py         the font chain (bundled Noto, the user's fonts, emoji and scripts)
    photos.py        a photo from a path or URL, fetched safely and cover-cropped
    alt_text.py      alt text, and scrubbing never_mention names from what is drawn
    week_picture.py  week.png, the week at a glance

Pillow is imported only inside the functions that draw.
"""

from planner.cards.render import HANDFUL, Progress, render_posts
from planner.cards.week_picture import write_week_picture

__all__ = ["HANDFUL", "Progress", "render_posts", "write_week_picture"]
