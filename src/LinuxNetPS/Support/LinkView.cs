using System.Management.Automation;
using LinuxNetPS.Model;

namespace LinuxNetPS.Support;

/// <summary>
/// Kind views: a vxlan link written where every output is a vxlan (New-NetVxlan, New-NetLink -Kind vxlan,
/// Get-NetLink -Kind vxlan) carries the type name "LinuxNetPS.Model.NetLink#vxlan" first, so the format file's
/// vxlan view (VNI, remote, local, device, port) shows it. Other outputs stay plain NetLinks: the `ip -br link`
/// table would start a new table at each object of another view.
/// </summary>
public static class LinkView
{
    public const string VxlanTypeName = "LinuxNetPS.Model.NetLink#vxlan";

    public static object Tagged(NetLink link)
    {
        if (link.Kind != "vxlan") return link;
        // PowerShell keeps a PSObject's type names with the object it wraps: a copy of its own, so a NetLink someone
        // else holds (a cache, a variable) never picks up the name and leaves the ip -br link table.
        var wrapped = new PSObject(link with { });
        wrapped.TypeNames.Insert(0, VxlanTypeName);
        return wrapped;
    }

    /// <summary>True when -Kind names vxlan exactly (no wildcard), so every link written is one.</summary>
    public static bool IsVxlanOnly(string? kind) => string.Equals(kind, "vxlan", StringComparison.OrdinalIgnoreCase);
}
