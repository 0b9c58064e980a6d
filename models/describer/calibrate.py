"""Fit when the describer borrows an exemplar's summary and how sure it says it is, on validation only.

1. Borrowing: each validation function is described by the model, and its nearest documented function
   in its "open project" (``projects.py``: the same package and directory, as the server's workspace
   exemplars would hold it) is found; for each similarity threshold of ``--borrow``, the exemplar's
   summary (names' words swapped) replaces the model's sentence at or above it. The threshold with
   the best ROUGE-L + BLEU-4 is kept ("never" if none helps).
2. Confidence: a logistic regression from the evidence (``confidence.Evidence``: log-probabilities,
   grounding in the code's identifiers, borrowing and similarity) to "the sentence's ROUGE-L against
   the author's first sentence is at least ``--good``", fitted on every validation pair: the model's
   sentence of each, and the borrowed sentence of each the threshold of 1. lets borrow (a sample of
   100 a language leaves the model's own sentences too few to rank them well).
3. Default threshold: the highest confidence that still answers ``--answered`` of the sampled
   validation functions described by the model alone, as on the command line or in a lone file
   (``recommended_min_confidence``); with documented code open, more are answered.

All of it goes into the describer encoder's ``preprocessing`` in the manifest; the curves are printed.

    python models/describer/calibrate.py --pairs /work/data/describer-v12/pairs.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parents[1]))
from evaluate import MODELS, balanced, describer_from, every_pair  # noqa: E402
from metrics import bleu, rouge_l  # noqa: E402
from projects import Projects  # noqa: E402

from lsp_server.engine.describer.confidence import FEATURES, ConfidenceModel, Evidence, code_lines, grounding  # noqa: E402
from lsp_server.engine.describer.describer import ENCODER, Describer, tidy  # noqa: E402
from lsp_server.engine.describer.exemplars import borrowed_sentence  # noqa: E402


def described(describer: Describer, rows: list[dict], projects: Projects) -> list[dict]:
    """Per row: the model's sentence and evidence, and the nearest exemplar's borrowed sentence."""
    out = []
    for row in rows:
        model = describer.describe(row["code"], row["language"])
        exemplar = projects.exemplar(row)
        borrowed = tidy(borrowed_sentence(exemplar, row["name"])) if exemplar is not None else ""
        out.append(
            {
                "model": model.sentence,
                "model_evidence": Evidence(
                    model.log_probs,
                    grounding(model.sentence, row["code"]),
                    guide_similarity=model.guide.similarity if model.guide else None,
                    code_lines=code_lines(row["code"]),
                    language=row["language"],
                ),
                "borrowed": borrowed,
                "borrowed_evidence": Evidence(
                    (),
                    grounding(borrowed, row["code"]),
                    exemplar.similarity if exemplar else 0.0,
                    code_lines=code_lines(row["code"]),
                    language=row["language"],
                ),
                "similarity": exemplar.similarity if exemplar is not None else 0.0,
            }
        )
    return out


def fitting_set(outputs: list[dict], refs: list[str], threshold: float | None) -> tuple[list[Evidence], np.ndarray]:
    """Every model sentence and every sentence borrowed from ``threshold`` on, with its ROUGE-L."""
    evidence, scores = [], []
    for ref, o in zip(refs, outputs, strict=True):
        kinds = ["model", "borrowed"] if threshold is not None and o["similarity"] >= threshold else ["model"]
        for kind in kinds:
            evidence.append(o[f"{kind}_evidence"])
            scores.append(rouge_l([ref], [o[kind]]))
    return evidence, np.array(scores)


def choose(outputs: list[dict], threshold: float | None) -> list[tuple[str, Evidence]]:
    """The sentence the describer gives with borrowing from ``threshold`` on (None: never)."""
    return [
        (o["borrowed"], o["borrowed_evidence"])
        if threshold is not None and o["similarity"] >= threshold
        else (o["model"], o["model_evidence"])
        for o in outputs
    ]


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1e-2, steps: int = 50) -> tuple[np.ndarray, float]:
    """Newton's method on standardized features; weights returned for the raw features."""
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-z @ w))
        gradient = z.T @ (p - y) + l2 * np.r_[w[:-1], 0]
        hessian = (z * (p * (1 - p))[:, None]).T @ z + l2 * np.diag(np.r_[np.ones(len(w) - 1), 0])
        w -= np.linalg.solve(hessian, gradient)
    weights = w[:-1] / scale
    return weights, float(w[-1] - (w[:-1] * mean / scale).sum())


