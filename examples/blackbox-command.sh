#!/usr/bin/env bash
# Optimises an external program through `tnpbo optimize --command`.
#
# The "program" here is an awk script standing in for a training run: it reads four hyper-parameters from its
# arguments, prints a few log lines and ends with its loss. tnpbo splits the command line into arguments itself
# (quotes work as in a shell, but no shell runs), replaces each {name} by the parameter's value, runs the
# program with a time limit and takes the last number it prints as the objective. The run is written to a
# directory as trials finish; the second command resumes it with a larger budget.
#
# Usage: examples/blackbox-command.sh [RUN_DIR]      (after `npm run build`; BUDGET=N changes the budget)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
tnpbo=(node "$here/../dist/src/cli/main.js") # with tnpbo installed: tnpbo=(npx tnpbo)
run_dir="${1:-$(mktemp -d)/run}"
budget="${BUDGET:-16}"

program='BEGIN {
  loss = (x - 0.5)^2 + 0.3 * (log(lr) / log(10) + 2)^2 + 0.1 * (layers - 3)^2 + (opt == "adam" ? 0 : 0.5)
  for (epoch = 1; epoch <= 3; epoch++) printf "epoch %d/3 loss %.4f\n", epoch, loss * (1 + 1 / epoch)
  printf "final loss %.6f\n", loss
}'

echo "optimising the program for $budget evaluations; the run is written to $run_dir"
"${tnpbo[@]}" optimize \
  --command "awk -v x={x} -v lr={lr} -v layers={layers} -v opt={opt} '$program'" \
  --space "x=-2:2,lr=1e-4:1:log,layers=int:1:6,opt=cat:sgd|adam" \
  --budget "$budget" --timeout 10 --out "$run_dir"

echo "resuming the same run for 4 more evaluations"
"${tnpbo[@]}" optimize --resume "$run_dir" --budget $((budget + 4))
echo "every trial: $run_dir/trials.jsonl ($(wc -l < "$run_dir/trials.jsonl") lines)"
