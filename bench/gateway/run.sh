#!/usr/bin/env bash
# Facility gateway benchmark (issue 12): one synthetic CT study pushed over DICOM, measured side by side with
# dcmtk and Orthanc. Every round runs each peer once, in turn, so all of them see the same machine load:
#   dcmtk     storescu -> storescp (writing files): the baseline, (a)
#   ingest    storescu -> north gateway (spool fsynced), until the server holds every instance, (b)
#   nofsync   the same with `handoff gateway --no-fsync`: the cost of the fsync policy, (f)
#   whole     storescu -> north gateway -> server -> south gateway --deliver -> storescp, until storescp has
#             written every file and the transfer is acknowledged, (c); peak RSS of both gateways, (e)
#   orthanc   Orthanc A -> Orthanc B peer store (A loaded beforehand, untimed), (d)
# Medians and ratios at the end.
#
#   bench/gateway/run.sh [SLICES [REPEATS]]   default 2000 slices (~1 GB) and 3 rounds
#   bench/gateway/run.sh --memory [REPEATS]   one 1 GiB instance: dcmtk, then the whole path with both gateways'
#                                             peak RSS (default 1 round)
#   options: --only dcmtk,ingest,nofsync,whole,orthanc   a subset of the peers (default: all)
#            --quiet-window DURATION          the gateways' quiet window (default 2s); the whole path waits
#                                             for it, since a transfer is acknowledged only once complete
#            --cold                           no warm-up: the gateways and the server time their first study
#            --keep                           keep the work folder (logs, events, configs) for a look afterwards
#   env:     HANDOFF_BENCH_DIR                where studies and builds live (default ${TMPDIR:-/tmp}/handoff-bench),
#                                             shared with bench/transfer (same study folders)
#            HANDOFF_CLI_DLL, HANDOFF_SERVER_DLL  use these builds instead of building src/ in Release
#            GATEWAY_BENCH_TIMEOUT            seconds one timed run may take before the script gives up (900)
#
# Everything after the build runs inside a private network namespace (`unshare -n`, only loopback), because
# storescp and Orthanc listen on every interface. See README.md beside this file.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# log, die, process groups and clean-up, timing, Orthanc peers: shared with the other transfer benchmarks.
. "$here/../lib/harness.sh"
repo=$(cd "$here/../.." && pwd)
root=${HANDOFF_BENCH_DIR:-${TMPDIR:-/tmp}/handoff-bench}
seed=42

mode=study slices=2000 repeats=3 only="dcmtk,ingest,nofsync,whole,orthanc" keep=0 cold=0 quiet=2s
positional=()
while (($#)); do
    case $1 in
        --memory) mode=memory ;;
        --only) only=$2; shift ;;
        --only=*) only=${1#--only=} ;;
        --quiet-window) quiet=$2; shift ;;
        --quiet-window=*) quiet=${1#--quiet-window=} ;;
        --cold) cold=1 ;;
        --keep) keep=1 ;;
        -h|--help) awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "${BASH_SOURCE[0]}"; exit 0 ;;
        -*) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
        *) positional+=("$1") ;;
    esac
    shift
done
if [[ $mode == memory ]]; then
    repeats=${positional[0]:-1}
else
    slices=${positional[0]:-2000}
    repeats=${positional[1]:-3}
fi
[[ $slices =~ ^[1-9][0-9]*$ && $repeats =~ ^[1-9][0-9]*$ ]] || { echo "SLICES and REPEATS must be positive integers" >&2; exit 2; }

# The same inputs as bench/transfer: generated once, reused by both harnesses.
if [[ $mode == memory ]]; then
    study="$root/single-$((1 << 30))" slices=1 # make-single-instance.py writes one 1 GiB instance
else
    study="$root/ct-$slices-seed$seed"
fi
warmup="$root/ct-4-seed9" # the warm-up study: another patient, so it is a transfer of its own
build="$root/gateway-build"

