using System.Globalization;
using System.Text.RegularExpressions;
using LinuxNetPS.Errors;

namespace LinuxNetPS.Primitives;

/// <summary>
/// Reads the impairment values people type, in tc's spelling: durations ("100ms", "1.5s", "250us"), percentages
/// ("1%", "0.5%", or a bare "1") and rates ("10mbit", "1gbit", "500kbit", "64kbps"). Shared by the cmdlets and the lab
/// loader, so a lab file and a command line accept exactly the same text. Malformed text throws
/// <see cref="FormatException"/>, a value too large to represent <see cref="ArgumentOutOfRangeException"/>; both say
/// what to type instead. Whether a value makes sense (loss above 100%, jitter without delay) is
/// <see cref="LinuxNetPS.Model.LinkImpairmentSpec.Validate"/>'s business.
/// </summary>
public static partial class ImpairmentText
{
    [GeneratedRegex(@"^\s*(?<n>[0-9]+(\.[0-9]*)?|\.[0-9]+)\s*(?<u>[a-zµ]*)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NumberAndUnit();

    /// <summary>Duration units and their length in nanoseconds (tc's names; no unit is refused, as tc's default of µs surprises).</summary>
    private static readonly Dictionary<string, decimal> DurationUnits = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ns"] = 1m, ["nsec"] = 1m,
        ["us"] = 1_000m, ["µs"] = 1_000m, ["usec"] = 1_000m,
        ["ms"] = 1_000_000m, ["msec"] = 1_000_000m,
        ["s"] = 1_000_000_000m, ["sec"] = 1_000_000_000m, ["secs"] = 1_000_000_000m,
        ["m"] = 60_000_000_000m, ["min"] = 60_000_000_000m,
    };

    /// <summary>
    /// Rate units and their size in bits per second. As in tc, "bit" units count bits and "bps" units count BYTES
    /// (1mbps = 8mbit); k/m/g/t are powers of 1000, ki/mi/gi/ti powers of 1024.
    /// </summary>
    private static readonly Dictionary<string, decimal> RateUnits = BuildRateUnits();

    private static Dictionary<string, decimal> BuildRateUnits()
    {
        var units = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase) { ["bit"] = 1m, ["bps"] = 8m };
        (string Prefix, decimal Factor)[] prefixes =
        [
            ("k", 1e3m), ("m", 1e6m), ("g", 1e9m), ("t", 1e12m),
            ("ki", 1024m), ("mi", 1024m * 1024), ("gi", 1024m * 1024 * 1024), ("ti", 1024m * 1024 * 1024 * 1024),
        ];
        foreach (var (prefix, factor) in prefixes)
        {
            units[prefix + "bit"] = factor;
            units[prefix + "bps"] = factor * 8;
        }
        return units;
    }

