using LinuxNetPS.Errors;
using LinuxNetPS.Rtnetlink;

namespace LinuxNetPS.Addresses;

/// <summary>
/// Address lifetimes between the kernel's seconds (0xFFFFFFFF = forever) and Windows' TimeSpans
/// ([TimeSpan]::MaxValue = forever, as Get-NetIPAddress shows an infinite lifetime).
/// </summary>
public static class AddressLifetime
{
    /// <summary>
    /// IFA_CACHEINFO for the options, or null when they ask for no lifetime (the kernel then makes the address
    /// permanent). Cmdlets call it before -WhatIf so that a bad pair fails the same way with and without it.
    /// </summary>
    public static IfaCacheInfo? Of(AddressOptions options, System.Net.IPAddress address)
    {
        if (options.ValidLifetime is null && options.PreferredLifetime is null) return null;
        uint valid = options.ValidLifetime is { } v ? ToSeconds(v, "valid") : IfaCacheInfo.Infinite;
        uint preferred = options.PreferredLifetime is { } p ? ToSeconds(p, "preferred") : valid;
        // IPv4 keeps lifetimes only on an address that expires (set_ifa_lifetime marks the others permanent and ages
        // nothing): a finite preferred lifetime under an infinite valid one would be accepted and silently dropped.
        if (valid == IfaCacheInfo.Infinite && preferred != IfaCacheInfo.Infinite
            && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
            throw NetOperationException.Invalid(
                $"Linux keeps a preferred lifetime on an IPv4 address only when the address also expires; give {address} a -ValidLifetime too (IPv6 addresses take a preferred lifetime alone).",
                address.ToString());
        return Pair(valid, preferred);
    }

    /// <summary>What the kernel's seconds mean as a TimeSpan.</summary>
    public static TimeSpan ToTimeSpan(uint seconds) =>
        seconds == IfaCacheInfo.Infinite ? TimeSpan.MaxValue : TimeSpan.FromSeconds(seconds);

    /// <summary>
    /// The kernel's seconds for a TimeSpan: MaxValue (or anything past the 32-bit range) is forever; a fraction of a
    /// second rounds up, so a lifetime asked for is never shorter than asked.
    /// </summary>
    public static uint ToSeconds(TimeSpan lifetime, string what)
    {
        if (lifetime < TimeSpan.Zero)
            throw NetOperationException.Invalid($"The {what} lifetime {lifetime} is negative; give a TimeSpan of zero or more, or [TimeSpan]::MaxValue for forever.", lifetime.ToString());
        double seconds = Math.Ceiling(lifetime.TotalSeconds);
        return seconds >= IfaCacheInfo.Infinite ? IfaCacheInfo.Infinite : (uint)seconds;
    }

    /// <summary>
    /// Checks a pair before the kernel sees it (it would answer EINVAL without saying which): the valid lifetime is
    /// more than zero and the preferred one is not longer than it.
    /// </summary>
    private static IfaCacheInfo Pair(uint valid, uint preferred)
    {
        if (valid == 0)
            throw NetOperationException.Invalid("A valid lifetime of zero would remove the address at once; use Remove-NetIPAddress for that.", "0");
        if (preferred > valid)
            throw NetOperationException.Invalid(
                $"The preferred lifetime ({Text(preferred)}) is longer than the valid lifetime ({Text(valid)}); an address cannot stay preferred after it expires.",
                Text(preferred));
        return new IfaCacheInfo { Valid = valid, Preferred = preferred };
    }

    private static string Text(uint seconds) => seconds == IfaCacheInfo.Infinite ? "infinite" : TimeSpan.FromSeconds(seconds).ToString();
}
