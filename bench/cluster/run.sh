#!/usr/bin/env bash
# Cluster-mode benchmark (issue "Cluster mode"), in one run with alternating rounds:
#   (a) speed: one synthetic CT study sent by facility A while facility B receives it (as bench/transfer does), on
#         local1   one silo, embedded default profile (files under a fresh data folder)
#         azure1   one silo, Azure profile on a fresh Azurite
#         azure3   three silos, Azure profile on one fresh Azurite; send gets --server A,B,C, receive B,C,A
#       with the CPU time of every process (silos, Azurite, send, receive) and peak RSS, to show where time goes;
#   (b) failover: three silos on Azurite; SIGKILL of one silo once a quarter of the study has moved, then the time
#       until the transfer moves again, for
#         receive-*  receive --server A,B,C of a study already sent (progress: new completed .dcm files, polled 50 ms)
#         send-*     send --server A,B,C (progress: the server's instance-available events, timestamped by the server)
#         *-first    the silo killed is A, the first address the client was given (the one serving its calls)
#         *-host     the silo killed is the one hosting the transfer's TransferGrain (from the silo logs; may be A)
#       and whether the transfer then completed with every file verified and acknowledged.
#
#   bench/cluster/run.sh [SLICES [REPEATS]]   default 2000 slices (~1 GB), 3 rounds; `run.sh 200 1` is a smoke run
#   options: --only speed,failover            run one part (default both)
#            --configs local1,azure1,azure3   the configurations of part (a) (default all three)
#            --scenarios receive-first,...    the failover scenarios of part (b): {receive,send}-{first,host}
#            --keep                           keep the work folder (silo and Azurite logs, event streams)
#   env:     HANDOFF_BENCH_DIR                where the study and builds live (default ${TMPDIR:-/tmp}/handoff-bench)
#            HANDOFF_CLI_DLL, HANDOFF_SERVER_DLL   use these builds instead of building src/ in Release
#            HANDOFF_CLUSTER_SILO_ARGS        extra settings for every Azure silo, e.g.
#                                             "--Handoff:Silo:ProbeTimeout=00:00:01 --Handoff:Silo:MissedProbesLimit=2"
#
# Everything after the build runs inside a private network namespace (`unshare -n`). The Azure profile binds the
# silo and gateway ports on every address and advertises the machine's first non-loopback address (and refuses to
# start when there is none), so the namespace gets a veth pair with 10.77.0.1 besides lo. See README.md here.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
root=${HANDOFF_BENCH_DIR:-${TMPDIR:-/tmp}/handoff-bench}
seed=42 # the same study as bench/transfer

