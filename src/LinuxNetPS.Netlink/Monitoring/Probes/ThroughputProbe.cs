using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LinuxNetPS.Client;
using LinuxNetPS.Errors;

namespace LinuxNetPS.Monitoring.Probes;

/// <summary>
/// A bounded TCP stream between two namespaces, with no iperf: the listening socket is made inside the target's
/// namespace and the sending one inside the source's (<see cref="InNamespace"/>; a socket keeps the namespace it was
/// made in), then both are used from two threads of this process. The sender writes for <c>duration</c> and shuts
/// its side down; the receiver counts every byte until the end of the stream. The rate is the payload received over
/// the time from the first write to the last byte, so data still queued when the sender stops counts with the time it
/// took to arrive.
/// </summary>
public static class ThroughputProbe
{
    /// <summary>What came across: payload bytes, and the time from the first write to the last byte received.</summary>
    public sealed record Outcome(long Bytes, TimeSpan Elapsed)
    {
        public double BitsPerSecond => Elapsed > TimeSpan.Zero ? Bytes * 8 / Elapsed.TotalSeconds : 0;
    }

    private const int ChunkBytes = 128 * 1024;

    /// <summary>
    /// Streams from <paramref name="source"/> to <paramref name="address"/>, which <paramref name="target"/> holds, for
    /// <paramref name="duration"/>; <paramref name="progress"/> is called on the calling thread about ten times a second
    /// with the bytes received so far and the time since the start. ThroughputFailed when no connection is made.
    /// </summary>
    public static Outcome Run(NetClient source, NetClient target, IPAddress address, TimeSpan duration,
        Action<long, TimeSpan>? progress = null, CancellationToken cancel = default)
    {
        var connectTimeout = TimeSpan.FromSeconds(3);
        using var listener = InNamespace.Create(target, () => new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp));
        try
        {
            listener.Bind(new IPEndPoint(address, 0));
            listener.Listen(1);
        }
        catch (SocketException e)
        {
            throw Failed(NetErrorKind.NotFound, $"Cannot listen on {address} in {target.Namespace.Description}: {e.Message}", address, e);
        }
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        using var sender = InNamespace.Create(source, () => new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp));
        var accepting = listener.AcceptAsync(cancel).AsTask();
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel))
        {
            limit.CancelAfter(connectTimeout);
            try
            {
                sender.ConnectAsync(new IPEndPoint(address, port), limit.Token).AsTask().GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                throw Failed(NetErrorKind.TimedOut, $"No connection to {address} from {source.Namespace.Description} within {connectTimeout.TotalSeconds:0} s (is the path down?).", address);
            }
            catch (SocketException e)
            {
                var kind = e.SocketErrorCode is SocketError.NetworkUnreachable or SocketError.HostUnreachable ? NetErrorKind.Unreachable : NetErrorKind.Other;
                throw Failed(kind, $"Cannot connect to {address} from {source.Namespace.Description}: {e.Message}", address, e);
            }
        }
        using var receiver = accepting.GetAwaiter().GetResult();

        long received = 0;
        var clock = Stopwatch.StartNew();
        TimeSpan lastByte = TimeSpan.Zero;
        // Bounded on both sides: a write that cannot go out for a second, or a read that waits past the drain limit,
        // ends the stream (a link taken down mid-run measures what came across until then).
        sender.SendTimeout = 1000;
        receiver.ReceiveTimeout = (int)(duration + TimeSpan.FromSeconds(5)).TotalMilliseconds;
        var reading = Task.Factory.StartNew(() =>
        {
            var buffer = new byte[ChunkBytes];
            try
            {
                int n;
                while ((n = receiver.Receive(buffer)) > 0)
                {
                    Interlocked.Add(ref received, n);
                    lastByte = clock.Elapsed;
                }
            }
            catch (SocketException) { }
            catch (ObjectDisposedException) { }
        }, TaskCreationOptions.LongRunning);
        var writing = Task.Factory.StartNew(() =>
        {
            var chunk = new byte[ChunkBytes];
            Random.Shared.NextBytes(chunk);
            try
            {
                while (clock.Elapsed < duration && !cancel.IsCancellationRequested) sender.Send(chunk);
                sender.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException) { }
            catch (ObjectDisposedException) { }
        }, TaskCreationOptions.LongRunning);

        var deadline = duration + TimeSpan.FromSeconds(10);
        while (!reading.Wait(100))
        {
            progress?.Invoke(Interlocked.Read(ref received), clock.Elapsed);
            if (clock.Elapsed > deadline || (cancel.IsCancellationRequested && writing.IsCompleted && clock.Elapsed > duration))
            {
                receiver.Close();
                sender.Close();
                break;
            }
        }
        writing.Wait(TimeSpan.FromSeconds(2));
        reading.Wait(TimeSpan.FromSeconds(2));
        progress?.Invoke(Interlocked.Read(ref received), clock.Elapsed);
        return new Outcome(Interlocked.Read(ref received), lastByte);
    }

    private static NetOperationException Failed(NetErrorKind kind, string message, IPAddress address, Exception? inner = null) =>
        new NetOperationException(kind, message, operation: "measure throughput", target: address.ToString(), inner: inner).WithErrorId(ErrorIds.ThroughputFailed);
}
