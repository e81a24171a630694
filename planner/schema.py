"""The store's schema, as migrations applied in order (``PRAGMA user_version`` counts them).

Append a migration to change the schema; never edit one that has shipped.
"""

MIGRATIONS: tuple[str, ...] = (
    # 1: activities and posts
    """
    CREATE TABLE activities (
        id TEXT PRIMARY KEY,
        start TEXT NOT NULL,
        "end" TEXT,
        kind TEXT NOT NULL,
        category TEXT NOT NULL,
        title TEXT NOT NULL,
        location TEXT NOT NULL DEFAULT '',
        photo TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        mood INTEGER,
        share INTEGER NOT NULL DEFAULT 1,
        tags TEXT NOT NULL DEFAULT '',
        distance_km REAL,
        duration_s INTEGER,
        details TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT 'native'
    ) WITHOUT ROWID;
    CREATE INDEX activities_start ON activities(start);
    CREATE TABLE posts (
        id TEXT PRIMARY KEY,
        activity_id TEXT NOT NULL,
        week TEXT NOT NULL,
        at TEXT NOT NULL,
        category TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        caption TEXT NOT NULL,
        hashtags TEXT NOT NULL DEFAULT '[]',
        variant TEXT NOT NULL DEFAULT '',
        image TEXT,
        alt_text TEXT,
        status TEXT NOT NULL DEFAULT 'planned',
        updated_at TEXT NOT NULL
    );
    CREATE INDEX posts_week ON posts(week);
    CREATE INDEX posts_at ON posts(at);
    """,
    # 2: publishing state on posts (see planner.publish.state) and the log of attempts
    """
    ALTER TABLE posts ADD COLUMN target TEXT;
    ALTER TABLE posts ADD COLUMN remote_id TEXT;
    ALTER TABLE posts ADD COLUMN remote_url TEXT;
    ALTER TABLE posts ADD COLUMN error TEXT;
    ALTER TABLE posts ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE posts ADD COLUMN next_attempt_at TEXT;
    ALTER TABLE posts ADD COLUMN published_at TEXT;
    ALTER TABLE posts ADD COLUMN claimed_by TEXT;
    ALTER TABLE posts ADD COLUMN claimed_at TEXT;
    ALTER TABLE posts ADD COLUMN held_by TEXT;
    ALTER TABLE posts ADD COLUMN planned_at TEXT;
    CREATE INDEX posts_status ON posts(status);
    CREATE TABLE publish_attempts (
        id INTEGER PRIMARY KEY,
        post_id TEXT NOT NULL,
        target TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        outcome TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX publish_attempts_post ON publish_attempts(post_id);
    """,
    # 3: why each considered activity was not planned, kept with the week's plan
    """
    CREATE TABLE plan_skips (
        week TEXT NOT NULL,
        activity_id TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        category TEXT NOT NULL DEFAULT '',
        reason TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (week, activity_id)
    ) WITHOUT ROWID;
    """,
)
