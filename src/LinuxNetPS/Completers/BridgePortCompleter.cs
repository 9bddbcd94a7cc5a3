using System.Collections;
using LinuxNetPS.Client;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Completers;

/// <summary>
/// Completes bridge ports in the namespace given by -Namespace (host if none): only interfaces enslaved to a
/// bridge, and only those of -Bridge when it is already typed, since nothing else can be detached.
/// </summary>
public sealed class BridgePortCompleter : NameCompleter
{
    protected override IEnumerable<string> Candidates(IDictionary fakeBoundParameters)
    {
        var bound = fakeBoundParameters ?? new Hashtable();
        var bridge = bound.Contains("Bridge") ? Unwrap(bound["Bridge"])?.ToString() : null;
        return NetClient.For(BoundNamespace(bound)).Bridges.GetPorts(string.IsNullOrEmpty(bridge) ? null : bridge).Select(p => p.Name);
    }
}
