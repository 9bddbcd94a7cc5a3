using System.Management.Automation;
using System.Reflection;
using LinuxNetPS.Errors;

namespace LinuxNetPS.Support;

/// <summary>
/// Marks a parameter that names a file or a program (-OutFile, -Path, -FilePath, -RedirectStandardOutput ...). Every
/// cmdlet checks its marked parameters before anything runs (NetCmdlet.BeginProcessing): a control character is refused
/// as InvalidPath. A NUL in particular would be cut off by the system, so "x.txt`0.svg" passed the .svg check and then
/// overwrote x.txt. A conformance test makes sure every such parameter carries the mark.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PathArgumentAttribute : Attribute;

internal static class PathArgument
{
    /// <summary>Throws InvalidPath when <paramref name="value"/> holds a control character (NUL, line breaks, escape ...).</summary>
    public static void Check(string? value, string parameter)
    {
        int at = value is null ? -1 : Array.FindIndex(value.ToCharArray(), char.IsControl);
        if (at < 0) return;
        throw NetOperationException.Invalid(
                $"-{parameter} '{InputText.Echo(value)}' holds a control character (U+{(int)value![at]:X4} at position {at + 1}); a file name or program with one cannot be meant, and the system would cut it at a NUL. Nothing was done.",
                value)
            .WithErrorId(ErrorIds.InvalidPath);
    }

    /// <summary>Checks every bound parameter of <paramref name="cmdlet"/> marked [PathArgument].</summary>
    public static void CheckBound(PSCmdlet cmdlet)
    {
        foreach (var property in Marked(cmdlet.GetType()))
            if (cmdlet.MyInvocation.BoundParameters.ContainsKey(property.Name))
                Check(property.GetValue(cmdlet) as string, property.Name);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, PropertyInfo[]> Cache = new();

    private static PropertyInfo[] Marked(Type type) => Cache.GetOrAdd(type, t =>
        t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.IsDefined(typeof(PathArgumentAttribute), true) && p.PropertyType == typeof(string)).ToArray());
}
