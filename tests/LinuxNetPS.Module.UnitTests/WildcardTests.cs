using LinuxNetPS.Support;

namespace LinuxNetPS.Module.UnitTests;

public class WildcardTests
{
    [Theory]
    [InlineData("veth*", "veth0", true)]
    [InlineData("veth*", "ceth0", false)]
    [InlineData("*eth?", "rveth1", true)]
    [InlineData("*eth?", "rveth12", false)]
    [InlineData("VETH*", "veth0", true)] // PowerShell wildcards ignore case
    [InlineData("br[0-2]", "br1", true)]
    [InlineData("br[0-2]", "br3", false)]
    [InlineData("br[ab]", "brb", true)]
    [InlineData("a`*b", "a*b", true)]
    [InlineData("a`*b", "axb", false)]
    [InlineData("*", "", true)]
    [InlineData("lo", "lo", true)]
    [InlineData("lo", "lo0", false)]
    [InlineData("br`[", "br[", true)] // an escaped bracket is literal
    public void Matches(string pattern, string text, bool expected) => Assert.Equal(expected, Wildcard.Matches(pattern, text));

    [Theory]
    [InlineData("veth0", false)]
    [InlineData("veth*", true)]
    [InlineData("br?", true)]
    [InlineData("br[01]", true)]
    [InlineData("a`*b", false)]
    [InlineData("", false)]
    public void IsPattern(string text, bool expected) => Assert.Equal(expected, Wildcard.IsPattern(text));

    [Fact]
    public void Unescape_removes_backticks() => Assert.Equal("a*b", Wildcard.Unescape("a`*b"));

    [Theory]
    [InlineData("[")]
    [InlineData("eth[")]
    [InlineData("eth[0-")]
    public void APatternPowerShellCannotRead_IsInvalidWildcardPattern_BeforeAnyMatch(string pattern)
    {
        var e = Assert.Throws<LinuxNetPS.Errors.NetOperationException>(() => Wildcard.Get(pattern));
        Assert.Equal(LinuxNetPS.Errors.ErrorIds.InvalidWildcardPattern, e.ErrorId);
        Assert.Equal(LinuxNetPS.Errors.NetErrorKind.InvalidArgument, e.Kind);
        Assert.Contains($"'{pattern}'", e.Message);
        Assert.Throws<LinuxNetPS.Errors.NetOperationException>(() => Wildcard.Matches(pattern, "eth0"));
        // NameFilter reads the pattern even when there is nothing to match it against.
        Assert.Throws<LinuxNetPS.Errors.NetOperationException>(() => NameFilter.Select(Array.Empty<string>(), s => s, [pattern], out _));
    }
}
