#!/usr/bin/env bash
# DICOMweb benchmark (issue 13): the same synthetic CT study stored with STOW-RS and retrieved with WADO-RS, Handoff
# against Orthanc's DICOMweb plugin, side by side: every round runs each once, in turn, so both see the same load.
#   stow   the study posted as multipart/related bodies of BATCH instances (identical bodies for both), one after
#          another, until the last answer: Handoff's answer means every instance is in the server, verified, and its
#          study complete (a transfer to the destination); Orthanc's that it stored them
#   wado   the whole study retrieved (GET /studies/{uid}, multipart/related application/dicom) to /dev/null: Handoff
#          by the destination facility, the instances streamed from its chunk store with every chunk's SHA-256 checked
# Medians and the ratios Orthanc / Handoff at the end (target: >= 1.5 on both).
#
#   bench/dicomweb/run.sh [SLICES [REPEATS [BATCH]]]   default 2000 slices (~1 GB), 3 rounds, 100 instances a request
#   env: HANDOFF_BENCH_DIR (default ${TMPDIR:-/tmp}/handoff-bench, shared with bench/transfer and bench/gateway),
#        HANDOFF_CLI_DLL, HANDOFF_SERVER_DLL (builds to use instead of building src/ in Release), KEEP=1 (keep the work folder)
#
# Runs inside a private network namespace (`unshare -n`, only loopback): Orthanc listens on every interface.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../lib/harness.sh"
repo=$(cd "$here/../.." && pwd)
root=${HANDOFF_BENCH_DIR:-${TMPDIR:-/tmp}/handoff-bench}
slices=${1:-2000} repeats=${2:-3} batch=${3:-100} seed=42 keep=${KEEP:-0}
[[ $slices =~ ^[1-9][0-9]*$ && $repeats =~ ^[1-9][0-9]*$ && $batch =~ ^[1-9][0-9]*$ ]] || { echo "SLICES, REPEATS and BATCH must be positive integers" >&2; exit 2; }
study="$root/ct-$slices-seed$seed"
bodies="$root/stow-$slices-seed$seed-batch$batch"
build="$root/dicomweb-build"
plugin=/usr/share/orthanc/plugins/libOrthancDicomWeb.so

if [[ -z ${HANDOFF_BENCH_INNER:-} ]]; then
    for tool in dotnet python3 curl unshare Orthanc; do command -v $tool >/dev/null || die "$tool not found"; done
    [[ -f $plugin ]] || die "Orthanc's DICOMweb plugin is missing: apt-get install -y orthanc-dicomweb"
    mkdir -p "$root" "$build"
    build_project() { # name -> the path of its dll
        log "building $1 (Release)..."
        dotnet build -c Release --artifacts-path "$build" "$repo/src/$1/$1.csproj" -v quiet -nologo >"$build.$1.log" 2>&1 || die "build of $1 failed (see $build.$1.log)"
        ls "$build/bin/$1/release/"*.runtimeconfig.json | head -1 | sed 's/\.runtimeconfig\.json$/.dll/'
    }
    cli=${HANDOFF_CLI_DLL:-$(build_project Handoff.Cli)}
    server=${HANDOFF_SERVER_DLL:-$(build_project Handoff.Server)}
    if [[ ! -f $study.complete ]]; then
        log "writing the study: $slices slices, seed $seed -> $study"
        rm -rf "$study" && dotnet "$cli" dicom synth --out "$study" --slices "$slices" --seed "$seed" >/dev/null && echo "$slices" >"$study.complete"
    fi
    if [[ ! -f $bodies/complete ]]; then
        log "writing STOW-RS bodies of $batch instances -> $bodies"
        rm -rf "$bodies" && python3 "$here/make-multipart.py" "$study" "$bodies" "$batch" >/dev/null && touch "$bodies/complete"
    fi
    export HANDOFF_BENCH_INNER=1 BENCH_CLI=$cli BENCH_SERVER=$server
    exec unshare -n -- bash "${BASH_SOURCE[0]}" "$slices" "$repeats" "$batch"
fi

ip link set lo up
cli=$BENCH_CLI server=$BENCH_SERVER
work=$(mktemp -d "$root/dicomweb-work.XXXXXX")
results="$work/results.tsv"
: >"$results"
pgids=() bgpids=()
trap cleanup EXIT
trap 'exit 130' INT TERM
boundary=$(cat "$bodies/boundary.txt")
content_type="multipart/related; type=\"application/dicom\"; boundary=$boundary"
study_uid=$(dcmdump -q +P StudyInstanceUID "$(find "$study" -type f | head -1)" | sed -n 's/.*\[\(.*\)\].*/\1/p')
total_bytes=$(du -sb "$study" | cut -f1)

