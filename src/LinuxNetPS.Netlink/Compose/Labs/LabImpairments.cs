using LinuxNetPS.Client;
namespace LinuxNetPS.Compose.Labs;

/// <summary>
/// Applies the impairment keys of a lab (delay, jitter, loss, rate per link end) through the impairment engine
/// (netem, or tbf for a rate alone, as root qdiscs of the link end: traffic leaving that end is shaped). The qdiscs
/// live on interfaces inside the lab's namespaces, so they go with them.
/// </summary>
internal static class LabImpairments
{
    public static bool Any(LabDefinition lab) => lab.Links.Any(l => l.A.Impairment is not null || l.B.Impairment is not null);

    public static void Apply(LabNodeDefinition node, LabDefinition lab, Client.NetClient client)
    {
        foreach (var end in lab.Links.SelectMany(l => new[] { l.A, l.B }).Where(e => e.Node == node.Name && e.Impairment is not null))
            client.Impairments.Set(end.Interface, LinkImpairmentText.ToSpec(end.Impairment!));
    }
}
