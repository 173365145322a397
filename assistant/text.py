"""Tokens for the offline router and the question-bank matcher: lower-case words without stop
words, lightly stemmed, so "designing", "designs" and "design" meet."""

import itertools
import re

WORD = re.compile(r"[a-z0-9][a-z0-9+#\-]*")

STOP_WORDS = frozenset(
    """
    a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers herself him himself his i if in into is it its itself
    just me more most my myself no nor not now of off on once only or other our ours ourselves
    out over own same she should so some such than that the their theirs them themselves then
    there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours yourself yourselves let us one
    """.split()  # noqa: SIM905
)

SUFFIXES = ("ing", "ies", "ied", "es", "ed", "s")


def stem(word: str) -> str:
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            root = word[: -len(suffix)]
            return root + "y" if suffix in {"ies", "ied"} else root
    return word


def tokens(text: str) -> list[str]:
    """Content words of ``text``, stemmed, in order."""
    return [stem(word) for word in WORD.findall(text.lower()) if word not in STOP_WORDS]


def features(text: str) -> list[str]:
    """Tokens plus adjacent-token bigrams ("tell time", "link list"), for the router."""
    words = tokens(text)
    return words + [f"{first} {second}" for first, second in itertools.pairwise(words)]
