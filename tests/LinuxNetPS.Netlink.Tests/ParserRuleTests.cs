using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Netlink;
using LinuxNetPS.Tests.Fuzz;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit.Abstractions;

namespace LinuxNetPS.Tests;

/// <summary>
/// The parser rules of issues 9 and 19 as tests, so they hold in rooms that do not exist yet:
/// (a) a parser that loops over an <see cref="AttributeReader"/> ends with the reader's one error check
/// (<see cref="AttributeReader.ThrowIfMalformed"/>), and (b) every entry point of a kernel-message or wire-frame
/// parser is reached by the fuzz harness (<see cref="ParserEntryPoints"/>). Each rule is also run on a synthetic
/// violation, so a check that silently stopped finding anything would fail.
/// </summary>
public class ParserRuleTests(ITestOutputHelper output)
{
    // ---- (a) the remembered-error check ------------------------------------------------------------------------

    /// <summary>One top-level reader a function creates and loops over, and whether the function ends with its check.</summary>
    internal sealed record ReaderUse(string Where, string Reader, bool Checked);

    /// <summary>
    /// Every function body (method, accessor, local function, lambda) of the source that creates a top-level attribute
    /// reader (<c>new AttributeReader(..)</c> or <c>m.Attributes&lt;T&gt;()</c>) and loops over it (<c>while (r.Next())</c>).
    /// Readers from <c>Nested()</c> / <c>NestedAfter()</c> are not counted: they share their parent's error slot, so
    /// the parent's check covers them. Checked means a <c>r.ThrowIfMalformed(..)</c> in the same body after the last loop.
    /// </summary>
    internal static List<ReaderUse> ReaderUses(string source, string file)
    {
        var root = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Preview)).GetRoot();
        var uses = new List<ReaderUse>();
        foreach (var declarator in root.DescendantNodes().OfType<VariableDeclaratorSyntax>())
        {
            if (!CreatesTopLevelReader(declarator)) continue;
            string name = declarator.Identifier.ValueText;
            var body = declarator.Ancestors().FirstOrDefault(n => n is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax
                or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax);
            if (body is null) continue;
            bool InThisBody(SyntaxNode n) => n.Ancestors().First(a => a is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax
                or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax) == body;
            // A loop over this reader is one whose condition calls its Next(): an outer loop that only holds such a loop in
            // its body (a reader made per item, as for the next hops of RTA_MULTIPATH) is not, so the check may sit inside it.
            var loops = body.DescendantNodes().Where(n => n is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax)
                .Where(n => LoopCondition(n)?.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>().Any(i => IsCallOn(i, name, "Next")) == true && InThisBody(n))
                .ToList();
            if (loops.Count == 0) continue;
            int afterLoops = loops.Max(l => l.Span.End);
            bool isChecked = body.DescendantNodes().OfType<InvocationExpressionSyntax>()
                .Any(i => IsCallOn(i, name, nameof(AttributeReader.ThrowIfMalformed)) && i.SpanStart >= afterLoops && InThisBody(i));
            var line = declarator.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
            var function = body switch
            {
                MethodDeclarationSyntax m => m.Identifier.ValueText,
                LocalFunctionStatementSyntax f => f.Identifier.ValueText,
                _ => body.Ancestors().OfType<MethodDeclarationSyntax>().FirstOrDefault()?.Identifier.ValueText + " (lambda)",
            };
            uses.Add(new ReaderUse($"{file}:{line} {function}", name, isChecked));
        }
        return uses;
    }

    private static bool CreatesTopLevelReader(VariableDeclaratorSyntax declarator) => declarator.Initializer?.Value switch
    {
        ObjectCreationExpressionSyntax o => o.Type.ToString().EndsWith(nameof(AttributeReader), StringComparison.Ordinal),
        ImplicitObjectCreationExpressionSyntax => (declarator.Parent as VariableDeclarationSyntax)?.Type.ToString().EndsWith(nameof(AttributeReader), StringComparison.Ordinal) == true,
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name: GenericNameSyntax { Identifier.ValueText: "Attributes" } } } => true,
        _ => false,
    };

    private static ExpressionSyntax? LoopCondition(SyntaxNode loop) => loop switch
    {
        WhileStatementSyntax w => w.Condition,
        DoStatementSyntax d => d.Condition,
        ForStatementSyntax f => f.Condition,
        _ => null,
    };

    private static bool IsCallOn(InvocationExpressionSyntax call, string variable, string method) =>
        call.Expression is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax target, Name.Identifier.ValueText: var name }
        && target.Identifier.ValueText == variable && name == method;

    internal static string SourceRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LinuxNetPS.sln"))) return Path.Combine(dir.FullName, "src", "LinuxNetPS.Netlink");
        throw new DirectoryNotFoundException("the repository (LinuxNetPS.sln) above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void EveryParserLoopingOverAnAttributeReader_EndsWithTheRememberedErrorCheck()
    {
        var root = SourceRoot();
        var uses = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .SelectMany(f => ReaderUses(File.ReadAllText(f), Path.GetRelativePath(root, f)))
            .ToList();
        output.WriteLine($"readers checked: {uses.Count(u => u.Checked)}/{uses.Count}");
        foreach (var u in uses) output.WriteLine($"  {(u.Checked ? "ok " : "NO ")} {u.Where} ({u.Reader})");
        Assert.True(uses.Count >= 20, $"the scan found only {uses.Count} attribute readers in {root}: it no longer sees the parsers");
        var unchecked_ = uses.Where(u => !u.Checked).Select(u => $"{u.Where}: '{u.Reader}' is looped over but not followed by {u.Reader}.ThrowIfMalformed(...)").ToList();
        Assert.True(unchecked_.Count == 0, string.Join("\n", unchecked_));
    }

    private const string Violating = """
        class P
        {
            static object? Silent(in NetlinkMessage m)
            {
                var r = m.Attributes<RtMsg>();
                while (r.Next()) if (r.Type == 1) _ = r.U32();
                if (r.Error is not null) return null;   // the error dropped silently
                return new object();
            }
            static void InALambda(NetlinkSocket s) => s.Execute(1, 0, w => { }, "x", null, (in NetlinkMessage m) =>
            {
                var r = new AttributeReader(m.Payload);
                while (r.Next()) { }
            });
            static void CheckedTooEarly(ReadOnlySpan<byte> data)
            {
                AttributeReader r = new(data);
                r.ThrowIfMalformed("x");
                while (r.Next()) { }
            }
            static void Fine(ReadOnlySpan<byte> data)
            {
                var r = new AttributeReader(data);
                while (r.Next()) { var n = r.Nested(); while (n.Next()) { } }
                r.ThrowIfMalformed("fine");
            }
            static void NotALoop(ReadOnlySpan<byte> data) { var r = new AttributeReader(data); r.Next(); }
        }
        """;

    [Fact]
    public void RememberedErrorRule_FindsTheViolations_InASyntheticParser()
    {
        var uses = ReaderUses(Violating, "synthetic.cs");
        Assert.Equal(["Silent", "InALambda (lambda)", "CheckedTooEarly"], uses.Where(u => !u.Checked).Select(u => u.Where.Split(' ', 2)[1]));
        Assert.Equal(["Fine"], uses.Where(u => u.Checked).Select(u => u.Where.Split(' ', 2)[1]));
    }

    // ---- (b) every kernel or wire parser is fuzzed ---------------------------------------------------------------

    /// <summary>
    /// Parse-style methods of the library that do not read kernel or wire bytes, with the reason. Everything else
    /// named Parse*/TryParse*/Decode* (any input), or Read*/TryRead* over bytes or a netlink message, must be reached
    /// from the fuzz harness.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, string> NotWireParsers = new Dictionary<string, string>
    {
        ["LinuxNetPS.Compose.Labs.LabLinkSelection.Parse"] = "user input: a lab link as the user names it (one end, two ends or two nodes), never kernel data",
        ["LinuxNetPS.Compose.Labs.LabRouteRestore.Parse"] = "the lab's own record: a route as LabRouteDefinition.ToString wrote it; text it cannot read is a Malformed error",
        ["LinuxNetPS.Primitives.IPPrefix.Parse"] = "user input: a prefix typed by the user (-Address, -Destination ...)",
        ["LinuxNetPS.Monitoring.Capture.CaptureFile+DescriptorWriteStream.Read"] = "a write-only stream's Stream.Read override: it throws NotSupportedException and reads nothing",
        ["LinuxNetPS.Bridges.VlanIds.ParseRange"] = "user input: a VLAN range typed by the user (\"10-20\")",
        ["LinuxNetPS.Bridges.VlanIds.ParseRanges"] = "user input: VLAN ids and ranges typed by the user",
        ["LinuxNetPS.Bridges.VlanIds.ParseSingle"] = "user input: one VLAN id typed by the user",
        ["LinuxNetPS.Model.BridgeFdbStates.Parse"] = "user input: an FDB state name (-State Static)",
        ["LinuxNetPS.Model.NeighborStates.Parse"] = "user input: a neighbour state name (-State Permanent)",
        ["LinuxNetPS.Model.NeighborStates.TryParse"] = "user input: a neighbour state name",
        ["LinuxNetPS.Neighbors.MacText.Parse"] = "user input: a MAC address typed by the user (-LinkLayerAddress)",
        ["LinuxNetPS.Neighbors.MacText.ParseUnicast"] = "user input: a unicast MAC address typed by the user",
        ["LinuxNetPS.Primitives.IPPrefix.TryParse"] = "user input: a prefix typed by the user",
        ["LinuxNetPS.Primitives.IPPrefix.ParseAddress"] = "user input: an address typed by the user",
        ["LinuxNetPS.Compose.Networks.Ipam.ParsePrefix"] = "user input: a network's subnet or range (and our own state files), never kernel data",
        ["LinuxNetPS.Compose.Networks.PublishedPort.Parse"] = "user input: Docker's -p syntax",
        ["LinuxNetPS.Compose.Networks.PublishedPort.ParseSpec"] = "user input: Docker's -p syntax",
        ["LinuxNetPS.Compose.Networks.PublishedPort.ParseFixed"] = "user input: Docker's -p syntax",
        ["LinuxNetPS.Primitives.ImpairmentText.ParseDuration"] = "user input: \"100ms\"",
        ["LinuxNetPS.Primitives.ImpairmentText.ParsePercent"] = "user input: \"1%\"",
        ["LinuxNetPS.Primitives.ImpairmentText.ParseRate"] = "user input: \"10mbit\"",
        ["LinuxNetPS.Model.LinkImpairmentSpec.Parse"] = "user input: impairment keys and values (the kernel's netem/tbf are read by QdiscCodec.Parse)",
        ["LinuxNetPS.Links.MacAddressText.Parse"] = "user input: a MAC address typed by the user (the kernel's are bytes, formatted, not parsed)",
        ["LinuxNetPS.Monitoring.Capture.PacketFilter.Parse"] = "user input: a tcpdump-like filter expression",
        ["LinuxNetPS.Monitoring.Events.NetEventGroups.Parse"] = "user input: the -Kind words of Watch-NetEvent",
        ["LinuxNetPS.Namespaces.NamespaceRef.Parse"] = "user input: a namespace name, path or pid",
        ["LinuxNetPS.Nftables.NatRuleDefinition.ParseProtocol"] = "user input: \"tcp\" or \"udp\"",
        ["LinuxNetPS.Nftables.NatRuleDefinition.ParsePortRange"] = "user input: \"8000-8010\"",
    };

    /// <summary>The non-private parse-style methods of the library that take kernel or wire input (or any input, for Parse/Decode names).</summary>
    internal static IEnumerable<MethodInfo> ParserEntryPointCandidates(Assembly library) =>
        library.GetTypes()
            .Where(t => !t.IsDefined(typeof(CompilerGeneratedAttribute)) && !t.Name.Contains('<'))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => !m.IsPrivate && !m.IsSpecialName && !m.IsDefined(typeof(CompilerGeneratedAttribute)) && !m.Name.Contains('<'))
            .Where(m => IsParseName(m.Name) || (IsReadName(m.Name) && m.GetParameters().Any(p => IsWireInput(p.ParameterType))));

    private static bool IsParseName(string name) =>
        name.StartsWith("Parse", StringComparison.Ordinal) || name.StartsWith("TryParse", StringComparison.Ordinal) || name.StartsWith("Decode", StringComparison.Ordinal);

    private static bool IsReadName(string name) => name.StartsWith("Read", StringComparison.Ordinal) || name.StartsWith("TryRead", StringComparison.Ordinal);

    private static bool IsWireInput(Type type)
    {
        if (type.IsByRef) type = type.GetElementType()!;
        return type == typeof(NetlinkMessage) || type == typeof(ReadOnlySpan<byte>) || type == typeof(Span<byte>) || type == typeof(byte[])
            || type == typeof(ReadOnlyMemory<byte>) || type == typeof(AttributeReader);
    }

    internal static string NameOf(MethodBase m) => $"{m.DeclaringType!.FullName}.{m.Name}";

    /// <summary>
    /// Every library method the harness type reaches, following calls, constructors and delegates (call, callvirt,
    /// newobj, ldftn, ldvirtftn) in the IL, transitively through the library; a reached virtual or interface method
    /// brings its overrides and implementations in the library along.
    /// </summary>
    internal static HashSet<MethodBase> ReachedFrom(Type harness, Assembly library)
    {
        var reached = new HashSet<MethodBase>();
        var work = new Stack<MethodBase>(harness.Assembly.GetTypes()
            .Where(t => t == harness || IsNestedIn(t, harness))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Cast<MethodBase>().Concat(t.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance))));
        var seen = new HashSet<MethodBase>();
        var libraryTypes = library.GetTypes();
        while (work.Count > 0)
        {
            var method = work.Pop();
            if (!seen.Add(method)) continue;
            if (method.DeclaringType?.Assembly == library)
            {
                reached.Add(method);
                foreach (var implementation in Implementations(method, libraryTypes)) work.Push(implementation);
                // The type's static initializer runs first: registries of readers are filled there (NftExpressionList).
                if (method.DeclaringType.TypeInitializer is { } initializer) work.Push(initializer);
            }
            if (method.DeclaringType?.Assembly != library && method.DeclaringType is { } d && d != harness && !IsNestedIn(d, harness)) continue;
            foreach (var callee in Callees(method)) work.Push(callee);
        }
        return reached;
    }

    private static bool IsNestedIn(Type t, Type outer)
    {
        for (var d = t.DeclaringType; d is not null; d = d.DeclaringType) if (d == outer) return true;
        return false;
    }

    private static IEnumerable<MethodBase> Implementations(MethodBase method, Type[] types)
    {
        if (method is not MethodInfo { IsVirtual: true } virtualMethod) yield break;
        var declaring = virtualMethod.DeclaringType!;
        foreach (var type in types)
        {
            if (type == declaring || !declaring.IsAssignableFrom(type) || type.IsInterface) continue;
            if (declaring.IsInterface)
            {
                if (type.IsGenericTypeDefinition && declaring.IsGenericType) continue;
                InterfaceMapping map;
                try { map = type.GetInterfaceMap(declaring); } catch (ArgumentException) { continue; }
                int i = Array.IndexOf(map.InterfaceMethods, virtualMethod);
                if (i >= 0 && map.TargetMethods[i] is { } target) yield return target;
            }
            else
                foreach (var m in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly))
                    if (m.GetBaseDefinition() == virtualMethod.GetBaseDefinition()) yield return m;
        }
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>The methods and constructors one method's IL refers to through call, callvirt, newobj, ldftn and ldvirtftn.</summary>
    private static IEnumerable<MethodBase> Callees(MethodBase method)
    {
        byte[]? il;
        try { il = method.GetMethodBody()?.GetILAsByteArray(); } catch (InvalidOperationException) { il = null; }
        if (il is null) yield break;
        var typeArguments = method.DeclaringType is { IsGenericType: true } dt ? dt.GetGenericArguments() : null;
        var methodArguments = method is MethodInfo { IsGenericMethod: true } ? method.GetGenericArguments() : null;
        for (int at = 0; at < il.Length;)
        {
            short value = il[at] == 0xfe ? (short)(0xfe00 | il[at + 1]) : il[at];
            at += il[at] == 0xfe ? 2 : 1;
            if (!OpCodesByValue.TryGetValue(value, out var op)) yield break; // not IL we understand: stop rather than misread
            int operand = op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, at),
                _ => 4,
            };
            if (op.OperandType == OperandType.InlineMethod)
            {
                MethodBase? callee = null;
                try { callee = method.Module.ResolveMethod(BitConverter.ToInt32(il, at), typeArguments, methodArguments); }
                catch (ArgumentException) { }
                catch (BadImageFormatException) { }
                if (callee is MethodInfo { IsGenericMethod: true, IsGenericMethodDefinition: false } generic) callee = generic.GetGenericMethodDefinition();
                if (callee is not null) yield return callee;
            }
            at += operand;
        }
    }

    /// <summary>The kernel or wire parser entry points of the library that the harness does not reach and that are not allowed out.</summary>
    internal static List<string> MissingFromHarness(Type harness)
    {
        var library = typeof(AttributeReader).Assembly;
        var reached = ReachedFrom(harness, library).Select(NameOf).ToHashSet();
        return ParserEntryPointCandidates(library).Select(NameOf).Distinct()
            .Where(name => !reached.Contains(name) && !NotWireParsers.ContainsKey(name))
            .Order(StringComparer.Ordinal).ToList();
    }

    [Fact]
    public void EveryKernelAndWireParserEntryPoint_IsInTheFuzzHarness()
    {
        var library = typeof(AttributeReader).Assembly;
        var candidates = ParserEntryPointCandidates(library).Select(NameOf).Distinct().Order(StringComparer.Ordinal).ToList();
        var reached = ReachedFrom(typeof(ParserEntryPoints), library).Select(NameOf).ToHashSet();
        foreach (var c in candidates)
            output.WriteLine($"  {(reached.Contains(c) ? "fuzzed " : NotWireParsers.TryGetValue(c, out var why) ? $"allowed ({why})" : "MISSING")} {c}");
        Assert.Contains("LinuxNetPS.Monitoring.Capture.PacketDecoder.Decode", candidates); // the scan still sees the parsers
        var missing = MissingFromHarness(typeof(ParserEntryPoints));
        Assert.True(missing.Count == 0, "Parsers of kernel or wire data that the fuzz harness (Fuzz/ParserEntryPoints.cs) does not reach; " +
            "add them there with corpus messages, or to NotWireParsers with the reason they read no kernel or wire data:\n" + string.Join("\n", missing));
        // An allow-list entry for a method that no longer exists, or that is fuzzed after all, is stale.
        Assert.All(NotWireParsers.Keys, k => Assert.Contains(k, candidates));
        Assert.All(NotWireParsers.Keys, k => Assert.DoesNotContain(k, reached));
    }

    /// <summary>A harness that forgot the neighbour parser (and everything else but links).</summary>
    private static class HarnessWithLinksOnly
    {
        public static object? Parse(in NetlinkMessage m) => LinkParser.Parse(m, null);
    }

    [Fact]
    public void FuzzHarnessRule_FindsAParserTheHarnessDoesNotReach()
    {
        var missing = MissingFromHarness(typeof(HarnessWithLinksOnly));
        Assert.Contains("LinuxNetPS.Monitoring.Events.NeighborParser.Parse", missing);
        Assert.Contains("LinuxNetPS.Monitoring.Capture.PacketDecoder.Decode", missing);
        Assert.DoesNotContain("LinuxNetPS.Links.LinkParser.Parse", missing);
        Assert.DoesNotContain("LinuxNetPS.Primitives.IPPrefix.Parse", missing); // allowed: user input
    }
}
