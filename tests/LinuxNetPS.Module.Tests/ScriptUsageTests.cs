using LinuxNetPS.Module.Tests.Support;

namespace LinuxNetPS.Module.Tests;

/// <summary>
/// The PowerShell we ship as text — README, help examples, examples/*.ps1, the Pester suites,
/// build.ps1 — checked against the real cmdlets: every command of ours exists, every parameter
/// it is called with exists (name, alias or unambiguous prefix), and every pipe between two of
/// our commands (or from a string into one of ours) binds.
/// </summary>
public class ScriptUsageTests
{
    private static readonly string[] CommonParameters =
    [
        "Verbose", "vb", "Debug", "db", "ErrorAction", "ea", "WarningAction", "wa", "InformationAction", "infa",
        "ProgressAction", "proga", "ErrorVariable", "ev", "WarningVariable", "wv", "InformationVariable", "iv",
        "OutVariable", "ov", "OutBuffer", "ob", "PipelineVariable", "pv",
    ];

    /// <summary>Commands that pass their input objects through unchanged (for the type flowing into the next element).</summary>
    private static readonly string[] PassThrough = ["Where-Object", "where", "?", "Sort-Object", "sort", "Tee-Object", "Select-Object", "select"];

    public static TheoryData<string> Sources()
    {
        var data = new TheoryData<string>();
        foreach (var f in SourceFiles()) data.Add(Path.GetRelativePath(Repo.Root, f));
        return data;
    }

    private static IEnumerable<string> SourceFiles()
    {
        if (File.Exists(Repo.Path("README.md"))) yield return Repo.Path("README.md");
        foreach (var dir in new[] { Repo.HelpDocs, Repo.Path("examples"), Repo.Path("tests") })
            if (Directory.Exists(dir))
                foreach (var f in Directory.GetFiles(dir).Where(f => f.EndsWith(".md") || f.EndsWith(".ps1")).Order(StringComparer.Ordinal))
                    yield return f;
        if (File.Exists(Repo.Path("build.ps1"))) yield return Repo.Path("build.ps1");
    }

