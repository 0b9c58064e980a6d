"""A T5 encoder-decoder in PyTorch, written out so training needs nothing but torch.

The architecture is T5's (v1.0): RMS layer norm without bias, relative position buckets shared
across layers (computed once, in the first layer), no attention scaling, ReLU feed-forward,
embeddings tied with the output projection scaled by d_model^-0.5. ``export.py`` rebuilds the same
computation as ONNX graphs from the saved weights.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import torch
from torch import nn
from torch.nn import functional as F


@dataclass(frozen=True)
class T5Config:
    vocab_size: int = 16384
    d_model: int = 256
    d_kv: int = 64
    num_heads: int = 4
    d_ff: int = 1024
    num_layers: int = 4
    num_decoder_layers: int = 4
    relative_buckets: int = 32
    relative_max_distance: int = 128
    dropout: float = 0.1
    pad_token_id: int = 0
    eos_token_id: int = 1
    decoder_start_token_id: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


def relative_bucket(relative: torch.Tensor, bidirectional: bool, buckets: int, max_distance: int) -> torch.Tensor:
    """T5's bucketing of key - query offsets: exact for small offsets, logarithmic beyond."""
    result = torch.zeros_like(relative)
    if bidirectional:
        buckets //= 2
        result += (relative > 0).long() * buckets
        relative = relative.abs()
    else:
        relative = -torch.clamp(relative, max=0)
    exact = buckets // 2
    is_small = relative < exact
    large = (
        exact
        + (torch.log(relative.float().clamp(min=1) / exact) / math.log(max_distance / exact) * (buckets - exact)).long()
    )
    large = torch.clamp(large, max=buckets - 1)
    return result + torch.where(is_small, relative, large)


class RMSNorm(nn.Module):
    def __init__(self, size: int, eps: float = 1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(size))
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        variance = x.float().pow(2).mean(-1, keepdim=True)
        return self.weight * (x * torch.rsqrt(variance + self.eps)).to(x.dtype)


