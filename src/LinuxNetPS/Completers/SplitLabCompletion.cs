using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace LinuxNetPS.Completers;

/// <summary>
/// Completion for a lab split over hosts (-Session typed, as `-Session $s`): this machine has no record of it, so the
/// hosts are asked (Get-NetLab on each, all at once, errors ignored); each host answers for its own nodes and links.
/// </summary>
internal static class SplitLabCompletion
{
    private const string Script = "param($lab) if (-not (Get-Module LinuxNetPS)) { Import-Module LinuxNetPS -ErrorAction Ignore }\n" +
        "if ($lab) { Get-NetLab -Name $lab -ErrorAction Ignore } else { Get-NetLab -WarningAction Ignore }";

    /// <summary>The open sessions typed as -Session, or null when none was.</summary>
    public static PSSession[]? Sessions(IDictionary? fakeBoundParameters)
    {
        if (fakeBoundParameters is null || !fakeBoundParameters.Contains("Session")) return null;
        var value = fakeBoundParameters["Session"] is PSObject p ? p.BaseObject : fakeBoundParameters["Session"];
        IEnumerable items = value is IEnumerable e and not string ? e : new[] { value };
        var sessions = items.Cast<object?>().Select(x => x is PSObject w ? w.BaseObject : x).OfType<PSSession>()
            .Where(s => s.Runspace.RunspaceStateInfo.State == RunspaceState.Opened).ToArray();
        return sessions.Length > 0 ? sessions : null;
    }

    /// <summary>Each host's part of the lab (or of every lab), as it came back.</summary>
    public static List<PSObject> Labs(PSSession[] sessions, string? lab)
    {
        using var ps = PowerShell.Create(RunspaceMode.CurrentRunspace);
        return ps.AddCommand("Microsoft.PowerShell.Core\\Invoke-Command").AddParameter("Session", sessions).AddParameter("ScriptBlock", ScriptBlock.Create(Script))
            .AddParameter("ArgumentList", new object?[] { lab }).AddParameter("ErrorAction", ActionPreference.Ignore).Invoke().ToList();
    }

    /// <summary>A property of each item of a list property of <paramref name="row"/> (a lab's Nodes' Node), as texts.</summary>
    public static IEnumerable<string> Each(PSObject row, string list, string property) =>
        (row.Properties[list]?.Value is PSObject p ? p.BaseObject : row.Properties[list]?.Value) is IEnumerable e and not string
            ? e.Cast<object?>().Select(x => (x is PSObject w ? w : PSObject.AsPSObject(x!)).Properties[property]?.Value?.ToString()).OfType<string>()
            : [];
}
