#!/usr/bin/env bash
# STAT under load (issue "Speed", priority that means something): how long a 300-instance STAT study takes from
# `send` start to `receive` exit (acknowledged) on a server of its own, and again while three routine
# 2000-instance transfers (each sent and received at once) are running on the same server. Each round runs both
# with this build and, when given, with an older build that has no scheduling, side by side.
#
#   bench/transfer/priority.sh [REPEATS]          default 3 rounds
#   env: HANDOFF_BENCH_DIR                        studies and builds (default ${TMPDIR:-/tmp}/handoff-bench)
#        HANDOFF_CLI_DLL, HANDOFF_SERVER_DLL      the build to measure (default: build src/ in Release, as run.sh does)
#        HANDOFF_BASELINE_CLI_DLL, HANDOFF_BASELINE_SERVER_DLL
#                                                 an older build measured the same way ("baseline")
# Written files go to /dev/shm. Runs inside `unshare -n` (only loopback), as run.sh does.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
root=${HANDOFF_BENCH_DIR:-${TMPDIR:-/tmp}/handoff-bench}
repeats=${1:-3}
log() { printf '%s\n' "$*" >&2; }
die() { log "priority.sh: $*"; exit 1; }

if [[ -z ${HANDOFF_PRIORITY_INNER:-} ]]; then
    mkdir -p "$root"
    build="$root/transfer-build"
    if [[ -z ${HANDOFF_CLI_DLL:-} || -z ${HANDOFF_SERVER_DLL:-} ]]; then
        for p in Handoff.Cli Handoff.Server; do
            log "building $p (Release)..."
            dotnet build -c Release --artifacts-path "$build" "$repo/src/$p/$p.csproj" -v quiet -nologo >"$build.$p.log" 2>&1 || die "build of $p failed (see $build.$p.log)"
        done
    fi
    export BENCH_CLI=${HANDOFF_CLI_DLL:-$build/bin/Handoff.Cli/release/handoff.dll}
    export BENCH_SERVER=${HANDOFF_SERVER_DLL:-$build/bin/Handoff.Server/release/Handoff.Server.dll}
    # Distinct seeds: content addressing would otherwise spare the later uploads most of their work.
    for spec in "300 7" "2000 42" "2000 43" "2000 44"; do
        read -r n seed <<<"$spec"
        dir="$root/ct-$n-seed$seed"
        if [[ ! -f $dir.complete ]]; then
            log "writing the study: $n slices, seed $seed -> $dir"
            rm -rf "$dir"
            dotnet "$BENCH_CLI" dicom synth --out "$dir" --slices "$n" --seed "$seed" >/dev/null
            echo "$n" >"$dir.complete"
        fi
    done
    export HANDOFF_PRIORITY_INNER=1
    exec unshare -n -- bash "${BASH_SOURCE[0]}" "$@"
fi

ip link set lo up
work=$(mktemp -d /dev/shm/handoff-priority.XXXXXX)
results="$work/results.tsv"
: >"$results"
trap 'pkill -P $$ 2>/dev/null || true; kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
stat_study="$root/ct-300-seed7"
routine_studies=("$root/ct-2000-seed42" "$root/ct-2000-seed43" "$root/ct-2000-seed44")
for s in "$stat_study" "${routine_studies[@]}"; do find "$s" -type f -exec cat {} + >/dev/null; done # page cache

stamp() { local _now=${EPOCHREALTIME/[.,]/}; printf -v "$1" '%s' "$_now"; }
secs() { printf '%d.%06d' $(($1 / 1000000)) $(($1 % 1000000)); }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
h() { HANDOFF_SERVER=$url dotnet "$cli" "$@"; }

start_server() { # sets url server_pid op
    local data="$work/data" p1 p2 p3 p4
    rm -rf "$data" && mkdir -p "$data"
    p1=$(free_port) p2=$(free_port) p3=$(free_port) p4=$(free_port)
    url="http://127.0.0.1:$p1"
    dotnet "$server" --Handoff:DataPath="$data" --Kestrel:Endpoints:Grpc:Url="$url" --Kestrel:Endpoints:Web:Url="http://127.0.0.1:$p4" \
        --Handoff:Silo:SiloPort="$p2" --Handoff:Silo:GatewayPort="$p3" >"$work/server.log" 2>&1 &
    server_pid=$!
    local deadline=$((SECONDS + 90))
    until [[ -s $data/operator.key ]] && op=$(tr -d '[:space:]' <"$data/operator.key") && HANDOFF_KEY=$op h facility list >/dev/null 2>&1; do
        kill -0 "$server_pid" 2>/dev/null || die "server exited: $(tail -5 "$work/server.log")"
        ((SECONDS < deadline)) || die "server did not answer"
        sleep 0.1
    done
}
add_facility() { HANDOFF_KEY=$op h facility add "$1" --name "$1" | tail -1; }

