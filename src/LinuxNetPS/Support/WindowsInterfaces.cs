using System.Net;
using LinuxNetPS.Client;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Support;

/// <summary>
/// What the cmdlets with Windows' shapes (New-NetIPAddress, Get-NetAdapter ...) share: an interface named by
/// -InterfaceAlias or -InterfaceIndex, Windows' "0.0.0.0" / "::" for "no next hop", and Windows' Enabled/Disabled words.
/// Names and indexes are checked here, so the core receives only names it can look up.
/// </summary>
public static class WindowsInterfaces
{
    /// <summary>
    /// The one interface -InterfaceAlias or -InterfaceIndex names (null when neither is given); both given must agree.
    /// LinkNotFound for a name or index the namespace does not have.
    /// </summary>
    public static string? One(NetClient client, string? alias, int? index)
    {
        if (alias is not null) LinkName.Validate(alias);
        if (index is null) return alias is null ? null : client.Links.Get(alias).Name;
        var link = client.Links.Get(index.Value);
        if (alias is not null && !string.Equals(alias, link.Name, StringComparison.Ordinal))
            throw NetOperationException.Invalid(
                $"-InterfaceAlias '{alias}' and -InterfaceIndex {index} name different interfaces (index {index} is '{link.Name}'); give one of them.", alias)
                .WithErrorId(ErrorIds.ParameterConflict);
        return link.Name;
    }

    /// <summary>Whether an object's interface passes the -InterfaceAlias (wildcards) and -InterfaceIndex filters.</summary>
    public static bool Matches(string? name, int? index, IReadOnlyList<string>? aliases, IReadOnlyList<int>? indexes) =>
        (aliases is null || aliases.Any(a => Wildcard.IsPattern(a) ? Wildcard.Matches(a, name ?? "") : string.Equals(Wildcard.Unescape(a), name, StringComparison.Ordinal)))
        && (indexes is null || index is { } i && indexes.Contains(i));

    /// <summary>Literal -InterfaceAlias names and -InterfaceIndex values that name no interface: LinkNotFound, before anything is listed.</summary>
    public static void RequireExisting(NetClient client, IReadOnlyList<string>? aliases, IReadOnlyList<int>? indexes)
    {
        foreach (var a in aliases ?? [])
            if (!Wildcard.IsPattern(a)) client.Links.Get(LinkName.Validate(Wildcard.Unescape(a)));
        foreach (var i in indexes ?? []) client.Links.Get(i);
    }

    /// <summary>A next hop as Windows writes it: null for none, "0.0.0.0" and "::" (Windows' "on-link") too.</summary>
    public static string? NextHop(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        return IPAddress.TryParse(text.Trim(), out var a) && (a.Equals(IPAddress.Any) || a.Equals(IPAddress.IPv6Any)) ? null : text;
    }

    /// <summary>"Enabled" or "Disabled" (Windows' words for a setting) as a bool.</summary>
    public static bool Enabled(string text) => text.Equals("Enabled", StringComparison.OrdinalIgnoreCase);

    /// <summary>Windows' loopback is no adapter: Get-NetAdapter hides it unless -IncludeHidden.</summary>
    public static bool IsHidden(NetLink link) => (link.Flags & Rtnetlink.InterfaceFlags.Loopback) != 0;

    /// <summary>An interface without a kind that is not loopback: a physical device (what -Physical means).</summary>
    public static bool IsPhysical(NetLink link) => link.Kind is null && !IsHidden(link);
}
