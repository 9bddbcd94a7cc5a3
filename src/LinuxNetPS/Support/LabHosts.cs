using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using LinuxNetPS.Compose.Labs;
using LinuxNetPS.Errors;

namespace LinuxNetPS.Support;

/// <summary>
/// A lab split over hosts, driven from the controller through PowerShell remoting (the sessions the user gives, or opens
/// from the names in Hosts): each host builds its own part with its own New-NetLab -OnHost, all at once; this class
/// only checks, decides and tells. Every host gets the whole definition (as JSON, keys in order) with each host's
/// entry in Hosts replaced by the address the controller reached it at (SSH_CONNECTION, <see cref="RemoteHosts"/>), so
/// every host binds the same tree, hands out the same pool addresses and computes the same VNIs (<see cref="LabSplit"/>);
/// nothing is negotiated between hosts.
/// All or nothing across hosts: everything that can be checked before building is checked on every host first (session
/// open, module there, lab name free, VNIs free); a host that fails while building has removed its own part (New-NetLab
/// is all or nothing), and the hosts that did build remove theirs again.
/// </summary>
internal sealed partial class LabHosts
{
    private const RemoteHosts.Ids Ids = RemoteHosts.Ids.Lab;

    private const string Import = "if (-not (Get-Module LinuxNetPS)) { Import-Module LinuxNetPS -ErrorAction Stop }\n";

    private const string ProbeScript = "param($name)\n" + RemoteHosts.ProbePreamble + """
        [pscustomobject]@{ Module = $true; Underlay = $underlay; Mtu = $mtu; Vnis = $vnis; Exists = [bool](Get-NetLab -Name $name -ErrorAction Ignore) }
        """;

    // Each host finds its key by the address it was reached at; ConvertFrom-Json -AsHashtable keeps the keys' order.
    private const string BuildScript = "param($json, $name, $prefix, $keys)\n" + Import + """
        $key = $keys[($env:SSH_CONNECTION -split ' ')[2]]
        if ($key) {
            New-NetLab -Definition (ConvertFrom-Json $json -AsHashtable -DateKind String) -Name $name -Prefix $prefix -OnHost $key -Confirm:$false -ErrorAction Stop
        }
        """;

    private const string RemoveScript = "param($name, $passThru)\n" + Import + "Remove-NetLab -Lab $name -PassThru:$passThru -Confirm:$false -ErrorAction Stop";

    private readonly PSCmdlet _cmdlet;

    public LabHosts(PSCmdlet cmdlet) => _cmdlet = cmdlet;

