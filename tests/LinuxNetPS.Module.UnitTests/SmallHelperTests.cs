using System.Collections;
using System.Net;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Rtnetlink;
using LinuxNetPS.Support;

namespace LinuxNetPS.Module.UnitTests;

public class RouteTableNameTests
{
    [Theory]
    [InlineData("main", 254u)]
    [InlineData("Local", 255u)]
    [InlineData("default", 253u)]
    [InlineData("all", 0u)]
    [InlineData("100", 100u)]
    [InlineData(" 42 ", 42u)]
    public void Parses(string text, uint expected) => Assert.Equal(expected, RouteTableName.Parse(text));

    [Theory]
    [InlineData("-1")]
    [InlineData("mian")]
    [InlineData("99999999999")]
    public void Rejects(string text)
    {
        var e = Assert.Throws<NetOperationException>(() => RouteTableName.Parse(text));
        Assert.Equal(NetErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("main, local", e.Message);
    }
}

public class AddressArgumentTests
{
    private static readonly NetAddress[] Current =
    [
        new() { Interface = "veth0", IPAddress = IPAddress.Parse("10.10.1.10"), PrefixLength = 16 },
        new() { Interface = "veth0", IPAddress = IPAddress.Parse("fd00::1"), PrefixLength = 64 },
    ];

    [Fact]
    public void Prefix_in_the_text()
    {
        var (address, length) = AddressArgument.Read("10.10.1.10/16", null);
        Assert.Equal(IPAddress.Parse("10.10.1.10"), address);
        Assert.Equal(16, length);
    }

    [Fact]
    public void Prefix_from_parameter_as_Get_NetAddress_binds_it() => Assert.Equal(64, AddressArgument.Read("fd00::1", 64).PrefixLength);

    [Fact]
    public void Same_length_twice_is_fine() => Assert.Equal(16, AddressArgument.Read("10.10.1.10/16", 16).PrefixLength);

    [Fact]
    public void Conflicting_lengths_are_rejected()
    {
        var e = Assert.Throws<NetOperationException>(() => AddressArgument.Read("10.10.1.10/16", 24));
        Assert.Equal(NetErrorKind.InvalidArgument, e.Kind);
    }

    [Fact]
    public void Out_of_range_length_is_rejected() =>
        Assert.Equal(NetErrorKind.InvalidArgument, Assert.Throws<NetOperationException>(() => AddressArgument.Read("10.0.0.1", 33)).Kind);

    [Fact]
    public void Bad_address_is_rejected() =>
        Assert.Equal(NetErrorKind.InvalidArgument, Assert.Throws<NetOperationException>(() => AddressArgument.Read("10.0.0", null)).Kind);

    [Fact]
    public void Missing_length_is_looked_up()
    {
        var (address, length) = AddressArgument.Read("10.10.1.10", null);
        Assert.Null(length);
        Assert.Equal(16, AddressArgument.Resolve(address, length, Current, "veth0").PrefixLength);
    }

    [Fact]
    public void Address_the_interface_lacks_is_NotFound()
    {
        var e = Assert.Throws<NetOperationException>(() => AddressArgument.Resolve(IPAddress.Parse("10.9.9.9"), null, Current, "veth0"));
        Assert.Equal(NetErrorKind.NotFound, e.Kind);
        Assert.Contains("veth0", e.Message);
    }
}

public class LinkChangeRequestTests
{
    [Fact]
    public void Builds_changes_and_describes_them()
    {
        var changes = new LinkChangeRequest { Up = true, Mtu = 9000, Master = "br0" }.ToChanges();
        Assert.True(changes.Up);
        Assert.Equal(9000u, changes.Mtu);
        Assert.Equal("br0", changes.Master);
        Assert.Equal("Set mtu 9000, master br0, up", LinkChangeRequest.Describe(changes));
    }

    [Fact]
    public void Down_means_up_false() => Assert.False(new LinkChangeRequest { Down = true }.ToChanges().Up);

    [Fact]
    public void Empty_alias_clears() => Assert.Equal("Set clear alias", LinkChangeRequest.Describe(new LinkChangeRequest { Alias = "" }.ToChanges()));

