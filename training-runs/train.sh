#!/usr/bin/env bash
# Starts or resumes one of the project's training runs, then, once the run has finished all its steps, copies its
# best checkpoint into surrogates/weights/ (the weights the package ships).
#
#   training-runs/train.sh NAME [MAX_SECONDS]      e.g. training-runs/train.sh tnp-kr-dka-bo 3600
#   training-runs/train.sh --list
#
# Every run keeps its state, best checkpoint and log in training-runs/NAME/ (written as it goes), so a run cut
# short by MAX_SECONDS or a killed session continues exactly where it stopped. Needs `npm run build` first.
set -euo pipefail
cd "$(dirname "$0")/.."

# name | model | protocol settings (all runs: small preset, seed 0, wasm backend)
RUNS=$(cat <<'EOF'
tnp-kr-sa-gp1d|tnp-kr-sa|--protocol gp-standard --steps 80000 --validate-every 1000 --validation-batches 100 --log-every 50
tnp-kr-dka-gp1d|tnp-kr-dka|--protocol gp-standard --steps 40000 --validate-every 1000 --validation-batches 100 --log-every 50
tnp-kr-performer-gp1d|tnp-kr-performer|--protocol gp-standard --steps 30000 --validate-every 1000 --validation-batches 100 --log-every 50
tnp-d-gp1d|tnp-d|--protocol gp-standard --steps 40000 --validate-every 1000 --validation-batches 100 --log-every 50
cnp-gp1d|cnp|--protocol gp-standard --steps 40000 --validate-every 1000 --validation-batches 100 --log-every 50
np-gp1d|np|--protocol gp-standard --steps 40000 --validate-every 1000 --validation-batches 100 --log-every 50
cmanp-gp1d|cmanp|--protocol gp-standard --steps 15000 --validate-every 1000 --validation-batches 100 --log-every 50
tnp-kr-sa-bo|tnp-kr-sa|--protocol bo-prior --dim 8 --min-dim 1 --steps 12000 --validate-every 1000 --validation-batches 50 --log-every 50
tnp-kr-dka-bo|tnp-kr-dka|--protocol bo-prior --dim 8 --min-dim 1 --steps 12000 --validate-every 1000 --validation-batches 50 --log-every 50
tnp-kr-performer-bo|tnp-kr-performer|--protocol bo-prior --dim 8 --min-dim 1 --steps 8000 --validate-every 1000 --validation-batches 50 --log-every 50
tnp-d-bo|tnp-d|--protocol bo-prior --dim 8 --min-dim 1 --steps 12000 --validate-every 1000 --validation-batches 50 --log-every 50
cnp-bo|cnp|--protocol bo-prior --dim 8 --min-dim 1 --steps 12000 --validate-every 1000 --validation-batches 50 --log-every 50
np-bo|np|--protocol bo-prior --dim 8 --min-dim 1 --steps 12000 --validate-every 1000 --validation-batches 50 --log-every 50
cmanp-bo|cmanp|--protocol bo-prior --dim 8 --min-dim 1 --steps 4000 --validate-every 500 --validation-batches 50 --log-every 50
EOF
)

if [[ "${1:-}" == "--list" || $# -lt 1 ]]; then
  echo "$RUNS" | cut -d'|' -f1
  exit 0
fi
name=$1
max_seconds=${2:-}
line=$(echo "$RUNS" | grep "^${name}|" || true)
if [[ -z "$line" ]]; then
  echo "train.sh: unknown run \"$name\"; runs: $(echo "$RUNS" | cut -d'|' -f1 | tr '\n' ' ')" >&2
  exit 2
fi
model=$(echo "$line" | cut -d'|' -f2)
settings=$(echo "$line" | cut -d'|' -f3)
dir=training-runs/$name
out=$dir/$name.json
mkdir -p "$dir"
resume=()
[[ -f $dir/$name.state ]] && resume=(--resume)
limit=()
[[ -n "$max_seconds" ]] && limit=(--max-seconds "$max_seconds")
# shellcheck disable=SC2086 # the settings are a list of flags
node dist/src/cli/main.js train --model "$model" --preset small $settings --seed 0 --backend wasm --save-every 200 \
  --out "$out" "${resume[@]}" "${limit[@]}" 2>&1 | tee -a "$dir/console.log"

steps=$(echo "$settings" | sed -E 's/.*--steps ([0-9]+).*/\1/')
done_steps=$(tail -n 1 "$dir/$name.log.jsonl" | sed -E 's/.*"step":([0-9]+).*/\1/')
if [[ "$done_steps" == "$steps" ]]; then
  cp "$out" "$dir/$name.bin" surrogates/weights/
  echo "train.sh: $name finished ($steps steps); best checkpoint copied to surrogates/weights/$name.json"
else
  echo "train.sh: $name stopped at step $done_steps of $steps; run the same command again to continue"
fi
