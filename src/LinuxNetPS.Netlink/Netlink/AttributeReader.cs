using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using LinuxNetPS.Errors;

namespace LinuxNetPS.Netlink;

/// <summary>
/// Iterates netlink attributes in a buffer without allocating. Malformed input never throws in
/// the loop: iteration stops and <see cref="Error"/> says why. A nested reader shares its parent's
/// error, so a problem found at any depth stops every loop and is seen at the top. A parser
/// therefore checks once, at the end:
/// <code>
/// var r = new AttributeReader(payload);
/// while (r.Next()) switch (r.Type) { case IflaAttr.Mtu: mtu = r.U32(); break; }
/// r.ThrowIfMalformed("link message");
/// </code>
/// </summary>
public ref struct AttributeReader
{
    private ReadOnlySpan<byte> _remaining;
    private ReadOnlySpan<byte> _data;
    private string? _ownError;
    // A nested reader records its first error in the top-level reader's slot (null ref for the top-level one).
    private ref string? _sharedError;

    public AttributeReader(ReadOnlySpan<byte> attributes)
    {
        _remaining = attributes;
        _data = default;
        Type = 0;
        IsNested = false;
        _ownError = null;
        _sharedError = ref Unsafe.NullRef<string?>();
    }

    private AttributeReader(ReadOnlySpan<byte> attributes, ref string? sharedError) : this(attributes) =>
        _sharedError = ref sharedError;

    /// <summary>Attribute type with NLA_F_NESTED / NLA_F_NET_BYTEORDER removed.</summary>
    public ushort Type { get; private set; }

    /// <summary>Whether the sender marked the attribute NLA_F_NESTED.</summary>
    public bool IsNested { get; private set; }

    /// <summary>First problem found here or in any reader nested in this one, or null.</summary>
    public readonly string? Error => Unsafe.IsNullRef(ref _sharedError) ? _ownError : _sharedError;

    /// <summary>The current attribute's payload.</summary>
    public readonly ReadOnlySpan<byte> Data => _data;

    public bool Next()
    {
        if (Error is not null || _remaining.Length < NetlinkLayout.AttributeHeaderSize)
        {
            _data = default;
            return false;
        }
        int length = BinaryPrimitives.ReadUInt16LittleEndian(_remaining);
        ushort rawType = BinaryPrimitives.ReadUInt16LittleEndian(_remaining[2..]);
        if (length < NetlinkLayout.AttributeHeaderSize || length > _remaining.Length)
        {
            Fail($"attribute {rawType & NetlinkLayout.TypeMask} has length {length} but {_remaining.Length} bytes remain");
            return false;
        }
        Type = (ushort)(rawType & NetlinkLayout.TypeMask);
        IsNested = (rawType & NetlinkLayout.NestedFlag) != 0;
        _data = _remaining[NetlinkLayout.AttributeHeaderSize..length];
        int advance = Math.Min(NetlinkLayout.Align(length), _remaining.Length);
        _remaining = _remaining[advance..];
        return true;
    }

    /// <summary>A reader over the current attribute's payload (a nested attribute set); its errors become this reader's.</summary>
    [UnscopedRef]
    public AttributeReader Nested() => new(_data, ref ErrorSlot);

    /// <summary>
    /// A reader over the attributes that follow a fixed struct of <paramref name="headerSize"/> bytes in the current
    /// payload (netem's TCA_OPTIONS: a tc_netem_qopt, then TCA_NETEM_*); its errors become this reader's.
    /// </summary>
    [UnscopedRef]
    public AttributeReader NestedAfter(int headerSize)
    {
        int offset = NetlinkLayout.Align(headerSize);
        if (_data.Length < headerSize) Fail($"attribute {Type} has {_data.Length} bytes, expected at least {headerSize}");
        return new(_data.Length > offset ? _data[offset..] : ReadOnlySpan<byte>.Empty, ref ErrorSlot);
    }

    [UnscopedRef]
    private ref string? ErrorSlot => ref Unsafe.IsNullRef(ref _sharedError) ? ref _ownError : ref _sharedError;

    /// <summary>Records a problem the caller found in the current attribute (a value out of range, a wrong size).</summary>
    public void Fail(string problem)
    {
        ref string? slot = ref ErrorSlot;
        slot ??= problem;
    }

    /// <summary>The one error check at the end of a parser: throws <see cref="MalformedMessageException"/> if anything was wrong.</summary>
    public readonly void ThrowIfMalformed(string what)
    {
        if (Error is { } error) throw new MalformedMessageException(what, error);
    }

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

    /// <summary>An IPv4 (4 bytes) or IPv6 (16 bytes) address; any other size is an error (and null).</summary>
    public IPAddress? Address()
    {
        if (_data.Length is 4 or 16) return new IPAddress(_data);
        Fail($"attribute {Type} has {_data.Length} bytes, expected an address of 4 or 16");
        return null;
    }

    public readonly byte[] Bytes() => _data.ToArray();

    /// <summary>Reads a fixed struct from the start of the payload.</summary>
    public T Struct<T>() where T : unmanaged =>
        Need(Unsafe.SizeOf<T>()) ? MemoryMarshal.Read<T>(_data) : default;

    private bool Need(int bytes)
    {
        if (_data.Length >= bytes) return true;
        Fail($"attribute {Type} has {_data.Length} bytes, expected {bytes}");
        return false;
    }
}
