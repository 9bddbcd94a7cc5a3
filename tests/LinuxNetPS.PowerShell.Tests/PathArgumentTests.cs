using System.Management.Automation;
using LinuxNetPS.PowerShell.Tests.Support;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.PowerShell.Tests;

/// <summary>
/// A control character in a file or program name is InvalidPath (InvalidArgument) before anything runs (issue 27 item
/// 4): Show-NetLab -OutFile "x.txt`0.svg" passed the .svg check and `dot -o x.txt` overwrote x.txt.
/// </summary>
[Collection(EngineCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PathArgumentTests(PowerShellSession ps) : IDisposable
{
    private readonly Lab _lab = new();
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("lps-paths-");

    public void Dispose()
    {
        _lab.Dispose();
        _dir.Delete(recursive: true);
    }

    [Theory]
    [InlineData("Show-NetLab -Lab nolab -OutFile \"$dir/x.txt`0.svg\"", "ShowNetLab", "OutFile")]
    [InlineData("Show-NetLab -Lab nolab -OutFile \"$dir/x.txt`n.svg\"", "ShowNetLab", "OutFile")]
    [InlineData("Get-NetPacket -Interface lo -Namespace $ns -Count 1 -Timeout 1 -OutFile \"$dir/x.txt`0.pcap\"", "GetNetPacket", "OutFile")]
    [InlineData("New-NetLab -Path \"$dir/x.txt`0.psd1\"", "NewNetLab", "Path")]
    [InlineData("Start-NetNamespaceProcess $ns -FilePath \"true`0\"", "StartNetNamespaceProcess", "FilePath")]
    [InlineData("Start-NetNamespaceProcess $ns -FilePath true -RedirectStandardOutput \"$dir/x.txt`0.log\"", "StartNetNamespaceProcess", "RedirectStandardOutput")]
    [InlineData("Start-NetNamespaceProcess $ns -FilePath true -RedirectStandardError \"$dir/x.txt`e\"", "StartNetNamespaceProcess", "RedirectStandardError")]
    [InlineData("Invoke-NetNamespace $ns -FilePath \"tr`0ue\"", "InvokeNetNamespace", "FilePath")]
    [InlineData("Get-NetNamespace -Name $ns | Invoke-NetNamespace -FilePath \"tr`0ue\"", "InvokeNetNamespace", "FilePath")]
    public void A_control_character_in_a_path_is_InvalidPath_and_nothing_is_touched(string script, string cmdlet, string parameter)
    {
        var ns = _lab.Create("p");
        var existing = Path.Combine(_dir.FullName, "x.txt");
        File.WriteAllText(existing, "keep");
        var result = ps.Run($"$ns, $dir = $args; {script}", ns, _dir.FullName);
        var error = result.Terminating?.ErrorRecord ?? Assert.Single(result.Errors);
        Assert.Equal($"InvalidPath,LinuxNetPS.Commands.{cmdlet}Command", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains($"-{parameter}", error.Exception.Message);
        Assert.Contains("control character", error.Exception.Message);
        Assert.Empty(result.Output);
        Assert.Equal("keep", File.ReadAllText(existing));
        Assert.Equal(["x.txt"], _dir.GetFiles().Select(f => f.Name));
    }
}
