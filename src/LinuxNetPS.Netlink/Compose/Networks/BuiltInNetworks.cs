using System.Security.Cryptography;
using System.Text;
using LinuxNetPS.Compose.Networks.State;

namespace LinuxNetPS.Compose.Networks;

/// <summary>
/// The networks every namespace has, as `docker network ls` shows them: host, none, and bridge (Docker's default
/// network: docker0, 172.17.0.0/16), which is created on its first Connect and is an ordinary bridge network from then on.
/// </summary>
internal static class BuiltInNetworks
{
    public const string Bridge = "bridge", Host = "host", None = "none";

    public static bool IsBuiltIn(string name) => name is Bridge or Host or None;

    public static NetworkRecord Definition(string name) => name switch
    {
        Bridge => new NetworkRecord
        {
            Id = IdOf(name), Name = Bridge, Driver = "bridge", Subnet = "172.17.0.0/16", Gateway = "172.17.0.1", BridgeName = "docker0",
        },
        _ => new NetworkRecord { Id = IdOf(name), Name = name, Driver = name },
    };

    public static IEnumerable<string> Names => [Bridge, Host, None];

    /// <summary>A stable id, so a built-in network has the same id in every process.</summary>
    private static string IdOf(string name) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("linuxnetps-builtin-" + name))).ToLowerInvariant();
}
