using System.Globalization;

namespace LinuxNetPS.Compose.Labs;

/// <summary>
/// Mininet TCLink-style shaping of one link end, as written in a lab file: delay and jitter ('100ms', '1.5s', '250us'),
/// loss ('1%', '0.5'), rate ('10mbit', '512kbit', '1gbit', '100kbps' = bytes), parsed by the impairment engine's own
/// parsers and range-checked when the definition is read, so a typo fails before anything is built.
/// </summary>
public sealed record LinkImpairmentText
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

    /// <summary>Parses one key with the impairment engine's own parsers (tc's units); the problem when it is bad, else null. Ranges are checked on each end's merged values.</summary>
    public static string? Problem(string key, string text, ref LinkImpairmentText result)
    {
        try
        {
            result = key switch
            {
                "Delay" => result with { Delay = Primitives.ImpairmentText.ParseDuration(text, "delay") },
                "Jitter" => result with { Jitter = Primitives.ImpairmentText.ParseDuration(text, "jitter") },
                "Loss" => result with { LossPercent = Primitives.ImpairmentText.ParsePercent(text, "loss") },
                _ => result with { RateBitsPerSecond = Primitives.ImpairmentText.ParseRate(text, "rate") },
            };
            return null;
        }
        catch (FormatException e)
        {
            return e.Message;
        }
        catch (Errors.NetOperationException e)
        {
            return e.Message;
        }
        catch (ArgumentOutOfRangeException e) // a value too large to hold ("1099999999999999999999ms"), told as the others
        {
            return e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
        }
    }

    public static Model.LinkImpairmentSpec ToSpec(LinkImpairmentText t) => new()
    {
        Delay = t.Delay, Jitter = t.Jitter, LossPercent = t.LossPercent, RateBitsPerSecond = t.RateBitsPerSecond,
    };

    public override string ToString()
    {
        var parts = new List<string>();
        if (Delay is { } d) parts.Add($"delay {Ms(d)}");
        if (Jitter is { } j) parts.Add($"jitter {Ms(j)}");
        if (LossPercent is { } l) parts.Add($"loss {l.ToString(CultureInfo.InvariantCulture)}%");
        if (RateBitsPerSecond is { } r) parts.Add($"rate {Rate(r)}");
        return string.Join(", ", parts);
    }

    private static string Ms(TimeSpan t) => Primitives.ImpairmentText.FormatDuration(t);

    private static string Rate(ulong bits) => Primitives.ImpairmentText.FormatRate(bits);

}
