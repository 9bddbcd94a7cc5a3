using LinuxNetPS.Client;
namespace LinuxNetPS.Compose.Labs;

/// <summary>
/// Applies the impairment keys of a lab (delay, jitter, loss, rate per link end) through the impairment engine
/// (netem, or tbf for a rate alone, as root qdiscs of the link end: traffic leaving that end is shaped). The qdiscs
/// live on interfaces inside the lab's namespaces, so they go with them.
/// </summary>
internal static class LabImpairments
{
    public static bool Any(LabDefinition lab) => Ends(lab).Any(e => e.Impairment is not null);

    public static void Apply(LabNodeDefinition node, LabDefinition lab, Client.NetClient client)
    {
        foreach (var end in Ends(lab).Where(e => e.Node == node.Name && e.Impairment is not null))
            client.Impairments.Set(end.Interface, LinkImpairmentText.ToSpec(end.Impairment!));
    }

    /// <summary>Every link end built here: both ends of each link, and in a split lab's part the near end of each tunnel (a VXLAN device shapes like a veth).</summary>
    private static IEnumerable<LabEndpointDefinition> Ends(LabDefinition lab) =>
        lab.Links.SelectMany(l => new[] { l.A, l.B }).Concat((lab.Part?.Tunnels ?? []).Select(t => t.Local));
}
