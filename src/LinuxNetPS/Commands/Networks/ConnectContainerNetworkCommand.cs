using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Compose.Networks;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// Connect-ContainerNetwork: `docker run --network NET` / `docker network connect NET c1`. The container (namespace)
/// gets an interface on the network (a veth into the bridge, or a macvlan), an address (the next free one or
/// -IPAddress), the default route, lo up and the -Publish ports, all or nothing. -Network none leaves only lo, up.
/// Piped containers are connected in batches (<see cref="ContainerNetworks.ConnectMany"/>), each still on its own.
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "ContainerNetwork", SupportsShouldProcess = true)]
[OutputType(typeof(ContainerEndpoint))]
public sealed class ConnectContainerNetworkCommand : ContainerEndpointCmdlet, IDisposable
{
    /// <summary>The network: a name (bridge, none, foo ...) or an object from Get-/New-ContainerNetwork.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(ContainerNetworkCompleter))]
    public object Network { get; set; } = "";

    /// <summary>The container's namespace: a name under /run/netns, a path or a process id. Namespaces pipe in by property name.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(NamespaceCompleter))]
    public string Namespace { get; set; } = "";

    /// <summary>The container's address (`--ip`); omitted: the next free address of the network.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? IPAddress { get; set; }

    /// <summary>The container's IPv6 address (`--ip6`), on networks made with -IPv6; omitted: the next free one.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? IPv6Address { get; set; }

