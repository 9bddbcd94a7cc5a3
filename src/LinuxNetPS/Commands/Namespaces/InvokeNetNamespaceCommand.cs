using System.ComponentModel;
using System.Diagnostics;
using System.Management.Automation;
using LinuxNetPS.Errors;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Commands;

/// <summary>
/// Invoke-NetNamespace: runs a script block or a native program inside a network namespace
/// (`ip netns exec NAME ...`). The script block runs synchronously on the pipeline thread while
/// that thread is in the namespace; the thread's namespace is always restored afterwards.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "NetNamespace", DefaultParameterSetName = ScriptBlockSet)]
[OutputType(typeof(object), ParameterSetName = new[] { ScriptBlockSet })]
[OutputType(typeof(string), ParameterSetName = new[] { FilePathSet })]
public sealed class InvokeNetNamespaceCommand : NetCmdlet
{
    private const string ScriptBlockSet = "ScriptBlock";
    private const string FilePathSet = "FilePath";
    private Process? _process;

    /// <summary>The namespace to run in: name, path or pid; empty means the host namespace.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [AllowEmptyString]
    [ArgumentCompleter(typeof(Completers.NamespaceCompleter))]
    public string? Namespace { get; set; }

    /// <summary>The script block to run inside the namespace.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ScriptBlockSet)]
    [ValidateNotNull]
    public ScriptBlock ScriptBlock { get; set; } = null!;

    /// <summary>A native program to start inside the namespace (found in PATH, or a path).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = FilePathSet)]
    [ValidateNotNullOrEmpty]
    public string FilePath { get; set; } = "";

    /// <summary>Arguments: passed to the script block ($args), or as the program's argv (each converted to a string). Also takes the rest of the command line, so `-- -c 1 10.0.0.1` works.</summary>
    [Parameter(Position = 1, ValueFromRemainingArguments = true)]
    [Alias("Args")]
    public object[] ArgumentList { get; set; } = [];

    protected override void ProcessRecord()
    {
        Try(Namespace, () =>
        {
            var ns = NamespaceRef.Parse(Namespace);
            if (ParameterSetName == ScriptBlockSet)
            {
                // A new scope, like the call operator. The output is collected and written after the thread
                // is back home, so commands later in the pipeline never run inside the namespace by surprise.
                var output = NetworkNamespaces.Run(ns, () => InvokeCommand.InvokeScript(true, ScriptBlock, null, ArgumentList));
                WriteObject(output, true);
            }
            else
            {
                RunProgram(ns);
            }
        });
    }

    protected override void StopProcessing()
    {
        try
        {
            _process?.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private void RunProgram(NamespaceRef ns)
    {
        var arguments = ArgumentList.Select(a => LanguagePrimitives.ConvertTo<string>(a)).ToList();
        var workingDirectory = SessionState.Path.CurrentFileSystemLocation.ProviderPath;
        var file = FilePath.Contains('/') && !FilePath.StartsWith('/') ? Path.GetFullPath(FilePath, workingDirectory) : FilePath;
        try
        {
            _process = NetworkNamespaces.StartProcess(ns, file, arguments, info =>
            {
                info.RedirectStandardOutput = true;
                info.WorkingDirectory = workingDirectory;
            });
        }
        catch (Win32Exception e)
        {
            // ENOENT: no such program. Anything else (EACCES on a file that is not executable ...) is not
            // about privileges, so it is not reported as PermissionDenied.
            const int ENOENT = 2;
            var kind = e.NativeErrorCode == ENOENT ? NetErrorKind.NotFound : NetErrorKind.Other;
            throw new NetOperationException(kind,
                $"Cannot run '{FilePath}': {e.Message}. Give a program found in PATH, or a path to an executable file.",
                errno: e.NativeErrorCode, target: FilePath, inner: e);
        }

        using (_process)
        {
            while (_process.StandardOutput.ReadLine() is { } line) WriteObject(line);
            _process.WaitForExit();
            SessionState.PSVariable.Set("global:LASTEXITCODE", _process.ExitCode);
        }
        _process = null;
    }
}
