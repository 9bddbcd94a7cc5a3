using System.Buffers.Binary;
using System.Net.Sockets;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Netlink;
using LinuxNetPS.Nftables.Wire;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Nftables;

/// <summary>
/// A range of addresses of one family, both ends included, as an interval set holds it: the start element is
/// <see cref="Start"/> and the end element (NFT_SET_ELEM_INTERVAL_END) the address after the last, <see cref="End"/>
/// (null when the range reaches the top of the address space, which nft marks as an open interval instead).
/// </summary>
public readonly record struct AddressInterval(UInt128 First, UInt128 Last, bool IPv6)
{
    private AddressFamily Family => IPv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;

    public byte[] Start => Bytes(First);

    public byte[]? End => Last == IPPrefix.MaxNumber(Family) ? null : Bytes(Last + 1);

    public static AddressInterval Of(IPPrefix prefix) => new(prefix.FirstNumber, prefix.LastNumber, prefix.Family == AddressFamily.InterNetworkV6);

    /// <summary>The members this range is, as prefixes (one for a range that was one prefix).</summary>
    public IEnumerable<IPPrefix> Prefixes => IPPrefix.Covering(First, Last, Family);

    private byte[] Bytes(UInt128 value)
    {
        var b = new byte[IPv6 ? 16 : 4];
        if (IPv6) BinaryPrimitives.WriteUInt128BigEndian(b, value); else BinaryPrimitives.WriteUInt32BigEndian(b, (uint)value);
        return b;
    }
}

/// <summary>
/// Address sets of one namespace: named interval sets of IPv4 or IPv6 addresses and prefixes in table inet linuxnetps
/// (<c>set NAME { type ipv4_addr; flags interval; }</c>), which a firewall rule matches with one lookup
/// (<c>ip saddr @NAME</c>): 10,000 blocked addresses are one rule. Each member is one interval (a prefix), added and
/// removed as given; a member that overlaps another is refused before the kernel sees it. Every change is one
/// generation-checked transaction (members in messages of 1,000), so a set is changed completely or not at all.
/// </summary>
public sealed class AddressSetOperations
{
    private readonly NamespaceSession _session;
    private readonly LinuxNetPsTable _table;

    internal AddressSetOperations(NamespaceSession session)
    {
        _session = session;
        _table = LinuxNetPsTable.For(session);
    }

    private const string What = "address sets";

