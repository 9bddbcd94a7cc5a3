using LinuxNetPS.Model;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Support;

/// <summary>Get-NetRoute's -Destination: a prefix ("10.0.0.0/8", "default", "::/0") compared by network, or a wildcard over the text.</summary>
public static class RouteFilter
{
    public static Func<NetRoute, bool> For(string? destination)
    {
        if (string.IsNullOrWhiteSpace(destination)) return _ => true;
        if (Wildcard.IsPattern(destination)) return r => Wildcard.Matches(destination, r.Destination);

        bool wantsDefault = destination.Trim().Equals("default", StringComparison.OrdinalIgnoreCase);
        var wanted = IPPrefix.Parse(destination, allowDefault: true);
        return r =>
        {
            if (IsDefault(r)) return wantsDefault || wanted.IsDefault && FamilyOf(wanted) == r.Family;
            if (wantsDefault) return false;
            return IPPrefix.TryParse(r.Destination, out var have, false, null, out _)
                && have.Family == wanted.Family && have.Network == wanted.Network;
        };
    }

    private static bool IsDefault(NetRoute r) =>
        r.Destination.Equals("default", StringComparison.OrdinalIgnoreCase) || r.Destination.EndsWith("/0", StringComparison.Ordinal);

    private static IPFamily FamilyOf(IPPrefix p) => IPFamilies.Of(p.Family);
}
