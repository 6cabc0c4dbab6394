"""Real connections on loopback for the import test, run inside the test's own network namespace.

Usage: python3 choreography.py SCENARIO FAMILY CLIENT_PORT SERVER_PORT
Prints one JSON object: the ports and, at chosen moments, the wall-clock time before and after `ss -tan` and the
state ss reported for the client's and the server's socket of the connection (null: no such socket = CLOSED).
"""
import json
import socket
import struct
import subprocess
import sys
import time

scenario, family, client_port, server_port = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
AF = socket.AF_INET6 if family == 6 else socket.AF_INET
HOST = "::1" if family == 6 else "127.0.0.1"
moments = []
actions = []  # wall-clock time just before each socket call that may send


def act():
    actions.append(time.time())


def port_of(address):
    port = address.rsplit(":", 1)[1]
    return int(port) if port.isdigit() else None  # '*' for a listening socket's peer


def moment(label):
    before = time.time()
    out = subprocess.run(["ss", "-tanH"], capture_output=True, text=True, check=True).stdout
    after = time.time()
    states = {"client": None, "server": None}
    for line in out.splitlines():
        fields = line.split()
        if len(fields) < 5:
            continue
        local, peer = port_of(fields[3]), port_of(fields[4])
        if local == client_port and peer == server_port:
            states["client"] = fields[0]
        if local == server_port and peer == client_port:
            states["server"] = fields[0]
    moments.append({"label": label, "before": before, "after": after, "ss": states})


def client_socket():
    s = socket.socket(AF, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((HOST, client_port))
    return s


def listener():
    s = socket.socket(AF, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((HOST, server_port))
    s.listen(1)
    return s


def established():
    srv = listener()
    cli = client_socket()
    act()
    cli.connect((HOST, server_port))
    conn, _ = srv.accept()
    time.sleep(1.0)
    moment("established")
    return srv, cli, conn


if scenario == "normal":
    srv, cli, conn = established()
    act()
    cli.close()
    time.sleep(1.0)
    moment("client closed")
    act()
    conn.close()
    time.sleep(1.0)
    moment("server closed")
    srv.close()
elif scenario == "refused":
    cli = client_socket()
    act()
    try:
        cli.connect((HOST, server_port))
    except ConnectionRefusedError:
        pass
    time.sleep(0.5)
    moment("refused")
    cli.close()
elif scenario == "simultaneous-close":
    srv, cli, conn = established()
    # one byte first: it takes the rate limiter's tokens, so both FINs wait in the queue and cross
    act()
    cli.send(b"x")
    cli.shutdown(socket.SHUT_WR)
    conn.shutdown(socket.SHUT_WR)
    # CLOSING lasts about one packet time: watch ss every 20 ms rather than guess when to look
    end = time.time() + 1.5
    while time.time() < end:
        moment("closing")
        time.sleep(0.02)
    moment("both acknowledged")
    cli.close()
    conn.close()
    srv.close()
elif scenario == "abort":
    srv, cli, conn = established()
    act()
    cli.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    cli.close()
    time.sleep(1.0)
    moment("aborted")
    conn.close()
    srv.close()
else:
    sys.exit("unknown scenario " + scenario)

time.sleep(0.5)  # let the last packets reach the capture
print(json.dumps({"clientPort": client_port, "serverPort": server_port, "moments": moments, "actions": actions}))
