#!/usr/bin/env bash
# Whole-process comparison for issue 2 ("Speed"): `handoff dicom index DIR` against `dcmdump -q +sd +r -M DIR`
# over the same 2000-slice synthetic CT study, from the page cache, run alternately in one session so both
# see the same machine load. Target: handoff's median no longer than dcmdump's.
#
#   bench/index-vs-dcmdump.sh [RUNS]       RUNS defaults to 7
#   HANDOFF_BENCH_DIR=/somewhere ...       where the study lives (default $TMPDIR or /tmp, under handoff-bench/)
#
# The CLI is timed three ways: `dotnet handoff.dll` and the apphost `handoff` of the plain Release build, and
# the apphost of a ReadyToRun publish (precompiled, so the process spends less of its life in the JIT).
set -euo pipefail

runs=${1:-7}
slices=2000
seed=1
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
root=${HANDOFF_BENCH_DIR:-${TMPDIR:-/tmp}/handoff-bench}
# Same folder and marker as bench/Handoff.Dicom.Bench (BenchStudy.cs): one copy of the 1 GiB study serves both.
study="$root/ct-$slices-seed$seed"
marker="$study.complete"
bin="$repo/src/Handoff.Cli/bin/Release/net10.0"
r2r="$root/handoff-r2r"

command -v dcmdump >/dev/null || { echo "dcmdump not found: apt-get install -y dcmtk" >&2; exit 1; }

echo "building the CLI (Release)..."
dotnet build -c Release "$repo/src/Handoff.Cli/Handoff.Cli.csproj" -v quiet -nologo >/dev/null
echo "publishing the CLI (Release, ReadyToRun) to $r2r..."
# A RID-specific publish restores again; --artifacts-path keeps that away from src/*/obj, which others build from.
dotnet publish "$repo/src/Handoff.Cli/Handoff.Cli.csproj" -c Release -r linux-x64 --self-contained false \
    -p:PublishReadyToRun=true --artifacts-path "$root/artifacts" -o "$r2r" -v quiet -nologo >/dev/null

if [[ ! -f "$marker" ]]; then
    # The marker is written last, beside the study, so an interrupted run is redone and the study folder
    # holds only DICOM files (a stray file would be "skipped" work for one tool and not the other).
    rm -rf "$study"
    dotnet "$bin/handoff.dll" dicom synth --out "$study" --slices "$slices" --seed "$seed"
    echo "$slices" >"$marker"
fi

echo "warming the page cache..."
find "$study" -type f -exec cat {} + >/dev/null

# name -> command; each run of a command is timed wall-clock from start to exit, output discarded.
names=(dcmdump handoff-dll handoff-apphost handoff-r2r)
declare -A cmds=(
    [dcmdump]="dcmdump -q +sd +r -M $study"
    [handoff-dll]="dotnet $bin/handoff.dll dicom index $study"
    [handoff-apphost]="$bin/handoff dicom index $study"
    [handoff-r2r]="$r2r/handoff dicom index $study"
)
declare -A times=()

# One untimed run each: the first start of a runtime or a binary pays for loading it from disk.
for name in "${names[@]}"; do
    ${cmds[$name]} >/dev/null || { echo "$name failed: ${cmds[$name]}" >&2; exit 1; }
done

printf '%-4s' run; printf ' %16s' "${names[@]}"; echo
for ((i = 1; i <= runs; i++)); do
    printf '%-4s' "$i"
    for name in "${names[@]}"; do
        start=$(date +%s%N)
        ${cmds[$name]} >/dev/null
        end=$(date +%s%N)
        ms=$(( (end - start) / 1000000 ))
        times[$name]+="$ms "
        printf ' %14s ms' "$ms"
    done
    echo
done

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

declare -A med=()
printf '%-4s' med
for name in "${names[@]}"; do
    med[$name]=$(median <<<"${times[$name]}")
    printf ' %14s ms' "${med[$name]}"
done
echo

for name in handoff-dll handoff-apphost handoff-r2r; do
    awk -v h="${med[$name]}" -v d="${med[dcmdump]}" -v n="$name" \
        'BEGIN { printf "%s / dcmdump = %.2f (%s)\n", n, h / d, h <= d ? "meets the target" : "slower than dcmdump" }'
done
echo "($runs runs each, alternating; $(nproc) cores; study: $slices files in $study)"
