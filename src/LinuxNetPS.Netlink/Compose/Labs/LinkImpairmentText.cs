using System.Globalization;
using System.Text.RegularExpressions;

namespace LinuxNetPS.Compose.Labs;

/// <summary>
/// Mininet TCLink-style shaping of one link end, as written in a lab file: delay and jitter ('100ms', '1.5s', '250us'),
/// loss ('1%', '0.5'), rate ('10mbit', '512kbit', '1gbit', '100kbps' = bytes). Parsed and range-checked here so a
/// typo fails before anything is built; applying it is the impairment engine's job (netem/tbf qdiscs).
/// </summary>
public sealed partial record LinkImpairmentText
{
    public TimeSpan? Delay { get; init; }
    public TimeSpan? Jitter { get; init; }
    /// <summary>Percent, 0 to 100.</summary>
    public double? LossPercent { get; init; }
    /// <summary>Bits per second.</summary>
    public ulong? RateBitsPerSecond { get; init; }

    public bool IsEmpty => Delay is null && Jitter is null && LossPercent is null && RateBitsPerSecond is null;

    /// <summary>The keys a link or an end may carry.</summary>
    public static readonly string[] Keys = ["Delay", "Jitter", "Loss", "Rate"];

    /// <summary>The end's own keys win over the link's (both ends get the link's, as TCLink does).</summary>
    public LinkImpairmentText Over(LinkImpairmentText? link) => link is null ? this : new LinkImpairmentText
    {
        Delay = Delay ?? link.Delay, Jitter = Jitter ?? link.Jitter,
        LossPercent = LossPercent ?? link.LossPercent, RateBitsPerSecond = RateBitsPerSecond ?? link.RateBitsPerSecond,
    };

    public static bool TryDuration(string text, out TimeSpan value)
    {
        value = default;
        var m = DurationPattern().Match(text.Trim());
        if (!m.Success || !double.TryParse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double n)) return false;
        double micros = m.Groups[2].Value.ToLowerInvariant() switch
        {
            "us" => n, "ms" or "" => n * 1000, "s" => n * 1_000_000, _ => double.NaN,
        };
        if (double.IsNaN(micros) || micros < 0 || micros > 3_600_000_000) return false;
        value = TimeSpan.FromMicroseconds(micros);
        return true;
    }

    public static bool TryLoss(string text, out double percent)
    {
        string t = text.Trim().TrimEnd('%').Trim();
        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out percent) && percent is >= 0 and <= 100;
    }

    public static bool TryRate(string text, out ulong bitsPerSecond)
    {
        bitsPerSecond = 0;
        var m = RatePattern().Match(text.Trim());
        if (!m.Success || !double.TryParse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double n)) return false;
        double factor = m.Groups[2].Value.ToLowerInvariant() switch
        {
            "bit" or "" => 1, "kbit" => 1e3, "mbit" => 1e6, "gbit" => 1e9,
            "bps" => 8, "kbps" => 8e3, "mbps" => 8e6, "gbps" => 8e9, _ => double.NaN,
        };
        double bits = n * factor;
        if (double.IsNaN(bits) || bits < 8 || bits > 1e12) return false;
        bitsPerSecond = (ulong)bits;
        return true;
    }

    public override string ToString()
    {
        var parts = new List<string>();
        if (Delay is { } d) parts.Add($"delay {Ms(d)}");
        if (Jitter is { } j) parts.Add($"jitter {Ms(j)}");
        if (LossPercent is { } l) parts.Add($"loss {l.ToString(CultureInfo.InvariantCulture)}%");
        if (RateBitsPerSecond is { } r) parts.Add($"rate {Rate(r)}");
        return string.Join(", ", parts);
    }

    private static string Ms(TimeSpan t) => $"{t.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)}ms";

    private static string Rate(ulong bits) =>
        bits >= 1_000_000_000 && bits % 1_000_000_000 == 0 ? $"{bits / 1_000_000_000}gbit"
        : bits >= 1_000_000 && bits % 1_000_000 == 0 ? $"{bits / 1_000_000}mbit"
        : bits >= 1000 && bits % 1000 == 0 ? $"{bits / 1000}kbit" : $"{bits}bit";

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)\s*([a-zA-Z]*)$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)\s*([a-zA-Z]*)$")]
    private static partial Regex RatePattern();
}
