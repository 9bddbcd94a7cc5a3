using LinuxNetPS.Support;

namespace LinuxNetPS.Module.UnitTests;

public class NameFilterTests
{
    private static readonly string[] Links = ["lo", "veth0", "veth1", "br0", "ETH0", "eth0"];

    [Fact]
    public void No_patterns_keeps_everything()
    {
        var selected = NameFilter.Select(Links, n => n, null, out var missing);
        Assert.Equal(Links, selected);
        Assert.Empty(missing);
    }

    [Fact]
    public void Wildcards_select_in_original_order_without_duplicates()
    {
        var selected = NameFilter.Select(Links, n => n, ["br*", "veth*", "*0"], out var missing);
        Assert.Equal(["veth0", "veth1", "br0", "ETH0", "eth0"], selected);
        Assert.Empty(missing);
    }

    [Fact]
    public void Literal_names_are_case_sensitive_like_Linux()
    {
        var selected = NameFilter.Select(Links, n => n, ["eth0"], out _);
        Assert.Equal(["eth0"], selected);
    }

    [Fact]
    public void Unmatched_literals_are_reported_but_unmatched_patterns_are_not()
    {
        var selected = NameFilter.Select(Links, n => n, ["nope", "zz*", "lo"], out var missing);
        Assert.Equal(["lo"], selected);
        Assert.Equal(["nope"], missing);
    }

    [Fact]
    public void Null_names_do_not_match_literals()
    {
        string?[] names = [null, "red"];
        var selected = NameFilter.Select(names, n => n, ["red"], out var missing);
        Assert.Equal(["red"], selected);
        Assert.Empty(missing);
    }
}