    [Theory]
    [InlineData(true, true, null, false, "-Up or -Down")]
    [InlineData(false, false, "br0", true, "-Master or -NoMaster")]
    [InlineData(false, false, null, false, "Nothing to change")]
    public void Contradictions_are_rejected(bool up, bool down, string? master, bool noMaster, string fragment)
    {
        var e = Assert.Throws<NetOperationException>(() =>
            new LinkChangeRequest { Up = up, Down = down, Master = master, NoMaster = noMaster }.ToChanges());
        Assert.Equal(NetErrorKind.InvalidArgument, e.Kind);
        Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void Bad_new_name_is_rejected_before_the_kernel() =>
        Assert.Equal(NetErrorKind.InvalidArgument,
            Assert.Throws<NetOperationException>(() => new LinkChangeRequest { NewName = "way-too-long-interface" }.ToChanges()).Kind);
}

public class OptionTableTests
{
    [Fact]
    public void Converts_values_invariantly()
    {
        var table = new Hashtable { ["mode"] = "bridge", ["id"] = 42, ["learning"] = false, ["ratio"] = 1.5 };
        var options = OptionTable.Convert(table);
        Assert.Equal("bridge", options["mode"]);
        Assert.Equal("42", options["id"]);
        Assert.Equal("false", options["learning"]);
        Assert.Equal("1.5", options["ratio"]);
    }

    [Fact]
    public void Null_table_is_no_options() => Assert.Empty(OptionTable.Convert(null));

    [Fact]
    public void Unwrap_is_applied_to_keys_and_values()
    {
        var options = OptionTable.Convert(new Hashtable { ["id"] = new Box(7) }, v => v is Box b ? b.Value : v);
        Assert.Equal("7", options["id"]);
    }

    [Fact]
    public void Null_value_is_rejected() =>
        Assert.Equal(NetErrorKind.InvalidArgument, Assert.Throws<NetOperationException>(() => OptionTable.Convert(new Hashtable { ["mode"] = null })).Kind);

    private sealed record Box(int Value);
}

public class TargetTextTests
{
    [Fact]
    public void Host_and_named()
    {
        Assert.Equal("link 'veth0' in the host namespace", TargetText.Of("link", "veth0", null));
        Assert.Equal("link 'veth0' in the host namespace", TargetText.Of("link", "veth0", ""));
        Assert.Equal("link 'veth0' in namespace 'red'", TargetText.Of("link", "veth0", "red"));
    }
}

public class RouteFilterTests
{
    private static NetRoute Route(string family, string destination) => new() { Family = Enum.Parse<IPFamily>(family), Destination = destination };

    private static readonly NetRoute[] Routes =
    [
        Route("IPv4", "default"), Route("IPv4", "10.10.0.0/16"), Route("IPv4", "10.10.1.0/24"), Route("IPv6", "default"), Route("IPv6", "fd00::/64"),
    ];

    private static string[] Select(string? destination) => Routes.Where(RouteFilter.For(destination)).Select(r => r.Family + " " + r.Destination).ToArray();

    [Fact]
    public void Null_keeps_all() => Assert.Equal(5, Select(null).Length);

    [Fact]
    public void Default_matches_both_families() => Assert.Equal(["IPv4 default", "IPv6 default"], Select("default"));

    [Fact]
    public void Zero_prefix_matches_its_family_default() => Assert.Equal(["IPv6 default"], Select("::/0"));

    [Fact]
    public void Prefix_compares_by_network() => Assert.Equal(["IPv4 10.10.0.0/16"], Select("10.10.7.7/16"));

    [Fact]
    public void Wildcard_matches_text() => Assert.Equal(["IPv4 10.10.0.0/16", "IPv4 10.10.1.0/24"], Select("10.10.*"));

    [Fact]
    public void Bad_destination_is_rejected() =>
        Assert.Equal(NetErrorKind.InvalidArgument, Assert.Throws<NetOperationException>(() => RouteFilter.For("10.10")).Kind);
}

public class NamespaceNamesTests
{
    [Fact]
    public void Lists_files_sorted_and_survives_a_missing_directory()
    {
        var dir = Directory.CreateTempSubdirectory("linuxnetps-nsnames-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "red"), "");
            File.WriteAllText(Path.Combine(dir, "blue"), "");
            Assert.Equal(["blue", "red"], NamespaceNames.List(dir));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
        Assert.Empty(NamespaceNames.List(dir));
    }
}
