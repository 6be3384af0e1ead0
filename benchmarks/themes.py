"""Comment themes (issues 3 and 16): speed and in-house quality of the theme model.

    .venv/bin/python -m benchmarks.themes [--comments 50000] [--embedding-sample 2000]

Fits the static-embedding default (``nlp`` extra) and the lexical fallback (pure scikit-learn) on
``--comments`` distinct comments made from the labelled set's sentences (openings, times, endings and
pairs of sentences drawn with a fixed seed; the model handles a repeated text once, so none repeats), and
the optional transformer (``nlp-transformer``) on a sample; scores them against the in-house labelled
set (NMI on its dev half, held-out half and all of it, lean accuracy; its "learning" theme counts as
the recognition-and-growth topic) beside a TF-IDF + KMeans baseline, and on the demo's comments.
Accuracy on real comments nobody here wrote: ``benchmarks.themes_accuracy``.
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
_WHEN = ["", "", "", " this week", " since the reorg", " lately", " in the last two sprints", " before the release"]
_JOIN = [" ", " Also, ", " And ", " On the other hand, ", " But ", "; "]


def _opened(text: str, prefix: str) -> str:
    keep = text.startswith(("I ", "I'"))
    return prefix + (text if keep else text[0].lower() + text[1:]) if prefix else text


def _ended(text: str, end: str) -> str:
    return text[:-1] + end if end.startswith((";", "!")) and text[-1:] in ".!?" else text + end


def _timed(text: str, when: str) -> str:
    return text[:-1] + when + text[-1] if when and text[-1:] in ".!?" else text + when


def comment_stream(n: int, seed: int = 0) -> list[str]:
    """``n`` distinct pulse-like comments, the same for the same seed: the labelled set's sentences with
    varied openings, times and endings, half of them two sentences joined (a comment about two things).
    Duplicates are drawn again, so every comment costs the model its own work."""
    base = pd.read_csv(LABELLED)["text"].tolist()
    rng = np.random.default_rng(seed)
    seen: dict[str, None] = {}
    while len(seen) < n:
        draw = n - len(seen)
        first, second = rng.integers(0, len(base), (2, draw))
        pre, when, suf = (
            rng.integers(0, len(_PREFIX), draw),
            rng.integers(0, len(_WHEN), draw),
            rng.integers(0, len(_SUFFIX), draw),
        )
        join, pair = rng.integers(0, len(_JOIN), draw), rng.random(draw) < 0.5
        for a, b, p, w, s, j, two in zip(first, second, pre, when, suf, join, pair, strict=True):
            text = _timed(_opened(base[a], _PREFIX[p]), _WHEN[w])
            if two and a != b:
                text = _ended(text, _JOIN[j]) + (_opened(base[b], "x")[1:] if j else base[b])
            seen.setdefault(_ended(text, _SUFFIX[s]))
    return list(seen)[:n]


def _model(backend: str) -> themes.ThemeModel:
    if backend == "lexical":
        return themes.ThemeModel(backend="lexical")
    return themes.ThemeModel(backend="embedding", embedding_model=backend)


def _labelled() -> pd.DataFrame:
    labelled = pd.read_csv(LABELLED)
    labelled["theme"] = labelled["theme"].replace({"learning": "recognition"})
    return labelled


def _nmi(backend: str) -> dict:
    labelled = _labelled()
    out = {}
    for split in ("dev", "test", "all"):
        part = labelled if split == "all" else labelled[labelled["split"] == split]
        started = time.perf_counter()
        model = _model(backend).fit(part["text"].tolist())
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
    model = _model(backend).fit(demo_texts)
    out["demo_comments"] = {
        "texts": len(demo_texts),
        "nmi": round(normalized_mutual_info_score(demo_truth, model.labels_), 3),
    }
    return out


def _baseline() -> dict:
    labelled = _labelled()
    words = TfidfVectorizer().fit_transform(labelled["text"])
    labels = KMeans(labelled["theme"].nunique(), n_init=10, random_state=0).fit_predict(words)
    return {"texts": len(labelled), "nmi": round(normalized_mutual_info_score(labelled["theme"], labels), 3)}


def _timed_fit(backend: str, texts: list[str]) -> dict:
    started, cpu = time.perf_counter(), time.process_time()
    model = _model(backend).fit(texts)
    model.summary(k=5)
    return {
        "fit_s": round(time.perf_counter() - started, 1),
        "cpu_s": round(time.process_time() - cpu, 1),
        "themes": len(model.themes_),
        "other_share": round(float((model.labels_ == themes.OTHER).mean()), 3),
    }


def fit_themes(comments: int, embedding_sample: int) -> dict:
    texts = comment_stream(comments)
    result = {"comments": comments, "unique_comments": len(set(texts)), "baseline_tfidf_kmeans": _baseline()}
    if themes._StaticEmbedder.available():
        themes._StaticEmbedder.encode(["warm up"])  # loading the 15 MB matrix, timed apart
        result["static"] = _timed_fit("static", texts) | {"quality": _nmi("static")}
    result["lexical"] = _timed_fit("lexical", texts) | {"quality": _nmi("lexical")}
    if themes._TransformerEmbedder.available() and embedding_sample:
        sample = list(dict.fromkeys(comment_stream(embedding_sample * 3, seed=1)))[:embedding_sample]
        themes._TransformerEmbedder.encode(["warm up"])
        timed = _timed_fit("minilm", sample)
        result["minilm"] = timed | {
            "sample": len(sample),
            "per_1000_s": round(timed["fit_s"] / len(sample) * 1000, 1),
            "extrapolated_50k_s": round(timed["fit_s"] / len(sample) * 50_000),
            "quality": _nmi("minilm"),
        }
    return result


def rows(f: dict) -> list[tuple]:
    """The figures as the rows of docs/benchmarks.md: figure, measured, target, met."""
    out = []
    for backend, name in (("static", "static embeddings (nlp extra, the default)"), ("lexical", "lexical fallback")):
        if backend in f:
            b = f[backend]
            out.append((f"themes: {f['comments']:,} comments ({f['unique_comments']:,} distinct), {name}",
                        f"{b['fit_s']} s ({b['cpu_s']} s CPU)",
                        f"< {THEMES_TARGET_S:.0f} s", b["fit_s"] < THEMES_TARGET_S))  # fmt: skip
    if "minilm" in f:
        m = f["minilm"]
        out.append((f"themes: transformer (MiniLM, CPU), {m['sample']:,} unique comments",
                    f"{m['fit_s']} s (50,000 extrapolated {m['extrapolated_50k_s']:,} s)",
                    f"< {THEMES_TARGET_S:.0f} s for 50,000", m["extrapolated_50k_s"] < THEMES_TARGET_S))  # fmt: skip
    out.append(("themes NMI, in-house set (240 comments, 11 themes of which 2 outside the topics): TF-IDF + KMeans",
                f"{f['baseline_tfidf_kmeans']['nmi']}", "", None))  # fmt: skip
    for backend in ("static", "lexical", "minilm"):
        if backend in f:
            q = f[backend]["quality"]
            out.append((f"themes NMI in-house, {backend}: dev half (tuned on) / other half / all; demo comments",
                        f"{q['dev']['nmi']} / {q['test']['nmi']} / {q['all']['nmi']}; {q['demo_comments']['nmi']}",
                        "", None))  # fmt: skip
            out.append((f"comment lean accuracy in-house, {backend} ('mixed' counts as wrong)",
                        f"{q['all']['lean_accuracy']:.1%}", "", None))  # fmt: skip
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
