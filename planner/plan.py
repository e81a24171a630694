"""Plan one week: (activities, history, policy, week) -> Plan. Pure and deterministic.

How it decides:
1. Activities that could be posted this week are considered: started before the week ends and
   at most ``max_age_days`` before it starts. Each gets an outcome: planned, or a skip reason.
2. Eligibility: not posted before, shared, mood >= min_mood, dating only when enabled; with
   no mood (app exports), not when its title or notes tell of a bad day ("broken arm").
3. Ranking: enjoyed (mood), recent, with a photo, of a category not posted lately; ties by id.
4. In rank order, each activity takes, among the slots (on the ``slot_minutes`` grid inside
   the posting windows, outside quiet hours, not before ``not_before``) that keep every rule
   (weekly/daily caps, ramp-up, no consecutive days, the minimum gap, category variety, dating
   frequency, freshness and the location delay), the posting window furthest from the other
   posts, and in it a minute of its own (planner.post_times): spread over the week, never two
   posts of a week at the same clock time. Published and planned posts of other weeks count
   as history for every rule.
5. The caption is the user's own notes when the tone filter passes them (softened if needed),
   else a template variant (see planner.captions) that passes the check; an activity whose
   every caption fails is skipped with that reason. The plan's notes say which of the user's
   caption files were set aside for being in another language (``CaptionBook.notes``).

Edges: the same inputs always give the same plan; an empty week gives an empty plan; when no
slot fits, the skip reason names the rule that blocked the most slots in the activity's time
range.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from planner.board import Board
from planner.captions import BadDayJudge, CaptionBook, CaptionCheck, OwnWordsJudge
from planner.models import Activity, Plan, Post, Skip, Week, post_id_for
from planner.policy import Policy, earliest_post_time, is_place_bound
from planner.post_times import natural_moment, openings, room_after, spread_order, squeezed

COUNTED = frozenset({"planned", "publishing", "published"})
#: A post in one of these states means its activity is not planned again.
HANDLED = COUNTED | {"failed", "skipped"}


@dataclass(frozen=True)
class PlanInputs:
    """Everything plan_week needs besides the week."""

    activities: Sequence[Activity]
    history: Sequence[Post]
    policy: Policy
    tz: ZoneInfo
    captions: CaptionBook
    check: CaptionCheck | None = None
    own_words: OwnWordsJudge | None = None
    not_before: datetime | None = None
    bad_day: BadDayJudge | None = None
    units: str = "metric"  # of the distance in captions


def _fmt(moment: datetime) -> str:
    return moment.strftime("%a %d %b %H:%M")


def posting_slots(week: Week, policy: Policy, tz: ZoneInfo) -> list[datetime]:
    """Every allowed posting moment of the week, in order (windows minus quiet hours).

    A local time the clocks skip (02:30 on a spring-forward night) is no slot: it would name
    the same instant as 03:30.
    """
    slots: list[datetime] = []
    step = timedelta(minutes=max(1, policy.slot_minutes))
    for day in week.days():
        for window in policy.windows_for(day):
            moment = datetime.combine(day, window.start)
            end = datetime.combine(day, window.end)
            while moment <= end:
                local = moment.replace(tzinfo=tz)
                if not policy.in_quiet_hours(moment.time()) and _exists(local, tz):
                    slots.append(local)
                moment += step
    return sorted(set(slots))


def _exists(local: datetime, tz: ZoneInfo) -> bool:
    return local.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == local.replace(tzinfo=None)


def plan_week(week: Week, inputs: PlanInputs) -> Plan:
    """The plan for ``week``: posts in time order and a reason for every skipped activity."""
    policy, tz = inputs.policy, inputs.tz
    week_start = datetime.combine(week.monday, time(0), tz)
    week_end = week_start + timedelta(days=7)
    candidates = _candidates(inputs.activities, week_start - policy.max_age, week_end)
    history = [p for p in inputs.history if p.status in COUNTED]
    by_time = sorted(inputs.history, key=lambda p: (p.at, p.id))
    posted = {p.activity_id: p for p in by_time if p.status in HANDLED}  # the latest wins
    slots = [
        s
        for s in posting_slots(week, policy, tz)
        if inputs.not_before is None or s >= inputs.not_before
    ]
    board = Board(history, policy, tz)
    skipped: list[Skip] = []
    eligible: list[Activity] = []
    for activity in candidates:
        reason = _ineligible(activity, posted, policy, tz) or _bad_day(activity, inputs.bad_day)
        if reason:
            skipped.append(_skip(activity, reason))
        else:
            eligible.append(activity)
    eligible.sort(key=lambda a: _rank(a, board, week_start))
    planned: list[Post] = []
    for index, activity in enumerate(eligible):
        others = len(eligible) - index - 1
        post, reason = _place(activity, slots, board, inputs, week_start, week_end, others)
        if post is None:
            skipped.append(_skip(activity, reason))
        else:
            board.add(post)
            planned.append(post)
    order = {a.id: i for i, a in enumerate(candidates)}
    notes = []
    if inputs.not_before is not None and inputs.not_before > week_start:
        notes.append(f"slots before {_fmt(inputs.not_before.astimezone(tz))} are not used")
    notes += inputs.captions.notes
    return Plan(
        week=week,
        timezone=str(tz),
        posts=tuple(sorted(planned, key=lambda p: (p.at, p.id))),
        skipped=tuple(sorted(skipped, key=lambda s: order[s.activity_id])),
        notes=tuple(notes),
    )


def next_free_slot(
    after: datetime,
    category: str,
    taken: Sequence[Post],
    policy: Policy,
    tz: ZoneInfo,
    horizon: timedelta = timedelta(days=14),
    post_id: str = "",
) -> datetime | None:
    """The first moment at or after ``after`` where a post of ``category`` keeps every rule
    against the ``taken`` posts (caps, gap, days, variety, ramp-up, dating), or None when
    there is none within ``horizon``. Used to move a post whose slot was missed.

    The moment is in the first posting window that has room, at a minute of its own picked
    by a hash of ``post_id`` (planner.post_times), never the clock time of another post of
    its week: a missed post does not go out at 18:00 sharp either.
    """
    board = Board([p for p in taken if p.status in COUNTED], policy, tz)
    until = after + horizon
    week = Week.containing(after.astimezone(tz).date())
    while datetime.combine(week.monday, time(0), tz) <= until:
        slots = [s for s in posting_slots(week, policy, tz) if after <= s <= until]
        for day, window in openings(slots, policy, tz):
            clocks = board.clock_times(day)

            def possible(moment: datetime, clocks: set[str] = clocks) -> bool:
                return after <= moment <= until and f"{moment:%H:%M}" not in clocks

            def allowed(moment: datetime) -> bool:
                return board.blocks(moment, category) is None

            at, _ = natural_moment(day, window, post_id, policy, tz, possible, allowed)
            if at is not None:
                return at
        week = week.next()
    return None


def _candidates(activities: Sequence[Activity], since: datetime, until: datetime) -> list[Activity]:
    """Activities with since <= start < until; binary search when they are sorted by start."""
    starts = [a.start for a in activities]
    if all(starts[i] <= starts[i + 1] for i in range(len(starts) - 1)):
        lo = bisect.bisect_left(starts, since)
        hi = bisect.bisect_left(starts, until)
        return list(activities[lo:hi])
    return [a for a in activities if since <= a.start < until]


def _skip(activity: Activity, reason: str) -> Skip:
    return Skip(activity.id, reason, activity.title, activity.category)


def _ineligible(
    activity: Activity, posted: dict[str, Post], policy: Policy, tz: ZoneInfo
) -> str | None:
    previous = posted.get(activity.id)
    if previous is not None:
        when = _fmt(previous.at.astimezone(tz))
        if previous.status == "skipped":
            return f"you skipped its post for {when}"
        if previous.status == "failed":
            return f"its post for {when} failed (see 'planner status'; 'planner retry' it)"
        verb = "posted" if previous.status == "published" else previous.status
        return f"already {verb} for {when}"
    if not activity.share:
        return "private"
    if activity.mood is not None and activity.mood < policy.min_mood:
        return f"mood {activity.mood} (only activities you enjoyed, {policy.min_mood}+, are posted)"
    if activity.category == "dating" and not policy.dating_enabled:
        return "dating off (set dating_enabled = true to allow)"
    return None


def _bad_day(activity: Activity, judge: BadDayJudge | None) -> str | None:
    """Without a mood (app exports have none) an activity whose title or notes tell of a bad
    day ("ends with broken arm") is not posted as an enjoyed one."""
    if activity.mood is not None or judge is None:
        return None
    phrase = judge(f"{activity.title}\n{activity.notes}")
    if phrase is None:
        return None
    return f"no mood given and it reads as a bad day ({phrase!r}); set a mood 3+ to post it"


def _rank(activity: Activity, board: Board, week_start: datetime) -> tuple[float, str]:
    age_days = max(0.0, (week_start - activity.start).total_seconds() / 86400)
    score = 2.0 * (activity.mood or 3) - 0.3 * age_days
    if activity.photo:
        score += 2.0
    last = board.last_of_category(activity.category, week_start)
    if last is None or week_start - last > timedelta(days=14):
        score += 1.5
    return (-score, activity.id)


def _moment(
    category: str,
    post_id: str,
    free: Sequence[datetime],
    bounds: tuple[datetime, datetime],
    board: Board,
    policy: Policy,
    tz: ZoneInfo,
    week_slots: Sequence[datetime],
    room: int,
) -> tuple[datetime | None, int, bool]:
    """The post's moment: in the opening furthest from the other posts (planner.post_times)
    that still leaves ``room`` more posts space in the week; failing that, the opening that
    leaves the most; never a squeezed one. Also: how many openings had no minute (every clock
    time taken by another post of the week), and whether every opening was squeezed."""
    grouped = openings(free, policy, tz)
    ideal = timedelta(days=7) / (max(0, policy.posts_per_week) + 1)
    best: tuple[int, datetime] | None = None  # (room left, moment)
    taken = squeezes = 0
    echo = _week_ago(category, free, board, tz)
    for day, window in spread_order(grouped, board.times, post_id, ideal):
        if day == echo:
            squeezes += 1
            continue
        clocks = board.clock_times(day)

        def possible(moment: datetime, clocks: set[str] = clocks) -> bool:
            return bounds[0] <= moment <= bounds[1] and f"{moment:%H:%M}" not in clocks

        def allowed(moment: datetime) -> bool:
            return board.blocks(moment, category) is None

        at, minutes = natural_moment(day, window, post_id, policy, tz, possible, allowed)
        if at is None:
            taken += 1
            continue
        if squeezed(minutes, window):
            squeezes += 1
            continue
        left = room_after([*board.times, at], week_slots, policy, tz, room) if room > 0 else 0
        if left >= room:
            return at, taken, False
        if best is None or left > best[0]:
            best = (left, at)
    if best is None:
        return None, taken, squeezes > 0
    return best[1], taken, False


def _week_ago(category: str, free: Sequence[datetime], board: Board, tz: ZoneInfo) -> date | None:
    """The day a week after the category's last post before these slots: a post that day
    would make the feed a weekly schedule ("gym, every Sunday")."""
    if not free:
        return None
    last = board.last_of_category(category, free[0])
    return last.astimezone(tz).date() + timedelta(days=7) if last else None


def _place(
    activity: Activity,
    slots: Sequence[datetime],
    board: Board,
    inputs: PlanInputs,
    week_start: datetime,
    week_end: datetime,
    others: int,
) -> tuple[Post | None, str]:
    """The activity's post, or None and why not. ``others``: eligible activities ranked
    below it (the posts still to come, for leaving them room)."""
    policy, tz = inputs.policy, inputs.tz
    earliest = earliest_post_time(activity.finished, activity.category, activity.location, policy)
    latest = activity.start + policy.max_age
    if board.week_count(week_start, week_end) >= policy.posts_per_week:
        return None, f"weekly cap reached ({policy.posts_per_week} posts)"
    if latest < week_start or (slots and latest < slots[0]):
        return None, f"older than {policy.max_age_days} days by the first free slot"
    if earliest >= week_end or (slots and earliest > slots[-1]):
        if is_place_bound(activity.category, activity.location) and activity.finished < week_end:
            return (
                None,
                f"still at the location (can be posted from {_fmt(earliest.astimezone(tz))})",
            )
        return None, "not over before the week ends"
    week_full = board.category_full(activity.category, week_start)
    if week_full:
        return None, week_full
    blocked: Counter[str] = Counter()
    free: list[datetime] = []
    for slot in slots:
        if slot < earliest or slot > latest:
            continue
        reason = board.blocks(slot, activity.category)
        if reason:
            blocked[reason] += 1
        else:
            free.append(slot)
    post_id = post_id_for(activity.id)
    floor = max(earliest, inputs.not_before or earliest)
    room = min(others, policy.posts_per_week - board.week_count(week_start, week_end) - 1)
    at, taken, cramped = _moment(
        activity.category, post_id, free, (floor, latest), board, policy, tz, slots, room
    )
    if cramped:
        return None, (
            "this week only the edge of a window, or the same weekday as the last "
            f"{activity.category} post, is left (it would read as a schedule)"
        )
    if taken:
        blocked["another post of the week goes out at the same clock time"] += taken
    if at is not None:
        caption = inputs.captions.caption(
            activity,
            at,
            board.posts,
            max_hashtags=policy.max_hashtags,
            memory=timedelta(weeks=policy.variant_memory_weeks),
            check=inputs.check,
            own_words=inputs.own_words,
            units=inputs.units,
        )
        if caption is None:
            return None, "no caption passed the tone filter"
        post = Post(
            id=post_id,
            activity_id=activity.id,
            at=at,
            category=activity.category,
            caption=caption.text,
            title=activity.title,
            hashtags=caption.hashtags,
            variant=caption.variant,
            caption_note=caption.note,
        )
        return post, ""
    if not blocked:
        return None, "no posting slot left in the week"
    return None, blocked.most_common(1)[0][0]