    /// <summary>
    /// Builds the lab <paramref name="tree"/> on its hosts. <paramref name="hosts"/> (New-NetLab -Hosts) gives hosts by
    /// key, a PSSession or a name each; a host not given so is found among <paramref name="sessions"/> (by its name in
    /// Hosts or its key), or, without -Session, reached by opening a session to its name (New-PSSession -HostName).
    /// </summary>
    public void Create(LabValue tree, IReadOnlyList<string> warnings, string? defaultName, string? name, string? prefix,
        IReadOnlyList<PSSession>? sessions, IDictionary? hosts, Func<string, bool> shouldProcess)
    {
        var given = new Dictionary<string, PSSession>(StringComparer.OrdinalIgnoreCase);
        var texts = new List<KeyValuePair<string, string>>();
        foreach (DictionaryEntry e in hosts ?? new Hashtable())
        {
            string key = Unwrap(e.Key)?.ToString() ?? "";
            switch (Unwrap(e.Value))
            {
                case PSSession s:
                    given[key] = s;
                    texts.Add(new(key, s.ComputerName));
                    break;
                case string t when t.Trim().Length > 0:
                    texts.Add(new(key, t.Trim()));
                    break;
                case var other:
                    throw NetOperationException.Invalid($"-Hosts: the value for '{InputText.Echo(key)}' must be a PSSession (New-PSSession -HostName) or a host name ('host' or 'user@host'), " +
                        $"not {(other is null ? "$null" : other is string ? "an empty text" : "a " + other.GetType().Name)}.", key).WithErrorId(ErrorIds.InvalidLabDefinition);
            }
        }
        if (texts.Count > 0) tree = LabSplit.WithHosts(tree, texts);
        var lab = LabBinder.Bind(tree, warnings);
        foreach (var warning in lab.Warnings) _cmdlet.WriteWarning(warning);
        if (lab.Hosts.Count == 0)
            throw NetOperationException.Invalid("-Session and -Hosts build a lab split over hosts: give the definition Hosts (Hosts = @{ a = 'hostA'; b = 'hostB' }) and each node its Host (Host = 'a').", name)
                .WithErrorId(ErrorIds.InvalidLabDefinition);
        var (labName, labPrefix) = NetLabs.Names(lab, name ?? lab.Name ?? defaultName, prefix);
        var used = LabSplit.UsedHosts(lab);

        var byHost = new Dictionary<string, PSSession>(StringComparer.Ordinal);
        var toOpen = new List<LabHostDefinition>();
        foreach (var key in used)
        {
            var entry = lab.Hosts.First(h => h.Key == key);
            if (given.TryGetValue(key, out var session)) byHost[key] = session;
            else if (sessions is not null)
                byHost[key] = sessions.FirstOrDefault(s => RemoteHosts.Same(s.ComputerName, RemoteHosts.HostPart(entry.Address)) || RemoteHosts.Same(s.ComputerName, key))
                    ?? throw NetOperationException.NotFound($"The lab's host '{key}' ({InputText.Echo(entry.Address)}) is none of -Session ({string.Join(", ", sessions.Select(s => s.ComputerName))}); " +
                        $"give its session, or map keys to sessions with -Hosts @{{ {key} = $session }}.", key).WithErrorId(ErrorIds.LabHostNotFound);
            else toOpen.Add(entry);
        }
        if (toOpen.Count > 0)
            foreach (var (key, session) in Open(toOpen)) byHost[key] = session;
        var twice = byHost.GroupBy(kv => kv.Value.InstanceId).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            throw NetOperationException.Invalid($"The hosts {string.Join(" and ", twice.Select(kv => kv.Key))} are one session ({twice.First().Value.ComputerName}); each host of a lab is another machine.", twice.First().Key)
                .WithErrorId(ErrorIds.InvalidLabDefinition);

        var answers = RemoteHosts.Probe(_cmdlet, byHost.Values.ToList(), Ids, ProbeScript, labName);
        RemoteHosts.Answer AnswerOf(string key) => answers.First(a => a.Session.InstanceId == byHost[key].InstanceId);
        foreach (var a in answers.Where(a => a["Exists"] is true))
            throw new NetOperationException(NetErrorKind.AlreadyExists, $"{a.Name} has a network lab '{labName}' already; remove it first (Remove-NetLab '{labName}' -Session ...) or choose another -Name.",
                operation: "create network lab", target: a.Name).WithErrorId(ErrorIds.LabExists);
        var sameUnderlay = answers.GroupBy(a => a.Underlay).FirstOrDefault(g => g.Count() > 1);
        if (sameUnderlay is not null)
            throw NetOperationException.Invalid($"{string.Join(" and ", sameUnderlay.Select(a => a.Name))} were reached at one address ({sameUnderlay.Key}); each host of a lab is another machine.", sameUnderlay.Key)
                .WithErrorId(ErrorIds.InvalidLabDefinition);

        // Every host's part, as that host will compute it, from the definition with the hosts' underlay addresses.
        var placed = LabSplit.WithHosts(tree, used.Select(k => new KeyValuePair<string, string>(k, AnswerOf(k).Underlay)).ToList());
        var full = LabBinder.Bind(placed);
        var parts = used.ToDictionary(k => k, k => LabSplit.Part(full, labName, k), StringComparer.Ordinal);
        foreach (var (key, part) in parts)
        {
            var inUse = RemoteHosts.Strings(AnswerOf(key)["Vnis"]);
            if (part.Part!.Tunnels.FirstOrDefault(t => inUse.Contains(t.Vni.ToString(System.Globalization.CultureInfo.InvariantCulture))) is { } taken)
                throw new NetOperationException(NetErrorKind.AlreadyExists,
                    $"The VNI {taken.Vni} of the link {taken.Link} is in use on {byHost[key].ComputerName} already; give the lab another -Name (its links' VNIs follow from its name).",
                    target: byHost[key].ComputerName).WithErrorId(ErrorIds.VniInUse);
        }

        // Asked per host, so -WhatIf says what each would make; one host declined is the whole lab declined.
        bool all = true;
        foreach (var (key, part) in parts)
            all &= shouldProcess($"network lab '{labName}' on host {key} ({byHost[key].ComputerName}): {LabSplit.Describe(part, labPrefix)}");
        if (!all) return;

        var keys = new Hashtable();
        foreach (var key in used) keys[AnswerOf(key).Underlay] = key;
        var targets = byHost.Values.ToList();
        var (made, errors) = RunCounted($"Building the network lab '{labName}' on {targets.Count} hosts", "built their part", targets, BuildScript, LabValueJson.Write(placed), labName, labPrefix, keys);
        if (errors.Count > 0)
        {
            var built = targets.Where(s => made.Any(o => o.Properties["RunspaceId"]?.Value is Guid id && id == s.Runspace.InstanceId)).ToList();
            if (built.Count > 0)
            {
                _cmdlet.WriteVerbose($"Removing the lab '{labName}' again from {string.Join(", ", built.Select(s => s.ComputerName))}: {errors.Count} host(s) failed.");
                var (_, undo) = RemoteHosts.Run(_cmdlet, built, RemoveScript, labName, false);
                foreach (var e in undo) _cmdlet.WriteError(e);
            }
            foreach (var e in errors) _cmdlet.WriteError(e);
            return;
        }
        foreach (var o in made) _cmdlet.WriteObject(o);
    }

