#!/usr/bin/env bash
# Federation benchmark (issue "Federation"), in one run with alternating rounds:
#   (a) speed: one synthetic CT study sent by facility `rural` of cluster North to facility `stroke`, either
#         local      on the same cluster (one server: rural -> stroke), or
#         federated  on cluster South (two servers, embedded default profile each, federation on; rural -> stroke@south,
#                    North relays it to South over mutual TLS while South's `receive` downloads it),
#       timed from the start of `handoff send` until the source's cluster shows the transfer Acknowledged (the
#       destination received, verified and acknowledged it; for federated, South's acknowledgement mirrored back),
#       with server CPU times from /proc/<pid>/stat and both clusters' timelines, to show where the time goes;
#   (b) bytes: the same federated pair, but North reaches South's federation endpoint (and South North's) through
#       byterelay.py, a byte-counting TCP relay (TLS passes through; peers are pinned by thumbprint, not host name);
#       the study is sent twice to stroke@south (two transfers, each received and acknowledged) and the bytes that
#       crossed in each direction are reported per send. The second send should move almost nothing.
#
#   bench/federation/run.sh [SLICES [REPEATS]]   default 2000 slices (~1 GB), 3 rounds; `run.sh 200 1` is a smoke run
#   options: --only speed,bytes                  run one part (default both)
#            --settle SECS                       before each timed transfer, wait up to SECS (default 60; 0: off) for
#                                                the machine to be quiet (under 25% busy over 1 s), since it is shared
#            --keep                              keep the work folder (server logs, certificates, event streams)
#   env:     HANDOFF_BENCH_DIR                   where the study and builds live (default ${TMPDIR:-/tmp}/handoff-bench)
#            HANDOFF_CLI_DLL, HANDOFF_SERVER_DLL use these builds instead of building src/ in Release
#
# Everything after the build runs inside a private network namespace (`unshare -n`, loopback only), so the free
# ports picked here cannot collide with other processes on the machine; every listener is on 127.0.0.1 anyway.
# See README.md beside this file.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
root=${HANDOFF_BENCH_DIR:-${TMPDIR:-/tmp}/handoff-bench}
seed=42 # the same study as bench/transfer and bench/cluster

slices=2000 repeats=3 only="speed,bytes" keep=0 settle=60
positional=()
while (($#)); do
    case $1 in
        --only) only=$2; shift ;;
        --only=*) only=${1#--only=} ;;
        --settle) settle=$2; shift ;;
        --settle=*) settle=${1#--settle=} ;;
        --keep) keep=1 ;;
        -h|--help) awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "${BASH_SOURCE[0]}"; exit 0 ;;
        -*) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
        *) positional+=("$1") ;;
    esac
    shift
done
slices=${positional[0]:-2000}
repeats=${positional[1]:-3}
[[ $slices =~ ^[1-9][0-9]*$ && $repeats =~ ^[1-9][0-9]*$ ]] || { echo "SLICES and REPEATS must be positive integers" >&2; exit 2; }
[[ $only == *speed* || $only == *bytes* ]] || { echo "--only takes speed, bytes or both" >&2; exit 2; }
[[ $settle =~ ^[0-9]+$ ]] || { echo "--settle takes whole seconds" >&2; exit 2; }

