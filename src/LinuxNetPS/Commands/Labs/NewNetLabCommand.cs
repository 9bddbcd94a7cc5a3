using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using LinuxNetPS.Compose.Labs;
using LinuxNetPS.Model;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// New-NetLab: builds a whole lab (namespaces, veth pairs, bridges, addresses, routes, forwarding, NAT) from a
/// definition file (.psd1, .json, containerlab .clab.yml) or a hashtable. Everything is checked first; the build is
/// all or nothing.
/// </summary>
[Cmdlet(VerbsCommon.New, "NetLab", SupportsShouldProcess = true, DefaultParameterSetName = "Path")]
[OutputType(typeof(NetLab))]
public sealed class NewNetLabCommand : NetCmdlet
{
    /// <summary>The definition file.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Path")]
    [ValidateNotNullOrEmpty]
    [PathArgument]
    public string Path { get; set; } = "";

    /// <summary>The definition as a hashtable (the same keys as a .psd1 file).</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Definition")]
    [ValidateNotNull]
    public IDictionary? Definition { get; set; }

    /// <summary>The lab's name (default: the definition's Name, else the file's name).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>What every node's namespace name starts with (default: NAME-). Give each test run its own.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Prefix { get; set; }

    /// <summary>A lab split over hosts: the hosts' PowerShell sessions (New-PSSession -HostName), matched to the definition's Hosts by name or key; each builds its nodes.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public PSSession[]? Session { get; set; }

    /// <summary>A lab split over hosts: the hosts by key, @{ a = $session; b = 'user@hostB' } (adds to or replaces the definition's Hosts).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public IDictionary? Hosts { get; set; }

    /// <summary>Builds only the part of a split lab placed on this host key (what -Session asks of each host); Hosts must give the hosts' underlay addresses.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.LabHostCompleter))]
    public string? OnHost { get; set; }

    protected override void ProcessRecord()
    {
        Try(Name ?? Path, () =>
        {
            var (tree, warnings) = ParameterSetName == "Path"
                ? LabDefinitionReader.TreeFromPath(SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path))
                : (LabDefinitionReader.TreeFromHashtable(Definition!), []);
            string? fileName = ParameterSetName == "Path" ? DefaultName(Path) : null;
            var hosts = HostsGiven();
            if (OnHost is not null && (Session is not null || hosts is not null))
                throw Errors.NetOperationException.Invalid("-OnHost builds one host's part here; -Session and -Hosts build every host's part from a controller. Give one or the other.", OnHost)
                    .WithErrorId(Errors.ErrorIds.ParameterConflict);
            var lab = Session is null && hosts is null ? LabBinder.Bind(tree, warnings) : null;
            if (lab is null || (lab.Hosts.Count > 0 && OnHost is null))
            {
                // A lab over hosts, built from here: each host builds its part through its session.
                new LabHosts(this).Create(tree, warnings, fileName, Name, Prefix, Session, hosts, what => ShouldProcess(what, "Create"));
                return;
            }
            foreach (var warning in lab.Warnings) WriteWarning(warning);
            string? name = Name ?? lab.Name ?? fileName;
            var (labName, prefix) = NetLabs.Names(lab, name, Prefix);
            if (OnHost is not null) lab = LabSplit.Part(lab, labName, OnHost);
            string tunnels = lab.Part is { } part ? $", {part.Tunnels.Count} VXLAN tunnels to other hosts" : "";
            if (!ShouldProcess($"network lab '{labName}' ({lab.Nodes.Count} nodes as namespaces {prefix}*, {lab.Links.Count} links{tunnels})", "Create")) return;
            var progress = new ProgressReporter(this, $"Building network lab '{labName}' ({lab.Nodes.Count} nodes, {lab.Links.Count} links)");
            try
            {
                WriteObject(NetLabs.Create(lab, labName, prefix, (step, took) => WriteVerbose($"{step}: {took.TotalMilliseconds:0} ms"),
                    (index, count, step) => progress.Report(index, count, $"Step {index + 1} of {count}: {step}")));
            }
            finally
            {
                progress.Complete();
            }
        });
    }

    /// <summary>-Hosts, with the sessions a -Definition hashtable gives in its Hosts (-Hosts wins for a key given twice); null when neither gives any.</summary>
    private IDictionary? HostsGiven()
    {
        var inDefinition = Unwrap(Definition?["Hosts"]) as IDictionary;
        var sessions = new Hashtable(StringComparer.OrdinalIgnoreCase);
        if (inDefinition is not null)
            foreach (DictionaryEntry e in inDefinition)
                if (Unwrap(e.Value) is PSSession s) sessions[Unwrap(e.Key)?.ToString() ?? ""] = s;
        if (sessions.Count == 0) return Hosts;
        if (Hosts is not null) foreach (DictionaryEntry e in Hosts) sessions[Unwrap(e.Key)?.ToString() ?? ""] = e.Value;
        return sessions;
    }

    /// <summary>"routers.clab.yml" → "routers".</summary>
    private static string DefaultName(string path)
    {
        string file = System.IO.Path.GetFileName(path);
        int dot = file.IndexOf('.');
        return dot > 0 ? file[..dot] : file;
    }
}
