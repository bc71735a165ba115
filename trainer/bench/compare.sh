#!/usr/bin/env bash
# Training throughput, DJL vs PyTorch eager, side by side in one run: the same model, data,
# batch size and one intra-op thread; the two alternate ROUNDS times so machine noise hits both.
# Usage: trainer/bench/compare.sh [EPOCHS] [ROUNDS]   (from the repository root; needs
# trainer/target/trainer.jar from `mvn package`, data/mnist, and Debian's python3-torch with an
# optimized BLAS: `apt-get install libopenblas0-pthread`; without it torch falls back to the
# reference BLAS and runs about 6x slower, which would flatter DJL)
set -euo pipefail
cd "$(dirname "$0")/../.."
EPOCHS="${1:-3}"
ROUNDS="${2:-2}"
JAR="${JAR:-trainer/target/trainer.jar}"   # another build to compare: JAR=/path/trainer.jar
[ -f "$JAR" ] || { echo "missing $JAR: run 'mvn -B package -DskipTests' first" >&2; exit 1; }
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round"
  java -jar "$JAR" bench --epochs "$EPOCHS" --data data/mnist 2>/dev/null | grep -E "^DJL"
  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 trainer/bench/pytorch_reference.py --epochs "$EPOCHS" --data data/mnist --threads 1 | grep "^PyTorch"
done
