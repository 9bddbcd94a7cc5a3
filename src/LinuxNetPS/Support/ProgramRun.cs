using System.Diagnostics;
using System.Management.Automation;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Support;

/// <summary>
/// One native program run in a namespace for a cmdlet, the way PowerShell runs its own native
/// commands: it keeps the terminal when its output would go to the console anyway, otherwise its
/// standard output is read into the pipeline line by line; $LASTEXITCODE is set at the end.
/// </summary>
internal sealed class ProgramRun
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(3);
    private volatile Process? _process;
    private bool _capturing;

    /// <summary>Resolves <paramref name="file"/> (PATH only for a bare name), starts it in <paramref name="ns"/> and waits for it.</summary>
    public void Run(PSCmdlet cmdlet, NamespaceRef ns, string file, IEnumerable<object> arguments)
    {
        var workingDirectory = cmdlet.SessionState.Path.CurrentFileSystemLocation.ProviderPath;
        var info = StartInfo(file, arguments, workingDirectory);
        _capturing = !OutputDestination.IsConsole(cmdlet);
        info.RedirectStandardOutput = _capturing;

        using var process = IsolatedProcessLauncher.Start(ns, info);
        _process = process;
        try
        {
            if (_capturing)
                while (process.StandardOutput.ReadLine() is { } line) cmdlet.WriteObject(line);
            process.WaitForExit();
            cmdlet.SessionState.PSVariable.Set("global:LASTEXITCODE", process.ExitCode);
        }
        finally
        {
            // Stopped (Ctrl+C, or an error downstream): give the program the interrupt it would
            // get from a terminal, then make sure it does not outlive the command.
            if (!process.HasExited && ProcessSignals.Interrupt(process)) ProcessSignals.EnsureEnded(process, StopGrace);
            _process = null;
        }
    }

    /// <summary>
    /// The pipeline is being stopped. A program that has the terminal got SIGINT from it already and
    /// decides itself (an interactive bash ignores it); a captured one is interrupted here.
    /// </summary>
    public void Stop()
    {
        if (_capturing && _process is { } process) ProcessSignals.Interrupt(process);
    }

    /// <summary>The start info for <paramref name="file"/>: an absolute path found like PowerShell's command lookup, argv without a shell.</summary>
    public static ProcessStartInfo StartInfo(string file, IEnumerable<object> arguments, string workingDirectory)
    {
        var info = new ProcessStartInfo
        {
            FileName = ProgramPath.Resolve(file, workingDirectory, Environment.GetEnvironmentVariable("PATH")),
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var a in arguments) info.ArgumentList.Add(LanguagePrimitives.ConvertTo<string>(a));
        return info;
    }
}
