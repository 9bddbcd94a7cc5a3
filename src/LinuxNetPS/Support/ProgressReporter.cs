using System.Diagnostics;
using System.Management.Automation;

namespace LinuxNetPS.Support;

/// <summary>
/// Write-Progress for work that can take more than a second (building a lab, connecting containers in bulk ...), the
/// same way for every cmdlet: one activity per reporter, at most one record per <see cref="Interval"/> (so a loop over
/// thousands of items costs nothing measurable), a Completed record at the end, and nothing at all when
/// $ProgressPreference is SilentlyContinue or Ignore. Call it from the pipeline thread only (as WriteProgress requires).
/// </summary>
public sealed class ProgressReporter : IDisposable
{
    /// <summary>The shortest time between two records (the first and the last are always written).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// LINUXNETPS_PROGRESS_INTERVAL_MS, read per reporter, shortens <see cref="Interval"/> (0: every record) — for tests,
    /// where work the throttle would fold into one record on a fast machine must still show its percentage grow.
    /// </summary>
    private static TimeSpan IntervalNow() =>
        int.TryParse(Environment.GetEnvironmentVariable("LINUXNETPS_PROGRESS_INTERVAL_MS"), out int ms) && ms >= 0 && ms < Interval.TotalMilliseconds
            ? TimeSpan.FromMilliseconds(ms) : Interval;

    private static int _lastId;
    private readonly Cmdlet _cmdlet;
    private readonly int _id;
    private readonly string _activity;
    private string _status = " ";
    private readonly bool _silent;
    private readonly Stopwatch _clock = new();
    private readonly TimeSpan _interval = IntervalNow();
    private bool _written;

    public ProgressReporter(PSCmdlet cmdlet, string activity)
    {
        _cmdlet = cmdlet;
        _id = Interlocked.Increment(ref _lastId) & 0x7fffffff;
        _activity = activity;
        _silent = LanguagePrimitives.TryConvertTo(cmdlet.GetVariableValue("ProgressPreference"), out ActionPreference preference)
            && preference is ActionPreference.SilentlyContinue or ActionPreference.Ignore;
    }

    /// <summary>
    /// <paramref name="done"/> of <paramref name="total"/> items (total 0 or less: unknown, no percentage), with a status line.
    /// Written when the first call comes, when the work is done (or <paramref name="force"/>: the end of a part of open-ended
    /// work), and otherwise at most every <see cref="Interval"/>.
    /// </summary>
    public void Report(int done, int total, string status, bool force = false)
    {
        if (_silent) return;
        bool last = force || (total > 0 && done >= total);
        if (_written && !last && _clock.Elapsed < _interval) return;
        _status = string.IsNullOrEmpty(status) ? " " : status;
        // A new record each time: hosts and Streams.Progress keep the object they were given.
        _cmdlet.WriteProgress(new ProgressRecord(_id, _activity, _status)
        {
            PercentComplete = total > 0 ? Math.Clamp((int)(done * 100L / total), 0, 100) : -1,
            RecordType = ProgressRecordType.Processing,
        });
        _written = true;
        _clock.Restart();
    }

    /// <summary>Ends the activity (a Completed record), if anything was written.</summary>
    public void Complete()
    {
        if (_silent || !_written) return;
        _cmdlet.WriteProgress(new ProgressRecord(_id, _activity, _status) { PercentComplete = 100, RecordType = ProgressRecordType.Completed });
        _written = false;
    }

    /// <summary>The same as <see cref="Complete"/>, for a `using` around one piece of work.</summary>
    public void Dispose() => Complete();
}
