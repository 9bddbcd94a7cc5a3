using System.Management.Automation;
using LinuxNetPS.Client;
using LinuxNetPS.Completers;
using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Primitives;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>Set-NetLink: changes a link's state and settings (`ip link set`).</summary>
[Cmdlet(VerbsCommon.Set, "NetLink", SupportsShouldProcess = true)]
[OutputType(typeof(NetLink))]
public sealed class SetNetLinkCommand : NamespacedCmdlet
{
    private LinkChanges _changes = new();

    /// <summary>The links to change.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ObjectNames("Name", typeof(NetLink), typeof(VethPair), typeof(BridgePort), typeof(NetBridge))]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string[] Name { get; set; } = [];

    /// <summary>Bring the link up.</summary>
    [Parameter]
    public SwitchParameter Up { get; set; }

    /// <summary>Bring the link down.</summary>
    [Parameter]
    public SwitchParameter Down { get; set; }

    /// <summary>New MTU.</summary>
    [Parameter]
    public uint? Mtu { get; set; }

    /// <summary>New hardware address, aa:bb:cc:dd:ee:ff.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? MacAddress { get; set; }

    /// <summary>Rename the link (it must be down for most kinds).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? NewName { get; set; }

    /// <summary>Alias text (ifalias); an empty string clears it.</summary>
    [Parameter]
    [AllowEmptyString]
    public string? Alias { get; set; }

    /// <summary>Attach the link to this bridge.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BridgeNameCompleter))]
    public string? Master { get; set; }

    /// <summary>Detach the link from its bridge.</summary>
    [Parameter]
    public SwitchParameter NoMaster { get; set; }

    /// <summary>New transmit queue length.</summary>
    [Parameter]
    public uint? TxQueueLength { get; set; }

    /// <summary>Write the changed link to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        try
        {
            _changes = new LinkChangeRequest
            {
                Up = Up.IsPresent, Down = Down.IsPresent, Mtu = Mtu, MacAddress = MacAddress, NewName = NewName,
                Alias = Alias, Master = Master, NoMaster = NoMaster.IsPresent, TxQueueLength = TxQueueLength,
            }.ToChanges();
        }
        catch (NetOperationException e)
        {
            ThrowUsage(e);
        }
    }

    /// <summary>
    /// Only bringing links up, nothing to write: the links of one namespace (several names, or names piped in) are
    /// brought up with one pipelined send (<see cref="LinkOperations.SetUpMany"/>, no read-back), through
    /// <see cref="PipelineBatch{T}"/>. Any other change (or -PassThru, which needs the link read back) goes link by link.
    /// </summary>
    private PipelineBatch<(NetClient Client, string Name)>? _upOnly;

    protected override void ProcessRecord()
    {
        if (NewName is not null && Name.Length > 1)
            ThrowUsage(NetOperationException.Invalid($"-NewName renames one link, but {Name.Length} names were given."));
        if (_upOnly is null && !PassThru && _changes == new LinkChanges { Up = true })
            _upOnly = new PipelineBatch<(NetClient Client, string Name)>(this, UpMany, UpOne);
        foreach (var name in Name)
        {
            if (_upOnly is not null)
            {
                _upOnly.Stage(name, () =>
                {
                    LinkName.Validate(name);
                    var client = Client;
                    if (!ShouldProcess(Target("link", name), LinkChangeRequest.Describe(_changes))) return;
                    _upOnly.Add((client, name), name, NamespaceOrNull ?? "");
                });
                continue;
            }
            Try(name, () =>
            {
                LinkName.Validate(name);
                var client = Client;
                if (!ShouldProcess(Target("link", name), LinkChangeRequest.Describe(_changes))) return;
                // Only -PassThru shows the link: without it the change is sent alone, not followed by a read-back.
                if (PassThru) WriteObject(client.Links.Set(name, _changes));
                else client.Links.Apply(name, _changes);
            });
        }
    }

    protected override void EndProcessing() => _upOnly?.Flush();

    protected override void StopProcessing() => _upOnly?.Stop();

    /// <summary>One namespace's links (a chunk is one group); per-link outcomes, never all-or-nothing.</summary>
    private static IReadOnlyList<Action> UpMany(IReadOnlyList<(NetClient Client, string Name)> links)
    {
        var errors = links[0].Client.Links.SetUpMany(links.Select(l => l.Name).ToList());
        return errors.Select(e => e is null ? () => { } : (Action)(() => System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e))).ToList();
    }

    private Action UpOne((NetClient Client, string Name) link)
    {
        // One link at a time (a single name, or a batch retried): no -PassThru here, so no read-back.
        link.Client.Links.Apply(link.Name, _changes);
        return () => { };
    }
}
