using System.Management.Automation;
using System.Management.Automation.Runspaces;
using LinuxNetPS.Errors;

namespace LinuxNetPS.Support;

/// <summary>
/// Invoke-NetLab -Session: a node of a split lab is a namespace on one host only (each host's part records the others'
/// nodes without one), so every host is asked at once which of its labs has the node there, and the block runs on the
/// one host that does, through that host's own Invoke-NetLab. The block travels as text and becomes a script block
/// again there (so $using: reaches only that host's session: values go in -ArgumentList); what it writes comes back
/// through Invoke-Command as the host sends it, tagged with PSComputerName.
/// </summary>
internal sealed partial class LabHosts
{
    // The node's labs on this host: Get-NetLab's Nodes are the nodes that have a namespace here.
    private const string LocateScript = "param($node, $lab)\n" + RemoteHosts.ImportPreamble + """
        $labs = @(if ($lab) { Get-NetLab -Name $lab -ErrorAction Ignore } else { Get-NetLab -WarningAction Ignore }) |
            Where-Object { @($_.Nodes.Node) -contains $node } | ForEach-Object Lab
        [pscustomobject]@{ Module = $true; Labs = @($labs) }
        """;

    // Splatted so that no arguments stay no arguments ($args empty), as they are for Invoke-NetLab here.
    private const string RunScript = "param($node, $lab, $block, $inProcess, $arguments)\n" + Import + """
        $p = @{ Node = $node; Lab = $lab; ScriptBlock = [scriptblock]::Create($block); InProcess = [bool]$inProcess }
        if ($null -ne $arguments -and @($arguments).Count -gt 0) { $p.ArgumentList = @($arguments) }
        Invoke-NetLab @p
        """;

    /// <summary>Runs <paramref name="block"/> in the node <paramref name="node"/> on whichever host of <paramref name="sessions"/> has it.</summary>
    public void Invoke(IReadOnlyList<PSSession> sessions, string node, string? lab, ScriptBlock block, bool inProcess, object[] arguments)
    {
        var (session, labName) = HostOfNode(sessions, node, lab);
        _cmdlet.WriteVerbose($"The node '{node}' of the lab '{labName}' is on {session.ComputerName}.");
        // A pipeline of its own (no input, even when this cmdlet has some: Invoke-Command would wait for it), run on
        // this thread; what it gets from the host is passed on as it arrives, from the thread Invoke-Command writes on.
        using var ps = PowerShell.Create(RunspaceMode.CurrentRunspace);
        ps.AddCommand("Microsoft.PowerShell.Core\\Invoke-Command").AddParameter("Session", session).AddParameter("ScriptBlock", ScriptBlock.Create(RunScript))
            .AddParameter("ArgumentList", new object?[] { node, labName, block.ToString(), inProcess, arguments });
        var output = new PSDataCollection<PSObject>();
        output.DataAdded += (_, e) => _cmdlet.WriteObject(output[e.Index]);
        ps.Streams.Error.DataAdded += (_, e) => _cmdlet.WriteError(ps.Streams.Error[e.Index]);
        ps.Streams.Warning.DataAdded += (_, e) => _cmdlet.WriteWarning(ps.Streams.Warning[e.Index].Message);
        ps.Streams.Verbose.DataAdded += (_, e) => _cmdlet.WriteVerbose(ps.Streams.Verbose[e.Index].Message);
        ps.Invoke<PSObject, PSObject>(null, output, null);
    }

    /// <summary>The one host (and its lab) that has the node as a namespace; none or several is an error naming the hosts asked.</summary>
    public (PSSession Session, string Lab) HostOfNode(IReadOnlyList<PSSession> all, string node, string? lab)
    {
        var sessions = RemoteHosts.Distinct(all);
        var answers = RemoteHosts.Ask(_cmdlet, null, sessions, Ids, LocateScript, node, lab);
        var having = answers.SelectMany(a => RemoteHosts.Strings(a["Labs"]).Select(l => (Host: a, Lab: l))).ToList();
        string asked = string.Join(", ", sessions.Select(s => s.ComputerName));
        if (having.Count == 1) return (having[0].Host.Session, having[0].Lab);
        if (having.Count == 0)
            throw NetOperationException.NotFound(lab is null
                    ? $"No lab on {asked} has a node '{node}'; Get-NetLab -Session lists the labs of each host."
                    : $"The lab '{lab}' has no node '{node}' on {asked}; Get-NetLab -Name '{lab}' -Session lists its nodes on each host.", node)
                .WithErrorId(ErrorIds.LabNodeNotFound);
        string where = string.Join(", ", having.Select(h => $"'{h.Lab}' on {h.Host.Name}"));
        throw NetOperationException.Invalid(having.Select(h => h.Lab).Distinct(StringComparer.Ordinal).Count() > 1
                ? $"Several labs have a node '{node}' ({where}); say which with -Lab."
                : $"The node '{node}' is on several hosts ({where}); give -Session only the host to run on.", node)
            .WithErrorId(ErrorIds.ParameterConflict);
    }
}
