using System.Runtime.ExceptionServices;
using LinuxNetPS.Client;
using LinuxNetPS.Compose.Networks.State;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Compose.Networks;

/// <summary>What became of one request of <see cref="ContainerNetworks.ConnectMany"/>.</summary>
public enum ConnectStatus
{
    Connected,
    /// <summary>Checking or applying it failed (<see cref="ConnectOutcome.Error"/>); nothing of it is left.</summary>
    Failed,
    /// <summary>The approval callback said no (-WhatIf, -Confirm answered no).</summary>
    Declined,
    /// <summary>Not tried, because an earlier request failed and the batch was to stop at the first error.</summary>
    NotAttempted,
}

/// <summary>One request's outcome: the endpoint made, or the error, and the steps that were planned for it.</summary>
public sealed record ConnectOutcome
{
    public required ConnectSpec Spec { get; init; }
    public required ConnectStatus Status { get; init; }
    public ContainerEndpoint? Endpoint { get; init; }
    public NetOperationException? Error { get; init; }
    public IReadOnlyList<string> Steps { get; init; } = [];
}

/// <summary>Connecting containers, one or many per lock.</summary>
public sealed partial class ContainerNetworks
{
    /// <summary>Connects a container (namespace) to a network: interface, address, default route, lo up, published ports, all or nothing.</summary>
    public ContainerEndpoint Connect(ConnectSpec spec)
    {
        var outcome = ConnectMany([spec])[0];
        if (outcome.Error is not null) ExceptionDispatchInfo.Throw(outcome.Error);
        return outcome.Endpoint!;
    }

    /// <summary>
    /// Connects many containers in one pass over the state: one lock, one read and reconcile, one write that records
    /// every planned endpoint as Pending, the kernel steps of each in turn, one write that records them Connected. Each
    /// request is all or nothing on its own: a bad one fails alone (its <see cref="ConnectOutcome.Error"/>), the others
    /// connect; outcomes come back in the order of <paramref name="specs"/>. A process killed in the middle leaves only
    /// Pending records, which the next reader rolls back, so no container stays half connected and no address leaks.
    /// <paramref name="approve"/> (for -WhatIf/-Confirm) sees each checked request with its steps before anything of it
    /// is done; <paramref name="stopAtFirstError"/> leaves the requests after the first failure NotAttempted (-ErrorAction Stop).
    /// <paramref name="progress"/> is told, on the calling thread, how many of the planned connects are done and how many there are.
    /// </summary>
    /// <paramref name="deferNames"/>: the containers' hosts and resolv.conf files are not written now but noted there, for
    /// one <see cref="WriteNames"/> at the end of a pipeline of many batches.
    public IReadOnlyList<ConnectOutcome> ConnectMany(IReadOnlyList<ConnectSpec> specs,
        Func<ConnectSpec, IReadOnlyList<string>, bool>? approve = null, bool stopAtFirstError = false, Action<int, int>? progress = null,
        PendingNames? deferNames = null)
    {
        ArgumentNullException.ThrowIfNull(specs);
        if (specs.Count == 0) return [];
        return Locked(c =>
        {
            var outcomes = new ConnectOutcome?[specs.Count];
            var planned = Plan(c, specs, approve, stopAtFirstError, outcomes);
            if (planned.Count > 0) c.Session.Save(); // the intent, before any kernel change
            bool stopped = false;
            int finished = 0;
            foreach (var p in planned)
            {
                progress?.Invoke(finished++, planned.Count);
                if (stopped)
                {
                    c.State.Endpoints.Remove(p.Endpoint);
                    outcomes[p.Index] = new ConnectOutcome { Spec = specs[p.Index], Status = ConnectStatus.NotAttempted, Steps = p.Plan.Steps };
                    continue;
                }
                try
                {
                    p.Plan.Apply(); // undoes its own steps on failure
                }
                catch (NetOperationException e)
                {
                    c.State.Endpoints.Remove(p.Endpoint);
                    outcomes[p.Index] = new ConnectOutcome { Spec = specs[p.Index], Status = ConnectStatus.Failed, Error = e, Steps = p.Plan.Steps };
                    stopped = stopAtFirstError;
                    continue;
                }
                p.Endpoint.Phase = EndpointPhase.Connected;
                c.ChangedNetworks.Add(p.Network.Id);
                // The kernel's choice, kept for listing (the bridge driver has it from creating the veth already).
                if (p.Endpoint.InterfaceName is not null) p.Endpoint.MacAddress ??= p.Container.Links.Read(0, p.Endpoint.InterfaceName)?.Link.MacAddress;
                outcomes[p.Index] = new ConnectOutcome
                {
                    Spec = specs[p.Index], Status = ConnectStatus.Connected, Endpoint = ToModel(p.Network, p.Endpoint), Steps = p.Plan.Steps,
                };
            }
            progress?.Invoke(finished, planned.Count);
            if (planned.Count > 0) c.Session.Dirty = true; // the final write, by the store
            for (int i = 0; i < outcomes.Length; i++)
                outcomes[i] ??= new ConnectOutcome { Spec = specs[i], Status = ConnectStatus.NotAttempted };
            return (IReadOnlyList<ConnectOutcome>)outcomes!;
        }, deferNames);
    }

