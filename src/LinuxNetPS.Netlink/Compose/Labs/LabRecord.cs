namespace LinuxNetPS.Compose.Labs;

/// <summary>A lab is recorded as Building before its first namespace exists and Ready after its last change.</summary>
public enum LabPhase { Building, Ready }

/// <summary>
/// What /run/linuxnetps/labs/NAME.json says about one lab: every namespace it owns (written before they are created,
/// so Remove-NetLab finds them after any crash), and the topology, so Get-, Test- and Show-NetLab need no file.
/// Plain mutable DTOs for System.Text.Json.
/// </summary>
public sealed class LabRecord
{
    public int Version { get; set; } = 1;
    public string Name { get; set; } = "";
    public string Prefix { get; set; } = "";
    public LabPhase Phase { get; set; }
    public int OwnerPid { get; set; }
    public string? Source { get; set; }
    public DateTimeOffset Created { get; set; }
    public List<LabNodeRecord> Nodes { get; set; } = new();
    public List<LabLinkRecord> Links { get; set; } = new();
    /// <summary>A split lab's part: the key of the host it is on (null for a lab on one machine).</summary>
    public string? Host { get; set; }
    /// <summary>A split lab's hosts: key and underlay address.</summary>
    public Dictionary<string, string> Hosts { get; set; } = new();
    /// <summary>A split lab's nodes on other hosts (no namespace here): Test-NetLab pings them, Show-NetLab draws them.</summary>
    public List<LabRemoteNodeRecord> RemoteNodes { get; set; } = new();
    /// <summary>A split lab's links between nodes of other hosts (for Show-NetLab only).</summary>
    public List<LabLinkRecord> RemoteLinks { get; set; } = new();
}

public sealed class LabRemoteNodeRecord
{
    public string Name { get; set; } = "";
    public string Kind { get; set; } = "Linux";
    public string Host { get; set; } = "";
    public List<string> Addresses { get; set; } = new();
    public bool Forwarding { get; set; }
}

public sealed class LabNodeRecord
{
    public string Name { get; set; } = "";
    public string Kind { get; set; } = "Linux";
    public string Namespace { get; set; } = "";
    /// <summary>The namespace's inode once made: Remove-NetLab deletes only that namespace, never a newer one of the same name.</summary>
    public ulong? Inode { get; set; }
    /// <summary>"eth0 10.0.0.2/24" ...</summary>
    public List<string> Addresses { get; set; } = new();
    public List<string> Bridges { get; set; } = new();
    public List<string> Routes { get; set; } = new();
    public bool Forwarding { get; set; }
    /// <summary>What the node's exec lines printed, in order.</summary>
    public List<LabExecRecord> Exec { get; set; } = new();
    /// <summary>A split lab: the host the node is on.</summary>
    public string? Host { get; set; }
}

public sealed class LabExecRecord
{
    public string Command { get; set; } = "";
    public int ExitCode { get; set; }
    public string Output { get; set; } = "";
}

public sealed class LabLinkRecord
{
    public string A { get; set; } = "";
    public string B { get; set; } = "";
    public string? ImpairmentA { get; set; }
    public string? ImpairmentB { get; set; }
    /// <summary>A link between two hosts: the VNI of its tunnel, and the host of its far end (its end here is a VXLAN device).</summary>
    public uint? Vni { get; set; }
    public string? RemoteHost { get; set; }
    /// <summary>"Macvlan" when A is a macvlan on the parent B (B is not the link's to change); null for a veth pair.</summary>
    public string? Kind { get; set; }
}
