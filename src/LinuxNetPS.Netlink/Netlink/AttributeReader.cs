using System.Buffers.Binary;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;

namespace LinuxNetPS.Netlink;

/// <summary>
/// Iterates netlink attributes in a buffer without allocating. Malformed input never throws in
/// the loop: iteration stops and <see cref="Error"/> says why, so a parser checks once at the end:
/// <code>
/// var r = new AttributeReader(payload);
/// while (r.Next()) switch (r.Type) { case IflaAttr.Mtu: mtu = r.U32(); break; }
/// if (r.Error is { } e) throw ...;
/// </code>
/// </summary>
public ref struct AttributeReader
{
    private ReadOnlySpan<byte> _remaining;
    private ReadOnlySpan<byte> _data;

    public AttributeReader(ReadOnlySpan<byte> attributes)
    {
        _remaining = attributes;
        _data = default;
        Type = 0;
        IsNested = false;
        Error = null;
    }

    /// <summary>Attribute type with NLA_F_NESTED / NLA_F_NET_BYTEORDER removed.</summary>
    public ushort Type { get; private set; }

    /// <summary>Whether the sender marked the attribute NLA_F_NESTED.</summary>
    public bool IsNested { get; private set; }

    /// <summary>First problem found, or null.</summary>
    public string? Error { get; private set; }

    /// <summary>The current attribute's payload.</summary>
    public readonly ReadOnlySpan<byte> Data => _data;

    public bool Next()
    {
        if (Error is not null || _remaining.Length < NetlinkLayout.AttributeHeaderSize) return false;
        int length = BinaryPrimitives.ReadUInt16LittleEndian(_remaining);
        ushort rawType = BinaryPrimitives.ReadUInt16LittleEndian(_remaining[2..]);
        if (length < NetlinkLayout.AttributeHeaderSize || length > _remaining.Length)
        {
            Error = $"attribute {rawType & NetlinkLayout.TypeMask} has length {length} but {_remaining.Length} bytes remain";
            return false;
        }
        Type = (ushort)(rawType & NetlinkLayout.TypeMask);
        IsNested = (rawType & NetlinkLayout.NestedFlag) != 0;
        _data = _remaining[NetlinkLayout.AttributeHeaderSize..length];
        int advance = Math.Min(NetlinkLayout.Align(length), _remaining.Length);
        _remaining = _remaining[advance..];
        return true;
    }

    /// <summary>A reader over the current attribute's payload (a nested attribute set).</summary>
    public readonly AttributeReader Nested() => new(_data);

    public byte U8() => Need(1) ? _data[0] : (byte)0;
    public ushort U16() => Need(2) ? BinaryPrimitives.ReadUInt16LittleEndian(_data) : (ushort)0;
    public uint U32() => Need(4) ? BinaryPrimitives.ReadUInt32LittleEndian(_data) : 0;
    public int S32() => unchecked((int)U32());
    public ulong U64() => Need(8) ? BinaryPrimitives.ReadUInt64LittleEndian(_data) : 0;
    public ushort U16BigEndian() => Need(2) ? BinaryPrimitives.ReadUInt16BigEndian(_data) : (ushort)0;
    public uint U32BigEndian() => Need(4) ? BinaryPrimitives.ReadUInt32BigEndian(_data) : 0;
    public ulong U64BigEndian() => Need(8) ? BinaryPrimitives.ReadUInt64BigEndian(_data) : 0;

    /// <summary>A string attribute, without its terminating NUL.</summary>
    public readonly string String()
    {
        var d = _data;
        int nul = d.IndexOf((byte)0);
        return Encoding.UTF8.GetString(nul >= 0 ? d[..nul] : d);
    }

    public readonly IPAddress Address() => new(_data);

    public readonly byte[] Bytes() => _data.ToArray();

    /// <summary>Reads a fixed struct from the start of the payload.</summary>
    public T Struct<T>() where T : unmanaged =>
        Need(System.Runtime.CompilerServices.Unsafe.SizeOf<T>()) ? MemoryMarshal.Read<T>(_data) : default;

    private bool Need(int bytes)
    {
        if (_data.Length >= bytes) return true;
        Error ??= $"attribute {Type} has {_data.Length} bytes, expected {bytes}";
        return false;
    }
}
