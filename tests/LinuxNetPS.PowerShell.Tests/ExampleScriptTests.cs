using LinuxNetPS.PowerShell.Tests.Support;

namespace LinuxNetPS.PowerShell.Tests;

/// <summary>
/// Each examples/*.ps1 end to end in real pwsh, as a user runs it (`pwsh -File`): real kernel, the
/// script's own uniquely-prefixed namespaces; it must succeed, print its checks, and leave no
/// namespace with its prefix behind.
/// </summary>
public sealed class ExampleScriptTests
{
    public static TheoryData<string> Examples() =>
        new(Directory.GetFiles(Repo.Path("examples"), "*.ps1").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_runs_in_pwsh_and_cleans_up(string script)
    {
        // The examples accept ^[a-z][a-z0-9]{1,9}$ as -Prefix.
        var prefix = $"e{script[..2]}x{Environment.ProcessId % 100000}";
        using var lab = new Lab(prefix);

        var (code, output, errors) = Pwsh.RunFile(Repo.Path("examples", script), ["-Prefix", prefix], TimeSpan.FromMinutes(2));

        var shown = output + "\n" + errors;
        Assert.True(code == 0, $"exit code {code}:\n{shown}");
        // Warnings are fine (e.g. "forwarding is off" after adding a NAT rule); errors are not.
        Assert.All(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.StartsWith("WARNING: ", line));
        Assert.Contains("OK: ", output);
        Assert.Empty(lab.Existing());
    }
}