# ---------------------------------------------------------------------------------------------------------
# Phase 1, outside the namespace (NuGet needs the network): build, generate the inputs, then re-enter.
# ---------------------------------------------------------------------------------------------------------
if [[ -z ${HANDOFF_BENCH_INNER:-} ]]; then
    for tool in dotnet python3 jq curl unshare storescp storescu echoscu dcmdump; do
        command -v $tool >/dev/null || die "$tool not found (dcmtk: apt-get install -y dcmtk)"
    done
    if [[ $mode == study && $only == *orthanc* ]]; then
        command -v Orthanc >/dev/null || die "Orthanc not found: apt-get install -y orthanc"
    fi
    mkdir -p "$root" "$build"

    # Release builds go to their own artifacts folder (as in bench/transfer, but not the same folder: a
    # bench/transfer run from another worktree would overwrite it with its own sources). src/*/bin and obj,
    # which others build from, stay untouched. A failed build keeps the previous good one, if any.
    build_project() { # name -> prints the path of its dll, or nothing
        local name=$1 csproj="$repo/src/$1/$1.csproj" out="$build/bin/$1/release" rc cfg
        [[ -f $csproj ]] || return 0
        log "building $name (Release)..."
        dotnet build -c Release --artifacts-path "$build" "$csproj" -v quiet -nologo >"$build.$name.log" 2>&1 && rc=0 || rc=$?
        cfg=$(ls "$out"/*.runtimeconfig.json 2>/dev/null | head -1) || true
        ((rc == 0)) || log "  build of $name failed (see $build.$name.log)$([[ -n $cfg ]] && echo '; using the previous build')"
        [[ -n $cfg ]] && echo "${cfg%.runtimeconfig.json}.dll"
        return 0
    }
    cli=${HANDOFF_CLI_DLL:-$(build_project Handoff.Cli)}
    server=${HANDOFF_SERVER_DLL:-$(build_project Handoff.Server)}
    [[ -n $cli && -f $cli ]] || die "no handoff CLI build (set HANDOFF_CLI_DLL to a working handoff.dll)"
    [[ -n $server && -f $server ]] || die "no Handoff server build (set HANDOFF_SERVER_DLL)"
    dotnet "$cli" gateway --help 2>/dev/null | grep -q '^ *handoff gateway\b' || die "this CLI has no 'gateway' command"

    # Inputs: the marker is written last, so an interrupted generation is redone.
    synth() { # folder slices seed
        [[ -f $1.complete ]] && return 0
        log "writing the study: $2 slices, seed $3 -> $1"
        rm -rf "$1"
        dotnet "$cli" dicom synth --out "$1" --slices "$2" --seed "$3" >/dev/null
        echo "$2" >"$1.complete"
    }
    if [[ $mode == memory ]]; then
        if [[ ! -f $study.complete ]]; then
            log "writing one instance with 1 GiB of pixel data -> $study"
            rm -rf "$study" && mkdir -p "$study"
            python3 "$repo/bench/transfer/make-single-instance.py" "$study/large.dcm" --pixel-bytes $((1 << 30)) --seed "$seed"
            echo $((1 << 30)) >"$study.complete"
        fi
    else
        synth "$study" "$slices" "$seed"
    fi
    ((cold)) || synth "$warmup" 4 9

    export HANDOFF_BENCH_INNER=1 BENCH_CLI=$cli BENCH_SERVER=$server
    args=(--only "$only" --quiet-window "$quiet")
    ((keep)) && args+=(--keep)
    ((cold)) && args+=(--cold)
    if [[ $mode == memory ]]; then args+=(--memory "$repeats"); else args+=("$slices" "$repeats"); fi
    if unshare -n true 2>/dev/null; then
        exec unshare -n -- bash "${BASH_SOURCE[0]}" "${args[@]}"
    elif unshare -rn true 2>/dev/null; then
        exec unshare -rn -- bash "${BASH_SOURCE[0]}" "${args[@]}"
    fi
    log "warning: cannot create a network namespace; storescp and Orthanc will listen on all interfaces"
    export HANDOFF_BENCH_NO_NETNS=1
    exec bash "${BASH_SOURCE[0]}" "${args[@]}"
fi

# ---------------------------------------------------------------------------------------------------------
# Phase 2, inside the namespace: measure.
# ---------------------------------------------------------------------------------------------------------
[[ -n ${HANDOFF_BENCH_NO_NETNS:-} ]] || ip link set lo up
cli=$BENCH_CLI server=$BENCH_SERVER
timeout_s=${GATEWAY_BENCH_TIMEOUT:-900}
# On the disk, not tmpfs: the fsync policy (f) is only a question on a real disk.
work=$(mktemp -d "$root/gateway-work.XXXXXX")
results="$work/results.tsv" # peer, run, seconds, then key=value extras
: >"$results"
pgids=() bgpids=() # process groups (servers, gateways, storescp, Orthanc); plain background jobs (followers, samplers)
trap cleanup EXIT
trap 'exit 130' INT TERM

# Starts a command in its own process group (setsid execs in place: pid = pgid) and records it for cleanup.
# Microseconds since the epoch into the named variable, without forking.
count_files() { find "$1" -type f | wc -l; }
study_uid_of() { dcmdump -q +P StudyInstanceUID "$(find "$1" -type f | head -1)" | sed -n 's/.*\[\(.*\)\].*/\1/p'; }
storescu() { TCP_NODELAY=1 command storescu "$@"; } # dcmtk waits on Nagle without it
rss_sampler() { # pid peakfile stopfile: peak VmRSS (kB) polled every 50 ms until stopfile exists
    local pid=$1 peak=0 k v _
    while [[ ! -e $3 ]] && [[ -r /proc/$pid/status ]]; do
        while read -r k v _; do [[ $k == VmRSS: ]] && ((v > peak)) && peak=$v; done </proc/"$pid"/status 2>/dev/null || true
        sleep 0.05
    done
    echo "$peak" >"$2"
}
vm_hwm() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; } # kB, since the process started

# ------------------------------------------------ dcmtk (a) ---------------------------------------------------
run_dcmtk() { # run
    local run=$1 out="$work/dcmtk-out" port t0 t1 n
    rm -rf "$out" && mkdir -p "$out" && sync
    read -r port < <(free_ports 1)
    # The same storescp as the whole path's PACS: single process, every transfer syntax, files written.
    start_group "$work/storescp.log" env TCP_NODELAY=1 storescp -aet PACS +xa -od "$out" "$port"
    local scp=$started
    for _ in $(seq 200); do TCP_NODELAY=1 echoscu -aec PACS 127.0.0.1 "$port" >/dev/null 2>&1 && break; sleep 0.05; done
    stamp t0
    storescu -aec PACS +sd +r 127.0.0.1 "$port" "$study" >"$work/storescu.log" 2>&1 || die "storescu failed: $(tail -3 "$work/storescu.log")"
    stamp t1
    stop_group "$scp"
    n=$(count_files "$out")
    ((n == slices)) || die "dcmtk run $run: storescp wrote $n files, expected $slices"
    record dcmtk "$run" "$(secs $((t1 - t0)))" "files=$n"
    printf 'dcmtk    run %d: %7.2f s  (storescp wrote %d files)\n' "$run" "$(secs $((t1 - t0)))" "$n"
    rm -rf "$out"
}

# ------------------------------------------------ Orthanc (d) -------------------------------------------------
# As in bench/transfer/run.sh: A is loaded once (untimed), B is fresh in every run.
orthanc_prepare() {
    local ports cfg stats
    read -r -a ports < <(free_ports 3)
    orthanc_a_http=${ports[0]} orthanc_a_dicom=${ports[1]} orthanc_b_http=${ports[2]}
    cfg=$(orthanc_config A "$orthanc_a_http" "$orthanc_a_dicom" B "$orthanc_b_http")
    start_orthanc A "$cfg" "$orthanc_a_http"
    log "loading the study into Orthanc A (untimed)..."
    storescu -aec ORTHANC_A +sd +r 127.0.0.1 "$orthanc_a_dicom" "$study" >"$work/orthanc-load.log" 2>&1 \
        || die "loading Orthanc A failed: $(tail -3 "$work/orthanc-load.log")"
    stats=$(curl -sf "http://127.0.0.1:$orthanc_a_http/statistics")
    [[ $(jq -r .CountInstances <<<"$stats") == "$slices" ]] || die "Orthanc A holds $(jq -r .CountInstances <<<"$stats") instances, expected $slices"
    orthanc_a_size=$(jq -r .TotalDiskSize <<<"$stats")
    orthanc_study=$(curl -sf "http://127.0.0.1:$orthanc_a_http/studies" | jq -r '.[0]')
}
run_orthanc() { # run
    local run=$1 dir="$work/orthanc-B" cfg t0 t1 stats n size b_dicom
    rm -rf "$dir" && sync
    read -r b_dicom < <(free_ports 1)
    cfg=$(orthanc_config B "$orthanc_b_http" "$b_dicom" A "$orthanc_a_http")
    start_orthanc B "$cfg" "$orthanc_b_http"
    local b=$started
    stamp t0
    curl -sf -X POST -d "{\"Resources\":[\"$orthanc_study\"],\"Synchronous\":true}" \
        "http://127.0.0.1:$orthanc_a_http/peers/B/store" >"$work/orthanc-store.json" || die "peer store failed"
    stamp t1
    stats=$(curl -sf "http://127.0.0.1:$orthanc_b_http/statistics")
    n=$(jq -r .CountInstances <<<"$stats") size=$(jq -r .TotalDiskSize <<<"$stats")
    stop_group "$b"
    ((n == slices)) || die "Orthanc run $run: B holds $n instances, expected $slices"
    [[ $size == "$orthanc_a_size" ]] || die "Orthanc run $run: B stores $size bytes, A $orthanc_a_size"
    record orthanc "$run" "$(secs $((t1 - t0)))" "instances=$n"
    printf 'orthanc  run %d: %7.2f s  (%d instances on B, %s bytes)\n' "$run" "$(secs $((t1 - t0)))" "$n" "$size"
    rm -rf "$dir"
}

# ------------------------------------------------ Handoff -----------------------------------------------------
handoff() { HANDOFF_SERVER=$handoff_url dotnet "$cli" "$@"; } # the key comes in HANDOFF_KEY

# A fresh server on the embedded default profile (fresh data folder), facilities north and south registered
# with the operator key it writes. Sets handoff_pid handoff_url key_north key_south.
handoff_start_server() {
    local data="$work/handoff-data" ports op
    rm -rf "$data" && mkdir -p "$data"
    read -r -a ports < <(free_ports 4)
    handoff_url="http://127.0.0.1:${ports[0]}"
    start_group "$work/server.log" dotnet "$server" --Handoff:DataPath="$data" \
        --Kestrel:Endpoints:Grpc:Url="$handoff_url" --Kestrel:Endpoints:Web:Url="http://127.0.0.1:${ports[3]}" --Handoff:Silo:SiloPort="${ports[1]}" --Handoff:Silo:GatewayPort="${ports[2]}"
    handoff_pid=$started
    local deadline=$((SECONDS + 120))
    until [[ -s $data/operator.key ]] && op=$(tr -d '[:space:]' <"$data/operator.key") \
        && HANDOFF_KEY=$op handoff facility list >/dev/null 2>&1; do
        kill -0 "$handoff_pid" 2>/dev/null || die "Handoff server exited: $(tail -5 "$work/server.log")"
        ((SECONDS < deadline)) || die "Handoff server did not answer on $handoff_url"
        sleep 0.1
    done
    key_north=$(HANDOFF_KEY=$op handoff facility add north --name North | tail -1)
    key_south=$(HANDOFF_KEY=$op handoff facility add south --name South | tail -1)
    [[ -n $key_north && -n $key_south ]] || die "registering facilities failed"
}

# `handoff gateway` in its own group, with a fresh spool; returns once it prints "gateway TITLE listening".
start_gateway() { # name key port extra-args... ; sets $started
    local name=$1 key=$2 port=$3; shift 3
    rm -rf "$work/spool-$name"
    start_group "$work/gateway-$name.log" dotnet "$cli" gateway --server "$handoff_url" --key "$key" \
        --listen "127.0.0.1:$port" --ae "${name^^}GW" --spool "$work/spool-$name" --quiet-window "$quiet" "$@"
    local pid=$started deadline=$((SECONDS + 120))
    until grep -q "^gateway ${name^^}GW listening on" "$work/gateway-$name.log" 2>/dev/null; do
        kill -0 "$pid" 2>/dev/null || die "gateway $name exited: $(tail -5 "$work/gateway-$name.log")"
        ((SECONDS < deadline)) || die "gateway $name not listening after 120 s: $(tail -3 "$work/gateway-$name.log")"
        sleep 0.05
    done
}

# Follows the destination's event stream (`handoff inbox --watch --json` as south, one object per line) and
# writes the moment (µs since the epoch) it sees every one of N instances of a study available on the server
# (file AVAIL), and, with ACK given, the moment that study's transfer is acknowledged (file ACK). One small
# process reading a file that grows, instead of a `handoff inbox` process started every poll (each costs a
# .NET start-up on a 2-core machine that is busy moving the study). The transfer id goes to ID.
cat >"$work/follow.py" <<'EOF'
import json, os, sys, time
events, study, n, avail, ident = sys.argv[1:6]
ack = sys.argv[6] if len(sys.argv) > 6 else None
n = int(n); seen = set(); transfer = None; buf = ""
def mark(path):
    tmp = path + ".tmp"
    with open(tmp, "w") as f: f.write(str(time.time_ns() // 1000))
    os.rename(tmp, path)
while not os.path.exists(events): time.sleep(0.01)
with open(events) as f:
    while True:
        chunk = f.readline()
        if not chunk: time.sleep(0.005); continue
        buf += chunk
        if not buf.endswith("\n"): continue
        line, buf = buf, ""
        try: e = json.loads(line)
        except ValueError: continue
        if e.get("type") == "instance-available" and e.get("studyInstanceUid") == study:
            if transfer is None:
                transfer = e.get("transferId")
                with open(ident, "w") as o: o.write(transfer)
            seen.add(e.get("sopInstanceUid"))
            if len(seen) == n and not os.path.exists(avail):
                mark(avail)
                if ack is None: break
        elif ack and transfer and e.get("transferId") == transfer and e.get("type") == "acknowledged":
            mark(ack); break
EOF

# Waits until file $1 exists; stops with a message if a watched process ended or the run took too long.
wait_for() { # file what deadline pids...
    local f=$1 what=$2 deadline=$3 p; shift 3
    until [[ -s $f ]]; do
        ((SECONDS < deadline)) || die "$what: not after $timeout_s s (logs in $work; rerun with --keep to keep them)"
        for p in "$@"; do kill -0 "$p" 2>/dev/null || die "$what: process $p ended (see the logs in $work)"; done
        sleep 0.02
    done
}

# Pushes the warm-up study (4 instances, another patient, so another transfer) through the gateways and waits
# until the server has it (ingest) or the PACS has it and it is acknowledged (whole path): a gateway and a
# server in service have moved studies before, so their start-up and JIT are not inside the timed study.
warm_up() { # north-port whole? pids...
    local port=$1 whole=$2 uid; shift 2
    ((cold)) && return 0
    uid=$(study_uid_of "$warmup")
    rm -f "$work"/warm.*
    local follow=(python3 "$work/follow.py" "$work/events.jsonl" "$uid" 4 "$work/warm.avail" "$work/warm.id")
    ((whole)) && follow+=("$work/warm.ack")
    "${follow[@]}" &
    local f=$!
    bgpids+=("$f")
    storescu -aec TOSOUTH +sd +r 127.0.0.1 "$port" "$warmup" >"$work/warmup-storescu.log" 2>&1 \
        || die "warm-up storescu failed: $(tail -3 "$work/warmup-storescu.log")"
    wait_for "$work/warm.$( ((whole)) && echo ack || echo avail)" "warm-up" $((SECONDS + 300)) "$@"
    wait "$f" 2>/dev/null || true
}

# One timed push of the study through the north gateway, on a fresh server.
#   ingest (fsync or --no-fsync): ends when the server holds every instance (all N instance-available events
#     seen by the destination's event stream);
#   whole: a south gateway delivers into a storescp; ends when the transfer is acknowledged (the south gateway
#     acknowledges only once the PACS holds every instance, i.e. after storescp wrote the last file).
run_gateway() { # run label(ingest|nofsync|whole)
    local run=$1 label=$2 ports t0 t1 t_exit n id state pacs_port north south="" scp="" watcher follower
    local out="$work/pacs-out" whole=0 extra=()
    [[ $label == whole ]] && whole=1
    [[ $label == nofsync ]] && extra+=(--no-fsync)
    rm -rf "$out" "$work"/{rss.*,run.*,events.jsonl,warm.*,gateway-north.log,gateway-south.log} && mkdir -p "$out"
    handoff_start_server
    read -r -a ports < <(free_ports 3)
    if ((whole)); then
        pacs_port=${ports[2]}
        start_group "$work/pacs-storescp.log" env TCP_NODELAY=1 storescp -aet PACS +xa -od "$out" "$pacs_port"
        scp=$started
        start_gateway south "$key_south" "${ports[1]}" --deliver "PACS@127.0.0.1:$pacs_port"
        south=$started
    fi
    start_gateway north "$key_north" "${ports[0]}" --route TOSOUTH=south:stat "${extra[@]}"
    north=$started
    # The destination's events, followed from before the first instance (the listing then the stream).
    start_group "$work/events.err" bash -c "HANDOFF_KEY=$key_south HANDOFF_SERVER=$handoff_url exec dotnet '$cli' inbox --watch --json >'$work/events.jsonl'"
    watcher=$started
    local live=("$handoff_pid" "$north" "$watcher" $south $scp)
    warm_up "${ports[0]}" "$whole" "${live[@]}"
    ((whole)) && find "$out" -type f -delete # the warm-up's files: the count below is the timed study's
    sync
    local follow=(python3 "$work/follow.py" "$work/events.jsonl" "$study_uid" "$slices" "$work/run.avail" "$work/run.id")
    ((whole)) && follow+=("$work/run.ack")
    "${follow[@]}" &
    follower=$!
    bgpids+=("$follower")
    # Peak RSS of both gateways, polled from here on (VmHWM below also covers start-up and the warm-up).
    rss_sampler "$north" "$work/rss.north" "$work/rss.stop" &
    local s1=$! s2=""
    if ((whole)); then rss_sampler "$south" "$work/rss.south" "$work/rss.stop" & s2=$!; fi
    bgpids+=($s1 $s2)
    stamp t0
    storescu -aec TOSOUTH +sd +r 127.0.0.1 "${ports[0]}" "$study" >"$work/storescu.log" 2>&1 \
        || die "$label run $run: storescu failed: $(tail -3 "$work/storescu.log")"
    stamp t_exit
    wait_for "$work/run.$( ((whole)) && echo ack || echo avail)" "$label run $run" $((SECONDS + timeout_s)) "${live[@]}"
    stamp t1
    wait "$follower" 2>/dev/null || true
    touch "$work/rss.stop"
    wait $s1 $s2 2>/dev/null || true
    local hwm_n hwm_s=0 peak_n peak_s=0 avail_at ack_at last_file=NA
    hwm_n=$(vm_hwm "$north") peak_n=$(<"$work/rss.north")
    ((whole)) && hwm_s=$(vm_hwm "$south") peak_s=$(<"$work/rss.south")
    avail_at=$(<"$work/run.avail")
    id=$(<"$work/run.id")
    # After the clock: the source's view of the transfer, and what the PACS holds.
    HANDOFF_KEY=$key_north handoff status "$id" --json >"$work/status.json" 2>"$work/status.err" || true
    state=$(jq -r '.state // empty' "$work/status.json" 2>/dev/null || true)
    n=$(jq -r --arg s "$study_uid" '[.studies[] | select(.studyInstanceUid == $s) | .instancesAvailable] | add // 0' "$work/status.json" 2>/dev/null || echo 0)
    ((n == slices)) || die "$label run $run: the server holds $n instances of the study, expected $slices"
    local extras
    if ((whole)); then
        ack_at=$(<"$work/run.ack")
        n=$(count_files "$out")
        ((n == slices)) || die "whole run $run: storescp wrote $n files, expected $slices"
        [[ $state == acknowledged ]] || die "whole run $run: the source sees state '$state', expected acknowledged"
        # The newest file storescp wrote (mtime), against the clock's start.
        last_file=$(find "$out" -type f -printf '%T@\n' | sort -n | tail -1)
        last_file=$(python3 -c "print(f'{$last_file - $t0 / 1e6:.2f}')")
        extras="storescu_exit=$(secs $((t_exit - t0))) all_on_server=$(secs $((avail_at - t0))) last_file=$last_file"
        extras+=" hwm_north_kb=$hwm_n peak_north_kb=$peak_n hwm_south_kb=$hwm_s peak_south_kb=$peak_s"
        printf '%-8s run %d: %7.2f s  (storescu exit %.2f s, all on the server %.2f s, last file at the PACS %s s, %s; peak RSS north %d MB, south %d MB)\n' \
            "$label" "$run" "$(secs $((t1 - t0)))" "$(secs $((t_exit - t0)))" "$(secs $((avail_at - t0)))" "$last_file" "$state" \
            $((peak_n / 1024)) $((peak_s / 1024))
    else
        extras="storescu_exit=$(secs $((t_exit - t0))) hwm_north_kb=$hwm_n peak_north_kb=$peak_n"
        printf '%-8s run %d: %7.2f s  (storescu exit %.2f s; %d instances on the server, transfer %s; peak RSS north %d MB)\n' \
            "$label" "$run" "$(secs $((t1 - t0)))" "$(secs $((t_exit - t0)))" "$n" "$state" $((peak_n / 1024))
    fi
    record "$label" "$run" "$(secs $((t1 - t0)))" "$extras"
    local g
    for g in $watcher $north $south $scp $handoff_pid; do stop_group "$g"; done
    # Anything a gateway logged above info is worth a look; keep a copy per run.
    for g in north south; do
        [[ -f $work/gateway-$g.log ]] && cp "$work/gateway-$g.log" "$work/gateway-$g.$label.$run.log"
        [[ -f $work/gateway-$g.log ]] && grep -E ' (warn|fail|crit|error):' "$work/gateway-$g.log" | head -3 | sed "s/^/  $g gateway: /" >&2 || true
    done
    rm -rf "$out" "$work/handoff-data" "$work"/spool-*
}

summary() {
    python3 - "$results" "$mode" "$quiet" <<'EOF'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
mode, quiet = sys.argv[2], sys.argv[3]
by = {}
for peer, run, secs, extra in rows:
    kv = dict(p.split("=", 1) for p in extra.split())
    by.setdefault(peer, {})[int(run)] = (float(secs), kv)
med = statistics.median
def times(p): return [s for s, _ in by[p].values()]
def extra(p, k): return [float(kv[k]) for _, kv in by[p].values() if kv.get(k, "NA") != "NA"]
def paired(a, b):  # per-round ratios a/b, for rounds that ran both
    return [by[a][r][0] / by[b][r][0] for r in sorted(by[a]) if r in by[b]]
print()
names = {"dcmtk": "(a) dcmtk storescu -> storescp", "ingest": "(b) storescu -> north gateway -> server",
         "nofsync": "(f) the same, --no-fsync", "whole": "(c) storescu -> gateways -> storescp, acked",
         "orthanc": "(d) Orthanc A -> B peer store"}
print(f"{'peer':<44} {'runs':>4} {'median s':>9}  per run (s)")
m = {}
for p in ("dcmtk", "ingest", "nofsync", "whole", "orthanc"):
    if p not in by: continue
    m[p] = med(times(p))
    print(f"{names[p]:<44} {len(by[p]):>4} {m[p]:>9.2f}  " + " ".join(f"{s:.2f}" for s in times(p)))
print()
def ratio(a, b, what, target=None, ok=None):
    if a not in m or b not in m: return
    r = m[a] / m[b]
    pr = " ".join(f"{x:.2f}" for x in paired(a, b))
    t = f"  target {target}: {'met' if ok(r) else 'NOT met'}" if target else ""
    print(f"{what:<44} {r:>6.2f}  (per round {pr}){t}")
ratio("ingest", "dcmtk", "(b)/(a) ingest / dcmtk", "<= 1.2", lambda r: r <= 1.2)
ratio("whole", "dcmtk", "(c)/(a) whole path / dcmtk", "<= 2.5", lambda r: r <= 2.5)
ratio("whole", "orthanc", "(c)/(d) whole path / Orthanc peer store", "< 1", lambda r: r < 1)
ratio("ingest", "nofsync", "(f) ingest fsync / --no-fsync")
ratio("nofsync", "dcmtk", "(f) ingest --no-fsync / dcmtk")
for p in ("ingest", "nofsync", "whole"):
    if p in by and "dcmtk" in m:
        e = med(extra(p, "storescu_exit"))
        print(f"{p}: storescu exit, median {e:.2f} s = {e / m['dcmtk']:.2f} x dcmtk")
if "whole" in by:
    print(f"whole: all instances on the server, median {med(extra('whole', 'all_on_server')):.2f} s; "
          f"last file written by the PACS's storescp {med(extra('whole', 'last_file')):.2f} s "
          f"(quiet window {quiet}: the transfer completes, and can be acknowledged, only after it)")
    for g in ("north", "south"):
        pk = [x / 1024 for x in extra("whole", f"peak_{g}_kb")]; hw = [x / 1024 for x in extra("whole", f"hwm_{g}_kb")]
        print(f"(e) {g} gateway during the whole path: peak VmRSS median {med(pk):.0f} MB, VmHWM median {med(hw):.0f} MB "
              f"(per run {' '.join(f'{x:.0f}' for x in hw)}); target <= 150 MB: {'met' if med(hw) <= 150 else 'NOT met'}")
EOF
}

# ------------------------------------------------ main --------------------------------------------------------
study_uid=$(study_uid_of "$study")
[[ -n $study_uid ]] || die "no StudyInstanceUID in $study"
peers=()
if [[ $mode == memory ]]; then
    peers=(dcmtk whole)
else
    for p in dcmtk ingest nofsync whole orthanc; do [[ ,$only, == *,$p,* ]] && peers+=("$p"); done
fi
((${#peers[@]})) || die "nothing to run (--only takes dcmtk,ingest,nofsync,whole,orthanc)"
log "study: $study ($slices instances, $(du -sh "$study" | cut -f1)); peers: ${peers[*]}; $repeats rounds; quiet window $quiet$( ((cold)) && echo '; cold (no warm-up)')"
log "work folder: $work"
log "warming the page cache..."
warm "$study"
[[ " ${peers[*]} " == *" orthanc "* ]] && orthanc_prepare
for ((i = 1; i <= repeats; i++)); do
    for peer in "${peers[@]}"; do
        case $peer in
            dcmtk) run_dcmtk "$i" ;;
            orthanc) run_orthanc "$i" ;;
            *) run_gateway "$i" "$peer" ;;
        esac
    done
done
summary
