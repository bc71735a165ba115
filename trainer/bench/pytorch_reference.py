#!/usr/bin/env python3
"""PyTorch eager reference for the vae-digits trainer: the homework's VAE, data and settings.

Same model (encoder 196->128 tanh, two heads 128->16 averaged into mu and logvar; decoder
8->128 tanh ->196 logits), same data (MNIST raw IDX, 2x2 blocks summing to >= 510 -> 1),
Adam lr 1e-3, batch 100, loss = batch sum of BCE (from logits) + KL. Prints images/s over the
training steps only and the test -ELBO per epoch. Run with Debian's python3-torch:
    /usr/bin/python3 trainer/bench/pytorch_reference.py --data data/mnist --epochs 3 --threads 1
"""
import argparse
import gzip
import os
import struct
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    opener = gzip.open if not os.path.exists(path) and os.path.exists(path + ".gz") else open
    if opener is gzip.open:
        path = path + ".gz"
    with opener(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def binarize(images):
    # (n, 28, 28) bytes -> (n, 196) floats: a 2x2 block is on when its four bytes sum to >= 510
    blocks = images.reshape(-1, 14, 2, 14, 2).astype(np.int32).sum(axis=(2, 4))
    return (blocks >= 510).astype(np.float32).reshape(-1, 196)


class Vae(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(196, 128)
        self.fc2 = nn.Linear(128, 16)
        self.fc3 = nn.Linear(128, 16)
        self.dec1 = nn.Linear(8, 128)
        self.dec2 = nn.Linear(128, 196)

    def forward(self, x):
        h = torch.tanh(self.fc1(x))
        m = (self.fc2(h) + self.fc3(h)) / 2
        mu, logvar = m[:, :8], m[:, 8:]
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
        return self.dec2(torch.tanh(self.dec1(z))), mu, logvar


def loss_terms(logits, x, mu, logvar):
    bce = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
    kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return bce, kl


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", default="data/mnist")
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--batch-size", type=int, default=100)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    train = torch.from_numpy(binarize(read_idx(os.path.join(args.data, "train-images-idx3-ubyte"))))
    test = torch.from_numpy(binarize(read_idx(os.path.join(args.data, "t10k-images-idx3-ubyte"))))
    model = Vae()
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    n = train.shape[0]
    total_images, total_seconds, later_seconds, cpu_seconds, later_cpu = 0, 0.0, 0.0, 0.0, 0.0
    for epoch in range(1, args.epochs + 1):
        perm = torch.randperm(n)
        shuffled = train[perm]
        start = time.perf_counter()
        start_cpu = time.thread_time()
        for b in range(0, n, args.batch_size):
            x = shuffled[b:b + args.batch_size]
            logits, mu, logvar = model(x)
            bce, kl = loss_terms(logits, x, mu, logvar)
            opt.zero_grad()
            (bce + kl).backward()
            opt.step()
            _ = bce.item(), kl.item()  # the DJL loop also reads both terms every update
        seconds = time.perf_counter() - start
        cpu = time.thread_time() - start_cpu
        cpu_seconds += cpu
        total_images += n
        total_seconds += seconds
        if epoch > 1:
            later_seconds += seconds
            later_cpu += cpu
        with torch.no_grad():
            logits, mu, logvar = model(test)
            bce, kl = loss_terms(logits, test, mu, logvar)
        print(f"pytorch epoch {epoch}: {n / seconds:,.0f} images/s ({seconds:.2f} s), "
              f"test -ELBO {(bce + kl).item() / test.shape[0]:.3f} (BCE {bce.item() / test.shape[0]:.3f}, "
              f"KL {kl.item() / test.shape[0]:.3f})", flush=True)
    later = n * (args.epochs - 1) / later_seconds if args.epochs > 1 else total_images / total_seconds
    later_per_cpu = n * (args.epochs - 1) / later_cpu if args.epochs > 1 else total_images / cpu_seconds
    print(f"PyTorch {torch.__version__} eager, {args.threads} thread(s), batch {args.batch_size}, "
          f"{args.epochs} epochs: {total_images / total_seconds:.0f} images/s over all epochs, "
          f"{later:.0f} images/s after the first; per CPU second of the training thread: "
          f"{total_images / cpu_seconds:.0f}, {later_per_cpu:.0f} after the first")


if __name__ == "__main__":
    main()