class Attention(nn.Module):
    def __init__(self, config: T5Config, relative_bias: bool, bidirectional: bool):
        super().__init__()
        inner = config.num_heads * config.d_kv
        self.heads, self.d_kv = config.num_heads, config.d_kv
        self.q = nn.Linear(config.d_model, inner, bias=False)
        self.k = nn.Linear(config.d_model, inner, bias=False)
        self.v = nn.Linear(config.d_model, inner, bias=False)
        self.o = nn.Linear(inner, config.d_model, bias=False)
        self.bidirectional = bidirectional
        self.config = config
        self.relative_attention_bias = (
            nn.Embedding(config.relative_buckets, config.num_heads) if relative_bias else None
        )

    def position_bias(self, queries: int, keys: int, device: torch.device) -> torch.Tensor:
        assert self.relative_attention_bias is not None
        context = torch.arange(queries, device=device)[:, None]
        memory = torch.arange(keys, device=device)[None, :]
        buckets = relative_bucket(
            memory - context, self.bidirectional, self.config.relative_buckets, self.config.relative_max_distance
        )
        return self.relative_attention_bias(buckets).permute(2, 0, 1).unsqueeze(0)

    def split(self, x: torch.Tensor) -> torch.Tensor:
        return x.view(x.shape[0], -1, self.heads, self.d_kv).transpose(1, 2)

    def forward(self, x: torch.Tensor, memory: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        q, k, v = self.split(self.q(x)), self.split(self.k(memory)), self.split(self.v(memory))
        scores = torch.matmul(q, k.transpose(-1, -2)) + bias
        weights = F.dropout(torch.softmax(scores.float(), dim=-1).to(q.dtype), self.config.dropout, self.training)
        out = torch.matmul(weights, v).transpose(1, 2).reshape(x.shape[0], -1, self.heads * self.d_kv)
        return self.o(out)


class FeedForward(nn.Module):
    def __init__(self, config: T5Config):
        super().__init__()
        self.wi = nn.Linear(config.d_model, config.d_ff, bias=False)
        self.wo = nn.Linear(config.d_ff, config.d_model, bias=False)
        self.dropout = config.dropout

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.wo(F.dropout(F.relu(self.wi(x)), self.dropout, self.training))


class Block(nn.Module):
    def __init__(self, config: T5Config, decoder: bool, first: bool):
        super().__init__()
        self.self_norm = RMSNorm(config.d_model)
        self.self_attention = Attention(config, relative_bias=first, bidirectional=not decoder)
        self.cross_norm = RMSNorm(config.d_model) if decoder else None
        self.cross_attention = Attention(config, relative_bias=False, bidirectional=True) if decoder else None
        self.ff_norm = RMSNorm(config.d_model)
        self.ff = FeedForward(config)
        self.dropout = config.dropout

    def forward(self, x, self_bias, memory=None, cross_bias=None):
        h = self.self_norm(x)
        x = x + F.dropout(self.self_attention(h, h, self_bias), self.dropout, self.training)
        if self.cross_attention is not None:
            h = self.cross_norm(x)
            x = x + F.dropout(self.cross_attention(h, memory, cross_bias), self.dropout, self.training)
        return x + F.dropout(self.ff(self.ff_norm(x)), self.dropout, self.training)


class T5(nn.Module):
    def __init__(self, config: T5Config):
        super().__init__()
        self.config = config
        self.shared = nn.Embedding(config.vocab_size, config.d_model)
        self.encoder = nn.ModuleList([Block(config, False, i == 0) for i in range(config.num_layers)])
        self.encoder_norm = RMSNorm(config.d_model)
        self.decoder = nn.ModuleList([Block(config, True, i == 0) for i in range(config.num_decoder_layers)])
        self.decoder_norm = RMSNorm(config.d_model)
        self._init_weights()

    def _init_weights(self) -> None:
        c = self.config
        nn.init.normal_(self.shared.weight, std=1.0)
        for module in self.modules():
            if isinstance(module, Attention):
                nn.init.normal_(module.q.weight, std=(c.d_model * c.d_kv) ** -0.5)
                for layer in (module.k, module.v):
                    nn.init.normal_(layer.weight, std=c.d_model**-0.5)
                nn.init.normal_(module.o.weight, std=(c.num_heads * c.d_kv) ** -0.5)
                if module.relative_attention_bias is not None:
                    nn.init.normal_(module.relative_attention_bias.weight, std=c.d_model**-0.5)
            elif isinstance(module, FeedForward):
                nn.init.normal_(module.wi.weight, std=c.d_model**-0.5)
                nn.init.normal_(module.wo.weight, std=c.d_ff**-0.5)

    @staticmethod
    def mask_bias(mask: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
        return (1.0 - mask[:, None, None, :].to(dtype)) * torch.finfo(dtype).min

    def encode(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        x = F.dropout(self.shared(input_ids), self.config.dropout, self.training)
        length = input_ids.shape[1]
        bias = self.encoder[0].self_attention.position_bias(length, length, x.device) + self.mask_bias(
            attention_mask, x.dtype
        )
        for block in self.encoder:
            x = block(x, bias)
        return F.dropout(self.encoder_norm(x), self.config.dropout, self.training)

    def decode(self, decoder_ids: torch.Tensor, memory: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        x = F.dropout(self.shared(decoder_ids), self.config.dropout, self.training)
        length = decoder_ids.shape[1]
        causal = torch.triu(torch.full((length, length), torch.finfo(x.dtype).min, device=x.device), 1)
        self_bias = self.decoder[0].self_attention.position_bias(length, length, x.device) + causal
        cross_bias = self.mask_bias(attention_mask, x.dtype)
        for block in self.decoder:
            x = block(x, self_bias, memory, cross_bias)
        x = F.dropout(self.decoder_norm(x), self.config.dropout, self.training)
        return torch.matmul(x * self.config.d_model**-0.5, self.shared.weight.t())

    def forward(self, input_ids, attention_mask, decoder_ids):
        return self.decode(decoder_ids, self.encode(input_ids, attention_mask), attention_mask)

    @torch.no_grad()
    def greedy(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, max_length: int) -> list[list[int]]:
        """Reference decoding without a cache (slow, exact): the tokens the ONNX decoder must reproduce."""
        memory = self.encode(input_ids, attention_mask)
        out = torch.full((input_ids.shape[0], 1), self.config.decoder_start_token_id, dtype=torch.long)
        done = torch.zeros(input_ids.shape[0], dtype=torch.bool)
        for _ in range(max_length):
            logits = self.decode(out, memory, attention_mask)[:, -1]
            token = torch.where(done, self.config.pad_token_id, logits.argmax(-1))
            out = torch.cat([out, token[:, None]], dim=1)
            done |= token == self.config.eos_token_id
            if done.all():
                break
        return [[t for t in row[1:] if t not in (self.config.pad_token_id,)] for row in out.tolist()]
