using LinuxNetPS.Client;
using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Model;

namespace LinuxNetPS.Compose.Labs;

/// <summary>
/// A running lab's links changed at run time, as Mininet's `link s1 h1 down` and containerlab's `tools netem` do:
/// a link goes down or up (both ends, named by either), its ends get another impairment (through the impairment
/// engine, the same qdiscs a lab file's Delay/Loss/Rate make), or it flaps N times.
/// <code>
/// var link = LabLinkSelection.Select("routers", "r1:eth0");
/// LabLinkControl.SetState(link, up: false);   // r1:eth0 and r2:eth0 down
/// LabLinkControl.SetState(link, up: true);    // up again, the lab's routes through it restored
/// </code>
/// </summary>
public static class LabLinkControl
{
    /// <summary>
    /// Both ends down, or both up. The kernel deletes the routes of a link that goes down; bringing it up adds the
    /// lab's own routes of its two nodes back (<see cref="LabRouteRestore"/>), so up again is the lab as it was built.
    /// </summary>
    public static NetLabLink SetState(LabLinkSelection link, bool up)
    {
        foreach (var end in link.BothEnds)
        {
            var (ns, name) = link.Locate(end);
            NetClient.For(ns).Links.Set(name, new LinkChanges { Up = up });
        }
        if (up)
            foreach (var node in link.BothEnds.Select(LabLinkSelection.NodeOf).Distinct())
                LabRouteRestore.Restore(link.Record.Nodes.First(n => n.Name == node));
        return Current(link);
    }

    /// <summary>
    /// Gives each named end <paramref name="spec"/> (null: takes its impairment off), replacing what it had, and
    /// records it so Get-NetLab shows it. An impairment shapes what leaves that end; naming both ends shapes both ways.
    /// </summary>
    public static NetLabLink SetImpairment(LabLinkSelection link, LinkImpairmentSpec? spec)
    {
        spec?.Validate();
        foreach (var end in link.Ends)
        {
            var (ns, name) = link.Locate(end);
            var client = NetClient.For(ns);
            if (spec is null) client.Impairments.TryRemove(name);
            else client.Impairments.Set(name, spec);
        }
        string? text = spec is null || spec.ToString().Length == 0 ? null : spec.ToString();
        LabStore.Locked(() =>
        {
            var record = LabStore.Read(link.Record.Name) ?? throw LabErrors.NotFound(link.Record.Name);
            var stored = record.Links.FirstOrDefault(l => l.A == link.Link.A && l.B == link.Link.B);
            if (stored is null) return 0;
            if (link.Ends.Contains(stored.A)) stored.ImpairmentA = text;
            if (link.Ends.Contains(stored.B)) stored.ImpairmentB = text;
            LabStore.Write(record);
            return 0;
        });
        return Current(link);
    }

    /// <summary>
    /// Takes the link down and up again <paramref name="count"/> times, <paramref name="interval"/> in each state;
    /// <paramref name="step"/> hears each change (flap number, up or down). It always ends up, also when cancelled.
    /// </summary>
    public static NetLabLink Flap(LabLinkSelection link, int count, TimeSpan interval, Action<int, bool>? step = null, CancellationToken cancel = default)
    {
        if (count < 1)
            throw NetOperationException.Invalid($"A link flaps at least once; -Flap {count} is not a count of flaps.", count.ToString())
                .WithErrorId(ErrorIds.InvalidLabLink);
        bool down = false;
        try
        {
            for (int i = 1; i <= count && !cancel.IsCancellationRequested; i++)
            {
                step?.Invoke(i, false);
                SetState(link, up: false);
                down = true;
                cancel.WaitHandle.WaitOne(interval);
                step?.Invoke(i, true);
                SetState(link, up: true);
                down = false;
                if (i < count) cancel.WaitHandle.WaitOne(interval);
            }
        }
        finally
        {
            if (down) SetState(link, up: true);
        }
        return Current(link);
    }

    /// <summary>The link as Get-NetLab shows it now.</summary>
    public static NetLabLink Current(LabLinkSelection link)
    {
        var lab = NetLabs.ToModel(NetLabs.RecordOf(link.Record.Name));
        return lab.Links.First(l => l.EndA == link.Link.A && l.EndB == link.Link.B);
    }
}
