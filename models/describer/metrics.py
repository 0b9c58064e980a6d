"""Smoothed sentence BLEU-4 as CodeXGLUE's code-to-text evaluator computes it, and ROUGE-L.

BLEU: both sides lowercased and split into words and punctuation (``split_puncts``), then the
evaluator's normalization; n-gram precisions for n = 1..4 with add-one smoothing for n > 1, brevity
penalty ``min(0, 1 - (ref + 1) / (hyp + 1))`` in log space, one score per sentence, averaged, x100.
ROUGE-L: F-measure (beta 1.2) of the longest common subsequence over the same words, x100.
"""

from __future__ import annotations

import math
import re
import sys
from collections import Counter
from collections.abc import Sequence

_NORMALIZE = [
    (re.compile(r"([\{-\~\[-\` -\&\(-\+\:-\@\/])"), r" \1 "),
    (re.compile(r"([^0-9])([\.,])"), r"\1 \2 "),
    (re.compile(r"([\.,])([^0-9])"), r" \1 \2"),
    (re.compile(r"([0-9])(-)"), r"\1 \2 "),
]
TINY = sys.float_info.min


def split_puncts(line: str) -> str:
    return " ".join(re.findall(r"[\w]+|[^\s\w]", line))


def words(text: str) -> list[str]:
    """The evaluator's tokens: split_puncts of the lowercased, stripped text, then its normalization."""
    s = split_puncts(text.strip().lower())
    s = re.sub(r"-\n", "", s).replace("\n", " ")
    s = s.replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    s = f" {s} "
    for pattern, replacement in _NORMALIZE:
        s = pattern.sub(replacement, s)
    return s.split()


def _ngrams(tokens: Sequence[str], n: int = 4) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + k]) for k in range(1, n + 1) for i in range(len(tokens) - k + 1))


def sentence_bleu(reference: str, hypothesis: str, n: int = 4) -> float:
    """Smoothed BLEU-4 of one hypothesis against one reference, in [0, 1]."""
    ref, hyp = words(reference), words(hypothesis)
    ref_counts, hyp_counts = _ngrams(ref, n), _ngrams(hyp, n)
    correct = [0] * n
    for gram, count in hyp_counts.items():
        correct[len(gram) - 1] += min(ref_counts.get(gram, 0), count)
    log_bleu = 0.0
    for k in range(n):
        guess = max(len(hyp) - k, 0)
        smooth = 1 if k > 0 else 0
        log_bleu += math.log(correct[k] + smooth + TINY) - math.log(guess + smooth + TINY)
    log_bleu /= n
    log_bleu += min(0.0, 1 - (len(ref) + 1) / (len(hyp) + 1))
    return math.exp(log_bleu)


def bleu(references: Sequence[str], hypotheses: Sequence[str]) -> float:
    """Average sentence BLEU-4 x100, the number CodeXGLUE reports."""
    scores = [sentence_bleu(r, h) for r, h in zip(references, hypotheses, strict=True)]
    return 100.0 * sum(scores) / max(1, len(scores))


def _lcs(a: Sequence[str], b: Sequence[str]) -> int:
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def rouge_l(references: Sequence[str], hypotheses: Sequence[str], beta: float = 1.2) -> float:
    """Average ROUGE-L F-measure x100."""
    total = 0.0
    for reference, hypothesis in zip(references, hypotheses, strict=True):
        ref, hyp = words(reference), words(hypothesis)
        lcs = _lcs(ref, hyp)
        if lcs:
            precision, recall = lcs / len(hyp), lcs / len(ref)
            total += (1 + beta**2) * precision * recall / (recall + beta**2 * precision)
    return 100.0 * total / max(1, len(references))
