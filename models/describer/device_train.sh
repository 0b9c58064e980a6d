#!/usr/bin/env bash
# Train the describer on a machine with an accelerator, in one command, and bring the weights back.
#
# Runs in the repository root there, with the prepared data packed beside it (pack.py) under a
# carried folder, and writes the trained weights as bf16 files of at most 15 MB into $OUT (shards.py):
#
#   here:  python models/describer/pack.py pack /work/data/describer-v12-lower .carry/describer-data.xz
#          (and, to go on from an earlier run, its weight files copied into .carry/weights/)
#   there: bash models/describer/device_train.sh MINUTES [train.py options, e.g. --token-budget 65536]
#          with .carry carried; without .carry/weights it starts from the shipped model (recover.py)
#   here:  python models/describer/shards.py join FILES_FOLDER /work/data/describer-gpu
#          python models/describer/export.py --train /work/data/describer-gpu ...
#
# The same train.py as on CPU: --device auto takes the GPU, --bf16 autocasts on it.
set -euo pipefail
minutes=${1:?minutes of training}
shift
carry=${CARRY:-.carry}
work=${WORK:-/tmp/describer-device}
out=${OUT:?OUT must name the folder whose files come back}
python3 models/describer/pack.py unpack "$carry/describer-data.xz" "$work/data"
if compgen -G "$carry/weights/describer-weights-*.pt" >/dev/null; then
  python3 models/describer/shards.py join "$carry/weights" "$work/train"
else
  python3 models/describer/recover.py --out "$work/train"
fi
PYTHONUNBUFFERED=1 python3 models/describer/train.py --data "$work/data" --out "$work/train" \
  --minutes "$minutes" --checkpoint-minutes 1000 --bf16 "$@" | tee "$out/train.log"
python3 models/describer/shards.py split "$work/train/checkpoint.pt" "$out"
