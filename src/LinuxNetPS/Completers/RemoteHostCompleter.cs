using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace LinuxNetPS.Completers;

/// <summary>Completes -CimSession host names: the hosts this PowerShell has open sessions to (Get-PSSession).</summary>
public sealed class RemoteHostCompleter : NameCompleter
{
    protected override IEnumerable<string> Candidates(IDictionary fakeBoundParameters)
    {
        using var ps = PowerShell.Create(RunspaceMode.CurrentRunspace);
        return ps.AddCommand("Get-PSSession").Invoke().Select(o => o.BaseObject).OfType<PSSession>()
            .Select(s => s.ComputerName).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }
}
