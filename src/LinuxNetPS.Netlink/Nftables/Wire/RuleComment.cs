using System.Text;

namespace LinuxNetPS.Nftables.Wire;

/// <summary>
/// NFTA_RULE_USERDATA as nft writes it: type-length-value records (u8 type, u8 length, value),
/// where type 0 (NFTNL_UDATA_RULE_COMMENT) is the rule's comment as a NUL-terminated string.
/// We tag our rules with the comment "linuxnetps:ID", which `nft list ruleset` shows.
/// </summary>
public static class RuleComment
{
    private const byte CommentType = 0;
    public const string TagPrefix = "linuxnetps:";

    /// <summary>The user data holding one comment.</summary>
    public static byte[] Encode(string comment)
    {
        int n = Encoding.UTF8.GetByteCount(comment);
        if (n + 1 > byte.MaxValue) throw new ArgumentException("A rule comment is at most 254 bytes.", nameof(comment));
        var data = new byte[n + 3];
        data[0] = CommentType;
        data[1] = (byte)(n + 1);
        Encoding.UTF8.GetBytes(comment, data.AsSpan(2));
        return data;
    }

    /// <summary>The comment in user data, or null if there is none (or the data is not TLV records).</summary>
    public static string? Decode(ReadOnlySpan<byte> userData)
    {
        while (userData.Length >= 2)
        {
            byte type = userData[0], length = userData[1];
            if (2 + length > userData.Length) return null;
            var value = userData.Slice(2, length);
            if (type == CommentType)
            {
                int nul = value.IndexOf((byte)0);
                return Encoding.UTF8.GetString(nul >= 0 ? value[..nul] : value);
            }
            userData = userData[(2 + length)..];
        }
        return null;
    }

    /// <summary>The comment that tags one of our rules.</summary>
    public static string Tag(string id) => TagPrefix + id;

    /// <summary>The id in a comment of ours, or null for anybody else's comment.</summary>
    public static string? IdOf(string? comment) =>
        comment is not null && comment.StartsWith(TagPrefix, StringComparison.Ordinal) ? comment[TagPrefix.Length..] : null;
}
