"""The tone filter: is a caption calm and aimed at no one? ok, soften or reject, with reasons.

    check(text)             -> Verdict for a caption (ok / soften + softened text / reject)
    caption_verdict(text, settings) -> the same, with never_mention and [tone] from Settings
    caption_check(settings) -> text -> None | one-line problem, for text used verbatim
    bad_day_words(text)     -> the words of a title or note that tell of a bad day, or None

Replies to an ex are judged by ``tone.reply``; sentiment lives in ``tone.sentiment``, what the
rules soften in ``tone.hype``, the calm rewrite in ``tone.soften``.

How a caption is judged, in order:
1. Rules that always reject: a never_mention name; a bundled ex-directed or jealousy phrase
   (templates/tone/); any phrase the user added in planner.toml's [tone]; a VADER sentiment
   below ``NEGATIVE_FLOOR`` (-0.75), or below ``tone.negative_threshold`` when the user set one
   (not for hype: shouting and "!!!" make VADER read joy as rage).
2. The learned model (``tone.model``), when no rule rejected: if the probability of the
   reject labels together passes the model's threshold ("reject", or "strict" with
   ``tone.strictness = "strict"``), the caption is rejected under its most likely reject
   label, with the words that pushed it there (or the bundled needy/negative phrases it
   holds) as spans. The model never sees phrases on the allow lists (templates/tone/allow.txt,
   ``tone.allow``).
3. Softening: hype the rules see (capitals, "!!!", 3+ emoji, a repeated emoji, 3+ hashtags,
   "best … ever", hype and brag phrases) or brag/overboard the model sees. The softened text
   (``tone.soften``) must pass steps 1-3 itself, else the caption is rejected with rule
   "soften.failed" (the planner then uses a template caption).

Hashtags are read as the words they spell ("#couplegoals" as "couple goals", see
``planner.word_language``); a reason found in one spans the hashtag as written.

A text in a language the filter cannot read (``planner.language.unreadable``), or with a
hashtag that spells a phrase of one ("#saudadesdevoce"), is rejected with rule
"language.unsupported": it is never silently "ok" (never_mention names are still named).

Edges: the empty text is ok; text past ``features.MAX_CHARS`` is judged by the rules in full
and by the model on its start. Nothing here raises on any input string.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import cache, lru_cache

from planner.config import Settings, ToneSettings
from planner.models import Reason, Verdict
from planner.text_units import blank_spans, emoji_spans
from planner.tone.features import extract
from planner.tone.hype import is_hyped, soften_reasons
from planner.tone.model import REJECT_LABELS, SOFTEN_LABELS, LinearModel, evidence
from planner.tone.model import load as load_model
from planner.tone.names import name_spans
from planner.tone.reasons import MESSAGES, ordered, phrase_reason
from planner.tone.rules import (
    ALLOW,
    Hit,
    Lexicon,
    bundled_lines,
    lexicon,
    negated,
    parse_lines,
    phrase_regex,
)
from planner.tone.sentiment import floor, may_be_negative, negative_reason
from planner.tone.soften import FLEX_RE, soften

#: The fewest words in which the model alone may call a caption a brag past rewriting.
SURE_WORDS = 6

__all__ = [
    "bad_day_words",
    "caption_check",
    "caption_verdict",
    "check",
]

#: Bundled phrase lists precise enough to reject on their own (on the tuning writers no calm
#: caption holds one); needy and negative phrases only inform the model, since grief and
#: gym talk use them too ("miss you, Grandpa", "legs are dead").
HARD_PHRASES: frozenset[str] = frozenset({"ex_directed", "jealousy"})
#: The model's brag or hype counts only with one of these cues in the text: a calm caption
#: it misreads would otherwise be "softened" into the same words, and then refused.
SOFTEN_CUES: dict[str, tuple[str, ...]] = {
    "brag": ("c:money", "c:status", "c:looks", "c:ease"),
    "overboard": ("c:hype", "s:exclaims", "s:emoji", "s:caps_words"),
}


def check(
    text: str,
    *,
    never_mention: tuple[str, ...] | list[str] = (),
    settings: ToneSettings | None = None,
    model: LinearModel | None = None,
    written_in: str | None = None,
) -> Verdict:
    """Judge one caption: "ok", "soften" (with the softened text) or "reject", with reasons.

    Edges: reasons are ordered by category (rejects first) then position; ``softened`` is set
    only for "soften"; names in ``never_mention`` match however they are spelled (see
    ``tone.names``); ``model`` defaults to the shipped one (tests and the trainer pass theirs);
    ``written_in`` is the text's language when the caller knows it (planner's own templates):
    then it is not detected, and a language the filter cannot read is checked for names only.
    """
    tone = settings or ToneSettings()
    judge = _Judge(lexicon(settings), tone, tuple(never_mention), model or load_model())
    if written_in is not None:
        from planner.language import JUDGED_LANGUAGES

        if written_in not in JUDGED_LANGUAGES:
            names = judge.name_reasons(text)
            return Verdict(text, "reject", ordered(names)) if names else Verdict(text, "ok")
        unjudged = None
    else:
        unjudged = _language_reason(text)
    if unjudged is not None:  # names are found in any language; the rest cannot be judged
        return Verdict(text, "reject", ordered(judge.name_reasons(text) + [unjudged]))
    reasons = _reject_reasons(judge, text)
    if reasons:  # the rules' hype and brag reasons are listed too; the model's are moot
        soft = soften_reasons(text, judge.lex)
        return Verdict(text, "reject", ordered(reasons + soft))
    soft = judge.soften_reasons(text)
    if not soft:
        return Verdict(text, "ok")
    softened = soften(text, settings)
    leftover = _reject_reasons(judge, softened)
    leftover += judge.soften_reasons(softened, limit="fallback")
    if written_in is None and (moved := _language_reason(softened)) is not None:
        leftover.append(moved)  # softening can leave too few English words to be read
    if leftover or not _has_content(softened):
        failed = Reason(
            "soften.failed",
            soft[0].category,
            (0, len(text)),
            "softening cannot make this calm; use a template caption",
        )
        return Verdict(text, "reject", ordered(soft) + (failed,))
    if softened == text:  # only the model objected, mildly, and there is nothing to calm
        return Verdict(text, "ok")
    return Verdict(text, "soften", ordered(soft), softened)


class _Judge:
    """The rules and the model with one caption's settings, applied to a text."""

    def __init__(
        self, lex: Lexicon, tone: ToneSettings, names: tuple[str, ...], model: LinearModel
    ) -> None:
        self.lex, self.tone, self.names, self.model = lex, tone, names, model

    def name_reasons(self, text: str) -> list[Reason]:
        return [
            Reason(
                "never_mention.name",
                "never_mention",
                span,
                f"mentions {text[span[0] : span[1]]!r}, which is on the never-mention list",
            )
            for span in name_spans(text, self.names)
        ]

    def reject_reasons(self, text: str, names: list[Reason] | None = None) -> list[Reason]:
        """Reasons to reject ``text``; ``names`` are its never_mention reasons when the caller
        found them already (in the text as written, when ``text`` is spelled out)."""
        reasons = self.name_reasons(text) if names is None else list(names)
        soft_hits: dict[str, list[Hit]] = {}
        for category in ("ex_directed", "jealousy", "needy", "negative"):
            for hit in self.lex.hits(category, text):
                if category in HARD_PHRASES or hit.phrase.user:
                    reasons.append(phrase_reason(hit))
                else:
                    soft_hits.setdefault(category, []).append(hit)
        threshold = floor(self.tone)
        if (threshold >= 0 or may_be_negative(text)) and not is_hyped(text, self.lex):
            reasons.extend(negative_reason(text, self.lex, threshold))
        if not reasons:  # the rules said it already: no need to ask the model
            reasons.extend(self._model_rejects(text, soft_hits))
        return reasons

    def _probabilities(self, text: str) -> dict[str, float]:
        """The model's view of ``text`` without its allowed phrases."""
        return self.model.probabilities(extract(_without_allowed(self.lex, text)))

    def _model_rejects(self, text: str, phrase_hits: dict[str, list[Hit]]) -> list[Reason]:
        p = self._probabilities(text)
        limit = self.model.thresholds["strict" if self.tone.strictness == "strict" else "reject"]
        total = sum(p[label] for label in REJECT_LABELS)
        if total <= limit:
            return []
        label = max(REJECT_LABELS, key=lambda k: p[k])
        hits = phrase_hits.get(label) or [h for group in phrase_hits.values() for h in group]
        if hits:
            return [phrase_reason(hit, rule="model") for hit in hits]
        words = evidence(text, label, model=self.model)
        spans = [span for _, span in words] or [(0, len(text))]
        shown = ", ".join(repr(w) for w, _ in words)
        because = f" ({shown})" if shown else ""
        return [
            Reason(
                f"{label}.model",
                label,
                spans[0],
                f"{MESSAGES[label]}{because}; the model is {total:.0%} sure it is not calm",
            )
        ]

    def soften_reasons(self, text: str, limit: str = "soften") -> list[Reason]:
        """Rule and model reasons to soften; the model counts above ``limit``: "soften" to
        try a calm rewrite, "fallback" (higher) to refuse what rewriting left as it was."""
        reasons = soften_reasons(text, self.lex)
        ex = extract(text)
        p = self._probabilities(text)
        total = sum(p[label] for label in SOFTEN_LABELS)
        if total > self.model.thresholds[limit]:
            label = max(SOFTEN_LABELS, key=lambda k: p[k])
            if limit == "fallback" and label == "overboard":  # the rules calmed the hype
                return reasons
            cued = (
                any(key in ex.dense for key in SOFTEN_CUES[label])
                or (label == "brag" and FLEX_RE.search(text) is not None)
                or self._sure_without_cue(text, label, total)  # the costliest test last
            )
            if cued and not any(r.category == label for r in reasons):
                words = evidence(text, label, model=self.model)
                for word, span in words or [("", (0, len(text)))]:
                    about = f"{word!r} " if word else ""
                    reasons.append(Reason(f"{label}.model", label, span, about + MESSAGES[label]))
        return reasons

    def _sure_without_cue(self, text: str, label: str, total: float) -> bool:
        """Whether the model is sure enough of ``label`` to need no cue word: past the
        "fallback" limit, in a caption of at least ``SURE_WORDS`` words (that limit was
        measured on captions; "New watch strap" gives the model too little to be sure of),
        with its strongest word not negated by the writer ("Not crushing it yet": the model
        reads words, not the "not" three words back)."""
        if total <= self.model.thresholds["fallback"]:
            return False
        words = [w for w in extract(text).words if w[0].isalnum()]  # not "#", "@", "$"
        if len(words) < SURE_WORDS:
            return False
        strongest = evidence(text, label, most=1, model=self.model)
        return not strongest or not negated(text, strongest[0][1][0])