slices=2000 repeats=3 only="speed,failover" configs="local1,azure1,azure3" keep=0
scenarios="receive-first,send-first,receive-host,send-host"
positional=()
while (($#)); do
    case $1 in
        --only) only=$2; shift ;;
        --only=*) only=${1#--only=} ;;
        --configs) configs=$2; shift ;;
        --configs=*) configs=${1#--configs=} ;;
        --scenarios) scenarios=$2; shift ;;
        --scenarios=*) scenarios=${1#--scenarios=} ;;
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
[[ $only == *speed* || $only == *failover* ]] || { echo "--only takes speed, failover or both" >&2; exit 2; }

study="$root/ct-$slices-seed$seed"
build="$root/cluster-build"
azurite="$repo/node_modules/.bin/azurite"
log() { printf '%s\n' "$*" >&2; }
die() { log "run.sh: $*"; declare -F silo_report >/dev/null && silo_report; exit 1; }

# ---------------------------------------------------------------------------------------------------------
# Phase 1, outside the namespace (NuGet and npm need the network): build, write the study, then re-enter.
# ---------------------------------------------------------------------------------------------------------
if [[ -z ${HANDOFF_BENCH_INNER:-} ]]; then
    for tool in dotnet python3 curl unshare ip node /usr/bin/time; do command -v $tool >/dev/null || die "$tool not found"; done
    mkdir -p "$root" "$build"
    if [[ ! -x $azurite ]]; then
        log "Azurite missing: npm ci at the repository root..."
        (cd "$repo" && npm ci --no-audit --no-fund >"$build.npm.log" 2>&1) || die "npm ci failed (see $build.npm.log)"
    fi
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
    if [[ ! -f $study.complete ]]; then
        # The marker is written last: an interrupted generation is redone (shared with bench/transfer).
        log "writing the study: $slices slices, seed $seed -> $study"
        rm -rf "$study"
        dotnet "$cli" dicom synth --out "$study" --slices "$slices" --seed "$seed" >/dev/null
        echo "$slices" >"$study.complete"
    fi
    export HANDOFF_BENCH_INNER=1 BENCH_CLI=$cli BENCH_SERVER=$server
    args=(--only "$only" --configs "$configs" --scenarios "$scenarios" "$slices" "$repeats")
    ((keep)) && args+=(--keep)
    unshare -n true 2>/dev/null || die "unshare -n failed (needs root); the Azure-profile silos would listen on every interface"
    exec unshare -n -- bash "${BASH_SOURCE[0]}" "${args[@]}"
fi

# ---------------------------------------------------------------------------------------------------------
# Phase 2, inside the namespace: measure.
# ---------------------------------------------------------------------------------------------------------
ip link set lo up
# Orleans' ConfigureEndpoints needs a non-loopback address to advertise; a veth pair inside the namespace gives one
# that reaches nothing outside it (traffic to it goes over the namespace's own loopback path).
ip link add bench0 type veth peer name bench1
ip addr add 10.77.0.1/24 dev bench0
ip link set bench1 up
ip link set bench0 up
cli=$BENCH_CLI server=$BENCH_SERVER
work=$(mktemp -d "$root/cluster-work.XXXXXX")
results="$work/results.tsv" # part, config, run, seconds, then key=value extras
: >"$results"
hz=$(getconf CLK_TCK)
# Facility-independent: the operator key of every silo of every run (Handoff:OperatorKey, at least 32 characters).
opkey=$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')
silo_extra=${HANDOFF_CLUSTER_SILO_ARGS:-}
pgids=() bgpids=()
# Signals go only to processes that are still this shell's children: pids wrap quickly on this machine (pid_max
# 32768), and a remembered pid that has exited may already belong to someone else's process.
mine() { [[ $(awk '{print $4}' "/proc/$1/stat" 2>/dev/null) == "${2:-$$}" ]]; } # pid [parent]
alive() { local st; st=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) && [[ $st != Z ]]; }
cleanup() {
    local g
    for g in "${bgpids[@]}"; do mine "$g" && kill "$g" 2>/dev/null; done
    for g in "${pgids[@]}"; do mine "$g" && kill -KILL -- "-$g" 2>/dev/null; done
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
stop_groups() { # pid... (each the leader of its group, started by start_group): TERM all, KILL what is left after 10 s
    local g
    for g in "$@"; do mine "$g" && alive "$g" && kill -TERM -- "-$g" 2>/dev/null; done
    for g in "$@"; do
        for _ in $(seq 200); do alive "$g" || break; sleep 0.05; done
        mine "$g" && kill -KILL -- "-$g" 2>/dev/null
        wait "$g" 2>/dev/null || true
    done
}
stamp() { local _now=${EPOCHREALTIME/[.,]/}; printf -v "$1" '%s' "$_now"; } # microseconds since the epoch
secs() { printf '%d.%06d' $(($1 / 1000000)) $(($1 % 1000000)); }            # microseconds -> seconds
free_ports() { # n -> n distinct free TCP ports
    python3 - "$1" <<'EOF'
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks: s.bind(("0.0.0.0", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
}
warm() { find "$1" -type f -exec cat {} + >/dev/null; }
hash_list() { (cd "$1" && find . -type f -name "${2:-*}" -print0 | xargs -0 -r -P 2 -n 64 sha256sum | cut -d' ' -f1 | sort); }
source_hashes() { [[ -f $work/hashes.source ]] || hash_list "$study" >"$work/hashes.source"; cat "$work/hashes.source"; }
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >>"$results"; }
handoff() { dotnet "$cli" "$@"; } # --server and --key are always given explicitly
# The receive layout is DIR/<study>/<series>/<sop>.dcm; counting with a glob costs no fork, so polling stays cheap.
shopt -s nullglob
count_dcm() { local f=("$1"/*/*/*.dcm); echo ${#f[@]}; }
cpu_ticks() { # pid -> utime+stime in clock ticks (0 once the process is gone)
    local s
    s=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
    s=${s##*) }
    local f=($s)
    echo $((f[11] + f[12]))
}
machine_ticks() { # -> "busy total" over all CPUs, from /proc/stat
    local _cpu u n s i w q sq st
    read -r _cpu u n s i w q sq st _ </proc/stat
    echo "$((u + n + s + q + sq + st)) $((u + n + s + i + w + q + sq + st))"
}
io_written() { awk '/^write_bytes:/ {print $2}' "/proc/$1/io" 2>/dev/null || echo 0; } # bytes sent to storage
vm_hwm() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; } # kB
ticks_s() { python3 -c "print(f'{$1 / $hz:.2f}')"; }
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
guid_in() { # file -> the first transfer id in it
    [[ -s $1 ]] || return 0
    grep -oE '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|^[0-9a-fA-F]{32}$' "$1" | head -1 || true
}

# ------------------------------------------------ servers ----------------------------------------------------
printf '\0\0\0\0\0' >"$work/health.req" # an empty grpc.health.v1.HealthCheckRequest, framed
serving() { # url -> 0 when grpc.health answers SERVING (a 2-byte message: field 1 = 1)
    local body
    body=$(curl -s --http2-prior-knowledge --max-time 2 -H 'content-type: application/grpc' -H 'te: trailers' \
        --data-binary @"$work/health.req" "$1/grpc.health.v1.Health/Check" 2>/dev/null | od -An -tx1 | tr -d ' \n') || return 1
    [[ $body == 00000000020801 ]]
}
start_azurite() { # dir ; sets az_pid az_cs
    local dir=$1 ports
    read -r -a ports < <(free_ports 3)
    mkdir -p "$dir"
    start_group "$dir.log" "$azurite" --skipApiVersionCheck --silent --location "$dir" \
        --blobHost 127.0.0.1 --blobPort "${ports[0]}" --queueHost 127.0.0.1 --queuePort "${ports[1]}" \
        --tableHost 127.0.0.1 --tablePort "${ports[2]}"
    az_pid=$started
    # The well-known development account key every Azurite accepts (public, not a secret).
    az_cs="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:${ports[0]}/devstoreaccount1;TableEndpoint=http://127.0.0.1:${ports[2]}/devstoreaccount1;"
    local p
    for p in "${ports[0]}" "${ports[2]}"; do
        for _ in $(seq 300); do
            [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$p/devstoreaccount1?comp=list" || true) != 000 ]] && continue 2
            kill -0 "$az_pid" 2>/dev/null || die "Azurite exited: $(tail -5 "$dir.log")"
            sleep 0.1
        done
        die "Azurite did not answer on port $p"
    done
}
# Starts the silos of one configuration, waits until all answer SERVING, registers bench-a and bench-b.
# Sets silo_pids silo_urls silo_ports (silo-to-silo) az_pid (empty for local1) key_a key_b.
start_cluster() { # config tag
    local config=$1 tag=$2 n=1 profile=azure i ports data suffix
    case $config in local1) profile=local ;; azure1) ;; azure3) n=3 ;; *) die "unknown configuration $config" ;; esac
    silo_pids=() silo_urls=() silo_ports=() az_pid=""
    suffix=$(od -An -tx1 -N6 /dev/urandom | tr -d ' \n')
    [[ $profile == azure ]] && start_azurite "$work/azurite-$tag"
    for ((i = 0; i < n; i++)); do
        read -r -a ports < <(free_ports 4)
        data="$work/data-$tag-$i"
        rm -rf "$data" && mkdir -p "$data"
        local args=(--Handoff:DataPath="$data" --Kestrel:Endpoints:Grpc:Url="http://127.0.0.1:${ports[0]}"
            --Kestrel:Endpoints:Web:Url="http://127.0.0.1:${ports[3]}"
            --Handoff:Silo:SiloPort="${ports[1]}" --Handoff:Silo:GatewayPort="${ports[2]}"
            --Handoff:OperatorKey="$opkey" --Handoff:Logging:Format=json)
        if [[ $profile == azure ]]; then
            # shellcheck disable=SC2206 # HANDOFF_CLUSTER_SILO_ARGS is a list of settings
            args+=(--Handoff:Storage=Azure --Handoff:Azure:ConnectionString="$az_cs" --Handoff:Silo:ClusterId="bench-$suffix"
                --Handoff:Azure:ChunkContainer="chunks-$suffix" --Handoff:Azure:TablePrefix="b$suffix"
                --Serilog:MinimumLevel:Override:Orleans.Runtime.MembershipService=Information $silo_extra)
        fi
        start_group "$work/silo-$tag-$i.log" dotnet "$server" "${args[@]}"
        silo_pids+=("$started") silo_urls+=("http://127.0.0.1:${ports[0]}") silo_ports+=("${ports[1]}")
    done
    local deadline=$((SECONDS + 120))
    for ((i = 0; i < n; i++)); do
        until serving "${silo_urls[i]}"; do
            kill -0 "${silo_pids[i]}" 2>/dev/null || die "silo $i of $config exited: $(tail -3 "$work/silo-$tag-$i.log")"
            ((SECONDS < deadline)) || die "silo $i of $config not SERVING after 120 s"
            sleep 0.2
        done
    done
    local via=${silo_urls[$((n - 1))]}
    key_a=$(handoff --server "$via" --key "$opkey" facility add bench-a --name "Bench A" | tail -1)
    key_b=$(handoff --server "$via" --key "$opkey" facility add bench-b --name "Bench B" | tail -1)
    [[ -n $key_a && -n $key_b ]] || die "registering facilities through $via failed"
}
silo_report() { # on failure: which silos are gone, and how they ended
    local i rc
    for ((i = 0; i < ${#silo_pids[@]}; i++)); do
        [[ $(awk '{print $3}' "/proc/${silo_pids[i]}/stat" 2>/dev/null) == [RSD] ]] && continue # alive (not a zombie)
        wait "${silo_pids[i]}" 2>/dev/null && rc=0 || rc=$?
        log "  silo $i (pid ${silo_pids[i]}, ${silo_urls[i]}) is gone, exit status $rc$( ((rc > 128)) && echo " (signal $((rc - 128)))")"
    done
}
stop_cluster() {
    stop_groups "${silo_pids[@]}" ${az_pid:+"$az_pid"}
}
join_urls() { local IFS=,; echo "$*"; }

# ------------------------------------------------ (a) speed --------------------------------------------------
run_speed() { # run config
    local run=$1 config=$2 tag="$2-$1" out="$work/out" t0 t1 id="" send_servers recv_servers
    # The previous run's files go first: the id loop below reads send.out and send.end before send has opened them.
    rm -rf "$out" "$work"/send.* "$work"/receive.* "$work"/inbox.* && mkdir -p "$out"
    start_cluster "$config" "$tag"
    if [[ $config == azure3 ]]; then
        send_servers=$(join_urls "${silo_urls[0]}" "${silo_urls[1]}" "${silo_urls[2]}")
        recv_servers=$(join_urls "${silo_urls[1]}" "${silo_urls[2]}" "${silo_urls[0]}")
    else
        send_servers=${silo_urls[0]} recv_servers=${silo_urls[0]}
    fi
    sync
    # B's inbox watcher runs before the send starts, as a receiving site's gateway would (and gives the id early).
    # dotnet directly (not the handoff function), so that $! is the client itself and the kill below reaches it.
    dotnet "$cli" --server "$recv_servers" --key "$key_b" inbox --watch --json >"$work/inbox.out" 2>"$work/inbox.err" &
    local watcher=$!
    bgpids+=("$watcher")
    sleep 1
    local -a c0_silo=() c1_silo=()
    local p m0 m1 az0=0 az1=0 w0=0 w1=0 azw0=0 azw1=0
    for p in "${silo_pids[@]}"; do c0_silo+=("$(cpu_ticks "$p")"); w0=$((w0 + $(io_written "$p"))); done
    [[ -n $az_pid ]] && az0=$(cpu_ticks "$az_pid") azw0=$(io_written "$az_pid")
    m0=$(machine_ticks)
    stamp t0
    # timeout leads its own process group (with /usr/bin/time and the client in it), so one kill ends all three.
    ( timeout -s KILL 900 /usr/bin/time -o "$work/send.time" -f '%e %U %S %M' dotnet "$cli" --server "$send_servers" --key "$key_a" \
          send "$study" --to bench-b --priority stat >"$work/send.out" 2>"$work/send.err" && rc=0 || rc=$?
      stamp t; echo "$t $rc" >"$work/send.end" ) &
    local sender=$!
    bgpids+=("$sender")
    # A failed run is recorded and the rounds go on (one bad run must not cost the whole measurement).
    fail_speed() {
        log "$config run $run FAILED: $*"
        record speed_failed "$config" "$run" NA "reason=$(tr -s ' \t\n' '_' <<<"$*" | cut -c1-200)"
        [[ -n ${recvp:-} ]] && mine "$recvp" && kill -KILL -- "-$recvp" 2>/dev/null
        mine "$watcher" && kill "$watcher" 2>/dev/null
        wait "$sender" 2>/dev/null || true
        stop_cluster
        rm -rf "$out" "$work"/data-"$tag"-* "$work/azurite-$tag"
    }
    local deadline=$((SECONDS + 600)) recvp="" rrc
    until [[ -n $id ]]; do
        ((SECONDS < deadline)) || { fail_speed "no transfer id after 600 s"; return 0; }
        id=$(guid_in "$work/send.out")
        [[ -n $id ]] || id=$(guid_in "$work/inbox.out")
        [[ -n $id ]] && break
        [[ -s $work/send.end ]] && { fail_speed "send ended without a transfer id: $(tail -3 "$work/send.err")"; return 0; }
        sleep 0.02
    done
    timeout -s KILL 900 /usr/bin/time -o "$work/receive.time" -f '%e %U %S %M' dotnet "$cli" --server "$recv_servers" --key "$key_b" \
        receive "$id" --out "$out" >"$work/receive.out" 2>"$work/receive.err" &
    recvp=$!
    # receive waits for a sender that stopped (it would resume with it), so a failed send ends the run here.
    while alive "$recvp"; do
        if [[ -s $work/send.end ]] && [[ $(cut -d' ' -f2 "$work/send.end") != 0 ]]; then
            fail_speed "send exited with $(cut -d' ' -f2 "$work/send.end"): $(tail -2 "$work/send.err")"; return 0
        fi
        sleep 0.02
    done
    wait "$recvp" && rrc=0 || rrc=$?
    stamp t1
    ((rrc == 0)) || { fail_speed "receive exited with $rrc: $(tail -3 "$work/receive.err")"; return 0; }
    m1=$(machine_ticks)
    for p in "${silo_pids[@]}"; do c1_silo+=("$(cpu_ticks "$p")"); w1=$((w1 + $(io_written "$p"))); done
    [[ -n $az_pid ]] && az1=$(cpu_ticks "$az_pid") azw1=$(io_written "$az_pid")
    wait "$sender" || true
    mine "$watcher" && kill "$watcher" 2>/dev/null
    wait "$watcher" 2>/dev/null || true
    local sent rc
    read -r sent rc <"$work/send.end"
    ((rc == 0)) || { fail_speed "send exited with $rc: $(tail -3 "$work/send.err")"; return 0; }
    local state hwm_max=0 hwm_sum=0 h silo_cpu=0 per_silo="" az_hwm=0 i
    state=$(handoff --server "$recv_servers" --key "$key_a" status "$id" --json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin).get("state",""))' || true)
    for ((i = 0; i < ${#silo_pids[@]}; i++)); do
        h=$(vm_hwm "${silo_pids[i]}")
        hwm_sum=$((hwm_sum + h)); ((h > hwm_max)) && hwm_max=$h
        silo_cpu=$((silo_cpu + c1_silo[i] - c0_silo[i]))
        per_silo+="${per_silo:+,}$(ticks_s $((c1_silo[i] - c0_silo[i])))"
    done
    [[ -n $az_pid ]] && az_hwm=$(vm_hwm "$az_pid")
    local n
    n=$(count_dcm "$out")
    ((n == slices)) || { fail_speed "received $n instances, expected $slices"; return 0; }
    [[ $(hash_list "$out" '*.dcm') == "$(source_hashes)" ]] || { fail_speed "received files differ from the sent ones"; return 0; }
    [[ ${state,,} == acknowledged ]] || { fail_speed "transfer state is '$state', expected acknowledged"; return 0; }
    stop_cluster
    local wall=$((t1 - t0)) send_cpu recv_cpu send_rss recv_rss busy0 total0 busy1 total1
    read -r send_cpu send_rss < <(time_of "$work/send.time")
    read -r recv_cpu recv_rss < <(time_of "$work/receive.time")
    read -r busy0 total0 <<<"$m0"; read -r busy1 total1 <<<"$m1"
    local machine_busy machine_cap
    machine_busy=$(ticks_s $((busy1 - busy0))) machine_cap=$(ticks_s $((total1 - total0)))
    record speed "$config" "$run" "$(secs "$wall")" "send_exit=$(secs $((sent - t0))) silo_cpu=$(ticks_s "$silo_cpu") per_silo_cpu=$per_silo az_cpu=$(ticks_s $((az1 - az0))) send_cpu=$send_cpu recv_cpu=$recv_cpu machine_busy=$machine_busy machine_cap=$machine_cap silo_hwm_max_kb=$hwm_max silo_hwm_sum_kb=$hwm_sum az_hwm_kb=$az_hwm send_rss_kb=$send_rss recv_rss_kb=$recv_rss silo_written_mb=$(((w1 - w0) >> 20)) az_written_mb=$(((azw1 - azw0) >> 20))"
    printf '%-7s run %d: %7.2f s  (send exit %.2f s; CPU s: silos %s [%s], azurite %s, send %s, receive %s, machine %s of %s; silo VmHWM max %d MB sum %d MB, azurite %d MB; written to disk: silos %d MiB, azurite %d MiB; %d files identical, %s)\n' \
        "$config" "$run" "$(secs "$wall")" "$(secs $((sent - t0)))" "$(ticks_s "$silo_cpu")" "$per_silo" "$(ticks_s $((az1 - az0)))" \
        "$send_cpu" "$recv_cpu" "$machine_busy" "$machine_cap" $((hwm_max / 1024)) $((hwm_sum / 1024)) $((az_hwm / 1024)) \
        $(((w1 - w0) >> 20)) $(((azw1 - azw0) >> 20)) "$n" "$state"
    rm -rf "$out" "$work"/data-"$tag"-* "$work/azurite-$tag"
}

# ------------------------------------------------ (b) failover -----------------------------------------------
# When a survivor's log says the killed silo is dead (Orleans' membership messages, at Information for
# Orleans.Runtime.MembershipService, name its endpoint): microseconds since the epoch of the first such line at or
# after the kill, or NA.
death_seen() { # kill_us silo_port log...
    python3 - "$@" <<'EOF2'
import json, sys
from datetime import datetime
kill_us, port, logs = int(sys.argv[1]), ":" + sys.argv[2] + ":", sys.argv[3:]
best = None
for path in logs:
    for line in open(path, errors="replace"):
        if port not in line or "dead" not in line.lower(): continue
        try: d = json.loads(line)
        except Exception: continue
        if "probe" in d.get("@mt", "").lower(): continue
        us = int(datetime.fromisoformat(d["@t"].replace("Z", "+00:00")).timestamp() * 1e6)
        if us >= kill_us and (best is None or us < best): best = us
print(best if best is not None else "NA")
EOF2
}
# Which silo hosts a grain: the index of the silo whose log has the grain class's first message (transfer created,
# instances declared), or NA. Orleans places grains by its own policy, not on the silo the client called.
grain_host() { # class-suffix tag silo-count
    local i best="" best_t="" t
    for ((i = 0; i < $3; i++)); do
        t=$(grep -m1 "\"SourceContext\":\"Handoff.Grains.$1\"" "$work/silo-$2-$i.log" 2>/dev/null | grep -oE '"@t":"[^"]+"' || true)
        [[ -n $t && ( -z $best_t || $t < $best_t ) ]] && best=$i best_t=$t
    done
    echo "${best:-NA}"
}
# The server's instance-available times from the transfer's timeline: the first one more than `settle` after the
# kill, and the last one before the kill (both microseconds since the epoch, or NA).
events_around() { # status.json kill_us settle_us
    python3 - "$@" <<'EOF2'
import json, sys
from datetime import datetime
doc = json.load(open(sys.argv[1])); kill_us, settle = int(sys.argv[2]), int(sys.argv[3])
ts = sorted(int(datetime.fromisoformat(e["at"].replace("Z", "+00:00")).timestamp() * 1e6)
            for e in doc.get("timeline", []) if e.get("type") == "instance-available")
after = [t for t in ts if t > kill_us + settle]; before = [t for t in ts if t <= kill_us]
print(after[0] if after else "NA", before[-1] if before else "NA", len(ts))
EOF2
}
# The longest time without progress from the kill on: over the progress times (one per line, microseconds since
# the epoch), the largest gap that ends after the kill, counted from the kill for the gap that spans it. Unlike
# the first progress after the kill, this also catches a stall that comes later, once work already in flight
# before the kill (requests the killed silo's grains had answered) has drained. NA when nothing moved after it.
longest_stall() { # kill_us progress-file
    python3 - "$@" <<'EOF2'
import sys
kill_us = int(sys.argv[1])
ts = sorted(int(l) for l in open(sys.argv[2]) if l.strip())
prev, best = None, None
for t in ts:
    if t > kill_us:
        gap = t - (kill_us if prev is None or prev < kill_us else prev)
        best = gap if best is None or gap > best else best
    prev = t
print("NA" if best is None else f"{best / 1e6:.6f}")
EOF2
}
us_since() { [[ $1 == NA ]] && echo NA || secs $(($1 - $2)); }
letter() { [[ $1 == NA ]] && echo NA || echo "ABC" | cut -c$(($1 + 1)); }

# Scenario receive: the study is sent first (through B and C, untimed); then receive --server A,B,C, and the target
# is killed once a quarter of the files are there. Progress = the count of completed .dcm files, polled every 50 ms;
# the count 100 ms after the kill is the baseline (files whose bytes had all arrived may still be renamed in that
# time), and the transfer "moves again" when the count passes it.
# Scenario send: B's inbox watch (through B and C) counts the server's instance-available events; the target is
# killed once a quarter of the instances are available. Progress = those events' server timestamps in the
# transfer's timeline; the first one more than 100 ms after the kill is when it moves again. After send exits,
# receive (through B and C) fetches and verifies everything and acknowledges.
# Target first: silo A, the first address the client was given (the silo serving its calls).
# Target host: the silo hosting the transfer's TransferGrain (found in the silo logs at kill time); may be A too.
run_failover() { # run scenario target
    local run=$1 scenario=$2 target=$3 tag="fo-$2-$3-$1" out="$work/out" id="" t0 tk=0 tr="" n rc=NA end_us=NA
    local threshold=$(((slices + 3) / 4)) settle=100000 victim=0 t_host=NA s_host=NA
    rm -rf "$out" "$work"/fo.* && mkdir -p "$out"
    start_cluster azure3 "$tag"
    local all bc
    all=$(join_urls "${silo_urls[@]}") bc=$(join_urls "${silo_urls[1]}" "${silo_urls[2]}")
    local at_kill=0 base=-1 deadline hung=no now last_n=0
    # A client still running this long after the kill is stuck: its retry budget (--retry-for 60s) is spent.
    local hang_limit=90
    kill_target() { # the victim is chosen at the moment of the kill
        t_host=$(grain_host Transfers.TransferGrain "$tag" 3) s_host=$(grain_host Studies.StudyGrain "$tag" 3)
        victim=0
        [[ $target == host && $t_host != NA ]] && victim=$t_host
        mine "${silo_pids[victim]}" && kill -KILL "${silo_pids[victim]}"
        stamp tk
    }
    if [[ $scenario == receive ]]; then
        handoff --server "$bc" --key "$key_a" send "$study" --to bench-b --priority stat >"$work/fo.send.out" 2>"$work/fo.send.err" \
            || die "failover $run: the untimed send failed: $(tail -3 "$work/fo.send.err")"
        id=$(tail -1 "$work/fo.send.out")
        sync
        stamp t0
        dotnet "$cli" --server "$all" --key "$key_b" --retry-for 60s receive "$id" --out "$out" >"$work/fo.recv.out" 2>"$work/fo.recv.err" &
        local recv=$!
        bgpids+=("$recv")
        deadline=$((SECONDS + 900))
        while kill -0 "$recv" 2>/dev/null; do
            n=$(count_dcm "$out")
            stamp now
            ((n > last_n)) && { echo "$now" >>"$work/fo.progress"; last_n=$n; }
            if ((tk == 0)); then
                ((n >= threshold)) && { kill_target; at_kill=$n; }
            elif ((base < 0)); then
                ((now - tk >= settle)) && base=$n
            elif [[ -z $tr ]] && ((n > base)); then
                tr=$now
            fi
            if ((SECONDS >= deadline || (tk > 0 && now - tk > hang_limit * 1000000))); then
                hung=yes; mine "$recv" && kill -KILL "$recv"; break
            fi
            sleep 0.05
        done
        wait "$recv" && rc=0 || rc=$?
        stamp end_us
    else
        dotnet "$cli" --server "$bc" --key "$key_b" inbox --watch --json >"$work/fo.inbox" 2>"$work/fo.inbox.err" &
        local watcher=$!
        bgpids+=("$watcher")
        sleep 1
        sync
        stamp t0
        ( dotnet "$cli" --server "$all" --key "$key_a" --retry-for 60s send "$study" --to bench-b --priority stat \
              >"$work/fo.send.out" 2>"$work/fo.send.err" &
          echo $! >"$work/fo.send.pid"
          wait $! && rc=0 || rc=$?
          stamp t; echo "$t $rc" >"$work/fo.send.end" ) &
        local sender=$!
        bgpids+=("$sender")
        deadline=$((SECONDS + 900))
        while [[ ! -s $work/fo.send.end ]]; do
            if ((tk == 0)); then
                n=$(grep -c '"instance-available"' "$work/fo.inbox" 2>/dev/null || true)
                ((n >= threshold)) && { kill_target; at_kill=$n; }
            fi
            stamp now
            if ((SECONDS >= deadline || (tk > 0 && now - tk > hang_limit * 1000000))); then
                hung=yes; mine "$(<"$work/fo.send.pid")" "$sender" && kill -KILL "$(<"$work/fo.send.pid")"; break
            fi
            sleep 0.05
        done
        wait "$sender" || true
        [[ -s $work/fo.send.end ]] && read -r end_us rc <"$work/fo.send.end"
        mine "$watcher" && kill "$watcher" 2>/dev/null
        wait "$watcher" 2>/dev/null || true
        id=$(tail -1 "$work/fo.send.out" 2>/dev/null || true)
        [[ $id =~ ^[0-9a-fA-F-]{32,36}$ ]] || id=$(guid_in "$work/fo.inbox")
    fi
    ((tk > 0)) || log "failover $scenario run $run: the transfer ended before a quarter had moved; nothing was killed"
    # The survivors, for verification and status.
    local survivors=() i
    for ((i = 0; i < 3; i++)); do ((i == victim)) || survivors+=("${silo_urls[i]}"); done
    local via send_rc=NA recv_rc=NA rerun_rc=NA
    via=$(join_urls "${survivors[@]}")
    if [[ $scenario == send ]]; then
        send_rc=$rc
        if [[ $rc != 0 ]]; then
            # The interrupted send did not finish: run it again through the survivors, as an operator would; it
            # resumes (same transfer, only missing chunks). Bounded, since the point is to record, not to wait.
            timeout -s KILL 300 dotnet "$cli" --server "$via" --key "$key_a" --retry-for 60s send "$study" --to bench-b --priority stat \
                >"$work/fo.resend.out" 2>"$work/fo.resend.err" && rerun_rc=0 || rerun_rc=$?
            [[ -n $id ]] || id=$(tail -1 "$work/fo.resend.out" 2>/dev/null || true)
        fi
        # What the send delivered: receive (through the survivors) checks every hash and acknowledges.
        if [[ -n $id ]]; then
            timeout -s KILL 300 dotnet "$cli" --server "$via" --key "$key_b" --retry-for 60s receive "$id" --out "$out" >"$work/fo.recv.out" 2>"$work/fo.recv.err" \
                && recv_rc=0 || recv_rc=$?
        fi
    else
        recv_rc=$rc
        if [[ $rc != 0 && -n $id ]]; then
            timeout -s KILL 300 dotnet "$cli" --server "$via" --key "$key_b" --retry-for 60s receive "$id" --out "$out" >"$work/fo.rerecv.out" 2>"$work/fo.rerecv.err" \
                && rerun_rc=0 || rerun_rc=$?
        fi
    fi
    local state="" verified=no files
    [[ -n $id ]] && handoff --server "$via" --key "$key_a" status "$id" --json >"$work/fo.status.json" 2>/dev/null || true
    state=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("state",""))' "$work/fo.status.json" 2>/dev/null || true)
    files=$(count_dcm "$out")
    [[ $files == "$slices" && $(hash_list "$out" '*.dcm') == "$(source_hashes)" ]] && verified=yes
    local resume=NA detect=NA dead_us=NA stall=NA
    if ((tk > 0)); then
        if [[ $scenario == send ]]; then
            local first_after _before _count
            read -r first_after _before _count < <(events_around "$work/fo.status.json" "$tk" "$settle" 2>/dev/null || echo "NA NA 0")
            resume=$(us_since "$first_after" "$tk")
            python3 -c '
import json, sys
from datetime import datetime
for e in json.load(open(sys.argv[1])).get("timeline", []):
    if e.get("type") == "instance-available":
        print(int(datetime.fromisoformat(e["at"].replace("Z", "+00:00")).timestamp() * 1e6))' "$work/fo.status.json" >"$work/fo.progress" 2>/dev/null || true
        else
            [[ -n $tr ]] && resume=$(secs $((tr - tk)))
        fi
        [[ -s $work/fo.progress ]] && stall=$(longest_stall "$tk" "$work/fo.progress" 2>/dev/null || echo NA)
        local logs=()
        for ((i = 0; i < 3; i++)); do ((i == victim)) || logs+=("$work/silo-$tag-$i.log"); done
        dead_us=$(death_seen "$tk" "${silo_ports[victim]}" "${logs[@]}" 2>/dev/null || echo NA)
        detect=$(us_since "$dead_us" "$tk")
    fi
    local end=NA
    [[ $end_us != NA ]] && end=$(secs $((end_us - t0)))
    stop_cluster
    local placement="killed=$(letter "$victim") transfer_grain=$(letter "$t_host") study_grain=$(letter "$s_host")"
    record failover "$scenario-$target" "$run" "$resume" "stall=$stall detect=$detect kill_at=$(us_since "$tk" "$t0") kill_progress=$at_kill end=$end hung=$hung send_rc=$send_rc recv_rc=$recv_rc rerun_rc=$rerun_rc state=${state:-NA} verified=$verified files=$files $placement"
    printf 'failover %-14s run %d: moving again %s s after the kill, longest stall %s s (death logged by a survivor %s s after; killed %s at %s s with %d/%d moved; transfer grain on %s, study grain on %s; %s exit %s at %s s%s; %sreceive exit %s, %d files, verified %s, state %s)\n' \
        "$scenario-$target" "$run" "$resume" "$stall" "$detect" "$(letter "$victim")" "$(us_since "$tk" "$t0")" "$at_kill" "$slices" \
        "$(letter "$t_host")" "$(letter "$s_host")" "$scenario" "$rc" "$end" "$([[ $hung == yes ]] && echo ", HUNG: killed ${hang_limit} s after the kill")" \
        "$([[ $rerun_rc != NA ]] && echo "rerun of $scenario through the survivors exit $rerun_rc; ")" "$recv_rc" "$files" "$verified" "${state:-NA}"
    if ((keep)); then for f in "$work"/fo.*; do cp "$f" "$work/$tag.${f##*/fo.}"; done; fi
    rm -rf "$out" "$work"/data-"$tag"-* "$work/azurite-$tag"
}

summary() {
    python3 - "$results" <<'EOF'
import statistics, sys
hang_limit = 90
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None
def num(v):
    try: return float(v)
    except (TypeError, ValueError): return None
def f(x, fmt="{:.2f}"): return "NA" if x is None else fmt.format(x)
speed = {}; fail = {}; failed = {}
for part, config, run, secs, extra in rows:
    kv = dict(p.split("=", 1) for p in extra.split())
    if part == "speed_failed":
        failed.setdefault(config, []).append((run, kv.get("reason", "")))
        continue
    (speed if part == "speed" else fail).setdefault(config, []).append((num(secs), kv))
print()
if speed:
    print("(a) one study, send + receive + ack, medians over the rounds (CPU seconds during the timed interval)")
    print(f"{'config':<8} {'runs':>4} {'total s':>8} {'send exit':>9} {'silo CPU':>8} {'azurite':>8} {'send':>6} {'receive':>7} "
          f"{'machine':>8} {'silo HWM':>9} {'sum HWM':>8} {'azurite':>8} {'disk MiB':>8}  per run (s)")
    for config in ("local1", "azure1", "azure3"):
        if config not in speed: continue
        rs = speed[config]; g = lambda k: med([num(kv.get(k)) for _, kv in rs])
        print(f"{config:<8} {len(rs):>4} {f(med([s for s, _ in rs])):>8} {f(g('send_exit')):>9} {f(g('silo_cpu')):>8} {f(g('az_cpu')):>8} "
              f"{f(g('send_cpu')):>6} {f(g('recv_cpu')):>7} {f(g('machine_busy')):>8} "
              f"{f(g('silo_hwm_max_kb') / 1024, '{:.0f}') + ' MB':>9} {f(g('silo_hwm_sum_kb') / 1024, '{:.0f}') + ' MB':>8} "
              f"{(f(g('az_hwm_kb') / 1024, '{:.0f}') + ' MB') if g('az_hwm_kb') else '-':>8} "
              f"{f((g('silo_written_mb') or 0) + (g('az_written_mb') or 0), '{:.0f}'):>8}  "
              + " ".join(f(s) for s, _ in rs))
    print("machine = busy CPU seconds of both cores over the interval (all processes, other sessions included)")
    print("disk MiB = write_bytes (/proc/<pid>/io) of the silos and Azurite over the interval; the study is 1002 MiB (1.05 GB) at 2000 slices")
    for config, fs in failed.items():
        for run, reason in fs:
            print(f"FAILED {config} run {run}: {reason} (not in the medians)")
if fail:
    print()
    print("(b) SIGKILL of one of three silos on Azurite: seconds until the transfer moves again (first = silo A, the client's")
    print("    first --server address; host = the silo hosting the TransferGrain); death = when a survivor logged the silo dead")
    print("    completed = the interrupted command itself exited 0 and the transfer was acknowledged; hung = still running")
    print(f"    {hang_limit} s after the kill (killed); verified = all files byte-identical after any rerun through the survivors")
    print("    moving = first progress more than 0.1 s after the kill; stall = longest time without progress from the kill on")
    print(f"{'scenario':<15} {'runs':>4} {'moving':>6} {'stall':>6} {'death':>6} {'completed':>9} {'hung':>4} {'verified':>8}  per run: moving / stall / death (s) [killed, transfer grain, study grain]")
    for sc in sorted(fail, key=lambda k: (k.split("-")[1], k.split("-")[0] != "receive")):
        rs = fail[sc]
        rc_key = "recv_rc" if sc.startswith("receive") else "send_rc"
        ok = sum(1 for _, kv in rs if kv.get(rc_key) == "0" and kv.get("state") == "acknowledged")
        hung = sum(1 for _, kv in rs if kv.get("hung") == "yes")
        ver = sum(1 for _, kv in rs if kv.get("verified") == "yes")
        print(f"{sc:<15} {len(rs):>4} {f(med([s for s, _ in rs])):>6} {f(med([num(kv.get('stall')) for _, kv in rs])):>6} {f(med([num(kv.get('detect')) for _, kv in rs])):>6} "
              f"{ok:>6}/{len(rs):<2} {hung:>4} {ver:>5}/{len(rs):<2}  "
              + ", ".join(f"{f(s)}/{f(num(kv.get('stall')))}/{f(num(kv.get('detect')))} [{kv.get('killed')},{kv.get('transfer_grain')},{kv.get('study_grain')}]" for s, kv in rs))
EOF
}

# ------------------------------------------------ main -------------------------------------------------------
log "study: $study ($slices instances, $(du -sh "$study" | cut -f1)); $repeats rounds; parts: $only"
log "silo extra settings: ${silo_extra:-none}"
log "warming the page cache..."
warm "$study"
source_hashes >/dev/null
for ((i = 1; i <= repeats; i++)); do
    if [[ $only == *speed* ]]; then
        for config in ${configs//,/ }; do run_speed "$i" "$config"; done
    fi
    if [[ $only == *failover* ]]; then
        for scenario in ${scenarios//,/ }; do run_failover "$i" "${scenario%-*}" "${scenario#*-}"; done
    fi
done
cp "$results" "$root/cluster-results.$(date +%Y%m%d-%H%M%S).tsv"
summary
