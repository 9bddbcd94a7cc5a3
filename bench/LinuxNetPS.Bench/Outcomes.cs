namespace LinuxNetPS.Bench;

/// <summary>The library's bulk calls return one outcome per item (null = done); a benchmark run stops at the first failure.</summary>
internal static class Outcomes
{
    public static void ThrowFirst(IReadOnlyList<Exception?> outcomes)
    {
        if (outcomes.FirstOrDefault(e => e is not null) is { } error) throw error;
    }
}