post_all() { # url auth-header...: posts every body in turn; fails on any answer but 200
    local url=$1 code body; shift
    for body in "$bodies"/body-*.bin; do
        code=$(curl -s -o "$work/stow-answer.json" -w '%{http_code}' -X POST "$@" -H "Content-Type: $content_type" \
            -H 'Accept: application/dicom+json' --data-binary @"$body" "$url")
        [[ $code == 200 ]] || die "STOW-RS to $url answered $code: $(head -c 400 "$work/stow-answer.json")"
    done
}
retrieve() { # url auth-header... -> bytes received
    local url=$1; shift
    curl -sf -o /dev/null -w '%{size_download}' "$@" -H 'Accept: multipart/related; type="application/dicom"' "$url"
}

run_handoff() { # run
    local run=$1 data="$work/handoff-data" ports op ka kb t0 t1 t2 bytes
    rm -rf "$data" && mkdir -p "$data" && sync
    read -r -a ports < <(free_ports 4)
    start_group "$work/handoff-$run.log" dotnet "$server" --Handoff:DataPath="$data" --Kestrel:Endpoints:Grpc:Url="http://127.0.0.1:${ports[0]}" \
        --Kestrel:Endpoints:Web:Url="http://127.0.0.1:${ports[3]}" --Handoff:Silo:SiloPort="${ports[1]}" --Handoff:Silo:GatewayPort="${ports[2]}"
    local pid=$started
    for _ in $(seq 1200); do [[ -s $data/operator.key ]] && HANDOFF_SERVER="http://127.0.0.1:${ports[0]}" dotnet "$cli" --key "$(cat "$data/operator.key")" facility list >/dev/null 2>&1 && break; sleep 0.1; done
    op=$(cat "$data/operator.key")
    ka=$(HANDOFF_SERVER="http://127.0.0.1:${ports[0]}" dotnet "$cli" --key "$op" facility add bench-src --name Source | tail -1)
    kb=$(HANDOFF_SERVER="http://127.0.0.1:${ports[0]}" dotnet "$cli" --key "$op" facility add bench-dst --name Destination | tail -1)
    local web="http://127.0.0.1:${ports[3]}/dicomweb"
    warm "$bodies"
    stamp t0
    post_all "$web/to/bench-dst/studies" -H "Authorization: Bearer $ka"
    stamp t1
    bytes=$(retrieve "$web/studies/$study_uid" -H "Authorization: Bearer $kb")
    stamp t2
    record handoff-stow "$run" "$(secs $((t1 - t0)))" ""
    record handoff-wado "$run" "$(secs $((t2 - t1)))" "bytes=$bytes"
    log "handoff  run $run: STOW-RS $(secs $((t1 - t0))) s, WADO-RS $(secs $((t2 - t1))) s ($bytes bytes)"
    stop_group "$pid"
}

run_orthanc() { # run
    local run=$1 dir="$work/orthanc" ports t0 t1 t2 bytes
    rm -rf "$dir" && mkdir -p "$dir/storage" "$dir/index" && sync
    read -r -a ports < <(free_ports 2)
    cat >"$dir/config.json" <<JSON
{ "Name": "BENCH", "StorageDirectory": "$dir/storage", "IndexDirectory": "$dir/index", "HttpPort": ${ports[0]},
  "DicomPort": ${ports[1]}, "RemoteAccessAllowed": false, "AuthenticationEnabled": false, "SaveJobs": false,
  "Plugins": [ "$plugin" ], "DicomWeb": { "Enable": true, "Root": "/dicom-web/" } }
JSON
    start_orthanc bench "$dir/config.json" "${ports[0]}"
    local pid=$started web="http://127.0.0.1:${ports[0]}/dicom-web"
    warm "$bodies"
    stamp t0
    post_all "$web/studies"
    stamp t1
    bytes=$(retrieve "$web/studies/$study_uid")
    stamp t2
    record orthanc-stow "$run" "$(secs $((t1 - t0)))" ""
    record orthanc-wado "$run" "$(secs $((t2 - t1)))" "bytes=$bytes"
    log "orthanc  run $run: STOW-RS $(secs $((t1 - t0))) s, WADO-RS $(secs $((t2 - t1))) s ($bytes bytes)"
    stop_group "$pid"
}

log "study: $slices instances, $total_bytes bytes; STOW-RS bodies of $batch instances"
for ((run = 1; run <= repeats; run++)); do
    run_handoff "$run"
    run_orthanc "$run"
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
of() { awk -F'\t' -v p="$1" '$1 == p {print $3}' "$results" | median; }
printf '\n%-32s %8s  %s\n' "peer" "median s" "per run (s)"
for p in handoff-stow orthanc-stow handoff-wado orthanc-wado; do
    printf '%-32s %8.2f  %s\n' "$p" "$(of $p)" "$(awk -F'\t' -v p="$p" '$1 == p {printf "%s ", $3}' "$results")"
done
awk -v hs="$(of handoff-stow)" -v os="$(of orthanc-stow)" -v hw="$(of handoff-wado)" -v ow="$(of orthanc-wado)" 'BEGIN {
    printf "\nSTOW-RS Orthanc / Handoff: %.2f (target >= 1.5)\nWADO-RS Orthanc / Handoff: %.2f (target >= 1.5)\n", os / hs, ow / hw }'
