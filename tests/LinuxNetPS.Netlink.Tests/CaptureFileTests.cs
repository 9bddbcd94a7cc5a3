using System.Diagnostics;
using LinuxNetPS.Errors;
using LinuxNetPS.Monitoring.Capture;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.Tests;

/// <summary>
/// Get-NetPacket -OutFile as root in a folder everyone may write to (issue 27 item 4): a symlink another user planted
/// under the name is refused and its target untouched, as is a file of another user or a FIFO; a new file is created,
/// a regular file of this user is emptied and rewritten.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CaptureFileTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("lps-capfile-");

    public CaptureFileTests() =>
        // A sticky folder anyone may write to, like /tmp.
        File.SetUnixFileMode(_dir.FullName, (UnixFileMode)0x3FF | UnixFileMode.StickyBit);

    public void Dispose() => _dir.Delete(recursive: true);

    private string In(string name) => Path.Combine(_dir.FullName, name);

    /// <summary>Runs a shell command as "nobody" (what another local user can do in a sticky folder).</summary>
    private static void AsNobody(string command)
    {
        var (code, output, error) = Ip.Exec("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "sh", "-c", command);
        Assert.True(code == 0, $"as nobody: {command}: {output}{error}");
    }

    [Fact]
    public void A_symlink_planted_by_another_user_is_refused_and_its_target_untouched()
    {
        var victim = In("victim");
        File.WriteAllText(victim, "precious");
        AsNobody($"ln -s '{victim}' '{In("cap.pcap")}'");

        var e = Assert.Throws<NetOperationException>(() => CaptureFile.Create(In("cap.pcap")).Dispose());
        Assert.Equal(NetErrorKind.PermissionDenied, e.Kind);
        Assert.Contains("symbolic link", e.Message);
        Assert.Equal("precious", File.ReadAllText(victim));
    }

    [Fact]
    public void A_symlink_of_our_own_is_not_followed_either()
    {
        var target = In("target");
        File.WriteAllText(target, "keep");
        File.CreateSymbolicLink(In("own.pcap"), target);
        Assert.Throws<NetOperationException>(() => CaptureFile.Create(In("own.pcap")).Dispose());
        Assert.Equal("keep", File.ReadAllText(target));
    }

    [Fact]
    public void A_file_of_another_user_is_not_overwritten()
    {
        AsNobody($"echo theirs > '{In("theirs.pcap")}'");
        var e = Assert.Throws<NetOperationException>(() => CaptureFile.Create(In("theirs.pcap")).Dispose());
        Assert.Equal(NetErrorKind.PermissionDenied, e.Kind);
        Assert.Equal("theirs\n", File.ReadAllText(In("theirs.pcap")));
    }

    [Fact]
    public async Task A_fifo_is_refused_at_once()
    {
        var fifo = In("fifo.pcap");
        Ip.Exec("mkfifo", fifo);
        var e = await Task.Run(() => Assert.Throws<NetOperationException>(() => CaptureFile.Create(fifo).Dispose())).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(e);
    }

    [Fact]
    public void A_new_file_is_created_0644_and_an_own_file_is_emptied_and_rewritten()
    {
        var path = In("new.pcap");
        using (var s = CaptureFile.Create(path)) s.Write("abc"u8);
        Assert.Equal("abc", File.ReadAllText(path));
        Assert.Equal((UnixFileMode)0x1A4, File.GetUnixFileMode(path) & ~(UnixFileMode)0x12); // 0644 less the umask's usual 022

        File.WriteAllText(path, "a much longer earlier capture");
        using (var s = CaptureFile.Create(path)) s.Write("xy"u8);
        Assert.Equal("xy", File.ReadAllText(path));
    }

    [Fact]
    public void A_missing_folder_is_NotFound()
    {
        var e = Assert.Throws<NetOperationException>(() => CaptureFile.Create(In("no/such/dir.pcap")).Dispose());
        Assert.Equal(NetErrorKind.NotFound, e.Kind);
    }
}
