#!/usr/bin/env python3
"""A byte-counting TCP relay (standard library only) for bench/federation/run.sh.

    byterelay.py --control PORT --route NAME:LISTEN_PORT:TARGET_HOST:TARGET_PORT [--route ...]

Every route listens on 127.0.0.1:LISTEN_PORT and forwards each connection to TARGET_HOST:TARGET_PORT, byte for byte
(TLS passes through untouched). It counts the bytes of every route in each direction: "up" is what the connecting
side sent (client -> target), "down" what came back (target -> client). Counts are of TCP payload, as read from and
written to the sockets: no IP/TCP headers, but TLS records, HTTP/2 frames and gRPC framing included.

A connection to 127.0.0.1:PORT (the control port) gets one line per route and closes:
    NAME up=BYTES down=BYTES connections=N open=M
Counters only grow; the caller subtracts two snapshots. SIGTERM or SIGINT stops the relay.
"""
import argparse
import asyncio
import signal
import socket
import sys

BUFFER = 256 * 1024


class Route:
    def __init__(self, spec):
        name, listen, host, port = spec.split(":")
        self.name, self.listen, self.host, self.port = name, int(listen), host, int(port)
        self.up = self.down = self.connections = self.open = 0

    def line(self):
        return f"{self.name} up={self.up} down={self.down} connections={self.connections} open={self.open}\n"


async def pump(reader, writer, route, direction):
    try:
        while True:
            data = await reader.read(BUFFER)
            if not data:
                break
            writer.write(data)
            if direction == "up":
                route.up += len(data)
            else:
                route.down += len(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        # Half-close towards the other side, as the peer did; a reset just ends the connection.
        try:
            if writer.can_write_eof():
                writer.write_eof()
        except (ConnectionError, OSError, RuntimeError):
            pass


async def serve(route, client_reader, client_writer):
    route.connections += 1
    route.open += 1
    try:
        try:
            target_reader, target_writer = await asyncio.open_connection(route.host, route.port)
        except OSError as e:
            print(f"byterelay: {route.name}: cannot reach {route.host}:{route.port}: {e}", file=sys.stderr, flush=True)
            client_writer.close()
            return
        for w in (client_writer, target_writer):
            sock = w.get_extra_info("socket")
            if sock is not None:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        await asyncio.gather(pump(client_reader, target_writer, route, "up"),
                             pump(target_reader, client_writer, route, "down"))
        for w in (client_writer, target_writer):
            w.close()
    finally:
        route.open -= 1


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--control", type=int, required=True)
    parser.add_argument("--route", action="append", required=True, help="NAME:LISTEN_PORT:TARGET_HOST:TARGET_PORT")
    args = parser.parse_args()
    routes = [Route(spec) for spec in args.route]

    servers = []
    for route in routes:
        servers.append(await asyncio.start_server(
            lambda r, w, route=route: serve(route, r, w), "127.0.0.1", route.listen))

    async def control(reader, writer):
        writer.write("".join(route.line() for route in routes).encode())
        await writer.drain()
        writer.close()

    servers.append(await asyncio.start_server(control, "127.0.0.1", args.control))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print("byterelay: ready " + " ".join(f"{r.name}=127.0.0.1:{r.listen}->{r.host}:{r.port}" for r in routes), flush=True)
    await stop.wait()
    for route in routes:
        print("byterelay: final " + route.line().strip(), flush=True)
    for s in servers:
        s.close()


if __name__ == "__main__":
    asyncio.run(main())
