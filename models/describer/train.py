"""Train the describer T5 on the prepared token arrays, resumably.

Batches come from length buckets (source padded to a multiple of 32, a fixed token budget per
batch); AdamW with warm-up then inverse-square-root decay, label smoothing, bf16 autocast where it
pays. Every ``--checkpoint-minutes``, and on SIGTERM, the model, optimizer and step go to
``OUT/checkpoint.pt``; a rerun resumes from it (on a fresh epoch if the training arrays changed).
``--minutes`` bounds this run, so training continues over several runs.

    python models/describer/train.py --data /work/data/describer --out /work/data/describer-train --minutes 90
"""

from __future__ import annotations

import argparse
import json
import math
import signal
import time
from pathlib import Path

import numpy as np
import torch
from t5 import T5, T5Config
from torch.nn import functional as F

BUCKET = 32
TOKEN_BUDGET = 3072  # padded source tokens per batch: small batches, many updates, for a CPU budget
MAX_SOURCE = 128
PEAK_LR = 7e-4
WARMUP = 300
LABEL_SMOOTHING = 0.1
START, EOS = 0, 1  # T5 starts decoding from the pad id
SENTINEL = 2  # <unk>: byte-level BPE never emits it; marks the masked span and starts its decoding


class Split:
    def __init__(self, path: Path, max_source: int = MAX_SOURCE):
        data = np.load(path)
        self.max_source = max_source
        self.source, self.source_offsets = data["source"], data["source_offsets"]
        self.target, self.target_offsets = data["target"], data["target_offsets"]
        self.language = data["language"]
        self.has_exemplars = "exemplar_similarity" in data

    def __len__(self) -> int:
        return len(self.source_offsets) - 1

    def source_ids(self, i: int) -> np.ndarray:
        ids = self.source[self.source_offsets[i] : self.source_offsets[i + 1]]
        return ids if len(ids) <= self.max_source else np.append(ids[: self.max_source - 1], ids[-1])

    def source_lengths(self) -> np.ndarray:
        return np.minimum(np.diff(self.source_offsets), self.max_source)

    def target_ids(self, i: int) -> np.ndarray:
        return self.target[self.target_offsets[i] : self.target_offsets[i + 1]]

    def batch(self, indices) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
        return padded([self.source_ids(i) for i in indices], [self.target_ids(i) for i in indices], START)

    def denoising_batch(self, indices, rng: np.random.Generator) -> tuple[torch.Tensor, ...]:
        """The same code with one span of 2-12 tokens replaced by the sentinel; the target is the span.

        Summaries alone let the decoder settle as a language model of docstrings that never reads the
        code; rebuilding a span can only be done by attending to the encoder."""
        sources, targets = [], []
        for i in indices:
            ids = self.source_ids(i)
            body = ids[1:-1]
            length = int(rng.integers(2, max(3, min(13, len(body) // 3 + 1))))
            start = int(rng.integers(0, max(1, len(body) - length + 1)))
            sources.append(np.concatenate([ids[:1], body[:start], [SENTINEL], body[start + length :], ids[-1:]]))
            targets.append(np.append(body[start : start + length], EOS))
        return padded(sources, targets, SENTINEL)


def padded(sources: list[np.ndarray], targets: list[np.ndarray], start: int) -> tuple[torch.Tensor, ...]:
    src = np.zeros((len(sources), max(map(len, sources))), dtype=np.int64)
    tgt = np.zeros((len(targets), max(map(len, targets))), dtype=np.int64)
    for row, (s, t) in enumerate(zip(sources, targets, strict=True)):
        src[row, : len(s)] = s
        tgt[row, : len(t)] = t
    decoder_in = np.concatenate([np.full((len(sources), 1), start, dtype=np.int64), tgt[:, :-1]], axis=1)
    src_t = torch.from_numpy(src)
    return src_t, (src_t != 0).long(), torch.from_numpy(decoder_in), torch.from_numpy(tgt)


def batches(split: Split, rng: np.random.Generator, budget: int = TOKEN_BUDGET) -> list[np.ndarray]:
    """One epoch of index batches, each from one source-length bucket, in random order; a batch holds
    about ``budget`` padded source tokens."""
    lengths = split.source_lengths()
    buckets = (lengths + BUCKET - 1) // BUCKET
    out = []
    for bucket in np.unique(buckets):
        members = rng.permutation(np.flatnonzero(buckets == bucket))
        size = max(1, budget // int(bucket * BUCKET))
        out += [members[i : i + size] for i in range(0, len(members), size)]
    return [out[i] for i in rng.permutation(len(out))]


def learning_rate(step: int, constant: float | None = None, remaining: float = 1.0) -> float:
    """Warm-up then inverse square root, or a constant rate; ``remaining`` (0..1) scales it to zero
    over this run's cool-down, which is where a short run gains most of its loss."""
    scheduled = constant or PEAK_LR * min((step + 1) / WARMUP, math.sqrt(WARMUP / (step + 1)))
    return scheduled * remaining


def loss_of(model: T5, batch, smoothing: float) -> torch.Tensor:
    device = next(model.parameters()).device
    src, mask, decoder_in, tgt = (tensor.to(device, non_blocking=True) for tensor in batch)
    logits = model(src, mask, decoder_in)
    return F.cross_entropy(
        logits.float().reshape(-1, logits.shape[-1]), tgt.reshape(-1), ignore_index=0, label_smoothing=smoothing
    )


@torch.no_grad()
def validation_loss(
    model: T5, split: Split, limit: int = 1000, shuffled: bool = False, code_only: bool = False
) -> float:
    """Mean token loss on ``limit`` validation pairs spread over the split; ``shuffled`` gives each
    summary the code of a pair half the sample away (another package) behind its own language token,
    so the gap to the real loss is how much the model reads the code, not the language; ``code_only``
    leaves out the exemplar after the code (``exemplar_arrays.py``)."""
    model.eval()
    indices = np.linspace(0, len(split) - 1, min(limit, len(split))).astype(int)
    losses = []
    for i in range(0, len(indices), 50):
        rows = indices[i : i + 50]
        sources = [split.source_ids(r) for r in rows]
        if code_only:
            sources = [ids[: int(np.flatnonzero(ids == EOS)[0]) + 1] for ids in sources]
        if shuffled:
            others = indices[(np.arange(i, i + len(rows)) + len(indices) // 2) % len(indices)]
            far = [split.source_ids(o)[1:] for o in others]
            sources = [np.concatenate([own[:1], code]) for own, code in zip(sources, far, strict=True)]
        losses.append(loss_of(model, padded(sources, [split.target_ids(r) for r in rows], START), 0.0).item())
    model.train()
    return float(np.mean(losses))


def validation_report(model: T5, split: Split) -> str:
    report = (
        f"validation loss {validation_loss(model, split):.3f} "
        f"(code shuffled: {validation_loss(model, split, shuffled=True):.3f}"
    )
    if split.has_exemplars:
        report += f", without the exemplars: {validation_loss(model, split, code_only=True):.3f}"
    return report + ")"


def save(path: Path, model: T5, optimizer, state: dict) -> None:
    tmp = path.with_suffix(".tmp")
    torch.save(
        {
            "model": model.state_dict(),
            "optimizer": optimizer.state_dict(),
            "state": state,
            "config": model.config.to_dict(),
        },
        tmp,
    )
    tmp.replace(path)


def optimizer_for(model: T5, saved: dict | None, rms: bool) -> torch.optim.Optimizer:
    """AdamW, resumed from ``saved``; a checkpoint of a plain run can continue RMS-scaled, not back."""
    plain = torch.optim.AdamW(model.parameters(), lr=PEAK_LR, betas=(0.9, 0.98), weight_decay=0.01)
    grouped = saved is not None and len(saved["param_groups"]) > 1
    if saved is not None and not grouped:
        plain.load_state_dict(saved)
    if not rms:
        if grouped:
            raise SystemExit("this checkpoint was trained with --rms-scaled; pass it again")
        return plain
    scaled = rms_scaled(model, plain)
    if grouped:
        scaled.load_state_dict(saved)
    return scaled


def rms_scaled(model: T5, optimizer: torch.optim.Optimizer) -> torch.optim.Optimizer:
    """One parameter group per tensor, its rate scaled by the tensor's RMS; Adam's moments carry over.

    T5 initialises embeddings at std 1 and attention queries at std ~0.008, so one Adam rate moves
    the first by 0.05 % a step and the second by 6 %; Adafactor's relative steps avoid that."""
    groups = [{"params": [p], "scale": max(float(p.detach().pow(2).mean().sqrt()), 1e-3)} for p in model.parameters()]
    scaled = torch.optim.AdamW(groups, lr=PEAK_LR, betas=(0.9, 0.98), weight_decay=0.01)
    scaled.state = optimizer.state
    return scaled


def cooldown_left(started: float, args) -> float:
    if not args.cooldown_minutes:
        return 1.0
    left = args.minutes * 60 - (time.time() - started)
    return max(0.0, min(1.0, left / (args.cooldown_minutes * 60)))


def stop_on_sigterm() -> list:
    """A list that becomes truthy on SIGTERM, so the loop ends and the checkpoint is saved."""
    stop: list = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    return stop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--minutes", type=float, default=60)
    parser.add_argument("--checkpoint-minutes", type=float, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--lr", type=float, help="constant learning rate instead of the inverse square root schedule")
    parser.add_argument(
        "--rms-scaled",
        action="store_true",
        help="scale each tensor's learning rate by its RMS (Adafactor-style relative steps)",
    )
    parser.add_argument(
        "--cooldown-minutes", type=float, default=0, help="decay the rate to zero over the last N minutes"
    )
    parser.add_argument(
        "--denoise-share", type=float, default=0.0, help="share of batches that rebuild a masked span of code"
    )
    parser.add_argument("--bf16", action="store_true", help="bf16 autocast (pays on a GPU, or a CPU with bf16 units)")
    parser.add_argument("--device", default="auto", help="cpu, cuda, or auto: cuda where there is one")
    parser.add_argument(
        "--token-budget", type=int, default=TOKEN_BUDGET, help="padded source tokens per batch (more on a GPU)"
    )
    parser.add_argument(
        "--max-source", type=int, default=MAX_SOURCE, help="source tokens kept (160 for exemplar_arrays.py's)"
    )
    parser.add_argument("--d-model", type=int, default=256)
    parser.add_argument("--layers", type=int, default=4)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    if args.device == "auto":
        args.device = "cuda" if torch.cuda.is_available() else "cpu"
    device = torch.device(args.device)
    train = Split(args.data / "train.npz", args.max_source)
    validation = Split(args.data / "validation.npz", args.max_source)
    vocab = json.loads((args.data / "tokenizer.json").read_text())["model"]["vocab"]
    args.out.mkdir(parents=True, exist_ok=True)
    checkpoint_path = args.out / "checkpoint.pt"
    if checkpoint_path.exists():
        checkpoint = torch.load(checkpoint_path, weights_only=False, map_location="cpu")
        config = T5Config(**checkpoint["config"])
    else:
        checkpoint = None
        config = T5Config(
            vocab_size=len(vocab),
            d_model=args.d_model,
            d_ff=4 * args.d_model,
            num_layers=args.layers,
            num_decoder_layers=args.layers,
        )
    model = T5(config)
    state = {"step": 0, "epoch": 0, "position": 0, "examples": 0, "seconds": 0.0}
    if checkpoint is not None:
        model.load_state_dict(checkpoint["model"])
        state = checkpoint["state"]
    model.to(device)
    optimizer = optimizer_for(model, checkpoint["optimizer"] if checkpoint else None, args.rms_scaled)
    print(
        f"parameters {sum(p.numel() for p in model.parameters()) / 1e6:.1f}M on {device}, train {len(train)}, "
        f"state {state}",
        flush=True,
    )
    if state.get("train_pairs", len(train)) != len(train):
        state["epoch"], state["position"] = state["epoch"] + 1, 0
    state["train_pairs"] = len(train)
    stop = stop_on_sigterm()
    model.train()
    started = last_save = last_log = time.time()
    logged_examples, losses, denoise_losses = state["examples"], [], []
    while time.time() - started < args.minutes * 60 and not stop:
        epoch = batches(train, np.random.default_rng(state["epoch"]), args.token_budget)
        while state["position"] < len(epoch) and time.time() - started < args.minutes * 60 and not stop:
            indices = epoch[state["position"]]
            lr = learning_rate(state["step"], args.lr, cooldown_left(started, args))
            for group in optimizer.param_groups:
                group["lr"] = lr * group.get("scale", 1.0)
            mix = np.random.default_rng(state["step"])
            denoise = mix.random() < args.denoise_share
            batch = train.denoising_batch(indices, mix) if denoise else train.batch(indices)
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=args.bf16):
                loss = loss_of(model, batch, LABEL_SMOOTHING)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            (denoise_losses if denoise else losses).append(loss.item())
            state["step"] += 1
            state["position"] += 1
            state["examples"] += len(indices)
            state["denoised"] = state.get("denoised", 0) + denoise * len(indices)
            now = time.time()
            if now - last_log > 60:
                rate = (state["examples"] - logged_examples) / (now - last_log) * 3600
                print(
                    f"step {state['step']} epoch {state['epoch']} loss {np.mean(losses or [0]):.3f} "
                    f"denoising {np.mean(denoise_losses or [0]):.3f} "
                    f"lr {lr:.2e} {rate:,.0f} examples/h",
                    flush=True,
                )
                state["seconds"] += now - last_log
                last_log, logged_examples, losses, denoise_losses = now, state["examples"], [], []
            if now - last_save > args.checkpoint_minutes * 60:
                save(checkpoint_path, model, optimizer, state)
                print(f"checkpoint: {validation_report(model, validation)}", flush=True)
                last_save = time.time()
        if state["position"] >= len(epoch):
            state["epoch"] += 1
            state["position"] = 0
    state["seconds"] += time.time() - last_log
    save(checkpoint_path, model, optimizer, state)
    print(
        f"done: step {state['step']} examples {state['examples']} {validation_report(model, validation)}",
        flush=True,
    )


if __name__ == "__main__":
    main()
