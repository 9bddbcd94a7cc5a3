using System.Text;

namespace LinuxNetPS.Bench;

/// <summary>
/// Writes the topology as iproute2 commands: one `ip` process per step (a shell script), and
/// `ip -batch` files. Batch lines cannot carry `-n NS` (iproute2 rejects it: "Object "-n" is
/// unknown"), and `netns add` inside `ip -n NS -batch` mounts the new namespace only in that
/// process's private mount namespace (it is gone afterwards), so the batch form is: one
/// `ip -batch` creating all namespaces, one `ip -n P-host -batch` for the bridge and all veths,
/// then one `ip -n P-i -batch` per container: K+2 processes instead of 7K+5.
/// </summary>
internal static class IpScripts
{
    public sealed record Scripts(string BuildPerStep, string TeardownPerStep, string BuildBatch, string TeardownBatch, int PerStepProcesses, int BatchProcesses);

    public static Scripts Write(TopologySpec spec, string directory)
    {
        Directory.CreateDirectory(directory);
        string host = spec.HostNamespace;
        string br = TopologySpec.Bridge;
        string gwPrefix = $"{TopologySpec.Gateway}/{TopologySpec.PrefixLength}";

        // One process per step.
        var step = new StringBuilder("set -e\n");
        int steps = 0;
        void Step(string line) { step.Append("ip ").Append(line).Append('\n'); steps++; }
        // Same phase order as every method: namespaces, host side, then each container's inside.
        foreach (var ns in spec.AllNamespaces()) Step($"netns add {ns}");
        Step($"-n {host} link set lo up");
        Step($"-n {host} link add {br} type bridge");
        Step($"-n {host} link set {br} up");
        Step($"-n {host} addr add {gwPrefix} dev {br}");
        for (int i = 0; i < spec.Containers; i++)
        {
            string v = TopologySpec.HostEnd(i);
            Step($"-n {host} link add {v} type veth peer name {TopologySpec.PeerEnd(i)} netns {spec.Namespace(i)}");
            Step($"-n {host} link set {v} master {br} up");
        }
        for (int i = 0; i < spec.Containers; i++)
        {
            string ns = spec.Namespace(i), p = TopologySpec.PeerEnd(i);
            Step($"-n {ns} link set lo up");
            Step($"-n {ns} link set {p} up");
            Step($"-n {ns} addr add {TopologySpec.Address(i)}/{TopologySpec.PrefixLength} dev {p}");
            Step($"-n {ns} route add default via {TopologySpec.Gateway}");
        }
        string buildPerStep = Path.Combine(directory, "build-per-step.sh");
        File.WriteAllText(buildPerStep, step.ToString());

        var del = new StringBuilder("set -e\n");
        foreach (var ns in spec.AllNamespaces()) del.Append("ip netns del ").Append(ns).Append('\n');
        string teardownPerStep = Path.Combine(directory, "teardown-per-step.sh");
        File.WriteAllText(teardownPerStep, del.ToString());

        // ip -batch.
        var nsBatch = new StringBuilder();
        foreach (var ns in spec.AllNamespaces()) nsBatch.Append("netns add ").Append(ns).Append('\n');
        File.WriteAllText(Path.Combine(directory, "namespaces.batch"), nsBatch.ToString());

        var hostBatch = new StringBuilder();
        hostBatch.Append("link set lo up\n");
        hostBatch.Append($"link add {br} type bridge\n");
        hostBatch.Append($"link set {br} up\n");
        hostBatch.Append($"addr add {gwPrefix} dev {br}\n");
        for (int i = 0; i < spec.Containers; i++)
        {
            hostBatch.Append($"link add {TopologySpec.HostEnd(i)} type veth peer name {TopologySpec.PeerEnd(i)} netns {spec.Namespace(i)}\n");
            hostBatch.Append($"link set {TopologySpec.HostEnd(i)} master {br} up\n");
        }
        File.WriteAllText(Path.Combine(directory, "host.batch"), hostBatch.ToString());

        var run = new StringBuilder("set -e\n");
        run.Append("ip -batch namespaces.batch\n");
        run.Append($"ip -n {host} -batch host.batch\n");
        for (int i = 0; i < spec.Containers; i++)
        {
            string p = TopologySpec.PeerEnd(i);
            string file = $"c{i}.batch";
            File.WriteAllText(Path.Combine(directory, file),
                $"link set lo up\nlink set {p} up\naddr add {TopologySpec.Address(i)}/{TopologySpec.PrefixLength} dev {p}\nroute add default via {TopologySpec.Gateway}\n");
            run.Append($"ip -n {spec.Namespace(i)} -batch {file}\n");
        }
        string buildBatch = Path.Combine(directory, "build-batch.sh");
        File.WriteAllText(buildBatch, run.ToString());

        var delBatch = new StringBuilder();
        foreach (var ns in spec.AllNamespaces()) delBatch.Append("netns del ").Append(ns).Append('\n');
        File.WriteAllText(Path.Combine(directory, "teardown.batch"), delBatch.ToString());
        string teardownBatch = Path.Combine(directory, "teardown-batch.sh");
        File.WriteAllText(teardownBatch, "set -e\nip -batch teardown.batch\n");

        return new Scripts(buildPerStep, teardownPerStep, buildBatch, teardownBatch, steps, spec.Containers + 2);
    }
}
