namespace LinuxNetPS.Model;

/// <summary>
/// A NAT in Windows' NetNat shape: a name for the masquerade of one internal prefix in a namespace (Enable-Masquerade's
/// rule), and the static mappings (port forwards) added to it by name. The name is the NatName property, as on the
/// mappings, so a NAT piped to Get- or Remove-NetNatStaticMapping means its mappings.
/// </summary>
public sealed record NetNat
{
    public string? Namespace { get; init; }
    public required string NatName { get; init; }
    /// <summary>The internal prefix whose traffic leaves with the outgoing interface's address, e.g. 192.168.0.0/24.</summary>
    public required string InternalIPInterfaceAddressPrefix { get; init; }
    /// <summary>The prefix the external interface's address is in, when the NAT was made with one: only traffic leaving by that interface is translated.</summary>
    public string? ExternalIPInterfaceAddressPrefix { get; init; }
    /// <summary>The id of the masquerade rule (Get-NatRule).</summary>
    public required string RuleId { get; init; }
    /// <summary>How many static mappings the NAT has.</summary>
    public int StaticMappings { get; init; }

    public override string ToString() => $"{NatName} {InternalIPInterfaceAddressPrefix}";
}

/// <summary>
/// A static mapping of a NetNat (Windows' NetNatStaticMapping): TCP or UDP to an external address and port forwarded to an
/// internal address and port; underneath, a port forward of our nf_tables table whose id is StaticMappingID.
/// </summary>
public sealed record NetNatStaticMapping
{
    public string? Namespace { get; init; }
    public required string NatName { get; init; }
    /// <summary>The port forward's NAT rule id (Get-NatRule's Id).</summary>
    public required string StaticMappingID { get; init; }
    /// <summary>TCP or UDP.</summary>
    public required string Protocol { get; init; }
    /// <summary>The address the connection is addressed to; 0.0.0.0 or :: for any address of the namespace.</summary>
    public required string ExternalIPAddress { get; init; }
    public int ExternalPort { get; init; }
    public required string InternalIPAddress { get; init; }
    public int InternalPort { get; init; }

    public override string ToString() => $"{Protocol} {ExternalIPAddress}:{ExternalPort} -> {InternalIPAddress}:{InternalPort}";
}