study="$root/ct-$slices-seed$seed"
build="$root/federation-build"
log() { printf '%s\n' "$*" >&2; }
die() { log "run.sh: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------------------
# Phase 1, outside the namespace (NuGet needs the network): build, write the study, then re-enter.
# ---------------------------------------------------------------------------------------------------------
if [[ -z ${HANDOFF_BENCH_INNER:-} ]]; then
    for tool in dotnet python3 jq curl openssl unshare /usr/bin/time; do command -v $tool >/dev/null || die "$tool not found"; done
    mkdir -p "$root" "$build"
    # Release builds in their own artifacts folder, so src/*/bin and obj (which others build from) stay untouched. A
    # failed build (someone is editing src/) keeps the previous good one in that folder, if any, and says so.
    build_project() { # name -> prints the path of its dll, or nothing
        local name=$1 csproj="$repo/src/$1/$1.csproj" out="$build/bin/$1/release" rc cfg
        log "building $name (Release)..."
        dotnet build -c Release --artifacts-path "$build" "$csproj" -v quiet -nologo >"$build.$name.log" 2>&1 && rc=0 || rc=$?
        cfg=$(ls "$out"/*.runtimeconfig.json 2>/dev/null | head -1) || true
        ((rc == 0)) || log "  build of $name failed (see $build.$name.log)$([[ -n $cfg ]] && echo '; using the previous build')"
        [[ -n $cfg ]] && echo "${cfg%.runtimeconfig.json}.dll"
        return 0
    }
    cli=${HANDOFF_CLI_DLL:-$(build_project Handoff.Cli)}
    server=${HANDOFF_SERVER_DLL:-$(build_project Handoff.Server)}
    [[ -n $cli && -f $cli ]] || die "no handoff CLI build (set HANDOFF_CLI_DLL)"
    [[ -n $server && -f $server ]] || die "no Handoff server build (set HANDOFF_SERVER_DLL)"
    for c in "peer add" "peer export" "peer import" send receive "inbox" "status"; do
        # shellcheck disable=SC2086 # an unknown command with --help prints the root help, so look for its own usage line
        dotnet "$cli" $c --help 2>/dev/null | grep -q "^ *handoff $c\b" || die "the CLI has no '$c' command"
    done
    if [[ ! -f $study.complete ]]; then
        # The marker is written last: an interrupted generation is redone (shared with bench/transfer and bench/cluster).
        log "writing the study: $slices slices, seed $seed -> $study"
        rm -rf "$study"
        dotnet "$cli" dicom synth --out "$study" --slices "$slices" --seed "$seed" >/dev/null
        echo "$slices" >"$study.complete"
    fi
    export HANDOFF_BENCH_INNER=1 BENCH_CLI=$cli BENCH_SERVER=$server
    args=(--only "$only" --settle "$settle" "$slices" "$repeats")
    ((keep)) && args+=(--keep)
    if unshare -n true 2>/dev/null; then
        exec unshare -n -- bash "${BASH_SOURCE[0]}" "${args[@]}"
    elif unshare -rn true 2>/dev/null; then
        exec unshare -rn -- bash "${BASH_SOURCE[0]}" "${args[@]}"
    fi
    log "warning: cannot create a network namespace; running on the machine's loopback (ports may collide)"
    export HANDOFF_BENCH_NO_NETNS=1
    exec bash "${BASH_SOURCE[0]}" "${args[@]}"
fi

# ---------------------------------------------------------------------------------------------------------
# Phase 2, inside the namespace: measure.
# ---------------------------------------------------------------------------------------------------------
[[ -n ${HANDOFF_BENCH_NO_NETNS:-} ]] || ip link set lo up
cli=$BENCH_CLI server=$BENCH_SERVER
work=$(mktemp -d "$root/federation-work.XXXXXX")
results="$work/results.tsv" # part, config, run, seconds, then key=value extras
: >"$results"
hz=$(getconf CLK_TCK)
pgids=() bgpids=()
cleanup() {
    local g
    for g in "${bgpids[@]}"; do kill "$g" 2>/dev/null || true; done
    for g in "${pgids[@]}"; do kill -KILL -- "-$g" 2>/dev/null || true; done
    if ((keep)); then log "work folder kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_group() { # logfile cmd... ; sets $started (setsid execs in place: pid = pgid)
    local logfile=$1; shift
    setsid "$@" >"$logfile" 2>&1 &
    started=$!
    pgids+=("$started")
}
stop_groups() { # pid... : TERM all at once, then KILL what is left after 10 s
    local g
    for g in "$@"; do kill -TERM -- "-$g" 2>/dev/null || true; done
    for g in "$@"; do
        for _ in $(seq 200); do kill -0 -- "-$g" 2>/dev/null || break; sleep 0.05; done
        kill -KILL -- "-$g" 2>/dev/null || true
        wait "$g" 2>/dev/null || true
    done
}
stamp() { local _now=${EPOCHREALTIME/[.,]/}; printf -v "$1" '%s' "$_now"; } # microseconds since the epoch
secs() { printf '%d.%06d' $(($1 / 1000000)) $(($1 % 1000000)); }            # microseconds -> seconds
free_ports() { # n -> n distinct free TCP ports on 127.0.0.1
    python3 - "$1" <<'EOF'
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
}
warm() { find "$1" -type f -exec cat {} + >/dev/null; }
hash_list() { (cd "$1" && find . -type f -name "${2:-*}" -print0 | xargs -0 -r -P 2 -n 64 sha256sum | cut -d' ' -f1 | sort); }
source_hashes() { [[ -f $work/hashes.source ]] || hash_list "$study" >"$work/hashes.source"; cat "$work/hashes.source"; }
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >>"$results"; }
handoff() { dotnet "$cli" "$@"; } # --server and --key are always given explicitly
# The receive layout is DIR/<study>/<series>/<sop>.dcm; counting with a glob costs no fork.
shopt -s nullglob
count_dcm() { local f=("$1"/*/*/*.dcm); echo ${#f[@]}; }
proc_cpu() { # pid -> "user system" in clock ticks (0 0 once the process is gone)
    local s
    s=$(cat "/proc/$1/stat" 2>/dev/null) || { echo "0 0"; return; }
    s=${s##*) }
    local f=($s)
    echo "${f[11]} ${f[12]}"
}
proc_io() { # pid -> "rchar wchar write_bytes" (bytes; 0 0 0 once the process is gone)
    awk '/^rchar:/ {r = $2} /^wchar:/ {w = $2} /^write_bytes:/ {b = $2} END {print r + 0, w + 0, b + 0}' "/proc/$1/io" 2>/dev/null || echo "0 0 0"
}
machine_ticks() { # -> "busy total" over all CPUs, from /proc/stat
    local _cpu u n s i w q sq st
    read -r _cpu u n s i w q sq st _ </proc/stat
    echo "$((u + n + s + q + sq + st)) $((u + n + s + i + w + q + sq + st))"
}
# Waits (at most $settle s) until the machine was under 25% busy for a whole second: other sessions' builds and tests
# share its two cores. Records how long it waited and how busy the last second was.
wait_quiet() {
    local b0 t0 b1 t1 waited=0
    x_quiet="waited=0 busy_before=NA"
    ((settle > 0)) || return 0
    while :; do
        read -r b0 t0 < <(machine_ticks)
        sleep 1
        read -r b1 t1 < <(machine_ticks)
        x_quiet="waited=$waited busy_before=$(((b1 - b0) * 100 / (t1 - t0 > 0 ? t1 - t0 : 1)))"
        ((( b1 - b0) * 4 < t1 - t0 || waited >= settle)) && return 0
        waited=$((waited + 1))
    done
}
vm_hwm() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; } # kB
ticks_s() { printf '%d.%02d' $(($1 / hz)) $((($1 % hz) * 100 / hz)); }
time_of() { # /usr/bin/time output file -> "user+sys maxrss_kb"
    python3 - "$1" <<'EOF'
import sys
try:
    u, s, m = open(sys.argv[1]).read().split()[-3:]
    print(f"{float(u) + float(s):.2f} {m}")
except Exception:
    print("NA NA")
EOF
}
# Prefixes every line of stdin with the microseconds since the epoch at which it arrived (no fork per line).
timestamp_lines() { local line; while IFS= read -r line; do printf '%s %s\n' "${EPOCHREALTIME/[.,]/}" "$line"; done; }
known_ids=" " # transfers of earlier sends on these clusters (an inbox watch replays them, an outbox lists them)
new_id() { # file -> the first transfer id in it that is not in $known_ids
    [[ -s $1 ]] || return 0
    local id
    for id in $(grep -oE '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}' "$1" || true); do
        [[ $known_ids == *" $id "* ]] || { echo "$id"; return 0; }
    done
}

# ------------------------------------------------ certificates -----------------------------------------------
# A CA, then per network a certificate with CN=<network>, for 127.0.0.1 and localhost, for TLS server and client
# authentication (the federation endpoint presents it, and so does the cluster when it calls a peer). Peers pin the
# certificate's SHA-256 thumbprint; the CA only makes the files look like a real deployment's.
pki="$work/pki"
make_pki() {
    mkdir -p "$pki"
    (
        cd "$pki"
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.pem \
            -subj /CN=handoff-bench-ca -days 2 -addext basicConstraints=critical,CA:TRUE \
            -addext keyUsage=critical,keyCertSign,cRLSign >/dev/null 2>&1
        cat >leaf.cnf <<'EOF'
basicConstraints=critical,CA:FALSE
subjectAltName=IP:127.0.0.1,DNS:localhost
extendedKeyUsage=serverAuth,clientAuth
keyUsage=critical,digitalSignature,keyEncipherment
EOF
        local n
        for n in north south; do
            openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$n.key" -out "$n.csr" \
                -subj "/CN=$n" >/dev/null 2>&1
            openssl x509 -req -in "$n.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -out "$n.pem" \
                -extfile leaf.cnf >/dev/null 2>&1
            chmod 600 "$n.key"
        done
    ) || die "openssl could not make the certificates"
    [[ -s $pki/north.pem && -s $pki/south.pem ]] || die "openssl could not make the certificates"
}

# ------------------------------------------------ servers ----------------------------------------------------
printf '\0\0\0\0\0' >"$work/health.req" # an empty grpc.health.v1.HealthCheckRequest, framed
serving() { # url -> 0 when grpc.health answers SERVING (a 2-byte message: field 1 = 1)
    local body
    body=$(curl -s --http2-prior-knowledge --max-time 2 -H 'content-type: application/grpc' -H 'te: trailers' \
        --data-binary @"$work/health.req" "$1/grpc.health.v1.Health/Check" 2>/dev/null | od -An -tx1 | tr -d ' \n') || return 1
    [[ $body == 00000000020801 ]]
}
# Starts one server of network $1 (embedded default profile, fresh data folder, federation on) without waiting.
# Sets <network>_pid, <network>_url, <network>_fed (the federation port), <network>_data.
start_server() { # network tag
    local net=$1 tag=$2 ports data
    read -r -a ports < <(free_ports 5)
    data="$work/data-$tag-$net"
    rm -rf "$data" && mkdir -p "$data"
    start_group "$work/server-$tag-$net.log" dotnet "$server" --Handoff:DataPath="$data" \
        --Kestrel:Endpoints:Grpc:Url="http://127.0.0.1:${ports[0]}" --Kestrel:Endpoints:Web:Url="http://127.0.0.1:${ports[4]}" \
        --Handoff:Silo:SiloPort="${ports[1]}" --Handoff:Silo:GatewayPort="${ports[2]}" \
        --Handoff:Federation:Network="$net" --Handoff:Federation:Listen="https://127.0.0.1:${ports[3]}" \
        --Handoff:Federation:CertificatePath="$pki/$net.pem" --Handoff:Federation:KeyPath="$pki/$net.key"
    printf -v "${net}_pid" '%s' "$started"
    printf -v "${net}_url" '%s' "http://127.0.0.1:${ports[0]}"
    printf -v "${net}_fed" '%s' "${ports[3]}"
    printf -v "${net}_data" '%s' "$data"
}
wait_serving() { # network tag ; sets <network>_op (the operator key)
    local net=$1 tag=$2 pidv="${1}_pid" urlv="${1}_url" datav="${1}_data" deadline=$((SECONDS + 120))
    until serving "${!urlv}"; do
        kill -0 "${!pidv}" 2>/dev/null || die "server $net exited: $(tail -3 "$work/server-$tag-$net.log")"
        ((SECONDS < deadline)) || die "server $net not SERVING after 120 s"
        sleep 0.2
    done
    [[ -s ${!datav}/operator.key ]] || die "no operator key in ${!datav}"
    printf -v "${net}_op" '%s' "$(tr -d '[:space:]' <"${!datav}/operator.key")"
}
# The byte-counting relay: route n2s carries North's calls to South's federation endpoint, s2n South's to North's.
start_relay() { # tag ; sets relay_pid relay_ctl relay_n2s relay_s2n
    local tag=$1 ports
    read -r -a ports < <(free_ports 3)
    relay_ctl=${ports[0]} relay_n2s=${ports[1]} relay_s2n=${ports[2]}
    start_group "$work/relay-$tag.log" python3 "$here/byterelay.py" --control "$relay_ctl" \
        --route "n2s:$relay_n2s:127.0.0.1:$south_fed" --route "s2n:$relay_s2n:127.0.0.1:$north_fed"
    relay_pid=$started
    for _ in $(seq 100); do
        grep -q '^byterelay: ready' "$work/relay-$tag.log" 2>/dev/null && return 0
        kill -0 "$relay_pid" 2>/dev/null || die "the relay exited: $(tail -3 "$work/relay-$tag.log")"
        sleep 0.05
    done
    die "the relay did not start"
}
relay_counts() { # -> "n2s_up n2s_down s2n_up s2n_down n2s_connections" (bash's /dev/tcp: no fork)
    local line name kv a=() c=0
    exec {fd}<>"/dev/tcp/127.0.0.1/$relay_ctl"
    while IFS= read -r line <&$fd; do
        read -r name kv <<<"$line"
        local up=${kv#up=}; up=${up%% *}
        local down=${kv#*down=}; down=${down%% *}
        a+=("$up" "$down")
        [[ $name == n2s ]] && { c=${kv#*connections=}; c=${c%% *}; }
    done
    exec {fd}<&-
    echo "${a[0]} ${a[1]} ${a[2]} ${a[3]} $c"
}

# Fresh clusters for one run. local: North only, with rural and stroke. federated: North (rural) and South (stroke),
# peers registered both ways (through the relay when $2 is "relay"), stroke exported to north, imported with --all.
# Sets src_url dst_url key_src key_dst dst_name server_pids.
setup() { # config tag [relay]
    local config=$1 tag=$2 via=${3:-direct}
    known_ids=" " # transfer ids are derived from what is sent, so fresh clusters give the same ids again
    start_server north "$tag"
    server_pids=("$north_pid")
    if [[ $config == federated ]]; then
        start_server south "$tag"
        server_pids+=("$south_pid")
    fi
    wait_serving north "$tag"
    src_url=$north_url
    key_src=$(handoff --server "$north_url" --key "$north_op" facility add rural --name "Rural Clinic" | tail -1)
    if [[ $config == local ]]; then
        dst_url=$north_url dst_name=stroke
        key_dst=$(handoff --server "$north_url" --key "$north_op" facility add stroke --name "Stroke Centre" | tail -1)
    else
        wait_serving south "$tag"
        dst_url=$south_url dst_name=stroke@south
        key_dst=$(handoff --server "$south_url" --key "$south_op" facility add stroke --name "Stroke Centre" | tail -1)
        local south_at=$south_fed north_at=$north_fed
        if [[ $via == relay ]]; then
            start_relay "$tag"
            server_pids+=("$relay_pid")
            south_at=$relay_n2s north_at=$relay_s2n
        fi
        handoff --server "$north_url" --key "$north_op" peer add south --address "https://127.0.0.1:$south_at" \
            --certificate "$pki/south.pem" >"$work/peer-$tag.log" 2>&1 || die "peer add south failed: $(tail -3 "$work/peer-$tag.log")"
        handoff --server "$south_url" --key "$south_op" peer add north --address "https://127.0.0.1:$north_at" \
            --certificate "$pki/north.pem" >>"$work/peer-$tag.log" 2>&1 || die "peer add north failed: $(tail -3 "$work/peer-$tag.log")"
        handoff --server "$south_url" --key "$south_op" peer export stroke --to north >>"$work/peer-$tag.log" 2>&1 \
            || die "peer export failed: $(tail -3 "$work/peer-$tag.log")"
        handoff --server "$north_url" --key "$north_op" peer import south --all >>"$work/peer-$tag.log" 2>&1 \
            || die "peer import failed: $(tail -3 "$work/peer-$tag.log")"
        grep -q 'stroke@south' "$work/peer-$tag.log" || die "stroke@south not importable: $(tail -3 "$work/peer-$tag.log")"
    fi
    [[ -n $key_src && -n $key_dst ]] || die "registering facilities failed"
}

# ------------------------------------------------ one transfer -----------------------------------------------
# Sends the study from rural to $dst_name and times it:
#   t0         send starts (the destination's inbox watcher has run for 1 s, as a receiving site's gateway would)
#   seen       the transfer appears in the destination's inbox watch (then receive starts at once)
#   send_exit  send exits (the source cluster holds every instance)
#   recv_exit  receive exits: every file verified, written, reported downloaded and acknowledged to its cluster
#   end        the source's `status ID --watch --json` on the source cluster prints the Acknowledged event
# Both configurations run the same client processes: destination inbox --watch and receive, source inbox --outbox
# (once, for the source's transfer id) and status --watch. Sets the x_* globals; checks files and states.
transfer_once() { # label out
    local label=$1 out=$2 t0 id_dst="" id_src="" deadline
    rm -rf "$out" "$work"/send.* "$work"/receive.* "$work"/inbox.* "$work"/watch.* "$work"/outbox.* && mkdir -p "$out"
    sync
    # $! is the client itself (its stdout goes through a process substitution), so kill reaches it.
    dotnet "$cli" --server "$dst_url" --key "$key_dst" inbox --watch --json 2>"$work/inbox.err" > >(timestamp_lines >"$work/inbox.out") &
    local watcher=$!
    bgpids+=("$watcher")
    sleep 1
    wait_quiet
    local p c0=() c1=() io0=() io1=() m0 m1
    for p in "${server_pids[@]}"; do c0+=("$(proc_cpu "$p")"); io0+=("$(proc_io "$p")"); done
    m0=$(machine_ticks)
    stamp t0
    ( /usr/bin/time -o "$work/send.time" -f '%e %U %S %M' dotnet "$cli" --server "$src_url" --key "$key_src" \
          send "$study" --to "$dst_name" --priority stat --json >"$work/send.out" 2>"$work/send.err" && rc=0 || rc=$?
      stamp t; echo "$t $rc" >"$work/send.end" ) &
    local sender=$!
    bgpids+=("$sender")
    # The destination's transfer: from the watch (one line per event, the first names the transfer), else polled.
    deadline=$((SECONDS + 600))
    until [[ -n $id_dst ]]; do
        ((SECONDS < deadline)) || die "$label: no transfer at the destination after 600 s"
        id_dst=$(new_id "$work/inbox.out")
        [[ -n $id_dst ]] && break
        if ! kill -0 "$watcher" 2>/dev/null; then
            handoff --server "$dst_url" --key "$key_dst" inbox --json >"$work/inbox.poll" 2>/dev/null || true
            id_dst=$(new_id "$work/inbox.poll")
            [[ -n $id_dst ]] && break
        fi
        [[ -s $work/send.end && $(awk '{print $2}' "$work/send.end") != 0 ]] && die "$label: send failed: $(tail -3 "$work/send.err")"
        sleep 0.02
    done
    local seen
    stamp seen
    ( /usr/bin/time -o "$work/receive.time" -f '%e %U %S %M' dotnet "$cli" --server "$dst_url" --key "$key_dst" \
          receive "$id_dst" --out "$out" --json >"$work/receive.out" 2>"$work/receive.err" && rc=0 || rc=$?
      stamp t; echo "$t $rc" >"$work/receive.end" ) &
    local receiver=$!
    bgpids+=("$receiver")
    # The source's transfer id: the same one on one cluster; on two, the source's outbox (the only transfer there).
    if [[ $dst_url == "$src_url" ]]; then
        id_src=$id_dst
    else
        until [[ -n $id_src ]]; do
            ((SECONDS < deadline)) || die "$label: no transfer in the source's outbox"
            handoff --server "$src_url" --key "$key_src" inbox --outbox --json >"$work/outbox.json" 2>/dev/null || true
            id_src=$(new_id "$work/outbox.json")
            [[ -n $id_src ]] || sleep 0.1
        done
    fi
    # Ends by itself when the transfer reaches a final state.
    dotnet "$cli" --server "$src_url" --key "$key_src" status "$id_src" --watch --json 2>"$work/watch.err" > >(timestamp_lines >"$work/watch.out") &
    local follower=$!
    bgpids+=("$follower")
    local end=""
    until [[ -n $end ]]; do
        ((SECONDS < deadline)) || die "$label: the source never showed Acknowledged (status --watch: $(tail -2 "$work/watch.out"))"
        end=$(awk '/"state":"acknowledged"/ {print $1; exit}' "$work/watch.out" 2>/dev/null || true)
        [[ -n $end ]] && break
        if [[ -s $work/receive.end && $(awk '{print $2}' "$work/receive.end") != 0 ]]; then
            die "$label: receive failed: $(tail -3 "$work/receive.err")"
        fi
        if ! kill -0 "$follower" 2>/dev/null; then
            end=$(awk '/"state":"acknowledged"/ {print $1; exit}' "$work/watch.out" 2>/dev/null || true)
            [[ -n $end ]] || die "$label: status --watch ended without Acknowledged: $(tail -2 "$work/watch.out") $(tail -2 "$work/watch.err")"
        fi
        sleep 0.02
    done
    wait "$receiver" || true
    wait "$sender" || true
    for p in "${server_pids[@]}"; do c1+=("$(proc_cpu "$p")"); io1+=("$(proc_io "$p")"); done
    m1=$(machine_ticks)
    wait "$follower" 2>/dev/null || true
    kill "$watcher" 2>/dev/null || true
    wait "$watcher" 2>/dev/null || true
    known_ids+="$id_src $id_dst "
    local send_exit rc recv_exit
    read -r send_exit rc <"$work/send.end"
    ((rc == 0)) || die "$label: send exited with $rc: $(tail -3 "$work/send.err")"
    read -r recv_exit rc <"$work/receive.end"
    ((rc == 0)) || die "$label: receive exited with $rc: $(tail -3 "$work/receive.err")"
    # Both ends' records of the transfer, for the timeline (server clocks: the same machine, same clock as t0).
    handoff --server "$src_url" --key "$key_src" status "$id_src" --json >"$work/status-src.json" 2>/dev/null || die "$label: status at the source failed"
    handoff --server "$dst_url" --key "$key_dst" status "$id_dst" --json >"$work/status-dst.json" 2>/dev/null || die "$label: status at the destination failed"
    local state_src state_dst n
    state_src=$(jq -r .state "$work/status-src.json") state_dst=$(jq -r .state "$work/status-dst.json")
    [[ $state_src == acknowledged && $state_dst == acknowledged ]] || die "$label: states are $state_src (source) and $state_dst (destination)"
    n=$(count_dcm "$out")
    ((n == slices)) || die "$label: received $n instances, expected $slices"
    [[ $(hash_list "$out" '*.dcm') == "$(source_hashes)" ]] || die "$label: received files differ from the sent ones"
    [[ $(jq -r .acknowledgement.receiptHash "$work/status-src.json") == $(jq -r .acknowledgement.receiptHash "$work/status-dst.json") ]] \
        || die "$label: the receipt hashes of source and destination differ"
    # Milestones from the servers' timelines, in seconds after t0 (NA when absent).
    x_marks=$(python3 - "$t0" "$work/status-src.json" "$work/status-dst.json" <<'EOF'
import json, sys
from datetime import datetime
t0 = int(sys.argv[1])
def at(doc, kind, last=False):
    ts = [int(datetime.fromisoformat(e["at"]).timestamp() * 1e6) for e in doc.get("timeline", []) if e.get("type") == kind]
    if not ts: return "NA"
    return f"{((max(ts) if last else min(ts)) - t0) / 1e6:.2f}"
src, dst = (json.load(open(p)) for p in sys.argv[2:4])
# Per instance: when it became downloadable at the source's cluster and at the destination's (the same events on one
# cluster). The difference is the relay's lag; how much the destination held when the source had it all shows
# whether the relay kept pace with the upload.
def per_sop(doc):
    return {e["sopInstanceUid"]: int(datetime.fromisoformat(e["at"]).timestamp() * 1e6)
            for e in doc.get("timeline", []) if e.get("type") == "instance-available" and "sopInstanceUid" in e}
s_av, d_av = per_sop(src), per_sop(dst)
lags = sorted(d_av[k] - s_av[k] for k in s_av if k in d_av)
lag = lambda q: f"{lags[min(len(lags) - 1, int(q * len(lags)))] / 1e6:.2f}" if lags else "NA"
done = max(s_av.values()) if s_av else None
held = f"{sum(1 for t in d_av.values() if t <= done)}" if done else "NA"
print(" ".join(["lag_p50=" + lag(0.5), "lag_max=" + lag(1.0), "dst_held_at_src_done=" + held,
    "src_created=" + at(src, "created"), "src_first_avail=" + at(src, "instance-available"),
    "src_available=" + at(src, "available"), "relayed=" + at(src, "relayed"),
    "dst_created=" + at(dst, "created"), "dst_first_avail=" + at(dst, "instance-available"),
    "dst_last_avail=" + at(dst, "instance-available", last=True), "dst_available=" + at(dst, "available"),
    "dst_downloaded=" + at(dst, "downloaded"), "dst_ack=" + at(dst, "acknowledged"), "src_ack=" + at(src, "acknowledged")]))
EOF
)
    if ((keep)); then
        local k=${label// /-}
        cp "$work/status-src.json" "$work/status-$k-src.json"; cp "$work/status-dst.json" "$work/status-$k-dst.json"
    fi
    x_t0=$t0 x_end=$end x_seen=$seen x_send=$send_exit x_recv=$recv_exit x_id_src=$id_src x_id_dst=$id_dst
    x_send_json=$(tail -1 "$work/send.out")
    read -r x_send_cpu x_send_rss < <(time_of "$work/send.time")
    read -r x_recv_cpu x_recv_rss < <(time_of "$work/receive.time")
    local busy0 total0 busy1 total1 i u0 s0 u1 s1 r0 w0 b0 r1 w1 b1
    read -r busy0 total0 <<<"$m0"; read -r busy1 total1 <<<"$m1"
    x_machine="machine_busy=$(ticks_s $((busy1 - busy0))) machine_cap=$(ticks_s $((total1 - total0)))"
    x_servers=""
    for ((i = 0; i < ${#server_pids[@]}; i++)); do
        read -r u0 s0 <<<"${c0[i]}"; read -r u1 s1 <<<"${c1[i]}"
        read -r r0 w0 b0 <<<"${io0[i]}"; read -r r1 w1 b1 <<<"${io1[i]}"
        local who=north
        ((i == 1)) && who=south
        ((i == 2)) && who=relay
        x_servers+="${who}_user=$(ticks_s $((u1 - u0))) ${who}_sys=$(ticks_s $((s1 - s0))) ${who}_disk_mb=$(((b1 - b0) / 1000000)) "
        [[ $who != relay ]] && x_servers+="${who}_hwm_mb=$(($(vm_hwm "${server_pids[i]}") / 1024)) "
    done
    rm -rf "$out"
}
describe() { # config run -> one line on stdout from the x_* globals
    local d_end=$((x_end - x_t0)) d_recv=$((x_recv - x_t0))
    printf '%-9s run %d: %6.2f s to Acknowledged at the source  (receive exit %.2f, send exit %.2f, at the destination %.2f s; %s; CPU s: send %s receive %s; %s; %s)\n' \
        "$1" "$2" "$(secs "$d_end")" "$(secs "$d_recv")" "$(secs $((x_send - x_t0)))" "$(secs $((x_seen - x_t0)))" \
        "$x_marks" "$x_send_cpu" "$x_recv_cpu" "$x_servers$x_machine" "$x_quiet"
}

# ------------------------------------------------ (a) speed --------------------------------------------------
run_speed() { # run config
    local run=$1 config=$2 tag="$2-$1"
    setup "$config" "$tag"
    transfer_once "$config run $run" "$work/out"
    stop_groups "${server_pids[@]}"
    record speed "$config" "$run" "$(secs $((x_end - x_t0)))" \
        "recv_exit=$(secs $((x_recv - x_t0))) send_exit=$(secs $((x_send - x_t0))) seen=$(secs $((x_seen - x_t0))) $x_marks send_cpu=$x_send_cpu recv_cpu=$x_recv_cpu $x_servers$x_machine $x_quiet"
    describe "$config" "$run"
    rm -rf "$work"/data-"$tag"-*
}

# ------------------------------------------------ (b) bytes --------------------------------------------------
run_bytes() { # run
    local run=$1 tag="bytes-$1" before after send
    setup federated "$tag" relay
    sleep 1 # the connection peer import opened is idle now; its bytes are setup, not transfer
    for send in 1 2; do
        before=$(relay_counts)
        transfer_once "bytes run $run send $send" "$work/out-$send"
        sleep 1 # anything still in flight (the relay's last frames, a keep-alive) lands in this send
        after=$(relay_counts)
        local b0=($before) b1=($after) instances_stored
        instances_stored=$(jq -r '.instancesAlreadyStored // "NA"' <<<"$x_send_json" 2>/dev/null || echo NA)
        local extra="n2s_up=$((b1[0] - b0[0])) n2s_down=$((b1[1] - b0[1])) s2n_up=$((b1[2] - b0[2])) s2n_down=$((b1[3] - b0[3])) new_connections=$((b1[4] - b0[4])) already_stored=$instances_stored"
        record bytes "send$send" "$run" "$(secs $((x_end - x_t0)))" \
            "$extra recv_exit=$(secs $((x_recv - x_t0))) send_exit=$(secs $((x_send - x_t0))) $x_marks send_cpu=$x_send_cpu recv_cpu=$x_recv_cpu $x_servers$x_machine $x_quiet"
        printf 'bytes     run %d send %d: North->South %s B, South->North %s B (calls South made to North: %s B up, %s B down); %.2f s to Acknowledged through the relay (%s; relay CPU s %s+%s)\n' \
            "$run" "$send" "$((b1[0] - b0[0]))" "$((b1[1] - b0[1]))" "$((b1[2] - b0[2]))" "$((b1[3] - b0[3]))" \
            "$(secs $((x_end - x_t0)))" "$x_marks" "$(grep -oE 'relay_user=[0-9.]+' <<<"$x_servers" | cut -d= -f2)" "$(grep -oE 'relay_sys=[0-9.]+' <<<"$x_servers" | cut -d= -f2)"
    done
    stop_groups "${server_pids[@]}"
    grep '^byterelay: final' "$work/relay-$tag.log" >&2 || true
    rm -rf "$work"/data-"$tag"-*
}

summary() { # study bytes (the sum of its file sizes)
    python3 - "$results" "$slices" "$1" <<'EOF'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
slices, study_bytes = int(sys.argv[2]), int(sys.argv[3])
by = {}
for part, config, run, secs, extra in rows:
    kv = dict(p.split("=", 1) for p in extra.split())
    kv["secs"], kv["run"] = secs, run
    f = lambda k: float(kv[k]) if kv.get(k, "NA") not in ("NA", "nan") else 0.0
    hand = sum(f(k) for k in ("north_user", "north_sys", "south_user", "south_sys", "send_cpu", "recv_cpu"))
    kv["handoff_cpu"] = f"{hand:.2f}"
    kv["other_cpu"] = f"{f('machine_busy') - hand - f('relay_user') - f('relay_sys'):.2f}"
    by.setdefault((part, config), []).append(kv)
def med(rs, key):
    xs = [float(r[key]) for r in rs if r.get(key, "NA") != "NA"]
    return statistics.median(xs) if xs else float("nan")
print()
speed = {c: by[("speed", c)] for c in ("local", "federated") if ("speed", c) in by}
if speed:
    print(f"(a) speed, {slices} instances ({study_bytes / 1e6:.0f} MB): seconds after `send` starts (medians)")
    cols = [("secs", "acked@src"), ("recv_exit", "recv exit"), ("send_exit", "send exit"), ("seen", "at dst"),
            ("src_available", "src avail"), ("relayed", "relayed"), ("dst_last_avail", "dst last"), ("dst_ack", "dst ack"),
            ("lag_p50", "lag p50"), ("lag_max", "lag max"), ("dst_held_at_src_done", "dst held")]
    print(f"{'config':<10} {'runs':>4} " + " ".join(f"{h:>10}" for _, h in cols) + "  per run (acked@src)")
    for c, rs in speed.items():
        print(f"{c:<10} {len(rs):>4} " + " ".join(f"{med(rs, k):>10.2f}" for k, _ in cols) + "  " + " ".join(f"{float(r['secs']):.2f}" for r in rs))
    print("\nCPU seconds during the timed window (medians; Handoff = both servers + send + receive; machine = every process"
          " on the machine, capacity = 2 cores x the window; others = machine - Handoff)")
    cpu = [("north_user", "N user"), ("north_sys", "N sys"), ("south_user", "S user"), ("south_sys", "S sys"),
           ("send_cpu", "send"), ("recv_cpu", "receive"), ("handoff_cpu", "Handoff"), ("other_cpu", "others"),
           ("machine_busy", "machine"), ("machine_cap", "capacity"), ("north_disk_mb", "N disk MB"),
           ("south_disk_mb", "S disk MB"), ("north_hwm_mb", "N HWM MB"), ("south_hwm_mb", "S HWM MB")]
    print(f"{'config':<10} " + " ".join(f"{h:>9}" for _, h in cpu))
    for c, rs in speed.items():
        print(f"{c:<10} " + " ".join(f"{med(rs, k):>9.2f}" if not k.endswith("mb") else f"{med(rs, k):>9.0f}" for k, _ in cpu))
    if "local" in speed and "federated" in speed:
        l, f = med(speed["local"], "secs"), med(speed["federated"], "secs")
        print(f"\nfederated / local = {f:.2f} / {l:.2f} = {f / l:.2f}  (target <= 1.50: {'met' if f / l <= 1.5 else 'NOT met'})")
        # Each round's pair ran back to back, so their ratio cancels slow drifts of the machine's load.
        loc = {r["run"]: float(r["secs"]) for r in speed["local"]}
        pairs = [float(r["secs"]) / loc[r["run"]] for r in speed["federated"] if r["run"] in loc]
        if pairs:
            print(f"per-round ratios: {' '.join(f'{x:.2f}' for x in pairs)}; median {statistics.median(pairs):.2f}")
        # Rounds in which other processes used under 20% of the machine during both runs.
        quiet = lambda r: float(r["other_cpu"]) < 0.2 * float(r.get("machine_cap", "0") or 0)
        qloc = {r["run"]: r for r in speed["local"] if quiet(r)}
        q = [(qloc[r["run"]], r) for r in speed["federated"] if quiet(r) and r["run"] in qloc]
        if q:
            ql, qf = statistics.median(float(a["secs"]) for a, _ in q), statistics.median(float(b["secs"]) for _, b in q)
            print(f"quiet rounds (others < 20% of capacity in both runs): {len(q)}: local {ql:.2f} s, federated {qf:.2f} s, ratio {qf / ql:.2f}")
        else:
            print("quiet rounds (others < 20% of capacity in both runs): none")
        hl, hf = med(speed["local"], "handoff_cpu"), med(speed["federated"], "handoff_cpu")
        print(f"Handoff CPU seconds, federated / local = {hf:.2f} / {hl:.2f} = {hf / hl:.2f}")
        lr, fr = med(speed["local"], "recv_exit"), med(speed["federated"], "recv_exit")
        print(f"by receive exit at the destination: {fr:.2f} / {lr:.2f} = {fr / lr:.2f}")
for send in ("send1", "send2"):
    rs = by.get(("bytes", send))
    if not rs: continue
    if send == "send1":
        print(f"\n(b) bytes across the North-South link, same study sent twice to stroke@south (study {study_bytes:,} bytes)")
        print(f"{'send':<6} {'runs':>4} {'North->South':>14} {'South->North':>14} {'S-initiated':>12} {'of study':>9} {'s to ack':>9}  per run North->South")
    up, down = med(rs, "n2s_up"), med(rs, "n2s_down")
    s_init = med(rs, "s2n_up") + med(rs, "s2n_down")
    print(f"{send:<6} {len(rs):>4} {up:>14,.0f} {down:>14,.0f} {s_init:>12,.0f} {100 * up / study_bytes:>8.3f}% {med(rs, 'secs'):>9.2f}  "
          + " ".join(f"{int(r['n2s_up']):,}" for r in rs))
EOF
}

# ------------------------------------------------ main -------------------------------------------------------
make_pki
log "study: $study ($slices instances, $(du -sh "$study" | cut -f1)); parts: $only; $repeats rounds"
log "warming the page cache and hashing the study..."
warm "$study"
source_hashes >/dev/null
for ((i = 1; i <= repeats; i++)); do
    if [[ $only == *speed* ]]; then
        # Alternate which goes first, so neither always runs after the other's write-back.
        if ((i % 2)); then run_speed "$i" local; run_speed "$i" federated; else run_speed "$i" federated; run_speed "$i" local; fi
    fi
    [[ $only == *bytes* ]] && run_bytes "$i"
done
summary "$(find "$study" -type f -printf '%s\n' | awk '{s += $1} END {print s}')" | tee "$work/summary.txt"
cp "$results" "$root/federation-results.$(date +%Y%m%d-%H%M%S).tsv"
