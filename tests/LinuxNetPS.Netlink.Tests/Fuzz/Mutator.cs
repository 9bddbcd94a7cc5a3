using System.Buffers.Binary;

namespace LinuxNetPS.Tests.Fuzz;

/// <summary>
/// Makes malformed variants of real messages: one to four mutations of the attribute tree (resize,
/// retype, drop, duplicate, splice in an attribute of another message, flatten or wrap a nest, change
/// the message type or flags), then sometimes damage to the encoded bytes (a length field set wrong,
/// truncation, flipped bits). Frames and ICMP messages, which have no tree, get byte changes aimed at
/// their headers (<see cref="MutateRaw"/>). Deterministic for a seed.
/// </summary>
internal sealed class Mutator
{
    private readonly Random _random;
    private readonly List<CorpusMessage>[] _byEntry;
    private readonly List<CorpusMessage> _trees;
    private long _count;

    /// <summary>
    /// Entry points take turns, so each gets the same share of the inputs however many corpus messages it has;
    /// the message of an entry point is then drawn at random.
    /// </summary>
    public Mutator(int seed, IReadOnlyList<CorpusMessage> corpus)
    {
        _random = new Random(seed);
        _byEntry = corpus.GroupBy(m => m.Entry.Name).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.ToList()).ToArray();
        _trees = corpus.Where(m => m.Tree is not null).ToList();
    }

    // Sizes that parsers treat specially: empty, around the u8/u16/u32/u64 and address sizes, and huge.
    private static readonly int[] InterestingSizes = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 15, 16, 17, 20, 32, 255, 256, 1000];
    private static readonly uint[] InterestingValues = [0, 1, 2, 3, 4, 16, 255, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff];

    public byte[] Next(out CorpusMessage origin)
    {
        var group = _byEntry[_count++ % _byEntry.Length];
        origin = group[_random.Next(group.Count)];
        if (origin.Tree is null) return MutateRaw(origin);
        var tree = origin.Tree.Clone();
        int count = 1 + _random.Next(4);
        for (int i = 0; i < count; i++) MutateTree(tree);
        var bytes = tree.Encode();
        if (_random.Next(4) == 0) bytes = MutateBytes(bytes);
        return bytes;
    }

    // Frame and ICMP values that steer a decoder: ethertypes (IPv4, ARP, IPv6, 802.1Q, QinQ), IP versions with header
    // lengths, protocols and IPv6 next headers (hop-by-hop, routing, destination options, ICMP, TCP, UDP, ICMPv6), ICMP types.
    private static readonly ushort[] FrameWords = [0x0800, 0x0806, 0x86dd, 0x8100, 0x88a8, 0, 1, 20, 40, 0xffff, 0x7fff];
    private static readonly byte[] FrameBytes = [0x45, 0x4f, 0x40, 0x46, 0x60, 0x00, 0, 1, 6, 17, 43, 58, 60, 0xff, 3, 8, 11, 128, 129, 135, 136, 0x50, 0xf0, 0x02, 0x12];

    /// <summary>
    /// A frame or ICMP message has no attribute tree: one to four changes to its bytes, biased to the headers
    /// (values that steer the decoder at any offset, lengths, truncation, extension, tags inserted, splices).
    /// </summary>
    private byte[] MutateRaw(CorpusMessage origin)
    {
        var b = origin.Bytes.ToArray();
        for (int i = 0, n = 1 + _random.Next(4); i < n; i++)
        {
            int at = b.Length == 0 ? 0 : _random.Next(2) == 0 ? _random.Next(Math.Min(b.Length, 96)) : _random.Next(b.Length);
            switch (_random.Next(9))
            {
                case 0:
                    if (at < b.Length) b[at] = FrameBytes[_random.Next(FrameBytes.Length)];
                    break;
                case 1:
                    if (at + 2 <= b.Length) BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(at), FrameWords[_random.Next(FrameWords.Length)]);
                    break;
                case 2:
                    if (at < b.Length) b[at] = (byte)_random.Next(256);
                    break;
                case 3: // cut short
                    b = b[..(b.Length == 0 ? 0 : _random.Next(b.Length))];
                    break;
                case 4: // longer, with garbage
                    b = [.. b, .. RandomBytes(1 + _random.Next(_random.Next(2) == 0 ? 8 : 64))];
                    break;
                case 5: // a VLAN tag (or a run of them) after the MAC addresses
                    if (b.Length >= 12) b = [.. b[..12], .. Enumerable.Repeat(new byte[] { 0x81, 0x00, 0, (byte)_random.Next(256) }, 1 + _random.Next(3)).SelectMany(t => t), .. b[12..]];
                    break;
                case 6: // the tail of another message of the same kind from here on
                    var other = _byEntry.First(g => g[0].Entry == origin.Entry);
                    var donor = other[_random.Next(other.Count)].Bytes;
                    int from = donor.Length == 0 ? 0 : _random.Next(donor.Length);
                    b = [.. b[..Math.Min(at, b.Length)], .. donor[from..]];
                    break;
                case 7: // a 32-bit edge value
                    if (at + 4 <= b.Length) BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(at), InterestingValues[_random.Next(InterestingValues.Length)]);
                    break;
                default:
                    if (b.Length > 0) b[_random.Next(b.Length)] ^= (byte)(1 << _random.Next(8));
                    break;
            }
        }
        return b;
    }

    private void MutateTree(MessageTree t)
    {
        var all = t.All();
        switch (_random.Next(all.Count == 0 ? 3 : 12))
        {
            case 0: t.Flags ^= (ushort)(1 << _random.Next(16)); return;
            case 1: t.Type = _trees[_random.Next(_trees.Count)].Tree!.Type; return; // parse one kind's body as another's
            case 2:
                if (t.Fixed.Length > 0) t.Fixed[_random.Next(t.Fixed.Length)] = (byte)_random.Next(256);
                else t.Fixed = RandomBytes(InterestingSizes[_random.Next(8)]);
                return;
        }
        var (owner, index) = all[_random.Next(all.Count)];
        var a = owner[index];
        switch (_random.Next(9))
        {
            case 0: // resize the payload: the framing stays right, the content size is wrong
                a.Children = null;
                a.Leaf = Resize(a.Leaf, InterestingSizes[_random.Next(InterestingSizes.Length)]);
                break;
            case 1: // another type, maybe with the nested / byte-order flags
                a.RawType = (ushort)((_random.Next(2) == 0 ? _random.Next(64) : a.RawType ^ (1 << _random.Next(16))) & 0xffff);
                break;
            case 2: owner.RemoveAt(index); break;
            case 3: owner.Insert(index, a.Clone()); break;
            case 4: // splice in an attribute of another real message
                var other = _trees[_random.Next(_trees.Count)].Tree!.All();
                if (other.Count > 0)
                {
                    var (o, i) = other[_random.Next(other.Count)];
                    owner.Insert(_random.Next(owner.Count + 1), o[i].Clone());
                }
                break;
            case 5: // a value at an edge
                a.Children = null;
                var value = InterestingValues[_random.Next(InterestingValues.Length)];
                a.Leaf = Resize(a.Leaf, Math.Max(a.Leaf.Length, 4));
                if (_random.Next(2) == 0) BinaryPrimitives.WriteUInt32LittleEndian(a.Leaf, value);
                else BinaryPrimitives.WriteUInt32BigEndian(a.Leaf, value);
                break;
            case 6: // a nest becomes flat bytes with one byte changed, or flat bytes become a nest
                if (a.Children is { } children)
                {
                    a.Leaf = FlatOf(children);
                    a.Children = null;
                    if (a.Leaf.Length > 0) a.Leaf[_random.Next(a.Leaf.Length)] ^= (byte)(1 << _random.Next(8));
                }
                else a.Children = [new MessageTree.Attr { RawType = (ushort)_random.Next(32), Leaf = a.Leaf }];
                break;
            case 7: // a string without its NUL, or all NULs, or invalid UTF-8
                a.Children = null;
                a.Leaf = _random.Next(3) switch { 0 => a.Leaf.Where(b => b != 0).ToArray(), 1 => new byte[a.Leaf.Length], _ => [0xff, 0xfe, 0xc3] };
                break;
            default:
                if (a.Children is null && a.Leaf.Length > 0) a.Leaf[_random.Next(a.Leaf.Length)] = (byte)_random.Next(256);
                break;
        }
    }

    private byte[] MutateBytes(byte[] b)
    {
        switch (_random.Next(4))
        {
            case 0: // a length field (message or attribute) set to a value that does not fit
                int at = _random.Next(2) == 0 ? 0 : 16 + 4 * _random.Next(Math.Max(1, (b.Length - 16) / 4));
                if (at + 2 <= b.Length) BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at), (ushort)InterestingValues[_random.Next(InterestingValues.Length)]);
                return b;
            case 1: // cut short, with or without fixing nlmsg_len
                var cut = b[..Math.Max(0, b.Length - 1 - _random.Next(Math.Max(1, b.Length)))];
                if (cut.Length >= 4 && _random.Next(2) == 0) BinaryPrimitives.WriteUInt32LittleEndian(cut, (uint)cut.Length);
                return cut;
            case 2:
                for (int i = 0, n = 1 + _random.Next(4); i < n && b.Length > 0; i++) b[_random.Next(b.Length)] ^= (byte)(1 << _random.Next(8));
                return b;
            default: // trailing garbage
                return [.. b, .. RandomBytes(1 + _random.Next(7))];
        }
    }

    private static byte[] FlatOf(List<MessageTree.Attr> children)
    {
        var t = new MessageTree { Attributes = children };
        return t.Encode()[16..];
    }

    private byte[] Resize(byte[] data, int size)
    {
        var result = new byte[size];
        data.AsSpan(0, Math.Min(size, data.Length)).CopyTo(result);
        for (int i = data.Length; i < size; i++) result[i] = (byte)_random.Next(256);
        return result;
    }

    private byte[] RandomBytes(int n)
    {
        var b = new byte[n];
        _random.NextBytes(b);
        return b;
    }
}
