"""Softening: the calm version of an overboard or bragging caption, meaning kept.

One pass replaces hype and brag phrases by their listed replacements, drops the clauses that
only flex (see ``drop_flex``), lower-cases shouted words (known acronyms stay), turns
"BEST X EVER" into "A good X", cuts "!!!!" to "." ("?" when the run held a question mark),
keeps the first emoji only and the first two hashtags (later hashtags in a closing block are
dropped, inline ones lose their "#" so the word stays).
``soften`` repeats the pass until nothing changes, so it is idempotent by construction.

Edges: a text with nothing to soften comes back unchanged, spacing included; phrases that
reject (ex-directed, needy …) are left alone: softening never hides them.
"""

from __future__ import annotations

import re

from planner.config import ToneSettings
from planner.tone.hype import BEST_EVER_RE, exclaim_spans, shouted_spans
from planner.tone.rules import EMOJI_RE, Hit, Lexicon, emoji_spans, hashtag_spans, lexicon

MAX_PASSES = 8
SOFTENED_CATEGORIES: tuple[str, ...] = ("overboard", "brag")
_SPACES = re.compile(r"[^\S\n]+")
_SPACE_BEFORE_PUNCT = re.compile(r" +(?=[.,;:!?](?:\s|$))")
_DANGLING_COMMA = re.compile(rf",+(?=\s*(?:(?:{EMOJI_RE.pattern})\s*)*(?:[.!?]|$))")
_ARTICLE_BEFORE = re.compile(r"(?<!\w)(an?)\s+$", re.IGNORECASE)
_LEADING_JUNK = re.compile(r"^[\s,;:]+")


def soften(text: str, settings: ToneSettings | None = None) -> str:
    """The softened text: deterministic, idempotent, unchanged when nothing needs softening.

    Edge: the result can still be rejected when the text also holds a reject phrase; the tone
    check reports that, softening does not hide it.
    """
    lex = lexicon(settings)
    current = text
    for _ in range(MAX_PASSES):
        following = _soften_once(current, lex)
        if following == current:
            break
        current = following
    return current


def _soften_once(text: str, lex: Lexicon) -> str:
    result = drop_flex(_replace_phrases(text, lex))
    result = BEST_EVER_RE.sub(lambda m: _best_ever(m, lex.acronyms), result)
    result = _lower_shouting(result, lex.acronyms)
    result = _calm_exclamations(result)
    result = _keep_first_emoji(result)
    result = _keep_two_hashtags(result)
    if result != text:
        result = _tidy(result)
    return result


#: Words that make a clause a flex: ease ("and it was easy"), price and money, humblebrags,
#: and "as usual" superiority. A clause holding one is dropped when the rest still says what
#: happened ("5k in 17:40 and it was easy" -> "5k in 17:40").
FLEX_RE = re.compile(
    r"(?<!\w)(?:easy|easily|effortless(?:ly)?|(?:wasn'?t|was not|not) even hard|"
    r"barely (?:broke a sweat|trained|tried)|"
    r"didn'?t even (?:try|train|taper|warm up|look|check|need|break a sweat)|without (?:even )?"
    r"(?:trying|training|a taper)|no big deal|not to brag|casual(?:ly)?|just saying|"
    r"who(?:'?s| is) counting|worth every penny|didn'?t (?:even )?look at the prices?|"
    r"(?:five|six|seven)[- ]figures?|[$£€]\s?\d[\d,.]*\s?k?|cash|"
    r"#?blessed|some of us|built different|as usual|because i can|why not|"
    r"not (?:a )?bad (?:year|life|for a)|hard life|problems of the good kind|know your worth)"
    r"(?!\w)",
    re.IGNORECASE,
)
_CLAUSE_SPLIT = re.compile(
    r"((?<=[.!?…])\s+|\n+|,\s+|;\s+|\s+[-–—]\s+|\s+(?:and|but|bc)\s+)", re.IGNORECASE
)


def drop_flex(text: str) -> str:
    """``text`` without its clauses that only flex, if what stays still holds words.

    Edges: a text that is one clause, or whose every clause flexes, comes back unchanged (the
    tone check then falls back to a template caption); a dropped clause takes the separator or
    joining word ("and", "but") before it with it (the one after it, for the first clause).
    """
    parts = _CLAUSE_SPLIT.split(text)
    clauses, separators = parts[0::2], parts[1::2]
    flexing = [bool(FLEX_RE.search(c)) for c in clauses]
    if not any(flexing) or all(flexing):
        return text
    if not any(
        any(ch.isalpha() for ch in c) for c, f in zip(clauses, flexing, strict=True) if not f
    ):
        return text
    out = ""
    for i, clause in enumerate(clauses):
        if flexing[i]:
            continue
        if out:
            out += separators[i - 1] if not flexing[i - 1] else _join(separators[i - 1])
        out += clause
    out = out.strip(" ,;-–—")
    if out[-1:].isalnum():
        out += "."
    return out[:1].upper() + out[1:] if text[:1].isupper() else out


