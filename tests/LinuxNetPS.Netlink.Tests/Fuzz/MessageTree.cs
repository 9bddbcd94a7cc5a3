using System.Buffers.Binary;

namespace LinuxNetPS.Tests.Fuzz;

/// <summary>
/// A netlink message taken apart into what a structure-aware mutator needs: the nlmsghdr fields, the
/// family's fixed header, and the attributes as a tree (an attribute whose payload is itself a clean
/// attribute list is read as a nest). <see cref="Encode"/> puts it back with consistent lengths and
/// padding, so a mutation of the tree gives a message whose framing is right but whose content is wrong
/// (an address of 5 bytes, a string where a u32 belongs), which is what gets past length checks.
/// </summary>
internal sealed class MessageTree
{
    public ushort Type;
    public ushort Flags;
    public uint Sequence;
    public byte[] Fixed = [];
    public List<Attr> Attributes = [];

    internal sealed class Attr
    {
        public ushort RawType;
        public byte[] Leaf = [];
        public List<Attr>? Children;

        public Attr Clone() => new() { RawType = RawType, Leaf = Leaf.ToArray(), Children = Children?.Select(c => c.Clone()).ToList() };
    }

    public MessageTree Clone() => new()
    {
        Type = Type, Flags = Flags, Sequence = Sequence, Fixed = Fixed.ToArray(),
        Attributes = Attributes.Select(a => a.Clone()).ToList(),
    };

    /// <summary>Reads one message (nlmsghdr + payload); <paramref name="fixedLength"/> is the size of the family header.</summary>
    public static MessageTree Decode(byte[] message, int fixedLength)
    {
        var t = new MessageTree
        {
            Type = BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(4)),
            Flags = BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(6)),
            Sequence = BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(8)),
        };
        var payload = message.AsSpan(16);
        int aligned = Math.Min((fixedLength + 3) & ~3, payload.Length);
        var attributes = ReadList(payload[aligned..], 0);
        // Not an attribute list after all: the whole payload is the fixed part, mutated as bytes.
        t.Fixed = attributes is null ? payload.ToArray() : payload[..aligned].ToArray();
        t.Attributes = attributes ?? [];
        return t;
    }

    /// <summary>The attributes of a buffer if it is exactly a clean attribute list, else null.</summary>
    private static List<Attr>? ReadList(ReadOnlySpan<byte> data, int depth)
    {
        var list = new List<Attr>();
        while (data.Length >= 4)
        {
            int length = BinaryPrimitives.ReadUInt16LittleEndian(data);
            if (length < 4 || length > data.Length) return null;
            var attr = new Attr { RawType = BinaryPrimitives.ReadUInt16LittleEndian(data[2..]), Leaf = data[4..length].ToArray() };
            if (depth < 6 && attr.Leaf.Length >= 4) attr.Children = ReadList(attr.Leaf, depth + 1);
            list.Add(attr);
            data = data[Math.Min((length + 3) & ~3, data.Length)..];
        }
        return data.Length == 0 ? list : null;
    }

    public byte[] Encode()
    {
        var body = new List<byte>(Fixed);
        foreach (var a in Attributes) Write(body, a);
        var message = new byte[16 + body.Count];
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)message.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(4), Type);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(6), Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(8), Sequence);
        body.CopyTo(message, 16);
        return message;
    }

    private static void Write(List<byte> output, Attr a)
    {
        var payload = new List<byte>();
        if (a.Children is not null) foreach (var c in a.Children) Write(payload, c);
        else payload.AddRange(a.Leaf);
        int length = Math.Min(4 + payload.Count, ushort.MaxValue);
        output.Add((byte)length); output.Add((byte)(length >> 8));
        output.Add((byte)a.RawType); output.Add((byte)(a.RawType >> 8));
        output.AddRange(payload.Take(length - 4));
        while (output.Count % 4 != 0) output.Add(0);
    }

    /// <summary>Every attribute of the tree with the list that holds it.</summary>
    public List<(List<Attr> Owner, int Index)> All()
    {
        var all = new List<(List<Attr>, int)>();
        void Walk(List<Attr> list)
        {
            for (int i = 0; i < list.Count; i++)
            {
                all.Add((list, i));
                if (list[i].Children is { } c) Walk(c);
            }
        }
        Walk(Attributes);
        return all;
    }
}
