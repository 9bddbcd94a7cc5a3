using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace LinuxNetPS.Netlink;

/// <summary>
/// Builds one or more netlink messages into a growable buffer: the one attribute encoder of the
/// library. Nested attributes are opened with <see cref="Nested"/> and their length is patched
/// when the returned scope is disposed, so callers write the tree in reading order:
/// <code>
/// w.U32(IflaAttr.Mtu, 1500);
/// using (w.Nested(IflaAttr.LinkInfo)) { w.String(IflaInfoAttr.Kind, "veth"); }
/// </code>
/// All integers are host byte order unless the method name says BigEndian.
/// </summary>
public sealed class NetlinkWriter
{
    private byte[] _buffer;
    private int _length;
    private int _messageStart = -1;

    public NetlinkWriter(int capacity = 4096) => _buffer = new byte[capacity];

    /// <summary>Bytes written so far (all complete messages).</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public int Length => _length;

    /// <summary>The size of the buffer (it grows as messages need).</summary>
    internal int Capacity => _buffer.Length;

    public void Reset()
    {
        _length = 0;
        _messageStart = -1;
    }

    /// <summary>Starts a message; <see cref="EndMessage"/> patches its length.</summary>
    public void BeginMessage(ushort type, NetlinkFlags flags, uint sequence)
    {
        if (_messageStart >= 0) throw new InvalidOperationException("Previous message not ended.");
        _messageStart = _length;
        var header = Reserve(NetlinkLayout.HeaderSize);
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], type);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)flags);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 0);
    }

    public void EndMessage()
    {
        if (_messageStart < 0) throw new InvalidOperationException("No message open.");
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_messageStart), (uint)(_length - _messageStart));
        _messageStart = -1;
    }

    /// <summary>Writes a fixed header (ifinfomsg, rtmsg, nfgenmsg ...) padded to 4 bytes.</summary>
    public void Struct<T>(in T value) where T : unmanaged
    {
        int size = Unsafe.SizeOf<T>();
        var span = Reserve(NetlinkLayout.Align(size));
        MemoryMarshal.Write(span, in value);
    }

    public void Bytes(ushort type, ReadOnlySpan<byte> value)
    {
        var span = Reserve(NetlinkLayout.Align(NetlinkLayout.AttributeHeaderSize + value.Length));
        WriteAttributeHeader(span, type, NetlinkLayout.AttributeHeaderSize + value.Length);
        value.CopyTo(span[NetlinkLayout.AttributeHeaderSize..]);
    }

    public void Flag(ushort type) => Bytes(type, ReadOnlySpan<byte>.Empty);

    public void U8(ushort type, byte value) => Bytes(type, [value]);

    public void U16(ushort type, ushort value)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, value);
        Bytes(type, b);
    }

    public void U32(ushort type, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        Bytes(type, b);
    }

    public void S32(ushort type, int value) => U32(type, unchecked((uint)value));

    public void U64(ushort type, ulong value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, value);
        Bytes(type, b);
    }

    public void U16BigEndian(ushort type, ushort value)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(b, value);
        Bytes(type, b);
    }

    public void U32BigEndian(ushort type, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        Bytes(type, b);
    }

    public void U64BigEndian(ushort type, ulong value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(b, value);
        Bytes(type, b);
    }

    /// <summary>A NUL-terminated UTF-8 string attribute (NLA_STRING / NLA_NUL_STRING).</summary>
    public void String(ushort type, string value)
    {
        int n = Encoding.UTF8.GetByteCount(value);
        Span<byte> b = n < 256 ? stackalloc byte[n + 1] : new byte[n + 1];
        Encoding.UTF8.GetBytes(value, b);
        b[n] = 0;
        Bytes(type, b);
    }

    /// <summary>Opens a nested attribute; dispose the scope to close it.</summary>
    /// <param name="type">Attribute type.</param>
    /// <param name="markNested">Set NLA_F_NESTED (nf_tables and newer families expect it).</param>
    public NestScope Nested(ushort type, bool markNested = false)
    {
        int start = _length;
        Reserve(NetlinkLayout.AttributeHeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(start + 2), markNested ? (ushort)(type | NetlinkLayout.NestedFlag) : type);
        return new NestScope(this, start);
    }

    internal void CloseNest(int start) =>
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(start), AttributeLength(_length - start, _buffer.AsSpan(start + 2)));

    private static void WriteAttributeHeader(Span<byte> span, ushort type, int length)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(span, AttributeLength(length, BitConverter.GetBytes(type)));
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], type);
    }

    /// <summary>nla_len is 16 bits: a longer attribute is input that cannot be sent, not an overflow.</summary>
    private static ushort AttributeLength(int length, ReadOnlySpan<byte> typeBytes)
    {
        if (length <= ushort.MaxValue) return (ushort)length;
        int type = BinaryPrimitives.ReadUInt16LittleEndian(typeBytes) & NetlinkLayout.TypeMask;
        throw Errors.NetOperationException.Invalid(
            $"A value of {length - NetlinkLayout.AttributeHeaderSize} bytes (netlink attribute {type}) is too long to send: one attribute holds at most {ushort.MaxValue - NetlinkLayout.AttributeHeaderSize} bytes.");
    }

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        var span = _buffer.AsSpan(_length, count);
        span.Clear(); // padding bytes must be zero
        _length += count;
        return span;
    }

    /// <summary>Closes a nested attribute when disposed (use with <c>using</c>).</summary>
    public readonly struct NestScope : IDisposable
    {
        private readonly NetlinkWriter _writer;
        private readonly int _start;

        internal NestScope(NetlinkWriter writer, int start)
        {
            _writer = writer;
            _start = start;
        }

        public void Dispose() => _writer.CloseNest(_start);
    }
}
