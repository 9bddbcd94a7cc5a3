using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LinuxNetPS.Client;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Monitoring.Probes;

/// <summary>
/// Reachability from inside a namespace, with no ping process: ICMP echo over a socket created in the
/// namespace (raw ICMP as root, else a "ping socket", which net.ipv4.ping_group_range must allow), or a
/// TCP connect for a port. The route the kernel would use is looked up first, so "no route" is told
/// apart from "no answer".
/// </summary>
public static partial class ConnectionProbe
{
    private static int _nextId = Environment.ProcessId;

    /// <summary>Sends <paramref name="count"/> echo requests, one after the other, each waiting at most <paramref name="timeout"/>.</summary>
    public static NetConnectionTestResult Ping(NetClient client, string computerName, IPAddress address, int count, TimeSpan timeout,
        CancellationToken cancel = default) =>
        PingEach(client, [computerName], [address], count, timeout, cancel)[0];

    /// <summary>The finished result of an echo probe: what was sent and received, or why nothing came back.</summary>
    private static NetConnectionTestResult EchoOutcome(NetConnectionTestResult result, IPAddress address, int sent, List<double> times,
        ConnectionFailure failure, string? detail, TimeSpan timeout)
    {
        bool ok = times.Count > 0;
        return result with
        {
            Succeeded = ok,
            FailureReason = ok ? ConnectionFailure.None : failure,
            Sent = sent,
            Received = times.Count,
            RoundTripTimes = times,
            Message = ok
                ? $"{sent} sent, {times.Count} received, {100 * (sent - times.Count) / Math.Max(sent, 1)}% loss, rtt avg {times.Average():0.###} ms"
                : detail ?? $"No echo reply from {address} within {timeout.TotalSeconds:0.###} s ({sent} sent).",
        };
    }

    /// <summary>Tries <paramref name="count"/> TCP connections to the port, each waiting at most <paramref name="timeout"/>.</summary>
    public static NetConnectionTestResult Connect(NetClient client, string computerName, IPAddress address, int port, int count, TimeSpan timeout,
        CancellationToken cancel = default)
    {
        var result = Start(client, computerName, address, "TCP", port, out var route);
        if (route is null) return result;
        var times = new List<double>();
        var failure = ConnectionFailure.TimedOut;
        string? detail = null;
        IPAddress? source = result.SourceAddress;
        int tried = 0;
        for (int i = 0; i < count && !cancel.IsCancellationRequested; i++)
        {
            using var socket = InNamespace.Create(client, () => new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp));
            tried++;
            var clock = Stopwatch.StartNew();
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            limit.CancelAfter(timeout);
            try
            {
                socket.ConnectAsync(new IPEndPoint(address, port), limit.Token).AsTask().GetAwaiter().GetResult();
                times.Add(clock.Elapsed.TotalMilliseconds);
                source = (socket.LocalEndPoint as IPEndPoint)?.Address ?? source;
            }
            catch (OperationCanceledException)
            {
                failure = ConnectionFailure.TimedOut;
                detail = $"No answer from {address} port {port} within {timeout.TotalSeconds:0.###} s.";
            }
            catch (SocketException e)
            {
                (failure, detail) = FromSocketError(e);
                detail = $"{address} port {port}: {detail}";
            }
        }
        bool ok = times.Count > 0;
        return result with
        {
            Succeeded = ok,
            FailureReason = ok ? ConnectionFailure.None : failure,
            Sent = tried,
            Received = times.Count,
            RoundTripTimes = times,
            SourceAddress = source,
            Message = ok ? $"Connected to {address} port {port} ({times.Count} of {tried}), connect time avg {times.Average():0.###} ms" : detail,
        };
    }

    /// <summary>The result so far: who, and the route; with no route, the finished failure (and <paramref name="route"/> null).</summary>
    private static NetConnectionTestResult Start(NetClient client, string computerName, IPAddress address, string protocol, int? port, out RouteChoice? route)
    {
        var result = new NetConnectionTestResult
        {
            Namespace = client.NamespaceSpec, ComputerName = computerName, RemoteAddress = address, Protocol = protocol, RemotePort = port,
        };
        try
        {
            route = RouteLookup.For(client, address);
        }
        catch (NetOperationException e) when (e.Kind == NetErrorKind.Unreachable)
        {
            route = null;
            return result with
            {
                FailureReason = ConnectionFailure.NoRoute,
                Message = $"There is no route to {address} in {client.Namespace.Description}; nothing was sent.",
            };
        }
        return result with { SourceAddress = route.Source, Interface = route.Interface, NextHop = route.Gateway, Route = route.Route };
    }

    /// <summary>A raw ICMP socket when allowed (root, CAP_NET_RAW), else a ping socket; created inside the namespace.</summary>
    private static Socket OpenEchoSocket(NetClient client, bool v6, out bool raw)
    {
        var family = v6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        var protocol = v6 ? ProtocolType.IcmpV6 : ProtocolType.Icmp;
        var (socket, isRaw) = InNamespace.Create(client, () =>
        {
            try { return (new Socket(family, SocketType.Raw, protocol), true); }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.AccessDenied or SocketError.ProtocolNotSupported or SocketError.SocketNotSupported)
            {
                try { return (new Socket(family, SocketType.Dgram, protocol), false); }
                catch (SocketException inner)
                {
                    throw new NetOperationException(NetErrorKind.PermissionDenied,
                        "Cannot send ICMP echo: raw sockets need CAP_NET_RAW, and ping sockets are not allowed for this group " +
                        $"(net.ipv4.ping_group_range in {client.Namespace.Description}).", inner.ErrorCode, operation: "open ICMP socket", inner: inner);
                }
            }
        });
        raw = isRaw;
        return socket;
    }

    private static (ConnectionFailure, string) FromSocketError(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => (ConnectionFailure.Refused, "connection refused (nothing listens there)"),
        SocketError.NetworkUnreachable => (ConnectionFailure.NoRoute, "network is unreachable (no route)"),
        SocketError.HostUnreachable => (ConnectionFailure.Unreachable, "host is unreachable"),
        SocketError.TimedOut => (ConnectionFailure.TimedOut, "timed out"),
        _ => (ConnectionFailure.Other, e.Message),
    };
}
