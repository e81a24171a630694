"""Post times a person would pick: spread over the week, a minute of their own, never twins."""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.models import CATEGORIES, Activity, Post, Week, post_id_for
from planner.plan import PlanInputs, plan_week
from planner.policy import Policy, Window
from planner.post_times import natural_moment, openings, room_after, spread_order
from planner.workflow import caption_book
from tests.plan_rules import violations
from tests.test_plan import activities_strategy, history_strategy, policy_strategy

TZ = ZoneInfo("Europe/Berlin")
WEEK = Week(2026, 49)
MONDAY = datetime(2026, 11, 30, tzinfo=TZ)
EVENING = Window(time(18, 0), time(20, 30))


def plan(acts: list[Activity], history: list[Post] | None = None, policy: Policy | None = None):
    inputs = PlanInputs(
        activities=sorted(acts, key=lambda a: (a.start, a.id)),
        history=history or [],
        policy=policy or Policy(),
        tz=TZ,
        captions=caption_book(),
    )
    return plan_week(WEEK, inputs)


def week_of_activities(seed: int) -> list[Activity]:
    """Nine fresh activities of nine categories, done in the week before: plenty to choose."""
    return [
        Activity(
            id=f"{seed:04d}{i:04d}",
            start=MONDAY - timedelta(days=6 - i % 5, hours=seed % 7),
            kind=category,
            category=category,
            title=f"Pottery class number {i}" if category == "hobby" else "Long walk by the river",
            mood=4,
        )
        for i, category in enumerate(CATEGORIES[:10])
        if category != "trip"
    ]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(activities_strategy(), history_strategy(), policy_strategy())
def test_no_two_posts_of_a_week_share_a_clock_time_and_all_keep_the_rules(acts, history, policy):
    result = plan(acts, history, policy)
    assert violations(result, acts, history, policy, TZ, WEEK) == []
    counted = [p for p in history if p.status in ("planned", "publishing", "published")]
    week = [
        p for p in [*counted, *result.posts] if Week.containing(p.at.astimezone(TZ).date()) == WEEK
    ]
    clocks = Counter(f"{p.at.astimezone(TZ):%H:%M}" for p in week)
    for post in result.posts:  # history may share one already: planned under other rules
        assert clocks[f"{post.at.astimezone(TZ):%H:%M}"] == 1, clocks


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000))
def test_a_full_week_gets_every_post_it_may_have_spread_over_the_week(seed: int):
    result = plan(week_of_activities(seed))
    times = [p.at for p in result.posts]
    assert len(times) == 3  # spreading never costs a post here
    assert times[-1] - times[0] >= timedelta(days=3)
    assert violations(result, week_of_activities(seed), [], Policy(), TZ, WEEK) == []


def test_weeks_do_not_all_start_on_monday_or_at_the_window_opening():
    firsts = Counter(
        plan(week_of_activities(seed)).posts[0].at.strftime("%a") for seed in range(40)
    )
    assert len(firsts) >= 3, firsts
    starts = [p.at.time() for seed in range(40) for p in plan(week_of_activities(seed)).posts]
    on_the_hour = sum(t.minute in (0, 30) for t in starts)
    assert on_the_hour <= len(starts) // 5, starts


def test_the_same_inputs_give_the_same_times():
    acts = week_of_activities(7)
    assert [p.at for p in plan(acts).posts] == [p.at for p in plan(list(reversed(acts))).posts]


def test_minutes_come_from_the_post_id_and_cover_the_window():
    day = MONDAY.date()
    picked = [
        natural_moment(day, EVENING, post_id_for(str(n)), Policy(), TZ, lambda m: True,
                       lambda m: True)[0]
        for n in range(300)
    ]  # fmt: skip
    assert all(m is not None and time(18) <= m.time() <= time(20, 30) for m in picked)
    assert len({m for m in picked}) >= 100
    again = natural_moment(day, EVENING, post_id_for("0"), Policy(), TZ, lambda m: True,
                           lambda m: True)[0]  # fmt: skip
    assert again == picked[0]


def test_a_taken_clock_time_or_a_blocked_minute_is_not_used():
    day = MONDAY.date()
    single = Window(time(12, 0), time(12, 0))
    never = natural_moment(day, single, "p", Policy(), TZ, lambda m: m.minute != 0, lambda m: True)
    assert never == (None, 0)
    late, free = natural_moment(
        day, EVENING, "p", Policy(), TZ, lambda m: m.time() >= time(20), lambda m: m.minute % 2 == 1
    )
    assert late is not None and late.time() >= time(20) and late.minute % 2 == 1
    assert free == 15  # 20:01, 20:03 ... 20:29: picked among these, not the first of them


