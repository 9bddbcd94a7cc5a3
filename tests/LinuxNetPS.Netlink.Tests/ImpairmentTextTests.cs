using LinuxNetPS.Primitives;
using LinuxNetPS.Model;
using LinuxNetPS.Errors;
using LinuxNetPS.Impairment;

namespace LinuxNetPS.Tests;

/// <summary>The text people type for impairments (tc's spelling) and the checks of a spec, without the kernel.</summary>
public class ImpairmentTextTests
{
    [Theory]
    [InlineData("100ms", 100_000_000L)]
    [InlineData("1.5s", 1_500_000_000L)]
    [InlineData("250us", 250_000L)]
    [InlineData("250usec", 250_000L)]
    [InlineData(" 10 MS ", 10_000_000L)]
    [InlineData("0ms", 0L)]
    [InlineData("2min", 120_000_000_000L)]
    [InlineData("00:00:00.1", 100_000_000L)]
    public void ParseDuration_ReadsTcUnits(string text, long ns) =>
        Assert.Equal(TimeSpan.FromTicks(ns / 100), ImpairmentText.ParseDuration(text));

    [Theory]
    [InlineData("100", "no unit")]
    [InlineData("100 parsecs", "unknown unit")]
    [InlineData("-5ms", "cannot be negative")]
    [InlineData("fast", "write it as")]
    [InlineData("", "write it as")]
    [InlineData("50ns", "shorter than 100 ns")]
    [InlineData("1.00005ms", "whole number of 100 ns")]
    public void ParseDuration_RefusesWithAHint(string text, string hint) =>
        Assert.Contains(hint, Assert.Throws<FormatException>(() => ImpairmentText.ParseDuration(text, "delay")).Message);

