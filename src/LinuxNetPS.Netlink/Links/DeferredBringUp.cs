using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Links;

/// <summary>
/// Links to bring up later, all at once: a bulk operation (a pipeline of New-VethPair -Up, a script creating K
/// containers) adds links as it creates them and calls <see cref="Flush"/> at its end (a cmdlet's EndProcessing).
/// <para>
/// Why: a link that is up sends IPv6 DAD, MLD and router solicitations, which a bridge floods to all its ports;
/// links brought up while further ports are still being added make every later step compete with that traffic
/// (about K² packets for K ports) and with the RTNL lock. Brought up last, they are up for the same end result
/// and the build does not pay for the flood.
/// </para>
/// Thread-safe. Flush sends one pipelined batch per namespace (<see cref="LinkOperations.SetUpMany"/>).
/// </summary>
public sealed class DeferredBringUp
{
    private readonly object _gate = new();
    private readonly List<(NamespaceSession Session, string Name)> _pending = new();

    /// <summary>What one flushed link came to: <see cref="Error"/> is null when it is up.</summary>
    public sealed record Outcome(string? Namespace, string Name, Exception? Error);

    /// <summary>How many links wait to be brought up.</summary>
    public int Count
    {
        get { lock (_gate) return _pending.Count; }
    }

    /// <summary>Adds a link of the session's namespace to bring up at <see cref="Flush"/>.</summary>
    public void Add(NamespaceSession session, string name)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(name);
        lock (_gate) _pending.Add((session, name));
    }

    /// <summary>
    /// Brings every pending link up (one pipelined send per namespace, in the order they were added within it) and
    /// empties the list. Returns one outcome per link, in the order they were added; a failure does not stop the rest.
    /// </summary>
    public IReadOnlyList<Outcome> Flush()
    {
        List<(NamespaceSession Session, string Name)> pending;
        lock (_gate)
        {
            pending = new List<(NamespaceSession, string)>(_pending);
            _pending.Clear();
        }
        var outcomes = new Outcome[pending.Count];
        foreach (var group in pending.Select((p, i) => (p.Session, p.Name, Index: i)).GroupBy(p => p.Session))
        {
            var items = group.ToList();
            IReadOnlyList<Exception?> errors;
            try
            {
                errors = new LinkOperations(group.Key).SetUpMany(items.Select(p => p.Name));
            }
            catch (Exception e) when (e is Errors.NetOperationException or ObjectDisposedException)
            {
                errors = items.Select(_ => (Exception?)e).ToList(); // the namespace itself failed (deleted, closed)
            }
            for (int j = 0; j < items.Count; j++)
                outcomes[items[j].Index] = new Outcome(group.Key.NamespaceSpec, items[j].Name, errors[j]);
        }
        return outcomes;
    }
}
