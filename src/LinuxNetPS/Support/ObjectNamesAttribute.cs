using System.Collections;
using System.Management.Automation;
using System.Reflection;

namespace LinuxNetPS.Support;

/// <summary>
/// Guards a name parameter that takes strings by value from the pipeline (`'lo','veth0' | Set-NetLink -Up`).
/// PowerShell's last resort in pipeline binding converts ANY object to the parameter's type, so without
/// this a NetNamespace piped into Set-NetLink would land in -Name as "red", a namespace's name used as a
/// link's. Here an object of this module becomes the name it carries when it is one of
/// <see cref="Accepted"/> (read from <see cref="Property"/>), and any other object of this module is refused,
/// so binding fails as it would without by-value input. Strings and foreign objects pass unchanged.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ObjectNamesAttribute : ArgumentTransformationAttribute
{
    private static readonly Assembly ModelAssembly = typeof(Model.NetLink).Assembly;

    /// <param name="property">The property that holds the name on accepted objects ("Name", "Namespace").</param>
    /// <param name="accepted">The module's types whose <paramref name="property"/> means what the parameter means.</param>
    public ObjectNamesAttribute(string property, params Type[] accepted)
    {
        Property = property;
        Accepted = accepted;
    }

    public string Property { get; }

    public Type[] Accepted { get; }

    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject p ? p.BaseObject : inputData;
        if (value is string or null) return inputData;
        if (value is IEnumerable list && value is not IDictionary)
            return list.Cast<object?>().Select(item => Transform(engineIntrinsics, item)).ToArray();
        if (value.GetType().Assembly != ModelAssembly) return inputData;
        if (Accepted.Contains(value.GetType()))
            return value.GetType().GetProperty(Property)?.GetValue(value) ?? inputData;
        throw new ArgumentTransformationMetadataException(
            $"A {value.GetType().Name} does not name what this parameter takes; pipe {string.Join(" or ", Accepted.Select(t => t.Name))} objects or names.");
    }
}
