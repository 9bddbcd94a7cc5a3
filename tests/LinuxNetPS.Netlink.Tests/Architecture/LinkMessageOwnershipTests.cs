using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace LinuxNetPS.Tests.Architecture;

/// <summary>
/// Issue 19: a link message is encoded in one place, Links/ (LinkRequest and the kind drivers it asks). Labs, network
/// drivers, monitoring and every other room send link requests built there; none writes an ifinfomsg, an IFLA_*
/// attribute or a link message type by hand. Read from the source, because attribute numbers are constants the
/// compiler folds away (the built assembly does not show them). Comments do not count: the writer's doc shows an example.
/// </summary>
public partial class LinkMessageOwnershipTests
{
    /// <summary>A writer call whose attribute is a link attribute: w.U32(IflaAttr.Master, ...), w.Nested(IflaAttr.LinkInfo), w.String(IflaInfoAttr.Kind, ...).</summary>
    [GeneratedRegex(@"\.\s*(?:U8|U16|U32|S32|U64|U16BigEndian|U32BigEndian|U64BigEndian|String|Bytes|Flag|Nested|StructAttribute)\s*\(\s*(?:Ifla\w*Attr|VethInfoAttr)\s*\.")]
    private static partial Regex LinkAttributeWrite();

    /// <summary>An ifinfomsg written into a message: w.Struct(new IfInfoMsg ...).</summary>
    [GeneratedRegex(@"\.\s*Struct\s*\(\s*new\s+IfInfoMsg\b")]
    private static partial Regex LinkHeaderWrite();

    /// <summary>A link message type handed to a socket or batch: b.Add(RtmType.NewLink, ...), socket.Dump(RtmType.GetLink, ...).</summary>
    [GeneratedRegex(@"\.\s*(?:Add|AddGet|AddErrorsOnly|AddUnacknowledged|Execute|ExecuteEach|Get|Dump)\s*\(\s*RtmType\s*\.\s*(?:NewLink|SetLink|DelLink|GetLink)\b")]
    private static partial Regex LinkTypeSent();

    private static readonly Regex[] Rules = [LinkAttributeWrite(), LinkHeaderWrite(), LinkTypeSent()];

    private static string CoreSource([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", "src", "LinuxNetPS.Netlink"));

    /// <summary>Source without comments (line comments and /// docs; block comments are not used for code examples here).</summary>
    private static string WithoutComments(string text) =>
        string.Join('\n', text.Split('\n').Select(line => line.TrimStart().StartsWith("//", StringComparison.Ordinal) ? "" : StripTrailingComment(line)));

    private static string StripTrailingComment(string line)
    {
        // A trailing "// ..." outside a string literal; good enough for our style (no "//" inside strings of these files' code).
        int i = line.IndexOf(" //", StringComparison.Ordinal);
        return i >= 0 && line.LastIndexOf('"', i) < 0 ? line[..i] : line;
    }

    private static IReadOnlyList<string> Offences(string file, string text)
    {
        var lines = WithoutComments(text).Split('\n');
        var found = new List<string>();
        var joined = string.Join('\n', lines);
        foreach (var rule in Rules)
            foreach (Match m in rule.Matches(joined))
            {
                int line = joined[..m.Index].Count(c => c == '\n') + 1;
                found.Add($"{file}:{line}: {lines[line - 1].Trim()}");
            }
        return found;
    }

    [Fact]
    public void No_source_outside_Links_writes_a_link_message_by_hand()
    {
        var root = CoreSource();
        Assert.True(Directory.Exists(root), $"the core library's source is not at {root}");
        var files = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Select(f => Path.GetRelativePath(root, f))
            .Where(f => !f.StartsWith("Links" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .ToList();
        // The rooms the issue names must really be read, or the rule holds vacuously.
        Assert.Contains(files, f => f.StartsWith("Compose" + Path.DirectorySeparatorChar, StringComparison.Ordinal) && f.EndsWith("LabBuilder.cs", StringComparison.Ordinal));
        Assert.Contains(files, f => f.StartsWith("Compose" + Path.DirectorySeparatorChar, StringComparison.Ordinal) && f.EndsWith("EndpointSteps.cs", StringComparison.Ordinal));
        Assert.Contains(files, f => f.StartsWith("Monitoring" + Path.DirectorySeparatorChar, StringComparison.Ordinal));

        var offences = files.SelectMany(f => Offences(f, File.ReadAllText(Path.Combine(root, f)))).ToList();
        Assert.True(offences.Count == 0,
            "Link messages written by hand outside Links/ (build a LinkRequest there and send it with batch.Add(request)):\n" + string.Join("\n", offences));
    }

    /// <summary>The rules are real: the lab builder's and the endpoint steps' hand-written messages before issue 19 are each caught.</summary>
    [Theory]
    [InlineData("b.Add(RtmType.NewLink, NetlinkFlags.None, w => Up(w, 0, \"lo\"), \"set link up\", \"lo\");")]
    [InlineData("w.Struct(new IfInfoMsg { Index = index, Flags = (uint)InterfaceFlags.Up, Change = (uint)InterfaceFlags.Up });")]
    [InlineData("                            if (master != 0) w.U32(IflaAttr.Master, (uint)master);")]
    [InlineData("using (w.Nested(IflaAttr.LinkInfo)) w.String(IflaInfoAttr.Kind, \"bridge\");")]
    [InlineData("                                using (w.Nested(VethInfoAttr.Peer))")]
    [InlineData("var list = _client.Route.Dump(RtmType.GetLink, w => w.Struct(new IfInfoMsg()),")]
    [InlineData("b.Add(RtmType.SetLink, NetlinkFlags.None, w => Up(w, index, null), \"bring up link\", name);")]
    public void A_hand_written_link_message_is_caught(string code)
    {
        Assert.NotEmpty(Offences("sample.cs", code));
    }

    [Theory]
    [InlineData("b.Add(LinkRequest.SetUp(\"lo\"));")]
    [InlineData("/// w.U32(IflaAttr.Mtu, 1500);")]
    [InlineData("case IflaAttr.IfName: name = r.String(); break;")]
    [InlineData("RtmType.NewLink or RtmType.DelLink => LinkEvent(m),")]
    [InlineData("b.Add(RtmType.NewAddr, NetlinkFlags.Create | NetlinkFlags.Excl, w => request.Write(w, i), \"add address\", request.Text);")]
    public void Reading_link_messages_and_sending_other_requests_is_fine(string code)
    {
        Assert.Empty(Offences("sample.cs", code));
    }
}
