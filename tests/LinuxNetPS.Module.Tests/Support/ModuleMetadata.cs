using System.Reflection;
using System.Runtime.InteropServices;

namespace LinuxNetPS.Module.Tests.Support;

/// <summary>One [Parameter] attribute: a parameter's membership of one parameter set.</summary>
internal sealed record ParameterSetMembership(string Set, bool Mandatory, int? Position, bool ByValue, bool ByPropertyName, bool RemainingArguments);

/// <summary>A cmdlet parameter as PowerShell's binder will see it.</summary>
internal sealed record CmdletParameter(string Name, Type Type, IReadOnlyList<string> Aliases, IReadOnlyList<ParameterSetMembership> Sets,
                                       bool HasCompleter, bool HasValidateSet, PropertyInfo Property)
{
    public const string AllSets = "__AllParameterSets";
    public bool IsSwitch => Type.FullName == "System.Management.Automation.SwitchParameter";
    public bool ByPropertyName => Sets.Any(s => s.ByPropertyName);
    public bool ByValue => Sets.Any(s => s.ByValue);
    public bool FromPipeline => ByPropertyName || ByValue;
    public IEnumerable<string> NameAndAliases => Aliases.Prepend(Name);
    public bool Answers(string propertyName) => NameAndAliases.Any(n => n.Equals(propertyName, StringComparison.OrdinalIgnoreCase));
    public ParameterSetMembership? In(string set) =>
        Sets.FirstOrDefault(s => s.Set == set) ?? Sets.FirstOrDefault(s => s.Set == AllSets);

    /// <summary>string for string[], T for T[]: the type one pipeline item must convert to.</summary>
    public Type ElementType => Type.IsArray ? Type.GetElementType()! : Type;
}

/// <summary>An [OutputType] entry; Type is null when it names a type by string that is not in the assembly set.</summary>
internal sealed record OutputTypeEntry(string Name, Type? Type, IReadOnlyList<string> ParameterSets);

internal sealed record CmdletInfo(string Name, string Verb, string Noun, Type Type, bool SupportsShouldProcess, string? ConfirmImpact,
                                  string? DefaultParameterSet, IReadOnlyList<OutputTypeEntry> OutputTypes, IReadOnlyList<CmdletParameter> Parameters)
{
    public CmdletParameter? Parameter(string name) =>
        Parameters.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The named parameter sets; a cmdlet without any has only __AllParameterSets.</summary>
    public IReadOnlyList<string> ParameterSets
    {
        get
        {
            var named = Parameters.SelectMany(p => p.Sets).Select(s => s.Set).Where(s => s != CmdletParameter.AllSets).Distinct().ToList();
            return named.Count > 0 ? named : [CmdletParameter.AllSets];
        }
    }

    public IEnumerable<(CmdletParameter Parameter, ParameterSetMembership Membership)> In(string set) =>
        Parameters.Select(p => (p, p.In(set))).Where(x => x.Item2 is not null).Select(x => (x.p, x.Item2!));

    public override string ToString() => Name;
}

/// <summary>
/// The built module assembly, its dependencies and PowerShellStandard's System.Management.Automation
/// in one MetadataLoadContext: we read attributes and types, nothing is executed. Loaded once per test run.
/// </summary>
internal sealed class ModuleMetadata
{
    private static readonly Lazy<ModuleMetadata> Shared = new(() => new ModuleMetadata(Repo.ModuleAssembly));
    public static ModuleMetadata Instance => Shared.Value;

    public MetadataLoadContext Context { get; }
    public Assembly Module { get; }
    /// <summary>The module assembly plus our own assemblies next to it (LinuxNetPS.Netlink.dll ...): where model types live.</summary>
    public IReadOnlyList<Assembly> OwnAssemblies { get; }
    public IReadOnlyList<CmdletInfo> Cmdlets { get; }
    public string AssemblyPath { get; }

