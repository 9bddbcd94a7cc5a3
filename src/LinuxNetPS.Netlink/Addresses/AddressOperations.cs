using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Addresses;

/// <summary>IPv4 and IPv6 addresses of one namespace (`ip addr`).</summary>
public sealed class AddressOperations
{
    private readonly NetClient _client;

    internal AddressOperations(NetClient client) => _client = client;

    /// <summary>Addresses, optionally of one interface and/or one family ("IPv4"/"IPv6").</summary>
    public IReadOnlyList<NetAddress> List(string? interfaceName = null, string? family = null) => throw new NotImplementedException();

    /// <summary>Adds an address (a prefix without length means /32 or /128, as iproute2). Returns it as the kernel stored it.</summary>
    public NetAddress Add(string interfaceName, IPPrefix address, AddressOptions? options = null) => throw new NotImplementedException();

    /// <summary>Removes an address; NotFound if the interface does not have it.</summary>
    public void Remove(string interfaceName, IPPrefix address) => throw new NotImplementedException();
}

/// <summary>Optional settings for a new address.</summary>
public sealed record AddressOptions
{
    public System.Net.IPAddress? Broadcast { get; init; }
    public string? Label { get; init; }
    public LinuxNetPS.Rtnetlink.RouteScope? Scope { get; init; }
    /// <summary>Skip duplicate address detection (IPv6).</summary>
    public bool NoDad { get; init; }
    /// <summary>Replace the address if it exists instead of failing.</summary>
    public bool Replace { get; init; }
}
