using System.Management.Automation;
using LinuxNetPS.Client;
using LinuxNetPS.Completers;
using LinuxNetPS.Links;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Primitives;
using LinuxNetPS.Rtnetlink;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// New-VethPair: creates a veth pair (`ip link add NAME type veth peer name PEER [netns NS]`). Pipeline input is
/// gathered (<see cref="PipelineBatch{T}"/>); with -Up the peers of a chunk are brought up together after all its pairs
/// exist (<see cref="DeferredBringUp"/>), so a bridge does not flood one peer's IPv6 start-up traffic to every port
/// while the next ports are still being added.
/// </summary>
[Cmdlet(VerbsCommon.New, "VethPair", SupportsShouldProcess = true)]
[OutputType(typeof(VethPair))]
public sealed class NewVethPairCommand : NamespacedCmdlet
{
    /// <summary>Name of the first end (created in -Namespace).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>Name of the other end.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string PeerName { get; set; } = "";

    /// <summary>Namespace for the other end (name, path or pid; 1 = the host). Omitted: the same as the first end.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(NamespaceCompleter))]
    public string? PeerNamespace { get; set; }

    /// <summary>Bridge to attach the first end to.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BridgeNameCompleter))]
    public string? Master { get; set; }

    /// <summary>MTU of both ends.</summary>
    [Parameter]
    public uint? Mtu { get; set; }

    /// <summary>Bring both ends up.</summary>
    [Parameter]
    public SwitchParameter Up { get; set; }

    private PipelineBatch<Pending>? _batch;

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _batch = new PipelineBatch<Pending>(this, CreateMany, CreateOne);
    }

    protected override void EndProcessing() => _batch!.Flush();

    protected override void StopProcessing() => _batch?.Stop();

    protected override void ProcessRecord()
    {
        _batch!.Stage(Name, () =>
        {
            LinkName.Validate(Name);
            LinkName.Validate(PeerName);
            if (Master is not null) LinkName.Validate(Master);
            var peerNamespace = string.IsNullOrEmpty(PeerNamespace) ? null : NamespaceRef.Parse(PeerNamespace);
            var spec = new VethSpec
            {
                Name = Name,
                PeerName = PeerName,
                PeerNamespace = peerNamespace,
                Mtu = Mtu,
                Master = Master,
                Up = Up.IsPresent,
                PeerUp = Up.IsPresent,
            };
            var client = Client;
            if (peerNamespace is not null) NetworkNamespaces.Get(peerNamespace); // a missing peer namespace is an error under -WhatIf too
            var peerWhere = peerNamespace is null ? "" : $", peer in {TargetText.Where(peerNamespace.Spec)}";
            var action = "Create" + (Master is null ? "" : $", '{Name}' attached to bridge '{Master}'") + (Up.IsPresent ? ", both ends up" : "");
            if (!ShouldProcess($"veth pair '{Name}' <-> '{PeerName}' in {TargetText.Where(Namespace)}{peerWhere}", action)) return;
            _batch.Add(new Pending(client, spec), Name);
        });
    }

    /// <summary>
    /// Creates every pair of the chunk, then brings all their peers up at once. Never all-or-nothing: each pair gets
    /// its own result; a pair whose peer cannot be brought up is deleted again, as CreateVeth does when it brings the
    /// peer up itself.
    /// </summary>
    private IReadOnlyList<Action> CreateMany(IReadOnlyList<Pending> items)
    {
        var deferred = new DeferredBringUp();
        var pairs = new VethPair?[items.Count];
        var errors = new Exception?[items.Count];
        var waiting = new List<int>();
        for (int i = 0; i < items.Count; i++)
        {
            var error = Attempt(() => pairs[i] = items[i].Client.Links.CreateVeth(items[i].Spec, deferred));
            errors[i] = error;
            if (error is null && items[i].Spec.PeerUp) waiting.Add(i);
        }
        var outcomes = deferred.Flush(); // in the order added: the order of `waiting`
        for (int j = 0; j < waiting.Count; j++)
        {
            int i = waiting[j];
            if (outcomes[j].Error is { } failed)
            {
                errors[i] = failed;
                pairs[i] = null;
                Attempt(() => items[i].Client.Links.Delete(items[i].Spec.Name)); // the pair goes with its first end
            }
            else
            {
                var peer = pairs[i]!.Peer;
                pairs[i] = pairs[i]! with { Peer = peer with { IsUp = true, Flags = peer.Flags | InterfaceFlags.Up } };
            }
        }
        return items.Select((_, i) => errors[i] is { } e ? () => Rethrow(e) : (Action)(() => WriteObject(pairs[i]))).ToList();
    }

    private Action CreateOne(Pending item)
    {
        var pair = item.Client.Links.CreateVeth(item.Spec);
        return () => WriteObject(pair);
    }

    private static void Rethrow(Exception error) => System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);

    private sealed record Pending(NetClient Client, VethSpec Spec);
}
