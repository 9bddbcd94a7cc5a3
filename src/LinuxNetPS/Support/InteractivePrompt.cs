using System.Management.Automation.Host;

namespace LinuxNetPS.Support;

/// <summary>
/// Whether this PowerShell can give the user a prompt to enter a session with (Enter-NetNamespace). The console host
/// says it supports interactive sessions even when nobody can type into it: `pwsh -NonInteractive`, `pwsh -c CMD` or
/// `pwsh -File X` without -NoExit (the host ends after the command, with the pushed session still open), and a pwsh
/// whose input or output is not the terminal. Entering a session there either never ends or fails at exit, so it is
/// refused before anything is opened.
/// </summary>
internal static class InteractivePrompt
{
    /// <summary>Why <paramref name="host"/> cannot give a prompt; null when it can.</summary>
    public static string? WhyNot(PSHost host)
    {
        if (host is not IHostSupportsInteractiveSession) return $"the host '{host.Name}' does not support interactive sessions";
        if (host.Name != "ConsoleHost") return null; // other hosts answer for themselves
        if (WhyNotFromCommandLine(Environment.GetCommandLineArgs().Skip(1)) is { } reason) return reason;
        if (Console.IsInputRedirected) return "its standard input is not a terminal";
        if (Console.IsOutputRedirected) return "its standard output is not a terminal";
        return null;
    }

    /// <summary>
    /// What pwsh's own arguments say: -NonInteractive, or -Command/-File/-EncodedCommand without -NoExit. Names are
    /// matched the way pwsh matches them (case-insensitive, by their accepted abbreviations); scanning stops at the
    /// command or file, whose arguments are not pwsh's.
    /// </summary>
    internal static string? WhyNotFromCommandLine(IEnumerable<string> arguments)
    {
        bool noExit = false, nonInteractive = false;
        string? runs = null;
        bool value = false;
        foreach (var argument in arguments)
        {
            if (value) { value = false; continue; }
            if (!argument.StartsWith('-') && !argument.StartsWith('/')) { runs ??= "a script file"; break; }
            var name = argument.TrimStart('-', '/').ToLowerInvariant();
            int colon = name.IndexOf(':');
            if (colon >= 0) name = name[..colon];
            if (name.Length == 0) continue;
            if (Abbreviates(name, "noninteractive", 4)) nonInteractive = true;
            else if (Abbreviates(name, "noexit", 3)) noExit = true;
            else if (name == "c" || Abbreviates(name, "command", 3)) { runs = "-Command"; break; }
            else if (name == "f" || Abbreviates(name, "file", 2)) { runs = "-File"; break; }
            else if (name is "e" or "ec" || Abbreviates(name, "encodedcommand", 3)) { runs = "-EncodedCommand"; break; }
            else if (name is "ep" or "wd" or "of" or "if" or "o" or "w" || TakesValue.Any(p => Abbreviates(name, p, 3))) value = true;
        }
        if (nonInteractive) return "it was started with -NonInteractive";
        if (runs is not null && !noExit) return $"it was started to run {runs} and ends after it (no -NoExit)";
        return null;
    }

    // pwsh's parameters that take a value (the next argument), so that value is not taken for a script file.
    private static readonly string[] TakesValue =
    [
        "configurationname", "configurationfile", "custompipename", "executionpolicy", "inputformat", "outputformat",
        "settingsfile", "windowstyle", "workingdirectory",
    ];

    private static bool Abbreviates(string typed, string name, int shortest) =>
        typed.Length >= shortest && name.StartsWith(typed, StringComparison.Ordinal);
}
