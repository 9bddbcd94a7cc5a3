using System.Diagnostics;

namespace LinuxNetPS.Bench;

/// <summary>Accumulates wall time per named step, to say where the time of a build goes.</summary>
internal sealed class StepTimer
{
    private readonly Dictionary<string, (long Ticks, int Calls)> _steps = new();
    private readonly List<string> _order = new();

    public void Time(string step, Action work)
    {
        long start = Stopwatch.GetTimestamp();
        try { work(); }
        finally { Add(step, Stopwatch.GetTimestamp() - start); }
    }

    public T Time<T>(string step, Func<T> work)
    {
        long start = Stopwatch.GetTimestamp();
        try { return work(); }
        finally { Add(step, Stopwatch.GetTimestamp() - start); }
    }

    private void Add(string step, long ticks)
    {
        if (!_steps.TryGetValue(step, out var s)) _order.Add(step);
        _steps[step] = (s.Ticks + ticks, s.Calls + 1);
    }

    public void Report(TextWriter output, double totalMs)
    {
        output.WriteLine($"{"step",-48} {"calls",6} {"total ms",9} {"us/call",9} {"share",6}");
        foreach (var step in _order)
        {
            var (ticks, calls) = _steps[step];
            double ms = ticks * 1000.0 / Stopwatch.Frequency;
            output.WriteLine($"{step,-48} {calls,6} {ms,9:F1} {ms * 1000 / calls,9:F1} {100 * ms / totalMs,5:F1}%");
        }
    }
}
