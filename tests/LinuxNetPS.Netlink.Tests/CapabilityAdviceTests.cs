using LinuxNetPS.Errors;

namespace LinuxNetPS.Tests;

/// <summary>Permission messages name the capability the operation needs and what the process has (CapEff bits from linux/capability.h).</summary>
public class CapabilityAdviceTests
{
    private const ulong NetAdmin = 1UL << 12, SysAdmin = 1UL << 21;

    [Theory]
    [InlineData("enter network namespace", "CAP_SYS_ADMIN")]
    [InlineData("create network namespace", "CAP_SYS_ADMIN")]
    [InlineData("prepare /run/netns", "CAP_SYS_ADMIN")]      // New-NetNamespace's first mount (issue 27 item 7)
    [InlineData("mount network namespace", "CAP_SYS_ADMIN")]
    [InlineData("make / a slave mount", "CAP_SYS_ADMIN")]
    [InlineData("mount /sys", "CAP_SYS_ADMIN")]
    [InlineData("bind-mount /etc/netns file", "CAP_SYS_ADMIN")]
    [InlineData("create link", "CAP_NET_ADMIN")]
    [InlineData("add address", "CAP_NET_ADMIN")]
    [InlineData(null, "CAP_NET_ADMIN")]
    public void The_needed_capability_follows_the_operation(string? operation, string needed) =>
        Assert.Equal(needed, CapabilityAdvice.RequiredFor(operation));

    [Fact]
    public void Having_CAP_NET_ADMIN_but_not_CAP_SYS_ADMIN_is_said_so_and_not_told_to_get_CAP_NET_ADMIN()
    {
        var text = CapabilityAdvice.For("enter network namespace", NetAdmin);
        Assert.Contains("needs root or CAP_SYS_ADMIN", text);
        Assert.Contains("has CAP_NET_ADMIN but not CAP_SYS_ADMIN", text);
        Assert.DoesNotContain("needs root or CAP_NET_ADMIN", text);
    }

    /// <summary>New-NetNamespace with CAP_NET_ADMIN only fails at its first mount: the advice names CAP_SYS_ADMIN (issue 27 item 7).</summary>
    [Fact]
    public void Preparing_run_netns_with_CAP_NET_ADMIN_only_names_the_missing_CAP_SYS_ADMIN()
    {
        var e = ErrnoMapper.FromErrno(1, "prepare /run/netns", null, null);
        var text = CapabilityAdvice.For("prepare /run/netns", NetAdmin);
        Assert.Contains("has CAP_NET_ADMIN but not CAP_SYS_ADMIN", text);
        Assert.DoesNotContain("which this needs", text);
        Assert.Contains("CAP_SYS_ADMIN", e.Message);
    }

    [Fact]
    public void Missing_both_says_neither()
    {
        Assert.Contains("neither CAP_NET_ADMIN nor CAP_SYS_ADMIN", CapabilityAdvice.For("create link", 0));
        Assert.Contains("needs root or CAP_NET_ADMIN", CapabilityAdvice.For("create link", 0));
    }

    [Fact]
    public void Having_the_needed_one_points_elsewhere()
    {
        Assert.Contains("has CAP_NET_ADMIN, which this needs", CapabilityAdvice.For("create link", NetAdmin | SysAdmin));
        Assert.Contains("has CAP_SYS_ADMIN but not CAP_NET_ADMIN", CapabilityAdvice.For("create link", SysAdmin));
    }

    [Fact]
    public void This_process_reads_its_own_capabilities()
    {
        // The tests run as root, which has both.
        var caps = CapabilityAdvice.EffectiveCapabilities();
        Assert.NotNull(caps);
        Assert.Equal(NetAdmin | SysAdmin, caps!.Value & (NetAdmin | SysAdmin));
    }

    [Fact]
    public void An_EPERM_from_setns_names_the_namespace_and_CAP_SYS_ADMIN()
    {
        var e = ErrnoMapper.FromErrno(1, "enter network namespace", "red", null);
        Assert.StartsWith("Cannot enter network namespace 'red': ", e.Message);
        Assert.Contains("CAP_SYS_ADMIN", e.Message);
        Assert.Equal(NetErrorKind.PermissionDenied, e.Kind);
    }
}
