#!/usr/bin/env bash
# Starts or resumes one of the project's training runs, then, once the run has finished all its steps, copies its
# best checkpoint into surrogates/weights/ (the weights the package ships).
#
#   training-runs/train.sh NAME [MAX_SECONDS]      e.g. training-runs/train.sh tnp-kr-dka-bo 3600
#   training-runs/train.sh --ship NAME             ship the best checkpoint of a run that has not finished yet
#   training-runs/train.sh --list
#
# Every run keeps its state, best checkpoint and log in training-runs/NAME/ (written as it goes; the files are named
# after the weights the run ships as, so that the checkpoint's manifest names its own .bin), so a run cut
# short by MAX_SECONDS or a killed session continues exactly where it stopped. Needs `npm run build` first.
set -euo pipefail
# The whole script is one function, read in full before it runs, called on the same line as the exit: editing
# this file while a run is going cannot change what that run executes.
main() {
cd "$(dirname "$0")/.."

# name | model | ships as (file stem in surrogates/weights) | settings (wasm backend; the small preset unless they name one)
RUNS=$(cat <<'EOF'
tnp-kr-sa-gp1d|tnp-kr-sa|tnp-kr-sa-gp1d|--protocol gp-standard --steps 80000 --validate-every 1000 --validation-batches 100 --log-every 50 --seed 0
tnp-kr-dka-gp1d|tnp-kr-dka|tnp-kr-dka-gp1d|--protocol gp-standard --steps 20000 --validate-every 1000 --validation-batches 100 --log-every 50 --seed 0
tnp-kr-performer-gp1d|tnp-kr-performer|tnp-kr-performer-gp1d|--protocol gp-standard --steps 10000 --validate-every 1000 --validation-batches 100 --log-every 50 --seed 0
tnp-d-gp1d|tnp-d|tnp-d-gp1d|--protocol gp-standard --steps 40000 --validate-every 1000 --validation-batches 100 --log-every 50 --seed 0
cnp-gp1d|cnp|cnp-gp1d|--protocol gp-standard --steps 30000 --validate-every 1000 --validation-batches 100 --log-every 50 --seed 0
np-gp1d|np|np-gp1d|--protocol gp-standard --steps 20000 --validate-every 1000 --validation-batches 100 --log-every 50 --seed 0
cmanp-gp1d|cmanp|cmanp-gp1d|--protocol gp-standard --steps 6000 --validate-every 1000 --validation-batches 100 --log-every 50 --seed 0
tnp-kr-sa-bo|tnp-kr-sa|tnp-kr-sa-bo|--protocol bo-prior --dim 8 --min-dim 1 --steps 12000 --validate-every 1000 --validation-batches 50 --log-every 50 --seed 0
tnp-kr-dka-bo|tnp-kr-dka|tnp-kr-dka-bo|--protocol bo-prior --dim 8 --min-dim 1 --steps 8000 --validate-every 1000 --validation-batches 50 --log-every 50 --seed 0
tnp-kr-performer-bo|tnp-kr-performer|tnp-kr-performer-bo|--protocol bo-prior --dim 8 --min-dim 1 --steps 3000 --validate-every 500 --validation-batches 50 --log-every 50 --seed 0
tnp-d-bo|tnp-d|tnp-d-bo|--protocol bo-prior --dim 8 --min-dim 1 --steps 6000 --validate-every 1000 --validation-batches 50 --log-every 50 --seed 0
cnp-bo|cnp|cnp-bo|--protocol bo-prior --dim 8 --min-dim 1 --steps 12000 --validate-every 1000 --validation-batches 50 --log-every 50 --seed 0
np-bo|np|np-bo|--protocol bo-prior --dim 8 --min-dim 1 --steps 8000 --validate-every 1000 --validation-batches 50 --log-every 50 --seed 0
cmanp-bo|cmanp|cmanp-bo|--protocol bo-prior --dim 8 --min-dim 1 --steps 1500 --validate-every 500 --validation-batches 50 --log-every 50 --seed 0
tnp-kr-sa-bo-2|tnp-kr-sa|tnp-kr-sa-bo|--protocol bo-prior --dim 8 --min-dim 1 --steps 40000 --validate-every 1000 --validation-batches 50 --log-every 50 --seed 1 --init-from training-runs/tnp-kr-sa-bo/tnp-kr-sa-bo.json
tnp-kr-dka-bo-2|tnp-kr-dka|tnp-kr-dka-bo|--protocol bo-prior --dim 8 --min-dim 1 --steps 16000 --validate-every 1000 --validation-batches 50 --log-every 50 --seed 1 --init-from training-runs/tnp-kr-dka-bo/tnp-kr-dka-bo.json
cmanp-bo-2|cmanp|cmanp-bo|--protocol bo-prior --dim 8 --min-dim 1 --steps 3000 --validate-every 500 --validation-batches 50 --log-every 50 --seed 1 --init-from training-runs/cmanp-bo/cmanp-bo.json
cmanp-bo-3|cmanp|cmanp-bo|--protocol bo-prior --dim 8 --min-dim 1 --steps 10000 --validate-every 1000 --validation-batches 50 --log-every 50 --seed 1 --init-from training-runs/cmanp-bo-2/cmanp-bo.json
tnp-kr-sa-bo-det|tnp-kr-sa|tnp-kr-sa-bo|--protocol bo-prior --dim 8 --min-dim 1 --noise 1e-4,1e-2 --steps 4000 --lr 2e-4 --validate-every 500 --validation-batches 50 --log-every 50 --seed 2 --init-from training-runs/tnp-kr-sa-bo-2/tnp-kr-sa-bo.json
tnp-kr-sa-bo-paper|tnp-kr-sa|tnp-kr-sa-bo|--preset paper --protocol bo-prior --dim 8 --min-dim 1 --steps 40000 --validate-every 1000 --validation-batches 50 --log-every 50 --seed 1
EOF
)

if [[ "${1:-}" == "--list" || $# -lt 1 ]]; then
  echo "$RUNS" | cut -d'|' -f1
  exit 0
fi
ship_now=false
if [[ "$1" == "--ship" ]]; then
  ship_now=true
  shift
fi
name=${1:-}
max_seconds=${2:-}
line=$(echo "$RUNS" | grep "^${name}|" || true)
if [[ -z "$line" ]]; then
  echo "train.sh: unknown run \"$name\"; runs: $(echo "$RUNS" | cut -d'|' -f1 | tr '\n' ' ')" >&2
  exit 2
fi
model=$(echo "$line" | cut -d'|' -f2)
ships_as=$(echo "$line" | cut -d'|' -f3)
settings=$(echo "$line" | cut -d'|' -f4)
dir=training-runs/$name
out=$dir/$ships_as.json
if $ship_now; then
  [[ -f $out ]] || { echo "train.sh: run $name has no best checkpoint yet ($out)" >&2; exit 2; }
  cp "$out" "$dir/$ships_as.bin" surrogates/weights/
  # The manifest records the step of the checkpoint and the run's total, so the shipped file says it is unfinished.
  node -e 'const t = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).training;
    console.log(`train.sh: shipped surrogates/weights/${process.argv[2]}.json from step ${t.step} of ${t.steps}`)' "$out" "$ships_as"
  exit 0
fi
mkdir -p "$dir"
resume=()
[[ -f $dir/$ships_as.state ]] && resume=(--resume)
limit=()
[[ -n "$max_seconds" ]] && limit=(--max-seconds "$max_seconds")
preset=(--preset small)
[[ "$settings" == *"--preset "* ]] && preset=()
# shellcheck disable=SC2086 # the settings are a list of flags
node dist/src/cli/main.js train --model "$model" "${preset[@]}" $settings --backend wasm --save-every 200 \
  --out "$out" "${resume[@]}" "${limit[@]}" 2>&1 | tee -a "$dir/console.log"

steps=$(echo "$settings" | sed -E 's/.*--steps ([0-9]+).*/\1/')
done_steps=$(tail -n 1 "$dir/$ships_as.log.jsonl" | sed -E 's/.*"step":([0-9]+).*/\1/')
if [[ "$done_steps" == "$steps" ]]; then
  cp "$out" "$dir/$ships_as.bin" surrogates/weights/
  echo "train.sh: $name finished ($steps steps); best checkpoint copied to surrogates/weights/$ships_as.json"
else
  echo "train.sh: $name stopped at step $done_steps of $steps; run the same command again to continue"
fi
}
# Call and exit on one line: bash has read the whole line before running it, so nothing after it is ever read.
main "$@"; exit $?
