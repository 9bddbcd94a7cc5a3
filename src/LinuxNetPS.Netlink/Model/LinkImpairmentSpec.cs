using System.Text;
using LinuxNetPS.Errors;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Model;

/// <summary>
/// What to do to the packets leaving one link end, as Mininet's TCLink and `tc qdisc ... netem` put it: added delay
/// with jitter, random loss, duplication, corruption and re-ordering, a rate limit and a queue limit. Null means
/// "not impaired in that way". Applying a spec replaces whatever impairment the link had (see
/// <c>ImpairmentOperations.Set</c>).
/// <code>
/// var spec = new LinkImpairmentSpec { Delay = TimeSpan.FromMilliseconds(100), LossPercent = 1 };
/// var same = LinkImpairmentSpec.Parse(new Dictionary&lt;string, string&gt; { ["delay"] = "100ms", ["loss"] = "1%" });
/// </code>
/// </summary>
public sealed record LinkImpairmentSpec
{
    /// <summary>The most delay or jitter netem can hold (its time fields are signed 64-bit nanoseconds).</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromTicks(long.MaxValue / 100);

    /// <summary>The slowest rate: tc rates are whole bytes per second.</summary>
    public const ulong MinRateBitsPerSecond = 8;

    /// <summary>Added one-way delay (netem delay).</summary>
    public TimeSpan? Delay { get; init; }

    /// <summary>Random variation of the delay, up to ± this much (netem's second delay value). Needs <see cref="Delay"/>.</summary>
    public TimeSpan? Jitter { get; init; }

    /// <summary>Share of packets dropped at random, 0..100 (netem loss).</summary>
    public double? LossPercent { get; init; }

    /// <summary>Share of packets sent twice, 0..100 (netem duplicate).</summary>
    public double? DuplicatePercent { get; init; }

    /// <summary>Share of packets with one bit flipped, 0..100 (netem corrupt).</summary>
    public double? CorruptPercent { get; init; }

    /// <summary>Share of packets sent at once, ahead of the delayed others, 0..100 (netem reorder). Needs <see cref="Delay"/>.</summary>
    public double? ReorderPercent { get; init; }

    /// <summary>Rate limit in bits per second (netem rate, or tbf when nothing else is asked).</summary>
    public ulong? RateBitsPerSecond { get; init; }

    /// <summary>netem's queue length in packets (tc's default is 1000).</summary>
    public uint? Limit { get; init; }

    /// <summary>Whether nothing at all is asked for.</summary>
    public bool IsEmpty => this == Empty;

    private static readonly LinkImpairmentSpec Empty = new();

    /// <summary>
    /// Whether this needs netem. A rate alone is done by tbf, which kernels without sch_netem still have; anything
    /// else is netem's (and a rate asked together with netem's impairments becomes netem's own rate).
    /// </summary>
    public bool NeedsNetem => !(this with { RateBitsPerSecond = null }).IsEmpty;

    /// <summary>The keys <see cref="Parse"/> understands (case-insensitive).</summary>
    public static IReadOnlyList<string> Keys { get; } = ["Delay", "Jitter", "Loss", "Duplicate", "Corrupt", "Reorder", "Rate", "Limit"];

    /// <summary>
    /// A spec from text values keyed by <see cref="Keys"/> (a lab file's `impairment = @{ delay = '100ms'; loss = '1%' }`):
    /// durations, percentages and rates as <see cref="ImpairmentText"/> reads them, Limit a whole number. An unknown key
    /// or a bad value throws <see cref="ArgumentException"/> (an unknown key, a value out of range, a spec that cannot work) or <see cref="FormatException"/> (text that is not a value) naming the key; the result
    /// has been validated.
    /// </summary>
    public static LinkImpairmentSpec Parse(IEnumerable<KeyValuePair<string, string>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Build(values.Select(kv => new KeyValuePair<string, object?>(kv.Key, kv.Value)));
    }

    /// <summary>
    /// Like <see cref="Parse"/> for values that are not all text, as a lab file gives them (a PowerShell data file's
    /// hashtable, parsed JSON or YAML): strings are read as text; a TimeSpan is a delay or jitter; a number is a
    /// percentage for loss/duplicate/corrupt/reorder, bits per second for rate, packets for limit. A number for a delay
    /// is refused (it has no unit).
    /// </summary>
    public static LinkImpairmentSpec FromValues(System.Collections.IDictionary values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Build(values.Keys.Cast<object>().Select(k => new KeyValuePair<string, object?>(k?.ToString() ?? "", values[k!])));
    }

    private static LinkImpairmentSpec Build(IEnumerable<KeyValuePair<string, object?>> values)
    {
        var spec = new LinkImpairmentSpec();
        foreach (var (key, value) in values)
        {
            if (value is null) throw new ArgumentException($"The impairment key '{InputText.Echo(key)}' has no value.", key);
            string name = key.ToLowerInvariant();
            spec = name switch
            {
                "delay" => spec with { Delay = Duration(value, name) },
                "jitter" => spec with { Jitter = Duration(value, name) },
                "loss" => spec with { LossPercent = Percent(value, name) },
                "duplicate" => spec with { DuplicatePercent = Percent(value, name) },
                "corrupt" => spec with { CorruptPercent = Percent(value, name) },
                "reorder" => spec with { ReorderPercent = Percent(value, name) },
                "rate" => spec with { RateBitsPerSecond = value is string r ? ImpairmentText.ParseRate(r, name) : Whole<ulong>(value, name, "bits per second") },
                "limit" => spec with { Limit = Whole<uint>(value is string t ? t.Trim() : value, name, "packets") },
                _ => throw new ArgumentException($"'{InputText.Echo(key)}' is not an impairment key; use {string.Join(", ", Keys)}.", key),
            };
        }
        var problem = spec.Problem();
        if (problem is not null) throw new ArgumentException(problem);
        return spec;
    }

