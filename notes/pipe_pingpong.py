#!/usr/bin/env python3
"""The pipe's own cost on this machine: two processes pass a line back and forth over a pipe.

Usage: python3 notes/pipe_pingpong.py [message bytes]        (both processes free to move)
       taskset -c 1 python3 notes/pipe_pingpong.py [bytes]   (both on one core)

It is the floor under `cargo bench --bench agent`'s round trips: what the operating system
takes to wake the other process, with no protocol at all (docs/protocol.md, "Speed").
"""
import os
import sys
import time

size = int(sys.argv[1]) if len(sys.argv) > 1 else 1
to_child_r, to_child_w = os.pipe()
to_parent_r, to_parent_w = os.pipe()
message = b"x" * (size - 1) + b"\n"
if os.fork() == 0:
    lines = os.fdopen(to_child_r, "rb")
    while lines.readline():
        os.write(to_parent_w, b'{"choice":"pass"}\n')
    os._exit(0)
rounds = 20000 if size < 1000 else 3000
start = time.perf_counter()
for _ in range(rounds):
    os.write(to_child_w, message)
    os.read(to_parent_r, 100)
each = (time.perf_counter() - start) / rounds
print(f"{size} bytes: {each * 1e6:.1f} µs a round trip ({rounds} round trips)")
os.close(to_child_w)
