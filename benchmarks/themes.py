"""Comment themes (issue 3): speed and quality of the theme model on pulse-like comments.

    .venv/bin/python -m benchmarks.themes [--comments 50000] [--embedding-sample 2000]

Fits the lexical backend (pure scikit-learn) on ``--comments`` comments made from the labelled set's
sentences with varied openings and endings, and the optional embedding backend on a sample; scores
both against the labelled set (NMI on its dev half, held-out half and all of it, lean accuracy)
beside a TF-IDF + KMeans baseline, and on the demo's comments.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import normalized_mutual_info_score

from analysis import themes
from benchmarks import harness
from pulse.demo import COMMENTS as DEMO_COMMENTS

LABELLED = harness.ROOT / "data" / "comments-labelled.csv"
THEMES_TARGET_S = 60.0

_PREFIX = ["", "", "Honestly, ", "This sprint: ", "As usual, ", "Again: ", "To be fair, ", "FYI "]
_SUFFIX = ["", "", " Please fix.", " Thanks.", " (ask @sam)", " mail me at jo@example.com", " Just saying.", "!"]


def comment_stream(n: int, seed: int = 0) -> list[str]:
    """``n`` pulse-like comments: the labelled set's sentences with varied openings and endings."""
    base = pd.read_csv(LABELLED)["text"].tolist()
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(base), n)
    pre = rng.integers(0, len(_PREFIX), n)
    suf = rng.integers(0, len(_SUFFIX), n)
    out = []
    for b, p, s in zip(picks, pre, suf, strict=True):
        text = base[b]
        if _PREFIX[p]:
            text = _PREFIX[p] + text[0].lower() + text[1:]
        out.append(text + _SUFFIX[s])
    return out


def _nmi(backend: str) -> dict:
    labelled = pd.read_csv(LABELLED)
    out = {}
    for split in ("dev", "test", "all"):
        part = labelled if split == "all" else labelled[labelled["split"] == split]
        started = time.perf_counter()
        model = themes.ThemeModel(backend=backend).fit(part["text"].tolist())
        out[split] = {
            "texts": len(part),
            "nmi": round(normalized_mutual_info_score(part["theme"], model.labels_), 3),
            "lean_accuracy": round(float((model.leans_ == part["lean"].to_numpy()).mean()), 3),
            "fit_s": round(time.perf_counter() - started, 1),
        }
    demo_texts, demo_truth = [], []
    for key, (negative, positive) in DEMO_COMMENTS.items():
        demo_texts += [*negative, *positive]
        demo_truth += [key] * (len(negative) + len(positive))
    model = themes.ThemeModel(backend=backend).fit(demo_texts)
    out["demo_comments"] = {
        "texts": len(demo_texts),
        "nmi": round(normalized_mutual_info_score(demo_truth, model.labels_), 3),
    }
    return out


def _baseline() -> dict:
    labelled = pd.read_csv(LABELLED)
    words = TfidfVectorizer().fit_transform(labelled["text"])
    labels = KMeans(labelled["theme"].nunique(), n_init=10, random_state=0).fit_predict(words)
    return {"texts": len(labelled), "nmi": round(normalized_mutual_info_score(labelled["theme"], labels), 3)}


def fit_themes(comments: int, embedding_sample: int) -> dict:
    texts = comment_stream(comments)
    started, cpu = time.perf_counter(), time.process_time()
    model = themes.ThemeModel(backend="lexical").fit(texts)
    model.summary(k=5)
    result = {
        "comments": comments,
        "unique_comments": len(set(texts)),
        "lexical_fit_s": round(time.perf_counter() - started, 1),
        "lexical_cpu_s": round(time.process_time() - cpu, 1),
        "lexical_themes": len(model.themes_),
        "baseline_tfidf_kmeans": _baseline(),
        "lexical_quality": _nmi("lexical"),
    }
    if themes._Embedder.available() and embedding_sample:
        sample = list(dict.fromkeys(comment_stream(embedding_sample * 3, seed=1)))[:embedding_sample]
        themes._Embedder.encode(["warm up"])  # model load, timed apart
        started = time.perf_counter()
        themes.ThemeModel(backend="embedding").fit(sample)
        wall = time.perf_counter() - started
        result["embedding_sample"] = len(sample)
        result["embedding_fit_s"] = round(wall, 1)
        result["embedding_per_1000_s"] = round(wall / len(sample) * 1000, 1)
        result["embedding_50k_extrapolated_s"] = round(wall / len(sample) * 50_000)
        result["embedding_quality"] = _nmi("embedding")
    return result


def rows(f: dict) -> list[tuple]:
    """The figures as the rows of docs/benchmarks.md: figure, measured, target, met."""
    lq = f["lexical_quality"]
    out = [
        (f"themes: {f['comments']:,} comments, lexical backend (pure scikit-learn)",
         f"{f['lexical_fit_s']} s ({f['lexical_cpu_s']} s CPU)", f"< {THEMES_TARGET_S:.0f} s",
         f["lexical_fit_s"] < THEMES_TARGET_S),
    ]  # fmt: skip
    if "embedding_fit_s" in f:
        out.append(
            (f"themes: embedding backend (MiniLM, CPU), {f['embedding_sample']:,} unique comments",
             f"{f['embedding_fit_s']} s ({f['embedding_per_1000_s']} s per 1,000; 50,000 extrapolated "
             f"{f['embedding_50k_extrapolated_s']:,} s)", f"< {THEMES_TARGET_S:.0f} s for 50,000",
             f["embedding_50k_extrapolated_s"] < THEMES_TARGET_S),
        )  # fmt: skip
    out += [
        ("themes NMI, labelled set (240 comments, 12 themes of which 2 outside the taxonomy): TF-IDF + KMeans",
         f"{f['baseline_tfidf_kmeans']['nmi']}", "", None),
        ("themes NMI, lexical backend: dev half / held-out half / all",
         f"{lq['dev']['nmi']} / {lq['test']['nmi']} / {lq['all']['nmi']}", "", None),
    ]  # fmt: skip
    if "embedding_quality" in f:
        eq = f["embedding_quality"]
        out.append(("themes NMI, embedding backend: dev / held-out / all",
                    f"{eq['dev']['nmi']} / {eq['test']['nmi']} / {eq['all']['nmi']}", "", None))  # fmt: skip
    out += [
        ("themes NMI on the demo's comments (not independent: read while writing the taxonomy)",
         f"lexical {lq['demo_comments']['nmi']}"
         + (f", embedding {f['embedding_quality']['demo_comments']['nmi']}" if "embedding_quality" in f else ""),
         "", None),
        ("comment lean accuracy, labelled set (lexical; 'mixed' counts as wrong)",
         f"{lq['all']['lean_accuracy']:.1%}", "", None),
    ]  # fmt: skip
    return out


def measure(args) -> dict:
    if args.quick:
        return fit_themes(300, 0)
    return fit_themes(args.comments, args.embedding_sample)


OPTIONS = {  # this benchmark's own options, beside the harness's common ones
    "--comments": dict(type=int, default=50_000),
    "--embedding-sample": dict(type=int, default=2000, help="0 to skip the embedding backend"),
}


if __name__ == "__main__":
    harness.main("themes", measure, __doc__, OPTIONS)