def test_a_weekly_workout_feed_is_not_pinned_to_one_clock_time():
    """A log of workouts only: 'not twice in a row within 7 days' left just the end of
    Sunday's window each week, and every post drifted to Sunday 13:00."""
    acts = [
        Activity(id=f"{day:08x}{day:08x}", start=MONDAY - timedelta(days=28 - day, hours=-7),
                 kind="strength training", category="fitness", title="Upper body", source="hevy")
        for day in range(0, 60, 2)
    ]  # fmt: skip
    history: list[Post] = []
    week = Week.containing((MONDAY - timedelta(days=21)).date())
    for _ in range(8):
        inputs = PlanInputs(activities=acts, history=history, policy=Policy(), tz=TZ,
                            captions=caption_book())  # fmt: skip
        history += [
            dataclasses.replace(p, status="published") for p in plan_week(week, inputs).posts
        ]
        week = week.next()
    clocks = Counter(f"{p.at:%a %H:%M}" for p in history)
    assert len(history) >= 5 and clocks.most_common(1)[0][1] == 1, clocks
    gaps = [b.at - a.at for a, b in zip(history, history[1:], strict=False)]
    assert all(gap >= timedelta(days=7) for gap in gaps)


def test_the_opening_furthest_from_other_posts_comes_first():
    slots = [datetime.combine(MONDAY.date() + timedelta(days=d), time(18), TZ) for d in range(5)]
    grouped = openings(slots, Policy(), TZ)
    order = spread_order(grouped, [slots[0]], "p", timedelta(days=7) / 3)
    assert order[0][0] >= slots[2].date()  # at least 56 h from Monday's post
    assert order[-1][0] == slots[0].date()


def test_room_after_counts_what_still_fits_by_the_timing_rules():
    slots = [datetime.combine(MONDAY.date() + timedelta(days=d), time(18), TZ) for d in range(7)]
    assert room_after([slots[3]], slots, Policy(), TZ, 5) == 2  # Thursday: Mon and Sat or Sun
    assert room_after([slots[1]], slots, Policy(), TZ, 5) == 2  # Tuesday: Thu, Sat
    assert room_after([], slots, Policy(), TZ, 5) == 4
    assert room_after([], slots, Policy(), TZ, 2) == 2


def test_a_single_minute_window_holds_one_post_a_week():
    noon = (Window(time(12, 0), time(12, 0)),)
    policy = Policy(weekday_windows=noon, weekend_windows=noon, min_gap_hours=0,
                    allow_consecutive_days=True, per_category_per_week=3)  # fmt: skip
    acts = [a for a in week_of_activities(3)][:4]
    result = plan(acts, policy=policy)
    assert len(result.posts) == 1
    assert "same clock time" in " ".join(s.reason for s in result.skipped)
    assert date(2026, 11, 30) <= result.posts[0].at.date()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    history_strategy(),
    policy_strategy(),
    st.integers(-72, 240),
    st.sampled_from(["fitness", "hobby", "learning", "wellbeing", "other"]),
    st.text(min_size=1, max_size=8),
)
def test_a_missed_post_moved_keeps_every_rule_and_a_clock_time_of_its_own(
    history: list[Post], policy: Policy, hours: int, category: str, post_id: str
):
    """The missed-slot path (planner.plan.next_free_slot) keeps the rules planning keeps:
    windows, quiet hours, caps, gap, days, variety, ramp-up, and no twin clock time."""
    from planner.models import Plan
    from planner.plan import next_free_slot

    after = MONDAY + timedelta(hours=hours, minutes=17)
    slot = next_free_slot(after, category, history, policy, TZ, post_id=post_id)
    if slot is None:
        return
    assert after <= slot <= after + timedelta(days=14)
    act = Activity(id="moved", start=slot - timedelta(minutes=1), kind=category,
                   category=category, title="Moved")  # fmt: skip
    post = Post(id="moved", activity_id="moved", at=slot, category=category, caption="c")
    week = Week.containing(slot.astimezone(TZ).date())
    plan = Plan(week=week, timezone=str(TZ), posts=(post,))
    assert violations(plan, [act], history, policy, TZ, week) == []
    assert slot == next_free_slot(after, category, history, policy, TZ, post_id=post_id)
