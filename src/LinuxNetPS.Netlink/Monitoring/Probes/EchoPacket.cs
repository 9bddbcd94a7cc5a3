using System.Buffers.Binary;

namespace LinuxNetPS.Monitoring.Probes;

/// <summary>ICMP and ICMPv6 echo messages (RFC 792, RFC 4443): building requests and recognising answers.</summary>
internal static class EchoPacket
{
    public const byte EchoRequestV4 = 8, EchoReplyV4 = 0, UnreachableV4 = 3, TimeExceededV4 = 11;
    public const byte EchoRequestV6 = 128, EchoReplyV6 = 129, UnreachableV6 = 1, TimeExceededV6 = 3;
    public const int HeaderSize = 8, PayloadSize = 56;

    /// <summary>An echo request; the ICMPv4 checksum is ours to compute, the kernel fills in ICMPv6's (and a ping socket's id).</summary>
    public static byte[] Request(bool v6, ushort id, ushort sequence)
    {
        var packet = new byte[HeaderSize + PayloadSize];
        packet[0] = v6 ? EchoRequestV6 : EchoRequestV4;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), id);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), sequence);
        for (int i = 0; i < PayloadSize; i++) packet[HeaderSize + i] = (byte)(0x10 + i);
        if (!v6) BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), Checksum(packet));
        return packet;
    }

    /// <summary>The Internet checksum (RFC 1071).</summary>
    public static ushort Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (int i = 0; i + 1 < data.Length; i += 2) sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        if ((data.Length & 1) == 1) sum += (uint)(data[^1] << 8);
        while ((sum >> 16) != 0) sum = (sum & 0xffff) + (sum >> 16);
        return (ushort)~sum;
    }

    /// <summary>What a received ICMP message says about our request.</summary>
    public enum Answer { Unrelated, Reply, Unreachable, TimeExceeded }

    /// <summary>
    /// Classifies an ICMP message (without IP header) as the reply to (id, sequence), an error about it, or unrelated.
    /// An error quotes the original IP header and the first 8 bytes of our request. With <paramref name="anyId"/> the id
    /// is not compared (a ping socket rewrites it and already delivers only its own replies).
    /// </summary>
    public static Answer Classify(ReadOnlySpan<byte> icmp, bool v6, ushort id, ushort sequence, bool anyId, out byte code)
    {
        code = icmp.Length > 1 ? icmp[1] : (byte)0;
        if (icmp.Length < HeaderSize) return Answer.Unrelated;
        byte type = icmp[0];
        if (type == (v6 ? EchoReplyV6 : EchoReplyV4))
            return Matches(icmp, id, sequence, anyId) ? Answer.Reply : Answer.Unrelated;
        bool unreachable = type == (v6 ? UnreachableV6 : UnreachableV4);
        bool exceeded = type == (v6 ? TimeExceededV6 : TimeExceededV4);
        if (!unreachable && !exceeded) return Answer.Unrelated;
        var quoted = icmp[HeaderSize..];
        int ipHeader = v6 ? 40 : quoted.Length > 0 ? (quoted[0] & 0x0f) * 4 : 0;
        if (quoted.Length < ipHeader + HeaderSize) return Answer.Unrelated;
        var original = quoted[ipHeader..];
        if (original[0] != (v6 ? EchoRequestV6 : EchoRequestV4) || !Matches(original, id, sequence, anyId)) return Answer.Unrelated;
        return unreachable ? Answer.Unreachable : Answer.TimeExceeded;
    }

    /// <summary>
    /// The sequence number an ICMP message (without IP header) is about: an echo reply's own, or that of our request
    /// quoted in an unreachable / time-exceeded error. False for anything else.
    /// </summary>
    public static bool TryReadSequence(ReadOnlySpan<byte> icmp, bool v6, out ushort sequence)
    {
        sequence = 0;
        if (icmp.Length < HeaderSize) return false;
        byte type = icmp[0];
        if (type == (v6 ? EchoReplyV6 : EchoReplyV4))
        {
            sequence = BinaryPrimitives.ReadUInt16BigEndian(icmp[6..]);
            return true;
        }
        if (type != (v6 ? UnreachableV6 : UnreachableV4) && type != (v6 ? TimeExceededV6 : TimeExceededV4)) return false;
        var quoted = icmp[HeaderSize..];
        int ipHeader = v6 ? 40 : quoted.Length > 0 ? (quoted[0] & 0x0f) * 4 : 0;
        if (quoted.Length < ipHeader + HeaderSize) return false;
        sequence = BinaryPrimitives.ReadUInt16BigEndian(quoted[(ipHeader + 6)..]);
        return true;
    }

    private static bool Matches(ReadOnlySpan<byte> icmp, ushort id, ushort sequence, bool anyId) =>
        (anyId || BinaryPrimitives.ReadUInt16BigEndian(icmp[4..]) == id) && BinaryPrimitives.ReadUInt16BigEndian(icmp[6..]) == sequence;

    /// <summary>The words for an ICMP destination-unreachable code.</summary>
    public static string UnreachableText(bool v6, byte code) => v6
        ? code switch { 0 => "no route to destination", 1 => "administratively prohibited", 3 => "address unreachable", 4 => "port unreachable", _ => $"code {code}" }
        : code switch { 0 => "network unreachable", 1 => "host unreachable", 2 => "protocol unreachable", 3 => "port unreachable", 9 or 10 or 13 => "administratively prohibited", _ => $"code {code}" };
}
