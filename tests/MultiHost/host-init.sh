#!/bin/bash
# PID 1 of one simulated host. SimulatedHosts.ps1 starts it as
#   unshare --net --mount --pid --fork --mount-proc --propagation private --kill-child host-init.sh DIR
# so the host has its own network, mount and PID namespaces: /proc/1 is this script, which is what the
# module calls "the host", and killing unshare (by its PID) ends every process of the host at once.
# Here: a private tmpfs over /run (so /run/netns, /run/linuxnetps and /run/sshd belong to this host
# only) and over /etc/netns, and a /sys of this network namespace; then wait until the harness has wired the host to the
# underlay (it creates DIR/go) and run sshd with the host's own config in the foreground.
set -eu
dir=$1
mount -t tmpfs -o mode=0755 linuxnetps-host-run /run
mkdir -p /run/sshd /run/netns /run/linuxnetps
# /etc/netns too (the names files of containers and labs, /etc/netns/NAME/hosts): two hosts' "c" are two machines'.
mkdir -p /etc/netns
mount -t tmpfs -o mode=0755 linuxnetps-host-etc-netns /etc/netns
mount -t sysfs sysfs /sys
while [ ! -e "$dir/go" ]; do sleep 0.05; done
/usr/sbin/sshd -D -f "$dir/sshd_config" -E "$dir/sshd.log" &
wait
