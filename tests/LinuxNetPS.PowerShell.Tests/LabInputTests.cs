using System.Management.Automation;
using LinuxNetPS.PowerShell.Tests.Support;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.PowerShell.Tests;

/// <summary>
/// New-NetLab -Path on what is not a small regular file (issue 27 item 5), through the .psd1 reader of the module: a
/// FIFO hung, a 200 MB file never answered; now one InvalidLabDefinition at once, and no lab recorded.
/// </summary>
[Collection(EngineCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LabInputTests(PowerShellSession ps) : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("lps-labpsd1-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Theory]
    [InlineData("fifo", "FIFO")]
    [InlineData("big", "at most 16 MB")]
    [InlineData("dir", "a directory")]
    public async Task A_psd1_that_is_not_a_small_regular_file_is_refused_at_once(string what, string message)
    {
        var path = Path.Combine(_dir.FullName, $"{what}.psd1");
        switch (what)
        {
            case "fifo": Ip.Exec("mkfifo", path); break;
            case "big": using (var f = File.Create(path)) f.SetLength(200L * 1024 * 1024); break;
            default: Directory.CreateDirectory(path); break;
        }
        var result = await Task.Run(() => ps.Run("New-NetLab -Path $args[0] -Prefix lpsnever-", path)).WaitAsync(TimeSpan.FromSeconds(60));
        var error = result.Terminating?.ErrorRecord ?? Assert.Single(result.Errors);
        // A directory has an id of its own (PathIsDirectory, as for -FilePath); the rest are lab definitions refused.
        Assert.StartsWith(what == "dir" ? "PathIsDirectory," : "InvalidLabDefinition,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains(message, error.Exception.Message);
        Assert.Empty(result.Output);
    }
}
