using System.Management.Automation;
using LinuxNetPS.Addresses;
using LinuxNetPS.Completers;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Primitives;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// Set-NetIPAddress: changes an address's prefix length or lifetimes (Windows' NetTCPIP). Linux keys an address by
/// address and length, so a new length is remove and add (if the add fails, the old address is put back); new lifetimes
/// are a replace of the same address (NLM_F_REPLACE), which keeps it in place.
/// </summary>
[Cmdlet(VerbsCommon.Set, "NetIPAddress", SupportsShouldProcess = true)]
[OutputType(typeof(NetAddress))]
public sealed class SetNetIPAddressCommand : NamespacedCmdlet
{
    /// <summary>The address to change, without prefix length.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string IPAddress { get; set; } = "";

    /// <summary>The interface that has the address; omitted: the one interface that has it.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? InterfaceAlias { get; set; }

    /// <summary>The index of the interface that has the address.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("ifIndex")]
    [ValidateRange(1, int.MaxValue)]
    public int? InterfaceIndex { get; set; }

    /// <summary>The new prefix length.</summary>
    [Parameter]
    [ValidateRange(0, 128)]
    public int? PrefixLength { get; set; }

    /// <summary>The new valid lifetime (valid_lft); [TimeSpan]::MaxValue: forever.</summary>
    [Parameter]
    public TimeSpan? ValidLifetime { get; set; }

    /// <summary>The new preferred lifetime (preferred_lft); not longer than the valid lifetime.</summary>
    [Parameter]
    public TimeSpan? PreferredLifetime { get; set; }

    /// <summary>Write the changed address to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        Try(IPAddress, () =>
        {
            if (PrefixLength is null && ValidLifetime is null && PreferredLifetime is null)
                throw NetOperationException.Invalid("Say what to change: -PrefixLength, -ValidLifetime or -PreferredLifetime.", IPAddress);
            var (address, _) = AddressArgument.Read(IPAddress, PrefixLength); // checks the length against the family
            var client = Client;
            var iface = WindowsInterfaces.One(client, InterfaceAlias, InterfaceIndex);
            var matches = client.Addresses.List(iface).Where(a => a.IPAddress.Equals(address)).ToList();
            if (matches.Count == 0)
                throw NetOperationException.NotFound($"No interface{(iface is null ? "" : $" '{iface}'")} in {TargetText.Where(Namespace)} has the address {address}.", IPAddress)
                    .WithErrorId(ErrorIds.AddressNotFound);
            if (matches.Select(m => m.Interface).Distinct().Count() > 1)
                throw NetOperationException.Invalid($"{address} is on {string.Join(", ", matches.Select(m => m.Interface).Distinct())}; name one with -InterfaceAlias.", IPAddress)
                    .WithErrorId(ErrorIds.ParameterConflict);
            var old = matches[0];
            var target = new IPPrefix(address, PrefixLength ?? old.PrefixLength);
            var options = Options(old);
            AddressLifetime.Of(options, address); // a bad pair fails before -WhatIf, as without it
            bool lengthChanges = target.PrefixLength != old.PrefixLength;
            if (!lengthChanges && ValidLifetime is null && PreferredLifetime is null)
            {
                if (PassThru) WriteObject(old);
                return;
            }
            string action = lengthChanges ? $"Change address {old.Cidr} to {target}" : $"Change the lifetimes of address {old.Cidr}";
            if (!ShouldProcess(Target("interface", old.Interface), action)) return;
            var oldPrefix = new IPPrefix(old.IPAddress, old.PrefixLength);
            NetAddress changed;
            if (!lengthChanges)
            {
                changed = client.Addresses.Add(old.Interface, oldPrefix, options with { Replace = true });
            }
            else
            {
                client.Addresses.Remove(old.Interface, oldPrefix);
                try
                {
                    changed = client.Addresses.Add(old.Interface, target, options);
                }
                catch (NetOperationException)
                {
                    try { client.Addresses.Add(old.Interface, oldPrefix, Keep(old)); } catch (NetOperationException) { }
                    throw;
                }
            }
            if (PassThru) WriteObject(changed);
        });
    }

    /// <summary>
    /// What the address keeps (broadcast, label, DAD and prefix-route flags) with the lifetimes asked for; a lifetime not
    /// asked for stays what is left of it, except that the preferred one never outlasts a shorter new valid one, and an
    /// address made permanent stays preferred (IPv4 could not hold anything else).
    /// </summary>
    private AddressOptions Options(NetAddress old)
    {
        var keep = Keep(old);
        var valid = ValidLifetime ?? old.ValidLifetime;
        var preferred = PreferredLifetime
            ?? (ValidLifetime == TimeSpan.MaxValue || old.PreferredLifetime > valid ? valid : old.PreferredLifetime);
        bool forever = valid == TimeSpan.MaxValue && preferred == TimeSpan.MaxValue;
        return keep with { ValidLifetime = forever ? null : valid, PreferredLifetime = forever ? null : preferred };
    }

    private static AddressOptions Keep(NetAddress old) => new()
    {
        Broadcast = old.Broadcast,
        Label = old.Label is { Length: > 0 } label && label != old.Interface ? label : null,
        Scope = old.IPAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? old.Scope : null,
        NoDad = (old.Flags & Rtnetlink.IfaFlags.NoDad) != 0,
        NoPrefixRoute = (old.Flags & Rtnetlink.IfaFlags.NoPrefixRoute) != 0,
        ValidLifetime = old.ValidLifetime == TimeSpan.MaxValue ? null : old.ValidLifetime,
        PreferredLifetime = old.PreferredLifetime == TimeSpan.MaxValue ? null : old.PreferredLifetime,
    };
}
