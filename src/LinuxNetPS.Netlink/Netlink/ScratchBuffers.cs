namespace LinuxNetPS.Netlink;

/// <summary>
/// The request writer and the receive buffer of a netlink exchange, lent per exchange and kept per thread, not
/// per socket: a process caching thousands of namespaces (two sockets each) would otherwise hold a 64 KB receive
/// buffer and an 8 KB writer for every one (about 95 KB per namespace, measured), while only as many exchanges
/// run at once as there are threads. A nested exchange on the same thread (a callback that uses another socket)
/// finds the thread's buffer lent out and gets a fresh one.
/// </summary>
internal static class ScratchBuffers
{
    /// <summary>Large enough for any dump datagram (the kernel fills at most 32 KB per dump datagram) and usual replies.</summary>
    public const int ReceiveSize = 64 * 1024;

    /// <summary>Writers that grew beyond this (a huge nf_tables batch) are not kept.</summary>
    private const int KeepWriterUpTo = 256 * 1024;

    /// <summary>Receive buffers that grew beyond this (one oversized reply) are not kept.</summary>
    private const int KeepReceiveUpTo = 1024 * 1024;

    [ThreadStatic] private static NetlinkWriter? t_writer;
    [ThreadStatic] private static byte[]? t_receive;

    public static NetlinkWriter RentWriter()
    {
        var writer = t_writer ?? new NetlinkWriter(8192);
        t_writer = null;
        writer.Reset();
        return writer;
    }

    public static void Return(NetlinkWriter writer)
    {
        if (writer.Capacity <= KeepWriterUpTo) t_writer = writer;
    }

    /// <summary>A receive buffer of at least <paramref name="minimum"/> bytes.</summary>
    public static byte[] RentReceive(int minimum = ReceiveSize)
    {
        var buffer = t_receive;
        if (buffer is null || buffer.Length < minimum) return new byte[Math.Max(minimum, ReceiveSize)];
        t_receive = null;
        return buffer;
    }

    public static void Return(byte[] buffer)
    {
        if (buffer.Length <= KeepReceiveUpTo && (t_receive is null || t_receive.Length < buffer.Length)) t_receive = buffer;
    }
}