def _language_reason(text: str) -> Reason | None:
    """Why ``text`` cannot be judged (it, or one of its hashtags, is written in a language the
    filter does not read: ``planner.language.unreadable``), or None."""
    from planner.language import language_name, unreadable

    unread = unreadable(text)
    if unread is None:
        return None
    found = unread.language
    written = f"written in {language_name(found)}" if found else "not written in English"
    if unread.hashtag:
        written = f"hashtag {unread.hashtag!r} is {written}"
    return Reason(
        "language.unsupported",
        "language",
        unread.span,
        f"{written}; the tone filter reads English only, so it cannot say this is calm",
    )


def caption_verdict(text: str, settings: Settings) -> Verdict:
    """The planner's entry point: ``check`` with never_mention and [tone] from ``settings``.

    Use ``verdict.usable_text()``: the caption (ok), the softened caption (soften) or None
    (reject: fall back to a template caption, which must pass this check too).
    """
    return check(text, never_mention=settings.never_mention, settings=settings.tone)


def caption_check(settings: Settings) -> Callable[[str], str | None]:
    """A check for text used verbatim (template captions, hashtags, alt text): None when ok.

    Otherwise it returns one line naming the first reason ("tone: needy: 'miss you' reads as
    needy"). Edge: text that would only need softening fails too, since verbatim text cannot
    be replaced by its softened form; use ``caption_verdict`` for the user's own notes. The
    text is taken to be in the caption language (``settings.language``): planner's own
    templates in a language the filter cannot read are checked for never_mention names only.
    """

    def problem(text: str) -> str | None:
        verdict = check(
            text,
            never_mention=settings.never_mention,
            settings=settings.tone,
            written_in=settings.language,
        )
        if verdict.ok:
            return None
        first = verdict.reasons[0]
        return f"tone: {first.category}: {first.message}"

    return problem


