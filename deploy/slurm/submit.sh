#!/usr/bin/env bash
# Submit an spmsim run as a Slurm job array of SHARDS tasks plus a dependent merge job.
#   SCENARIO=scenarios/default.toml OUT=/shared/results SHARDS=8 deploy/slurm/submit.sh
# Optional: SPMSIM (path to the binary, default `spmsim` on PATH), SPMSIM_ARGS (extra run
# flags such as "--trials 100000 --seed 7"), SBATCH_ARGS (extra sbatch flags, e.g. a partition).
# Prints the array job id and the merge job id; the result is in OUT/merged.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
: "${SCENARIO:?set SCENARIO}" "${OUT:?set OUT}"
SHARDS="${SHARDS:-4}"
export SCENARIO OUT SPMSIM="${SPMSIM:-spmsim}" SPMSIM_ARGS="${SPMSIM_ARGS:-}"
mkdir -p "$OUT/logs"
array=$(sbatch --parsable --export=ALL --array="1-${SHARDS}" \
    --output="$OUT/logs/shard-%a.log" ${SBATCH_ARGS:-} "$here/spmsim-array.sbatch")
array=${array%%;*}
merge=$(sbatch --parsable --export=ALL --dependency="afterok:${array}" \
    --output="$OUT/logs/merge.log" ${SBATCH_ARGS:-} "$here/spmsim-merge.sbatch")
merge=${merge%%;*}
echo "array job ${array} (${SHARDS} shards), merge job ${merge}; result: ${OUT}/merged"
