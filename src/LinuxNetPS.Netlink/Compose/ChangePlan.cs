using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Compose;

/// <summary>
/// A composite change, planned before anything is done: an ordered list of steps, each with the action that
/// undoes it. <see cref="Apply"/> runs them in order; when one fails, the steps already done are undone in
/// reverse order and the original error is rethrown, so the caller sees all or nothing. Shared by labs and container
/// networks; each finished step is a <see cref="FaultPoint"/> named by its text, where the crash tests stop a process.
/// </summary>
public sealed class ChangePlan
{
    private readonly List<Step> _steps = new();

    private sealed record Step(string What, Action Do, Action? Undo);

    /// <summary>The steps, in order, for -WhatIf and messages.</summary>
    public IReadOnlyList<string> Steps => _steps.Select(s => s.What).ToList();

    public ChangePlan Add(string what, Action action, Action? undo = null)
    {
        _steps.Add(new Step(what, action, undo));
        return this;
    }

    /// <summary>Told each step's text and how long it took, as it finishes (for -Verbose and benchmarks).</summary>
    public Action<string, TimeSpan>? StepDone { get; set; }

    /// <summary>Told, before each step, its number (0-based), how many steps there are and the step's text (for progress bars).</summary>
    public Action<int, int, string>? StepStarting { get; set; }

    public void Apply()
    {
        var done = new Stack<Step>();
        foreach (var step in _steps)
        {
            StepStarting?.Invoke(done.Count, _steps.Count, step.What);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                step.Do();
                StepDone?.Invoke(step.What, clock.Elapsed);
            }
            catch
            {
                while (done.Count > 0) Undo(done.Pop());
                throw;
            }
            done.Push(step);
            FaultPoint.Reach(step.What);
        }
    }

    /// <summary>Best effort: an undo that fails must not hide the error that made us undo.</summary>
    private static void Undo(Step step)
    {
        try { step.Undo?.Invoke(); }
        catch (Exception) { }
    }

    public override string ToString() => string.Join("; ", Steps);
}
