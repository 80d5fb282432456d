#!/usr/bin/env bash
# End-to-end transfer benchmark for issue 3 ("Speed and memory"): one synthetic CT study moved
#   (a) by dcmtk, storescu -> storescp (DICOM C-STORE, both with TCP_NODELAY=1),
#   (b) by Orthanc, instance A -> instance B with the REST peer store (POST /peers/B/store, synchronous),
#   (c) by Handoff, `handoff send` from facility A while `handoff receive` pulls it for facility B from a
#       fresh single-node server on the embedded default profile (all hashes verified, acknowledged).
# The three take turns in every round, so they see the same machine load; medians and ratios at the end.
#
#   bench/transfer/run.sh [SLICES [REPEATS]]     default 2000 slices (~1 GB) and 3 rounds
#   bench/transfer/run.sh --memory [REPEATS]     Handoff server peak RSS: one 1 GiB instance vs one 500 KB one
#   options: --only dcmtk,orthanc,handoff        run a subset of the peers (default: all that are available;
#                                                add ",baseline" to time an older build as well)
#            --only ...,standing                 also time Handoff with a standing receiver (`receive --watch`,
#                                                started before the send) instead of `receive ID` started late
#            --keep                              keep the work folder (logs, configs) for a look afterwards
#            --tmpfs                             write everything the peers write (storescp's folder, Orthanc B,
#                                                Handoff's data and receive folders) on /dev/shm instead of disk
#   env:     HANDOFF_BENCH_DIR                   where studies and builds live (default ${TMPDIR:-/tmp}/handoff-bench)
#            HANDOFF_CLI_DLL, HANDOFF_SERVER_DLL use these builds instead of building src/ in Release
#            HANDOFF_BENCH_RUNNER                what starts those two (default dotnet; for testing with stand-ins)
#            HANDOFF_BASELINE_CLI_DLL, HANDOFF_BASELINE_SERVER_DLL
#                                                an older build to time side by side with the current one, as the
#                                                peer "baseline" (add it to --only): before/after a change in one run
#
# Everything after the build runs inside a private network namespace (`unshare -n`, only loopback), because
# storescp and Orthanc listen on every interface; all peers share it. See README.md beside this file.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# log, die, process groups and clean-up, timing, Orthanc peers: shared with the other transfer benchmarks.
. "$here/../lib/harness.sh"
repo=$(cd "$here/../.." && pwd)
root=${HANDOFF_BENCH_DIR:-${TMPDIR:-/tmp}/handoff-bench}
seed=42

mode=transfer slices=2000 repeats=3 only="dcmtk,orthanc,handoff,hops" keep=0 tmpfs=0
positional=()
while (($#)); do
    case $1 in
        --memory) mode=memory ;;
        --only) only=$2; shift ;;
        --only=*) only=${1#--only=} ;;
        --keep) keep=1 ;;
        --tmpfs) tmpfs=1 ;;
        -h|--help) awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "${BASH_SOURCE[0]}"; exit 0 ;;
        -*) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
        *) positional+=("$1") ;;
    esac
    shift
done
if [[ $mode == memory ]]; then
    repeats=${positional[0]:-3}
else
    slices=${positional[0]:-2000}
    repeats=${positional[1]:-3}
fi
[[ $slices =~ ^[1-9][0-9]*$ && $repeats =~ ^[1-9][0-9]*$ ]] || { echo "SLICES and REPEATS must be positive integers" >&2; exit 2; }

study="$root/ct-$slices-seed$seed"
warmup="$root/ct-4-seed9" # the standing receiver's warm-up transfer
build="$root/transfer-build"

