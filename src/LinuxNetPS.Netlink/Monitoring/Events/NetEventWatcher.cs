using LinuxNetPS.Client;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Monitoring.Events;

/// <summary>
/// Watches one or more namespaces for changes (the `ip monitor` counterpart). Subscribes on creation;
/// <see cref="Next"/> returns the events that arrived, waiting at most until a deadline and noticing
/// cancellation within <see cref="SocketWait.SliceMilliseconds"/>. Dispose to unsubscribe.
/// <code>
/// using var watcher = new NetEventWatcher([NetClient.For("red")], NetEventKinds.Link);
/// foreach (var e in watcher.Next(DateTime.UtcNow.AddSeconds(5), default)) Console.WriteLine(e.Summary);
/// </code>
/// </summary>
public sealed class NetEventWatcher : IDisposable
{
    private readonly List<NamespaceFeed> _feeds = new();

    public NetEventWatcher(IEnumerable<NetClient> clients, NetEventKinds kinds)
        : this(clients, kinds, RtnetlinkSubscription.DefaultReceiveBufferBytes) { }

    /// <summary>With a chosen receive buffer (tests make it tiny to provoke ENOBUFS).</summary>
    // onStartStep: tests only, see NamespaceFeed.
    internal NetEventWatcher(IEnumerable<NetClient> clients, NetEventKinds kinds, int receiveBufferBytes, Action<string>? onStartStep = null)
    {
        try
        {
            foreach (var client in clients.DistinctBy(c => c.Inode))
                _feeds.Add(new NamespaceFeed(client, kinds, receiveBufferBytes, onStartStep));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>
    /// Waits until at least one event is there, <paramref name="deadlineUtc"/> passes or <paramref name="cancel"/> fires;
    /// returns the events (empty on timeout or cancellation).
    /// </summary>
    public IReadOnlyList<NetEvent> Next(DateTime deadlineUtc, CancellationToken cancel)
    {
        var events = new List<NetEvent>();
        var sockets = _feeds.Select(f => f.Subscription.Socket.Descriptor).ToList();
        foreach (var feed in _feeds)
            if (feed.HasStartupEvents) feed.Drain(events);
        while (events.Count == 0 && !cancel.IsCancellationRequested && DateTime.UtcNow < deadlineUtc)
        {
            var ready = SocketWait.Readable(sockets, deadlineUtc, cancel);
            foreach (int i in ready) _feeds[i].Drain(events);
        }
        return events;
    }

    public void Dispose()
    {
        foreach (var feed in _feeds) feed.Dispose();
        _feeds.Clear();
    }
}
