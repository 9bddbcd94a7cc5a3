using System.Net;
using LinuxNetPS.Compose.Labs;
using LinuxNetPS.Primitives;
using Xunit;

namespace LinuxNetPS.Tests;

/// <summary>
/// Set-NetLabLink puts a node's routes back from the lab's record after a link was down: the text the record holds
/// (LabRouteDefinition.ToString) must read back as the route it was written from.
/// </summary>
public class LabRouteRestoreTests
{
    private static readonly SourceLocation At = new("lab.json", 1, 1, "Nodes.r1.Routes[0]");

    public static TheoryData<string, string?, string?, string> Routes() => new()
    {
        { "0.0.0.0/0", "10.1.0.1", null, "default" },
        { "10.2.0.0/24", "10.255.0.2", null, "10.2.0.0/24" },
        { "10.2.0.0/24", "10.255.0.2", "eth0", "10.2.0.0/24" },
        { "10.9.0.0/16", null, "eth1", "10.9.0.0/16" },
        { "::/0", "fd00::1", null, "::/0" },
        { "fd00:2::/64", "fd00::2", "eth1", "fd00:2::/64" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public void A_recorded_route_reads_back_as_the_route_it_was_written_from(string destination, string? gateway, string? device, string expectedDestination)
    {
        var route = new LabRouteDefinition(IPPrefix.Parse(destination), gateway is null ? null : IPAddress.Parse(gateway), device, At);
        var spec = LabRouteRestore.Parse(route.ToString());
        Assert.Equal(expectedDestination, spec.Destination);
        Assert.Equal(route.Gateway, spec.Gateway);
        Assert.Equal(device, spec.Interface);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-prefix via 10.0.0.1")]
    [InlineData("10.0.0.0/24 via nonsense")]
    public void Text_that_is_no_route_is_refused_not_guessed(string text)
    {
        var e = Record.Exception(() => LabRouteRestore.Parse(text));
        Assert.True(e is FormatException or Errors.NetOperationException, $"'{text}' gave {e?.GetType().Name ?? "no error"}");
    }
}