    /// <summary>"100ms" → 100 ms. Also accepts TimeSpan's own form ("00:00:00.100"). Units: ns us ms s min.</summary>
    public static TimeSpan ParseDuration(string text, string what = "duration")
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Contains(':') && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span)) return span;
        var (number, unit) = Split(text, what, "100ms, 1.5s or 250us");
        if (unit.Length == 0)
            throw new FormatException($"The {what} '{InputText.Echo(text)}' has no unit; write it with one, as in {number}ms (units: ns, us, ms, s, min).");
        if (!DurationUnits.TryGetValue(unit, out var nsPerUnit))
            throw new FormatException($"The {what} '{InputText.Echo(text)}' has an unknown unit '{unit}'; use ns, us, ms, s or min, as in 100ms.");
        decimal ns = Multiply(number, nsPerUnit, text, what);
        if (ns % 100m != 0)
            throw new FormatException($"The {what} '{InputText.Echo(text)}' is not a whole number of 100 ns (shorter than 100 ns is the finest step of a duration here).");
        decimal ticks = ns / 100m;
        if (ticks > TimeSpan.MaxValue.Ticks) throw TooLarge(text, what);
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>"1%" or "1" → 1.0 (percent). "0.5%" → 0.5.</summary>
    public static double ParsePercent(string text, string what = "percentage")
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var body = trimmed.EndsWith('%') ? trimmed[..^1] : trimmed;
        var (number, unit) = Split(body, what, "1% or 0.5%");
        if (unit.Length != 0)
            throw new FormatException($"The {what} '{InputText.Echo(text)}' is not a percentage; write it as 1% or 0.5%.");
        return (double)number;
    }

    /// <summary>"10mbit" → 10,000,000 bits per second. tc's units: bit kbit mbit gbit tbit (and kibit ...), or bps kbps mbps gbps for BYTES per second.</summary>
    public static ulong ParseRate(string text, string what = "rate")
    {
        ArgumentNullException.ThrowIfNull(text);
        var (number, unit) = Split(text, what, "10mbit, 500kbit or 1gbit");
        if (unit.Length == 0)
            throw new FormatException($"The {what} '{InputText.Echo(text)}' has no unit; write it with one, as in {number}mbit (bit, kbit, mbit, gbit; kbps, mbps are BYTES per second, as in tc).");
        if (!RateUnits.TryGetValue(unit, out var bitsPerUnit))
            throw new FormatException($"The {what} '{InputText.Echo(text)}' has an unknown unit '{unit}'; use bit, kbit, mbit, gbit or tbit (kbps, mbps ... count bytes, as in tc), as in 10mbit.");
        decimal bits = Math.Round(Multiply(number, bitsPerUnit, text, what), MidpointRounding.AwayFromZero);
        if (bits > ulong.MaxValue) throw TooLarge(text, what);
        return (ulong)bits;
    }

    /// <summary>A duration as tc prints it: "100ms", "1.5s", "250us" (the largest unit that needs at most 3 decimals).</summary>
    public static string FormatDuration(TimeSpan value)
    {
        decimal ns = value.Ticks * 100m;
        (decimal Size, string Unit)[] units = [(1_000_000_000m, "s"), (1_000_000m, "ms"), (1_000m, "us")];
        foreach (var (size, unit) in units)
            if (Math.Abs(ns) >= size && (ns * 1000m / size) % 1 == 0) return $"{Trim(ns / size)}{unit}";
        return $"{ns.ToString(CultureInfo.InvariantCulture)}ns";
    }

    /// <summary>A rate as tc prints it: "10Mbit", "500Kbit", "1Gbit", "8bit".</summary>
    public static string FormatRate(ulong bitsPerSecond)
    {
        (decimal Factor, string Unit)[] steps = [(1e12m, "Tbit"), (1e9m, "Gbit"), (1e6m, "Mbit"), (1e3m, "Kbit")];
        foreach (var (factor, unit) in steps)
            if (bitsPerSecond >= factor) return $"{Trim(Math.Round(bitsPerSecond / factor, 3))}{unit}";
        return $"{bitsPerSecond}bit";
    }

    /// <summary>A percentage as tc prints it: "1%", "0.5%".</summary>
    public static string FormatPercent(double percent) => $"{Math.Round(percent, 6).ToString("0.######", CultureInfo.InvariantCulture)}%";

    private static string Trim(decimal value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static (decimal Number, string Unit) Split(string text, string what, string example)
    {
        var match = NumberAndUnit().Match(text);
        if (!match.Success)
        {
            string sign = text.TrimStart().StartsWith('-') ? " It cannot be negative." : "";
            throw new FormatException($"'{InputText.Echo(text)}' is not a {what}; write it as {example}.{sign}");
        }
        if (!decimal.TryParse(match.Groups["n"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            throw TooLarge(text, what);
        return (number, match.Groups["u"].Value);
    }

    private static decimal Multiply(decimal number, decimal factor, string text, string what)
    {
        try { return number * factor; }
        catch (OverflowException) { throw TooLarge(text, what); }
    }

    private static ArgumentOutOfRangeException TooLarge(string text, string what) =>
        new(what, $"The {what} '{InputText.Echo(text)}' is too large.");
}
