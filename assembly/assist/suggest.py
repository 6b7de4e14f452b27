"""Candidate themes for a consultation's submissions, computed locally without any language model.

Method (docs/explanation/theme-suggestions.md): each text becomes a TF-IDF vector of its words (a Unicode
word pattern, so any alphabetic language works; a small stop-word list per interface language, no
download), reduced to at most :data:`MAX_COMPONENTS` dimensions (latent semantic analysis), normalised,
and grouped by k-means. Unless the caller gives the number of themes, it is the one between 2 and
:data:`MAX_THEMES` whose grouping has the best silhouette. Each group is labelled by the words that
set it apart: highest mean weight inside the group minus mean weight overall.

Deterministic: fixed random states, ties broken by word and by statement id, groups ordered by size then
by their first statement. scikit-learn is imported only when suggestions are asked for; without it,
:func:`suggest_themes` raises :class:`AssistUnavailableError` saying which extra to install.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from assembly.errors import AssemblyError

__all__ = [
    "MAX_THEMES",
    "AssistUnavailableError",
    "Suggestion",
    "assist_available",
    "stop_words",
    "suggest_themes",
]

MAX_THEMES = 12  # the most candidate themes proposed when the caller does not say how many
# Dimensions kept by the latent semantic analysis. Short statements share few words: 30 grouped real
# comments better than 100 (docs/benchmarks.md, issue 16, where the choice among 10, 20, 30 and 100 is
# shown on the same data, so the agreement figures there are a little optimistic).
MAX_COMPONENTS = 30
KEYWORDS = 3  # words per label
SILHOUETTE_SAMPLE = 2000  # texts the silhouette is measured on (a fixed sample beyond that)
RANDOM_STATE = 0
# Words of two letters or more, in any alphabet (digits and underscores excluded).
WORD = r"(?u)\b[^\W\d_]{2,}\b"

# Small lists of function words for the interface languages (en, fr, de, nl), all applied to every text:
# a consultation may mix languages, and a word that is a function word in one language is rarely a theme
# in another. Kept short on purpose; no download.
_STOP_WORDS = {
    "en": """a about after all also an and any are as at be been but by can could do does for from had has
        have how if in into is it its may more most must no not of on or our should so some such than that
        the their them there these they this those to too us very was we were what when where which who
        will with would you your i my me he she his her""",
    "fr": """au aux avec ce ces cette dans de des du elle en est et être il ils je la le les leur leurs
        lui mais me même mes ne nos notre nous on ou par pas peut plus pour qu que qui sa se ses son sont
        sur ta te tes ton tu un une vos votre vous été était sans aussi comme doit doivent faut très""",
    "de": """aber als am an auch auf aus bei bin bis da das dass dem den der des die dies diese dieser doch
        du durch ein eine einem einen einer eines er es für hat haben ich ihr im in ist ja kann kein mit
        muss nach nicht noch nur oder sich sie sind so soll sollte sollten um und uns von vor war was wie
        wir wird zu zum zur über werden""",
    "nl": """aan al als bij dan dat de der deze die dit door een en er geen het hij hoe ik in is je kan
        kunnen maar met moet moeten na naar niet nog of om onze ook op over te tot uit van voor was wat
        we wel wij worden wordt zal ze zich zij zijn zo zou zouden""",
}


class AssistUnavailableError(AssemblyError):
    """The optional ``assist`` extra (scikit-learn) is not installed."""

    def __init__(self) -> None:
        super().__init__(
            "Theme suggestions need scikit-learn, which this installation does not have: install the "
            "'assist' extra (pip install 'assembly[assist]')."
        )


@dataclass(frozen=True)
class Suggestion:
    """One candidate theme: the words that set it apart and the statements it groups (ids, ascending)."""

    keywords: tuple[str, ...]
    statement_ids: tuple[int, ...]

    @property
    def label(self) -> str:
        """The keywords as a provisional name, e.g. "climate, energy, footprint"."""
        return ", ".join(self.keywords)


def assist_available() -> bool:
    """True when scikit-learn (the ``assist`` extra) can be imported."""
    try:
        import sklearn  # noqa: F401
    except ImportError:
        return False
    return True


def stop_words() -> frozenset[str]:
    """Every interface language's stop words, together."""
    return frozenset(w for words in _STOP_WORDS.values() for w in words.split())


