using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Primitives;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// Remove-NetNeighbor: removes ARP/ND or proxy entries (`ip neigh del`), or every entry that matches -Interface, -State and
/// -Family when no -Address is given (`ip neigh flush`).
/// </summary>
[Cmdlet(VerbsCommon.Remove, "NetNeighbor", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RemoveNetNeighborCommand : NamespacedCmdlet
{
    /// <summary>The neighbours' IP addresses; omitted, every entry that matches the other parameters.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("IPAddress")]
    [ValidateNotNullOrEmpty]
    public string[]? Address { get; set; }

    /// <summary>The interface the entries are on; omitted, every interface.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Name", "InterfaceAlias")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? Interface { get; set; }

    /// <summary>Only entries in these states (Remove-NetNeighbor -State Failed flushes the failed ones).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(NeighborStateCompleter))]
    public string[]? State { get; set; }

    /// <summary>Only IPv4 (ARP) or only IPv6 (ND) entries.</summary>
    [Parameter]
    [Alias("AddressFamily")]
    public IPFamily? Family { get; set; }

    /// <summary>Remove proxy entries (bound from the IsProxy property of piped entries).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("IsProxy")]
    public SwitchParameter Proxy { get; set; }

    protected override void ProcessRecord()
    {
        if (Address is null)
        {
            Try(Interface ?? Namespace, Flush);
            return;
        }
        foreach (var text in Address)
        {
            Try(text, () =>
            {
                var address = NeighborArguments.Address(text);
                var states = NeighborArguments.States(State);
                var client = Client;
                if (Interface is not null)
                {
                    LinkName.Validate(Interface);
                    if (states is not null && client.Neighbors.TryGet(Interface, address, Proxy) is { } entry && !states.Contains(entry.State)) return;
                    if (!ShouldProcess(Target("interface", Interface), $"Remove {(Proxy ? "proxy entry" : "neighbour")} {address}")) return;
                    client.Neighbors.Remove(Interface, address, Proxy);
                    return;
                }
                var matches = client.Neighbors.List(null, null, Proxy).Where(n => n.IPAddress.Equals(address) && (states is null || states.Contains(n.State))).ToList();
                if (matches.Count == 0)
                    throw NetOperationException.NotFound($"There is no {(Proxy ? "proxy entry" : "neighbour entry")} for {address} in {TargetText.Where(Namespace)}.", text)
                        .WithErrorId(ErrorIds.NeighborNotFound);
                foreach (var n in matches)
                    if (ShouldProcess(Target("interface", n.Interface), $"Remove {(Proxy ? "proxy entry" : "neighbour")} {address}"))
                        client.Neighbors.Remove(n.Interface, n.IPAddress, Proxy);
            });
        }
    }

    /// <summary>
    /// Without -Address: every entry that matches; as `ip neigh flush`, Permanent and NoArp entries go only when -State names
    /// them. One of -Interface and -State is required, so a bare Remove-NetNeighbor never empties a namespace's tables.
    /// </summary>
    private void Flush()
    {
        if (Interface is null && State is null)
            throw NetOperationException.Invalid(
                "Say which entries to remove: -Address, -Interface or -State (Remove-NetNeighbor -State Failed removes the failed ones).")
                .WithErrorId(ErrorIds.ParameterConflict);
        if (Interface is not null) LinkName.Validate(Interface);
        var states = NeighborArguments.States(State);
        var client = Client;
        foreach (var n in client.Neighbors.List(Interface, Family, Proxy))
        {
            bool wanted = states?.Contains(n.State) ?? (Proxy || (n.State & (NeighborState.Permanent | NeighborState.NoArp)) == 0);
            if (!wanted || !ShouldProcess(Target("interface", n.Interface), $"Remove {(Proxy ? "proxy entry" : "neighbour")} {n.IPAddress}")) continue;
            // An entry the kernel dropped meanwhile (garbage collection) is gone already, which is what was asked.
            if (NetCmdlet.Attempt(() => client.Neighbors.Remove(n.Interface, n.IPAddress, Proxy)) is { } error && error.Kind != NetErrorKind.NotFound)
                Report(error, n.IPAddress.ToString());
        }
    }
}
