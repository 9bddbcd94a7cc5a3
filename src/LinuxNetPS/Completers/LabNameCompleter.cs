using System.Collections;
using LinuxNetPS.Compose.Labs;

namespace LinuxNetPS.Completers;

/// <summary>Completes the names of the labs recorded under /run/linuxnetps/labs (reads the records only, never the kernel).</summary>
public sealed class LabNameCompleter : NameCompleter
{
    protected override IEnumerable<string> Candidates(IDictionary fakeBoundParameters) => NetLabs.Names();
}

/// <summary>Completes the node names of the lab named by -Lab (Invoke-NetLab), or of every lab; with -Session, those the hosts have.</summary>
public sealed class LabNodeCompleter : NameCompleter
{
    protected override IEnumerable<string> Candidates(IDictionary fakeBoundParameters)
    {
        object? lab = fakeBoundParameters is not null && fakeBoundParameters.Contains("Lab") ? fakeBoundParameters["Lab"] : null;
        if (lab is System.Management.Automation.PSObject p) lab = p.BaseObject;
        if (SplitLabCompletion.Sessions(fakeBoundParameters) is { } sessions)
            return SplitLabCompletion.Labs(sessions, lab?.ToString()).SelectMany(l => SplitLabCompletion.Each(l, "Nodes", "Node")).Distinct().Order(StringComparer.Ordinal);
        var names = lab is null ? NetLabs.Names() : [lab.ToString()!];
        return names.SelectMany(n => NetLabs.RecordOf(n).Nodes.Select(x => x.Name)).Distinct();
    }
}

/// <summary>
/// Completes the links of the lab named by -Lab (Set-NetLabLink, Measure-NetLabLink): each end ('r1:eth1') and each
/// link as 'A--B'; without -Lab, those of every lab. Reads the records only; with -Session, asks the hosts.
/// </summary>
public sealed class LabLinkCompleter : NameCompleter
{
    protected override IEnumerable<string> Candidates(IDictionary fakeBoundParameters)
    {
        object? lab = fakeBoundParameters is not null && fakeBoundParameters.Contains("Lab") ? Unwrap(fakeBoundParameters["Lab"]) : null;
        if (SplitLabCompletion.Sessions(fakeBoundParameters) is { } sessions)
            return SplitLabCompletion.Labs(sessions, lab?.ToString())
                .SelectMany(l => SplitLabCompletion.Each(l, "Links", "EndA").Zip(SplitLabCompletion.Each(l, "Links", "EndB"), (a, b) => new[] { a, b, $"{a}--{b}" }).SelectMany(x => x))
                .Distinct();
        var names = lab is null ? NetLabs.Names() : [lab.ToString()!];
        return names.SelectMany(n => NetLabs.RecordOf(n).Links.SelectMany(l => new[] { l.A, l.B, $"{l.A}--{l.B}" })).Distinct();
    }
}

/// <summary>
/// Completes New-NetLab -OnHost with the host keys of the definition typed so far (-Path, read and parsed, never run;
/// or -Definition's Hosts). A relative path is taken from the current location, as the cmdlet will.
/// </summary>
public sealed class LabHostCompleter : NameCompleter
{
    protected override IEnumerable<string> Candidates(IDictionary fakeBoundParameters)
    {
        if (fakeBoundParameters is null) return [];
        if (fakeBoundParameters.Contains("Definition") && Unwrap(fakeBoundParameters["Definition"]) is IDictionary definition)
            return Unwrap(definition["Hosts"]) is IDictionary hosts ? hosts.Keys.Cast<object>().Select(k => Unwrap(k)?.ToString() ?? "") : [];
        if (!fakeBoundParameters.Contains("Path") || Unwrap(fakeBoundParameters["Path"])?.ToString() is not { Length: > 0 } path) return [];
        if (!System.IO.Path.IsPathRooted(path))
            path = System.IO.Path.Combine(System.Management.Automation.Runspaces.Runspace.DefaultRunspace?.SessionStateProxy.Path.CurrentFileSystemLocation.ProviderPath
                ?? Environment.CurrentDirectory, path);
        var (tree, _) = Support.LabDefinitionReader.TreeFromPath(path);
        return tree is LabMap map && map.Find("Hosts")?.Value is LabMap hostsMap ? hostsMap.Entries.Select(e => e.Key) : [];
    }
}
