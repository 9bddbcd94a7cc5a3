namespace LinuxNetPS.Errors;

/// <summary>
/// Says which capability a refused operation needs and whether this process has it, so a user who
/// has CAP_NET_ADMIN but lacks CAP_SYS_ADMIN is not told to get the one they already have.
/// </summary>
public static class CapabilityAdvice
{
    // capability numbers from linux/capability.h
    private const int CapNetAdmin = 12, CapSysAdmin = 21;

    /// <summary>
    /// The capability an operation needs: entering, creating or deleting a namespace and every step of it (setns,
    /// unshare, mount and unmount, such as "prepare /run/netns" or "mount /sys") needs CAP_SYS_ADMIN; netlink changes
    /// need CAP_NET_ADMIN.
    /// </summary>
    public static string RequiredFor(string? operation) =>
        operation is not null && SysAdminWords.Any(w => operation.Contains(w, StringComparison.OrdinalIgnoreCase)) ? "CAP_SYS_ADMIN" : "CAP_NET_ADMIN";

    // Words of the operation names (Sys.ThrowIfFailed's second argument) for namespace and mount steps.
    private static readonly string[] SysAdminWords = ["namespace", "netns", "mount", "unshare", "setns"];

    /// <summary>" LinuxNetPS needs root or CAP_SYS_ADMIN for this (this process has CAP_NET_ADMIN but not CAP_SYS_ADMIN)."</summary>
    public static string For(string? operation, ulong? effective = null)
    {
        string needed = RequiredFor(operation);
        effective ??= EffectiveCapabilities();
        if (effective is not { } caps) return $" LinuxNetPS needs root or {needed} for this.";
        bool hasNetAdmin = (caps & (1UL << CapNetAdmin)) != 0, hasSysAdmin = (caps & (1UL << CapSysAdmin)) != 0;
        bool hasNeeded = needed == "CAP_SYS_ADMIN" ? hasSysAdmin : hasNetAdmin;
        if (hasNeeded) return $" This process has {needed}, which this needs; something else (a security module, a user namespace or the file's permissions) refused it.";
        string other = needed == "CAP_SYS_ADMIN" ? "CAP_NET_ADMIN" : "CAP_SYS_ADMIN";
        bool hasOther = needed == "CAP_SYS_ADMIN" ? hasNetAdmin : hasSysAdmin;
        return hasOther
            ? $" LinuxNetPS needs root or {needed} for this (this process has {other} but not {needed})."
            : $" LinuxNetPS needs root or {needed} for this (this process has neither CAP_NET_ADMIN nor CAP_SYS_ADMIN).";
    }

    /// <summary>CapEff of this process from /proc/self/status, or null if it cannot be read.</summary>
    public static ulong? EffectiveCapabilities()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("CapEff:", StringComparison.Ordinal))
                    return ulong.Parse(line["CapEff:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        catch (FormatException) { }
        return null;
    }
}
