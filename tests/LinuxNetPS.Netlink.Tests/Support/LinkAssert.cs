using LinuxNetPS.Model;

namespace LinuxNetPS.Tests.Support;

/// <summary>Assertions about links that many link, veth and bridge tests make in the same words.</summary>
public static class LinkAssert
{
    /// <summary>Asserts that ip shows nothing but loopback in each namespace: the "created nothing / left nothing behind" check.</summary>
    public static void AssertOnlyLoopback(params string[] namespaces)
    {
        foreach (var ns in namespaces) Assert.Equal(new[] { "lo" }, Ip.Links(ns).Keys);
    }

    /// <summary>Asserts which link, in which namespace, a veth end names as its peer (null namespace = host).</summary>
    public static void AssertPeer(NetLink link, string peerName, string? peerNamespace)
    {
        Assert.Equal(peerName, link.PeerName);
        Assert.Equal(peerNamespace, link.PeerNamespace);
    }
}