    private static TimeSpan Duration(object value, string what) => value switch
    {
        string text => ImpairmentText.ParseDuration(text, what),
        TimeSpan span => span,
        _ => throw new FormatException($"The {what} {InputText.Echo(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture))} has no unit; write it as text with one, as in '100ms'."),
    };

    private static double Percent(object value, string what) => value switch
    {
        string text => ImpairmentText.ParsePercent(text, what),
        IConvertible number when number is not bool and not char => number.ToDouble(System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new FormatException($"The {what} is not a percentage; write it as 1 or '1%'."),
    };

    private static T Whole<T>(object value, string what, string unit) where T : struct
    {
        try
        {
            if (value is bool or char) throw new FormatException();
            decimal d = Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture);
            if (d % 1 != 0) throw new FormatException();
            return (T)Convert.ChangeType(d, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
        {
            throw new FormatException($"The {what} '{InputText.Echo(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture))}' is not a whole number of {unit} (0 to {(typeof(T) == typeof(uint) ? uint.MaxValue : ulong.MaxValue)}).", e);
        }
    }

    /// <summary>Throws InvalidArgument (<see cref="ErrorIds.InvalidImpairment"/>) if the spec cannot be applied.</summary>
    public void Validate(string? target = null)
    {
        if (Problem() is { } problem) throw NetOperationException.Invalid(problem, target).WithErrorId(ErrorIds.InvalidImpairment);
    }

    /// <summary>What is wrong with the spec, or null.</summary>
    public string? Problem()
    {
        if (IsEmpty) return "No impairment was given: say at least one of delay, jitter, loss, duplicate, corrupt, reorder, rate or limit (to take an impairment away, remove it).";
        if ((DurationProblem(Delay, "delay") ?? DurationProblem(Jitter, "jitter")) is { } d) return d;
        if (Jitter is not null && Delay is null)
            return $"A jitter of {ImpairmentText.FormatDuration(Jitter.Value)} needs a delay to vary: give a delay too (netem jitters the delay, as in 'delay 100ms 10ms').";
        if ((PercentProblem(LossPercent, "loss") ?? PercentProblem(DuplicatePercent, "duplicate")
            ?? PercentProblem(CorruptPercent, "corrupt") ?? PercentProblem(ReorderPercent, "reorder")) is { } p) return p;
        if (ReorderPercent is > 0 && Delay is not { Ticks: > 0 })
            return "Re-ordering sends some packets ahead of delayed ones, so it needs a delay: give a delay too.";
        if (RateBitsPerSecond is { } rate && rate < MinRateBitsPerSecond)
            return $"A rate of {rate} bit/s is too slow: the slowest is {MinRateBitsPerSecond}bit (one byte per second). To take a rate limit away, leave it out.";
        if (Limit is 0) return "A queue limit of 0 packets would drop every packet: give at least 1 (tc's default is 1000).";
        return null;
    }

    private static string? DurationProblem(TimeSpan? value, string what) => value switch
    {
        { Ticks: < 0 } v => $"The {what} cannot be negative ({v}).",
        { } v when v > MaxDuration => $"The {what} {v} is too large: netem holds at most {MaxDuration.TotalDays:0} days.",
        _ => null,
    };

    private static string? PercentProblem(double? value, string what) => value switch
    {
        { } v when double.IsNaN(v) => $"The {what} is not a number.",
        { } v when v < 0 => $"The {what} cannot be negative ({ImpairmentText.FormatPercent(v)}).",
        { } v when v > 100 => $"The {what} {ImpairmentText.FormatPercent(v)} is more than 100%.",
        _ => null,
    };

    /// <summary>The spec in tc's words: "delay 100ms 10ms loss 1% rate 10Mbit".</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        void Add(string part) => text.Append(text.Length == 0 ? "" : " ").Append(part);
        if (Delay is { } delay) Add($"delay {ImpairmentText.FormatDuration(delay)}" + (Jitter is { } j ? $" {ImpairmentText.FormatDuration(j)}" : ""));
        if (LossPercent is { } loss) Add($"loss {ImpairmentText.FormatPercent(loss)}");
        if (DuplicatePercent is { } dup) Add($"duplicate {ImpairmentText.FormatPercent(dup)}");
        if (CorruptPercent is { } corrupt) Add($"corrupt {ImpairmentText.FormatPercent(corrupt)}");
        if (ReorderPercent is { } reorder) Add($"reorder {ImpairmentText.FormatPercent(reorder)}");
        if (RateBitsPerSecond is { } rate) Add($"rate {ImpairmentText.FormatRate(rate)}");
        if (Limit is { } limit) Add($"limit {limit}");
        return text.ToString();
    }
}
