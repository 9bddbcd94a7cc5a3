namespace LinuxNetPS.Links.Kinds;

/// <summary>Small helpers the kind drivers share when they turn kernel values back into iproute2's words.</summary>
internal static class LinkKindText
{
    /// <summary>The word of a choice table (the one <see cref="LinkKindContext.Choice{T}"/> reads) for a value; the number for a value it lacks.</summary>
    public static string NameOf<T>(IReadOnlyDictionary<string, T> choices, T value) where T : struct
    {
        foreach (var (word, v) in choices)
            if (EqualityComparer<T>.Default.Equals(v, value)) return word;
        return Convert.ToUInt64(value, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A kernel clock_t in USER_HZ (centiseconds, what `ip link ... type bridge forward_delay` takes) as a TimeSpan.</summary>
    public static TimeSpan FromCentiseconds(ulong value) => TimeSpan.FromTicks((long)Math.Min(value, (ulong)(long.MaxValue / TimeSpan.TicksPerMillisecond / 10)) * TimeSpan.TicksPerMillisecond * 10);

    /// <summary>The inverse of <see cref="FromCentiseconds"/>, for summaries that print what iproute2 prints.</summary>
    public static string Centiseconds(TimeSpan value) => (value.Ticks / (TimeSpan.TicksPerMillisecond * 10)).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
