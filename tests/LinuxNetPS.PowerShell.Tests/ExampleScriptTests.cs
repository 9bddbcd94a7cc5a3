using LinuxNetPS.PowerShell.Tests.Support;
using LinuxNetPS.ScriptHost;

namespace LinuxNetPS.PowerShell.Tests;

/// <summary>
/// Each examples/*.ps1 end to end through the script host's own code (what ./run.sh uses without
/// pwsh): real kernel, the script's own uniquely-prefixed namespaces; it must succeed, print its
/// checks, and leave no namespace with its prefix behind.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class ExampleScriptTests
{
    public static TheoryData<string> Examples() =>
        new(Directory.GetFiles(Repo.Path("examples"), "*.ps1").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_runs_in_the_engine_and_cleans_up(string script)
    {
        // The examples accept ^[a-z][a-z0-9]{1,9}$ as -Prefix.
        var prefix = $"e{script[..2]}x{Environment.ProcessId % 100000}";
        using var lab = new Lab(prefix);
        var output = new StringWriter();
        var errors = new StringWriter();

        int code = ScriptRunner.Run(Repo.Path("examples", script), ["-Prefix", prefix], output, errors, width: 160);

        var shown = output + "\n" + errors;
        Assert.True(code == 0, $"exit code {code}:\n{shown}");
        // Warnings are fine (e.g. "forwarding is off" after adding a NAT rule); errors are not.
        Assert.All(errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.StartsWith("WARNING: ", line));
        Assert.Contains("OK: ", output.ToString());
        Assert.Empty(lab.Existing());
    }

    [Fact]
    public void A_failing_script_exits_1_and_shows_the_error()
    {
        var script = Path.Combine(Path.GetTempPath(), $"lps-fail-{Environment.ProcessId}.ps1");
        File.WriteAllText(script, "param([string] $Word)\n\"before $Word\"\nthrow \"failed on $Word\"\n'not reached'\n");
        try
        {
            var output = new StringWriter();
            var errors = new StringWriter();
            int code = ScriptRunner.Run(script, ["-Word", "purpose"], output, errors, width: 120);
            Assert.Equal(1, code);
            Assert.Equal("before purpose", output.ToString().Trim());
            Assert.Contains("failed on purpose", errors.ToString());
            Assert.DoesNotContain("\u001b[", errors.ToString());
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]   // naming a parameter makes the host read the script's parameters first
    public void A_script_with_a_syntax_error_exits_1_and_says_where(bool withArguments)
    {
        string[] arguments = withArguments ? ["-Word", "x"] : [];
        var script = Path.Combine(Path.GetTempPath(), $"lps-syntax-{Environment.ProcessId}.ps1");
        File.WriteAllText(script, "param([string] $Word)\nif ($Word {\n");
        try
        {
            var errors = new StringWriter();
            Assert.Equal(1, ScriptRunner.Run(script, arguments, TextWriter.Null, errors, width: 120));
            Assert.Contains("lps-syntax-", errors.ToString());
            Assert.Contains("ParserError", errors.ToString());
            Assert.Contains("Unexpected token '{'", errors.ToString());
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Fact]
    public void Exit_N_is_the_exit_code_and_switches_bind()
    {
        var script = Path.Combine(Path.GetTempPath(), $"lps-exit-{Environment.ProcessId}.ps1");
        File.WriteAllText(script, "param([int] $Code, [switch] $Loud)\nif ($Loud) { 'loud' }\nexit $Code\n");
        try
        {
            var output = new StringWriter();
            Assert.Equal(7, ScriptRunner.Run(script, ["-Loud", "-Code", "7"], output, TextWriter.Null, width: 120));
            Assert.Equal("loud", output.ToString().Trim());
            Assert.Equal(0, ScriptRunner.Run(script, ["-Code:0"], TextWriter.Null, TextWriter.Null, width: 120));
        }
        finally
        {
            File.Delete(script);
        }
    }
}
