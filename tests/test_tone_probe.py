"""Regression tests from a probe written after the gold set (so these are seen, not evaluation).

The bad ones were missed before their patterns were added to templates/tone/; the calm ones
must never be rejected (softening hype such as "Killed it" is fine).
"""

from __future__ import annotations

import pytest

from planner.tone import check, check_reply

BAD = [
    "Some people never knew what they had.",
    "Guess who's doing better now.",
    "Wish you were here to see this.",
    "I hope it was worth it.",
    "Can't stop thinking about you.",
    "Text me back, please.",
    "Doing amazing without certain people.",
    "Funny how things work out when you let go of dead weight.",
    "Finally happy now that I'm free.",
    "Bet you wish you hadn't left.",
    "Nobody ever calls anymore.",
    "I guess I'm just not good enough for anyone.",
    "So blessed with my amazing new boyfriend 😍",
    "Life is so much better with someone who appreciates me.",
    "Everything is falling apart and I hate it.",
]

CALM = [
    "Nice quiet run along the river this morning.",
    "Finally finished the bookshelf I started in spring.",
    "Dinner with old friends, lots of laughing.",
    "First pottery class, my bowl is wonky but I love it.",
    "Back from Lisbon, already planning the next trip.",
    "Tough workout, legs are dead.",
    "Killed it at the climbing gym today.",
    "New job starts Monday, a bit nervous.",
    "Rainy day, good book, big pot of tea.",
    "Missing the mountains already.",
    "My knee is doing better now.",
    "Finally free of the cast!",
    "I am free now that exams are over.",
    "Tough workout, legs are dead.",
    "New job starts Monday, a bit nervous.",
    "Missing the mountains already.",
    "Guess who finally ran 10 km now? Me.",
]


@pytest.mark.parametrize("text", BAD)
def test_probe_bad_captions_are_rejected(text: str) -> None:
    assert check(text).verdict == "reject"


@pytest.mark.parametrize("text", CALM)
def test_probe_calm_captions_are_not_rejected(text: str) -> None:
    assert check(text).verdict != "reject"


# A second probe (written after the first; fixed with general patterns, not per sentence).
BAD_SECOND = [
    "Guess nobody noticed I ran my first 10K.",
    "Would be nice if someone asked how my day went.",
    "Some days I wonder if anyone would notice if I disappeared.",
    "Hope someone out there is proud of me.",
    "Nobody texts me unless they need something.",
    "Some people never change.",
    "Funny how the people who left are the ones watching.",
    "Amazing what happens when you stop wasting time on the wrong person.",
    "Sunday runs hit different when nobody is holding you back.",
    "Wish you could see me now.",
    "Date night with someone who gets me 😌",
    "Finally with someone who makes time.",
    "Guess who's got a new plus one?",
    "Nice to be appreciated for once.",
    "People are exhausting. Staying in.",
    "Work was a nightmare again, can't wait to quit.",
    "Honestly, what a joke this city is.",
]

OK_SECOND = [
    "First HYROX race done, legs are toast.",
    "Flat-pack marathon at IKEA, the shelf is up.",
    "Visited the LEGO house in Billund with my nephew.",
    "Got my PADI open water cert today 🤿",
    "Watched the UEFA final at a pub in Porto.",
    "Did a HIIT class at the YMCA before work.",
    "Killer views on today's hike.",
    "Fire playlist for the run 🔥",
    "Kayaking with the club, nobody fell in this time.",
    "I'm not lonely, just enjoying my own company on this hike.",
    "Sunny for once in Manchester.",
    "Moved on to the heavier kettlebell this week.",
]

SOFTENED_SECOND = [
    ("The best pizza I have ever had.", "A good pizza."),
    ("Best. Day. Ever.", "A good day."),
    ("the best views i’ve ever seen", "Good views"),
    ("Literally the happiest I've been in years!!!", "Really happy."),
    ("An epic ride along the coast.", "A great ride along the coast."),
    ("An OMG moment at the summit", "A moment at the summit"),
    ("#blessed #grateful #gymlife #fitfam", "#grateful #gymlife"),
    ("Another marathon, another PB, no big deal 😎", "Another marathon, another PB 😎"),
    ("Not to brag but I finished first in my age group.", "I finished first in my age group."),
    ("Honestly nailed that presentation.", "Honestly did well on that presentation."),
    ("Absolutely nailed it.", "Did well."),
    ("Killed it at the 10K, new PR!", "Did well at the 10K, new PR!"),
    ("So blessed with this crew.", "Grateful for this crew."),
    ("Deadlift PR, not bad at all!!", "Deadlift PR, not bad at all!"),
    ("Unreal sunset tonight 🌅🔥🔥", "Great sunset tonight 🌅"),
    ("Just casually ran a sub-3 marathon.", "Just ran a sub-3 marathon."),
]


