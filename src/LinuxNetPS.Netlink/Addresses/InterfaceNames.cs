using LinuxNetPS.Links;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Addresses;

/// <summary>
/// Index→name lookups for the objects of one dump: each distinct index is asked once, after the
/// dump has finished (the socket cannot take a request while it is reading a dump).
/// </summary>
internal sealed class InterfaceNames
{
    private readonly NamespaceSession _session;
    private readonly Dictionary<int, string> _names = new();

    public InterfaceNames(NamespaceSession session) => _session = session;

    /// <summary>Records a name already known, so it is not asked for.</summary>
    public void Add(int index, string name) => _names[index] = name;

    /// <summary>The name of the link, or "if&lt;index&gt;" (as iproute2 writes it) if it vanished meanwhile.</summary>
    public string Of(int index)
    {
        if (!_names.TryGetValue(index, out var name))
            _names[index] = name = LinkResolver.NameOf(_session, index) ?? $"if{index}";
        return name;
    }
}
