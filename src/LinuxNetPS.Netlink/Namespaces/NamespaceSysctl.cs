using LinuxNetPS.Errors;

namespace LinuxNetPS.Namespaces;

/// <summary>
/// Writes /proc/sys/net settings of the namespace the calling thread is in: the kernel resolves /proc/sys/net
/// by the network namespace of the thread that opens the file, so callers run this on a namespace worker
/// thread while it is inside the namespace (as <see cref="Forwarding.ForwardingOperations"/> does).
/// </summary>
internal static class NamespaceSysctl
{
    private static readonly string[] DisableIPv6Paths =
    [
        // "all" first: writing it also sets every existing link (lo); "default" is what links made later start with.
        "/proc/sys/net/ipv6/conf/all/disable_ipv6",
        "/proc/sys/net/ipv6/conf/default/disable_ipv6",
    ];

    /// <summary>Applies the options to the namespace the calling thread is in (just created, so only lo exists).</summary>
    public static void Apply(NamespaceOptions options, string name)
    {
        if (options.DisableIPv6)
            foreach (var path in DisableIPv6Paths) Write(path, "1\n"u8, name);
    }

    private static void Write(string path, ReadOnlySpan<byte> value, string name)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.None);
            stream.Write(value);
        }
        catch (FileNotFoundException) when (path.StartsWith("/proc/sys/net/ipv6/", StringComparison.Ordinal))
        {
            // No IPv6 in this kernel (ipv6.disable=1 or no module): it is off already.
        }
        catch (DirectoryNotFoundException) when (path.StartsWith("/proc/sys/net/ipv6/", StringComparison.Ordinal))
        {
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NetOperationException(e is UnauthorizedAccessException ? NetErrorKind.PermissionDenied : NetErrorKind.Other,
                $"Cannot set up network namespace '{name}': writing {path} failed: {e.Message}", operation: "set up network namespace", target: name, inner: e);
        }
    }
}
