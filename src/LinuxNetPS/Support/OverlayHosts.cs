using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using LinuxNetPS.Compose.Networks;
using LinuxNetPS.Errors;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Support;

/// <summary>
/// An overlay network over several hosts, driven from the controller through PowerShell remoting (the sessions the user
/// opened, `Invoke-Command -Session` fanning out in parallel): no daemon, no protocol of our own. Each host does its own
/// part with the module (New-ContainerNetwork -Driver overlay, Connect-, Disconnect-, Remove-ContainerNetwork, and
/// <see cref="ContainerNetworks.SyncOverlay"/>); this class only decides and tells.
///
/// Addresses: every host hands out addresses from its own slice of the subnet (as flannel leases a /24 per host), recorded
/// as its network's -IPRange in its own state. Two controllers connecting containers at once on different hosts can then
/// never hand out one address twice, and a Connect needs no lock on another host (no round trip to a coordinator that
/// could be down). The price: a host holds at most one slice of containers.
/// Underlay: a host's underlay address is the address its SSH server was reached at (SSH_CONNECTION), so it is the
/// address the controller knows the host by; the interface that has it carries the tunnel.
/// The other hosts of an overlay are found by the names recorded with it (Options["hosts"]) among this runspace's open
/// sessions (Get-PSSession), so Connect-ContainerNetwork -Session $h2 updates every host without being told them again.
/// </summary>
internal sealed class OverlayHosts
{
    /// <summary>The slices: a /24 per host from a /16 (flannel's default), i.e. 8 bits more than the subnet, at most /28.</summary>
    public static int SliceLength(int subnetLength) => Math.Min(subnetLength + 8, 28);

    private readonly PSCmdlet _cmdlet;

    // The sessions' fan-outs; one progress activity per command (Create, Connect, Disconnect, Remove) counts the hosts.
    private readonly RemoteHosts _remote;

    public OverlayHosts(PSCmdlet cmdlet) => (_cmdlet, _remote) = (cmdlet, new RemoteHosts(cmdlet));

    /// <summary>Starts the command's progress activity; disposing the scope writes its Completed record.</summary>
    private ProgressScope Progress(string activity) => new(_remote.Progress = new ProgressReporter(_cmdlet, activity));

    private readonly record struct ProgressScope(ProgressReporter Reporter) : IDisposable
    {
        public void Dispose() => Reporter.Complete();
    }

    // What each host runs. Plain PowerShell over the module, so the ErrorRecords of a host come back with their ids.
    private const string ProbeScript = """
        param($name)
        if (-not (Get-Module LinuxNetPS)) {
            try { Import-Module LinuxNetPS -ErrorAction Stop }
            catch { return [pscustomobject]@{ Module = $false; Why = "$_" } }
        }
        $underlay = if ($env:SSH_CONNECTION) { ($env:SSH_CONNECTION -split ' ')[2] }
        $mtu = $null
        if ($underlay) {
            $a = Get-NetAddress | Where-Object { "$($_.IPAddress)" -eq $underlay } | Select-Object -First 1
            if ($a) { $mtu = (Get-NetLink -Name $a.Interface).Mtu }
        }
        $net = Get-ContainerNetwork | Where-Object Network -eq $name
        [pscustomobject]@{
            Module = $true; Underlay = $underlay; Mtu = $mtu
            Vnis = @(Get-NetLink | Where-Object { $_.Kind -eq 'vxlan' -and $_.Details } | ForEach-Object { [long]$_.Details.Id })
            Exists = [bool]$net; Driver = $net.Driver; Subnet = $net.Subnet; Slice = $net.IPRange
            Vni = if ($net) { $net.Options['com.docker.network.driver.overlay.vxlanid_list'] }
            Hosts = if ($net) { $net.Options['hosts'] }
            Endpoints = @(if ($net) { Get-ContainerEndpoint -Network $name | ForEach-Object { "$($_.IPAddress) $($_.MacAddress)" } })
        }
        """;

    private const string CreateScript = """
        param($plan)
        $p = $plan[($env:SSH_CONNECTION -split ' ')[2]]
        if ($p) { New-ContainerNetwork @p -Driver overlay -Confirm:$false -ErrorAction Stop }
        """;

