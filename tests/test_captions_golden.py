"""Golden captions: the posts planned from every real and made-up app export, as a reader sees them.

Each export under tests/fixtures/exports/ is imported and its first weeks are planned one
after another (each week's posts are history for the next); the posts are written one a line
and compared with tests/golden/captions/<format>-<file>.<lang>.txt. The goldens were reviewed
by reading them. To accept a deliberate change, run
PLANNER_UPDATE_GOLDEN=1 pytest tests/test_captions_golden.py and read the diff.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from planner.config import Settings
from planner.models import Week
from planner.store import Store
from planner.workflow import import_file, make_plan

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
GOLDEN = Path(__file__).parent / "golden" / "captions"
WEEKS = 12
NOW = datetime(2000, 1, 1, tzinfo=UTC)
CASES = [(path, "en") for path in sorted(EXPORTS.rglob("*.csv"))] + [
    (EXPORTS / "strava" / "german.csv", "de"),
    (EXPORTS / "garmin" / "Activities.csv", "es"),
    (EXPORTS / "garmin" / "Activities.csv", "fr"),
    (EXPORTS / "hevy" / "workout_data.csv", "pt"),
]


def case_id(case: tuple[Path, str]) -> str:
    return f"{case[0].relative_to(EXPORTS)}.{case[1]}"


def planned_captions(path: Path, language: str, home: Path) -> str:
    settings = Settings(home=home, timezone="Europe/Berlin", language=language,
                        units="imperial" if "imperial" in path.name else "metric")  # fmt: skip
    lines = []
    with Store(settings.db_path) as store:
        import_file(store, path, settings)
        starts = [a.start.astimezone(settings.tz).date() for a in store.activities()]
        week = Week.containing(min(starts))
        last = Week.containing(max(starts)).next()
        for _ in range(WEEKS):
            for post in make_plan(store, settings, week, now=NOW).posts:
                tags = " " + " ".join(post.hashtags) if post.hashtags else ""
                note = f"  ({post.caption_note})" if post.caption_note else ""
                caption = post.caption.replace("\n", " / ")
                lines.append(f"{week} {post.at:%a %H:%M}  {caption}{tags}  [{post.variant}]{note}")
            if week == last:
                break
            week = week.next()
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_captions_planned_from_an_export_match_the_golden(case: tuple[Path, str], tmp_path: Path):
    path, language = case
    got = planned_captions(path, language, tmp_path / "home")
    golden = GOLDEN / (str(path.relative_to(EXPORTS)).replace("/", "-") + f".{language}.txt")
    if os.environ.get("PLANNER_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(got, encoding="utf-8")
    assert golden.exists(), f"no golden yet: run PLANNER_UPDATE_GOLDEN=1 pytest {__file__}"
    assert got == golden.read_text(encoding="utf-8")
