using System.Management.Automation;
using LinuxNetPS.Completers;

namespace LinuxNetPS.Commands;

/// <summary>The parameters that select a masquerade rule; Enable- and Disable-Masquerade take the same ones.</summary>
public abstract class MasqueradeCmdlet : NatCmdlet
{
    /// <summary>The source prefix to masquerade, e.g. 10.10.0.0/16 (host bits are ignored, as iptables does).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Source { get; set; } = "";

    /// <summary>Only packets leaving through this interface (`-o`).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? OutInterface { get; set; }

    /// <summary>Only packets not leaving through this interface (`! -o`), typically the containers' bridge.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? ExcludeOutInterface { get; set; }
}
