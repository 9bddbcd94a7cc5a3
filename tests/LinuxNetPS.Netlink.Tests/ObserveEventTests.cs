using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Model;
using LinuxNetPS.Monitoring.Events;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Primitives;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.Tests;

public class ObserveEventTests
{
    /// <summary>Everything the watcher reports until nothing more arrives before the deadline.</summary>
    private static List<NetEvent> Collect(NetEventWatcher watcher, TimeSpan within, Func<List<NetEvent>, bool>? enough = null)
    {
        var deadline = DateTime.UtcNow + within;
        var all = new List<NetEvent>();
        while (DateTime.UtcNow < deadline && !(enough?.Invoke(all) ?? false))
            all.AddRange(watcher.Next(deadline, default));
        return all;
    }

    [Fact]
    public void Link_set_down_gives_exactly_one_link_event_with_the_new_state()
    {
        using var lab = new Lab();
        var (ns, c) = lab.CreateWithClient("a");
        c.Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "v1", Up = true, PeerUp = true });
        using var watcher = new NetEventWatcher([c], NetEventKinds.Link);

        Ip.Run($"-n {ns} link set v0 down");

        var events = Collect(watcher, TimeSpan.FromSeconds(1)).Where(e => e.Subject == "v0").ToList();
        var e = Assert.Single(events);
        Assert.Equal((NetEventKind.Link, NetEventAction.Changed, "DOWN", ns), (e.Kind, e.Action, e.NewState, e.Namespace));
        Assert.Equal("UP", e.OldState);
        Assert.Contains("IsUp", e.Changes);
        Assert.False(Assert.IsType<NetLink>(e.Object).IsUp);
        Assert.True(Assert.IsType<NetLink>(e.PreviousObject).IsUp);
    }

    [Fact]
    public void A_thousand_addresses_added_while_watching_are_all_reported()
    {
        using var lab = new Lab();
        var (_, c) = lab.CreateWithClient("a");
        c.Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "v1" });
        using var watcher = new NetEventWatcher([c], NetEventKinds.Address);

        for (int i = 0; i < 1000; i++)
            c.Addresses.Add("v0", IPPrefix.Parse($"10.88.{i / 250}.{i % 250 + 1}/16"));

        var events = Collect(watcher, TimeSpan.FromSeconds(30), all => all.Count(e => e.Kind == NetEventKind.Address) >= 1000);
        Assert.DoesNotContain(events, e => e.Kind == NetEventKind.Gap);
        var added = events.Where(e => e is { Kind: NetEventKind.Address, Action: NetEventAction.Added }).Select(e => e.Subject).Distinct().ToList();
        Assert.Equal(1000, added.Count);
        Assert.All(events, e => Assert.Equal("v0", e.Interface));
    }

    [Fact]
    public void Changes_made_while_the_watcher_starts_are_reported_once()
    {
        using var lab = new Lab();
        var (_, c) = lab.CreateWithClient("a");
        c.Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "v1" });
        // One change in each window of the start: after the first read but before the subscription (no
        // notification reaches the watcher: found by reading again), and after the subscription but before the
        // second read (a notification for something the second read also sees: it used to look like a repeat).
        using var watcher = new NetEventWatcher([c], NetEventKinds.Address | NetEventKinds.Link,
            RtnetlinkSubscription.DefaultReceiveBufferBytes, step =>
            {
                if (step == "read") { c.Addresses.Add("v0", IPPrefix.Parse("10.90.0.1/16")); c.Links.SetUp("v1"); }
                if (step == "subscribed") { c.Addresses.Add("v0", IPPrefix.Parse("10.90.0.2/16")); c.Links.SetUp("v0"); }
            });

        var events = Collect(watcher, TimeSpan.FromSeconds(1));
        Assert.Equal(["10.90.0.1/16", "10.90.0.2/16"],
            events.Where(e => e is { Kind: NetEventKind.Address, Action: NetEventAction.Added } && e.Subject!.StartsWith("10.90."))
                  .Select(e => e.Subject).Order());
        Assert.Single(events, e => e is { Kind: NetEventKind.Link, Subject: "v1" } && e.Changes.Contains("IsUp"));
        Assert.Single(events, e => e is { Kind: NetEventKind.Link, Subject: "v0" } && e.Changes.Contains("IsUp"));
    }

    [Fact]
    public void Overflowing_the_receive_buffer_is_reported_as_a_gap_not_lost_silently()
    {
        using var lab = new Lab();
        var (_, c) = lab.CreateWithClient("a");
        c.Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "v1" });
        // The smallest buffer the kernel allows holds a handful of notifications.
        using var watcher = new NetEventWatcher([c], NetEventKinds.Address, receiveBufferBytes: 1);

        for (int i = 0; i < 300; i++)
            c.Addresses.Add("v0", IPPrefix.Parse($"10.89.{i / 250}.{i % 250 + 1}/16"));

        var events = Collect(watcher, TimeSpan.FromSeconds(5), all => all.Any(e => e.Kind == NetEventKind.Gap));
        var gap = Assert.Single(events, e => e.Kind == NetEventKind.Gap);
        Assert.Equal(NetEventAction.Lost, gap.Action);
        Assert.Contains("ENOBUFS", gap.Summary);
        Assert.True(events.Count(e => e.Kind == NetEventKind.Address) < 300);
    }

    [Fact]
    public void Several_namespaces_are_watched_in_one_stream()
    {
        using var lab = new Lab();
        var (a, ca) = lab.CreateWithClient("a");
        var (b, cb) = lab.CreateWithClient("b");
        ca.Links.CreateVeth(new VethSpec { Name = "va", PeerName = "va1" });
        cb.Links.CreateVeth(new VethSpec { Name = "vb", PeerName = "vb1" });
        using var watcher = new NetEventWatcher([ca, cb], NetEventKinds.Link | NetEventKinds.Address);

        ca.Addresses.Add("va", IPPrefix.Parse("10.90.0.1/24"));
        cb.Links.SetUp("vb");

        var events = Collect(watcher, TimeSpan.FromSeconds(5),
            all => all.Any(e => e.Namespace == a && e.Kind == NetEventKind.Address) && all.Any(e => e.Namespace == b && e.Kind == NetEventKind.Link));
        Assert.Contains(events, e => e is { Kind: NetEventKind.Address, Action: NetEventAction.Added, Subject: "10.90.0.1/24", Interface: "va" } && e.Namespace == a);
        Assert.Contains(events, e => e is { Kind: NetEventKind.Link, Subject: "vb" } && e.Namespace == b);
        Assert.DoesNotContain(events, e => e.Namespace == b && e.Kind == NetEventKind.Address && e.Subject == "10.90.0.1/24");
    }

    [Fact]
    public void Route_and_removal_events_carry_the_objects()
    {
        using var lab = new Lab();
        var (ns, c) = lab.CreateWithClient("a");
        c.Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "v1", Up = true, PeerUp = true });
        c.Addresses.Add("v0", IPPrefix.Parse("10.91.0.1/24"));
        using var watcher = new NetEventWatcher([c], NetEventKinds.Route | NetEventKinds.Address);

        Ip.Run($"-n {ns} route add 10.92.0.0/16 via 10.91.0.2");
        c.Addresses.Remove("v0", IPPrefix.Parse("10.91.0.1/24"));

        var events = Collect(watcher, TimeSpan.FromSeconds(5), all => all.Any(e => e is { Kind: NetEventKind.Address, Action: NetEventAction.Removed }));
        var route = Assert.Single(events, e => e is { Kind: NetEventKind.Route, Action: NetEventAction.Added, Subject: "10.92.0.0/16" });
        Assert.Equal("10.91.0.2", Assert.IsType<NetRoute>(route.Object).Gateway?.ToString());
        Assert.Equal("v0", route.Interface);
        var removed = Assert.Single(events, e => e is { Kind: NetEventKind.Address, Action: NetEventAction.Removed });
        Assert.Equal("10.91.0.1/24", Assert.IsType<NetAddress>(removed.Object).Cidr);
        // Removing the address takes its prefix route with it, announced too. (Routes through a gateway that the kernel
        // flushes along with it are not announced by the kernel at all; that is documented in Watch-NetEvent's help.)
        Assert.Contains(events, e => e is { Kind: NetEventKind.Route, Action: NetEventAction.Removed, Subject: "10.91.0.0/24" });
    }

    [Fact]
    public void Unknown_kind_is_refused()
    {
        var e = Assert.Throws<NetOperationException>(() => NetEventGroups.Parse(["Link", "Bogus"]));
        Assert.Equal(NetErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("Bogus", e.Message);
        Assert.Equal(NetEventKinds.Link | NetEventKinds.Route, NetEventGroups.Parse(["link", "Route"]));
    }

    [Fact]
    public async Task Wait_returns_when_the_peer_comes_up()
    {
        using var lab = new Lab();
        var (ns, c) = lab.CreateWithClient("a");
        c.Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "v1", Up = true });
        var later = Task.Run(() => { Thread.Sleep(300); Ip.Run($"-n {ns} link set v1 up"); });

        var outcome = LinkWait.Until(c, "v0", LinkCondition.Up, TimeSpan.FromSeconds(20));
        await later;

        Assert.True(outcome.Satisfied);
        Assert.True(LinkWait.IsUp(outcome.Value!));
        Assert.Contains("LOWER_UP", Ip.Links(ns)["v0"].GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public void Wait_times_out_cleanly_when_the_peer_stays_down()
    {
        using var lab = new Lab();
        var (_, c) = lab.CreateWithClient("a");
        c.Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "v1", Up = true });

        var outcome = LinkWait.Until(c, "v0", LinkCondition.Up, TimeSpan.FromSeconds(1));

        Assert.False(outcome.Satisfied);
        Assert.Equal("v0", outcome.Value!.Name);
        Assert.False(LinkWait.IsUp(outcome.Value));
        Assert.True(LinkWait.Until(c, "v0", LinkCondition.Down, TimeSpan.Zero).Satisfied);
        Assert.True(LinkWait.Until(c, "nothere", LinkCondition.Absent, TimeSpan.Zero).Satisfied);
    }

    [Fact]
    public void Wait_for_an_address_ends_when_it_leaves_the_tentative_state()
    {
        using var lab = new Lab();
        var (ns, c) = lab.CreateWithClient("a");
        c.Links.CreateVeth(new VethSpec { Name = "v0", PeerName = "v1", Up = true, PeerUp = true });
        var added = c.Addresses.Add("v0", IPPrefix.Parse("fd00:93::1/64"));
        Assert.True(added.Flags.HasFlag(Rtnetlink.IfaFlags.Tentative));

        var outcome = AddressWait.UntilSettled(c, "v0", added.IPAddress, TimeSpan.FromSeconds(20));

        Assert.True(outcome.Satisfied);
        var settled = Assert.Single(outcome.Value!);
        Assert.False(settled.Flags.HasFlag(Rtnetlink.IfaFlags.Tentative));
        var ip = Ip.Json(ns, "addr show v0")[0].GetProperty("addr_info").EnumerateArray().Single(x => x.GetProperty("local").GetString() == "fd00:93::1");
        Assert.False(ip.TryGetProperty("tentative", out _));
    }

    [Fact]
    public void Wait_for_an_address_on_an_unknown_interface_fails_at_once()
    {
        using var lab = new Lab();
        var (_, c) = lab.CreateWithClient("a");
        var e = Assert.Throws<NetOperationException>(() => AddressWait.UntilSettled(c, "nothere", null, TimeSpan.FromSeconds(30)));
        Assert.Equal(NetErrorKind.NotFound, e.Kind);
    }
}