def suggest_themes(
    texts: Iterable[tuple[int, str]], *, n_themes: int | None = None, keywords: int = KEYWORDS
) -> list[Suggestion]:
    """Group ``(statement id, text)`` pairs into candidate themes.

    ``n_themes`` fixes the number of groups (capped by the number of distinct texts); by default it is
    chosen by silhouette between 2 and :data:`MAX_THEMES`. No text gives no suggestion; texts with no
    usable word (stop words only, numbers) are left out of every group. Fewer than three usable texts
    form one group.

    Raises
    ------
    AssistUnavailableError
        scikit-learn is not installed.
    ValueError
        ``n_themes`` below 1 or ``keywords`` below 1.
    """
    if n_themes is not None and n_themes < 1:
        raise ValueError(f"n_themes: at least 1 theme, not {n_themes}")
    if keywords < 1:
        raise ValueError(f"keywords: at least 1 keyword per theme, not {keywords}")
    pairs = sorted((int(i), str(t)) for i, t in texts)
    if not pairs:
        return []
    if not assist_available():
        raise AssistUnavailableError()
    from threadpoolctl import threadpool_limits

    # One thread: the web server's other work keeps the cores busy, and k-means' and the SVD's sums
    # then always run in the same order (the same input gives the same floating-point result).
    with threadpool_limits(limits=1):
        matrix, vocabulary, ids = _tfidf(pairs)
        if matrix is None:
            return []
        labels = _cluster(matrix, n_themes)
        return _suggestions(matrix, vocabulary, ids, labels, keywords)


def _tfidf(pairs: Sequence[tuple[int, str]]) -> tuple[Any, list[str], list[int]]:
    """The TF-IDF matrix of the texts that have a usable word, its vocabulary and their ids."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    stop = stop_words()
    pattern = re.compile(WORD)
    usable = [(i, t) for i, t in pairs if any(w.casefold() not in stop for w in pattern.findall(t))]
    if not usable:
        return None, [], []
    vectorizer = TfidfVectorizer(
        token_pattern=WORD,
        lowercase=True,
        stop_words=sorted(stop),
        sublinear_tf=True,
        min_df=2 if len(usable) >= 50 else 1,
        max_df=0.5 if len(usable) >= 20 else 1.0,
    )
    try:
        matrix = vectorizer.fit_transform([t for _i, t in usable])
    except ValueError:  # every word too rare or too common for the limits above
        vectorizer.set_params(min_df=1, max_df=1.0)
        matrix = vectorizer.fit_transform([t for _i, t in usable])
    return matrix, list(vectorizer.get_feature_names_out()), [i for i, _t in usable]


def _reduced(matrix: Any) -> Any:
    """Latent semantic analysis: at most MAX_COMPONENTS dimensions, rows normalised to length 1."""
    import numpy as np
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize

    n_components = min(MAX_COMPONENTS, matrix.shape[1] - 1, matrix.shape[0] - 1)
    if n_components < 2:
        return normalize(matrix.toarray())
    svd = TruncatedSVD(n_components=n_components, random_state=RANDOM_STATE, algorithm="arpack")
    reduced = svd.fit_transform(matrix)
    return normalize(np.nan_to_num(reduced))


def _cluster(matrix: Any, n_themes: int | None) -> Any:
    """A group number per row: k-means on the reduced rows, k given or chosen by silhouette."""
    import numpy as np
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    n = matrix.shape[0]
    points = _reduced(matrix)
    distinct = len(np.unique(np.round(points, 9), axis=0))
    if n < 3 or distinct < 2:
        return np.zeros(n, dtype=int)
    if n_themes is not None:
        k = min(n_themes, distinct)
        if k == 1:
            return np.zeros(n, dtype=int)
        return KMeans(n_clusters=k, n_init=10, random_state=RANDOM_STATE).fit_predict(points)
    best: tuple[float, Any] | None = None
    for k in range(2, min(MAX_THEMES, distinct - 1, max(2, n // 4)) + 1):
        labels = KMeans(n_clusters=k, n_init=4, random_state=RANDOM_STATE).fit_predict(points)
        if len(set(labels.tolist())) < 2:
            continue
        score = silhouette_score(
            points, labels, sample_size=min(n, SILHOUETTE_SAMPLE), random_state=RANDOM_STATE
        )
        if best is None or score > best[0] + 1e-12:
            best = (float(score), labels)
    return best[1] if best is not None else np.zeros(n, dtype=int)


def _suggestions(
    matrix: Any, vocabulary: list[str], ids: list[int], labels: Any, keywords: int
) -> list[Suggestion]:
    """One suggestion per group: its distinctive words, its ids; largest first, then first id."""
    import numpy as np

    overall = np.asarray(matrix.mean(axis=0)).ravel()
    out = []
    for group in sorted(set(labels.tolist())):
        rows = np.flatnonzero(labels == group)
        inside = np.asarray(matrix[rows].mean(axis=0)).ravel()
        present = np.asarray((matrix[rows] > 0).sum(axis=0)).ravel()
        score = inside - overall
        # Highest score first; ties by the word itself, so the label never depends on the order of work.
        order = sorted(
            (i for i in np.flatnonzero(present)), key=lambda i: (-round(score[i], 12), vocabulary[i])
        )
        words = tuple(vocabulary[i] for i in order[:keywords])
        out.append(Suggestion(keywords=words, statement_ids=tuple(sorted(ids[r] for r in rows))))
    return sorted(out, key=lambda s: (-len(s.statement_ids), s.statement_ids[0]))
