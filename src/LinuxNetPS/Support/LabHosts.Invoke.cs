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
        // As a job, so what the host sends is written from here, this cmdlet's own thread and call, as it arrives: a
        // stop from downstream (Select-Object -First 1) or Ctrl+C then ends this command and the job, nothing more.
        const string start = "param($session, $script, $arguments) Invoke-Command -Session $session -ScriptBlock ([scriptblock]::Create($script)) -ArgumentList $arguments -AsJob";
        var job = _cmdlet.InvokeCommand.InvokeScript(start, true, PipelineResultTypes.None, null, session, RunScript,
            new object?[] { node, labName, block.ToString(), inProcess, arguments }).Select(o => o.BaseObject).OfType<Job>().Single();
        try { Relay(job.ChildJobs[0]); }
        finally
        {
            if (!job.Finished.WaitOne(0)) job.StopJob();
            _cmdlet.InvokeCommand.InvokeScript("param($job) Remove-Job -Job $job -Force", true, PipelineResultTypes.None, null, job);
        }
    }

    /// <summary>Writes a remote job's output, errors, warnings and verbose messages as they come, until it has finished.</summary>
    private void Relay(Job child)
    {
        using var arrived = new AutoResetEvent(false);
        void Wake(object? sender, DataAddedEventArgs e) => arrived.Set();
        child.Output.DataAdded += Wake;
        child.Error.DataAdded += Wake;
        int output = 0, errors = 0, warnings = 0, verbose = 0;
        while (true)
        {
            WaitHandle.WaitAny([child.Finished, arrived], ProgressReporter.Interval);
            if (_cmdlet.Stopping) throw new PipelineStoppedException();
            // Finished is read before the collections are, so nothing that came before it is left unread.
            bool finished = child.Finished.WaitOne(0);
            while (output < child.Output.Count) _cmdlet.WriteObject(child.Output[output++]);
            while (errors < child.Error.Count) _cmdlet.WriteError(child.Error[errors++]);
            while (warnings < child.Warning.Count) _cmdlet.WriteWarning(child.Warning[warnings++].Message);
            while (verbose < child.Verbose.Count) _cmdlet.WriteVerbose(child.Verbose[verbose++].Message);
            if (finished) return;
        }
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
