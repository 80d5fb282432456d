# Sourced by bench/transfer/run.sh and bench/gateway/run.sh: logging, process groups and clean-up, timing, and the
# Orthanc peers. The functions read the sourcing script's globals when called: work, keep, results, pgids, bgpids.

log() { printf '%s\n' "$*" >&2; }
die() { log "run.sh: $*"; exit 1; }
cleanup() {
    local g
    for g in "${bgpids[@]}"; do kill "$g" 2>/dev/null || true; done
    for g in "${pgids[@]}"; do kill -TERM -- "-$g" 2>/dev/null || true; done
    for g in "${pgids[@]}"; do
        for _ in $(seq 100); do kill -0 -- "-$g" 2>/dev/null || break; sleep 0.05; done
        kill -KILL -- "-$g" 2>/dev/null || true
    done
    if ((keep)); then log "work folder kept: $work"; else rm -rf "$work"; fi
}
start_group() { # logfile cmd... ; sets $started
    local logfile=$1; shift
    setsid "$@" >"$logfile" 2>&1 &
    started=$!
    pgids+=("$started")
}
stop_group() { # pid
    local g=$1
    kill -TERM -- "-$g" 2>/dev/null || true
    for _ in $(seq 200); do kill -0 -- "-$g" 2>/dev/null || break; sleep 0.05; done
    kill -KILL -- "-$g" 2>/dev/null || true
    wait "$g" 2>/dev/null || true
}
stamp() { local _now=${EPOCHREALTIME/[.,]/}; printf -v "$1" '%s' "$_now"; }
secs() { printf '%d.%06d' $(($1 / 1000000)) $(($1 % 1000000)); } # microseconds -> seconds
free_ports() { # n -> n distinct free TCP ports on 127.0.0.1
    python3 - "$1" <<'EOF'
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
}
warm() { find "$1" -type f -exec cat {} + >/dev/null; }
record() { printf '%s\t%s\t%s\t%s\n' "$@" >>"$results"; }
orthanc_config() { # name httpPort dicomPort peerName peerHttpPort -> path of the JSON
    local name=$1 dir="$work/orthanc-$1"
    mkdir -p "$dir/storage" "$dir/index"
    cat >"$dir/config.json" <<EOF
{
  "Name": "BENCH_$name",
  "StorageDirectory": "$dir/storage",
  "IndexDirectory": "$dir/index",
  "HttpPort": $2,
  "DicomPort": $3,
  "DicomAet": "ORTHANC_$name",
  "DicomCheckCalledAet": false,
  "RemoteAccessAllowed": false,
  "AuthenticationEnabled": false,
  "SaveJobs": false,
  "Plugins": [],
  "OrthancPeers": { "$4": [ "http://127.0.0.1:$5/" ] }
}
EOF
    echo "$dir/config.json"
}
start_orthanc() { # name config httpPort ; sets $started
    # TCP_NODELAY=1: Debian's Orthanc uses the system dcmtk for its DICOM port, which waits on Nagle otherwise.
    start_group "$work/orthanc-$1.log" env TCP_NODELAY=1 Orthanc "$2"
    local pid=$started
    for _ in $(seq 600); do
        curl -sf "http://127.0.0.1:$3/system" >/dev/null && return 0
        kill -0 "$pid" 2>/dev/null || die "Orthanc $1 exited: $(tail -5 "$work/orthanc-$1.log")"
        sleep 0.05
    done
    die "Orthanc $1 did not answer on port $3"
}
