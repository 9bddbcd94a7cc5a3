using LinuxNetPS.Errors;

namespace LinuxNetPS.Compose.Networks.Drivers;

/// <summary>The registry of network drivers, like the link kinds': one line per driver, duplicates refused.</summary>
public static class NetworkDrivers
{
    private static readonly Dictionary<string, INetworkDriver> Registered = new(StringComparer.OrdinalIgnoreCase);

    static NetworkDrivers()
    {
        Register(new BridgeDriver());
        Register(new MacvlanDriver());
        Register(new IpvlanDriver());
        Register(new HostDriver());
        Register(new NoneDriver());
        Register(new OverlayDriver());
    }

    public static void Register(INetworkDriver driver)
    {
        lock (Registered)
            if (!Registered.TryAdd(driver.Name, driver))
                throw new InvalidOperationException($"A network driver named '{driver.Name}' is registered already.");
    }

    public static IReadOnlyCollection<string> Names
    {
        get { lock (Registered) return Registered.Keys.Order(StringComparer.Ordinal).ToList(); }
    }

    public static INetworkDriver Resolve(string name)
    {
        lock (Registered)
            if (Registered.TryGetValue(name, out var driver)) return driver;
        throw NetOperationException.Invalid($"Unknown network driver '{name}': use one of {string.Join(", ", Names)}.", name)
            .WithErrorId(ErrorIds.InvalidNetworkDriver);
    }
}