def bad_day_words(text: str, settings: ToneSettings | None = None) -> str | None:
    """The words of ``text`` (an activity's title or notes) that tell of a bad day, or None.

    A bad day: a negative phrase (bundled or the user's: "broken arm", "worst day"), a phrase
    of templates/tone/bad_day.txt ("funeral", "hit by a car") not right after a negation, a
    VADER sentiment below the negative floor, or the model reading the text as negative.
    Edges: this judges the day, not the tone, so needy or ex-directed words do not count
    here; effort hyperbole ("almost died", "nearly died on the last hill") is no bad day.
    """
    tone = settings or ToneSettings()
    lex = lexicon(settings)
    hits = lex.hits("negative", text)
    if hits:
        return hits[0].matched
    for pattern in _bad_day_patterns():
        for m in pattern.finditer(text):
            if not negated(text, m.start()):
                return m.group(0)
    judge = _Judge(lex, tone, (), load_model())
    if may_be_negative(text) and negative_reason(text, lex, floor(tone)):
        return text
    p = judge._probabilities(text)
    if p["negative"] > judge.model.thresholds["reject"]:
        words = evidence(text, "negative", model=judge.model)
        return words[0][0] if words else text
    return None


def _reject_reasons(judge: _Judge, text: str) -> list[Reason]:
    """The judge's reasons to reject ``text``, its hashtags read as the English words they
    spell ("#missingyou" as "missing you"); a reason inside a hashtag spans the hashtag."""
    spelled, moves = _spelled_out(text)
    if not moves:
        return judge.reject_reasons(text)
    names = judge.name_reasons(text)  # as written: "#robinruns", not "#robin runs"
    found = judge.reject_reasons(spelled, names)
    return names + [
        replace(r, span=(_position(r.span[0], moves, 0), _position(r.span[1], moves, 1)))
        for r in found[len(names) :]
    ]


