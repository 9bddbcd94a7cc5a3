using System.Diagnostics;
using System.Management.Automation;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Support;

/// <summary>
/// Native programs run in a namespace for a cmdlet, the way PowerShell runs its own native commands:
/// the last one keeps the terminal when its output would go to the console anyway, otherwise its
/// standard output is read into the pipeline line by line; a pipeline of programs (`a | b`) is joined
/// byte for byte, as PowerShell 7.4 joins native commands; the first one reads this console's standard
/// input and every one writes its standard error to the console; $LASTEXITCODE is the last one's exit code.
/// </summary>
internal sealed class ProgramRun
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(3);
    private volatile Process[] _processes = [];
    private volatile bool _stopped;
    private bool _capturing;

    /// <summary>Resolves <paramref name="file"/> (PATH only for a bare name), starts it in <paramref name="ns"/> and waits for it.</summary>
    public void Run(PSCmdlet cmdlet, NamespaceRef ns, string file, IEnumerable<object> arguments)
    {
        var workingDirectory = cmdlet.SessionState.Path.CurrentFileSystemLocation.ProviderPath;
        Run(cmdlet, ns, [StartInfo(file, arguments, workingDirectory)]);
    }

    /// <summary>Starts <paramref name="stages"/> (absolute FileNames) in <paramref name="ns"/>, each one's output into the next one's input, and waits for all.</summary>
    public void Run(PSCmdlet cmdlet, NamespaceRef ns, IReadOnlyList<ProcessStartInfo> stages)
    {
        _capturing = !OutputDestination.IsConsole(cmdlet);
        for (var i = 0; i < stages.Count; i++)
        {
            stages[i].RedirectStandardInput = i > 0;
            stages[i].RedirectStandardOutput = i < stages.Count - 1 || _capturing;
        }

        var started = new List<Process>(stages.Count);
        var pumps = new List<Task>(stages.Count);
        try
        {
            foreach (var info in stages)
            {
                var process = IsolatedProcessLauncher.Start(ns, info);
                started.Add(process);
                _processes = [.. started];
                // The previous program's output feeds this one; when it ends, this one sees end of input.
                if (started.Count > 1) pumps.Add(Pump(started[^2], process));
            }
            // Ctrl+C pressed while the programs were being started reached those already running only.
            if (_stopped) foreach (var process in started) ProcessSignals.Interrupt(process);
            var last = started[^1];
            if (_capturing)
                while (last.StandardOutput.ReadLine() is { } line) cmdlet.WriteObject(line);
            foreach (var process in started) process.WaitForExit();
            Task.WaitAll([.. pumps]);
            cmdlet.SessionState.PSVariable.Set("global:LASTEXITCODE", last.ExitCode);
        }
        finally
        {
            // Stopped (Ctrl+C, or an error downstream): give each program the interrupt it would
            // get from a terminal, then make sure none outlives the command.
            foreach (var process in started)
                if (!process.HasExited && ProcessSignals.Interrupt(process)) ProcessSignals.EnsureEnded(process, StopGrace);
            foreach (var process in started) process.Dispose();
            _processes = [];
        }
    }

    /// <summary>Copies <paramref name="from"/>'s standard output into <paramref name="to"/>'s standard input (thread pool, this process's namespace).</summary>
    private static Task Pump(Process from, Process to) => Task.Run(() =>
    {
        try
        {
            from.StandardOutput.BaseStream.CopyTo(to.StandardInput.BaseStream);
        }
        catch (IOException)
        {
            // The reader ended first (`... | head -1`): like a shell, the writer then gets SIGPIPE or EPIPE on its next write.
        }
        finally
        {
            try { to.StandardInput.Close(); } catch (IOException) { }
            from.StandardOutput.Close();
        }
    });

    /// <summary>
    /// The pipeline is being stopped. A program that has the terminal got SIGINT from it already and
    /// decides itself (an interactive bash ignores it); when the output is captured, the programs are interrupted here.
    /// </summary>
    public void Stop()
    {
        _stopped = true;
        if (!_capturing) return;
        foreach (var process in _processes) ProcessSignals.Interrupt(process);
    }

    /// <summary>The start info for <paramref name="file"/>: an absolute path found like PowerShell's command lookup, argv without a shell.</summary>
    public static ProcessStartInfo StartInfo(string file, IEnumerable<object> arguments, string workingDirectory) =>
        StartInfo(ProgramPath.Resolve(file, workingDirectory, Environment.GetEnvironmentVariable("PATH")),
            arguments.Select(a => LanguagePrimitives.ConvertTo<string>(a)), workingDirectory);

    /// <summary>The start info for the absolute path <paramref name="path"/> with argv <paramref name="arguments"/>, no shell.</summary>
    public static ProcessStartInfo StartInfo(string path, IEnumerable<string> arguments, string workingDirectory)
    {
        var info = new ProcessStartInfo
        {
            FileName = path,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        return info;
    }
}
