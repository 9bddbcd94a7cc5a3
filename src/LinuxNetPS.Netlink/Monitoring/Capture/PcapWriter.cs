using System.Buffers.Binary;
using LinuxNetPS.Model;

namespace LinuxNetPS.Monitoring.Capture;

/// <summary>
/// Writes the classic pcap format (libpcap 2.4, microsecond timestamps, little-endian), which tcpdump -r
/// and Wireshark read: a 24-byte file header, then a 16-byte record header before each frame.
/// </summary>
public sealed class PcapWriter : IDisposable
{
    private const uint Magic = 0xa1b2c3d4;
    private const uint LinkTypeEthernet = 1, LinkTypeRaw = 101;
    private readonly Stream _stream;

    public PcapWriter(Stream stream, bool ethernet, int snapLength = PacketCapture.SnapLength)
    {
        _stream = stream;
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        // thiszone and sigfigs stay 0.
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], (uint)snapLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], ethernet ? LinkTypeEthernet : LinkTypeRaw);
        _stream.Write(header);
    }

    public void Write(NetPacket packet)
    {
        Span<byte> record = stackalloc byte[16];
        long microseconds = (packet.Timestamp.ToUniversalTime() - DateTime.UnixEpoch).Ticks / 10;
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)(microseconds / 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)(microseconds % 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)packet.Data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)packet.WireLength);
        _stream.Write(record);
        _stream.Write(packet.Data);
    }

    /// <summary>Flushes and closes the stream (the writer owns it).</summary>
    public void Dispose() => _stream.Dispose();
}