Move = tuple[int, int, int, int]


def _spelled_out(text: str) -> tuple[str, list[Move]]:
    """``text`` with each hashtag of two or more English words written as those words after
    its "#", and where each such hashtag moved: (start, end in text, start, end in the new)."""
    from planner.text_units import hashtags
    from planner.word_language import read_hashtag

    parts, moves, taken, shift = [], [], 0, 0
    for start, end, tag in hashtags(text):
        reading = read_hashtag(tag)
        if reading.language is not None or not reading.words:
            continue
        spelled = "#" + " ".join(reading.words)
        parts += [text[taken:start], spelled]
        moves.append((start, end, start + shift, start + shift + len(spelled)))
        shift += len(spelled) - (end - start)
        taken = end
    return "".join(parts) + text[taken:], moves


def _position(at: int, moves: list[Move], side: int) -> int:
    """Where position ``at`` of the spelled-out text is in the text: a position inside a
    spelled-out hashtag is its start (``side`` 0) or end (1) in the text."""
    shift = 0
    for start, end, new_start, new_end in moves:
        if at < new_start:
            break
        if at <= new_end and (at < new_end or side == 1):
            return (start, end)[side]
        shift = end - new_end
    return at + shift


def _has_content(text: str) -> bool:
    return any(c.isalnum() for c in text) or bool(emoji_spans(text))


@cache
def _bad_day_patterns() -> tuple[re.Pattern[str], ...]:
    """The phrases of templates/tone/bad_day.txt, compiled."""
    lines = parse_lines(bundled_lines("bad_day"))
    return tuple(re.compile(phrase_regex(phrase), re.IGNORECASE) for phrase, _ in lines)


@lru_cache(maxsize=1024)
def _without_allowed(lex: Lexicon, text: str) -> str:
    """``text`` with the phrases of the allow lists blanked out."""
    return blank_spans(text, [hit.span for hit in lex.hits(ALLOW, text)])