    private const string SyncScript = """
        param($name, $hosts, $remotes)
        $h = @(foreach ($x in $hosts) { $n, $a = $x -split '=', 2; [LinuxNetPS.Compose.Networks.OverlayHost]::new($n, $a) })
        $r = @(foreach ($x in $remotes) { $ip, $mac, $at = $x -split ' '; [LinuxNetPS.Compose.Networks.OverlayRemote]::new($ip, $mac, $at) })
        try {
            $null = [LinuxNetPS.Compose.Networks.ContainerNetworks]::For([LinuxNetPS.Client.NetClient]::Host).SyncOverlay($name,
                [LinuxNetPS.Compose.Networks.OverlayHost[]]$h, [LinuxNetPS.Compose.Networks.OverlayRemote[]]$r)
        }
        catch {
            $e = $_.Exception
            while ($e.InnerException -and $e -isnot [LinuxNetPS.Errors.NetOperationException]) { $e = $e.InnerException }
            Write-Error -Exception $e -ErrorId 'OverlaySyncFailed' -Category InvalidOperation -TargetObject $name
        }
        """;

    private const string RemoveScript = "param($name) Remove-ContainerNetwork -Network $name -Force -Confirm:$false -PassThru -ErrorAction Stop";

    private const string ConnectScript = """
        param($name, $namespaces, $address, $interface)
        $p = @{ Network = $name; Interface = $interface }
        if ($address) { $p.IPAddress = $address }
        # By property name, so the host connects them in batches (one pass over its network state).
        $namespaces | ForEach-Object { [pscustomobject]@{ Namespace = $_ } } | Connect-ContainerNetwork @p -Confirm:$false
        """;

    private const string DisconnectScript = "param($name, $namespace) Disconnect-ContainerNetwork -Network $name -Namespace $namespace -PassThru -Confirm:$false -ErrorAction Stop";

    /// <summary>One host's answer to the probe.</summary>
    private sealed record Probe(PSSession Session, string? Underlay, long? Mtu, IReadOnlyList<long> Vnis, bool Exists, string? Driver, string? Subnet,
        string? Slice, string? Vni, IReadOnlyList<string> HostNames, IReadOnlyList<string> Endpoints)
    {
        public string Name => Session.ComputerName;
    }

    /// <summary>Creates the overlay on every host of <paramref name="sessions"/> (or adds those that lack it to it); writes the networks made.</summary>
    public void Create(IReadOnlyList<PSSession> sessions, string name, string subnet, uint vni, uint? mtu, Func<string, bool> shouldProcess)
    {
        using var progress = Progress($"Creating overlay network '{name}' on {sessions.Count} host(s)");
        if (vni is 0 or > LinuxNetPS.Links.VxlanSpec.MaxVni)
            throw NetOperationException.Invalid($"-Vni {vni} is out of range: a VXLAN network identifier is from 1 to {LinuxNetPS.Links.VxlanSpec.MaxVni}.", vni.ToString(CultureInfo.InvariantCulture))
                .WithErrorId(ErrorIds.InvalidVni);
        var ipam = Ipam.Create(subnet);
        var prefix = ipam.Subnet;
        if (prefix.PrefixLength > 28)
            throw NetOperationException.Invalid($"The subnet {prefix} is too small to give each host a slice: an overlay needs a /28 or larger (a /16 gives each host a /24).", subnet);
        var given = Distinct(sessions);
        var probes = ProbeAll(given, name);
        var members = probes.Where(p => p.Exists).ToList();
        foreach (var m in members)
            if (m.Driver != "overlay" || m.Subnet != prefix.ToString() || m.Vni != vni.ToString(CultureInfo.InvariantCulture))
                throw new NetOperationException(NetErrorKind.AlreadyExists,
                    $"{m.Name} has a network '{name}' already ({m.Driver}, {m.Subnet}{(m.Vni is null ? "" : ", VNI " + m.Vni)}); choose another name, or give the same -Subnet and -Vni to add hosts to it.", target: m.Name);
        foreach (var p in probes.Where(p => !p.Exists && p.Vnis.Contains(vni)))
            throw new NetOperationException(NetErrorKind.AlreadyExists, $"The VNI {vni} is in use on {p.Name} already; choose another -Vni.", target: p.Name).WithErrorId(ErrorIds.VniInUse);
        // Members the sessions did not name (when adding a host) are reached through their open sessions.
        var recorded = members.SelectMany(m => m.HostNames).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var all = probes.ToList();
        var others = SessionsFor(recorded.Where(h => !given.Any(s => Same(s.ComputerName, h))).ToList());
        if (others.Count > 0) all.AddRange(ProbeAll(others, name));

        var joining = probes.Where(p => !p.Exists).ToList();
        if (joining.Count == 0) return;
        int sliceLength = SliceLength(prefix.PrefixLength);
        var slices = prefix.Subnets(sliceLength).Select(s => s.ToString()).ToList();
        var free = slices.Where(s => !all.Any(p => p.Slice == s)).ToList();
        if (free.Count < joining.Count)
            throw new NetOperationException(NetErrorKind.ResourceExhausted,
                $"The subnet {prefix} has {free.Count} free /{sliceLength} slice(s) for {joining.Count} host(s); create the overlay with a larger -Subnet.", target: subnet);
        uint overlayMtu = mtu ?? (uint)(all.Where(p => p.Mtu is not null).Select(p => p.Mtu!.Value).DefaultIfEmpty(1500).Min() - 50);
        var underlays = all.Select(p => p.Underlay!).ToArray();
        var plan = new Hashtable();
        for (int i = 0; i < joining.Count; i++)
        {
            var p = joining[i];
            var part = new Hashtable
            {
                ["Name"] = name, ["Subnet"] = prefix.ToString(), ["IPRange"] = free[i], ["Vni"] = vni, ["Mtu"] = overlayMtu, ["UnderlayAddress"] = p.Underlay,
            };
            var peers = underlays.Where(u => u != p.Underlay).ToArray();
            if (peers.Length > 0) part["PeerAddress"] = peers; // the first host of an overlay has none yet
            plan[p.Underlay!] = part;
        }
        string what = $"overlay network '{name}' ({prefix}, VNI {vni}, MTU {overlayMtu}) on {string.Join(", ", joining.Select((p, i) => $"{p.Name} ({free[i]})"))}";
        if (!shouldProcess(what)) return;

        var (made, errors) = Run(joining.Select(p => p.Session).ToList(), CreateScript, plan);
        if (errors.Count > 0)
        {
            // All or nothing: the hosts that made their part remove it again.
            Run(joining.Select(p => p.Session).ToList(), RemoveScript, name);
            foreach (var e in errors) _cmdlet.WriteError(e);
            return;
        }
        Sync(all, name);
        foreach (var o in made) _cmdlet.WriteObject(o);
    }