    /// <summary>Checks a Connect without changing anything (for -WhatIf): the steps it would take.</summary>
    public IReadOnlyList<string> PlanConnect(ConnectSpec spec) => ReadLocked(c => PrepareConnect(spec, c, preview: true).Plan.Steps);

    private sealed record PlannedConnect(int Index, NetworkRecord Network, EndpointRecord Endpoint, NetClient Container, ChangePlan Plan);

    /// <summary>
    /// Checks and plans the requests in order. Each planned endpoint joins the state (Pending) at once, so the next
    /// request sees its address, ports and container as taken. Failures and refusals go to <paramref name="outcomes"/>.
    /// </summary>
    private List<PlannedConnect> Plan(Ctx c, IReadOnlyList<ConnectSpec> specs, Func<ConnectSpec, IReadOnlyList<string>, bool>? approve,
        bool stopAtFirstError, ConnectOutcome?[] outcomes)
    {
        var planned = new List<PlannedConnect>(specs.Count);
        var clients = OpenContainers(specs);
        for (int i = 0; i < specs.Count; i++)
        {
            try
            {
                // Planned as a preview first, so nothing (not even the default bridge) is made before it is approved.
                var (network, endpoint, container, plan) = PrepareConnect(specs[i], c, preview: true, clients[i]);
                if (approve is not null && !approve(specs[i], plan.Steps))
                {
                    outcomes[i] = new ConnectOutcome { Spec = specs[i], Status = ConnectStatus.Declined, Steps = plan.Steps };
                    continue;
                }
                if (network.Name == BuiltInNetworks.Bridge && !c.State.Networks.Contains(network))
                    (network, endpoint, container, plan) = PrepareConnect(specs[i], c, preview: false, clients[i]); // makes docker0 now
                endpoint.Phase = EndpointPhase.Pending; // a process killed from here on is rolled back by the next reader
                c.State.Endpoints.Add(endpoint);
                planned.Add(new PlannedConnect(i, network, endpoint, container, plan));
            }
            catch (NetOperationException e)
            {
                outcomes[i] = new ConnectOutcome { Spec = specs[i], Status = ConnectStatus.Failed, Error = e };
                if (stopAtFirstError) break;
            }
        }
        return planned;
    }

    /// <summary>
    /// The containers' clients, held for the whole batch (the client cache may drop them meanwhile; they stay usable), with
    /// their sockets opened in one visit of the namespace worker. A namespace that cannot be opened gives null here and its
    /// own error when its request is checked.
    /// </summary>
    private static NetClient?[] OpenContainers(IReadOnlyList<ConnectSpec> specs)
    {
        if (specs.Count == 1) return new NetClient?[1];
        var clients = NetClient.ForMany(specs.Select(s => string.IsNullOrWhiteSpace(s.Namespace) ? null : s.Namespace).ToList());
        for (int i = 0; i < specs.Count; i++)
            if (string.IsNullOrWhiteSpace(specs[i].Namespace)) clients[i] = null; // "" is not the host here: its request fails on its own
        NetClient.OpenRouteSockets(clients.OfType<NetClient>());
        return clients;
    }
}
