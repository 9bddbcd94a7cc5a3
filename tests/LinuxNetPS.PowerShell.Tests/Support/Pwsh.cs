using System.Diagnostics;

namespace LinuxNetPS.PowerShell.Tests.Support;

/// <summary>
/// The real pwsh 7.6.10 that tools/bootstrap.sh restores into .tools/ of the checkout (test.sh and
/// run.sh run it first). Missing is a failure that says what to run, never a skip.
/// </summary>
internal static class Pwsh
{
    public static string Executable
    {
        get
        {
            var path = Repo.Path(".tools", "pwsh");
            if (!File.Exists(path)) throw new FileNotFoundException($"{path} is missing: run ./tools/bootstrap.sh (./test.sh does) to restore PowerShell 7.6.10.");
            return path;
        }
    }

    /// <summary>The folder pwsh runs from ($PSHOME), e.g. to copy it where another user can read it.</summary>
    public static string Home => Path.GetDirectoryName(Path.GetFullPath(new FileInfo(Executable).ResolveLinkTarget(true)?.FullName ?? Executable))!;

    /// <summary>Runs `pwsh -NoProfile -NonInteractive -File script args...` and collects what it printed.</summary>
    public static (int ExitCode, string Output, string Error) RunFile(string script, IEnumerable<string> arguments, TimeSpan timeout, string? executable = null, IEnumerable<string>? prefix = null)
    {
        var info = new ProcessStartInfo(executable ?? Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in prefix ?? []) info.ArgumentList.Add(a);
        foreach (var a in new[] { "-NoProfile", "-NonInteractive", "-File", script }) info.ArgumentList.Add(a);
        foreach (var a in arguments) info.ArgumentList.Add(a);
        info.Environment["NO_COLOR"] = "1";
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"pwsh -File {script} did not finish in {timeout}:\n{stdout.Result}\n{stderr.Result}");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
