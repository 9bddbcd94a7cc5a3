using LinuxNetPS.Primitives;
using LinuxNetPS.Model;
using System.Globalization;
using System.Management.Automation;
using LinuxNetPS.Impairment;

namespace LinuxNetPS.Support;

/// <summary>
/// Lets [TimeSpan] -Delay/-Jitter take tc's text ('100ms', '1.5s', '250us') as well as a TimeSpan. A bare number is
/// refused: PowerShell would read 100 as 100 ticks (10 µs), which nobody means.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class DurationArgumentAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
        ImpairmentArgument.Transform(inputData, "duration", text => ImpairmentText.ParseDuration(text), value => value switch
        {
            TimeSpan span => span,
            _ when ImpairmentArgument.IsNumber(value) => throw new ArgumentTransformationMetadataException(
                $"The duration {Convert.ToString(value, CultureInfo.InvariantCulture)} has no unit; write it with one, as in {Convert.ToString(value, CultureInfo.InvariantCulture)}ms (or give a [TimeSpan])."),
            _ => null,
        });
}

/// <summary>Lets [double] -Loss/-Duplicate/-Corrupt/-Reorder take '1%' or '0.5%' as well as a number of percent.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class PercentArgumentAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
        ImpairmentArgument.Transform(inputData, "percentage", text => ImpairmentText.ParsePercent(text),
            value => ImpairmentArgument.IsNumber(value) ? Convert.ToDouble(value, CultureInfo.InvariantCulture) : null);
}

/// <summary>Lets [ulong] -Rate take tc's text ('10mbit', '1gbit', '500kbit') as well as a number of bits per second.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class RateArgumentAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
        ImpairmentArgument.Transform(inputData, "rate", text => ImpairmentText.ParseRate(text), value => value switch
        {
            _ when !ImpairmentArgument.IsNumber(value) => null,
            double or float or decimal when Convert.ToDecimal(value, CultureInfo.InvariantCulture) is var d && (d < 0 || d % 1 != 0 || d > ulong.MaxValue) =>
                throw new ArgumentTransformationMetadataException($"The rate {Convert.ToString(value, CultureInfo.InvariantCulture)} is not a whole number of bits per second; write it as 10mbit or 10000000."),
            _ when Convert.ToDecimal(value, CultureInfo.InvariantCulture) < 0 =>
                throw new ArgumentTransformationMetadataException($"The rate {Convert.ToString(value, CultureInfo.InvariantCulture)} cannot be negative; write it as 10mbit."),
            _ => Convert.ToUInt64(value, CultureInfo.InvariantCulture),
        });
}

/// <summary>The shared part: unwrap, parse strings with the core's parser, turn its exceptions into binding errors.</summary>
internal static class ImpairmentArgument
{
    public static object? Transform(object? inputData, string what, Func<string, object> parse, Func<object, object?> convert)
    {
        var value = inputData is PSObject p ? p.BaseObject : inputData;
        if (value is null) return inputData;
        try
        {
            if (value is string text) return parse(text);
            return convert(value) ?? inputData; // anything else: PowerShell's own conversion decides
        }
        catch (Exception e) when (e is FormatException or ArgumentException && e is not ArgumentTransformationMetadataException)
        {
            throw new ArgumentTransformationMetadataException(e is ArgumentOutOfRangeException range ? range.Message.Split(" (Parameter")[0] : e.Message, e);
        }
    }

    public static bool IsNumber(object value) =>
        value is byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal;
}
