using System.Globalization;
using System.Net;
using LinuxNetPS.Compose.Networks.State;
using LinuxNetPS.Errors;
using LinuxNetPS.Nftables;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Compose.Networks;

/// <summary>
/// One -p value as written, before host ports are chosen: <c>[hostIP:][hostPort[-end]:]containerPort[-end][/protocol]</c>.
/// <see cref="HostPortMin"/> 0: no host port given (a free one is chosen per container port). A host range with one
/// container port means "any one free port of the range", as in Docker.
/// </summary>
public sealed record PublishSpec(string Text, string Protocol, IPAddress? HostAddress, int HostPortMin, int HostPortMax, int ContainerPortMin, int ContainerPortMax)
{
    public bool HostPortChosen => HostPortMin == 0 || (HostPortMin != HostPortMax && ContainerPortMin == ContainerPortMax);

    public int Count => ContainerPortMax - ContainerPortMin + 1;

    /// <summary>The host address as a PortRecord keeps it: null when none was written.</summary>
    public string? HostAddressText => HostAddress?.ToString();

    /// <summary>
    /// One forward per container port: host port i of the range to container port i. <paramref name="pickFree"/> chooses a
    /// host port where the spec leaves it open (from <paramref name="pickFree"/>'s range when the spec gives one).
    /// </summary>
    public IReadOnlyList<PortRecord> Expand(Func<int, int, int> pickFree)
    {
        var result = new List<PortRecord>(Count);
        for (int i = 0; i < Count; i++)
        {
            int host = HostPortMin == 0 ? pickFree(PublishedPort.EphemeralMin, PublishedPort.EphemeralMax)
                : HostPortChosen ? pickFree(HostPortMin, HostPortMax)
                : HostPortMin + i;
            result.Add(new PortRecord { Protocol = Protocol, HostAddress = HostAddressText, HostPort = host, ContainerPort = ContainerPortMin + i });
        }
        return result;
    }
}

/// <summary>
/// Docker's -p syntax, every form of `docker run -p`: "80" (a free host port), "8080:80", "8080-8081:80-81", "8000-8010:80"
/// (one free port of the range), "127.0.0.1:8080:80", "127.0.0.1::80", "[fd00::1]:8080:80", "0.0.0.0:8080:80" (every IPv4 address),
/// "[::]:8080:80" (every IPv6 address), each with an optional "/tcp", "/udp" or "/sctp".
/// </summary>
public static class PublishedPort
{
    /// <summary>Where a free host port is chosen when none is given: the kernel's default ephemeral range (ip_local_port_range), as Docker's.</summary>
    public const int EphemeralMin = 32768, EphemeralMax = 60999;

    private const string Forms = "write [hostIP:][hostPort[-end]:]containerPort[-end][/tcp|udp|sctp], for example 8080:80, 80, 127.0.0.1:8080:80, [fd00::1]:8080:80 or 5353:53/udp";

    /// <summary>Reads one -p value (no host port chosen yet). InvalidArgument with the ids InvalidPublishSpec, InvalidPort,
    /// InvalidProtocol or PortRangeMismatch on bad input.</summary>
    public static PublishSpec ParseSpec(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw Bad("A published port is required: " + Forms + ".", text);
        string spec = text.Trim(), protocol = "tcp";
        int slash = spec.LastIndexOf('/');
        if (slash >= 0)
        {
            protocol = spec[(slash + 1)..].ToLowerInvariant();
            spec = spec[..slash];
            NatRuleDefinition.ParseProtocol(protocol); // tcp, udp or sctp, with the NAT layer's message and id
        }

        IPAddress? hostAddress = null;
        string ports;
        if (spec.StartsWith('['))
        {
            int close = spec.IndexOf(']');
            if (close < 0 || close + 1 >= spec.Length || spec[close + 1] != ':')
                throw Bad($"'{text}' is not a published port: an IPv6 host address goes in brackets followed by ':', as in [fd00::1]:8080:80.", text);
            hostAddress = Address(spec[1..close], text, ipv6: true);
            ports = spec[(close + 2)..];
        }
        else
        {
            var colons = spec.Count(ch => ch == ':');
            if (colons > 2)
                throw Bad($"'{text}' is not a published port: write an IPv6 host address in brackets, as in [fd00::1]:8080:80 or [::]:8080:80.", text);
            if (colons == 2)
            {
                int first = spec.IndexOf(':');
                hostAddress = Address(spec[..first], text, ipv6: false);
                ports = spec[(first + 1)..];
            }
            else
            {
                ports = spec;
            }
        }

        string hostPart, containerPart;
        int colon = ports.IndexOf(':');
        if (colon < 0) { hostPart = ""; containerPart = ports; }
        else { hostPart = ports[..colon]; containerPart = ports[(colon + 1)..]; }
        if (containerPart.Length == 0)
            throw Bad($"'{text}' has no container port: " + Forms + ".", text);
        var (cMin, cMax) = Range(containerPart, text);
        int hMin = 0, hMax = 0;
        if (hostPart.Length > 0)
        {
            (hMin, hMax) = Range(hostPart, text);
            int hostCount = hMax - hMin + 1, containerCount = cMax - cMin + 1;
            if (hostCount != containerCount && containerCount != 1)
                throw NetOperationException.Invalid(
                    $"'{text}' maps {hostCount} host port{(hostCount == 1 ? "" : "s")} ({hostPart}) to {containerCount} container ports ({containerPart}): " +
                    $"give ranges of the same length (for example {hMin}-{hMin + containerCount - 1}:{containerPart}), or one container port to take any free port of the host range.", text)
                    .WithErrorId(ErrorIds.PortRangeMismatch);
        }
        return new PublishSpec(text, protocol, hostAddress, hMin, hMax, cMin, cMax);
    }