    /// <summary><see cref="RemoteHosts.Run(PSCmdlet, RemoteHosts.HostProgress?, IReadOnlyList{PSSession}, string, object?[])"/> with an activity of its own: "N of M hosts STEP".</summary>
    private (List<PSObject> Output, List<ErrorRecord> Errors) RunCounted(string activity, string step, IReadOnlyList<PSSession> sessions, string script, params object?[] arguments)
    {
        using var progress = new ProgressReporter(_cmdlet, activity);
        return RemoteHosts.Run(_cmdlet, new RemoteHosts.HostProgress(progress, step), sessions, script, arguments);
    }

    /// <summary>Runs a lab cmdlet on every host (Get-, Test-, Show-NetLab): each host's rows, tagged with PSComputerName, and its errors.</summary>
    public void Forward(IReadOnlyList<PSSession> sessions, string command, IDictionary parameters)
    {
        var distinct = RemoteHosts.Distinct(sessions);
        RemoteHosts.RequireOpen(distinct, Ids);
        var (output, errors) = RunCounted($"{command} on {distinct.Count} hosts", "answered", distinct, "param($p)\n" + Import + command + " @p", parameters);
        foreach (var o in output) _cmdlet.WriteObject(o);
        foreach (var e in errors) _cmdlet.WriteError(e);
    }

    /// <summary>Removes the lab from every host of <paramref name="sessions"/> at once, each asked for with <paramref name="shouldProcess"/>.</summary>
    public void Remove(IReadOnlyList<PSSession> sessions, string labName, bool passThru, Func<string, bool> shouldProcess)
    {
        var distinct = RemoteHosts.Distinct(sessions);
        RemoteHosts.RequireOpen(distinct, Ids);
        var chosen = distinct.Where(s => shouldProcess($"network lab '{labName}' on {s.ComputerName}")).ToList();
        if (chosen.Count == 0) return;
        var (output, errors) = RunCounted($"Removing the network lab '{labName}' from {chosen.Count} hosts", "removed their part", chosen, RemoveScript, labName, passThru);
        foreach (var o in output) _cmdlet.WriteObject(o);
        foreach (var e in errors) _cmdlet.WriteError(e);
    }

    /// <summary>
    /// Sessions to the hosts named in Hosts ('host' or 'user@host'), opened as a user would, all at once (New-PSSession
    /// -HostName a, b, c connects in parallel); they stay open for the lab's later cmdlets (-Session (Get-PSSession)).
    /// One that cannot be opened stops it all, and those opened are closed again.
    /// </summary>
    private Dictionary<string, PSSession> Open(IReadOnlyList<LabHostDefinition> entries)
    {
        var (opened, failures) = RemoteHosts.Open(_cmdlet, entries.Select(e => e.Address).ToList());
        var missing = entries.FirstOrDefault(e => !opened.ContainsKey(e.Address));
        if (missing is null) return entries.ToDictionary(e => e.Key, e => opened[e.Address], StringComparer.Ordinal);
        RemoteHosts.Close(_cmdlet, opened.Values);
        string why = failures.TryGetValue(missing.Address, out var failure) ? failure : "no session was opened";
        throw new NetOperationException(NetErrorKind.Unreachable,
            $"The lab's host '{missing.Key}' ({InputText.Echo(missing.Address)}) cannot be reached: {why}. Nothing was built on any host.", target: missing.Address)
            .WithErrorId(ErrorIds.LabHostUnreachable);
    }

    private static object? Unwrap(object? value) => value is PSObject p ? p.BaseObject : value;
}
