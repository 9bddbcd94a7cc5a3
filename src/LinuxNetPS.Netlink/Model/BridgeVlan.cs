namespace LinuxNetPS.Model;

/// <summary>
/// One VLAN of a bridge port, or of the bridge itself (`bridge vlan`): frames of this VLAN may pass the port. Pvid: untagged
/// frames arriving on the port belong to this VLAN; Untagged: frames of this VLAN leave the port without a tag.
/// </summary>
public sealed record BridgeVlan
{
    public string? Namespace { get; init; }
    /// <summary>The port (or the bridge, for the bridge's own VLANs).</summary>
    public required string Interface { get; init; }
    public int InterfaceIndex { get; init; }
    /// <summary>The VLAN id, 1-4094.</summary>
    public int Vlan { get; init; }
    /// <summary>Untagged frames that arrive on the port are put into this VLAN (at most one per port).</summary>
    public bool Pvid { get; init; }
    /// <summary>Frames of this VLAN leave the port untagged.</summary>
    public bool Untagged { get; init; }

    /// <summary>"PVID Egress Untagged" as `bridge vlan` prints the flags.</summary>
    public string FlagsText => string.Join(" ", new[] { Pvid ? "PVID" : null, Untagged ? "Egress Untagged" : null }.Where(s => s is not null));

    public override string ToString() => $"{Interface} vlan {Vlan}" + (FlagsText.Length > 0 ? " " + FlagsText : "");
}
