using System.Diagnostics;
using LinuxNetPS.Errors;

namespace LinuxNetPS.Commands;

/// <summary>
/// Gathers a cmdlet's pipeline input so the core can do many items in one call (one nf_tables transaction, namespaces
/// created on several threads, deletions in a fast order), while what the user sees stays what one call per item gives:
/// <list type="bullet">
/// <item>ShouldProcess is asked per item by the cmdlet before <see cref="Add"/>, so -WhatIf and -Confirm say the same, in
/// the same order; an item declined is never buffered.</item>
/// <item>Objects and errors are written in input order: an item that failed before it could be buffered (bad input, a
/// namespace that does not exist) is kept in the buffer as its error, and written between its neighbours' results.</item>
/// <item>Errors stay per item: <c>sendMany</c> must be all-or-nothing when it throws (nothing applied); then every item
/// of the chunk is done again one by one with <c>sendOne</c>, so each gets its own result or its own error.</item>
/// <item>Results still stream: a chunk is sent when it holds <see cref="ChunkSize"/> items, when its oldest item has
/// waited <see cref="MaxDelay"/> (checked as input arrives), when the group key (the namespace) changes, and at the
/// end of the input.</item>
/// <item>Ctrl+C (<see cref="Stop"/>): items still waiting are dropped, never sent, so nothing is changed that is not
/// reported; the chunk being sent at that moment completes in the kernel (each item whole, never half made).</item>
/// </list>
/// A result is an <see cref="Action"/> that writes the item's output (objects, notes, warnings); it may throw a
/// <see cref="NetOperationException"/>, which becomes that item's error record.
/// </summary>
internal sealed class PipelineBatch<T>
{
    private readonly NetCmdlet _cmdlet;
    private readonly Func<IReadOnlyList<T>, IReadOnlyList<Action>> _sendMany;
    private readonly Func<T, Action> _sendOne;
    private readonly List<Entry> _entries = new();
    private readonly Stopwatch _oldest = new();
    private string? _group;
    private int _pending;
    private volatile bool _stopped;

    public PipelineBatch(NetCmdlet cmdlet, Func<IReadOnlyList<T>, IReadOnlyList<Action>> sendMany, Func<T, Action> sendOne)
    {
        _cmdlet = cmdlet;
        _sendMany = sendMany;
        _sendOne = sendOne;
    }

    /// <summary>Items per core call at most.</summary>
    public int ChunkSize { get; init; } = 256;

    /// <summary>How long the first buffered item may wait for more input before its chunk is sent.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Progress over the whole input (set both to have it): the activity, and the status for how many items were sent,
    /// e.g. n => $"{n} namespaces created". Written after each chunk; <see cref="Finish"/> completes it.
    /// </summary>
    public string? ProgressActivity { get; init; }
    public Func<int, string>? ProgressStatus { get; init; }

    private const int BulkFrom = 64;
    private Support.ProgressReporter? _progress;
    private int _sent;

    /// <summary>The end of the input: sends what is buffered, then completes the progress activity.</summary>
    public void Finish()
    {
        try
        {
            Flush();
        }
        finally
        {
            _progress?.Complete();
        }
    }

    /// <summary>Buffers one item for <paramref name="group"/> (items of one group go to the core together).</summary>
    public void Add(T item, object? target, string? group = null)
    {
        if (_pending > 0 && !string.Equals(group, _group, StringComparison.Ordinal)) Flush();
        _group = group;
        if (_pending == 0) _oldest.Restart();
        _entries.Add(new Entry(item, target, null));
        _pending++;
        if (_pending >= ChunkSize || _oldest.Elapsed >= MaxDelay) Flush();
    }

    /// <summary>Keeps the error of an item that failed before it could be buffered, to be written in its place.</summary>
    public void Fail(NetOperationException error, object? target)
    {
        if (_entries.Count == 0) _cmdlet.Report(error, target);
        else _entries.Add(new Entry(default!, target, error));
    }

    /// <summary>Runs <paramref name="prepare"/> (validation, ShouldProcess, <see cref="Add"/>); its failure is kept in order.</summary>
    public void Stage(object? target, Action prepare)
    {
        if (NetCmdlet.Attempt(prepare) is { } error) Fail(error, target);
    }

    /// <summary>Sends what is buffered and writes every result and error in input order.</summary>
    public void Flush()
    {
        if (_stopped || _entries.Count == 0) return;
        var entries = _entries.ToArray();
        _entries.Clear();
        _pending = 0;

        var items = entries.Where(e => e.Error is null).Select(e => e.Item).ToList();
        IReadOnlyList<Action>? results = null;
        if (items.Count > 1)
        {
            var failure = NetCmdlet.Attempt(() => results = _sendMany(items));
            // Permission problems stop the command; anything else is retried item by item for per-item errors.
            if (failure is { Kind: NetErrorKind.PermissionDenied }) _cmdlet.Report(failure, entries[0].Target);
            if (results is not null && results.Count != items.Count)
                throw new InvalidOperationException($"A batch call returned {results.Count} results for {items.Count} items.");
        }

        int k = 0;
        foreach (var entry in entries)
        {
            if (entry.Error is not null)
            {
                _cmdlet.Report(entry.Error, entry.Target);
                continue;
            }
            var result = results?[k];
            k++;
            if (_stopped) return; // Ctrl+C while sending one by one: the rest is not sent
            var error = NetCmdlet.Attempt(() => (result ?? _sendOne(entry.Item))());
            if (error is not null) _cmdlet.Report(error, entry.Target);
        }
        _sent += items.Count;
        // A few items take no time worth a progress bar; bulk input (from 64 items on) gets one.
        if (ProgressActivity is not null && ProgressStatus is not null && _sent >= BulkFrom)
        {
            _progress ??= new Support.ProgressReporter(_cmdlet, ProgressActivity);
            _progress.Report(_sent, 0, ProgressStatus(_sent), force: true);
        }
    }

    /// <summary>StopProcessing: whatever waits in the buffer is dropped unsent.</summary>
    public void Stop() => _stopped = true;

    private sealed record Entry(T Item, object? Target, NetOperationException? Error);
}
