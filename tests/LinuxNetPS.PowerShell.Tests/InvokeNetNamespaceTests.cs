using LinuxNetPS.PowerShell.Tests.Support;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.PowerShell.Tests;

/// <summary>
/// Invoke-NetNamespace in a hosted engine (this test host is not pwsh, so no child pwsh can be
/// started here: the isolated default must say so clearly; tests/NamespaceIsolation.Tests.ps1
/// covers it in real pwsh). With -InProcess a script block runs on the pipeline thread inside the
/// namespace (.NET's own interface list shows the namespace's links) and the thread is back in
/// the host namespace afterwards, also after the block threw; -FilePath runs a native program there.
/// </summary>
[Collection(EngineCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class InvokeNetNamespaceTests(PowerShellSession ps) : IDisposable
{
    private const string DotNetNames = "[System.Net.NetworkInformation.NetworkInterface]::GetAllNetworkInterfaces().Name";
    private readonly Lab _lab = new();

    private static List<string> Strings(RunResult r) => r.Output.Select(o => o.BaseObject.ToString()!).ToList();

    private static List<string> HostLinks() => Ip.Links(null).Keys.Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void A_script_block_sees_the_namespace_and_the_thread_comes_back()
    {
        var a = _lab.Create("a");
        Ip.Run($"-n {a} link add inside0 type bridge");
        var result = ps.Run("(Invoke-NetNamespace -Namespace $args[0] -InProcess { " + DotNetNames + " }) -join ','", a).AssertClean();
        var inside = result.Output.Single().ToString().Split(',').Order(StringComparer.Ordinal);
        Assert.Equal(["inside0", "lo"], inside);

        var after = Strings(ps.Run(DotNetNames).AssertClean()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(HostLinks(), after);
        Assert.DoesNotContain("inside0", after);
    }

    [Fact]
    public void Within_one_pipeline_the_code_after_the_block_runs_in_the_host_namespace()
    {
        var a = _lab.Create("a");
        Ip.Run($"-n {a} link add inside0 type bridge");
        var result = ps.Run($"$null = Invoke-NetNamespace -Namespace $args[0] -InProcess {{ {DotNetNames} }}; {DotNetNames}", a).AssertClean();
        Assert.Equal(HostLinks(), Strings(result).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void After_the_block_throws_the_thread_is_back_in_the_host_namespace()
    {
        var a = _lab.Create("a");
        var result = ps.Run($"try {{ Invoke-NetNamespace -Namespace $args[0] -InProcess {{ throw 'inside' }} }} catch {{ 'caught: ' + $_.Exception.Message }}; {DotNetNames}", a);
        Assert.Null(result.Terminating);
        var lines = Strings(result);
        Assert.Equal("caught: inside", lines[0]);
        Assert.Equal(HostLinks(), lines.Skip(1).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ArgumentList_reaches_the_script_block()
    {
        var a = _lab.Create("a");
        var result = ps.Run("Invoke-NetNamespace -Namespace $args[0] -InProcess { param($x, $y) \"$x+$y\" } -ArgumentList 'one', 2", a).AssertClean();
        Assert.Equal(["one+2"], Strings(result));
    }

    [Fact]
    public void FilePath_streams_the_program_output_and_sets_LASTEXITCODE()
    {
        var a = _lab.Create("a");
        Ip.Run($"-n {a} link add inside0 type bridge");
        var listed = ps.Run("Invoke-NetNamespace -Namespace $args[0] -FilePath ip -ArgumentList '-br', 'link'; $LASTEXITCODE", a).AssertClean();
        var lines = Strings(listed);
        Assert.Equal("0", lines[^1]);
        Assert.Contains(lines, l => l.StartsWith("inside0 ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("lo ", StringComparison.Ordinal));
        Assert.Equal(2, lines.Count - 1);

        var failed = ps.Run("Invoke-NetNamespace -Namespace $args[0] -FilePath ping -ArgumentList '-c', '1', '-W', '1', '10.123.0.9' | Out-Null; $LASTEXITCODE", a).AssertClean();
        Assert.NotEqual("0", Strings(failed).Single());
    }

    [Fact]
    public void Without_InProcess_a_host_that_is_not_pwsh_gets_a_clear_error_and_nothing_runs()
    {
        var a = _lab.Create("a");
        var result = ps.Run("Invoke-NetNamespace $args[0] { 'ran' }", a);
        Assert.Empty(result.Output);
        var error = Assert.Single(result.Errors);
        Assert.Equal(System.Management.Automation.ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.StartsWith("NotFound,", error.FullyQualifiedErrorId);
        Assert.Contains("Cannot find pwsh", error.Exception.Message);
        Assert.Contains("-InProcess", error.Exception.Message);
    }

    [Fact]
    public void FilePath_never_runs_a_program_from_the_current_directory_for_a_bare_name()
    {
        var a = _lab.Create("a");
        var dir = Directory.CreateTempSubdirectory("lnt-planted-").FullName;
        try
        {
            var planted = Path.Combine(dir, "ip");
            File.WriteAllText(planted, "#!/bin/sh\necho PLANTED\n");
            File.SetUnixFileMode(planted, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var lines = Strings(ps.Run("$back = $PWD; $ExecutionContext.SessionState.Path.SetLocation($args[1]) | Out-Null; try { Invoke-NetNamespace $args[0] -FilePath ip -ArgumentList '-br', 'link'; Invoke-NetNamespace $args[0] -FilePath ./ip } finally { $ExecutionContext.SessionState.Path.SetLocation($back) | Out-Null }", a, dir).AssertClean());
            Assert.Equal("PLANTED", lines[^1]);
            Assert.DoesNotContain("PLANTED", lines.Take(lines.Count - 1));
            Assert.StartsWith("lo ", lines[0], StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// A block of native commands runs without a child pwsh (so it runs here, where none can be started), in the
    /// namespace, with $LASTEXITCODE of the last program; a pipeline of programs is joined, $using: values reach argv.
    /// </summary>
    [Fact]
    public void A_block_of_native_commands_runs_directly_in_the_namespace()
    {
        var a = _lab.Create("a");
        Ip.Run($"-n {a} link add inside0 type bridge");
        var lines = Strings(ps.Run("Invoke-NetNamespace $args[0] { ip -br link }; $LASTEXITCODE", a).AssertClean());
        Assert.Equal("0", lines[^1]);
        Assert.Equal(["inside0", "lo"], lines.SkipLast(1).Select(l => l.Split(' ')[0]).Order(StringComparer.Ordinal));

        var counted = Strings(ps.Run("$name = 'inside0'; Invoke-NetNamespace $args[0] { ip -o link show | grep -c $using:name }; $LASTEXITCODE", a).AssertClean());
        Assert.Equal(["1", "0"], counted);

        var words = Strings(ps.Run("$list = 'x y', 'z'; Invoke-NetNamespace $args[0] { printf '%s|' $using:list 1 -c 'q' \"d\" }", a).AssertClean());
        Assert.Equal(["x y|z|1|-c|q|d|"], words);

        // A number whose value PowerShell writes as it was typed (`ping -i 0.2`) is a plain argument too.
        var numbers = Strings(ps.Run("Invoke-NetNamespace $args[0] { printf '%s|' 0.2 0.0001 12.5 7 }", a).AssertClean());
        Assert.Equal(["0.2|0.0001|12.5|7|"], numbers);

        var failed = Strings(ps.Run("Invoke-NetNamespace $args[0] { sh -c 'exit 7' }; $LASTEXITCODE; Invoke-NetNamespace $args[0] { sh -c 'exit 0' | sh -c 'exit 4' }; $LASTEXITCODE", a).AssertClean());
        Assert.Equal(["7", "4"], failed);
    }

    /// <summary>Blocks that are not certainly plain native commands keep the isolated child pwsh (which this host cannot start: the error shows the path taken).</summary>
    [Theory]
    [InlineData("{ ip -br link 2>$null }")]
    [InlineData("{ $x = 1; ip -br link }")]
    [InlineData("{ ip -br link; ip -br addr }")]
    [InlineData("{ ip $x }")]
    [InlineData("{ ip (1) }")]
    [InlineData("{ ip \"$using:x\" }")]
    [InlineData("{ ip $using:script:x }")]
    [InlineData("{ ip @using:x }")]
    [InlineData("{ ip -n:x link }")]
    [InlineData("{ ip -- link }")]
    [InlineData("{\n ip --% link\n}")]
    [InlineData("{ ls *.txt }")]
    [InlineData("{ ls ~ }")]
    [InlineData("{ ip 0x10 }")]
    [InlineData("{ ip 1.0 }")]
    [InlineData("{ ip 1e3 }")]
    [InlineData("{ ip 1.5d }")]
    [InlineData("{ ip 0.30000000000000004 }")]
    [InlineData("{ . ip link }")]
    [InlineData("{ & $x link }")]
    [InlineData("{ ./ip link }")]
    [InlineData("{ i? link }")]
    [InlineData("{ param($a) ip link }")]
    [InlineData("{ begin { } end { ip link } }")]
    [InlineData("{ ip link | Select-Object -First 1 }")]
    [InlineData("{ Get-Date }")]
    [InlineData("{ ip link & }")]
    [InlineData("{ ip link && ip addr }")]
    [InlineData("{ ip $using:obj }")]
    public void A_block_that_is_not_plainly_native_takes_the_child_pwsh(string block)
    {
        var a = _lab.Create("a");
        var result = ps.Run("$x = 'link'; $obj = [datetime]::Now; Invoke-NetNamespace $args[0] " + block, a);
        var error = Assert.Single(result.Errors);
        Assert.Contains("Cannot find pwsh", error.Exception.Message);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void A_name_that_a_function_of_this_session_shadows_takes_the_child_pwsh()
    {
        var a = _lab.Create("a");
        var result = ps.Run("function ip { 'shadow' }; function global:printf { 'shadow' }; try { Invoke-NetNamespace $args[0] { ip link }; Invoke-NetNamespace $args[0] { printf x } } finally { $ExecutionContext.SessionState.InvokeProvider.Item.Remove('function:printf', $false) }", a);
        Assert.True(result.Errors.Count == 2, result.Describe());
        Assert.All(result.Errors, e => Assert.Contains("Cannot find pwsh", e.Exception.Message));
        Assert.Empty(result.Output);
    }

    [Fact]
    public void A_native_block_never_runs_a_program_planted_in_the_current_directory()
    {
        var a = _lab.Create("a");
        var dir = Directory.CreateTempSubdirectory("lnt-planted-").FullName;
        try
        {
            var planted = Path.Combine(dir, "ip");
            File.WriteAllText(planted, "#!/bin/sh\necho PLANTED\n");
            File.SetUnixFileMode(planted, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            // Real pwsh runs PATH's ip directly (tests/NamespaceIsolation.Tests.ps1); this hosted engine's lookup may
            // disagree with ours, and then the block keeps the child path (which this host cannot start). Never ./ip.
            var result = ps.Run("$back = $PWD; $ExecutionContext.SessionState.Path.SetLocation($args[1]) | Out-Null; try { Invoke-NetNamespace $args[0] { ip -br link } } finally { $ExecutionContext.SessionState.Path.SetLocation($back) | Out-Null }", a, dir);
            var plain = Strings(result);
            Assert.DoesNotContain("PLANTED", plain);
            Assert.DoesNotContain("PLANTED", result.HostText);
            if (result.Errors.Count == 0) Assert.StartsWith("lo ", Assert.Single(plain), StringComparison.Ordinal);
            else Assert.Contains("Cannot find pwsh", Assert.Single(result.Errors).Exception.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    public void Dispose() => _lab.Dispose();
}
