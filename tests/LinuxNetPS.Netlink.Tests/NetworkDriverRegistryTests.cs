using LinuxNetPS.Client;
using LinuxNetPS.Compose;
using LinuxNetPS.Compose.Networks.Drivers;
using LinuxNetPS.Compose.Networks.State;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Tests;

/// <summary>The network-driver registry refuses a second driver of a name (in any case) and stays as it was.</summary>
public class NetworkDriverRegistryTests
{
    /// <summary>A driver that only has a name: registering it must fail before any of its methods could matter.</summary>
    private sealed class NamedOnly(string name) : INetworkDriver
    {
        public string Name => name;
        public bool Creatable => true;
        public IReadOnlyList<string> Modes => [];
        public void Prepare(NetworkRecord network, DriverContext context) => throw new NotSupportedException();
        public void PlanCreate(NetworkRecord network, DriverContext context, ChangePlan plan) => throw new NotSupportedException();
        public void PlanRemove(NetworkRecord network, DriverContext context, ChangePlan plan) => throw new NotSupportedException();
        public void PrepareEndpoint(NetworkRecord network, EndpointRecord endpoint, DriverContext context, NetClient container) => throw new NotSupportedException();
        public void PlanConnect(NetworkRecord network, EndpointRecord endpoint, DriverContext context, NetClient container, ChangePlan plan) => throw new NotSupportedException();
        public void Release(NetworkRecord network, EndpointRecord endpoint, DriverContext context, NetClient? container) => throw new NotSupportedException();
        public string? Problem(NetworkRecord network, DriverContext context) => null;
    }

    [Theory]
    [InlineData("bridge")]
    [InlineData("BRIDGE")] // names are case-insensitive, as -Driver is
    [InlineData("none")]
    public void Register_RefusesADuplicateName_AndKeepsTheRegisteredDriver(string name)
    {
        var before = NetworkDrivers.Names.ToList();
        var registered = NetworkDrivers.Resolve(name);

        var e = Assert.Throws<InvalidOperationException>(() => NetworkDrivers.Register(new NamedOnly(name)));

        Assert.Contains($"'{name}'", e.Message);
        Assert.Contains("registered already", e.Message);
        Assert.Same(registered, NetworkDrivers.Resolve(name));
        Assert.Equal(before, NetworkDrivers.Names);
    }

    [Fact]
    public void Register_RefusesTheSameDriverTwice()
    {
        var bridge = NetworkDrivers.Resolve("bridge");
        Assert.Throws<InvalidOperationException>(() => NetworkDrivers.Register(bridge));
        Assert.Same(bridge, NetworkDrivers.Resolve("bridge"));
    }
}
