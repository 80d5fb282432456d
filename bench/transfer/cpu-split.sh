#!/usr/bin/env bash
# Where the CPU goes in one Handoff transfer: CPU seconds of the server, `send` and `receive` (from /proc and
# /usr/bin/time), optionally with a perf profile whose .NET frames resolve (perf map on, W^X off).
#
#   unshare -n bench/transfer/cpu-split.sh hops [SLICES]    send alone, then receive alone (server CPU per hop)
#   unshare -n bench/transfer/cpu-split.sh both [SLICES]    receive starts as soon as the inbox shows the transfer
#   env: BUILD (folder of Release builds, default: run.sh's), CLI, SERVER (dlls), PERF=FILE PERFMAP=1 (profile:
#        the server during the upload for hops, the whole machine for both; read with `perf report -i FILE`)
# Needs run.sh to have built and written the study first (fixed ports: run it in its own network namespace).
set -euo pipefail
mode=${1:-both} slices=${2:-2000}
root=${HANDOFF_BENCH_DIR:-${TMPDIR:-/tmp}/handoff-bench}
b=${BUILD:-$root/transfer-build/bin}
cli=${CLI:-$b/Handoff.Cli/release/handoff.dll} server=${SERVER:-$b/Handoff.Server/release/Handoff.Server.dll}
study=$root/ct-$slices-seed42
ip link set lo up 2>/dev/null || true
w=$(mktemp -d /dev/shm/cpu-split.XXXX); data=$w/data out=$w/out; mkdir -p $data $out
url=http://127.0.0.1:17001
DOTNET_EnableWriteXorExecute=0 DOTNET_PerfMapEnabled=${PERFMAP:-0} dotnet $server --Handoff:DataPath=$data --Kestrel:Endpoints:Grpc:Url=$url --Kestrel:Endpoints:Web:Url=http://127.0.0.1:17004 --Handoff:Silo:SiloPort=17002 --Handoff:Silo:GatewayPort=17003 >$w/server.log 2>&1 &
spid=$!
h() { HANDOFF_SERVER=$url dotnet $cli "$@"; }
until [[ -s $data/operator.key ]] && op=$(cat $data/operator.key) && HANDOFF_KEY=$op h facility list >/dev/null 2>&1; do sleep 0.1; done
ka=$(HANDOFF_KEY=$op h facility add bench-a --name A | tail -1); kb=$(HANDOFF_KEY=$op h facility add bench-b --name B | tail -1)
cpu() { awk '{printf "%.2f", ($14+$15)/100}' /proc/$1/stat; }
s0=$(cpu $spid); t0=$EPOCHREALTIME
[[ $mode == both && -n ${PERF:-} ]] && { perf record -F 999 -g -a -o $PERF 2>/dev/null & perfpid=$!; sleep 0.5; }
if [[ $mode == both ]]; then
  HANDOFF_KEY=$kb HANDOFF_SERVER=$url dotnet $cli inbox --watch --json >$w/inbox.out 2>/dev/null &
  wp=$!; sleep 1
  ( HANDOFF_KEY=$ka /usr/bin/time -f "send: %e s wall, %U user %S sys" env HANDOFF_SERVER=$url dotnet $cli send $study --to bench-b --priority stat >$w/send.out 2>$w/send.err ) &
  sp=$!
  until id=$(cat $w/send.out $w/inbox.out | grep -oE "[0-9a-f]{8}-[0-9a-f-]{27}" | head -1) && [[ -n $id ]]; do kill -0 $sp 2>/dev/null || { cat $w/send.err; exit 1; }; sleep 0.02; done
  HANDOFF_KEY=$kb /usr/bin/time -f "receive: %e s wall, %U user %S sys" env HANDOFF_SERVER=$url dotnet $cli receive $id --out $out >/dev/null 2>$w/recv.err
  wait $sp; kill $wp
  [[ -n ${PERF:-} ]] && { kill -INT $perfpid; wait $perfpid || true; }
else
  [[ -n ${PERF:-} ]] && { perf record -F 999 -g -p $spid -o $PERF 2>/dev/null & perfpid=$!; sleep 0.5; }
  HANDOFF_KEY=$ka /usr/bin/time -f "send: %e s wall, %U user %S sys" env HANDOFF_SERVER=$url dotnet $cli send $study --to bench-b --priority stat >$w/send.out 2>$w/send.err
  [[ -n ${PERF:-} ]] && { kill -INT $perfpid; wait $perfpid || true; }
  s1=$(cpu $spid); echo "server during upload: $(echo "$s1 - $s0" | bc) s CPU"
  id=$(grep -oE '[0-9a-f]{8}-[0-9a-f-]{27}' $w/send.out | head -1)
  HANDOFF_KEY=$kb /usr/bin/time -f "receive: %e s wall, %U user %S sys" env HANDOFF_SERVER=$url dotnet $cli receive $id --out $out >/dev/null 2>$w/recv.err
  s0=$s1
fi
t1=$EPOCHREALTIME
echo "total wall $(echo "$t1 - $t0" | bc) s; server CPU $(echo "$(cpu $spid) - $s0" | bc) s"
tail -1 $w/send.err; tail -1 $w/recv.err
kill $spid; wait $spid 2>/dev/null || true
rm -rf $w
