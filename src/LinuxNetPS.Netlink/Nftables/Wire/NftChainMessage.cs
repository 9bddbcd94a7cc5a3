using LinuxNetPS.Netlink;

namespace LinuxNetPS.Nftables.Wire;

/// <summary>
/// What LinuxNetPS reads of one NFT_MSG_NEWCHAIN: the family, table, name, hook number and policy
/// (the last two only for base chains). The one reader of chain messages; callers decide what they need.
/// </summary>
internal readonly record struct NftChainMessage(byte Family, string? Table, string? Name, uint? Hook, uint? Policy)
{
    /// <exception cref="Errors.MalformedMessageException">The message cannot be read.</exception>
    public static NftChainMessage Parse(in NetlinkMessage m)
    {
        byte family = m.Header<NfGenMsg>().Family;
        string? table = null, name = null;
        uint? hook = null, policy = null;
        var r = m.Attributes<NfGenMsg>();
        while (r.Next())
            switch (r.Type)
            {
                case NftaChain.Table: table = r.String(); break;
                case NftaChain.Name: name = r.String(); break;
                case NftaChain.Policy: policy = r.U32BigEndian(); break;
                case NftaChain.Hook:
                    var h = r.Nested();
                    while (h.Next())
                        if (h.Type == NftaHook.HookNum) hook = h.U32BigEndian();
                    break; // an error inside the nest is r's too
            }
        r.ThrowIfMalformed("nf_tables chain message");
        return new NftChainMessage(family, table, name, hook, policy);
    }
}