# ---------------------------------------------------------------------------------------------------------
# Phase 1, outside the namespace (NuGet needs the network): build, generate the inputs, then re-enter.
# ---------------------------------------------------------------------------------------------------------
if [[ -z ${HANDOFF_BENCH_INNER:-} ]]; then
    for tool in dotnet python3 jq curl unshare; do command -v $tool >/dev/null || die "$tool not found"; done
    if [[ $mode == transfer ]] && [[ $only == *dcmtk* || $only == *orthanc* ]]; then
        for tool in storescp storescu echoscu; do command -v $tool >/dev/null || die "$tool not found: apt-get install -y dcmtk"; done
    fi
    if [[ $mode == transfer && $only == *orthanc* ]]; then
        command -v Orthanc >/dev/null || die "Orthanc not found: apt-get install -y orthanc"
    fi
    mkdir -p "$root"

    # Release builds go to their own artifacts folder, so src/*/bin and obj (which others build from) stay untouched.
    # A failed build keeps the previous good one in that folder, if any.
    build_project() { # name -> prints the path of its dll, or nothing
        local name=$1 csproj="$repo/src/$1/$1.csproj" out="$build/bin/$1/release" rc
        [[ -f $csproj ]] || return 0
        log "building $name (Release)..."
        dotnet build -c Release --artifacts-path "$build" "$csproj" -v quiet -nologo >"$build.$name.log" 2>&1 && rc=0 || rc=$?
        local cfg
        cfg=$(ls "$out"/*.runtimeconfig.json 2>/dev/null | head -1) || true
        ((rc == 0)) || log "  build of $name failed (see $build.$name.log)$([[ -n $cfg ]] && echo '; using the previous build')"
        [[ -n $cfg ]] && echo "${cfg%.runtimeconfig.json}.dll"
        return 0
    }
    mkdir -p "$build"
    cli=${HANDOFF_CLI_DLL:-$(build_project Handoff.Cli)}
    [[ -n $cli && -f $cli ]] || die "no handoff CLI build (set HANDOFF_CLI_DLL to a working handoff.dll)"
    server=""
    if [[ $mode == memory || $only == *handoff* || $only == *hops* ]]; then
        server=${HANDOFF_SERVER_DLL:-$(build_project Handoff.Server)}
    fi

    if [[ $mode == transfer && ! -f $study.complete ]]; then
        # The marker is written last: an interrupted generation is redone, and the folder holds only DICOM files.
        log "writing the study: $slices slices, seed $seed -> $study"
        rm -rf "$study"
        dotnet "$cli" dicom synth --out "$study" --slices "$slices" --seed "$seed" >/dev/null
        echo "$slices" >"$study.complete"
    fi
    if [[ $mode == transfer && $only == *standing* && ! -f $warmup.complete ]]; then
        rm -rf "$warmup"
        dotnet "$cli" dicom synth --out "$warmup" --slices 4 --seed 9 >/dev/null
        echo 4 >"$warmup.complete"
    fi
    if [[ $mode == memory ]]; then
        for spec in "large:$((1 << 30))" "small:500000"; do
            name=${spec%%:*} bytes=${spec#*:} dir="$root/single-${spec#*:}"
            if [[ ! -f $dir.complete ]]; then
                log "writing one instance with $bytes bytes of pixel data -> $dir"
                rm -rf "$dir" && mkdir -p "$dir"
                python3 "$here/make-single-instance.py" "$dir/$name.dcm" --pixel-bytes "$bytes" --seed "$seed"
                echo "$bytes" >"$dir.complete"
            fi
        done
    fi

    export HANDOFF_BENCH_INNER=1 BENCH_CLI=$cli BENCH_SERVER=$server
    export BENCH_BASELINE_CLI=${HANDOFF_BASELINE_CLI_DLL:-} BENCH_BASELINE_SERVER=${HANDOFF_BASELINE_SERVER_DLL:-}
    args=(--only "$only")
    ((keep)) && args+=(--keep)
    ((tmpfs)) && args+=(--tmpfs)
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
cli=$BENCH_CLI server=${BENCH_SERVER:-}
runner=${HANDOFF_BENCH_RUNNER:-dotnet} # what starts the CLI and server dlls (a stand-in lets the harness be tested)
# The written files go to tmpfs with --tmpfs: the shared disk's write-back makes even dcmtk's time swing.
if ((tmpfs)); then work=$(mktemp -d /dev/shm/handoff-transfer-work.XXXXXX); else work=$(mktemp -d "$root/transfer-work.XXXXXX"); fi
results="$work/results.tsv" # peer, run, seconds, then key=value extras
: >"$results"
pgids=() bgpids=()
trap cleanup EXIT
trap 'exit 130' INT TERM

# Starts a command in its own process group (setsid execs in place: pid = pgid) and records it for cleanup.
# Microseconds since the epoch into the named variable, without forking.
count_files() { find "$1" -type f "${@:2}" | wc -l; }
# Sorted SHA-256 of every file under a folder: equal lists mean byte-identical files (names aside).
hash_list() { (cd "$1" && find . -type f -name "${2:-*}" -print0 | xargs -0 -r -P 2 -n 64 sha256sum | cut -d' ' -f1 | sort); }
source_hashes() { # folder -> hash_list, computed once per folder per run of this script
    local cache
    cache="$work/hashes.$(basename "$1")"
    [[ -f $cache ]] || hash_list "$1" >"$cache"
    cat "$cache"
}

# ------------------------------------------------ dcmtk ------------------------------------------------------
run_dcmtk() { # run -> seconds
    local run=$1 out="$work/dcmtk-out" port t0 t1 n
    rm -rf "$out" && mkdir -p "$out" && sync
    read -r port < <(free_ports 1)
    # Single process (no --fork), every transfer syntax accepted, files written as received (no +B: storescp
    # re-encodes the data set, which is its default).
    start_group "$work/storescp.log" env TCP_NODELAY=1 storescp -aet B +xa -od "$out" "$port"
    local scp=$started
    for _ in $(seq 200); do TCP_NODELAY=1 echoscu -aec B 127.0.0.1 "$port" >/dev/null 2>&1 && break; sleep 0.05; done
    stamp t0
    TCP_NODELAY=1 storescu -aec B +sd +r 127.0.0.1 "$port" "$study" >"$work/storescu.log" 2>&1 || die "storescu failed: $(tail -3 "$work/storescu.log")"
    stamp t1
    stop_group "$scp"
    n=$(count_files "$out")
    ((n == slices)) || die "dcmtk run $run: storescp wrote $n files, expected $slices"
    record dcmtk "$run" "$(secs $((t1 - t0)))" "files=$n"
    printf 'dcmtk    run %d: %6.2f s  (%d files received)\n' "$run" "$(secs $((t1 - t0)))" "$n"
    rm -rf "$out"
}

# ------------------------------------------------ Orthanc ----------------------------------------------------
orthanc_prepare() { # starts A and loads the study into it (untimed); sets orthanc_* globals
    local ports
    read -r -a ports < <(free_ports 3)
    orthanc_a_http=${ports[0]} orthanc_a_dicom=${ports[1]} orthanc_b_http=${ports[2]}
    local cfg
    cfg=$(orthanc_config A "$orthanc_a_http" "$orthanc_a_dicom" B "$orthanc_b_http")
    start_orthanc A "$cfg" "$orthanc_a_http"
    orthanc_a_pid=$started
    log "loading the study into Orthanc A (untimed)..."
    TCP_NODELAY=1 storescu -aec ORTHANC_A +sd +r 127.0.0.1 "$orthanc_a_dicom" "$study" >"$work/orthanc-load.log" 2>&1 \
        || die "loading Orthanc A failed: $(tail -3 "$work/orthanc-load.log")"
    local stats
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
    printf 'orthanc  run %d: %6.2f s  (%d instances on B, %s bytes)\n' "$run" "$(secs $((t1 - t0)))" "$n" "$size"
    rm -rf "$dir"
}

# ------------------------------------------------ Handoff ----------------------------------------------------
handoff() { HANDOFF_SERVER=$handoff_url $runner "$cli" "$@"; } # the key comes in HANDOFF_KEY
handoff_available() { # why not, on stderr
    [[ -n $server && -f $server ]] || { log "Handoff: no server build (src/Handoff.Server missing or never built)"; return 1; }
    local c
    for c in "facility add" send receive inbox status; do
        # shellcheck disable=SC2086
        # An unknown command with --help prints the root help and exits 0, so look for the command's own usage line.
        $runner "$cli" $c --help 2>/dev/null | grep -q "^ *handoff $c\b" || { log "Handoff: the CLI has no '$c' command yet"; return 1; }
    done
}
handoff_start_server() { # sets handoff_pid handoff_url handoff_op handoff_key_a handoff_key_b
    local data="$work/handoff-data" ports
    rm -rf "$data" && mkdir -p "$data"
    read -r -a ports < <(free_ports 4)
    handoff_url="http://127.0.0.1:${ports[0]}"
    start_group "$work/handoff-server.log" $runner "$server" --Handoff:DataPath="$data" \
        --Kestrel:Endpoints:Grpc:Url="$handoff_url" --Kestrel:Endpoints:Web:Url="http://127.0.0.1:${ports[3]}" --Handoff:Silo:SiloPort="${ports[1]}" --Handoff:Silo:GatewayPort="${ports[2]}"
    handoff_pid=$started
    local deadline=$((SECONDS + 90))
    until [[ -s $data/operator.key ]] && handoff_op=$(tr -d '[:space:]' <"$data/operator.key") \
        && HANDOFF_KEY=$handoff_op handoff facility list >/dev/null 2>&1; do
        kill -0 "$handoff_pid" 2>/dev/null || die "Handoff server exited: $(tail -5 "$work/handoff-server.log")"
        ((SECONDS < deadline)) || die "Handoff server did not answer on $handoff_url"
        sleep 0.1
    done
    handoff_key_a=$(HANDOFF_KEY=$handoff_op handoff facility add bench-a --name "Bench A" | tail -1)
    handoff_key_b=$(HANDOFF_KEY=$handoff_op handoff facility add bench-b --name "Bench B" | tail -1)
    [[ -n $handoff_key_a && -n $handoff_key_b ]] || die "registering facilities failed"
}
rss_sampler() { # pid peakfile stopfile: peak VmRSS (kB) polled every 50 ms
    local pid=$1 peak=0 k v _
    while [[ ! -e $3 ]] && [[ -r /proc/$pid/status ]]; do
        while read -r k v _; do [[ $k == VmRSS: ]] && ((v > peak)) && peak=$v; done </proc/"$pid"/status 2>/dev/null || true
        sleep 0.05
    done
    echo "$peak" >"$2"
}
vm_hwm() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; } # kB
guid_in() { # file -> first transfer id in it: a JSON field named like transferId/id, else the first GUID
    local re='[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|^[0-9a-fA-F]{32}$'
    [[ -s $1 ]] || return 0
    { jq -r '.. | objects | to_entries[] | select(.key | test("^(transfer_?id|id)$"; "i")) | .value | strings' "$1" 2>/dev/null || true
      cat "$1"; } | grep -oE "$re" | head -1 || true
}
# Sends the small warm-up study to B and waits until the standing receiver ($3) has it; then removes its folder.
standing_warm_up() { # run out watcher
    local warm_id deadline=$((SECONDS + 120))
    HANDOFF_KEY=$handoff_key_a handoff send "$warmup" --to bench-b --priority routine >"$work/warmup.out" 2>"$work/warmup.err" \
        || die "Handoff standing run $1: warm-up send failed: $(tail -3 "$work/warmup.err")"
    warm_id=$(guid_in "$work/warmup.out")
    until grep -q "\"step\":\"received\".*$warm_id" "$work/receive.out" 2>/dev/null; do
        ((SECONDS < deadline)) || die "Handoff standing run $1: warm-up not received after 120 s: $(tail -3 "$work/receive.err")"
        kill -0 "$3" 2>/dev/null || die "Handoff standing run $1: the receiver exited: $(tail -3 "$work/receive.err")"
        sleep 0.05
    done
    rm -rf "${2:?}/$warm_id"
}

# One Handoff transfer of folder $1 ($2 instances) on a fresh server. Prints one line, records seconds and extras.
run_handoff() { # run folder instances label
    local run=$1 src=$2 n_expected=$3 label=$4 out="$work/handoff-out" t0 t1 id="" n state
    local peakfile="$work/rss.peak" stopfile="$work/rss.stop" firstfile="$work/first.us" sentfile="$work/send.us"
    rm -rf "$out" "$peakfile" "$stopfile" "$firstfile" "$sentfile" && mkdir -p "$out"
    handoff_start_server
    sync
    rss_sampler "$handoff_pid" "$peakfile" "$stopfile" &
    local sampler=$!
    # B's inbox watcher runs before the send starts, as a receiving site's gateway would. The "standing" peer runs
    # a standing receiver instead (`receive --watch`): it is started, warm and listening before the send, so the
    # first-instance lag measures Handoff and not a process start-up.
    # exec: the background job is the watcher itself, so killing it below ends it (a watcher left behind keeps
    # retrying its gone server and takes CPU from every later run).
    if [[ $label == standing ]]; then
        (HANDOFF_KEY=$handoff_key_b HANDOFF_SERVER=$handoff_url exec $runner "$cli" receive --watch --out "$out" --json >"$work/receive.out" 2>"$work/receive.err") &
    else
        (HANDOFF_KEY=$handoff_key_b HANDOFF_SERVER=$handoff_url exec $runner "$cli" inbox --watch --json >"$work/inbox.out" 2>"$work/inbox.err") &
    fi
    local watcher=$!
    bgpids+=("$watcher")
    sleep 1
    # A standing receiver in service has received before, and its server has served before: a small warm-up
    # transfer (untimed, its folder removed) takes the JIT of both out of the first-instance lag.
    [[ $label == standing ]] && standing_warm_up "$run" "$out" "$watcher"
    # First *.dcm in the destination folder (partial names such as .part do not count).
    ( until [[ -e $stopfile ]]; do
          if [[ -n $(find "$out" -type f -name '*.dcm' -print -quit 2>/dev/null) ]]; then
              stamp t; echo "$t" >"$firstfile"; break
          fi
          sleep 0.01
      done ) &
    local firstwatch=$!
    stamp t0
    ( HANDOFF_KEY=$handoff_key_a handoff send "$src" --to bench-b --priority stat >"$work/send.out" 2>"$work/send.err" \
          && rc=0 || rc=$?
      stamp t; echo "$t $rc" >"$sentfile" ) &
    local sender=$!
    bgpids+=("$sender")
    local deadline=$((SECONDS + 600))
    if [[ $label == standing ]]; then
        # Done when the standing receiver reports the transfer received (verified and acknowledged); the first
        # "received" line is the warm-up's.
        until (($(grep -c '"step":"received"' "$work/receive.out" 2>/dev/null) >= 2)); do
            ((SECONDS < deadline)) || die "Handoff standing run $run: nothing received after 600 s: $(tail -3 "$work/receive.err")"
            kill -0 "$watcher" 2>/dev/null || die "Handoff standing run $run: the receiver exited: $(tail -3 "$work/receive.err")"
            sleep 0.01
        done
        stamp t1
        id=$(grep '"step":"received"' "$work/receive.out" | sed -n 2p | jq -r .transferId)
    fi
    until [[ -n $id ]]; do
        ((SECONDS < deadline)) || die "Handoff run $run: no transfer id after 600 s"
        id=$(guid_in "$work/send.out")
        [[ -n $id ]] || id=$(guid_in "$work/inbox.out")
        if [[ -z $id ]] && ! kill -0 "$watcher" 2>/dev/null; then
            HANDOFF_KEY=$handoff_key_b handoff inbox --json >"$work/inbox.poll" 2>/dev/null || true
            id=$(guid_in "$work/inbox.poll")
        fi
        [[ -n $id ]] && break
        if [[ -s $sentfile ]]; then
            id=$(guid_in "$work/send.out")
            [[ -n $id ]] || die "Handoff run $run: send ended without a transfer id: $(tail -3 "$work/send.err")"
        fi
        sleep 0.02
    done
    if [[ $label != standing ]]; then
        HANDOFF_KEY=$handoff_key_b handoff receive "$id" --out "$out" >"$work/receive.out" 2>"$work/receive.err" \
            || die "Handoff run $run: receive failed: $(tail -3 "$work/receive.err")"
        stamp t1
    fi
    wait "$sender" || true
    touch "$stopfile"
    wait "$sampler" "$firstwatch" 2>/dev/null || true
    kill "$watcher" 2>/dev/null || true
    wait "$watcher" 2>/dev/null || true
    local hwm peak sent rc first
    hwm=$(vm_hwm "$handoff_pid") peak=$(<"$peakfile")
    read -r sent rc <"$sentfile"
    ((rc == 0)) || die "Handoff run $run: send exited with $rc: $(tail -3 "$work/send.err")"
    HANDOFF_KEY=$handoff_key_a handoff status "$id" --json >"$work/status.json" 2>/dev/null || true
    state=$(jq -r '.state // .State // empty' "$work/status.json" 2>/dev/null || true)
    stop_group "$handoff_pid"
    n=$(count_files "$out" -name '*.dcm')
    ((n == n_expected)) || die "Handoff run $run: received $n instances, expected $n_expected"
    [[ $(hash_list "$out" '*.dcm') == "$(source_hashes "$src")" ]] || die "Handoff run $run: received files differ from the sent ones"
    [[ ${state,,} == acknowledged ]] || die "Handoff run $run: transfer state is '$state', expected Acknowledged"
    first=NA lag=NA
    [[ -s $firstfile ]] && first=$(printf '%.2f' "$(secs $(($(<"$firstfile") - t0)))")
    # The server's own timestamp of the first instance it verified (the instance-available event) against the
    # moment the first whole file existed at B: the receiver's part of the first-image latency.
    local verified_at verified_us
    verified_at=$(jq -r '[.timeline[]? | select(.type == "instance-available")][0].at // empty' "$work/status.json" 2>/dev/null || true)
    if [[ -s $firstfile && -n $verified_at ]] && verified_us=$(date -d "$verified_at" +%s%6N 2>/dev/null); then
        lag=$(printf '%.3f' "$(secs $(($(<"$firstfile") - verified_us)))")
    fi
    record "$label" "$run" "$(secs $((t1 - t0)))" "first=$first lag=$lag send_exit=$(secs $((sent - t0))) hwm_kb=$hwm peak_kb=$peak"
    printf '%-8s run %d: %6.2f s  (first file at %s s, %s s after the server verified it; send exit %.2f s; server VmHWM %d MB, peak VmRSS %d MB; %d files identical, %s)\n' \
        "$label" "$run" "$(secs $((t1 - t0)))" "$first" "$lag" "$(secs $((sent - t0)))" $((hwm / 1024)) $((peak / 1024)) "$n" "$state"
    rm -rf "$out" "$work/handoff-data"
}

# The two hops apart, on a fresh server: `send` alone (clock from its start to its exit, when the server holds
# and has verified every instance), then `receive` alone (clock from its start to its exit, every file verified
# and acknowledged). Recorded as the peers "upload" and "download".
run_hops() { # run
    local run=$1 out="$work/handoff-out" t0 t1 t1b t2 id n state hwm
    rm -rf "$out" && mkdir -p "$out"
    handoff_start_server
    sync
    stamp t0
    HANDOFF_KEY=$handoff_key_a handoff send "$study" --to bench-b --priority stat >"$work/send.out" 2>"$work/send.err" \
        || die "Handoff hops run $run: send failed: $(tail -3 "$work/send.err")"
    stamp t1
    id=$(guid_in "$work/send.out")
    [[ -n $id ]] || die "Handoff hops run $run: send printed no transfer id"
    sync
    stamp t1b
    HANDOFF_KEY=$handoff_key_b handoff receive "$id" --out "$out" >"$work/receive.out" 2>"$work/receive.err" \
        || die "Handoff hops run $run: receive failed: $(tail -3 "$work/receive.err")"
    stamp t2
    state=$(HANDOFF_KEY=$handoff_key_a handoff status "$id" --json 2>/dev/null | jq -r '.state // empty' || true)
    hwm=$(vm_hwm "$handoff_pid")
    stop_group "$handoff_pid"
    n=$(count_files "$out" -name '*.dcm')
    ((n == slices)) || die "Handoff hops run $run: received $n instances, expected $slices"
    [[ $(hash_list "$out" '*.dcm') == "$(source_hashes "$study")" ]] || die "Handoff hops run $run: received files differ from the sent ones"
    [[ ${state,,} == acknowledged ]] || die "Handoff hops run $run: transfer state is '$state', expected Acknowledged"
    record upload "$run" "$(secs $((t1 - t0)))" "hwm_kb=$hwm"
    record download "$run" "$(secs $((t2 - t1b)))" "hwm_kb=$hwm"
    printf 'upload   run %d: %6.2f s  (send alone, fresh server)\ndownload run %d: %6.2f s  (receive alone, after the upload; %d files identical, %s)\n' \
        "$run" "$(secs $((t1 - t0)))" "$run" "$(secs $((t2 - t1b)))" "$n" "$state"
    rm -rf "$out" "$work/handoff-data"
}

run_baseline() { # the same Handoff run with the older build
    local current_cli=$cli current_server=$server
    cli=$BENCH_BASELINE_CLI server=$BENCH_BASELINE_SERVER
    run_handoff "$1" "$study" "$slices" baseline
    cli=$current_cli server=$current_server
}

summary() {
    python3 - "$results" "$mode" <<'EOF'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
by = {}
for peer, run, secs, extra in rows:
    kv = dict(p.split("=", 1) for p in extra.split())
    by.setdefault(peer, []).append((float(secs), kv))
def med(xs): return statistics.median(xs) if xs else None
def mb(kb): return float(kb) / 1024
print()
if sys.argv[2] == "memory":
    print(f"{'instance':<10} {'runs':>4} {'median s':>9} {'VmHWM MB (median)':>18} {'peak VmRSS MB (median)':>23}  per run VmHWM MB")
    hw = {}
    for peer, rs in by.items():
        h = [mb(kv["hwm_kb"]) for _, kv in rs]; p = [mb(kv["peak_kb"]) for _, kv in rs]
        hw[peer] = med(h)
        print(f"{peer:<10} {len(rs):>4} {med([s for s, _ in rs]):>9.2f} {med(h):>18.0f} {med(p):>23.0f}  " + " ".join(f"{x:.0f}" for x in h))
    if "1GiB" in hw and "500KB" in hw:
        d = hw["1GiB"] - hw["500KB"]
        print(f"\n1 GiB minus 500 KB, server VmHWM: {d:+.0f} MB (target: at most +50 MB) -> {'met' if d <= 50 else 'NOT met'}")
    sys.exit(0)
print(f"{'peer':<8} {'runs':>4} {'median s':>9}  per run (s)")
m = {}
for peer in ("dcmtk", "orthanc", "handoff", "standing", "baseline", "upload", "download"):
    if peer not in by: continue
    secs = [s for s, _ in by[peer]]
    m[peer] = med(secs)
    print(f"{peer:<8} {len(secs):>4} {m[peer]:>9.2f}  " + " ".join(f"{s:.2f}" for s in secs))
for peer in ("handoff", "standing"):
    if peer not in by: continue
    kvs = [kv for _, kv in by[peer]]
    first = [float(kv["first"]) for kv in kvs if kv["first"] != "NA"]
    if first: print(f"{peer} first instance file at the destination, median: {med(first):.2f} s after send start")
    lag = [float(kv["lag"]) for kv in kvs if kv.get("lag", "NA") != "NA"]
    if lag: print(f"{peer} first instance on disk after the server verified it, median: {med(lag):.3f} s (target <= 0.3 s)")
    print(f"{peer} server VmHWM median {med([mb(kv['hwm_kb']) for kv in kvs]):.0f} MB, "
          f"peak polled VmRSS median {med([mb(kv['peak_kb']) for kv in kvs]):.0f} MB (target < 300 MB)")
if "dcmtk" in m and "orthanc" in m:
    print(f"Orthanc/dcmtk = {m['orthanc'] / m['dcmtk']:.2f}")
if "handoff" in m:
    if "dcmtk" in m: print(f"Handoff send+receive at once / dcmtk = {m['handoff'] / m['dcmtk']:.2f} (target <= 2.00 on one 2-core machine)")
    if "orthanc" in m: print(f"Orthanc/Handoff = {m['orthanc'] / m['handoff']:.2f} (target >= 2.00)")
    if "baseline" in m: print(f"Handoff/baseline = {m['handoff'] / m['baseline']:.2f} (this build against the older one)")
if "standing" in m and "dcmtk" in m:
    print(f"Handoff send with a standing receiver / dcmtk = {m['standing'] / m['dcmtk']:.2f} (target <= 2.00 on one 2-core machine)")
for hop in ("upload", "download"):
    if hop in m and "dcmtk" in m: print(f"{hop} hop alone / dcmtk = {m[hop] / m['dcmtk']:.2f} (target <= 1.00)")
EOF
}

# ------------------------------------------------ main -------------------------------------------------------
if [[ $mode == memory ]]; then
    handoff_available || die "memory mode needs a working Handoff server and client"
    large="$root/single-$((1 << 30))" small="$root/single-500000"
    log "warming the page cache..."
    warm "$large"; warm "$small"
    for ((i = 1; i <= repeats; i++)); do
        run_handoff "$i" "$small" 1 500KB
        run_handoff "$i" "$large" 1 1GiB
    done
    summary
    exit 0
fi

peers=()
[[ $only == *dcmtk* ]] && peers+=(dcmtk)
[[ $only == *orthanc* ]] && peers+=(orthanc)
if [[ $only == *handoff* ]]; then
    if handoff_available; then peers+=(handoff); else log "Handoff: skipped"; fi
fi
if [[ $only == *hops* ]]; then
    if handoff_available; then peers+=(hops); else log "Handoff hops: skipped"; fi
fi
if [[ $only == *standing* ]]; then
    if handoff_available; then peers+=(standing); else log "Handoff standing receiver: skipped"; fi
fi
if [[ $only == *baseline* ]]; then
    [[ -f ${BENCH_BASELINE_CLI:-} && -f ${BENCH_BASELINE_SERVER:-} ]] \
        || die "the baseline peer needs HANDOFF_BASELINE_CLI_DLL and HANDOFF_BASELINE_SERVER_DLL"
    peers+=(baseline)
fi
((${#peers[@]})) || die "nothing to run"
log "study: $study ($slices instances, $(du -sh "$study" | cut -f1)); peers: ${peers[*]}; $repeats rounds"
log "warming the page cache..."
warm "$study"
[[ " ${peers[*]} " == *" orthanc "* ]] && orthanc_prepare
for ((i = 1; i <= repeats; i++)); do
    for peer in "${peers[@]}"; do
        case $peer in
            dcmtk) run_dcmtk "$i" ;;
            orthanc) run_orthanc "$i" ;;
            handoff) run_handoff "$i" "$study" "$slices" handoff ;;
            baseline) run_baseline "$i" ;;
            hops) run_hops "$i" ;;
            standing) run_handoff "$i" "$study" "$slices" standing ;;
        esac
    done
done
summary
