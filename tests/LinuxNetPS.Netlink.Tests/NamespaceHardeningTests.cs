using System.Runtime.InteropServices;
using LinuxNetPS.Client;
using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.Tests;

/// <summary>Stale entries, hostile files and forgotten namespaces (issue 9, items 1 to 5).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public partial class NamespaceHardeningTests
{
    [LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MkFifo(string path, int mode);

    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial int Umask(int mask);

    /// <summary>Runs work that must not hang; a hang fails the test instead of stopping the suite.</summary>
    private static T Bounded<T>(Func<T> work)
    {
        var task = Task.Run(work);
        Assert.True(task.Wait(TimeSpan.FromSeconds(30)), "the call hung");
        return task.Result;
    }

    [Fact]
    public void StaleEntry_IsListedAsNotMounted_ExplainedOnUse_AndRemovable()
    {
        using var lab = new Lab();
        var name = lab.Ns("stale");
        File.WriteAllBytes(Path.Combine(NamespaceRef.RunDirectory, name), []); // what a kill before the mount leaves
        Assert.True(Ip.NetnsListed(name));

        var listed = Assert.Single(NetworkNamespaces.List(), n => n.Namespace == name);
        Assert.False(listed.IsMounted);
        Assert.Equal(0ul, listed.Inode);

        var use = Assert.Throws<NetOperationException>(() => NetClient.For(name));
        Assert.Equal(NetErrorKind.NotFound, use.Kind);
        Assert.Contains("not mounted", use.Message);
        var create = Assert.Throws<NetOperationException>(() => NetworkNamespaces.Create(name));
        Assert.Equal(NetErrorKind.AlreadyExists, create.Kind);
        Assert.Contains("stale", create.Message);

        Assert.False(NetworkNamespaces.GetOrStale(NamespaceRef.Parse(name)).IsMounted);
        NetworkNamespaces.Delete(name);
        Assert.False(File.Exists(Path.Combine(NamespaceRef.RunDirectory, name)));
        Assert.False(Ip.NetnsListed(name));
    }

    [Fact]
    public void CachedNamespace_WhoseEntryWasReplaced_IsNotHandedOutAgain()
    {
        using var lab = new Lab();
        var name = lab.Create("swap");
        var path = Path.Combine(NamespaceRef.RunDirectory, name);
        var cached = NetClient.For(name);
        Assert.Same(cached, NetClient.For(name)); // a cached session is found by one look at its /run/netns entry
        try
        {
            Ip.Run($"netns del {name}");
            File.WriteAllBytes(path, []); // a stale file where the namespace was
            var stale = Assert.Throws<NetOperationException>(() => NetClient.For(name));
            Assert.Contains("not mounted", stale.Message);
            File.Delete(path);
            Assert.Equal(0, MkFifo(path, 0x180));
            var fifo = Bounded(() => Assert.Throws<NetOperationException>(() => NetClient.For(name)));
            Assert.Contains("FIFO", fifo.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FifoGivenAsNamespace_ErrorsAtOnce_InsteadOfHanging()
    {
        var dir = Directory.CreateTempSubdirectory("lnt-fifo-");
        try
        {
            var fifo = Path.Combine(dir.FullName, "ns");
            Assert.Equal(0, MkFifo(fifo, 0x180));
            var e = Bounded(() => Assert.Throws<NetOperationException>(() => NetClient.For(fifo)));
            Assert.Equal(NetErrorKind.InvalidArgument, e.Kind);
            Assert.Contains("FIFO", e.Message);
            var plain = Path.Combine(dir.FullName, "plain");
            File.WriteAllText(plain, "x");
            Assert.Equal(NetErrorKind.InvalidArgument, Assert.Throws<NetOperationException>(() => NetClient.For(plain)).Kind);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void FifoPlantedInRunNetns_DoesNotHangTheListing_AndIsRemovable()
    {
        using var lab = new Lab();
        var name = lab.Ns("fifo");
        var path = Path.Combine(NamespaceRef.RunDirectory, name);
        Assert.Equal(0, MkFifo(path, 0x180));
        var listed = Bounded(() => NetworkNamespaces.List().Single(n => n.Namespace == name));
        Assert.False(listed.IsMounted);
        Bounded(() => { NetworkNamespaces.Delete(name); return 0; });
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void SymlinkPlantedInRunNetns_IsNeverFollowed_AndRemovingItRemovesOnlyTheLink()
    {
        using var lab = new Lab();
        var real = lab.Create("real");
        var link = lab.Ns("link");
        var linkPath = Path.Combine(NamespaceRef.RunDirectory, link);
        File.CreateSymbolicLink(linkPath, Path.Combine(NamespaceRef.RunDirectory, real));

        var e = Assert.Throws<NetOperationException>(() => NetClient.For(link));
        Assert.Equal(NetErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("symbolic link", e.Message);
        Assert.False(NetworkNamespaces.List().Single(n => n.Namespace == link).IsMounted);

        NetworkNamespaces.Delete(link);
        Assert.False(new FileInfo(linkPath).LinkTarget is not null);
        Assert.True(NetworkNamespaces.List().Single(n => n.Namespace == real).IsMounted); // the target is still mounted
    }

    [Fact]
    public void RunDirectory_IsCreated0755_WhateverTheUmask()
    {
        var parent = Directory.CreateTempSubdirectory("lnt-rundir-");
        try
        {
            var path = Path.Combine(parent.FullName, "netns");
            int old = Umask(0);
            try { RunDirectory.Create(path); }
            finally { Umask(old); }
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherExecute, File.GetUnixFileMode(path));

            var other = Path.Combine(parent.FullName, "strict");
            old = Umask(0x3F); // 077
            try { RunDirectory.Create(other); }
            finally { Umask(old); }
            Assert.Equal(File.GetUnixFileMode(path), File.GetUnixFileMode(other));
        }
        finally
        {
            parent.Delete(true);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t")]
    [InlineData("red\0blue")]
    public void EmptyBlankOrNulNamespace_IsRefused_NeverTheHost(string spec)
    {
        var e = Assert.Throws<NetOperationException>(() => NamespaceRef.Parse(spec));
        Assert.Equal(NetErrorKind.InvalidArgument, e.Kind);
    }

    [Fact]
    public void TheHost_IsSaidByNothingOrByOne_AndItsObjectCarriesOne()
    {
        Assert.True(NamespaceRef.Parse(null).IsHost);
        Assert.True(NamespaceRef.Parse("1").IsHost);
        var host = NetworkNamespaces.Get(NamespaceRef.Host);
        Assert.Equal(NetNamespace.HostSpec, host.Namespace);
        Assert.True(NamespaceRef.Parse(host.Namespace).IsHost);
        Assert.Equal("(host)", host.ToString());
    }
}
