"""An independent statement of the posting rules, used to check plans in tests.

Written from the rules as the README states them ("What it does") and planner.policy's
docstring states their edges, not from planner.plan, so a bug in the planner's checks cannot
hide itself here. Only pairs that involve at least one newly planned post are judged: history may
already break rules (it was planned under another policy) and the planner cannot undo it.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from planner.models import Activity, Plan, Post, Week
from planner.policy import Policy

PLACE = {"trip", "outing", "outdoors", "food", "dating"}


def violations(
    plan: Plan,
    activities: list[Activity],
    history: list[Post],
    policy: Policy,
    tz: ZoneInfo,
    week: Week,
) -> list[str]:
    """Every rule the plan breaks, as readable strings (empty when the plan is fine)."""
    found: list[str] = []
    by_id = {a.id: a for a in activities}
    new = list(plan.posts)
    counted = [p for p in history if p.status in ("planned", "publishing", "published")]
    everything = sorted(counted + new, key=lambda p: p.at.astimezone(UTC))
    new_ids = {p.id for p in new}
    posted_before = {p.activity_id for p in history}  # posted, planned, failed or skipped

    def local(p: Post) -> datetime:
        return p.at.astimezone(tz)

    for p in new:
        a = by_id[p.activity_id]
        t = local(p)
        if Week.containing(t.date()) != week:
            found.append(f"{p.id} outside the week")
        windows = policy.weekend_windows if t.weekday() >= 5 else policy.weekday_windows
        if not any(w.start <= t.time() <= w.end for w in windows):
            found.append(f"{p.id} outside the posting windows at {t}")
        qs, qe = policy.quiet_start, policy.quiet_end
        quiet = (qs <= t.time() < qe) if qs < qe else (t.time() >= qs or t.time() < qe)
        if qs != qe and quiet:
            found.append(f"{p.id} in quiet hours at {t}")
        if not a.share:
            found.append(f"{p.id} private activity posted")
        if a.mood is not None and a.mood < policy.min_mood:
            found.append(f"{p.id} mood {a.mood} posted")
        if a.category == "dating" and not policy.dating_enabled:
            found.append(f"{p.id} dating posted while off")
        if p.at - a.start > timedelta(days=policy.max_age_days):
            found.append(f"{p.id} older than {policy.max_age_days} days")
        finished = a.end or (a.start + timedelta(seconds=a.duration_s or 0))
        if p.at < finished:
            found.append(f"{p.id} posted before the activity was over")
        if (a.category in PLACE or a.location.strip()) and p.at < finished + timedelta(
            hours=policy.location_delay_hours
        ):
            found.append(f"{p.id} posted while still at the location")
        if a.id in posted_before:
            found.append(f"{p.id} activity posted twice")
        if policy.quiet_since is not None:
            day_number = (t.date() - policy.quiet_since).days + 1
            if 1 <= day_number <= policy.ramp_quiet_days:
                found.append(f"{p.id} posted in the ramp-up quiet days")
    if len({p.activity_id for p in new}) != len(new):
        found.append("one activity planned twice")

    week_posts = [p for p in everything if Week.containing(local(p).date()) == week]
    if new and len(week_posts) > policy.posts_per_week:
        found.append(f"{len(week_posts)} posts in the week > {policy.posts_per_week}")
    days = Counter(local(p).date() for p in everything)
    for p in new:
        d = local(p).date()
        if days[d] > policy.posts_per_day:
            found.append(f"{days[d]} posts on {d}")
        if not policy.allow_consecutive_days and (
            days[d - timedelta(days=1)] or days[d + timedelta(days=1)]
        ):
            found.append(f"{p.id} on a day next to another post")
    for i, p in enumerate(everything):
        for q in everything[i + 1 :]:
            if p.id not in new_ids and q.id not in new_ids:
                continue
            apart = q.at.astimezone(UTC) - p.at.astimezone(UTC)  # real time, across DST too
            if apart == timedelta(0):
                found.append(f"{p.id} and {q.id} at the same moment")
            if apart < timedelta(hours=policy.min_gap_hours):
                found.append(f"{p.id} and {q.id} closer than {policy.min_gap_hours} h")
            if p.category == q.category == "dating" and apart < timedelta(
                weeks=policy.dating_every_weeks
            ):
                found.append(f"two dating posts within {policy.dating_every_weeks} weeks")
    for i in range(len(everything) - 1):
        p, q = everything[i], everything[i + 1]
        same = p.category == q.category and not policy.allow_same_category_in_a_row
        near = q.at - p.at < timedelta(days=policy.in_a_row_days)
        if same and near and (p.id in new_ids or q.id in new_ids):
            found.append(f"{p.category} twice in a row")
    clocks = Counter((Week.containing(local(p).date()), f"{local(p):%H:%M}") for p in everything)
    for p in new:
        key = (Week.containing(local(p).date()), f"{local(p):%H:%M}")
        if clocks[key] > 1:
            found.append(f"{clocks[key]} posts of {key[0]} at {key[1]}")
    per_cat = Counter((Week.containing(local(p).date()), p.category) for p in everything)
    for p in new:
        key = (Week.containing(local(p).date()), p.category)
        if per_cat[key] > policy.per_category_per_week:
            found.append(f"{p.category} {per_cat[key]} times in a week")
    if policy.quiet_since is not None:
        first = policy.quiet_since + timedelta(days=policy.ramp_quiet_days)
        second_week = [
            p for p in everything if first <= local(p).date() < first + timedelta(days=7)
        ]
        if any(p.id in new_ids for p in second_week) and len(second_week) > policy.ramp_week2_posts:
            found.append(f"{len(second_week)} posts in the ramp-up week")
    return found
