using LinuxNetPS.Client;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Compose.Labs;

/// <summary>
/// Network labs: a topology from a file (or a definition tree) becomes namespaces, veth pairs, bridges, addresses,
/// routes, forwarding and NAT in one call, and goes away as a unit.
/// <code>
/// var lab = NetLabs.Create(NetLabs.Load("examples/labs/routers.json"), name: null, prefix: "t1-");
/// NetLabs.Remove(lab.Lab);
/// </code>
/// The lab is recorded (its namespaces, before the first is made) under /run/linuxnetps/labs, so <see cref="Remove"/>
/// removes exactly what the lab made, even after the process that built it was killed. Every kernel object of a lab
/// lives inside its namespaces; nothing is touched outside them.
/// </summary>
public static class NetLabs
{
    /// <summary>Reads and checks a definition file: .json, .yml/.yaml (containerlab's *.clab.yml subset). A .psd1 is read by the module (PowerShell's parser).</summary>
    public static LabDefinition Load(string path)
    {
        var (tree, warnings) = Read(path);
        return LabBinder.Bind(tree, warnings);
    }

    /// <summary>A definition file as its tree (not yet checked), and what it said that is ignored (containerlab images ...).</summary>
    public static (LabValue Tree, IReadOnlyList<string> Warnings) Read(string path)
    {
        string text = LabFile.ReadText(path); // a regular file of at most 16 MB, checked before reading
        string lower = path.ToLowerInvariant();
        if (lower.EndsWith(".json")) return (JsonLabReader.Read(text, path), []);
        if (lower.EndsWith(".yml") || lower.EndsWith(".yaml"))
        {
            var warnings = new List<string>();
            var tree = ContainerlabTranslator.Translate(ReadYaml(text, path, ContainerlabEnvironment.Process), warnings);
            return (tree, warnings);
        }
        throw NetOperationException.Invalid($"'{path}' is not a lab definition this reads: use .psd1, .json or .clab.yml (containerlab).", path)
            .WithErrorId(ErrorIds.InvalidLabDefinition);
    }

    /// <summary>
    /// A YAML definition as containerlab reads it: Go templates refused, environment variables expanded line by line
    /// (<see cref="ContainerlabEnvironment"/>), then the YAML, its locations in the file's own columns.
    /// </summary>
    public static LabValue ReadYaml(string text, string? path, Func<string, string?> environment)
    {
        ContainerlabTranslator.RefuseTemplates(text, path);
        var (expanded, columns) = ContainerlabEnvironment.Expand(text, path, environment);
        return columns.Remap(LabYaml.Read(expanded, path));
    }

    /// <summary>The lab name rule (also for -Name and -Prefix checks in the module).</summary>
    public static void ValidateName(string name)
    {
        if (!LabBinder.IsValidNodeName(name))
            throw NetOperationException.Invalid($"'{InputText.Echo(name)}' is not a valid lab name: 1 to 32 letters, digits, '-', '_' or '.', starting with a letter or digit.", name)
                .WithErrorId(ErrorIds.InvalidLabDefinition);
    }