    /// <summary>Set names: 1 to 64 letters, digits, _ . - starting with a letter (nft's identifiers).</summary>
    public static string CheckName(string? name)
    {
        var text = name?.Trim() ?? "";
        if (text.Length is 0 or > 64 || !char.IsAsciiLetter(text[0]) || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            throw NetOperationException.Invalid($"'{name}' is not a valid address set name: use 1 to 64 letters, digits and _ . - starting with a letter (for example 'blocked').", name)
                .WithErrorId(ErrorIds.InvalidFirewallRule);
        return text;
    }

    /// <summary>Our address sets with their members and the firewall rules that use them.</summary>
    public IReadOnlyList<NetFirewallAddressSet> List()
    {
        var state = _table.Read();
        if (state.Sets.Count == 0) return [];
        var rules = new FirewallOperations(_session).List();
        return state.Sets.Keys.Order(StringComparer.Ordinal).Select(name => Model(name, state.Sets[name], ReadIntervals(name), rules)).ToList();
    }

    public NetFirewallAddressSet Get(string name)
    {
        name = CheckName(name);
        return List().FirstOrDefault(s => s.AddressSet == name) ?? throw NotFound(name);
    }

    /// <summary>Makes a set of <paramref name="family"/> with these members, in one transaction. AddressSetExists if the name is taken.</summary>
    public NetFirewallAddressSet New(string name, IPFamily family, IEnumerable<string>? members = null)
    {
        name = CheckName(name);
        var intervals = Intervals(members ?? [], family, name);
        CheckNoOverlap(intervals, [], name);
        _table.Change((state, batch) =>
        {
            if (state.Sets.ContainsKey(name))
                throw new NetOperationException(NetErrorKind.AlreadyExists, $"An address set named '{name}' already exists{Where()}; add members with Add-NetFirewallAddressSetMember.",
                    operation: "create address set", target: name).WithErrorId(ErrorIds.AddressSetExists);
            if (!state.TableExists) batch.NewTable();
            batch.NewSet(name, family == IPFamily.IPv6);
            if (intervals.Count > 0) batch.SetElements(name, intervals, add: true);
            return true;
        }, What);
        return Get(name);
    }

    /// <summary>
    /// Adds members (addresses or prefixes of the set's family); members already there are skipped, overlapping ones refused.
    /// Returns how many were added (read the set with <see cref="Get"/>: listing 10,000 members costs more than adding them).
    /// </summary>
    public int AddMembers(string name, IEnumerable<string> members) => ChangeMembers(name, members, add: true);

    /// <summary>Removes members, each exactly as it was added; AddressSetMemberNotFound for one that is not there. Returns how many were removed.</summary>
    public int RemoveMembers(string name, IEnumerable<string> members) => ChangeMembers(name, members, add: false);

    private int ChangeMembers(string name, IEnumerable<string> members, bool add)
    {
        name = CheckName(name);
        var list = members.ToList();
        int changed = 0;
        _table.Change((state, batch) =>
        {
            if (!state.Sets.TryGetValue(name, out var keyType)) throw NotFound(name);
            var family = keyType == NftSetUserData.KeyTypeIPv6 ? IPFamily.IPv6 : IPFamily.IPv4;
            var wanted = Intervals(list, family, name);
            var existing = ReadIntervals(name);
            var present = existing.ToHashSet();
            if (add)
            {
                var fresh = wanted.Where(i => !present.Contains(i)).ToList();
                changed = fresh.Count;
                if (fresh.Count == 0) return false;
                CheckNoOverlap(fresh, existing, name);
                batch.SetElements(name, fresh, add: true);
            }
            else
            {
                var missing = wanted.FirstOrDefault(i => !present.Contains(i));
                if (wanted.Any(i => !present.Contains(i)))
                    throw NetOperationException.NotFound($"'{Text(missing)}' is not a member of address set '{name}'{Where()}; members are removed exactly as they were added (Get-NetFirewallAddressSet shows them).",
                        Text(missing)).WithErrorId(ErrorIds.AddressSetMemberNotFound);
                changed = wanted.Count;
                if (wanted.Count == 0) return false;
                batch.SetElements(name, wanted, add: false);
            }
            return true;
        }, What);
        return changed;
    }

    /// <summary>Removes a set. AddressSetInUse while a firewall rule matches against it (remove or change the rule first).</summary>
    public NetFirewallAddressSet Remove(string name)
    {
        var removed = Get(name);
        if (removed.UsedBy.Length > 0)
            throw new NetOperationException(NetErrorKind.Busy, $"The address set '{removed.AddressSet}' is used by the firewall rule(s) {string.Join(", ", removed.UsedBy.Select(n => $"'{n}'"))}{Where()}; remove or change them first.",
                operation: "remove address set", target: removed.AddressSet).WithErrorId(ErrorIds.AddressSetInUse);
        _table.Change((state, batch) =>
        {
            if (!state.Sets.ContainsKey(removed.AddressSet)) throw NotFound(removed.AddressSet);
            if (state.Rules.Count == 0 && state.Sets.Count == 1 && state.DropPolicy.Count == 0) batch.DelTable();
            else batch.DelSet(removed.AddressSet);
            return true;
        }, What);
        return removed;
    }

    // ---- members ----------------------------------------------------------------------------------------------------

    private static List<AddressInterval> Intervals(IEnumerable<string> members, IPFamily family, string set)
    {
        var result = new List<AddressInterval>();
        var seen = new HashSet<AddressInterval>();
        foreach (var text in members.SelectMany(m => (m ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            var prefix = IPPrefix.Parse(text).Network;
            if (IPFamilies.Of(prefix.Family) != family)
                throw NetOperationException.Invalid($"'{text}' is {IPFamilies.Of(prefix.Family)} but the address set '{set}' holds {family} addresses; an nft set holds one family (make another set for {IPFamilies.Of(prefix.Family)}).",
                    text).WithErrorId(ErrorIds.InvalidAddressFamily);
            var interval = AddressInterval.Of(prefix);
            if (seen.Add(interval)) result.Add(interval);
        }
        result.Sort((a, b) => a.First.CompareTo(b.First));
        return result;
    }

    private void CheckNoOverlap(IReadOnlyList<AddressInterval> fresh, IReadOnlyList<AddressInterval> existing, string set)
    {
        var all = fresh.Select(i => (Interval: i, New: true)).Concat(existing.Select(i => (Interval: i, New: false))).OrderBy(x => x.Interval.First).ToList();
        for (int i = 1; i < all.Count; i++)
            if (all[i].Interval.First <= all[i - 1].Interval.Last)
                throw NetOperationException.Invalid(
                    $"The members '{Text(all[i - 1].Interval)}' and '{Text(all[i].Interval)}' of address set '{set}' overlap{Where()}; give each address once (a prefix already holds the addresses inside it). Nothing was changed.",
                    Text(all[i].Interval)).WithErrorId(ErrorIds.InvalidPrefix);
    }

    private static string Text(AddressInterval i) => string.Join(", ", i.Prefixes.Select(p => p.PrefixLength == p.MaxLength ? p.Address.ToString() : p.ToString()));

    private List<AddressInterval> ReadIntervals(string set)
    {
        var elements = _session.Netfilter.Dump(Nfnl.Type(NftMsg.GetSetElem), w =>
        {
            w.Struct(NfGenMsg.For(LinuxNetPsTable.Family));
            w.String(NftaSetElem.ListTable, LinuxNetPsTable.Name);
            w.String(NftaSetElem.ListSet, set);
        }, ParseElements, "list address set members").SelectMany(e => e).ToList();
        return ToIntervals(elements);
    }

    /// <summary>One interval-set element: its key as a number, whether it ends an interval, whether it opens one to the top.</summary>
    internal readonly record struct SetElement(UInt128 Key, bool IsEnd, bool IPv6, bool Open);

    /// <summary>The elements of one NFT_MSG_NEWSETELEM of a set dump (empty for another table's).</summary>
    internal static List<SetElement> ParseElements(in NetlinkMessage m)
    {
        string? table = null;
        var list = new List<SetElement>();
        var r = m.Attributes<NfGenMsg>();
        while (r.Next())
            switch (r.Type)
            {
                case NftaSetElem.ListTable: table = r.String(); break;
                case NftaSetElem.ListElements:
                    var elements = r.Nested();
                    while (elements.Next())
                    {
                        byte[]? key = null;
                        uint flags = 0;
                        bool open = false;
                        var e = elements.Nested();
                        while (e.Next())
                            switch (e.Type)
                            {
                                case NftaSetElem.Flags: flags = e.U32BigEndian(); break;
                                case NftaSetElem.UserData: open = IsOpen(e.Data); break;
                                case NftaSetElem.Key:
                                    var k = e.Nested();
                                    while (k.Next())
                                        if (k.Type == NftaData.Value) key = k.Bytes();
                                    break;
                            }
                        if (key is null) continue;
                        if (key.Length is not (4 or 16)) throw new MalformedMessageException("nf_tables set element", $"an address key of {key.Length} bytes");
                        UInt128 number = key.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(key) : BinaryPrimitives.ReadUInt128BigEndian(key);
                        list.Add(new SetElement(number, (flags & NftaSetElem.FlagIntervalEnd) != 0, key.Length == 16, open));
                    }
                    break; // errors in the nests are r's too
            }
        r.ThrowIfMalformed("nf_tables set element message");
        return table == LinuxNetPsTable.Name ? list : [];
    }

    private static bool IsOpen(ReadOnlySpan<byte> userData)
    {
        while (userData.Length >= 2)
        {
            byte type = userData[0], length = userData[1];
            if (2 + length > userData.Length) return false;
            if (type == NftSetUserData.ElemFlags && length == 4 && (BitConverter.ToUInt32(userData.Slice(2, 4)) & NftSetUserData.ElemIntervalOpen) != 0) return true;
            userData = userData[(2 + length)..];
        }
        return false;
    }

    /// <summary>Pairs start and end elements into intervals (the kernel lists them in any order; an end at 0 that nft adds opens nothing).</summary>
    internal static List<AddressInterval> ToIntervals(IEnumerable<SetElement> elements)
    {
        var sorted = elements.OrderBy(e => e.Key).ThenBy(e => e.IsEnd ? 0 : 1).ToList(); // at one key an end closes before a start opens
        var result = new List<AddressInterval>();
        for (int i = 0; i < sorted.Count; i++)
        {
            var e = sorted[i];
            if (e.IsEnd) continue;
            var family = e.IPv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
            var end = sorted.Skip(i + 1).FirstOrDefault(x => x.IsEnd);
            UInt128 last = e.Open || end == default ? IPPrefix.MaxNumber(family) : end.Key - 1;
            if (last < e.Key) continue;
            result.Add(new AddressInterval(e.Key, last, e.IPv6));
        }
        return result;
    }

    private NetFirewallAddressSet Model(string name, uint keyType, IReadOnlyList<AddressInterval> intervals, IReadOnlyList<NetFirewallRule> rules) => new()
    {
        Namespace = _session.NamespaceSpec,
        AddressSet = name,
        Family = keyType == NftSetUserData.KeyTypeIPv6 ? IPFamily.IPv6 : IPFamily.IPv4,
        Members = intervals.Select(Text).ToArray(),
        UsedBy = rules.Where(r => r.RemoteAddressSet == name || r.LocalAddressSet == name).Select(r => r.Rule).ToArray(),
    };

    private string Where() => _session.NamespaceSpec is null ? " on the host" : $" in namespace '{_session.NamespaceSpec}'";

    private NetOperationException NotFound(string name) =>
        NetOperationException.NotFound($"There is no address set '{name}'{Where()}; New-NetFirewallAddressSet makes one, Get-NetFirewallAddressSet lists them.", name)
            .WithErrorId(ErrorIds.AddressSetNotFound);
}
