"""Linux as one endpoint of a lab: a TUN device inside the caller's network namespace, and a real socket there.

Usage (inside the namespace): python3 tun-bridge.py IFNAME LOCAL_ADDR PORT
Why python: Node cannot ioctl(TUNSETIFF) without a native addon; python3 is on every machine here.
Protocol: JSON lines. In: {"cmd":"packet","hex":...} (an IP packet for the kernel), {"cmd":"listen"},
{"cmd":"accept"}, {"cmd":"close"}, {"cmd":"state"}. Out: {"event":"ready"}, {"event":"packet","hex":...}
(an IP packet the kernel sent), {"event":"state","ss":...}.
"""
import fcntl
import json
import os
import select
import socket
import struct
import subprocess
import sys

TUNSETIFF = 0x400454CA
IFF_TUN, IFF_NO_PI = 0x0001, 0x1000
name, local, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
# no IPv6 on the device: its router solicitations are not the lab's business
subprocess.run(["sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1"], check=True)
tun = os.open("/dev/net/tun", os.O_RDWR)
fcntl.ioctl(tun, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
# the lab's /24 is on the device; there is no default route, so nothing leaves the namespace
subprocess.run(["ip", "addr", "add", local + "/24", "dev", name], check=True)
subprocess.run(["ip", "link", "set", name, "up"], check=True)


def out(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


out({"event": "ready"})
listener = None
conn = None
pending = b""  # stdin is read unbuffered: a buffered readline would hide lines from select()
while True:
    ready, _, _ = select.select([tun, 0], [], [])
    if tun in ready:
        out({"event": "packet", "hex": os.read(tun, 65535).hex()})
    if 0 not in ready:
        continue
    chunk = os.read(0, 65536)
    if not chunk:
        break
    pending += chunk
    while b"\n" in pending:
        line, pending = pending.split(b"\n", 1)
        message = json.loads(line)
        command = message["cmd"]
        if command == "packet":
            os.write(tun, bytes.fromhex(message["hex"]))
        elif command == "listen":
            listener = socket.socket()
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind((local, port))
            listener.listen(1)
        elif command == "accept":
            conn, _ = listener.accept()
        elif command == "close":
            (conn or listener).close()
        elif command == "state":
            ss = subprocess.run(["ss", "-tanH"], capture_output=True, text=True).stdout
            out({"event": "state", "ss": ss})