    /// <summary>
    /// Connects the containers named on every host of <paramref name="sessions"/> (all hosts at once, each in batches), then
    /// tells every host of the overlay about them: three parallel round trips, however many containers and hosts.
    /// </summary>
    public void Connect(IReadOnlyList<PSSession> sessions, string name, IReadOnlyList<string> namespaces, string? address, string interfaceName, Func<string, bool> shouldProcess)
    {
        using var progress = Progress($"Connecting containers to overlay network '{name}' on {sessions.Count} host(s)");
        var targets = ProbeAll(Distinct(sessions), name);
        foreach (var t in targets) RequireOverlay(t, name);
        if (address is not null && targets.Count * namespaces.Count > 1)
            throw NetOperationException.Invalid("-IPAddress names one address: give it with one container on one host (-Session with one session).", address);
        var members = targets.Concat(MembersBeyond(targets, name)).ToList();
        if (!shouldProcess($"{string.Join(", ", namespaces.Take(5))}{(namespaces.Count > 5 ? $" ({namespaces.Count} in all)" : "")} on {string.Join(", ", targets.Select(t => t.Name))} " +
            $"to overlay network '{name}' (and their entries on {members.Count} host(s))")) return;
        var (made, errors) = Run(targets.Select(t => t.Session).ToList(), ConnectScript, name, namespaces.ToArray(), address, interfaceName);
        foreach (var e in errors) _cmdlet.WriteError(e);
        // The containers that did connect are told about even when others failed (each connects on its own, as locally).
        if (made.Count > 0) Sync(ProbeAll(members.Select(m => m.Session).ToList(), name), name);
        foreach (var o in made) _cmdlet.WriteObject(o);
    }

    /// <summary>Disconnects a container on the host of <paramref name="session"/>; every other host forgets it.</summary>
    public void Disconnect(PSSession session, string name, string containerNamespace, bool passThru, Func<string, bool> shouldProcess)
    {
        using var progress = Progress($"Disconnecting '{containerNamespace}' from overlay network '{name}'");
        var target = ProbeAll([session], name)[0];
        RequireOverlay(target, name);
        var members = Members(target, name);
        if (!shouldProcess($"{containerNamespace} on {target.Name} from overlay network '{name}' (and its entries on {members.Count - 1} other host(s))")) return;
        var (removed, errors) = Run([session], DisconnectScript, name, containerNamespace);
        foreach (var e in errors) _cmdlet.WriteError(e);
        if (errors.Count > 0) return;
        Sync(ProbeAll(members.Select(m => m.Session).ToList(), name), name);
        if (passThru) foreach (var o in removed) _cmdlet.WriteObject(o);
    }

