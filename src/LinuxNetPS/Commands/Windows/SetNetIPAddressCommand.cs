using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Primitives;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// Set-NetIPAddress: changes an address's prefix length (Windows' NetTCPIP). Linux keys an address by address and
/// length, so this is remove and add; if the add fails, the old address is put back.
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
    [Parameter(Mandatory = true)]
    [ValidateRange(0, 128)]
    public int PrefixLength { get; set; }

    /// <summary>Write the changed address to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        Try(IPAddress, () =>
        {
            var (address, _) = AddressArgument.Read(IPAddress, PrefixLength); // checks the length against the family
            var target = new IPPrefix(address, PrefixLength);
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
            if (old.PrefixLength == PrefixLength)
            {
                if (PassThru) WriteObject(old);
                return;
            }
            if (!ShouldProcess(Target("interface", old.Interface), $"Change address {old.Cidr} to {target}")) return;
            var oldPrefix = new IPPrefix(old.IPAddress, old.PrefixLength);
            client.Addresses.Remove(old.Interface, oldPrefix);
            NetAddress changed;
            try
            {
                changed = client.Addresses.Add(old.Interface, target);
            }
            catch (NetOperationException)
            {
                try { client.Addresses.Add(old.Interface, oldPrefix); } catch (NetOperationException) { }
                throw;
            }
            if (PassThru) WriteObject(changed);
        });
    }
}