    [Fact]
    public void ParseDuration_TooLarge_IsOutOfRange() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ImpairmentText.ParseDuration("99999999999999999999999s"));

    [Theory]
    [InlineData("1%", 1.0)]
    [InlineData("0.5%", 0.5)]
    [InlineData("50", 50.0)]
    [InlineData("100 %", 100.0)]
    [InlineData("150%", 150.0)] // parsed; Validate refuses it
    public void ParsePercent_ReadsPercentages(string text, double percent) =>
        Assert.Equal(percent, ImpairmentText.ParsePercent(text));

    [Theory]
    [InlineData("1x")]
    [InlineData("-1%")]
    [InlineData("%")]
    [InlineData("lots")]
    public void ParsePercent_RefusesOtherText(string text) =>
        Assert.Throws<FormatException>(() => ImpairmentText.ParsePercent(text, "loss"));

    [Theory]
    [InlineData("10mbit", 10_000_000UL)]
    [InlineData("1gbit", 1_000_000_000UL)]
    [InlineData("500kbit", 500_000UL)]
    [InlineData("1.5Mbit", 1_500_000UL)]
    [InlineData("8bit", 8UL)]
    [InlineData("1mibit", 1_048_576UL)]
    [InlineData("1mbps", 8_000_000UL)] // tc: bps units are BYTES per second
    [InlineData("40gbit", 40_000_000_000UL)]
    public void ParseRate_ReadsTcUnits(string text, ulong bits) => Assert.Equal(bits, ImpairmentText.ParseRate(text));

    [Theory]
    [InlineData("10", "no unit")]
    [InlineData("10 mb", "unknown unit")]
    [InlineData("-1mbit", "cannot be negative")]
    public void ParseRate_RefusesWithAHint(string text, string hint) =>
        Assert.Contains(hint, Assert.Throws<FormatException>(() => ImpairmentText.ParseRate(text)).Message);

    [Fact]
    public void ParseRate_Overflow_IsOutOfRange() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ImpairmentText.ParseRate("99999999999tbit"));

    [Theory]
    [InlineData(100_000_000L, "100ms")]
    [InlineData(1_500_000_000L, "1.5s")]
    [InlineData(250_000L, "250us")]
    public void FormatDuration_SpeaksTc(long ns, string text) => Assert.Equal(text, ImpairmentText.FormatDuration(TimeSpan.FromTicks(ns / 100)));

    [Fact]
    public void SpecText_RoundTripsThroughParse()
    {
        var spec = LinkImpairmentSpec.Parse(new Dictionary<string, string>
        {
            ["Delay"] = "100ms", ["jitter"] = "10ms", ["LOSS"] = "1%", ["rate"] = "10mbit", ["duplicate"] = "2%", ["limit"] = "500",
        });
        Assert.Equal(new LinkImpairmentSpec
        {
            Delay = TimeSpan.FromMilliseconds(100), Jitter = TimeSpan.FromMilliseconds(10), LossPercent = 1, RateBitsPerSecond = 10_000_000,
            DuplicatePercent = 2, Limit = 500,
        }, spec);
        Assert.Equal("delay 100ms 10ms loss 1% duplicate 2% rate 10Mbit limit 500", spec.ToString());
        Assert.True(spec.NeedsNetem);
        Assert.False(new LinkImpairmentSpec { RateBitsPerSecond = 1_000_000 }.NeedsNetem);
    }

    [Theory]
    [InlineData("speed", "10mbit", "not an impairment key")]
    [InlineData("limit", "many", "whole number")]
    [InlineData("loss", "150%", "more than 100%")]
    [InlineData("jitter", "10ms", "needs a delay")]
    public void SpecParse_NamesTheProblem(string key, string value, string hint)
    {
        var e = Assert.ThrowsAny<Exception>(() => LinkImpairmentSpec.Parse(new Dictionary<string, string> { [key] = value }));
        Assert.True(e is ArgumentException or FormatException, e.GetType().Name);
        Assert.Contains(hint, e.Message);
    }

    [Fact]
    public void FromValues_TakesALabFilesMixOfTextAndNumbers()
    {
        var spec = LinkImpairmentSpec.FromValues(new System.Collections.Hashtable
        {
            ["delay"] = "100ms", ["Jitter"] = TimeSpan.FromMilliseconds(5), ["loss"] = 1, ["rate"] = 10_000_000L, ["limit"] = "200", ["corrupt"] = 0.5,
        });
        Assert.Equal(new LinkImpairmentSpec
        {
            Delay = TimeSpan.FromMilliseconds(100), Jitter = TimeSpan.FromMilliseconds(5), LossPercent = 1, RateBitsPerSecond = 10_000_000,
            Limit = 200, CorruptPercent = 0.5,
        }, spec);
        Assert.Contains("no unit", Assert.Throws<FormatException>(() => LinkImpairmentSpec.FromValues(new System.Collections.Hashtable { ["delay"] = 100 })).Message);
        Assert.Contains("whole number", Assert.Throws<FormatException>(() => LinkImpairmentSpec.FromValues(new System.Collections.Hashtable { ["rate"] = -5 })).Message);
        Assert.Contains("whole number", Assert.Throws<FormatException>(() => LinkImpairmentSpec.FromValues(new System.Collections.Hashtable { ["limit"] = 1.5 })).Message);
        Assert.Contains("more than 100%", Assert.Throws<ArgumentException>(() => LinkImpairmentSpec.FromValues(new System.Collections.Hashtable { ["loss"] = 101 })).Message);
        Assert.Contains("no value", Assert.Throws<ArgumentException>(() => LinkImpairmentSpec.FromValues(new System.Collections.Hashtable { ["loss"] = null })).Message);
    }

    [Fact]
    public void SpecParse_BadText_IsAFormatException() =>
        Assert.Throws<FormatException>(() => LinkImpairmentSpec.Parse(new Dictionary<string, string> { ["delay"] = "soon" }));

    public static readonly TheoryData<LinkImpairmentSpec, string> BadSpecs = new()
    {
        { new LinkImpairmentSpec(), "No impairment" },
        { new LinkImpairmentSpec { Delay = TimeSpan.FromMilliseconds(-1) }, "cannot be negative" },
        { new LinkImpairmentSpec { Delay = TimeSpan.MaxValue }, "too large" },
        { new LinkImpairmentSpec { Jitter = TimeSpan.FromMilliseconds(5) }, "needs a delay" },
        { new LinkImpairmentSpec { LossPercent = 100.5 }, "more than 100%" },
        { new LinkImpairmentSpec { LossPercent = -1 }, "cannot be negative" },
        { new LinkImpairmentSpec { LossPercent = double.NaN }, "not a number" },
        { new LinkImpairmentSpec { ReorderPercent = 10 }, "needs a delay" },
        { new LinkImpairmentSpec { RateBitsPerSecond = 7 }, "too slow" },
        { new LinkImpairmentSpec { RateBitsPerSecond = 0 }, "too slow" },
        { new LinkImpairmentSpec { Limit = 0 }, "drop every packet" },
    };

    [Theory]
    [MemberData(nameof(BadSpecs))]
    public void Validate_RefusesWithInvalidImpairment(LinkImpairmentSpec spec, string hint)
    {
        var e = Assert.Throws<NetOperationException>(() => spec.Validate("v0"));
        Assert.Equal(NetErrorKind.InvalidArgument, e.Kind);
        Assert.Equal(ErrorIds.InvalidImpairment, e.ErrorId);
        Assert.Contains(hint, e.Message);
    }

    [Theory]
    [InlineData(1.0, 0x028f5c29u)]
    [InlineData(50.0, 0x80000000u)]
    [InlineData(100.0, 0xffffffffu)]
    [InlineData(0.0, 0u)]
    public void Probability_IsTcsScaling(double percent, uint expected)
    {
        Assert.Equal(expected, QdiscCodec.Probability(percent));
        Assert.Equal(percent, QdiscCodec.Percent(expected));
    }
}
