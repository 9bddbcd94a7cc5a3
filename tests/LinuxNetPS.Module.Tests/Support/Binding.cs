using System.Reflection;
using System.Xml.Linq;

namespace LinuxNetPS.Module.Tests.Support;

/// <summary>
/// A model of PowerShell's pipeline binding, for one object type piped into one cmdlet:
/// by value (the object itself to a ValueFromPipeline parameter of a compatible type) and by
/// property name (a public property whose name equals a ValueFromPipelineByPropertyName
/// parameter's name or one of its aliases, case-insensitive). An object's properties are its
/// public CLR properties and the AliasProperty members LinuxNetPS.types.ps1xml adds to its type.
/// </summary>
internal static class Binding
{
    /// <summary>A property PowerShell sees on an object: a CLR property, or a types-file alias of one (<paramref name="AliasOf"/>).</summary>
    public sealed record BindableProperty(string Name, Type PropertyType, string? AliasOf = null);

    public sealed record PropertyBinding(BindableProperty Property, CmdletParameter Parameter, string Via);

    public sealed record SetResult(string Set, IReadOnlyList<PropertyBinding> ByName, CmdletParameter? ByValue, IReadOnlyList<CmdletParameter> UnboundMandatory)
    {
        public bool Binds => UnboundMandatory.Count == 0 && (ByName.Count > 0 || ByValue is not null);
    }

    public static IReadOnlyList<PropertyInfo> ClrProperties(Type t) =>
        t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToList();

    /// <summary>The CLR properties, then the types file's aliases of them.</summary>
    public static IReadOnlyList<BindableProperty> Properties(Type t)
    {
        var clr = ClrProperties(t);
        var result = clr.Select(p => new BindableProperty(p.Name, p.PropertyType)).ToList();
        foreach (var (alias, target) in TypeAliases(t.FullName))
            if (clr.FirstOrDefault(p => p.Name == target) is { } referenced)
                result.Add(new BindableProperty(alias, referenced.PropertyType, target));
        return result;
    }

    /// <summary>AliasProperty (name, referenced member) pairs of LinuxNetPS.types.ps1xml for a type full name.</summary>
    public static IEnumerable<(string Alias, string Target)> TypeAliases(string? typeFullName)
    {
        var file = Repo.Path("src", "LinuxNetPS", "LinuxNetPS.types.ps1xml");
        if (typeFullName is null || !File.Exists(file)) yield break;
        foreach (var type in XDocument.Load(file).Root!.Elements("Type").Where(e => e.Element("Name")?.Value.Trim() == typeFullName))
            foreach (var alias in type.Descendants("AliasProperty"))
                yield return (alias.Element("Name")!.Value.Trim(), alias.Element("ReferencedMemberName")!.Value.Trim());
    }

    /// <param name="given">Parameters the command line already supplies (they no longer need the pipeline).</param>
    public static IEnumerable<SetResult> Bind(Type input, CmdletInfo target, IReadOnlyCollection<CmdletParameter>? given = null)
    {
        var properties = Properties(input);
        foreach (var set in target.ParameterSets)
        {
            var members = target.In(set).ToList();
            var byValue = members.Where(m => m.Membership.ByValue && IsByValueMatch(input, m.Parameter)).Select(m => m.Parameter).FirstOrDefault();
            var byName = new List<PropertyBinding>();
            foreach (var (parameter, membership) in members.Where(m => m.Membership.ByPropertyName && m.Parameter != byValue))
            {
                var match = properties.FirstOrDefault(p => parameter.Answers(p.Name));
                if (match is not null)
                    byName.Add(new PropertyBinding(match, parameter, match.Name.Equals(parameter.Name, StringComparison.OrdinalIgnoreCase) ? "name" : $"alias {match.Name}"));
            }
            var unbound = members.Where(m => m.Membership.Mandatory && (m.Membership.ByValue || m.Membership.ByPropertyName))
                                 .Select(m => m.Parameter)
                                 .Where(p => p != byValue && byName.All(b => b.Parameter != p) && given?.Contains(p) != true).ToList();
            yield return new SetResult(set, byName, byValue, unbound);
        }
    }

    private static bool IsByValueMatch(Type input, CmdletParameter p) =>
        p.ElementType.IsAssignableFrom(input) || p.Type.IsAssignableFrom(input);

    /// <summary>
    /// Whether PowerShell can convert the property's value to the parameter's type without
    /// surprises: same or assignable type, anything to string, number to number, string to enum.
    /// </summary>
    public static bool Converts(Type from, Type to)
    {
        from = UnderlyingNullable(from) ?? from;
        to = UnderlyingNullable(to) ?? to;
        if (to.IsArray) to = to.GetElementType()!;
        if (from.IsArray) from = from.GetElementType()!;
        if (to.IsAssignableFrom(from) || to.FullName is "System.String" or "System.Object") return true;
        if (IsNumeric(from) && IsNumeric(to)) return true;
        if (to.IsEnum && (from.FullName == "System.String" || IsNumeric(from) || from == to)) return true;
        if (from.IsEnum && IsNumeric(to)) return true;
        // A bool property binds a switch (PowerShell converts it): Remove-NetNeighbor -Proxy from NetNeighbor.IsProxy.
        if (to.FullName == "System.Management.Automation.SwitchParameter" && from.FullName == "System.Boolean") return true;
        return false;
    }

    /// <summary>Nullable.GetUnderlyingType compares with typeof(Nullable&lt;&gt;), which never matches a MetadataLoadContext type.</summary>
    public static Type? UnderlyingNullable(Type t) =>
        t.IsGenericType && !t.IsGenericTypeDefinition && t.GetGenericTypeDefinition().FullName == "System.Nullable`1" ? t.GetGenericArguments()[0] : null;

    private static bool IsNumeric(Type t) => t.FullName is "System.Byte" or "System.SByte" or "System.Int16" or "System.UInt16"
        or "System.Int32" or "System.UInt32" or "System.Int64" or "System.UInt64";
}
