using LinuxNetPS.Errors;

namespace LinuxNetPS.Namespaces;

/// <summary>
/// Finds the program a user means, the way a shell (and PowerShell's command lookup) does: a bare
/// name is looked up in PATH only, never in the current directory; a name with a '/' ("./tool",
/// "bin/x", "/usr/bin/x") is a path. .NET's own lookup tries the current directory first, which
/// would let whoever can write there choose what root runs.
/// </summary>
public static class ProgramPath
{
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>The absolute path of the program; throws NotFound or InvalidArgument with a message that says what to type instead.</summary>
    public static string Resolve(string name, string workingDirectory, string? searchPath)
    {
        if (string.IsNullOrWhiteSpace(name)) throw NetOperationException.Invalid("The program name cannot be empty.", name);
        if (name.Contains('/')) return CheckExecutable(name, Path.GetFullPath(name, workingDirectory));

        foreach (var folder in (searchPath ?? "").Split(':'))
        {
            // An empty or relative PATH entry means "relative to the current directory": skipped on purpose.
            if (!Path.IsPathRooted(folder)) continue;
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate) && IsExecutable(candidate)) return candidate;
        }
        throw NetOperationException.NotFound(
            $"The program '{name}' was not found in PATH. Give its path (for a program in the current directory: './{name}').", name);
    }

    private static string CheckExecutable(string given, string full)
    {
        if (Directory.Exists(full))
            throw NetOperationException.Invalid($"'{InputText.Echo(given)}' is a directory, not a program.", given).WithErrorId(ErrorIds.PathIsDirectory);
        if (!File.Exists(full))
            throw NetOperationException.NotFound($"The program '{given}' does not exist ({full} not found).", given);
        if (!IsExecutable(full))
            throw NetOperationException.Invalid($"'{given}' is not executable ({full} has no execute permission; chmod +x it to run it).", given);
        return full;
    }

#pragma warning disable CA1416 // the library is Linux only
    private static bool IsExecutable(string path) => (File.GetUnixFileMode(path) & AnyExecute) != 0;
#pragma warning restore CA1416
}
