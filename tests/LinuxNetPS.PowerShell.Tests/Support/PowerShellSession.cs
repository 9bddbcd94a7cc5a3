using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace LinuxNetPS.PowerShell.Tests.Support;

/// <summary>
/// One runspace for the whole suite, in a text-capturing PSHost (so Out-Default renders through our
/// format views into text we can read), with the built module imported from out/LinuxNetPS — which
/// also proves the manifest, formats and types load in PowerShell 7.6. Tests share it one at a time
/// (one xunit collection): a runspace runs one pipeline at a time anyway.
/// </summary>
public sealed class PowerShellSession : IDisposable
{
    private readonly StringWriter _hostText = new();

    public PowerShellSession()
    {
        // The captured host text is compared as plain text ($PSStyle.OutputRendering is process-wide).
        PSStyle.Instance.OutputRendering = OutputRendering.PlainText;
        var host = new CaptureHost(_hostText, _hostText, width: 160);
        Runspace = RunspaceFactory.CreateRunspace(host, InitialSessionState.CreateDefault2());
        Runspace.Open();
        var import = Run("Import-Module -Name $args[0] -PassThru -ErrorAction Stop", Repo.Manifest);
        if (import.Terminating is not null || import.Errors.Count > 0 || import.Output.Count != 1)
            throw new InvalidOperationException("Import-Module of the built module failed: " + import.Describe());
        Module = (PSModuleInfo)import.Output[0].BaseObject;
    }

    public Runspace Runspace { get; }

    public PSModuleInfo Module { get; }

    /// <summary>Runs a script (arguments arrive as $args) and collects everything it produced.</summary>
    public RunResult Run(string script, params object?[] arguments)
    {
        _hostText.GetStringBuilder().Clear();
        using var ps = System.Management.Automation.PowerShell.Create(Runspace);
        ps.AddScript(script);
        foreach (var a in arguments) ps.AddArgument(a);
        var output = new List<PSObject>();
        RuntimeException? terminating = null;
        try
        {
            foreach (var o in ps.Invoke()) output.Add(o);
        }
        catch (RuntimeException e)
        {
            terminating = e;
        }
        return new RunResult(output, ps.Streams.Error.ToList(), ps.Streams.Warning.Select(w => w.Message).ToList(),
            ps.Streams.Information.ToList(), terminating, _hostText.ToString(), GetVariable("LASTEXITCODE"));
    }

    /// <summary>Runs a script whose output goes through Out-Default, and returns what the host showed.</summary>
    public string Render(string script, params object?[] arguments)
    {
        var result = Run($"& {{ {script} }} @args | Out-Default", arguments);
        if (result.Terminating is not null || result.Errors.Count > 0) throw new InvalidOperationException(result.Describe());
        return result.HostText;
    }

    public object? GetVariable(string name) => Runspace.SessionStateProxy.GetVariable(name);

    public void Dispose() => Runspace.Dispose();
}

/// <summary>What one script run produced: output objects, error records, warnings, host text.</summary>
public sealed record RunResult(
    List<PSObject> Output,
    List<ErrorRecord> Errors,
    List<string> Warnings,
    List<InformationRecord> Information,
    RuntimeException? Terminating,
    string HostText,
    object? LastExitCode)
{
    /// <summary>Fails the test with everything the engine said unless the run was clean.</summary>
    public RunResult AssertClean()
    {
        if (Terminating is not null || Errors.Count > 0) Assert.Fail("The script failed:\n" + Describe());
        return this;
    }

    /// <summary>The base objects of the output, of one type.</summary>
    public List<T> Objects<T>() => Output.Select(o => o.BaseObject).OfType<T>().ToList();

    public string Describe() =>
        string.Join("\n", Errors.Select(e => $"error {e.FullyQualifiedErrorId}: {e}")
            .Concat(Terminating is null ? [] : [$"terminating {Terminating.ErrorRecord.FullyQualifiedErrorId}: {Terminating.Message}"])
            .Concat([HostText]));
}

[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<PowerShellSession>
{
    public const string Name = "PowerShell engine";
}
