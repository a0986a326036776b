#!/usr/bin/env bash
# A real Slurm test: install Debian's slurm-wlm and munge if missing, start a one-node cluster
# on localhost, submit deploy/slurm's job array (4 shards) and its dependent merge job for a
# small scenario, wait for the merge, and compare its summary.json byte for byte with a
# single-machine run. Stops everything it started. Run from the repository root (CI does);
# needs root for apt-get and the daemons.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
bin="${SPMSIM_BIN:-$root/target/release/spmsim}"
[ -x "$bin" ] || cargo build --release --locked
work="$(mktemp -d /tmp/spmsim-slurm.XXXXXX)"
chmod 755 "$work"
log() { printf '[slurm-test] %s\n' "$*"; }

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    log "installing slurm-wlm and munge"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
fi

started=()
cleanup() {
    set +e
    command -v scancel >/dev/null && scancel --user="$(id -un)" >/dev/null 2>&1
    for p in "${started[@]}"; do kill "$p" 2>/dev/null; done
    sleep 1
    for p in "${started[@]}"; do kill -9 "$p" 2>/dev/null; done
    [ -n "${keep:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

# munge: a key and a daemon on its own socket directory.
mkdir -p /etc/munge /var/lib/munge /var/log/munge /run/munge
if [ ! -s /etc/munge/munge.key ]; then
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
fi
chown -R munge:munge /etc/munge /var/lib/munge /var/log/munge /run/munge 2>/dev/null || true
chmod 0700 /etc/munge /var/lib/munge /var/log/munge
chmod 0400 /etc/munge/munge.key
chmod 0755 /run/munge
if ! pgrep -x munged >/dev/null; then
    if id munge >/dev/null 2>&1; then
        runuser -u munge -- /usr/sbin/munged
    else
        /usr/sbin/munged --force
    fi
    sleep 1
fi
munge -n | unmunge >/dev/null || { log "munge does not work"; exit 1; }

# A one-node cluster on localhost.
cpus=$(nproc)
mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2 ))
conf_dir=/etc/slurm
mkdir -p "$conf_dir" /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
cat > "$conf_dir/slurm.conf" <<CONF
ClusterName=spmsimtest
SlurmctldHost=localhost
AuthType=auth/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName=localhost NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=${mem} State=UNKNOWN
PartitionName=test Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
rm -f "$conf_dir/cgroup.conf"
log "starting slurmctld and slurmd"
slurmctld -D -c -i >"$work/slurmctld.out" 2>&1 &
started+=($!)
sleep 2
slurmd -D -N localhost >"$work/slurmd.out" 2>&1 &
started+=($!)
for _ in $(seq 60); do
    state=$(sinfo -h -n localhost -o %t 2>/dev/null || true)
    case "$state" in idle*|mix*|alloc*) break ;; esac
    sleep 1
done
state=$(sinfo -h -n localhost -o %t 2>/dev/null || true)
if [[ "$state" != idle* ]]; then
    scontrol update nodename=localhost state=resume >/dev/null 2>&1 || true
    sleep 2
    state=$(sinfo -h -n localhost -o %t 2>/dev/null || true)
fi
log "node state: ${state:-unknown}"
[[ "$state" == idle* || "$state" == mix* ]] || { cat "$work"/slurm*.out /var/log/slurm/*.log 2>/dev/null | tail -40; exit 1; }

# The scenario: small, with a sweep and uncertainty, so every part of the merge is exercised.
cat > "$work/scenario.toml" <<'TOML'
[run]
trials = 64
seed = 4242
pilot_trials = 16
burn_in_weeks = 13
horizon_weeks = 26
[complex]
value_median = { dist = "lognormal", median = 900000, sigma = 0.3 }
[[variants]]
name = "baseline"
baseline = true
[[variants]]
name = "spm"
regime = "balanced"
coaching_hours = 1.0
[sweep]
base = "spm"
[[sweep.parameters]]
path = "coaching_hours"
values = [0.5, 1.5]
TOML

log "submitting a 4-task job array and its merge job"
out="$work/results"
ids=$(SCENARIO="$work/scenario.toml" OUT="$out" SHARDS=4 SPMSIM="$bin" deploy/slurm/submit.sh)
log "$ids"
deadline=$((SECONDS + 300))
while squeue -h 2>/dev/null | grep -q .; do
    if (( SECONDS > deadline )); then log "timed out"; squeue; exit 1; fi
    sleep 2
done
if [ ! -f "$out/merged/manifest.json" ]; then
    log "the merge job did not produce a result"
    tail -n 20 "$out"/logs/*.log 2>/dev/null || true
    exit 1
fi

log "single-machine run for comparison"
"$bin" run "$work/scenario.toml" --out "$work/single" --quiet
if cmp "$out/merged/summary.json" "$work/single/summary.json"; then
    log "merged summary.json is byte-identical to the single-machine run"
    echo "1 passed, 0 failed"
else
    log "summary.json differs"
    echo "0 passed, 1 failed"
    keep=1
    exit 1
fi
