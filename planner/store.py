"""The SQLite store: activities and the history of posts.

Schema versions are kept in ``PRAGMA user_version`` and applied in order by ``migrate``; a
store written by a newer planner is refused rather than guessed at. Every write is one
transaction: an import either lands whole or not at all.

Rows and columns are laid out in ``store_rows``; opening the file and wording its errors is
``store_files``. Activities are keyed by a stable id, so importing the same file twice adds nothing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from planner.errors import NotFoundError, StoreError
from planner.models import Activity, ActivityRow, Post, Skip
from planner.schema import MIGRATIONS
from planner.store_files import connect, store_problem
from planner.store_rows import (
    ACTIVITY_COLUMNS,
    PHOTO_INDEX,
    POST_COLUMNS,
    activity_from_row,
    activity_row,
    post_from_row,
    to_utc_text,
)

__all__ = [
    "ACTIVITY_COLUMNS",
    "POST_COLUMNS",
    "ImportCounts",
    "Store",
    "activity_row",
    "to_utc_text",
]


@dataclass(frozen=True)
class ImportCounts:
    """What an import did: rows newly stored, rows already there, rows refused."""

    new: int
    duplicate: int
    rejected: int


class Store:
    """One SQLite file. Use as a context manager or call ``close``.

    ``readonly`` opens an existing store without writing anything (see ``store_files``), for
    commands that only read; a missing store is then created as usual, and an older one is
    migrated first, when the folder allows. Opening or writing errors are StoreErrors whose
    advice fits the cause (``store_files.store_problem``).
    """

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        self.readonly = readonly and path.exists()
        try:
            self.db = connect(path, readonly=self.readonly)
        except (sqlite3.DatabaseError, OSError, StoreError) as exc:
            raise store_problem(path, exc, "open" if path.exists() else "create") from None
        try:
            if self.readonly and self.version < len(MIGRATIONS):
                self.db.close()  # an older store: migrate it first
                self.readonly = False
                self.db = connect(path)
            self.migrate()
        except (sqlite3.DatabaseError, OSError, StoreError) as exc:
            self.db.close()
            raise store_problem(path, exc, "open") from None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception.

        Inside another transaction it joins it: the outer one commits, or rolls back all.
        SQLite refusing the write (another planner holding the store past the 30 s timeout,
        a full disk, a read-only file) is a StoreError naming the file and what to do.
        """
        if self.db.in_transaction:
            yield self.db
            return
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if self.db.in_transaction:
                with suppress(sqlite3.Error):
                    self.db.execute("ROLLBACK")
            raise store_problem(self.path, exc, "write") from None

    @property
    def version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        """Apply every migration newer than the store's user_version, each in a transaction."""
        current = self.version
        if current > len(MIGRATIONS):
            raise StoreError(
                f"{self.path}: the store is version {current}, newer than this planner "
                f"understands ({len(MIGRATIONS)}); upgrade planner"
            )
        for number, script in enumerate(MIGRATIONS[current:], start=current + 1):
            with self.transaction() as db:
                for statement in script.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {number}")

    # activities

    def import_rows(self, rows: Iterable[ActivityRow], rejected: int = 0) -> ImportCounts:
        """Insert activity rows (ACTIVITY_COLUMNS order) in one transaction; skip known ids.

        A known activity stored without a photo takes the row's photo (one left out before,
        say because it lay outside the CSV's folder); nothing else of it changes.
        """
        placeholders = ",".join("?" * len(ACTIVITY_COLUMNS))
        columns = ",".join(f'"{c}"' for c in ACTIVITY_COLUMNS)
        sql = (
            f"INSERT INTO activities ({columns}) VALUES ({placeholders}) ON CONFLICT(id) DO NOTHING"
        )
        counter = _Counter(rows)
        self.db.execute("PRAGMA cache_size=-262144")
        with self.transaction() as db:
            before = db.total_changes
            db.executemany(sql, counter)
            new = db.total_changes - before
            db.executemany(
                "UPDATE activities SET photo = ? WHERE id = ? AND photo = ''", counter.photos
            )
        return ImportCounts(new=new, duplicate=counter.count - new, rejected=rejected)

    def activities(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> list[Activity]:
        """Activities ordered by start, optionally with since <= start < until."""
        sql = "SELECT * FROM activities"
        clauses, args = [], []
        if since is not None:
            clauses.append("start >= ?")
            args.append(to_utc_text(since))
        if until is not None:
            clauses.append("start < ?")
            args.append(to_utc_text(until))
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY start, id"
        return [activity_from_row(r) for r in self.db.execute(sql, args)]

    def activities_by_id(self, ids: Iterable[str]) -> dict[str, Activity]:
        """The activities with these ids (unknown ids are left out)."""
        wanted = list(dict.fromkeys(ids))
        found: dict[str, Activity] = {}
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            sql = f"SELECT * FROM activities WHERE id IN ({','.join('?' * len(chunk))})"
            found.update((r[0], activity_from_row(r)) for r in self.db.execute(sql, chunk))
        return found

    def activity_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM activities").fetchone()[0])

    def newest_activity_start(self) -> datetime | None:
        row = self.db.execute("SELECT max(start) FROM activities").fetchone()
        return datetime.fromisoformat(row[0]) if row[0] else None

    # posts

    def posts(self, week: str | None = None, exclude_week: str | None = None) -> list[Post]:
        """Posts ordered by time; only one week's, or all but one week's."""
        sql, args = "SELECT * FROM posts", []
        if week is not None:
            sql += " WHERE week = ?"
            args.append(week)
        elif exclude_week is not None:
            sql += " WHERE week != ? OR status != 'planned'"
            args.append(exclude_week)
        sql += " ORDER BY at, id"
        return [post_from_row(r) for r in self.db.execute(sql, args)]

    def post(self, post_id: str) -> Post:
        row = self.db.execute("SELECT * FROM posts WHERE id = ?", (post_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no post with id {post_id!r} (see 'planner status' for the ids)")
        return post_from_row(row)

    def save_plan(
        self, week: str, posts: Iterable[Post], now: datetime, skipped: Iterable[Skip] = ()
    ) -> tuple[Post, ...]:
        """Replace the week's still-planned posts and skip reasons with these, in one transaction.

        Posts that are publishing, published, failed or skipped are kept as they are: history
        is never rewritten by re-planning. A re-planned post whose time, title, caption and
        hashtags are unchanged keeps the card image and alt text it had. Returns ``posts``, each
        with the card it kept.
        """
        saved: list[Post] = []
        stamp = to_utc_text(now)
        with self.transaction() as db:
            cards = {
                row[0]: (tuple(row[1:5]), row[5], row[6])
                for row in db.execute(
                    "SELECT id, at, title, caption, hashtags, image, alt_text FROM posts"
                    " WHERE week = ? AND status = 'planned'"
                    " AND (image IS NOT NULL OR alt_text IS NOT NULL)",
                    (week,),
                )
            }
            db.execute("DELETE FROM plan_skips WHERE week = ?", (week,))
            db.executemany(
                "INSERT OR REPLACE INTO plan_skips"
                " (week, activity_id, title, category, reason, position) VALUES (?,?,?,?,?,?)",
                [
                    (week, k.activity_id, k.title, k.category, k.reason, i)
                    for i, k in enumerate(skipped)
                ],
            )
            db.execute("DELETE FROM posts WHERE week = ? AND status = 'planned'", (week,))
            for p in posts:
                if p.status != "planned":
                    saved.append(p)
                    continue
                at, hashtags = to_utc_text(p.at), json.dumps(list(p.hashtags), ensure_ascii=False)
                image, alt_text = p.image, p.alt_text
                same, card_image, card_alt = cards.get(p.id, ((), None, None))
                if (
                    image is None
                    and alt_text is None
                    and same == (at, p.title, p.caption, hashtags)
                ):
                    image, alt_text = card_image, card_alt
                    p = replace(p, image=image, alt_text=alt_text)
                saved.append(p)
                db.execute(
                    "INSERT OR IGNORE INTO posts (id, activity_id, week, at, category, title,"
                    " caption, hashtags, variant, image, alt_text, status, updated_at)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        p.id,
                        p.activity_id,
                        week,
                        at,
                        p.category,
                        p.title,
                        p.caption,
                        hashtags,
                        p.variant,
                        image,
                        alt_text,
                        p.status,
                        stamp,
                    ),
                )
        return tuple(saved)

    def plan_skips(self, week: str) -> list[Skip]:
        """The skip reasons saved with the week's plan, in the order they were given."""
        rows = self.db.execute(
            "SELECT activity_id, reason, title, category FROM plan_skips WHERE week = ?"
            " ORDER BY position",
            (week,),
        ).fetchall()
        return [Skip(r[0], r[1], r[2], r[3]) for r in rows]

    def update_post(self, post_id: str, now: datetime, **values: Any) -> None:
        """Set columns of one post (e.g. image, alt_text, status) in one transaction."""
        allowed = set(POST_COLUMNS) - {"id", "activity_id", "week"}
        unknown = set(values) - allowed
        if unknown:
            raise ValueError(f"unknown post columns: {sorted(unknown)}")
        self.post(post_id)
        assignments = ", ".join(f"{k} = ?" for k in values)
        args = [
            json.dumps(list(v), ensure_ascii=False) if k == "hashtags" else v
            for k, v in values.items()
        ]
        with self.transaction() as db:
            db.execute(
                f"UPDATE posts SET {assignments}, updated_at = ? WHERE id = ?",
                (*args, to_utc_text(now), post_id),
            )


class _Counter:
    """Counts the rows an iterable yields while executemany consumes it."""

    def __init__(self, rows: Iterable[ActivityRow]) -> None:
        self.rows = iter(rows)
        self.count = 0
        self.photos: list[tuple[str, str]] = []  # (photo, id) of the rows that have one

    def __iter__(self) -> _Counter:
        return self

    def __next__(self) -> ActivityRow:
        row = next(self.rows)
        self.count += 1
        photo = row[PHOTO_INDEX]
        if photo:
            self.photos.append((str(photo), row[0]))
        return row
