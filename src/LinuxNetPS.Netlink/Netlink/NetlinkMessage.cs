using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace LinuxNetPS.Netlink;

/// <summary>One received netlink message: header fields and payload (a view into the receive buffer).</summary>
public readonly ref struct NetlinkMessage
{
    public NetlinkMessage(ushort type, NetlinkFlags flags, uint sequence, ReadOnlySpan<byte> payload)
    {
        Type = type;
        Flags = flags;
        Sequence = sequence;
        Payload = payload;
    }

    public ushort Type { get; }
    public NetlinkFlags Flags { get; }
    public uint Sequence { get; }
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>The fixed family header at the start of the payload (ifinfomsg, rtmsg ...); a shorter payload is malformed.</summary>
    public T Header<T>() where T : unmanaged =>
        Payload.Length >= System.Runtime.CompilerServices.Unsafe.SizeOf<T>()
            ? MemoryMarshal.Read<T>(Payload)
            : throw new Errors.MalformedMessageException($"netlink message of type {Type}",
                $"it has {Payload.Length} bytes, fewer than the {System.Runtime.CompilerServices.Unsafe.SizeOf<T>()} of its {typeof(T).Name} header");

    /// <summary>Attributes that follow a fixed header of <typeparamref name="T"/>.</summary>
    public AttributeReader Attributes<T>() where T : unmanaged
    {
        int offset = NetlinkLayout.Align(System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
        return new AttributeReader(Payload.Length > offset ? Payload[offset..] : ReadOnlySpan<byte>.Empty);
    }
}

/// <summary>Splits a received datagram into messages.</summary>
public ref struct NetlinkMessageIterator
{
    private ReadOnlySpan<byte> _remaining;

    public NetlinkMessageIterator(ReadOnlySpan<byte> datagram)
    {
        _remaining = datagram;
        Current = default;
    }

    public NetlinkMessage Current { get; private set; }

    public bool MoveNext()
    {
        if (_remaining.Length < NetlinkLayout.HeaderSize) return false;
        int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(_remaining);
        if (length < NetlinkLayout.HeaderSize || length > _remaining.Length)
            throw new Errors.MalformedMessageException("netlink datagram", $"a message claims {length} bytes, {_remaining.Length} are left");
        Current = new NetlinkMessage(
            BinaryPrimitives.ReadUInt16LittleEndian(_remaining[4..]),
            (NetlinkFlags)BinaryPrimitives.ReadUInt16LittleEndian(_remaining[6..]),
            BinaryPrimitives.ReadUInt32LittleEndian(_remaining[8..]),
            _remaining[NetlinkLayout.HeaderSize..length]);
        _remaining = _remaining[Math.Min(NetlinkLayout.Align(length), _remaining.Length)..];
        return true;
    }

    public NetlinkMessageIterator GetEnumerator() => this;
}
