"""Disclosure control for every figure a protected audience sees: the cell key method.

The design and why it holds are in docs/adr/0001-disclosure-control.md. In short:

- every counted person has a fixed random *record key* (reports.models.RecordKey, 0 to
  KEY_SPACE - 1), drawn once and kept across rebuilds;
- a published cell (any filter, period and grouping) is a set of people; its *cell key* is the sum
  of their record keys modulo KEY_SPACE, which the rollup keeps as `key_sum` on every progress row,
  so a cell's key is a SUM like its count;
- the *perturbation table* gives, for a cell's count n and key k, the noise d(n, k), from -B to B
  (B = REPORTS_PERTURBATION_MAX), most often 0 or ±1 (a discretised normal distribution with
  standard deviation REPORTS_PERTURBATION_SD); the protected figure is n + d(n, k);
- a protected figure below the threshold (REPORTS_SUPPRESSION_THRESHOLD) is shown as "x"; an empty
  cell is shown as 0.

So the same people always give the same figure, however the cell is reached, and two different
sets of people get independent noise: differences between figures carry noise, and no number of
questions averages it away.

Every figure for a non-exact audience goes through `protect()`; views and report builders never
count for such an audience themselves.
"""

import bisect
import functools
import itertools
import math

SUPPRESSED = "x"
TOTAL = "__total__"
KEY_SPACE = 1 << 20  # record and cell keys: 0 .. 2**20 - 1 (fine enough for rare extremes)
_SPREAD = 0x9E3779B1  # odd, so a count's offset into the key space is a permutation of counts


def threshold() -> int:
    """The configured minimum published figure (read at call time, so settings can change it)."""
    from django.conf import settings

    return int(getattr(settings, "REPORTS_SUPPRESSION_THRESHOLD", 10))


def perturbation_max() -> int:
    """The largest noise, B: a protected figure is never further than this from the truth."""
    from django.conf import settings

    return int(getattr(settings, "REPORTS_PERTURBATION_MAX", 15))


def perturbation_sd() -> float:
    """The standard deviation of the noise."""
    from django.conf import settings

    return float(getattr(settings, "REPORTS_PERTURBATION_SD", 2.0))


@functools.lru_cache(maxsize=8)
def _table(sd: float, bound: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The noise values -B..B and, for each, the end of its run of keys in the key space.

    Each value gets keys in proportion to a normal density, and at least one key, so that every
    value from -B to B can occur: a reader can never rule out that a figure is B away from the truth.
    """
    values = tuple(range(-bound, bound + 1))
    weights = [math.exp(-(d * d) / (2 * sd * sd)) for d in values]
    total = sum(weights)
    keys = [max(1, round(w / total * KEY_SPACE)) for w in weights]
    keys[bound] += KEY_SPACE - sum(keys)  # 0 takes up the rounding
    return values, tuple(itertools.accumulate(keys))


def _mix(position: int) -> int:
    """A fixed bijection of the key space that scatters neighbouring positions (a 20-bit version of
    MurmurHash3's finaliser). Without it, two cell keys a fixed distance apart (one more person of a
    known key) would fall on neighbouring runs of the table and get correlated noise."""
    mask = KEY_SPACE - 1
    position ^= position >> 10
    position = (position * 0x5BD1E995) & mask
    position ^= position >> 11
    position = (position * 0x1B873593) & mask
    position ^= position >> 10
    return position


def perturbation(people: int, cell_key: int) -> int:
    """d(n, k): the noise for a cell of `people` with key `cell_key` (0 .. KEY_SPACE - 1)."""
    values, ends = _table(perturbation_sd(), perturbation_max())
    position = _mix((cell_key + people * _SPREAD) % KEY_SPACE)
    return values[bisect.bisect_right(ends, position)]


def protect(people: int, key_sum: int) -> int | str:
    """The figure a protected audience sees for a cell of `people` whose record keys sum to `key_sum`."""
    if people <= 0:
        return 0  # an empty cell discloses nobody
    value = people + perturbation(people, key_sum % KEY_SPACE)
    return value if value >= threshold() else SUPPRESSED


def perturbation_table() -> list[tuple[int, int, float]]:
    """The published table: each noise value with its number of keys and its probability."""
    values, ends = _table(perturbation_sd(), perturbation_max())
    starts = (0, *ends[:-1])
    return [
        (d, end - start, (end - start) / KEY_SPACE)
        for d, start, end in zip(values, starts, ends, strict=True)
    ]


def protection_note() -> str:
    """The one sentence that explains protected figures wherever they appear (page, API, report)."""
    from django.utils.translation import gettext as _

    return _(
        "Each figure is protected on its own: a fixed small random adjustment (at most ±%(max)s, usually "
        "0 to ±2) gives the same answer however it is asked, and figures below %(n)s are shown as x, so "
        "rows need not add up exactly to their total."
    ) % {"n": threshold(), "max": perturbation_max()}
