#!/usr/bin/python3
"""The benchmark topology built with pyroute2 (Debian's python3-pyroute2, run with /usr/bin/python3).

  pyroute2_topology.py topology --containers K --prefix P [--mode netns|setns]
  pyroute2_topology.py teardown --prefix P

Same topology as `LinuxNetPS.Bench topology`: namespace P-host with bridge br0 (up,
10.10.0.1/16) and lo up; per container i a namespace P-i, veth v<i> (in P-host, port of br0,
up) peered with p<i> (created directly in P-i, up, 10.10.<i/250+1>.<i%250+2>/16), lo up and a
default route via 10.10.0.1.

--mode netns (default) is pyroute2's documented way: netns.create() and one NetNS(name) object
per namespace (NetNS forks a helper process that lives in the namespace and relays netlink).
--mode setns opens a plain IPRoute socket inside each namespace (netns.pushns/popns), which
avoids that helper process; it shows what pyroute2 costs without the per-namespace fork.
"""
import argparse
import os
import sys
import time

from pyroute2 import IPRoute, NetNS, netns

RUN_DIR = "/run/netns"


def container_address(i):
    return "10.10.%d.%d" % (i // 250 + 1, i % 250 + 2)


class Client:
    """An rtnetlink socket in a named namespace, opened according to the mode."""

    def __init__(self, name, mode):
        if mode == "netns":
            self.ipr = NetNS(name, flags=0)
        else:
            netns.pushns(name)
            try:
                self.ipr = IPRoute()
            finally:
                netns.popns()

    def __enter__(self):
        return self.ipr

    def __exit__(self, *exc):
        self.ipr.close()


def topology(k, prefix, mode):
    # Same phase order as every method: namespaces, host side, then each container's inside.
    host = prefix + "-host"
    names = ["%s-%d" % (prefix, i) for i in range(k)]
    netns.create(host)
    for name in names:
        netns.create(name)
    with Client(host, mode) as h:
        h.link("set", index=1, state="up")  # lo is always index 1
        h.link("add", ifname="br0", kind="bridge", state="up")
        br0 = h.link_lookup(ifname="br0")[0]
        h.addr("add", index=br0, address="10.10.0.1", prefixlen=16)
        for i, name in enumerate(names):
            # peer created directly in its namespace; master and up in the same request
            h.link("add", ifname="v%d" % i, kind="veth", master=br0, state="up",
                   peer={"ifname": "p%d" % i, "net_ns_fd": name})
    for i, name in enumerate(names):
        with Client(name, mode) as c:
            c.link("set", index=1, state="up")
            idx = c.link_lookup(ifname="p%d" % i)[0]
            c.link("set", index=idx, state="up")
            c.addr("add", index=idx, address=container_address(i), prefixlen=16)
            c.route("add", dst="0.0.0.0/0", gateway="10.10.0.1")


def teardown(prefix):
    if not os.path.isdir(RUN_DIR):
        return 0
    names = [n for n in os.listdir(RUN_DIR) if n.startswith(prefix + "-")]
    for n in names:
        netns.remove(n)
    return len(names)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("command", choices=["topology", "teardown"])
    p.add_argument("--containers", type=int, default=10)
    p.add_argument("--prefix", required=True)
    p.add_argument("--mode", choices=["netns", "setns"], default="netns")
    a = p.parse_args()
    start = time.perf_counter()
    if a.command == "topology":
        topology(a.containers, a.prefix, a.mode)
    else:
        teardown(a.prefix)
    # measured inside the interpreter, after imports; the harness reads this line
    print("elapsed_ms=%.3f" % ((time.perf_counter() - start) * 1000), file=sys.stderr)


if __name__ == "__main__":
    main()
