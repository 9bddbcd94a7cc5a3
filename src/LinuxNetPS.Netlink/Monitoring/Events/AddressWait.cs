using System.Net;
using LinuxNetPS.Client;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Monitoring.Events;

/// <summary>
/// Waits for addresses to become usable: present and no longer tentative (IPv6 duplicate address
/// detection finished). A failed detection (IFA_F_DADFAILED) ends the wait with an error, since the
/// address will never become usable.
/// </summary>
public static class AddressWait
{
    /// <summary>
    /// Waits until <paramref name="address"/> is on <paramref name="interfaceName"/> and not tentative, or, without an
    /// address, until no address of the interface is tentative. Returns the addresses waited for.
    /// </summary>
    public static WaitOutcome<IReadOnlyList<NetAddress>> UntilSettled(NetClient client, string interfaceName, IPAddress? address,
        TimeSpan timeout, CancellationToken cancel = default)
    {
        client.Links.Get(interfaceName); // NotFound for an unknown interface, before waiting
        return NetWait.Until(client, NetEventKinds.Address | NetEventKinds.Link, () =>
        {
            var present = client.Addresses.List(interfaceName)
                .Where(a => address is null || a.IPAddress.Equals(address)).ToList();
            if (present.FirstOrDefault(a => a.Flags.HasFlag(IfaFlags.DadFailed)) is { } failed)
                throw new NetOperationException(NetErrorKind.AlreadyExists,
                    $"Duplicate address detection failed for {failed.Cidr} on {interfaceName}: another host on the link uses it.",
                    operation: "wait for address", target: failed.Cidr).WithErrorId(ErrorIds.DuplicateAddress);
            bool settled = (address is null || present.Count > 0) && present.All(a => !a.Flags.HasFlag(IfaFlags.Tentative));
            return new WaitOutcome<IReadOnlyList<NetAddress>>(settled, present);
        }, timeout, cancel);
    }
}
