using LinuxNetPS.PowerShell.Tests.Support;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.PowerShell.Tests;

/// <summary>
/// Cmdlets that gather pipeline input and hand it to the core in batches (PipelineBatch: Add-PortForward,
/// New-NetNamespace, Remove-NetNamespace, New-VethPair) must show exactly what one call per item shows: the same
/// objects and error records, interleaved in input order, the same -WhatIf text; the kernel (ip -j, nft -j) holds the
/// same result. Each test runs the batched form and the one-by-one form side by side and compares them.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class PipelineBatchTests(PowerShellSession ps) : IDisposable
{
    private readonly Lab _lab = new();

    /// <summary>Turns the merged output and error streams into one line per record, in the order written.</summary>
    private const string Trace = """
        2>&1 | ForEach-Object {
            if ($_ -is [System.Management.Automation.ErrorRecord]) { 'error ' + $_.FullyQualifiedErrorId.Split(',')[0] + ' ' + $_.TargetObject }
            elseif ($_.PSObject.Properties['Port']) { 'rule ' + $_.Protocol + ' ' + $_.Port + ' -> ' + $_.ToAddress }
            elseif ($_.PSObject.Properties['PeerName']) { 'pair ' + $_.Namespace + ' ' + $_.Name + ' peer up ' + $_.Peer.IsUp }
            else { 'namespace ' + $_.Namespace }
        }
        """;

    /// <summary>Ten forwards; the fourth has a port out of range (bad input), the seventh conflicts with a rule already there.</summary>
    private const string Rows = """
        $rows = foreach ($i in 0..9) { [pscustomobject]@{ Protocol = 'tcp'; Port = [string](7000 + $i); ToAddress = "10.9.0.$($i + 1)" } }
        $rows[3].Port = '99999'
        Add-PortForward -Namespace $ns -Protocol tcp -Port 7006 -ToAddress 10.9.9.9
        """;

    private List<string> Lines(string script, params object?[] args) =>
        ps.Run(script, args).Output.Select(o => o.BaseObject.ToString()!).ToList();

    [Fact]
    public void Add_PortForward_from_the_pipeline_writes_what_calls_one_by_one_write_and_adds_the_same_rules()
    {
        string piped = _lab.Create("p"), looped = _lab.Create("l");
        var batch = Lines($"$ns = $args[0]; {Rows}; $rows | Add-PortForward -Namespace $ns -PassThru {Trace}", piped);
        var single = Lines($"$ns = $args[0]; {Rows}; foreach ($r in $rows) {{ Add-PortForward -Namespace $ns -Protocol $r.Protocol -Port $r.Port -ToAddress $r.ToAddress -PassThru {Trace} }}", looped);

        Assert.Equal(single, batch);
        Assert.Equal(10, batch.Count);
        Assert.StartsWith("error InvalidPort", batch[3]);
        Assert.StartsWith("error NatRuleConflict", batch[6]);
        Assert.Equal(8, batch.Count(l => l.StartsWith("rule ", StringComparison.Ordinal)));
        Assert.Equal("rule tcp 7009 -> 10.9.0.10", batch[9]);
        // nft: the same nine forwards (eight new plus the one there before), two kernel rules each, in both namespaces.
        Assert.Equal(18, Oracle.NatRules(piped).Count);
        Assert.Equal(Oracle.NatRules(looped).Order(), Oracle.NatRules(piped).Order());
    }

    [Fact]
    public void Add_PortForward_from_the_pipeline_under_WhatIf_says_the_same_and_changes_nothing()
    {
        string ns = _lab.Create("w");
        const string rows = "$rows = foreach ($i in 0..4) { [pscustomobject]@{ Protocol = 'udp'; Port = [string](7100 + $i); ToAddress = '10.9.1.1' } }";
        var batch = ps.Run($"$ns = $args[0]; {rows}; $rows | Add-PortForward -Namespace $ns -WhatIf", ns).AssertClean();
        var single = ps.Run($"$ns = $args[0]; {rows}; foreach ($r in $rows) {{ Add-PortForward -Namespace $ns -Protocol $r.Protocol -Port $r.Port -ToAddress $r.ToAddress -WhatIf }}", ns).AssertClean();

        Assert.Equal(single.HostText, batch.HostText);
        Assert.Equal(5, batch.HostText.Split("What if:").Length - 1);
        Assert.Empty(Oracle.NatRules(ns));
    }

    [Fact]
    public void New_NetNamespace_with_many_names_writes_each_in_order_and_an_error_for_the_one_that_exists()
    {
        string existing = _lab.Create("b");
        string[] names = [_lab.Ns("a"), existing, _lab.Ns("c"), "bad/name", _lab.Ns("d")];
        var batch = Lines($"New-NetNamespace -Name $args[0] {Trace}", (object)names);

        Assert.Equal(
        [
            $"namespace {names[0]}", $"error NamespaceExists {existing}", $"namespace {names[2]}",
            "error InvalidNamespaceName bad/name", $"namespace {names[4]}",
        ], batch);
        Assert.Equal(new[] { names[0], existing, names[2], names[4] }.Order(), _lab.Existing().Order());

        // The same names piped, after removing them: the same lines.
        ps.Run("Remove-NetNamespace -Name $args[0] -Force", (object)new[] { names[0], names[2], names[4] }).AssertClean();
        var piped = Lines($"$args[0] | New-NetNamespace {Trace}", (object)names);
        Assert.Equal(batch, piped);
    }

    [Fact]
    public void New_NetNamespace_DisableIPv6_turns_IPv6_off_before_any_link_and_WhatIf_creates_nothing()
    {
        string a = _lab.Ns("a"), b = _lab.Ns("b"), off = _lab.Ns("off");
        var whatIf = ps.Run("New-NetNamespace -Name $args[0], $args[1] -DisableIPv6 -WhatIf", a, b).AssertClean();
        Assert.Equal(2, whatIf.HostText.Split("What if:").Length - 1);
        Assert.Empty(_lab.Existing());

        ps.Run("New-NetNamespace -Name $args[0], $args[1] -DisableIPv6 | Out-Null; New-NetNamespace -Name $args[2] | Out-Null", a, b, off).AssertClean();
        foreach (var ns in new[] { a, b })
        {
            Assert.Equal("1", Sysctl(ns, "net.ipv6.conf.all.disable_ipv6"));
            Assert.Equal("1", Sysctl(ns, "net.ipv6.conf.default.disable_ipv6"));
        }
        Assert.Equal("0", Sysctl(off, "net.ipv6.conf.all.disable_ipv6"));
        // A veth made later has no IPv6 address (no link-local one either).
        ps.Run("New-VethPair -Name v0 -PeerName v1 -Up -Namespace $args[0]", a).AssertClean();
        Assert.DoesNotContain(Oracle.Addresses(a, "v0"), x => x.Contains(':'));
    }

    [Fact]
    public void Remove_NetNamespace_from_the_pipeline_deletes_all_and_reports_each_in_input_order()
    {
        string a = _lab.Create("a"), b = _lab.Create("b"), c = _lab.Create("c");
        string missing = _lab.Ns("missing");
        var lines = Lines($"$args[0] | Remove-NetNamespace -Force -PassThru {Trace}", (object)new[] { c, missing, a, b });

        Assert.Equal(4, lines.Count);
        Assert.Equal($"namespace {c}", lines[0]);
        Assert.StartsWith("error ", lines[1]);
        Assert.Contains(missing, lines[1]);
        Assert.Equal([$"namespace {a}", $"namespace {b}"], lines[2..]);
        Assert.Empty(_lab.Existing());
    }

    [Fact]
    public void Remove_NetNamespace_from_the_pipeline_under_WhatIf_says_what_one_by_one_says()
    {
        string a = _lab.Create("a"), b = _lab.Create("b");
        var batch = ps.Run("Get-NetNamespace -Name $args[0] | Remove-NetNamespace -WhatIf", _lab.Prefix + "-*").AssertClean();
        var single = ps.Run("foreach ($n in Get-NetNamespace -Name $args[0]) { Remove-NetNamespace -Name $n.Namespace -WhatIf }", _lab.Prefix + "-*").AssertClean();
        Assert.Equal(single.HostText, batch.HostText);
        Assert.Contains(a, batch.HostText);
        Assert.Contains(b, batch.HostText);
        Assert.Equal(new[] { a, b }.Order(), _lab.Existing().Order());
    }

    [Fact]
    public void New_VethPair_Up_from_the_pipeline_brings_every_peer_up_and_reports_a_failing_pair_in_its_place()
    {
        string x = _lab.Create("x"), y = _lab.Create("y"), z = _lab.Create("z");
        Ip.Run($"-n {y} link add w9 type bridge"); // the pair cannot be made in y: its peer name is taken there

        var lines = Lines($"$args[0] | ForEach-Object {{ Get-NetNamespace -Name $_ }} | New-VethPair -Name v9 -PeerName w9 -Up {Trace}",
            (object)new[] { x, y, z });

        Assert.Equal(3, lines.Count);
        Assert.Equal($"pair {x} v9 peer up True", lines[0]);
        Assert.StartsWith("error ", lines[1]);
        Assert.Equal($"pair {z} v9 peer up True", lines[2]);
        foreach (var ns in new[] { x, z })
        {
            Assert.True(Oracle.IsUp(ns, "v9"));
            Assert.True(Oracle.IsUp(ns, "w9"));
        }
        Assert.False(Oracle.HasLink(y, "v9"));
        Assert.Equal("bridge", Oracle.Link(y, "w9").GetProperty("linkinfo").GetProperty("info_kind").GetString());
    }

    [Fact]
    public void Set_NetLink_Up_of_many_links_reports_the_missing_one_as_one_by_one_does_and_brings_the_rest_up()
    {
        string piped = _lab.Create("p"), looped = _lab.Create("l");
        foreach (var ns in new[] { piped, looped })
        {
            Ip.Run($"-n {ns} link add v0 type veth peer name v1");
            Ip.Run($"-n {ns} link add br0 type bridge");
        }
        const string errors = "ForEach-Object { $_.FullyQualifiedErrorId + ' ' + $_.TargetObject + ' ' + $_.Exception.Message }";
        var batch = ps.Run($"'lo', 'v0', 'nosuch', 'br0' | Set-NetLink -Up -Namespace $args[0] 2>&1 | {errors}", piped);
        var single = ps.Run($"foreach ($n in 'lo', 'v0', 'nosuch', 'br0') {{ Set-NetLink $n -Up -Namespace $args[0] 2>&1 | {errors} }}", looped);

        var expected = single.Output.Select(o => o.ToString().Replace(looped, "NS")).ToList();
        Assert.Single(expected);
        Assert.Contains("nosuch", expected[0]);
        Assert.Equal(expected, batch.Output.Select(o => o.ToString().Replace(piped, "NS")));
        foreach (var link in new[] { "lo", "v0", "br0" }) Assert.True(Oracle.IsUp(piped, link), link);
        Assert.False(Oracle.IsUp(piped, "v1"));
    }

    [Fact]
    public void Ctrl_C_leaves_no_namespace_that_was_not_written()
    {
        string a = _lab.Ns("a"), b = _lab.Ns("b"), c = _lab.Ns("c"), d = _lab.Ns("d");
        using var shell = System.Management.Automation.PowerShell.Create(ps.Runspace);
        // b arrives after the 0.2 s a group may wait, so a and b are sent together; c then waits in the buffer for more input.
        shell.AddScript("$a, $b, $c, $d = $args; & { $a; Start-Sleep -Milliseconds 400; $b; $c; Start-Sleep 3600; $d } | New-NetNamespace")
            .AddArgument(a).AddArgument(b).AddArgument(c).AddArgument(d);
        var written = new System.Management.Automation.PSDataCollection<System.Management.Automation.PSObject>();
        var running = shell.BeginInvoke<object, System.Management.Automation.PSObject>(null, written);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (written.Count == 0 && clock.Elapsed < TimeSpan.FromSeconds(60)) Thread.Sleep(50);
        Thread.Sleep(500); // c is buffered by now
        shell.Stop();
        Assert.True(running.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(30)), "the pipeline did not stop within 30 s");

        // Every namespace written exists and none exists that was not written: what waited in the buffer was either
        // dropped unsent or, if PowerShell let the input run on to its end, created and written.
        var reported = written.Select(o => (string)o.Properties["Namespace"].Value).ToList();
        Assert.Equal([a, b], reported.Take(2));
        Assert.Equal(reported.Order(), _lab.Existing().Order());
    }

    private static string Sysctl(string ns, string key)
    {
        var (_, stdout, _) = Ip.Exec("ip", "netns", "exec", ns, "sysctl", "-n", key);
        return stdout.Trim();
    }

    public void Dispose() => _lab.Dispose();
}
