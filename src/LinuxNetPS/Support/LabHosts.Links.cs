using System.Management.Automation;
using System.Management.Automation.Runspaces;
using LinuxNetPS.Compose.Labs;
using LinuxNetPS.Errors;

namespace LinuxNetPS.Support;

/// <summary>
/// A link of a split lab, found across its hosts (Set-NetLabLink -Session): a link within a host is on that host only;
/// a link between hosts is on both, each with its own end (a VXLAN device named as the end), so a change made on both
/// changes the whole link. Each host is asked at once for its links; the link is named as on one host.
/// </summary>
internal sealed partial class LabHosts
{
    private const string LinksScript = "param($lab)\n" + RemoteHosts.ImportPreamble + """
        $l = Get-NetLab -Name $lab -ErrorAction Ignore
        [pscustomobject]@{ Module = $true; Links = @($l.Links | ForEach-Object { "$($_.EndA)--$($_.EndB)" }) }
        """;

    /// <summary>The hosts of <paramref name="sessions"/> that have the link <paramref name="text"/> of the lab, and the link as 'A--B'.</summary>
    public (List<PSSession> Hosts, string Link) HostsOfLink(IReadOnlyList<PSSession> sessions, string lab, string text)
    {
        var parts = LabLinkSelection.Parse(text);
        var distinct = RemoteHosts.Distinct(sessions);
        var answers = RemoteHosts.Ask(_cmdlet, null, distinct, Ids, LinksScript, lab);
        var found = answers.SelectMany(a =>
        {
            var links = RemoteHosts.Strings(a["Links"]).Select(ToLink).ToList();
            return LabLinkSelection.Matching(links, parts).Select(i => (Host: a, Link: $"{links[i].A}--{links[i].B}"));
        }).ToList();
        if (found.Count == 0)
            throw NetOperationException.NotFound(
                $"The lab '{lab}' has no link '{InputText.Echo(text)}' on {string.Join(", ", distinct.Select(s => s.ComputerName))}; Get-NetLab -Name '{lab}' -Session lists its links on each host.", text)
                .WithErrorId(ErrorIds.LabLinkNotFound);
        var names = found.Select(f => f.Link).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count > 1)
            throw NetOperationException.Invalid(
                $"'{InputText.Echo(text)}' names {names.Count} links of the lab '{lab}' ({string.Join("; ", names)}); name one end instead, as in '{names[0][..names[0].IndexOf("--", StringComparison.Ordinal)]}'.", text)
                .WithErrorId(ErrorIds.LabLinkAmbiguous);
        return (found.Select(f => f.Host.Session).ToList(), names[0]);
    }

    private static LabLinkRecord ToLink(string text)
    {
        int dashes = text.IndexOf("--", StringComparison.Ordinal);
        return dashes < 0 ? new LabLinkRecord { A = text } : new LabLinkRecord { A = text[..dashes], B = text[(dashes + 2)..] };
    }
}
