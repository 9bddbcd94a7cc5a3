namespace LinuxNetPS.Monitoring.Events;

/// <summary>The names of the public properties whose values differ between two objects of one type.</summary>
internal static class RecordDiff
{
    public static IReadOnlyList<string> Of<T>(T before, T after) where T : class =>
        typeof(T).GetProperties()
            .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0 && !Equals(p.GetValue(before), p.GetValue(after)))
            .Select(p => p.Name)
            .ToList();
}
