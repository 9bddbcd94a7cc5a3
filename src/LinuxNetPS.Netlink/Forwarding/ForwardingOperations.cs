using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Forwarding;

/// <summary>
/// IP forwarding of one namespace: net.ipv4.ip_forward and net.ipv6.conf.all.forwarding.
/// Obtain it as <c>NamespaceSession.For(ns).Forwarding</c>.
/// <para>
/// The kernel resolves /proc/sys/net by the network namespace of the thread that opens the file,
/// so every read and write happens on the namespace worker thread while it is inside the namespace
/// (never on the caller's thread, which stays where it was).
/// </para>
/// </summary>
public sealed class ForwardingOperations
{
    private const string IPv4Path = "/proc/sys/net/ipv4/ip_forward";
    private const string IPv6Path = "/proc/sys/net/ipv6/conf/all/forwarding";

    private readonly NamespaceSession _session;

    internal ForwardingOperations(NamespaceSession session) => _session = session;

    /// <summary>The current settings.</summary>
    public IPForwarding Get() => InNamespace(() => new IPForwarding
    {
        Namespace = _session.NamespaceSpec,
        IPv4 = ReadFlag(IPv4Path) ?? false,
        IPv6 = ReadFlag(IPv6Path) ?? false,
    });

    /// <summary>Sets forwarding for the families given (null = leave as is) and returns the new settings.
    /// NotSupported if IPv6 is requested but disabled in the kernel.</summary>
    public IPForwarding Set(bool? ipv4 = null, bool? ipv6 = null)
    {
        InNamespace(() =>
        {
            if (ipv4 is { } v4) WriteFlag(IPv4Path, v4, "IPv4");
            if (ipv6 is { } v6) WriteFlag(IPv6Path, v6, "IPv6");
            return 0;
        });
        return Get();
    }

    /// <summary>Turns forwarding on for the families given (none given: both), IPv4 first.</summary>
    public IPForwarding Enable(params IPFamily[] families) => Set(Pick(families, IPFamily.IPv4), Pick(families, IPFamily.IPv6));

    /// <summary>Turns forwarding off for the families given (none given: both).</summary>
    public IPForwarding Disable(params IPFamily[] families) =>
        Set(Pick(families, IPFamily.IPv4) is null ? null : false, Pick(families, IPFamily.IPv6) is null ? null : false);

    /// <summary>
    /// The per-interface switches of the interfaces named (names as the kernel lists them), read in one visit to the
    /// namespace. An interface that went away in between is left out.
    /// </summary>
    public IReadOnlyList<InterfaceForwarding> GetInterfaces(IEnumerable<string> names)
    {
        var list = names.Select(n => LinkName.Validate(n)).ToList();
        return InNamespace(() =>
        {
            var result = new List<InterfaceForwarding>(list.Count);
            foreach (var name in list)
            {
                if (ReadFlag(ConfPath("ipv4", name)) is not { } v4) continue;
                bool v6On = ReadFlag(ConfPath("ipv6", name, "disable_ipv6")) == false;
                result.Add(new InterfaceForwarding
                {
                    Interface = name,
                    IPv4 = v4,
                    IPv6Enabled = v6On,
                    IPv6 = v6On && ReadFlag(ConfPath("ipv6", name)) == true,
                    IPv6Mtu = v6On && File.Exists(ConfPath("ipv6", name, "mtu")) && uint.TryParse(File.ReadAllText(ConfPath("ipv6", name, "mtu")).Trim(), out var mtu) ? mtu : null,
                });
            }
            return result;
        });
    }

    /// <summary>
    /// Turns forwarding of <paramref name="family"/> on or off for one interface (net.ipv4.conf.NAME.forwarding,
    /// net.ipv6.conf.NAME.forwarding). NotFound when the interface has no such switch (no such interface, or IPv6 off on it).
    /// </summary>
    public void SetInterface(string name, IPFamily family, bool on)
    {
        LinkName.Validate(name);
        string fam = family == IPFamily.IPv6 ? "ipv6" : "ipv4";
        InNamespace(() =>
        {
            var path = ConfPath(fam, name);
            if (!File.Exists(path))
                throw NetOperationException.NotFound($"Interface '{name}'{Where()} has no {family} forwarding switch ({path} does not exist: no such interface, or {family} is off on it).", name)
                    .WithErrorId(ErrorIds.LinkNotFound);
            WriteFlag(path, on, $"{family} on {name}");
            return 0;
        });
    }

    private static string ConfPath(string family, string name, string setting = "forwarding") => $"/proc/sys/net/{family}/conf/{name}/{setting}";

    private static bool? Pick(IPFamily[] families, IPFamily one) => families.Length == 0 || families.Contains(one) ? true : null;

    private T InNamespace<T>(Func<T> work) => NamespaceWorker.Instance.RunIn(_session.NamespaceFile, work, _session.Namespace.ToString());

    private static bool? ReadFlag(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            return File.ReadAllText(path).Trim() != "0";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NetOperationException(NetErrorKind.PermissionDenied, $"Cannot read {path}: {e.Message}", operation: "read IP forwarding", target: path, inner: e);
        }
    }

    private void WriteFlag(string path, bool on, string family)
    {
        if (!File.Exists(path))
            throw new NetOperationException(NetErrorKind.NotSupported,
                $"Cannot change {family} forwarding{Where()}: {path} does not exist ({family} is disabled in this kernel).", operation: "set IP forwarding", target: family);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.None);
            stream.Write(on ? "1\n"u8 : "0\n"u8);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new NetOperationException(NetErrorKind.PermissionDenied,
                $"Cannot change {family} forwarding{Where()}: permission denied. LinuxNetPS needs root for this.", 13, operation: "set IP forwarding", target: family, inner: e);
        }
        catch (IOException e)
        {
            throw new NetOperationException(NetErrorKind.Other, $"Cannot change {family} forwarding{Where()}: {e.Message}", operation: "set IP forwarding", target: family, inner: e);
        }
    }

    private string Where() => _session.NamespaceSpec is null ? " on the host" : $" in namespace '{_session.NamespaceSpec}'";
}