    /// <summary>Removes the overlay from the hosts of <paramref name="sessions"/>; the hosts that keep it forget them and their containers.</summary>
    public void Remove(IReadOnlyList<PSSession> sessions, string name, bool passThru, Func<string, bool> shouldProcess)
    {
        using var progress = Progress($"Removing overlay network '{name}' from {sessions.Count} host(s)");
        var leaving = ProbeAll(Distinct(sessions), name);
        foreach (var p in leaving) RequireOverlay(p, name);
        var recorded = leaving.SelectMany(p => p.HostNames).Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(h => !leaving.Any(p => Same(p.Name, h))).ToList();
        var staying = recorded.Count == 0 ? [] : ProbeAll(SessionsFor(recorded), name).Where(p => p.Exists).ToList();
        if (!shouldProcess($"overlay network '{name}' on {string.Join(", ", leaving.Select(p => p.Name))}" +
            (staying.Count > 0 ? $" (and their entries on {string.Join(", ", staying.Select(p => p.Name))})" : ""))) return;
        var (removed, errors) = Run(leaving.Select(p => p.Session).ToList(), RemoveScript, name);
        foreach (var e in errors) _cmdlet.WriteError(e);
        if (staying.Count > 0) Sync(ProbeAll(staying.Select(p => p.Session).ToList(), name), name);
        if (passThru) foreach (var o in removed) _cmdlet.WriteObject(o);
    }

    /// <summary>
    /// Tells every member all the others: their underlay addresses and their containers (two parallel round trips), then
    /// reads the hosts' containers again and tells them again if they changed meanwhile. Two controllers may sync at once,
    /// the one with the older picture last; the one whose picture was old sees it in that second read, so the last sync
    /// always pushes what the hosts have (a few rounds at most, one when nobody else is changing the overlay).
    /// </summary>
    private void Sync(IReadOnlyList<Probe> members, string name)
    {
        for (int round = 0; round < 5; round++)
        {
            var hosts = members.Select(m => $"{m.Name}={m.Underlay}").ToArray();
            var remotes = members.SelectMany(m => m.Endpoints.Select(e => $"{e} {m.Underlay}")).OrderBy(x => x, StringComparer.Ordinal).ToArray();
            var (_, errors) = Run(members.Select(m => m.Session).ToList(), SyncScript, name, hosts, remotes);
            foreach (var e in errors) _cmdlet.WriteError(e);
            if (errors.Count > 0) return;
            var now = ProbeAll(members.Select(m => m.Session).ToList(), name).Where(p => p.Exists).ToList();
            var again = now.SelectMany(m => m.Endpoints.Select(e => $"{e} {m.Underlay}")).OrderBy(x => x, StringComparer.Ordinal).ToArray();
            if (now.Count == members.Count && again.SequenceEqual(remotes, StringComparer.Ordinal)) return;
            members = now;
        }
    }

    /// <summary>The overlay's hosts recorded on <paramref name="targets"/> that are not among them, each through an open session.</summary>
    private List<Probe> MembersBeyond(IReadOnlyList<Probe> targets, string name)
    {
        var others = targets.SelectMany(t => t.HostNames).Distinct(StringComparer.OrdinalIgnoreCase).Where(h => !targets.Any(t => Same(t.Name, h))).ToList();
        return others.Count == 0 ? [] : ProbeAll(SessionsFor(others), name);
    }

    /// <summary>The overlay's hosts as recorded on <paramref name="target"/>, each through an open session (the target's own among them).</summary>
    private List<Probe> Members(Probe target, string name)
    {
        var others = target.HostNames.Where(h => !Same(h, target.Name)).ToList();
        var list = new List<Probe> { target };
        if (others.Count > 0) list.AddRange(ProbeAll(SessionsFor(others), name));
        return list;
    }

    private static void RequireOverlay(Probe p, string name)
    {
        if (!p.Exists) throw NetOperationException.NotFound($"{p.Name} has no container network '{name}'; Invoke-Command -Session ... {{ Get-ContainerNetwork }} lists its networks.", p.Name);
        if (p.Driver != "overlay") throw NetOperationException.Invalid($"The network '{name}' on {p.Name} is a {p.Driver} network, not an overlay; -Session is for overlay networks.", name);
    }