def _join(separator: str) -> str:
    """The separator to keep where a dropped clause stood: a sentence break stays one."""
    return ". " if re.search(r"[.!?…\n]", separator) or not separator.strip(" ,") else separator


def _replace_phrases(text: str, lex: Lexicon) -> str:
    hits: list[Hit] = []
    for category in SOFTENED_CATEGORIES:
        for hit in lex.hits(category, text):
            if not any(hit.span[0] < h.span[1] and h.span[0] < hit.span[1] for h in hits):
                hits.append(hit)
    for hit in sorted(hits, key=lambda h: h.span, reverse=True):
        start, end = hit.span
        if start and text[start - 1] == "#" and not text[end : end + 1].isalnum():
            text = text[: start - 1] + text[end:]
            continue
        replacement = _match_case(hit.phrase.replacement or "", hit.matched)
        rest = text[end:]
        if not replacement and hit.matched[:1].isupper() and _sentence_start(text, start):
            stripped = _LEADING_JUNK.sub("", rest)
            rest = stripped[:1].upper() + stripped[1:]
        head = _fix_article(text[:start], replacement or rest.lstrip())
        text = head + replacement + rest
    return text


def _fix_article(head: str, following: str) -> str:
    """``head`` with a closing "a"/"an" matched to the word that now follows it ("an great")."""
    m = _ARTICLE_BEFORE.search(head)
    if m is None or not following[:1].isalpha():
        return head
    article = "an" if following[0].lower() in "aeiou" else "a"
    if m.group(1)[0].isupper():
        article = article.capitalize()
    return head[: m.start(1)] + article + head[m.end(1) :]


def _match_case(replacement: str, matched: str) -> str:
    if replacement and matched[:1].isupper():
        return replacement[0].upper() + replacement[1:]
    return replacement


def _best_ever(match: re.Match[str], acronyms: frozenset[str]) -> str:
    """'best X ever' becomes 'a good X'; a shouted 'BEST DAY EVER' loses its capitals too."""
    thing = match.group(1) or match.group(2)
    if match.group(0).isupper() or match.group(2):
        thing = " ".join(w if w.upper() in acronyms else w.lower() for w in thing.split(" "))
    good = "good " if _plural(thing) else "a good "
    if _sentence_start(match.string, match.start()):
        good = good[0].upper() + good[1:]
    return good + thing


def _plural(thing: str) -> bool:
    """A rough plural test ("views", "tacos"), so 'best views ever' reads 'good views'."""
    last = thing.split()[-1]
    return last[-1:] in "sS" and last[-2:].lower() not in ("ss", "us", "is") and len(last) > 3


def _lower_shouting(text: str, acronyms: frozenset[str]) -> str:
    for start, end in reversed(shouted_spans(text, acronyms)):
        word = text[start:end]
        lowered = word[0] + word[1:].lower() if _sentence_start(text, start) else word.lower()
        text = text[:start] + lowered + text[end:]
    return text


def _sentence_start(text: str, index: int) -> bool:
    before = text[:index].rstrip()
    return not any(c.isalnum() for c in before) or before[-1] in ".!?…\n"


def _calm_exclamations(text: str) -> str:
    for start, end in reversed(exclaim_spans(text)):
        run = text[start:end]
        mark = "?" if ("?" in run or "？" in run or "⁉" in run) else "."
        head = text[:start].rstrip(" \t")
        text = head + mark + text[end:]
    return text


def _keep_first_emoji(text: str) -> str:
    for start, end in reversed(emoji_spans(text)[1:]):
        text = text[:start] + text[end:]
    return text


def _keep_two_hashtags(text: str) -> str:
    spans = hashtag_spans(text)
    for start, end in reversed(spans[2:]):
        closing = _only_hashtags(text[end:])
        text = text[:start] + text[start + 1 : end] * (not closing) + text[end:]
    return text


def _only_hashtags(rest: str) -> bool:
    return all(token.startswith("#") for token in rest.split())


def _tidy(text: str) -> str:
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines).strip()
    text = _SPACE_BEFORE_PUNCT.sub("", text)
    text = _DANGLING_COMMA.sub("", text)
    return _LEADING_JUNK.sub("", text)