@pytest.mark.parametrize("text", BAD_SECOND)
def test_second_probe_bad_captions_are_rejected(text: str) -> None:
    assert check(text).verdict == "reject"


@pytest.mark.parametrize("text", OK_SECOND)
def test_second_probe_calm_captions_are_ok(text: str) -> None:
    verdict = check(text)
    assert verdict.verdict == "ok", verdict.reasons


@pytest.mark.parametrize(("text", "softened"), SOFTENED_SECOND)
def test_second_probe_softened_text_reads_naturally(text: str, softened: str) -> None:
    verdict = check(text)
    assert verdict.verdict == "soften", verdict.reasons
    assert verdict.softened == softened
    assert check(softened).verdict == "ok"


# Calm captions that an over-broad version of the second probe's patterns rejected.
NEAR_MISSES = [
    "Snuck the last slice and nobody even noticed 😅",
    "The ones watching the race cheered the whole way.",
    "My coach is someone who gets me to push harder.",
    "Someone who makes me laugh every day: my dog.",
    "Guess no one told the weather it is summer.",
    "This hill is a joke compared to the Alps.",
    "Work was a nightmare, but the weekend fixed it.",
]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_second_probe_near_misses_stay_ok(text: str) -> None:
    assert check(text).verdict == "ok"


@pytest.mark.parametrize(
    "text",
    [
        "Doing great, just got promoted actually.",
        "We should grab coffee and talk about us.",
        "Haha yeah, I am seeing someone now.",
        "Why did you even text me?",
    ],
)
def test_second_probe_replies_that_brag_or_press_are_rejected(text: str) -> None:
    assert check_reply(text).verdict == "reject"


@pytest.mark.parametrize(
    "text", ["Thanks, hope you are well.", "Congrats on the new job!", "No worries. All good."]
)
def test_second_probe_polite_replies_stay_ok(text: str) -> None:
    assert check_reply(text).verdict == "ok"


# A third probe (user review): classic posts aimed at an ex that passed as ok, fixed with
# patterns for their families in templates/tone/ex_directed.txt.
BAD_THIRD = [
    "Having the time of my life without you",
    "Hope she sees this 😉",
    "hope he sees this",
    "hope they see this",
    "hope you see this",
    "Glad some of us know how to be loyal.",
    "Finally free. Best decision I ever made.",
    # The same families, worded differently.
    "Thriving without him.",
    "Living my best life without you 💅",
    "Hope you saw this",
    "hope he's seeing this",
    "Hope she sees this post 😉",
    "Some of us actually know how to stay faithful.",
    "Loyalty is so rare these days.",
    "Free of you at last.",
    "Finally free. No regrets.",
    "Leaving him was the best decision I ever made.",
    "Walking away was the best thing I ever did.",
]

# Calm captions next to those families: thanks, things (not people) done without, "free" as
# in price or a healed injury, a named "best decision", and wishes for someone offline.
# "Best decision I ever made was signing up for this class" stays ok: it names the decision,
# a calm and concrete one; only an unnamed "best decision" next to a breakup is aimed at an ex.
# "Finally free of my cast" stays ok too: the sentiment is positive, not negative.
CALM_THIRD = [
    "Couldn't have done it without you",
    "Couldn't have done it without you, coach!",
    "Best decision I ever made was signing up for this class",
    "Adopting Max was the best decision I ever made.",
    "Leaving Berlin was the best decision I ever made.",
    "Free entry to the museum today",
    "Finally free of my cast, back on the bike",
    "The dog broke free from her leash again.",
    "Exams done, finally free!",
    "Having the time of my life without my phone",
    "Kids having the time of their lives at camp",
    "Thriving without caffeine.",
    "Hope she sees this sunset from Paris too.",
    "Hope you see this sunset someday",
    "Hope he sees this, happy birthday Grandpa!",
    "Happy birthday Grandpa, hope he sees this!",
    "Some of us know how to bake, some of us don't 😅",
    "My dog is the most loyal running buddy.",
    "Letting go of perfectionism was the best thing I did this year.",
]


@pytest.mark.parametrize("text", BAD_THIRD)
def test_third_probe_ex_directed_captions_are_rejected(text: str) -> None:
    verdict = check(text)
    assert verdict.verdict == "reject"
    assert verdict.reasons[0].category == "ex_directed", verdict.reasons


@pytest.mark.parametrize("text", CALM_THIRD)
def test_third_probe_calm_captions_are_ok(text: str) -> None:
    verdict = check(text)
    assert verdict.verdict == "ok", verdict.reasons
