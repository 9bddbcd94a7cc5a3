using System.Management.Automation;
using System.Management.Automation.Runspaces;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// Invoke-NetNamespace: runs a script block or a native program inside a network namespace
/// (`ip netns exec NAME ...`). By default everything runs in processes that are entirely in the
/// namespace (network and a mount namespace with /sys and /etc/netns/NAME, like ip netns exec): a block
/// of native commands as those programs, any other block in a child pwsh (kept warm between calls);
/// -InProcess keeps the old fast path on the pipeline thread.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "NetNamespace", DefaultParameterSetName = ScriptBlockSet)]
[OutputType(typeof(object), ParameterSetName = new[] { ScriptBlockSet, PipedScriptBlockSet, SessionSet })]
[OutputType(typeof(string), ParameterSetName = new[] { FilePathSet, PipedFilePathSet })]
public sealed class InvokeNetNamespaceCommand : NetCmdlet
{
    private const string ScriptBlockSet = "ScriptBlock";
    private const string PipedScriptBlockSet = "InputObject";
    private const string SessionSet = "Session";
    private const string FilePathSet = "FilePath";
    private const string PipedFilePathSet = "InputObjectFilePath";

    private readonly ProgramRun _program = new();

    /// <summary>
    /// The namespace to run in: a name under /run/netns, a path to a namespace file, or a process id.
    /// Not bound from the pipeline (NetNamespace objects bind -InputObject): a positional script block
    /// given to a pipeline-bound string parameter would be taken as a delay-bind script block.
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ScriptBlockSet)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = FilePathSet)]
    [AllowNull]
    [AllowEmptyString]
    [ArgumentCompleter(typeof(Completers.NamespaceCompleter))]
    public string? Namespace { get; set; }

    /// <summary>Namespaces from Get-NetNamespace or New-NetNamespace: the block or program runs once in each (the object selects the namespace; it is not the block's input).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = PipedScriptBlockSet)]
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = PipedFilePathSet)]
    [ValidateNotNull]
    public NetNamespace InputObject { get; set; } = null!;

    /// <summary>The script block to run inside the namespace.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = ScriptBlockSet)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PipedScriptBlockSet)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = SessionSet)]
    [ValidateNotNull]
    public ScriptBlock ScriptBlock { get; set; } = null!;

    /// <summary>A session from New-NetNamespaceSession to run the block in (no new pwsh is started).</summary>
    [Parameter(Mandatory = true, ParameterSetName = SessionSet)]
    [ValidateNotNull]
    public PSSession Session { get; set; } = null!;

    /// <summary>Runs the block on the pipeline thread of this process (fast; only native commands and synchronous code follow the namespace).</summary>
    [Parameter(ParameterSetName = ScriptBlockSet)]
    [Parameter(ParameterSetName = PipedScriptBlockSet)]
    public SwitchParameter InProcess { get; set; }

    /// <summary>A native program to start inside the namespace: a name looked up in PATH (never the current directory), or a path.</summary>
    [Parameter(Mandatory = true, ParameterSetName = FilePathSet)]
    [Parameter(Mandatory = true, ParameterSetName = PipedFilePathSet)]
    [ValidateNotNullOrEmpty]
    [PathArgument]
    public string FilePath { get; set; } = "";

    /// <summary>Arguments: passed to the script block ($args), or as the program's argv (each converted to a string). Also takes the rest of the command line, so `-- -c 1 10.0.0.1` works.</summary>
    [Parameter(ValueFromRemainingArguments = true)]
    [Alias("Args")]
    public object[] ArgumentList { get; set; } = [];

    protected override void ProcessRecord()
    {
        if (ParameterSetName == SessionSet)
        {
            RunInSession(Session);
            return;
        }
        var spec = InputObject is { } piped ? piped.Namespace ?? piped.Path : Namespace;
        Try(spec, () =>
        {
            var ns = NamespaceArgument.Parse(spec);
            if (ParameterSetName is FilePathSet or PipedFilePathSet) _program.Run(this, ns, FilePath, ArgumentList);
            else if (InProcess) RunInProcess(ns);
            else RunIsolated(ns);
        });
    }

    protected override void StopProcessing() => _program.Stop();

    /// <summary>
    /// A block of native commands only (`{ ping -c 1 10.0.0.2 }`) is started straight in the namespace by the
    /// launcher; any other block runs in a child pwsh in the namespace, warm from an earlier call when there is
    /// one (WarmChildren: fresh runspace state per call, ended when its state cannot be made new again).
    /// </summary>
    private void RunIsolated(NamespaceRef ns)
    {
        if (ParameterSetName is ScriptBlockSet or PipedScriptBlockSet && NativeBlock.Recognize(ScriptBlock, this) is { } commands)
        {
            NetworkNamespaces.Get(ns); // a missing namespace is reported as such, before the programs are looked at
            var workingDirectory = SessionState.Path.CurrentFileSystemLocation.ProviderPath;
            _program.Run(this, ns, commands.Select(c => ProgramRun.StartInfo(c.FileName, c.Arguments, workingDirectory)).ToList());
            return;
        }
        var child = WarmChildren.Take(ns, SessionState.Path.CurrentFileSystemLocation.ProviderPath, Host);
        var completed = false;
        try
        {
            RunInSession(child.Session);
            completed = !Stopping;
        }
        finally
        {
            WarmChildren.Return(child, completed);
        }
    }

    /// <summary>
    /// Lets Invoke-Command do the remoting, as a steppable pipeline writing into this cmdlet: output
    /// and every other stream arrive live, $using: is read from the caller's scope, and stopping
    /// this pipeline (Ctrl+C) stops the remote one.
    /// </summary>
    private void RunInSession(PSSession session)
    {
        var invoke = ScriptBlock.Create("param($session, $block, $arguments, $common) Microsoft.PowerShell.Core\\Invoke-Command -Session $session -ScriptBlock $block -ArgumentList $arguments @common");
        var pipeline = invoke.GetSteppablePipeline(CommandOrigin.Internal, [session, ScriptBlock, ArgumentList, ForwardedCommonParameters()]);
        try
        {
            // Never expecting input, even when NetNamespace objects are piped into this cmdlet: the piped namespace
            // only says where to run. Given as input, Invoke-Command would feed it to the block's first command
            // (Get-ChildItem would bind its Path), so `Get-NetNamespace | Invoke-NetNamespace { Get-ChildItem ... }`
            // failed for every namespace. Output and the other streams still go to this cmdlet.
            pipeline.Begin(false, (EngineIntrinsics)GetVariableValue("ExecutionContext"));
            pipeline.End();
        }
        finally
        {
            pipeline.Dispose();
        }
    }

    /// <summary>
    /// -ErrorAction, -WarningAction ... given to this cmdlet, for the inner Invoke-Command: they set
    /// preference variables for script commands, not for a binary cmdlet's own inner pipeline.
    /// </summary>
    private System.Collections.Hashtable ForwardedCommonParameters()
    {
        var common = new System.Collections.Hashtable(StringComparer.OrdinalIgnoreCase);
        foreach (var name in new[] { "ErrorAction", "WarningAction", "InformationAction", "Verbose", "Debug" })
            if (MyInvocation.BoundParameters.TryGetValue(name, out var value)) common[name] = value;
        return common;
    }

    /// <summary>
    /// The fast path: the pipeline thread enters the namespace for the duration of the block. Output is
    /// collected and written after the thread is back, so later pipeline commands never run in the namespace.
    /// </summary>
    private void RunInProcess(NamespaceRef ns)
    {
        var inode = NetworkNamespaces.Get(ns).Inode;
        try
        {
            var output = NetworkNamespaces.Run(ns, () => InvokeCommand.InvokeScript(true, ScriptBlock, null, ArgumentList));
            WriteObject(output, true);
        }
        finally
        {
            WarnAboutThreadsLeftIn(ns, inode);
        }
    }

    /// <summary>
    /// Threads created while the pipeline thread was in the namespace (thread-pool workers the block
    /// made the runtime inject, for instance) stay in it, and later work of this session could run
    /// there. Nothing can move them back, so say so loudly.
    /// </summary>
    private void WarnAboutThreadsLeftIn(NamespaceRef ns, ulong inode)
    {
        var left = ThreadCensus.ThreadsIn(inode);
        if (left.Count == 0) return;
        WriteWarning($"{left.Count} thread(s) of this PowerShell (ids {string.Join(", ", left)}) were created while the -InProcess block ran and are still in {ns.Description}; " +
            "work this session later gives them (web requests, tasks) may run there. Start a new pwsh to be sure, and use Invoke-NetNamespace without -InProcess for such blocks.");
    }
}
