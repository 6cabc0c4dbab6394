"""Linux as one endpoint of a lab: a TUN device inside the caller's network namespace, and a real socket there.

Usage (inside a namespace of the server's own):
  python3 tun-bridge.py IFNAME LOCAL_ADDR LOCAL_PORT PEER_ADDR PEER_PORT RTO_MIN_MS RFC1337 PROFILE APP_READS RCV_WND MSS WSCALE
                        [FAMILY]
FAMILY is 4 (default: the lab's 192.0.2.0/24) or 6 (the lab's 2001:db8::/64, RFC 3849); the addresses say which.

Why python: Node cannot ioctl(TUNSETIFF) without a native addon; python3 is on every machine here.

The namespace is made to look like the lab's model where Linux lets it (all per-namespace settings):
  - IPv4: no IPv6 on the device (its router solicitations are not the lab's business); IPv6: the device's address
    without duplicate address detection, no router solicitations or advertisements accepted, and an MTU of 1520 so
    that Linux's MSS is the lab's 1460 (an IPv6 header is 20 octets longer than an IPv4 one);
  - no TCP options beyond MSS: timestamps, SACK and ECN off, window scaling off unless the lab's `windowScale` is
    set (WSCALE not "none"; Linux then picks its own shift count);
  - net.ipv4.tcp_rfc1337 as the lab's `rfc1337` setting (RFC 1337: ignore RST in TIME-WAIT);
  - the route to the lab's /24 carries `rto_min` (the lab's initial RTO) and `quickack` (no delayed ACKs), so
    Linux retransmits and acknowledges when the lab's reference machine does.
There is no default route (IPv4 or IPv6): nothing can leave the namespace.

The application on the socket does what the lab's calls mean:
  - `close` under PROFILE linux is close(): the connection is no longer the application's (Linux answers data that
    arrives afterwards with RST, and a close() with unread data with RST); under PROFILE rfc it is RFC 9293's
    CLOSE, which keeps receiving: shutdown(SHUT_WR), as `shutdown` always is;
  - `read` takes the bytes waiting (all, or BYTES of them); with APP_READS auto the application reads every byte
    as soon as it arrives, as tcp-core's auto reader does, so nothing is ever left unread;
  - SO_RCVBUF is sized from RCV_WND (see RCVBUF below) and TCP_MAXSEG is MSS.

Protocol: JSON lines.
  In:  {"cmd":"packet","hex":...} (an IP packet for the kernel), {"cmd":"listen"}, {"cmd":"connect"},
       {"cmd":"send","bytes":N,"hex":...}, {"cmd":"close"}, {"cmd":"abort"}, {"cmd":"state"}
       {"cmd":"shutdown"}, {"cmd":"read","bytes":N (optional)}
  Out: {"event":"ready"}, {"event":"packet","hex":...} (an IP packet the kernel sent),
       {"event":"state","ss":...,"connection":bool}, {"event":"refused","cmd":...,"reason":...}
"""
import errno
import fcntl
import ipaddress
import json
import os
import select
import socket
import struct
import subprocess
import sys

TUNSETIFF = 0x400454CA
IFF_TUN, IFF_NO_PI = 0x0001, 0x1000
name, local, local_port, peer, peer_port, rto_min, rfc1337, profile, app_reads, rcv_wnd, mss, wscale = sys.argv[1:13]
local_port, peer_port, rcv_wnd, mss = int(local_port), int(peer_port), int(rcv_wnd), int(mss)
family = int(sys.argv[13]) if len(sys.argv) > 13 else 4
FAMILY = socket.AF_INET6 if family == 6 else socket.AF_INET

# per-namespace settings, written straight to /proc/sys (no process to start: this runs while a teacher waits)
for setting, value in (
    ("net/ipv6/conf/all/disable_ipv6", "0" if family == 6 else "1"),
    ("net/ipv6/conf/default/disable_ipv6", "0" if family == 6 else "1"),
    ("net/ipv6/conf/default/accept_dad", "0"),
    ("net/ipv6/conf/default/accept_ra", "0"),
    ("net/ipv6/conf/default/router_solicitations", "0"),
    ("net/ipv4/tcp_timestamps", "0"),
    ("net/ipv4/tcp_sack", "0"),
    ("net/ipv4/tcp_window_scaling", "0" if wscale == "none" else "1"),
    ("net/ipv4/tcp_ecn", "0"),
    ("net/ipv4/tcp_rfc1337", "1" if rfc1337 == "1" else "0"),
):
    if setting.startswith("net/ipv6") and not os.path.exists("/proc/sys/" + setting):
        continue  # a kernel without IPv6 has nothing to turn off
    with open("/proc/sys/" + setting, "w") as knob:
        knob.write(value)
