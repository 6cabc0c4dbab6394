"""Linux as one endpoint of a lab: a TUN device inside the caller's network namespace, and a real socket there.

Usage (inside a namespace of the server's own):
  python3 tun-bridge.py IFNAME LOCAL_ADDR LOCAL_PORT PEER_ADDR PEER_PORT RTO_MIN_MS RFC1337

Why python: Node cannot ioctl(TUNSETIFF) without a native addon; python3 is on every machine here.

The namespace is made to look like the lab's model where Linux lets it (all per-namespace settings):
  - no IPv6 on the device (its router solicitations are not the lab's business);
  - no TCP options beyond MSS: timestamps, SACK, window scaling and ECN off;
  - net.ipv4.tcp_rfc1337 as the lab's `rfc1337` setting (RFC 1337: ignore RST in TIME-WAIT);
  - the route to the lab's /24 carries `rto_min` (the lab's initial RTO) and `quickack` (no delayed ACKs), so
    Linux retransmits and acknowledges when the lab's reference machine does.
There is no default route: nothing can leave the namespace.

Protocol: JSON lines.
  In:  {"cmd":"packet","hex":...} (an IP packet for the kernel), {"cmd":"listen"}, {"cmd":"connect"},
       {"cmd":"send","bytes":N,"hex":...}, {"cmd":"close"}, {"cmd":"abort"}, {"cmd":"state"}
  Out: {"event":"ready"}, {"event":"packet","hex":...} (an IP packet the kernel sent),
       {"event":"state","ss":...,"connection":bool}, {"event":"refused","cmd":...,"reason":...}
"""
import errno
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
name, local, local_port, peer, peer_port, rto_min, rfc1337 = sys.argv[1:8]
local_port, peer_port = int(local_port), int(peer_port)

# per-namespace settings, written straight to /proc/sys (no process to start: this runs while a teacher waits)
for setting, value in (
    ("net/ipv6/conf/all/disable_ipv6", "1"),
    ("net/ipv6/conf/default/disable_ipv6", "1"),
    ("net/ipv4/tcp_timestamps", "0"),
    ("net/ipv4/tcp_sack", "0"),
    ("net/ipv4/tcp_window_scaling", "0"),
    ("net/ipv4/tcp_ecn", "0"),
    ("net/ipv4/tcp_rfc1337", "1" if rfc1337 == "1" else "0"),
):
    if setting.startswith("net/ipv6") and not os.path.exists("/proc/sys/" + setting):
        continue  # a kernel without IPv6 has nothing to turn off
    with open("/proc/sys/" + setting, "w") as knob:
        knob.write(value)
tun = os.open("/dev/net/tun", os.O_RDWR)
fcntl.ioctl(tun, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
network = local.rsplit(".", 1)[0] + ".0/24"
# the lab's /24 on the device, and no other route: nothing can leave the namespace
subprocess.run(
    ["ip", "-batch", "-"],
    input="\n".join(
        [
            "addr add %s/24 dev %s noprefixroute" % (local, name),
            "link set %s up" % name,
            "route add %s dev %s src %s rto_min %sms quickack 1" % (network, name, local, rto_min),
        ]
    )
    + "\n",
    text=True,
    check=True,
)


def out(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


listener = None  # the passive open's socket
conn = None  # the connection's socket (accepted, or the active open's)


def fresh_socket():
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((local, local_port))
    s.setblocking(False)
    return s


# /proc/net/tcp's st column (include/net/tcp_states.h), named as ss(8) names them
STATES = {
    0x01: "ESTAB", 0x02: "SYN-SENT", 0x03: "SYN-RECV", 0x04: "FIN-WAIT-1", 0x05: "FIN-WAIT-2",
    0x06: "TIME-WAIT", 0x07: "UNCONN", 0x08: "CLOSE-WAIT", 0x09: "LAST-ACK", 0x0A: "LISTEN",
    0x0B: "CLOSING", 0x0C: "SYN-RECV",
}


def address(text):
    host, port = text.split(":")
    return "%s:%d" % (socket.inet_ntoa(struct.pack("<I", int(host, 16))), int(port, 16))


def sockets():
    """The namespace's TCP sockets as `ss -tanH` prints them (read from /proc: no process to start)."""
    rows = []
    with open("/proc/net/tcp") as table:
        next(table)
        for line in table:
            cols = line.split()
            rows.append("%s 0 0 %s %s" % (STATES.get(int(cols[3], 16), "UNKNOWN"), address(cols[1]), address(cols[2])))
    return "\n".join(rows)


def refuse(command, reason):
    out({"event": "refused", "cmd": command, "reason": reason})


def run(message):
    global listener, conn
    command = message["cmd"]
    if command == "packet":
        os.write(tun, bytes.fromhex(message["hex"]))
    elif command == "listen":
        if listener or conn:
            return refuse(command, "the socket is already in use")
        listener = fresh_socket()
        listener.listen(8)
    elif command == "connect":
        if listener:
            # RFC 9293 3.10.2 lets a listening TCB become active; the socket API does not (EISCONN/EINVAL)
            return refuse(command, "a listening socket cannot connect")
        if conn:
            return refuse(command, "the socket is already connected")
        conn = fresh_socket()
        code = conn.connect_ex((peer, peer_port))
        if code not in (0, errno.EINPROGRESS):
            refuse(command, os.strerror(code))
    elif command == "send":
        if not conn:
            return refuse(command, "no connection")
        try:
            conn.send(bytes.fromhex(message.get("hex", "")) or bytes(message["bytes"]))
        except OSError as e:
            refuse(command, e.strerror)
    elif command == "close":
        if conn:
            # shutdown, not close: the socket stays the application's, so a half-closed connection can still
            # receive (an orphaned Linux socket would answer data in FIN-WAIT-2 with a RST)
            try:
                conn.shutdown(socket.SHUT_WR)
            except OSError:
                conn.close()
                conn = None
        elif listener:
            listener.close()
            listener = None
        else:
            refuse(command, "nothing to close")
    elif command == "abort":
        target = conn or listener
        if not target:
            return refuse(command, "nothing to abort")
        # SO_LINGER with a zero timeout: close() resets the connection (tcp_disconnect)
        target.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        target.close()
        if target is conn:
            conn = None
        else:
            listener = None
    elif command == "state":
        out({"event": "state", "ss": sockets(), "connection": conn is not None, "listening": listener is not None})


out({"event": "ready"})
pending = b""  # stdin is read unbuffered: a buffered readline would hide lines from select()
while True:
    watched = [tun, 0] + ([listener] if listener and not conn else [])
    ready, _, _ = select.select(watched, [], [])
    if tun in ready:
        out({"event": "packet", "hex": os.read(tun, 65535).hex()})
    if listener in ready and not conn:
        try:
            conn, _ = listener.accept()  # the application accepts as soon as the kernel hands a connection over
            conn.setblocking(False)
        except BlockingIOError:
            pass
    if 0 not in ready:
        continue
    chunk = os.read(0, 65536)
    if not chunk:
        break
    pending += chunk
    while b"\n" in pending:
        line, pending = pending.split(b"\n", 1)
        run(json.loads(line))