    private ModuleMetadata(string modulePath)
    {
        AssemblyPath = modulePath;
        var moduleDir = Path.GetDirectoryName(modulePath)!;
        // Runtime assemblies first, then ours; PathAssemblyResolver prefers the highest version of a name.
        var paths = new List<string>(Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll"))
        {
            Repo.SystemManagementAutomation,
        };
        var own = Directory.GetFiles(moduleDir, "LinuxNetPS*.dll");
        paths.AddRange(own);
        Context = new MetadataLoadContext(new PathAssemblyResolver(paths.Distinct()), "System.Private.CoreLib");
        Module = Context.LoadFromAssemblyPath(modulePath);
        OwnAssemblies = own.Select(p => Context.LoadFromAssemblyPath(p)).Distinct().ToList();
        Cmdlets = Module.GetTypes().Where(t => t.IsPublic && !t.IsAbstract && Attr(t, "CmdletAttribute") is not null)
                        .Select(ReadCmdlet).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
    }

    public CmdletInfo Cmdlet(string name) =>
        Cmdlets.FirstOrDefault(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new Xunit.Sdk.XunitException($"cmdlet {name} is not in {Path.GetFileName(AssemblyPath)}");

    /// <summary>A type by full name (or by short name when unique) among our assemblies and System.Management.Automation.</summary>
    public Type? FindType(string name)
    {
        foreach (var a in OwnAssemblies)
            if (a.GetType(name) is { } t) return t;
        var byShortName = OwnAssemblies.SelectMany(a => a.GetTypes()).Where(t => t.IsPublic && t.Name == name).ToList();
        return byShortName.Count == 1 ? byShortName[0] : null;
    }

    /// <summary>The verbs PowerShell approves: the constants of System.Management.Automation.Verbs* classes.</summary>
    public IReadOnlySet<string> ApprovedVerbs
    {
        get
        {
            var sma = Context.LoadFromAssemblyPath(Repo.SystemManagementAutomation);
            return sma.GetTypes().Where(t => t.IsPublic && t.Namespace == "System.Management.Automation" && t.Name.StartsWith("Verbs"))
                      .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
                      .Where(f => f.IsLiteral && f.FieldType.FullName == "System.String")
                      .Select(f => (string)f.GetRawConstantValue()!)
                      .ToHashSet(StringComparer.Ordinal);
        }
    }

    private CmdletInfo ReadCmdlet(Type t)
    {
        var cmdlet = Attr(t, "CmdletAttribute")!;
        var verb = (string)cmdlet.ConstructorArguments[0].Value!;
        var noun = (string)cmdlet.ConstructorArguments[1].Value!;
        var outputs = Attrs(t, "OutputTypeAttribute").Select(ReadOutputType).SelectMany(x => x).ToList();
        var parameters = t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                          .Where(p => Attrs(p, "ParameterAttribute").Any())
                          .Select(ReadParameter).ToList();
        return new CmdletInfo($"{verb}-{noun}", verb, noun, t,
            Named<bool>(cmdlet, "SupportsShouldProcess"),
            Named<object>(cmdlet, "ConfirmImpact") is { } impact ? EnumName(t, "System.Management.Automation.ConfirmImpact", impact) : null,
            Named<string>(cmdlet, "DefaultParameterSetName"),
            outputs, parameters);
    }

    private IEnumerable<OutputTypeEntry> ReadOutputType(CustomAttributeData a)
    {
        var sets = Named<IReadOnlyCollection<CustomAttributeTypedArgument>>(a, "ParameterSetName")?.Select(v => (string)v.Value!).ToList() ?? [];
        foreach (var arg in a.ConstructorArguments)
        {
            var values = arg.Value as IReadOnlyCollection<CustomAttributeTypedArgument> ?? [arg];
            foreach (var v in values)
            {
                if (v.Value is Type type) yield return new OutputTypeEntry(type.FullName!, type, sets);
                else if (v.Value is string name) yield return new OutputTypeEntry(name, FindType(name), sets);
            }
        }
    }

    private static CmdletParameter ReadParameter(PropertyInfo p)
    {
        var sets = Attrs(p, "ParameterAttribute").Select(a => new ParameterSetMembership(
            Named<string>(a, "ParameterSetName") ?? CmdletParameter.AllSets,
            Named<bool>(a, "Mandatory"),
            Named<object>(a, "Position") is int pos && pos >= 0 ? pos : null,
            Named<bool>(a, "ValueFromPipeline"),
            Named<bool>(a, "ValueFromPipelineByPropertyName"),
            Named<bool>(a, "ValueFromRemainingArguments"))).ToList();
        var aliases = Attrs(p, "AliasAttribute")
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(arg => arg.Value as IReadOnlyCollection<CustomAttributeTypedArgument> ?? [arg])
            .Select(v => (string)v.Value!).ToList();
        var completer = p.GetCustomAttributesData().Any(a => IsCompleter(a.AttributeType));
        var validateSet = p.GetCustomAttributesData().Any(a => a.AttributeType.Name == "ValidateSetAttribute") || p.PropertyType.IsEnum;
        return new CmdletParameter(p.Name, p.PropertyType, aliases, sets, completer, validateSet, p);
    }

    /// <summary>ArgumentCompleterAttribute, something derived from it, or (PowerShell 7) an IArgumentCompleterFactory attribute.</summary>
    private static bool IsCompleter(Type attributeType)
    {
        for (var t = attributeType; t is not null; t = t.BaseType)
            if (t.Name is "ArgumentCompleterAttribute" or "ArgumentCompletionsAttribute") return true;
        return attributeType.GetInterfaces().Any(i => i.Name == "IArgumentCompleterFactory");
    }

    private static string EnumName(Type context, string enumType, object value) =>
        Enum.GetName(typeof(ConfirmImpactMirror), Convert.ToInt32(value)) ?? value.ToString()!;

    /// <summary>System.Management.Automation.ConfirmImpact's values (None=0, Low, Medium, High), to print the name.</summary>
    private enum ConfirmImpactMirror { None, Low, Medium, High }

    internal static IEnumerable<CustomAttributeData> Attrs(MemberInfo m, string name) =>
        m.GetCustomAttributesData().Where(a => a.AttributeType.Name == name && a.AttributeType.Namespace == "System.Management.Automation");

    internal static CustomAttributeData? Attr(MemberInfo m, string name) => Attrs(m, name).FirstOrDefault();

    internal static T? Named<T>(CustomAttributeData a, string name)
    {
        foreach (var n in a.NamedArguments)
            if (n.MemberName == name && n.TypedValue.Value is T value) return value;
        return default;
    }
}