tun = os.open("/dev/net/tun", os.O_RDWR)
fcntl.ioctl(tun, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
prefix = 64 if family == 6 else 24
network = ipaddress.ip_interface("%s/%d" % (local, prefix)).network
# the lab's /24 (IPv6: /64) on the device, and no other route: nothing can leave the namespace
subprocess.run(
    ["ip", "-%d" % family, "-batch", "-"],
    input="\n".join(
        [
            "addr add %s/%d dev %s noprefixroute%s" % (local, prefix, name, " nodad" if family == 6 else ""),
            "link set %s mtu %d up" % (name, 1520 if family == 6 else 1500),
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
closed = False  # the application closed (or aborted) its connection: its endpoint is that connection, not the listener
at_eof = False  # the peer's FIN was read: the socket stays readable, so it is no longer watched

# RCVBUF: what SO_RCVBUF is set to for the lab's rcvWnd (None: Linux's default buffer). See kernel-peer.ts.
RCVBUF = None if rcv_wnd >= 65535 else rcv_wnd


def fresh_socket():
    s = socket.socket(FAMILY)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if RCVBUF is not None:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RCVBUF)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, mss)
    s.bind((local, local_port))
    s.setblocking(False)
    return s


def drain(limit=None):
    """The application reads what waits (all of it, or `limit` octets)."""
    global at_eof
    taken = 0
    while conn and not at_eof and (limit is None or taken < limit):
        try:
            chunk = conn.recv(65536 if limit is None else min(65536, limit - taken))
        except (BlockingIOError, InterruptedError):
            break
        except OSError:
            break
        if not chunk:
            at_eof = True
            break
        taken += len(chunk)
    return taken


# /proc/net/tcp's st column (include/net/tcp_states.h), named as ss(8) names them
STATES = {
    0x01: "ESTAB", 0x02: "SYN-SENT", 0x03: "SYN-RECV", 0x04: "FIN-WAIT-1", 0x05: "FIN-WAIT-2",
    0x06: "TIME-WAIT", 0x07: "UNCONN", 0x08: "CLOSE-WAIT", 0x09: "LAST-ACK", 0x0A: "LISTEN",
    0x0B: "CLOSING", 0x0C: "SYN-RECV",
}


def address(text):
    """/proc/net/tcp's (or tcp6's) hex address as ss prints it: 192.0.2.2:80, [2001:db8::2]:80."""
    host, port = text.split(":")
    if len(host) == 8:
        return "%s:%d" % (socket.inet_ntoa(struct.pack("<I", int(host, 16))), int(port, 16))
    # four 32-bit words, each in the host's (little-endian) order
    raw = b"".join(struct.pack("<I", int(host[i : i + 8], 16)) for i in range(0, 32, 8))
    return "[%s]:%d" % (socket.inet_ntop(socket.AF_INET6, raw), int(port, 16))


def sockets():
    """The namespace's TCP sockets as `ss -tanH` prints them (read from /proc: no process to start)."""
    rows = []
    with open("/proc/net/tcp6" if family == 6 else "/proc/net/tcp") as table:
        next(table)
        for line in table:
            cols = line.split()
            rows.append("%s 0 0 %s %s" % (STATES.get(int(cols[3], 16), "UNKNOWN"), address(cols[1]), address(cols[2])))
    return "\n".join(rows)


def refuse(command, reason):
    out({"event": "refused", "cmd": command, "reason": reason})


def run(message):
    global listener, conn, closed, at_eof
    command = message["cmd"]
    if command == "packet":
        os.write(tun, bytes.fromhex(message["hex"]))
    elif command == "listen":
        if conn:
            return refuse(command, "the socket is already in use")
        if listener and not closed:
            return refuse(command, "the socket is already listening")
        closed = False
        if not listener:
            try:
                listener = fresh_socket()
                listener.listen(8)
            except OSError as e:
                listener = None
                return refuse(command, e.strerror)
        # else: the application's listening socket is still open; after its connection was closed it listens again
    elif command == "connect":
        if listener:
            # RFC 9293 3.10.2 lets a listening TCB become active; the socket API does not (EISCONN/EINVAL)
            return refuse(command, "a listening socket cannot connect")
        if conn:
            return refuse(command, "the socket is already connected")
        try:
            fresh = fresh_socket()
        except OSError as e:
            return refuse(command, e.strerror)
        code = fresh.connect_ex((peer, peer_port))
        if code not in (0, errno.EINPROGRESS):
            fresh.close()  # e.g. EADDRNOTAVAIL: the 4-tuple is still in TIME-WAIT
            return refuse(command, os.strerror(code))
        conn, closed, at_eof = fresh, False, False
    elif command == "send":
        if not conn:
            return refuse(command, "no connection")
        try:
            conn.send(bytes.fromhex(message.get("hex", "")) or bytes(message["bytes"]))
        except OSError as e:
            refuse(command, e.strerror)
    elif command == "read":
        if not conn:
            return refuse(command, "no connection")
        drain(message.get("bytes"))
    elif command == "shutdown" or (command == "close" and profile != "linux" and conn):
        # RFC 9293's CLOSE: a FIN, and the connection keeps receiving
        if not conn:
            return refuse(command, "no connection")
        try:
            conn.shutdown(socket.SHUT_WR)
        except OSError as e:
            refuse(command, e.strerror)
    elif command == "close":
        if conn:
            if app_reads == "auto":
                drain()  # the auto reader has read everything that arrived
            # close(): a FIN (RST with unread data, tcp_close); the orphan answers later data with RST
            conn.close()
            conn, closed = None, True
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
            conn, closed = None, True
        else:
            listener = None
    elif command == "state":
        out({"event": "state", "ss": sockets(), "connection": conn is not None or closed, "listening": listener is not None})


out({"event": "ready"})
pending = b""  # stdin is read unbuffered: a buffered readline would hide lines from select()
while True:
    watched = [tun, 0] + ([listener] if listener and not conn else [])
    if conn and app_reads == "auto" and not at_eof:
        watched.append(conn)
    ready, _, _ = select.select(watched, [], [])
    if tun in ready:
        out({"event": "packet", "hex": os.read(tun, 65535).hex()})
    if listener in ready and not conn:
        try:
            conn, _ = listener.accept()  # the application accepts as soon as the kernel hands a connection over
            conn.setblocking(False)
            closed, at_eof = False, False
        except BlockingIOError:
            pass
    if conn and conn in ready:
        drain()
    if 0 not in ready:
        continue
    chunk = os.read(0, 65536)
    if not chunk:
        break
    pending += chunk
    while b"\n" in pending:
        line, pending = pending.split(b"\n", 1)
        run(json.loads(line))