    /// <summary>
    /// One -p value with its host ports given (no free port to choose): the forwards it means. For callers that have no
    /// endpoint to report a chosen port on (Add-PortForward -Publish).
    /// </summary>
    public static IReadOnlyList<PortRecord> ParseFixed(string text)
    {
        var spec = ParseSpec(text);
        if (spec.HostPortChosen)
            throw Bad($"'{text}' leaves the host port to be chosen; name one host port per container port here (for example 8080:80 or 8080-8081:80-81). " +
                "Connect-ContainerNetwork -Publish chooses free ones and reports them on the endpoint.", text);
        return spec.Expand((_, _) => throw new InvalidOperationException("no host port is chosen for a fixed spec"));
    }

    /// <summary>
    /// A host address written in -p must be one of <paramref name="host"/>'s addresses (or loopback, or 0.0.0.0/:: for every
    /// address): Docker fails such a -p when it binds; here nothing would ever arrive. InvalidArgument, PublishAddressNotLocal;
    /// ::1 is LoopbackIPv6NotForwardable (127.0.0.1 works: see <see cref="LoopbackPublishing"/>).
    /// </summary>
    public static void RequireLocalHostAddresses(IEnumerable<PublishSpec> specs, Client.NetClient host)
    {
        HashSet<IPAddress>? local = null;
        foreach (var spec in specs)
        {
            LoopbackPublishing.RefuseIPv6(spec.HostAddress, spec.Text);
            if (spec.HostAddress is not { } address || NatRuleDefinition.IsUnspecified(address) || IPAddress.IsLoopback(address)) continue;
            local ??= host.Addresses.List().Select(a => a.IPAddress).ToHashSet();
            if (!local.Contains(address))
                throw NetOperationException.Invalid(
                    $"The host address {address} in '{spec.Text}' is not an address of {host.Namespace.Description}, so nothing would arrive there; " +
                    $"give one of its addresses ({string.Join(", ", local.Where(a => !a.IsIPv6LinkLocal).Take(6))}), 0.0.0.0 or [::] for every address, or leave the address out.", spec.Text)
                    .WithErrorId(ErrorIds.PublishAddressNotLocal);
        }
    }

    /// <summary>
    /// Add-PortForward -Publish: the port forwards one -p value means, to <paramref name="toAddress"/> (host ports must be
    /// given; the host address must be <paramref name="host"/>'s). One request per port pair, or one for a range mapped to the same ports.
    /// </summary>
    public static IReadOnlyList<PortForwardRequest> ForwardsOf(string text, string toAddress, string? source, Client.NetClient host)
    {
        var spec = ParseSpec(text);
        RequireLocalHostAddresses([spec], host);
        var pairs = ParseFixed(text);
        if (spec.HostPortMin == spec.ContainerPortMin && pairs.Count > 1)
            return [new PortForwardRequest(spec.Protocol, $"{spec.HostPortMin}-{spec.HostPortMax}", toAddress, null, source, spec.HostAddressText)];
        return pairs.Select(p => new PortForwardRequest(p.Protocol, p.HostPort.ToString(CultureInfo.InvariantCulture), toAddress, p.ContainerPort, source, p.HostAddress)).ToList();
    }

    /// <summary>The first -p form that names one port pair (kept for callers of the single-pair form).</summary>
    public static PortRecord Parse(string text)
    {
        var all = ParseFixed(text);
        if (all.Count != 1) throw Bad($"'{text}' is a range of {all.Count} ports; give one port pair here.", text);
        return all[0];
    }

    private static IPAddress Address(string value, string text, bool ipv6)
    {
        var address = IPPrefix.ParseAddress(value, "host address of the published port");
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !ipv6)
            throw Bad($"'{text}': write an IPv6 host address in brackets, as in [{value}]:8080:80.", text);
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && ipv6)
            throw Bad($"'{text}': brackets are for IPv6 host addresses; write {value}:... without them.", text);
        return address;
    }

    private static (int Min, int Max) Range(string value, string text)
    {
        int dash = value.IndexOf('-');
        string first = dash < 0 ? value : value[..dash], last = dash < 0 ? value : value[(dash + 1)..];
        int min = Port(first, text), max = Port(last, text);
        if (min > max)
            throw NetOperationException.Invalid($"The port range '{value}' in '{text}' is backwards; write the lower port first ({max}-{min}).", text).WithErrorId(ErrorIds.InvalidPort);
        return (min, max);
    }

    private static int Port(string value, string text) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int p) && p is >= 1 and <= 65535
            ? p
            : throw NetOperationException.Invalid($"'{value}' in '{text}' is not a port: give a number from 1 to 65535.", text).WithErrorId(ErrorIds.InvalidPort);

    private static NetOperationException Bad(string message, string? text) =>
        NetOperationException.Invalid(message, text).WithErrorId(ErrorIds.InvalidPublishSpec);
}