    /// <summary>Open sessions of this runspace to the hosts named (one each); OverlayHostNotConnected names those without one.</summary>
    private List<PSSession> SessionsFor(IReadOnlyList<string> hostNames)
    {
        var open = _cmdlet.InvokeCommand.InvokeScript("Get-PSSession").Select(o => o.BaseObject).OfType<PSSession>()
            .Where(s => s.Runspace.RunspaceStateInfo.State == RunspaceState.Opened).ToList();
        var found = new List<PSSession>();
        var missing = new List<string>();
        foreach (var h in hostNames)
        {
            if (open.FirstOrDefault(s => Same(s.ComputerName, h)) is { } s) found.Add(s);
            else missing.Add(h);
        }
        if (missing.Count > 0)
            throw new NetOperationException(NetErrorKind.NotFound,
                $"The overlay also lives on {string.Join(", ", missing)}, and this PowerShell has no open session to {(missing.Count == 1 ? "it" : "them")}; " +
                $"open one first (New-PSSession -HostName {string.Join(", ", missing)}), so every host learns of the change.", target: missing[0]).WithErrorId(ErrorIds.OverlayHostNotConnected);
        return found;
    }

    /// <summary>Asks every host (in parallel) what the overlay needs to know; a host that does not answer or lacks the module stops it all.</summary>
    private List<Probe> ProbeAll(IReadOnlyList<PSSession> sessions, string name)
    {
        if (RemoteHosts.NotOpen(sessions) is { } closed) throw closed.WithErrorId(ErrorIds.OverlayHostUnreachable);
        var (output, errors) = Run(sessions, ProbeScript, name);
        var result = new List<Probe>();
        foreach (var s in sessions)
        {
            var o = output.FirstOrDefault(x => x.Properties["RunspaceId"]?.Value is Guid id && id == s.Runspace.InstanceId);
            if (o is null)
            {
                var why = errors.FirstOrDefault(e => Same(e.OriginInfo()?.ToString(), s.ComputerName))?.Exception.Message ?? errors.FirstOrDefault()?.Exception.Message;
                throw RemoteHosts.Unreachable(s.ComputerName, $"it did not answer{(why is null ? "" : ": " + why)}").WithErrorId(ErrorIds.OverlayHostUnreachable);
            }
            if (o.Properties["Module"]?.Value is not true)
                throw new NetOperationException(NetErrorKind.NotFound,
                    $"{s.ComputerName} has no LinuxNetPS module to import ({o.Properties["Why"]?.Value}); install it there (on the PSModulePath of its PowerShell remoting endpoint) first.", target: s.ComputerName)
                    .WithErrorId(ErrorIds.OverlayHostWithoutModule);
            var underlay = o.Properties["Underlay"]?.Value as string;
            if (string.IsNullOrEmpty(underlay))
                throw NetOperationException.Invalid($"{s.ComputerName} was not reached over SSH (no SSH_CONNECTION), so its underlay address is unknown; open the session with New-PSSession -HostName.", s.ComputerName)
                    .WithErrorId(ErrorIds.InvalidVxlanAddress);
            result.Add(new Probe(s, underlay, o.Properties["Mtu"]?.Value is { } mtu ? Convert.ToInt64(mtu, CultureInfo.InvariantCulture) : null,
                Strings(o.Properties["Vnis"]?.Value).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToList(),
                o.Properties["Exists"]?.Value is true, o.Properties["Driver"]?.Value as string, o.Properties["Subnet"]?.Value as string, o.Properties["Slice"]?.Value as string,
                o.Properties["Vni"]?.Value as string,
                (o.Properties["Hosts"]?.Value as string ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(h => h.Split('=')[0]).ToList(),
                Strings(o.Properties["Endpoints"]?.Value)));
        }
        return result;
    }

    /// <summary>Runs <paramref name="script"/> on every session at once, each fan-out's progress saying what the hosts did.</summary>
    private (List<PSObject> Output, List<ErrorRecord> Errors) Run(IReadOnlyList<PSSession> sessions, string script, params object?[] arguments)
    {
        string step = script switch
        {
            ProbeScript => "answered", CreateScript => "created their part", SyncScript => "updated", RemoveScript => "removed their part",
            ConnectScript => "connected their containers", DisconnectScript => "disconnected the container", _ => "done",
        };
        return _remote.Run(sessions, script, step, arguments);
    }

    private static List<string> Strings(object? value) =>
        (value is PSObject p ? p.BaseObject : value) is IEnumerable e and not string ? e.Cast<object>().Select(x => x?.ToString() ?? "").Where(x => x.Length > 0).ToList() : [];

    private static List<PSSession> Distinct(IReadOnlyList<PSSession> sessions) => sessions.GroupBy(s => s.InstanceId).Select(g => g.First()).ToList();

    private static bool Same(string? a, string? b) => RemoteHosts.Same(a, b);
}

internal static class ErrorRecordOrigin
{
    /// <summary>The host a remote error came from (PSComputerName), or null.</summary>
    public static string? OriginInfo(this ErrorRecord e) => (e as System.Management.Automation.Runspaces.RemotingErrorRecord)?.OriginInfo?.PSComputerName;
}
