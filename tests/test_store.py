"""The SQLite store: migrations, one-transaction imports, plan saving, post updates."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, get_args

import pytest

from planner.errors import NotFoundError, StoreError
from planner.models import ACTIVITY_COLUMNS, Activity, ActivityRow, Post, post_id_for, stable_id
from planner.schema import MIGRATIONS
from planner.store import ImportCounts, Store, activity_row

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def activity(n: int, **changes: Any) -> Activity:
    start = datetime(2026, 11, 1, 17, 0, tzinfo=UTC) + timedelta(days=n)
    values: dict[str, Any] = {
        "id": stable_id("test", n),
        "start": start,
        "kind": "gym",
        "category": "fitness",
        "title": f"Session {n}",
    }
    values.update(changes)
    return Activity(**values)


def rows(*numbers: int) -> list[tuple[Any, ...]]:
    return [activity_row(activity(n)) for n in numbers]


def post(n: int, status: str = "planned", day: int = 0) -> Post:
    return Post(
        id=post_id_for(stable_id("test", n)),
        activity_id=stable_id("test", n),
        at=datetime(2026, 11, 30, 17, 0, tzinfo=UTC) + timedelta(days=day),
        category="fitness",
        caption=f"Caption {n}",
        title=f"Session {n}",
        hashtags=("#gym", "#legs"),
        status=status,
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "planner.db") as s:
        yield s


def table_dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    db = sqlite3.connect(path)
    try:
        return {
            t: db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
            for t in ("activities", "posts")
        }
    finally:
        db.close()


# Migrations


def test_a_fresh_store_is_at_the_newest_version(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "planner.db"
    with Store(path) as s:
        assert s.version == len(MIGRATIONS)
    assert path.is_file()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    db.close()


def test_reopening_migrates_nothing_and_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "planner.db"
    with Store(path) as s:
        s.import_rows(rows(1, 2))
    with Store(path) as s:
        assert s.version == len(MIGRATIONS)
        assert s.activity_count() == 2


def test_an_old_store_is_migrated_forward(tmp_path: Path) -> None:
    path = tmp_path / "planner.db"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0])
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    with Store(path) as s:
        assert s.version == len(MIGRATIONS)
        s.import_rows(rows(1))
        s.save_plan("2026-W49", [post(1)], NOW)
        assert [p.id for p in s.posts()] == [post(1).id]


def test_a_store_from_a_newer_planner_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "planner.db"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    db.close()
    with pytest.raises(StoreError) as caught:
        Store(path)
    assert str(caught.value) == (
        f"{path}: the store is version {len(MIGRATIONS) + 1}, newer than this planner"
        f" understands ({len(MIGRATIONS)}); upgrade planner"
    )


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "planner.db"
    path.write_bytes(b"this is not sqlite, just some text that is long enough" * 40)
    with pytest.raises(StoreError) as caught:
        Store(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: cannot open the store: ")
    assert message.endswith("(move the file aside or set PLANNER_HOME to another folder)")


# Imports


def test_an_activity_row_is_the_activities_table_column_by_column(store: Store) -> None:
    """Rows are read back with SELECT * by position: the table, ACTIVITY_COLUMNS and the
    ActivityRow type must list the same fields in the same order."""
    table = tuple(r[1] for r in store.db.execute("PRAGMA table_info(activities)"))
    assert table == ACTIVITY_COLUMNS
    assert len(get_args(ActivityRow)) == len(ACTIVITY_COLUMNS)
    row = dict(zip(ACTIVITY_COLUMNS, activity_row(activity(3, location="Lisbon")), strict=True))
    assert (row["title"], row["location"], row["share"]) == ("Session 3", "Lisbon", 1)


def test_import_counts_new_and_duplicate(store: Store) -> None:
    assert store.import_rows(rows(1, 2, 3)) == ImportCounts(new=3, duplicate=0, rejected=0)
    assert store.import_rows(rows(1, 2, 3)) == ImportCounts(new=0, duplicate=3, rejected=0)
    assert store.import_rows(rows(3, 4), rejected=2) == ImportCounts(1, 1, 2)
    assert store.activity_count() == 4


def test_duplicates_within_one_import_count_once(store: Store) -> None:
    assert store.import_rows(rows(1, 1, 2)) == ImportCounts(new=2, duplicate=1, rejected=0)


def test_activities_round_trip(store: Store) -> None:
    original = activity(
        1,
        end=datetime(2026, 11, 3, 12, 0, tzinfo=UTC),
        location="Leipzig",
        photo="/photos/city.jpg",
        notes="Lovely",
        mood=5,
        share=False,
        tags=("travel", "city"),
        distance_km=5.5,
        duration_s=3600,
        kind="trip",
        category="trip",
    )
    store.import_rows([activity_row(original)])
    (back,) = store.activities()
    assert back == original


def test_activities_are_ordered_and_filtered_by_start(store: Store) -> None:
    store.import_rows(rows(5, 1, 3))
    assert [a.title for a in store.activities()] == ["Session 1", "Session 3", "Session 5"]
    since = activity(3).start
    until = activity(5).start
    assert [a.title for a in store.activities(since=since, until=until)] == ["Session 3"]
    assert store.newest_activity_start() == activity(5).start


def test_empty_store(store: Store) -> None:
    assert store.activities() == []
    assert store.newest_activity_start() is None
    assert store.import_rows([]) == ImportCounts(0, 0, 0)


def _failing(good: Sequence[tuple[Any, ...]], after: int) -> Iterator[tuple[Any, ...]]:
    for i, row in enumerate(good):
        if i == after:
            raise RuntimeError("the source broke half-way")
        yield row


def test_an_import_that_fails_half_way_leaves_the_store_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "planner.db"
    with Store(path) as s:
        s.import_rows(rows(1, 2))
        s.save_plan("2026-W49", [post(1)], NOW)
    before = table_dump(path)
    with Store(path) as s:
        with pytest.raises(RuntimeError, match="half-way"):
            s.import_rows(_failing(rows(3, 4, 5, 6), after=3))
        assert s.activity_count() == 2
        s.import_rows(rows(7))
    with Store(path) as s:
        assert s.activity_count() == 3
    after = table_dump(path)
    assert after["posts"] == before["posts"]
    assert len(after["activities"]) == 3


def test_a_bad_row_rolls_the_whole_import_back(store: Store) -> None:
    broken = (*rows(2)[0][:3], None, *rows(2)[0][4:])  # kind is NOT NULL
    with pytest.raises(sqlite3.IntegrityError):
        store.import_rows([*rows(1), broken, *rows(3)])
    assert store.activity_count() == 0


def test_a_store_another_connection_is_writing_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "planner.db"
    with Store(path) as s:
        s.import_rows(rows(1))
        s.db.execute("PRAGMA busy_timeout = 0")
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StoreError) as caught:
                s.import_rows(rows(2))
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert str(caught.value) == (
            f"{path}: cannot write the store: database is locked (another planner is using it;"
            " try again)"
        )
        assert s.activity_count() == 1
        assert s.import_rows(rows(2)).new == 1


# Plans and posts


def test_save_plan_replaces_only_the_weeks_planned_posts(store: Store) -> None:
    store.save_plan("2026-W48", [post(9, day=-7)], NOW)
    store.save_plan("2026-W49", [post(1), post(2, day=2)], NOW)
    store.update_post(post(1).id, NOW, status="published")
    store.save_plan("2026-W49", [post(1), post(3, day=4)], NOW + timedelta(hours=1))
    week = {p.id: p.status for p in store.posts(week="2026-W49")}
    assert week == {post(1).id: "published", post(3).id: "planned"}
    assert [p.id for p in store.posts(week="2026-W48")] == [post(9).id]


def test_replanning_an_unchanged_post_keeps_its_card(store: Store) -> None:
    carded = replace(post(1), image="/cards/01.png", alt_text="A card")
    store.save_plan("2026-W49", [carded, replace(post(2, day=2), image="/cards/02.png")], NOW)
    moved = replace(post(2, day=2), at=post(2, day=2).at + timedelta(hours=1))
    store.save_plan("2026-W49", [post(1), moved], NOW + timedelta(hours=1))
    cards = {p.id: (p.image, p.alt_text) for p in store.posts(week="2026-W49")}
    assert cards == {post(1).id: ("/cards/01.png", "A card"), post(2).id: (None, None)}
    reworded = replace(post(1), caption="Other words")
    store.save_plan("2026-W49", [reworded], NOW + timedelta(hours=2))
    assert store.post(post(1).id).image is None
    store.save_plan("2026-W49", [replace(post(1), image="/cards/new.png")], NOW)
    assert store.post(post(1).id).image == "/cards/new.png"


def test_save_plan_ignores_posts_that_are_not_planned(store: Store) -> None:
    store.save_plan("2026-W49", [post(1, status="published"), post(2)], NOW)
    assert [p.id for p in store.posts(week="2026-W49")] == [post(2).id]


def test_save_plan_with_no_posts_clears_the_week(store: Store) -> None:
    store.save_plan("2026-W49", [post(1)], NOW)
    store.save_plan("2026-W49", [], NOW)
    assert store.posts(week="2026-W49") == []


def test_posts_round_trip(store: Store) -> None:
    original = post(1)
    store.save_plan("2026-W49", [original], NOW)
    back = store.post(original.id)
    assert back == original
    assert back.at.utcoffset() == timedelta(0)


def test_posts_exclude_week_keeps_other_weeks_and_non_planned(store: Store) -> None:
    store.save_plan("2026-W48", [post(9, day=-7)], NOW)
    store.save_plan("2026-W49", [post(1), post(2, day=2)], NOW)
    store.update_post(post(2).id, NOW, status="published")
    assert {p.id for p in store.posts(exclude_week="2026-W49")} == {post(9).id, post(2).id}


def test_update_post_sets_columns(store: Store) -> None:
    store.save_plan("2026-W49", [post(1)], NOW)
    store.update_post(
        post(1).id, NOW, image="/out/images/01.jpg", alt_text="A gym", hashtags=("#a",)
    )
    back = store.post(post(1).id)
    assert (back.image, back.alt_text, back.hashtags) == ("/out/images/01.jpg", "A gym", ("#a",))


def test_update_post_rejects_unknown_columns(store: Store) -> None:
    store.save_plan("2026-W49", [post(1)], NOW)
    with pytest.raises(ValueError, match=r"unknown post columns: \['colour', 'id'\]"):
        store.update_post(post(1).id, NOW, colour="red", id="x")
    with pytest.raises(ValueError, match="unknown post columns"):
        store.update_post(post(1).id, NOW, **{"caption = 'x', status": "published"})
    assert store.post(post(1).id) == post(1)


def test_update_post_of_an_unknown_post(store: Store) -> None:
    with pytest.raises(NotFoundError) as caught:
        store.update_post("nope", NOW, status="published")
    assert str(caught.value) == "no post with id 'nope' (see 'planner status' for the ids)"


def test_a_transaction_inside_another_joins_it(store: Store) -> None:
    with store.transaction() as db:
        with store.transaction():
            db.execute("INSERT INTO plan_skips VALUES ('2026-W49', 'a', '', '', 'r', 0)")
        assert db.in_transaction  # the inner block did not commit
    assert store.plan_skips("2026-W49")
    with pytest.raises(RuntimeError), store.transaction() as db:
        with store.transaction():
            db.execute("INSERT INTO plan_skips VALUES ('2026-W50', 'a', '', '', 'r', 0)")
        raise RuntimeError("after the inner block")
    assert store.plan_skips("2026-W50") == []  # the outer rollback undid the inner write


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_new_store_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "home" / "planner.db"
    with Store(path) as s:
        s.import_rows(rows(1))
        wal = Path(f"{path}-wal")
        assert not wal.exists() or wal.stat().st_mode & 0o077 == 0
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700  # the new home folder too
