using System.Diagnostics;
using System.Management.Automation;
using LinuxNetPS.Errors;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// Start-NetNamespaceProcess: starts a program inside a network namespace in the background (a
/// server such as `python3 -m http.server`) and returns its Process, which Stop-Process stops.
/// The program gets `ip netns exec`'s mount semantics, like Invoke-NetNamespace -FilePath.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "NetNamespaceProcess", SupportsShouldProcess = true)]
[OutputType(typeof(Process))]
public sealed class StartNetNamespaceProcessCommand : NetCmdlet
{
    /// <summary>The namespace to start the program in: a name under /run/netns, a path to a namespace file, or a process id.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [AllowNull]
    [AllowEmptyString]
    [ArgumentCompleter(typeof(Completers.NamespaceCompleter))]
    public string? Namespace { get; set; }

    /// <summary>The program: a name looked up in PATH (never the current directory), or a path.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    [PathArgument]
    public string FilePath { get; set; } = "";

    /// <summary>The program's arguments (argv, no shell). Also takes the rest of the command line.</summary>
    [Parameter(ValueFromRemainingArguments = true)]
    [Alias("Args")]
    public object[] ArgumentList { get; set; } = [];

    /// <summary>A file that receives the program's standard output (otherwise it goes to this console).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [PathArgument]
    public string? RedirectStandardOutput { get; set; }

    /// <summary>A file that receives the program's standard error (otherwise it goes to this console).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [PathArgument]
    public string? RedirectStandardError { get; set; }

    protected override void ProcessRecord()
    {
        Try(Namespace, () =>
        {
            var ns = NamespaceArgument.Parse(Namespace);
            var workingDirectory = SessionState.Path.CurrentFileSystemLocation.ProviderPath;
            var info = ProgramRun.StartInfo(FilePath, ArgumentList, workingDirectory);
            if (!ShouldProcess($"'{info.FileName}' in {ns.Description}", "Start")) return;
            // A background program must not read the console that this session keeps using.
            info.RedirectStandardInput = true;
            var output = OutputFile(RedirectStandardOutput, workingDirectory, nameof(RedirectStandardOutput));
            StreamWriter? error;
            try { error = OutputFile(RedirectStandardError, workingDirectory, nameof(RedirectStandardError)); }
            catch
            {
                output?.Dispose();
                throw;
            }
            info.RedirectStandardOutput = output is not null;
            info.RedirectStandardError = error is not null;

            Process process;
            try
            {
                process = IsolatedProcessLauncher.Start(ns, info, background: true);
            }
            catch
            {
                output?.Dispose();
                error?.Dispose();
                throw;
            }
            process.StandardInput.Close();
            // RedirectError: null, or why writing a redirected stream failed (a full disk, /dev/full): the pump stops
            // writing and says so here, never with an exception on a pool thread (which would end pwsh).
            var result = PSObject.AsPSObject(process);
            result.Properties.Add(new PSNoteProperty("RedirectError", null));
            var redirectError = (PSNoteProperty)result.Properties["RedirectError"]; // the member the object holds (Add may copy)
            if (output is not null) Pump(process, output, RedirectStandardOutput!, redirectError, stdout: true);
            if (error is not null) Pump(process, error, RedirectStandardError!, redirectError, stdout: false);
            WriteObject(result);
        });
    }

    // No buffer in the FileStream: a write that fails leaves nothing for its finalizer to flush.
    /// <summary>
    /// The file a -Redirect* parameter names, created (or emptied) before the program starts; a file that cannot be
    /// (a missing folder, a directory, no permission) is OutFileNotWritable of the cause's kind, and the program is not started.
    /// </summary>
    private static StreamWriter? OutputFile(string? path, string workingDirectory, string parameter)
    {
        if (path is null) return null;
        var full = Path.GetFullPath(path, workingDirectory);
        try
        {
            return new StreamWriter(new FileStream(full, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0)) { AutoFlush = true };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var (kind, why) = e switch
            {
                DirectoryNotFoundException => (NetErrorKind.NotFound, $"the folder {Path.GetDirectoryName(full)} does not exist"),
                UnauthorizedAccessException when Directory.Exists(full) => (NetErrorKind.InvalidArgument, "it is a directory"),
                UnauthorizedAccessException => (NetErrorKind.PermissionDenied, "permission denied"),
                _ => (NetErrorKind.InvalidArgument, e.Message),
            };
            throw new NetOperationException(kind, $"Cannot write -{parameter} '{InputText.Echo(path)}': {why}. The program was not started.",
                    operation: "redirect the program's output", target: path, inner: e)
                .WithErrorId(ErrorIds.OutFileNotWritable);
        }
    }

    /// <summary>Copies one output stream of the program to a file as it arrives (on the thread pool, in this process's namespace).</summary>
    private static void Pump(Process process, StreamWriter file, string path, PSNoteProperty redirectError, bool stdout)
    {
        bool failed = false;
        void OnLine(object _, DataReceivedEventArgs e)
        {
            lock (file)
            {
                if (failed) return;
                try
                {
                    if (e.Data is null) file.Dispose();
                    else file.WriteLine(e.Data);
                }
                catch (Exception x) when (x is IOException or UnauthorizedAccessException or ObjectDisposedException)
                {
                    failed = true;
                    redirectError.Value = $"Writing the standard {(stdout ? "output" : "error")} of the program to '{path}' failed ({x.Message}); the rest of it was dropped.";
                    try { file.Dispose(); } catch (Exception) { } // its own flush fails the same way
                }
            }
        }
        if (stdout)
        {
            process.OutputDataReceived += OnLine;
            process.BeginOutputReadLine();
        }
        else
        {
            process.ErrorDataReceived += OnLine;
            process.BeginErrorReadLine();
        }
    }
}
