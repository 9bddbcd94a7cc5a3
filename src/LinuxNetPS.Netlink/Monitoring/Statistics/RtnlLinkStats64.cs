using System.Buffers.Binary;

namespace LinuxNetPS.Monitoring.Statistics;

/// <summary>
/// The fields of struct rtnl_link_stats64 (linux/if_link.h) that we show, read by offset: the kernel has
/// grown the struct over the years, so older kernels send fewer fields and newer ones more.
/// </summary>
internal readonly record struct RtnlLinkStats64(
    ulong RxPackets, ulong TxPackets, ulong RxBytes, ulong TxBytes, ulong RxErrors, ulong TxErrors,
    ulong RxDropped, ulong TxDropped, ulong Multicast, ulong Collisions, ulong RxMissedErrors, ulong TxCarrierErrors)
{
    public static RtnlLinkStats64 Read(ReadOnlySpan<byte> data)
    {
        // Field order: rx_packets, tx_packets, rx_bytes, tx_bytes, rx_errors, tx_errors, rx_dropped, tx_dropped,
        // multicast, collisions, rx_length_errors, rx_over_errors, rx_crc_errors, rx_frame_errors, rx_fifo_errors,
        // rx_missed_errors (15), tx_aborted_errors, tx_carrier_errors (17) ...
        return new RtnlLinkStats64(Field(data, 0), Field(data, 1), Field(data, 2), Field(data, 3), Field(data, 4), Field(data, 5),
            Field(data, 6), Field(data, 7), Field(data, 8), Field(data, 9), Field(data, 15), Field(data, 17));
    }

    private static ulong Field(ReadOnlySpan<byte> data, int index) =>
        data.Length >= (index + 1) * 8 ? BinaryPrimitives.ReadUInt64LittleEndian(data[(index * 8)..]) : 0;
}