def fit_confidence(evidence: list[Evidence], good: np.ndarray) -> ConfidenceModel:
    """The logistic model over the evidence's features and one indicator per language."""
    languages = sorted({e.language for e in evidence})
    x = np.array([e.features() + [float(e.language == language) for language in languages] for e in evidence])
    weights, bias = fit_logistic(x, good.astype(float), l2=1.0)  # a language with few pairs stays near 0
    # every row has one language: moving their mean into the bias changes nothing here, and gives a
    # language the validation split lacks the average weight rather than an arbitrary one
    by_language = weights[len(FEATURES) :]
    average = float(by_language.mean())
    per_language = tuple((language, float(w - average)) for language, w in zip(languages, by_language, strict=True))
    return ConfidenceModel(tuple(float(w) for w in weights[: len(FEATURES)]), bias + average, per_language)


def curve(confidences: np.ndarray, scores: np.ndarray, thresholds: list[float]) -> list[tuple[float, float, float]]:
    """(threshold, answered share, mean ROUGE-L of the answered) for each threshold."""
    out = []
    for t in thresholds:
        answered = confidences >= t
        out.append((t, float(answered.mean()), float(scores[answered].mean()) if answered.any() else 0.0))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=Path, required=True)
    parser.add_argument("--per-language", type=int, default=100, help="validation sample for borrowing and the curves")
    parser.add_argument("--borrow", type=float, nargs="+", default=[0.2, 0.25, 0.3, 0.35, 0.4, 0.5])
    parser.add_argument("--good", type=float, default=40.0, help="ROUGE-L (x100) that counts as right")
    parser.add_argument("--answered", type=float, default=0.65, help="share the default threshold answers")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    every = every_pair(args.pairs, "validation")
    described_every = described(describer_from(None), every, Projects(args.pairs, "validation"))
    picked = balanced(every, args.per_language)
    rows, outputs = [every[i] for i in picked], [described_every[i] for i in picked]
    refs = [row["summary"] for row in rows]
    quality = {}
    for threshold in [None, *args.borrow]:
        hyps = [sentence for sentence, _ in choose(outputs, threshold)]
        b, r = bleu(refs, hyps), rouge_l(refs, hyps)
        quality[threshold] = b + r
        borrowed = sum(o["similarity"] >= threshold for o in outputs) if threshold is not None else 0
        print(f"borrow from {threshold}: BLEU-4 {b:.2f} ROUGE-L {r:.2f} ({borrowed} of {len(rows)} borrowed)")
    best = max(quality, key=lambda t: quality[t])
    chosen = choose(outputs, best)
    scores = np.array([rouge_l([ref], [sentence]) for ref, (sentence, _) in zip(refs, chosen, strict=True)])
    evidence, fitted_scores = fitting_set(described_every, [row["summary"] for row in every], best)
    model = fit_confidence(evidence, fitted_scores >= args.good)
    print(f"confidence fitted on {len(evidence)} sentences of {len(every)} validation functions")
    confidences = np.array([model.probability(evidence) for _, evidence in chosen])
    thresholds = sorted({round(float(t), 3) for t in np.quantile(confidences, np.linspace(0, 0.9, 10))})
    for t, share, mean in curve(confidences, scores, thresholds):
        print(f"confidence >= {t:.3f}: answers {100 * share:.1f} %, ROUGE-L {mean:.2f}")
    alone = np.array([model.probability(evidence) for _, evidence in choose(outputs, None)])
    alone_scores = np.array([rouge_l([ref], [o["model"]]) for ref, o in zip(refs, outputs, strict=True)])
    print("the model alone (no open project):")
    for t, share, mean in curve(alone, alone_scores, thresholds):
        print(f"confidence >= {t:.3f}: answers {100 * share:.1f} %, ROUGE-L {mean:.2f}")
    # the default answers --answered of what the model describes alone (the command line, a lone file);
    # with documented code around, borrowed sentences score higher and more are answered
    recommended = round(float(np.quantile(alone, 1 - args.answered)), 3)
    weights = {name: round(w, 3) for name, w in [*zip(FEATURES, model.weights, strict=True), *model.language_weights]}
    print(f"borrow from {best}; weights {weights}; recommended minimum {recommended}")
    if not args.no_write:
        write_preprocessing(best, model, recommended, args.good)


def write_preprocessing(borrow: float | None, model: ConfidenceModel, recommended: float, good: float) -> None:
    manifest = MODELS / "manifest.json"
    data = json.loads(manifest.read_text())
    for entry in data["models"]:
        if entry["name"] == ENCODER:
            for stale in ("exemplars", "exemplars_sha256"):
                entry["preprocessing"].pop(stale, None)
            entry["preprocessing"] |= {
                "borrow_similarity": borrow,
                "confidence": model.to_json() | {"good_rouge_l": good},
                "recommended_min_confidence": recommended,
            }
    manifest.write_text(json.dumps(data, indent=2) + "\n")


if __name__ == "__main__":
    main()
