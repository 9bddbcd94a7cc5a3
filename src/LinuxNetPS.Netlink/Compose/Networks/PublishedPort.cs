using LinuxNetPS.Compose.Networks.State;
using LinuxNetPS.Errors;
using LinuxNetPS.Nftables;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Compose.Networks;

/// <summary>Docker's -p syntax: "[hostIP:]hostPort:containerPort[/tcp|udp]", e.g. "8080:80", "5353:53/udp", "10.0.0.1:8080:80".</summary>
public static class PublishedPort
{
    public static PortRecord Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw NetOperationException.Invalid("A published port is required, for example 8080:80 or 5353:53/udp.", text);
        string spec = text.Trim(), protocol = "tcp";
        int slash = spec.LastIndexOf('/');
        if (slash >= 0)
        {
            protocol = spec[(slash + 1)..].ToLowerInvariant();
            spec = spec[..slash];
            NatRuleDefinition.ParseProtocol(protocol); // tcp or udp, with the NAT layer's message
        }
        var parts = spec.Split(':');
        string? hostAddress = null;
        if (parts.Length == 3)
        {
            hostAddress = IPPrefix.ParseAddress(parts[0], "host address of the published port").ToString();
            parts = parts[1..];
        }
        if (parts.Length != 2)
            throw NetOperationException.Invalid(
                $"'{text}' is not a published port: write hostPort:containerPort[/protocol], for example 8080:80 or 5353:53/udp " +
                "(a container port alone, Docker's random host port, is not supported: name the host port).", text);
        return new PortRecord
        {
            Protocol = protocol,
            HostAddress = hostAddress,
            HostPort = Port(parts[0], text),
            ContainerPort = Port(parts[1], text),
        };
    }

    private static int Port(string value, string text) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, null, out int p) && p is >= 1 and <= 65535
            ? p
            : throw NetOperationException.Invalid($"'{value}' in '{text}' is not a port: give a number from 1 to 65535.", text);
}
