"""Planning one week against 20,000 activities of history, in process (target: <= 20 ms).

The baseline is reading the same activities back from the store, measured in the same run,
so the ratio shows the planner's cost relative to I/O it cannot avoid.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from _common import best_of, native_log

from planner.config import load_settings
from planner.models import Week
from planner.store import Store
from planner.workflow import import_file, make_plan

ROWS = 20_000

if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["PLANNER_HOME"] = tmp
        settings = load_settings(Path(tmp))
        log = native_log(Path(tmp) / "log.csv", ROWS)
        with Store(settings.db_path) as store:
            import_file(store, log, settings)
            newest = store.newest_activity_start()
            assert newest is not None
            week = Week.containing(newest.date())
            now = datetime(2020, 1, 1, tzinfo=UTC)
            for w in range(8):  # eight weeks of history before the planned week
                past = week
                for _ in range(8 - w):
                    past = past.previous()
                make_plan(store, settings, past, now=now)
            posts = len(store.posts())
            ours = best_of(lambda: make_plan(store, settings, week, now=now), 15)
            read = best_of(lambda: store.activities(), 3)
        print(
            f"plan one week against {ROWS:,} activities and {posts} posts of history: "
            f"{ours * 1000:.1f} ms (target <= 20 ms); reading all activities back: "
            f"{read * 1000:.1f} ms -> ratio {ours / read:.3f}"
        )
    sys.exit(0)
