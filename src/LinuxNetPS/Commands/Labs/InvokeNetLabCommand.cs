using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Compose.Labs;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// Invoke-NetLab: runs a script block in one node of a lab, through Invoke-NetNamespace (by default a pwsh that is
/// wholly in the node's namespace, isolated like `ip netns exec`; -InProcess for the fast path). The lab is -Lab (a node
/// piped in brings it); without it, the one lab that has such a node. -Session: a lab split over hosts, the block runs
/// on the host that has the node, through its own Invoke-NetLab (<see cref="LabHosts"/>).
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "NetLab")]
[OutputType(typeof(object))]
public sealed class InvokeNetLabCommand : NetCmdlet
{
    /// <summary>The node to run in. Named only: a positional script block after a pipeline-bound positional string would be taken as a delay-bind block.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LabNodeCompleter))]
    public string Node { get; set; } = "";

    /// <summary>The script block.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNull]
    public ScriptBlock ScriptBlock { get; set; } = null!;

    /// <summary>The lab's name (from the pipeline: a node's Lab); omitted: the one lab that has the node.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LabNameCompleter))]
    public string? Lab { get; set; }

    /// <summary>Run on this process's pipeline thread (only native commands and synchronous code follow the namespace).</summary>
    [Parameter]
    public SwitchParameter InProcess { get; set; }

    /// <summary>Arguments for the script block ($args).</summary>
    [Parameter(ValueFromRemainingArguments = true)]
    [Alias("Args")]
    public object[] ArgumentList { get; set; } = [];

    /// <summary>A lab split over hosts: the hosts' PowerShell sessions; the block runs on the one that has the node, its output tagged with PSComputerName.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public System.Management.Automation.Runspaces.PSSession[]? Session { get; set; }

    protected override void ProcessRecord()
    {
        if (Session is not null)
        {
            Try(Node, () =>
            {
                ValidateNames();
                new LabHosts(this).Invoke(Session, Node, Lab, ScriptBlock, InProcess, ArgumentList ?? []);
            });
            return;
        }
        string? ns = null;
        Try(Node, () => ns = Resolve());
        if (ns is null) return;
        if (InProcess)
        {
            // -InProcess writes its output when the block has run anyway (Invoke-NetNamespace); a nested PowerShell collects
            // it, native programs' lines included (in a steppable pipeline they would go to the terminal instead).
            using var ps = PowerShell.Create(RunspaceMode.CurrentRunspace);
            ps.AddCommand("LinuxNetPS\\Invoke-NetNamespace").AddParameter("Namespace", ns).AddParameter("ScriptBlock", ScriptBlock).AddParameter("InProcess");
            if (ArgumentList.Length > 0) ps.AddParameter("ArgumentList", ArgumentList);
            foreach (var item in ps.Invoke()) WriteObject(item);
            foreach (var error in ps.Streams.Error) WriteError(error);
            foreach (var warning in ps.Streams.Warning) WriteWarning(warning.Message);
            foreach (var verbose in ps.Streams.Verbose) WriteVerbose(verbose.Message);
            return;
        }
        var parameters = new Dictionary<string, object> { ["Namespace"] = ns, ["ScriptBlock"] = ScriptBlock };
        if (ArgumentList.Length > 0) parameters["ArgumentList"] = ArgumentList;
        // A steppable pipeline begun with this command writes into this command's own streams while the block runs (a
        // ping's lines appear as they come, not all when it ends, as a nested PowerShell.Invoke gave them; a block of native
        // commands gets the terminal when this command's output goes to the console), and Ctrl+C stops it with this pipeline.
        using var pipeline = ScriptBlock.Create("param($parameters) LinuxNetPS\\Invoke-NetNamespace @parameters")
            .GetSteppablePipeline(CommandOrigin.Internal, [parameters]);
        pipeline.Begin(this);
        pipeline.Process();
        pipeline.End();
    }

    /// <summary>Bad -Node or -Lab text is refused here, before any namespace or host is asked.</summary>
    private void ValidateNames()
    {
        if (!LabBinder.IsValidNodeName(Node))
            throw Errors.NetOperationException.Invalid($"'{Errors.InputText.Echo(Node)}' is not a valid node name: 1 to 32 letters, digits, '-', '_' or '.'.", Node);
        if (Lab is not null) NetLabs.ValidateName(Lab);
    }

    private string Resolve()
    {
        ValidateNames();
        if (Lab is not null) return NetLabs.NamespaceOf(Lab, Node);
        var having = NetLabs.Names().Where(l => NetLabs.RecordOf(l).Nodes.Any(n => n.Name == Node)).ToList();
        return having.Count switch
        {
            1 => NetLabs.NamespaceOf(having[0], Node),
            0 => throw Errors.NetOperationException.NotFound($"No lab has a node '{Node}'; Get-NetLab lists the labs.", Node).WithErrorId(Errors.ErrorIds.LabNodeNotFound),
            _ => throw Errors.NetOperationException.Invalid($"Several labs have a node '{Node}' ({string.Join(", ", having)}); say which with -Lab.", Node)
                .WithErrorId(Errors.ErrorIds.ParameterConflict),
        };
    }
}