# One transfer: send FOLDER from facility key $2 to $3 at priority $4 while $3 (key $5) receives it; the receive
# starts as soon as the destination's inbox shows the transfer. Writes "<seconds>" to $6 when acknowledged.
transfer() { # folder srcKey dest priority destKey outfile
    local folder=$1 src=$2 dest=$3 priority=$4 dkey=$5 outfile=$6 tag t0 t1 id=""
    tag=$(basename "$outfile")
    mkdir -p "$work/$tag.recv"
    stamp t0
    HANDOFF_KEY=$src h send "$folder" --to "$dest" --priority "$priority" >"$work/$tag.send" 2>&1 &
    local sender=$!
    until [[ -n $id ]]; do
        id=$(HANDOFF_KEY=$dkey h inbox --json 2>/dev/null | jq -r '.. | objects | .transferId? // empty' 2>/dev/null | head -1 || true)
        [[ -n $id ]] || { kill -0 $sender 2>/dev/null || die "$tag: send ended without a transfer: $(tail -2 "$work/$tag.send")"; sleep 0.05; }
    done
    HANDOFF_KEY=$dkey h receive "$id" --out "$work/$tag.recv" >"$work/$tag.receive" 2>&1 || die "$tag: receive failed: $(tail -2 "$work/$tag.receive")"
    stamp t1
    wait $sender || die "$tag: send failed: $(tail -2 "$work/$tag.send")"
    secs $((t1 - t0)) >"$outfile"
    rm -rf "$work/$tag.recv"
}

run_round() { # label run
    local label=$1 run=$2 alone loaded
    # Alone.
    start_server
    local ka kb
    ka=$(add_facility stat-a) kb=$(add_facility stat-b)
    transfer "$stat_study" "$ka" stat-b stat "$kb" "$work/alone"
    alone=$(<"$work/alone")
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
    # Under load: three routine transfers first, each from its own facility to its own destination.
    rm -f "$work"/routine-?
    start_server
    ka=$(add_facility stat-a) kb=$(add_facility stat-b)
    local pids=() i
    for i in 0 1 2; do
        local rs rd
        rs=$(add_facility "routine-$i") rd=$(add_facility "routine-$i-dest")
        # ROUTINE_NICE (an experiment, not the product): run the routine clients at a lower CPU priority, to see how
        # much of the slowdown is the clients competing for this machine's two cores rather than for the server.
        nice -n "${ROUTINE_NICE:-0}" bash -c "$(declare -f transfer h stamp secs die log); work=$work url=$url cli=$cli; transfer \"\$@\"" _ \
            "${routine_studies[$i]}" "$rs" "routine-$i-dest" routine "$rd" "$work/routine-$i" &
        pids+=($!)
    done
    # Let them get under way: every routine destination has its transfer in the inbox and bytes are moving.
    sleep 3
    transfer "$stat_study" "$ka" stat-b stat "$kb" "$work/loaded"
    loaded=$(<"$work/loaded")
    local still=0
    for i in 0 1 2; do [[ -s $work/routine-$i ]] || still=$((still + 1)); done
    wait "${pids[@]}" || die "a routine transfer failed"
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
    printf '%s\t%s\t%s\t%s\t%s\n' "$label" "$run" "$alone" "$loaded" "$still" >>"$results"
    printf '%-8s run %d: STAT alone %6.2f s, under load %6.2f s (%.2f x; %d of 3 routine transfers still running when it finished; routine took %s s)\n' \
        "$label" "$run" "$alone" "$loaded" "$(echo "$loaded / $alone" | bc -l)" "$still" "$(for f in "$work"/routine-?; do printf '%.1f ' "$(<"$f")"; done)"
}

for ((r = 1; r <= repeats; r++)); do
    cli=$BENCH_CLI server=$BENCH_SERVER
    run_round handoff "$r"
    if [[ -n ${HANDOFF_BASELINE_CLI_DLL:-} ]]; then
        cli=$HANDOFF_BASELINE_CLI_DLL server=$HANDOFF_BASELINE_SERVER_DLL
        run_round baseline "$r"
    fi
done

python3 - "$results" <<'PY'
import statistics, sys
rows = [l.split("\t") for l in open(sys.argv[1]) if l.strip()]
print()
for label in ("handoff", "baseline"):
    rs = [r for r in rows if r[0] == label]
    if not rs: continue
    alone = statistics.median(float(r[2]) for r in rs); loaded = statistics.median(float(r[3]) for r in rs)
    ratios = [float(r[3]) / float(r[2]) for r in rs]
    print(f"{label:<8} STAT 300 alone median {alone:.2f} s, under three routine 2000s median {loaded:.2f} s, "
          f"ratio median {statistics.median(ratios):.2f} (target <= 1.5); per run " + " ".join(f"{x:.2f}" for x in ratios))
PY