    /// <summary>The interface's name in the container; default eth0. (-Interface, with the alias Name, as on the address cmdlets.)</summary>
    [Parameter]
    [Alias("Name")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(FreeInterfaceNameCompleter))]
    public string Interface { get; set; } = "eth0";

    /// <summary>The interface's MAC address (`--mac-address`).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? MacAddress { get; set; }

    /// <summary>Published ports (`-p`): "8080:80", "5353:53/udp", "10.0.0.1:8080:80".</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] Publish { get; set; } = [];

    /// <summary>More names the other containers of the network find this one by (`--alias`, `--network-alias`), besides its namespace's name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] Alias { get; set; } = [];

    /// <summary>Name servers for the container (`--dns`): written to /etc/netns/NAME/resolv.conf.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] Dns { get; set; } = [];

    /// <summary>Search domains for the container (`--dns-search`), in the same resolv.conf.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] DnsSearch { get; set; } = [];

    /// <summary>overlay: the host(s) (PowerShell sessions) the container is on, the namespace named is connected on each; every host of the overlay learns their addresses and MACs.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public System.Management.Automation.Runspaces.PSSession[]? Session { get; set; }

    /// <summary>-Session: the containers gathered from the pipeline, connected at the end in one fan-out.</summary>
    private readonly List<string> _remote = new();
    private string? _remoteNetwork;

    /// <summary>How many piped containers are connected per pass over the network's state (one lock, two writes).</summary>
    private const int BatchSize = 128;

    private readonly List<ConnectSpec> _batch = new();
    private string? _batchNetworkNamespace;

    /// <summary>Names files the batches left to write, per network namespace: written once at the end of the pipeline
    /// (or when it stops), so N piped containers write each file once rather than after every batch.</summary>
    private readonly Dictionary<string, PendingNames> _names = new(StringComparer.Ordinal);

    /// <summary>
    /// Gathers the piped containers and connects them in batches (<see cref="ContainerNetworks.ConnectMany"/>): the
    /// outputs, error records and -WhatIf/-Confirm questions come per container and in input order, as if each were
    /// connected on its own. A batch is sent when it is full, when the network's namespace changes and at the end.
    /// </summary>
    protected override void ProcessRecord()
    {
        (string Name, string? Namespace) network;
        try
        {
            network = NetworkArgument.Resolve(Network, NetworkNamespace);
        }
        catch (NetOperationException e)
        {
            Flush(); // the containers before this one come first
            Report(e, Namespace);
            return;
        }
        if (Session is not null)
        {
            if (new[] { "IPv6Address", "MacAddress", "Publish", "Alias", "Dns", "DnsSearch", "NetworkNamespace" }.FirstOrDefault(MyInvocation.BoundParameters.ContainsKey) is { } other)
            {
                Report(NetOperationException.Invalid($"-{other} is not taken with -Session (an overlay across hosts): connect with -Network, -Namespace, -Interface and, for one container, -IPAddress.", other)
                    .WithErrorId(ErrorIds.ParameterConflict), Namespace);
                return;
            }
            _remoteNetwork = network.Name;
            _remote.Add(Namespace);
            return;
        }
        if (_batch.Count > 0 && _batchNetworkNamespace != network.Namespace) Flush();
        _batchNetworkNamespace = network.Namespace;
        _batch.Add(new ConnectSpec
        {
            Network = network.Name, Namespace = Namespace, IPAddress = IPAddress, IPv6Address = IPv6Address, InterfaceName = Interface, MacAddress = MacAddress, Publish = Publish,
            Aliases = Alias, Dns = Dns, DnsSearch = DnsSearch,
        });
        if (_batch.Count >= BatchSize)
        {
            _moreInput = true; // a full batch: more input may follow, so the total is not known
            Flush();
        }
    }

    protected override void EndProcessing()
    {
        try
        {
            Flush();
        }
        finally
        {
            _progress?.Complete();
        }
        WriteNames();
        if (Session is not null && _remote.Count > 0)
            Try(_remote[0], () => new OverlayHosts(this).Connect(Session, _remoteNetwork!, _remote.Distinct(StringComparer.Ordinal).ToList(), IPAddress, Interface,
                what => ShouldProcess(what, "Connect")));
    }

    /// <summary>Also when the pipeline stops early (an error under -ErrorAction Stop, Ctrl+C): the containers connected so far get their names.</summary>
    public void Dispose() => WriteNames();

    private void WriteNames()
    {
        foreach (var (networkNamespace, pending) in _names)
            if (pending.Any)
                try { ContainerNetworks.For(networkNamespace.Length == 0 ? null : networkNamespace).WriteNames(pending); }
                catch (NetOperationException) { } // names are a convenience over a network that works without them
    }

    /// <summary>Progress over the whole pipeline: containers connected so far, and of how many when one batch holds them all.</summary>
    private ProgressReporter? _progress;
    private bool _moreInput;
    private int _connected;
    private int _batches;

    private void Flush()
    {
        var specs = _batch.ToList();
        _batch.Clear();
        bool stopAtFirstError = ErrorActionOf() is ActionPreference.Stop or ActionPreference.Inquire;
        while (specs.Count > 0)
        {
            IReadOnlyList<ConnectOutcome>? outcomes = null;
            Try(specs[0].Namespace, () =>
            {
                try
                {
                    // Everything is checked before ShouldProcess is asked: bad input fails the same with -WhatIf.
                    _progress ??= new ProgressReporter(this, "Connecting containers");
                    int before = _connected, batch = ++_batches;
                    var key = _batchNetworkNamespace ?? "";
                    if (!_names.TryGetValue(key, out var pending)) _names[key] = pending = new PendingNames();
                    outcomes = ContainerNetworks.For(_batchNetworkNamespace).ConnectMany(specs, Approve, stopAtFirstError, (done, total) =>
                    {
                        _connected = before + done;
                        // The first batch may be all there is (its size is known); later ones add to an open-ended count.
                        _progress.Report(batch == 1 && !_moreInput ? done : _connected, batch == 1 && !_moreInput ? total : 0,
                            $"{_connected} containers connected{(batch == 1 && !_moreInput ? $" of {total}" : "")}", force: done == total);
                    }, pending);
                }
                catch (NetOperationException e) when (e.Kind != NetErrorKind.PermissionDenied)
                {
                    foreach (var spec in specs) Report(e, spec.Namespace); // what fails them all (the network's namespace is gone ...) fails each
                }
            });
            if (outcomes is null) return;
            foreach (var outcome in outcomes)
            {
                if (outcome.Endpoint is not null) WriteObject(outcome.Endpoint);
                else if (outcome.Error is not null) Report(outcome.Error, outcome.Spec.Namespace); // throws under -ErrorAction Stop
            }
            // After an error that did not stop the pipeline (-ErrorAction Inquire answered Continue), the rest goes on.
            specs = outcomes.Where(o => o.Status == ConnectStatus.NotAttempted).Select(o => o.Spec).ToList();
        }
    }

    private bool Approve(ConnectSpec spec, IReadOnlyList<string> steps) =>
        ShouldProcess($"{TargetText.Where(spec.Namespace)} to container network '{spec.Network}' in {TargetText.Where(_batchNetworkNamespace)}: {string.Join("; ", steps)}", "Connect");

    private ActionPreference ErrorActionOf()
    {
        if (MyInvocation.BoundParameters.TryGetValue("ErrorAction", out var bound) && LanguagePrimitives.TryConvertTo(bound, out ActionPreference given)) return given;
        return LanguagePrimitives.TryConvertTo(GetVariableValue("ErrorActionPreference"), out ActionPreference preference) ? preference : ActionPreference.Continue;
    }
}
