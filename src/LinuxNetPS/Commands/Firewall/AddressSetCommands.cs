using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>New-NetFirewallAddressSet: a named set of addresses and prefixes (`nft add set inet linuxnetps NAME { type ipv4_addr; flags interval; }`).</summary>
[Cmdlet(VerbsCommon.New, "NetFirewallAddressSet", SupportsShouldProcess = true)]
[OutputType(typeof(NetFirewallAddressSet))]
public sealed class NewNetFirewallAddressSetCommand : NamespacedCmdlet
{
    /// <summary>The set's name: letters, digits, _ . - starting with a letter.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>Addresses and prefixes to start with.</summary>
    [Parameter(Position = 1)]
    public string[]? Member { get; set; }

    /// <summary>IPv4 or IPv6; default: the family of the first member, else IPv4.</summary>
    [Parameter]
    [Alias("AddressFamily")]
    public IPFamily? Family { get; set; }

    protected override void ProcessRecord()
    {
        Try(Name, () =>
        {
            var sets = Client.AddressSets;
            var family = Family ?? (Member?.FirstOrDefault() is { } first && first.Contains(':') ? IPFamily.IPv6 : IPFamily.IPv4);
            if (!ShouldProcess(Target("address set", $"{Name} ({family}, {Member?.Length ?? 0} members)"), "Create")) return;
            WriteObject(sets.New(Name, family, Member));
        });
    }
}

/// <summary>Get-NetFirewallAddressSet: the address sets with their members and the rules that use them.</summary>
[Cmdlet(VerbsCommon.Get, "NetFirewallAddressSet")]
[OutputType(typeof(NetFirewallAddressSet))]
public sealed class GetNetFirewallAddressSetCommand : NamespacedCmdlet
{
    /// <summary>Set names; wildcards allowed.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(AddressSetNameCompleter))]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        Try(Namespace, () =>
        {
            WriteObject(NameFilter.Select(Client.AddressSets.List(), s => s.AddressSet, Name, out var missing), true);
            foreach (var name in missing)
                Report(NetOperationException.NotFound($"There is no address set '{name}' in {TargetText.Where(Namespace)}.", name).WithErrorId(ErrorIds.AddressSetNotFound), name);
        });
    }
}

/// <summary>Remove-NetFirewallAddressSet: deletes sets no firewall rule uses.</summary>
[Cmdlet(VerbsCommon.Remove, "NetFirewallAddressSet", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "Name")]
[OutputType(typeof(void))]
public sealed class RemoveNetFirewallAddressSetCommand : NamespacedCmdlet
{
    /// <summary>The sets to delete.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Name")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(AddressSetNameCompleter))]
    public string[] Name { get; set; } = [];

    /// <summary>The sets to delete, from the pipeline (the AddressSet property of Get-NetFirewallAddressSet's objects).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "AddressSet")]
    [ValidateNotNullOrEmpty]
    public string[] AddressSet { get; set; } = [];

    protected override void ProcessRecord()
    {
        foreach (var name in ParameterSetName == "AddressSet" ? AddressSet : Name)
            Try(name, () =>
            {
                var sets = Client.AddressSets;
                var set = sets.Get(name);
                if (!ShouldProcess(Target("address set", $"{set.AddressSet} ({set.MemberCount} members)"), "Remove")) return;
                sets.Remove(name);
            });
    }
}

/// <summary>
/// What Add- and Remove-NetFirewallAddressSetMember share: members from the parameter or piped in as strings (Get-Content
/// of a block list), gathered per set and changed in one transaction at the end of the input.
/// </summary>
public abstract class AddressSetMemberCmdlet : NamespacedCmdlet
{
    private readonly List<(string? Namespace, string Set, List<string> Members)> _groups = new();

    /// <summary>The address set.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Name")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(AddressSetNameCompleter))]
    public string Name { get; set; } = "";

    /// <summary>The address set, from the pipeline (the AddressSet property of New- or Get-NetFirewallAddressSet's objects).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "AddressSet")]
    [ValidateNotNullOrEmpty]
    public string AddressSet { get; set; } = "";

    /// <summary>Addresses and prefixes ("10.0.0.1", "10.1.0.0/16"); from the pipeline as strings.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ParameterSetName = "Name")]
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = "AddressSet")]
    [ValidateNotNullOrEmpty]
    [ObjectNames("Member")]
    public string[] Member { get; set; } = [];

    /// <summary>Write the set to the pipeline.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    protected abstract bool Adding { get; }

    protected override void ProcessRecord()
    {
        var ns = NamespaceOrNull;
        var set = ParameterSetName == "AddressSet" ? AddressSet : Name;
        var group = _groups.FirstOrDefault(g => g.Namespace == ns && g.Set == set);
        if (group.Members is null) _groups.Add(group = (ns, set, []));
        group.Members.AddRange(Member);
    }

    protected override void EndProcessing()
    {
        foreach (var (ns, set, members) in _groups)
        {
            Namespace = ns;
            Try(set, () =>
            {
                var sets = Client.AddressSets;
                string what = members.Count == 1 ? members[0] : $"{members.Count} members";
                if (!ShouldProcess(Target("address set", set), Adding ? $"Add {what}" : $"Remove {what}")) return;
                _ = Adding ? sets.AddMembers(set, members) : sets.RemoveMembers(set, members);
                if (PassThru) WriteObject(sets.Get(set));
            });
        }
    }
}

/// <summary>Add-NetFirewallAddressSetMember: adds addresses and prefixes to a set (`nft add element inet linuxnetps NAME { ... }`).</summary>
[Cmdlet(VerbsCommon.Add, "NetFirewallAddressSetMember", DefaultParameterSetName = "Name", SupportsShouldProcess = true)]
[OutputType(typeof(NetFirewallAddressSet))]
public sealed class AddNetFirewallAddressSetMemberCommand : AddressSetMemberCmdlet
{
    protected override bool Adding => true;
}

/// <summary>Remove-NetFirewallAddressSetMember: removes members, each exactly as it was added.</summary>
[Cmdlet(VerbsCommon.Remove, "NetFirewallAddressSetMember", DefaultParameterSetName = "Name", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(NetFirewallAddressSet))]
public sealed class RemoveNetFirewallAddressSetMemberCommand : AddressSetMemberCmdlet
{
    protected override bool Adding => false;
}
