using System.Collections;

namespace LinuxNetPS.Completers;

/// <summary>Completes link kinds (IFLA_INFO_KIND) that New-NetLink and Get-NetLink -Kind commonly take.</summary>
public sealed class LinkKindCompleter : NameCompleter
{
    private static readonly string[] Kinds =
        ["bridge", "bond", "dummy", "ifb", "ipvlan", "macvlan", "macvtap", "veth", "vlan", "vxlan"];

    protected override IEnumerable<string> Candidates(IDictionary fakeBoundParameters) => Kinds;
}