    /// <summary>The namespace of each node: prefix + node name.</summary>
    public static IReadOnlyDictionary<string, string> NamespacesOf(LabDefinition lab, string prefix)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in lab.Nodes)
        {
            string ns = prefix + node.Name;
            try { NamespaceRef.ValidateName(ns); }
            catch (NetOperationException e)
            {
                throw NetOperationException.Invalid($"The prefix '{InputText.Echo(prefix)}' makes an invalid namespace name for node '{node.Name}': {e.Message}", prefix)
                    .WithErrorId(ErrorIds.InvalidNamespaceName);
            }
            result[node.Name] = ns;
        }
        return result;
    }

    /// <summary>The lab's name and prefix as New-NetLab would use them (checked), without building anything.</summary>
    public static (string Name, string Prefix) Names(LabDefinition lab, string? name, string? prefix)
    {
        name ??= lab.Name ?? throw NetOperationException.Invalid("The definition has no Name; give the lab a -Name.", null).WithErrorId(ErrorIds.InvalidLabDefinition);
        ValidateName(name);
        prefix ??= name + "-";
        NamespacesOf(lab, prefix);
        return (name, prefix);
    }

    /// <summary>Builds the lab, all or nothing. Throws before anything is created for a bad name, prefix, or a namespace that exists.</summary>
    /// <paramref name="stepStarting"/> is told each step's number, the number of steps and its text before it starts (progress).
    public static NetLab Create(LabDefinition lab, string? name = null, string? prefix = null, Action<string, TimeSpan>? stepDone = null,
        Action<int, int, string>? stepStarting = null)
    {
        (name, prefix) = Names(lab, name, prefix);
        var namespaces = NamespacesOf(lab, prefix);
        var record = ToRecord(lab, name, prefix, namespaces);

        LabStore.Locked(() =>
        {
            if (LabStore.Read(name) is not null) throw LabErrors.Exists(name);
            var taken = namespaces.Values.FirstOrDefault(ns => File.Exists(NamespaceRef.Parse(ns).Path));
            if (taken is not null)
                throw new NetOperationException(NetErrorKind.AlreadyExists,
                    $"The namespace '{taken}' exists already; the lab '{name}' needs it. Choose another -Prefix (or remove it).", operation: "create network lab", target: taken)
                    .WithErrorId(ErrorIds.NamespaceExists);
            LabStore.Write(record); // before the first namespace: a crash from here on is cleaned up by Remove-NetLab
            return 0;
        });

        var builder = new LabBuilder(lab, namespaces, name);
        var plan = builder.Plan(afterNamespaces: () => LabStore.Locked(() =>
        {
            foreach (var node in record.Nodes) node.Inode = builder.Inodes[node.Name];
            LabStore.Write(record);
            return 0;
        }));
        plan.StepDone = stepDone;
        plan.StepStarting = stepStarting;
        try
        {
            plan.Apply();
        }
        catch
        {
            LabStore.Locked(() => { LabStore.Delete(name); return 0; });
            throw;
        }
        record.Phase = LabPhase.Ready;
        foreach (var node in record.Nodes)
            node.Exec = builder.ExecResults.Where(r => r.Node == node.Name)
                .Select(r => new LabExecRecord { Command = r.Command, ExitCode = r.ExitCode, Output = r.Output }).ToList();
        LabStore.Locked(() => { LabStore.Write(record); return 0; });
        return ToModel(record);
    }

    /// <summary>The recorded lab names, without looking at the kernel (for completion).</summary>
    public static IReadOnlyList<string> Names() => LabStore.Locked(() => LabStore.ReadAll()).Select(r => r.Name).ToList();

    /// <summary>Every recorded lab; a record that cannot be read is left out and told to <paramref name="warn"/>.</summary>
    public static IReadOnlyList<NetLab> List(Action<string>? warn = null) => LabStore.Locked(() => LabStore.ReadAll(warn)).Select(ToModel).ToList();

    public static NetLab Get(string name)
    {
        ValidateName(name);
        return ToModel(RecordOf(name));
    }

    public static LabRecord RecordOf(string name) => LabStore.Locked(() => LabStore.Read(name)) ?? throw LabErrors.NotFound(name);

    /// <summary>
    /// Deletes every namespace of the lab (and with them every link, address, route and rule in them), then its record.
    /// Only namespaces provably the lab's are deleted (<see cref="LabCleanup.ProblemWith"/>: the prefix plus the node's name,
    /// the recorded inode, the lab's marker on lo); the others are left alone and listed in the result's Problem, and the
    /// record goes either way, so one bad node never keeps the rest of the lab.
    /// </summary>
    /// <paramref name="progress"/> is told, before each node, how many are done, how many there are and the node's name.
    public static NetLab Remove(string name, Action<int, int, string>? progress = null)
    {
        ValidateName(name);
        return LabStore.Locked(() =>
        {
            var record = LabStore.Read(name) ?? throw LabErrors.NotFound(name);
            if (record.Phase == LabPhase.Building && record.OwnerPid != Environment.ProcessId && IsAlive(record.OwnerPid))
                throw new NetOperationException(NetErrorKind.Busy,
                    $"The lab '{name}' is being built by process {record.OwnerPid}; wait for it (or stop it) first.", operation: "remove network lab", target: name);
            var left = new List<string>();
            if (record.Name != name)
            {
                left.Add($"the record names the lab '{InputText.Echo(record.Name)}', not '{name}'");
                record.Name = name;
            }
            var model = ToModel(record);
            int done = 0;
            foreach (var node in record.Nodes)
            {
                progress?.Invoke(done++, record.Nodes.Count, node.Name);
                if (LabCleanup.ProblemWith(node, record) is { } problem) left.Add(problem);
                else LabCleanup.DeleteNamespace(node.Namespace, node.Inode);
            }
            LabStore.Delete(name);
            return model with
            {
                Status = "Removed", Nodes = model.Nodes.Select(n => n with { State = "Removed" }).ToList(),
                Problem = left.Count == 0 ? null : "Left alone: " + string.Join("; ", left),
            };
        });
    }

    /// <summary>The namespace of one node of a lab (for Invoke-NetLab).</summary>
    public static string NamespaceOf(string lab, string node)
    {
        var record = RecordOf(lab);
        return record.Nodes.FirstOrDefault(n => n.Name == node)?.Namespace
            ?? throw NetOperationException.NotFound($"The lab '{lab}' has no node '{node}' (its nodes: {string.Join(", ", record.Nodes.Select(n => n.Name))}).", node)
                .WithErrorId(ErrorIds.LabNodeNotFound);
    }

    private static bool IsAlive(int pid) => pid > 0 && Directory.Exists($"/proc/{pid}");

    private static LabRecord ToRecord(LabDefinition lab, string name, string prefix, IReadOnlyDictionary<string, string> namespaces) => new LabRecord
    {
        Name = name, Prefix = prefix, Phase = LabPhase.Building, OwnerPid = Environment.ProcessId, Source = lab.Source, Created = DateTimeOffset.Now,
        Nodes = lab.Nodes.Select(n => new LabNodeRecord
        {
            Name = n.Name, Kind = n.Kind.ToString(), Namespace = namespaces[n.Name],
            Addresses = n.Addresses.Select(a => a.ToString()).ToList(), Bridges = n.Bridges.Select(b => b.Name).ToList(),
            Routes = n.Routes.Select(r => r.ToString()).ToList(), Forwarding = n.Forwarding,
        }).ToList(),
        Links = lab.Links.Select(l => new LabLinkRecord
        {
            A = l.A.ToString(), B = l.B.ToString(), ImpairmentA = l.A.Impairment?.ToString(), ImpairmentB = l.B.Impairment?.ToString(),
            Kind = l.Kind == LabLinkKind.Veth ? null : l.Kind.ToString(),
        }.WithTunnel(l)).Concat((lab.Part?.Tunnels ?? []).Select(t => new LabLinkRecord
        {
            A = t.Link.A.ToString(), B = t.Link.B.ToString(), ImpairmentA = t.Link.A.Impairment?.ToString(), ImpairmentB = t.Link.B.Impairment?.ToString(),
            Vni = t.Vni, RemoteHost = t.RemoteHost,
        })).ToList(),
    }.WithPart(lab.Part);

    /// <summary>A VXLAN link's far end is on another machine: its record's B is the tunnel ('vxlan 100 to 192.0.2.2:4789').</summary>
    private static LabLinkRecord WithTunnel(this LabLinkRecord record, LabLinkDefinition link)
    {
        if (link.Vxlan is not { } tunnel) return record;
        record.B = tunnel.ToString();
        record.Vni = tunnel.Vni;
        return record;
    }

    /// <summary>A split lab's part records its host and the rest of the lab, so Test- and Show-NetLab on any host see all of it.</summary>
    private static LabRecord WithPart(this LabRecord record, LabPart? part)
    {
        if (part is null) return record;
        record.Host = part.Host;
        record.Hosts = part.Hosts.ToDictionary(h => h.Key, h => h.Address, StringComparer.Ordinal);
        foreach (var node in record.Nodes) node.Host = part.Host;
        record.RemoteNodes = part.RemoteNodes.Select(n => new LabRemoteNodeRecord
        {
            Name = n.Name, Kind = n.Kind.ToString(), Host = n.Host ?? "", Addresses = n.Addresses.Select(a => a.ToString()).ToList(), Forwarding = n.Forwarding,
        }).ToList();
        record.RemoteLinks = part.RemoteLinks.Select(l => new LabLinkRecord { A = l.A.ToString(), B = l.B.ToString() }).ToList();
        return record;
    }

    /// <summary>The record, checked against the kernel: each namespace there (with its inode), each link end there and up.</summary>
    internal static NetLab ToModel(LabRecord record)
    {
        var links = new Dictionary<string, IReadOnlyDictionary<string, bool>>(StringComparer.Ordinal);
        var nodes = record.Nodes.Select(n =>
        {
            var (mounted, inode) = NamespaceFile.Probe(NamespaceRef.Parse(n.Namespace).Path);
            bool running = mounted && (n.Inode is null || n.Inode == inode);
            if (running && record.Phase == LabPhase.Ready)
            {
                try { links[n.Name] = NetClient.For(n.Namespace).Links.Dump().ToDictionary(l => l.Link.Name, l => l.Link.IsUp, StringComparer.Ordinal); }
                catch (NetOperationException) { }
            }
            return new NetLabNode
            {
                Lab = record.Name, Node = n.Name, Kind = n.Kind, Namespace = n.Namespace, Addresses = n.Addresses, Routes = n.Routes,
                Forwarding = n.Forwarding, State = running ? "Running" : "Missing",
                Exec = n.Exec.Select(e => new NetLabExec { Command = e.Command, ExitCode = e.ExitCode, Output = e.Output }).ToList(),
            };
        }).ToList();

        string EndState(string end)
        {
            int colon = end.IndexOf(':');
            if (!links.TryGetValue(end[..colon], out var ofNode) || !ofNode.TryGetValue(end[(colon + 1)..], out bool up)) return "Missing";
            return up ? "Up" : "Down";
        }
        var labLinks = record.Links.Select(l =>
        {
            string a = record.Phase == LabPhase.Ready ? EndState(l.A) : "Building", b = record.Phase == LabPhase.Ready ? EndState(l.B) : "Building";
            // A link to another host has one end here (a VXLAN device): its state is that end's.
            if (l.Kind == nameof(LabLinkKind.Vxlan)) b = a;
            if (l.RemoteHost is not null) (a, b) = record.Nodes.Any(n => n.Name == l.A[..l.A.IndexOf(':')]) ? (a, a) : (b, b);
            return new NetLabLink
            {
                Lab = record.Name, EndA = l.A, EndB = l.B, ImpairmentA = l.ImpairmentA, ImpairmentB = l.ImpairmentB,
                State = a == b ? a : a == "Missing" || b == "Missing" ? "Missing" : "Down",
            };
        }).ToList();

        string status;
        string? problem = null;
        if (record.Phase == LabPhase.Building)
        {
            bool owner = record.OwnerPid == Environment.ProcessId || IsAlive(record.OwnerPid);
            status = owner ? "Building" : "Incomplete";
            if (!owner) problem = $"The New-NetLab that built it (process {record.OwnerPid}) ended before it finished; Remove-NetLab '{record.Name}' removes what it made.";
        }
        else
        {
            var missing = nodes.Where(n => n.State != "Running").Select(n => n.Node).ToList();
            var broken = labLinks.Where(l => l.State != "Up").Select(l => l.ToString()).ToList();
            status = missing.Count == 0 && broken.Count == 0 ? "Ready" : "Degraded";
            if (status == "Degraded")
                problem = string.Join("; ", new[]
                {
                    missing.Count > 0 ? $"namespaces gone: {string.Join(", ", missing)}" : null,
                    broken.Count > 0 ? $"links not up: {string.Join(", ", broken)}" : null,
                }.OfType<string>());
        }
        return new NetLab
        {
            Lab = record.Name, Prefix = record.Prefix, Status = status, Nodes = nodes, Links = labLinks,
            Source = record.Source, Created = record.Created, Problem = problem,
        };
    }
}