    private static List<List<PipelineElement>> PipelinesOf(string path, Problems problems)
    {
        var text = File.ReadAllText(path);
        var rel = Path.GetRelativePath(Repo.Root, path);
        var scans = path.EndsWith(".md")
            ? ScriptScanner.MarkdownCode(text).Select(block => ScriptScanner.Scan(block.Code, rel, block.Line)).ToList()
            : [ScriptScanner.Scan(text, rel)];
        foreach (var error in scans.SelectMany(s => s.Errors)) problems.Add(error);
        return scans.SelectMany(s => s.Pipelines).ToList();
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Our_commands_parameters_and_pipes_are_real(string relativePath)
    {
        var module = ModuleMetadata.Instance;
        var nouns = module.Cmdlets.Select(c => c.Noun).Concat(Contract.Cmdlets.Select(c => c[(c.IndexOf('-') + 1)..])).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var problems = new Problems();
        foreach (var pipeline in PipelinesOf(Repo.Path(relativePath), problems))
        {
            for (int i = 0; i < pipeline.Count; i++)
            {
                var e = pipeline[i];
                var cmdlet = module.Cmdlets.FirstOrDefault(c => c.Name.Equals(e.Head, StringComparison.OrdinalIgnoreCase));
                if (cmdlet is null)
                {
                    int dash = e.Head.IndexOf('-');
                    if (e.HeadKind == ScriptToken.Kinds.Word && dash > 0 && nouns.Contains(e.Head[(dash + 1)..]) && !Contract.Cmdlets.Contains(e.Head, StringComparer.OrdinalIgnoreCase))
                        problems.Add($"{e.File}:{e.Line}: {e.Head} is not a LinuxNetPS cmdlet");
                    continue;
                }

                var given = new List<CmdletParameter>();
                foreach (var name in e.Parameters)
                {
                    var p = Resolve(cmdlet, name, out var why);
                    if (p is not null) given.Add(p);
                    else if (why is not null) problems.Add($"{e.File}:{e.Line}: {cmdlet.Name} -{name}: {why}");
                }

                if (i > 0) CheckPipe(pipeline, i, cmdlet, given, problems);
            }
        }
        problems.AssertNone(relativePath);
    }

    /// <summary>The parameter a name selects, as PowerShell resolves it; null with a reason when it selects none.</summary>
    private static CmdletParameter? Resolve(CmdletInfo c, string name, out string? why)
    {
        why = null;
        var exact = c.Parameters.FirstOrDefault(p => p.Answers(name));
        if (exact is not null) return exact;
        if (CommonParameters.Contains(name, StringComparer.OrdinalIgnoreCase)) return null;
        if (c.SupportsShouldProcess && name.ToLowerInvariant() is "whatif" or "wi" or "confirm" or "cf") return null;
        var prefixed = c.Parameters.Where(p => p.NameAndAliases.Any(n => n.StartsWith(name, StringComparison.OrdinalIgnoreCase))).ToList();
        if (prefixed.Count == 1) return prefixed[0];
        why = prefixed.Count > 1 ? $"ambiguous ({string.Join(", ", prefixed.Select(p => "-" + p.Name))})" : "no such parameter";
        return null;
    }

    private static void CheckPipe(List<PipelineElement> pipeline, int index, CmdletInfo target, List<CmdletParameter> given, Problems problems)
    {
        var module = ModuleMetadata.Instance;
        var e = pipeline[index];
        // Walk back over commands that pass objects through unchanged.
        int source = index - 1;
        while (source >= 0 && PassThrough.Contains(pipeline[source].Head, StringComparer.OrdinalIgnoreCase)
               && !(pipeline[source].Head.StartsWith("select", StringComparison.OrdinalIgnoreCase) && SelectsProperties(pipeline[source])))
            source--;
        if (source < 0) return;
        var from = pipeline[source];

        if (from.HeadKind == ScriptToken.Kinds.String)
        {
            bool takesStrings = target.Parameters.Any(p => p.ByValue && p.ElementType.FullName is "System.String" or "System.Object");
            if (!takesStrings)
                problems.Add($"{e.File}:{e.Line}: a string is piped into {target.Name}, which takes no string by value (pass it as -{target.Parameters.FirstOrDefault(p => p.Sets.Any(s => s.Position == 0))?.Name ?? "..."} instead)");
            return;
        }

        var producer = module.Cmdlets.FirstOrDefault(c => c.Name.Equals(from.Head, StringComparison.OrdinalIgnoreCase));
        if (producer is null) return; // a variable or a foreign command: its type is unknown here
        var outputs = producer.OutputTypes.Where(o => o.Type is not null && o.Type.FullName is not ("System.Object" or "System.Void" or "System.Management.Automation.PSObject")).ToList();
        foreach (var output in outputs)
            if (!Binding.Bind(output.Type!, target, given).Any(r => r.Binds))
                problems.Add($"{e.File}:{e.Line}: {producer.Name} | {target.Name}: a {output.Type!.Name} binds none of {target.Name}'s pipeline parameters (or leaves a mandatory one unbound)");
    }

    /// <summary>Select-Object with property names makes new objects; with only -First/-Last/-Skip/-Unique it passes them through.</summary>
    private static bool SelectsProperties(PipelineElement select) =>
        select.Arguments.Skip(1).Any(t => t.Kind is ScriptToken.Kinds.Word or ScriptToken.Kinds.String)
        || select.Parameters.Any(p => !new[] { "First", "Last", "Skip", "Unique", "SkipLast", "Wait" }.Contains(p, StringComparer.OrdinalIgnoreCase));

    [Fact]
    public void Scanner_finds_pipelines_parameters_and_heads()
    {
        var code = """
            #Requires -Version 7.4
            <# .SYNOPSIS
               Get-Fake -Nope | Set-Fake #>
            $x = New-NetBridge -Name br0 -Up -Namespace "a-$y" |
                Add-NetAddress -Address 10.0.0.1/24 -Confirm:$false   # comment | Not-Here
            foreach ($ns in 'a', 'b') { Set-NetLink -Name lo -Up -Namespace $ns; Get-NetLink }
            'red', "green" | New-NetNamespace
            Get-NetLink `
                -Name eth0
            Get-BridgePort
            | Where-Object Name -eq 'x'
            | Remove-BridgePort
            It 'x' -Skip:(-not $true) { $null = & (Join-Path a b) -Prefix $p 6>$null }
            Invoke-NetNamespace -Namespace red -FilePath ping -- -c 1 10.0.0.1
            """;
        var pipelines = ScriptScanner.Pipelines(code, "t.ps1");
        string Show(List<PipelineElement> p) => string.Join(" | ", p.Select(e => e.Head + string.Concat(e.Parameters.Select(x => " -" + x))));
        var shown = pipelines.Select(Show).ToList();
        Assert.Contains("New-NetBridge -Name -Up -Namespace | Add-NetAddress -Address -Confirm", shown);
        Assert.Contains("Set-NetLink -Name -Up -Namespace", shown);
        Assert.Contains("Get-NetLink", shown);
        Assert.Contains("red | New-NetNamespace", shown);
        Assert.Contains("Get-NetLink -Name", shown);
        Assert.Contains("Get-BridgePort | Where-Object -eq | Remove-BridgePort", shown);
        Assert.Contains("Invoke-NetNamespace -Namespace -FilePath", shown);
        Assert.DoesNotContain(shown, s => s.Contains("Fake") || s.Contains("Not-Here"));
        Assert.Equal(4, pipelines.Single(p => p[0].Head == "New-NetBridge")[0].Line);
        Assert.Equal(ScriptToken.Kinds.String, pipelines.Single(p => p.Count == 2 && p[1].Head == "New-NetNamespace")[0].HeadKind);
    }

    [Theory]
    [InlineData("if ($x) { Get-NetLink ", "MissingEndCurlyBrace")]
    [InlineData("Get-NetLink -Name (Get-Item x", "MissingEndParenthesisInExpression")]
    [InlineData("Get-NetLink }", "UnexpectedToken")]
    [InlineData("Get-NetLink -Name 'lo", "TerminatorExpectedAtEndOfString")]
    [InlineData("Write-Host \"a `\" b", "TerminatorExpectedAtEndOfString")]
    [InlineData("<# help", "MissingTerminatorMultiLineComment")]
    [InlineData("foreach ($a in $b) { (1 + 2] }", "MissingEndParenthesisInExpression")]
    public void Scanner_reports_the_parsers_errors(string code, string expectedErrorId)
    {
        var (_, errors) = ScriptScanner.Scan(code, "t.ps1");
        Assert.Contains(errors, e => e.Contains($"({expectedErrorId})") && e.StartsWith("t.ps1:1: "));
    }

    [Fact]
    public void Scanner_accepts_balanced_code()
    {
        var (_, errors) = ScriptScanner.Scan("""
            $h = @{ A = 'it''s'; B = "x `"y`" $(1 + (2))" }
            $s = @"
            not ) closed ( here
            "@
            [int[]] $a = @(1, 2)[0]
            # ) in a comment
            <# } in a block comment #>
            """, "t.ps1");
        Assert.Empty(errors);
    }

    [Fact]
    public void Scanner_reads_markdown_code_blocks_without_prompts()
    {
        var md = "# T\n\n```powershell\nPS> Get-NetLink -Name lo\n```\n\n```yaml\nType: String\n```\n";
        var blocks = ScriptScanner.MarkdownCode(md).ToList();
        Assert.Single(blocks);
        Assert.Equal(4, blocks[0].Line);
        var p = ScriptScanner.Pipelines(blocks[0].Code, "x.md", blocks[0].Line).Single().Single();
        Assert.Equal("Get-NetLink", p.Head);
        Assert.Equal(["Name"], p.Parameters);
        Assert.Equal(4, p.Line);
    }
}
