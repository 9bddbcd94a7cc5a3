namespace LinuxNetPS.Module.Tests.Support;

/// <summary>
/// Collects every violation before failing, so one run lists all of them (a conformance test
/// that stops at the first cmdlet hides the other twenty).
/// </summary>
internal sealed class Problems
{
    private readonly List<string> _items = [];

    public void Add(string problem) => _items.Add(problem);

    public void Check(bool ok, string problem)
    {
        if (!ok) _items.Add(problem);
    }

    public void AssertNone(string what)
    {
        if (_items.Count > 0)
            throw new Xunit.Sdk.XunitException($"{what}: {_items.Count} problem(s)\n  - " + string.Join("\n  - ", _items));
    }
}
