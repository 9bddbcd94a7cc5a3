using System.Collections;
using System.Management.Automation;
using LinuxNetPS.Compose.Labs;
using LinuxNetPS.Model;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// New-NetLab: builds a whole lab (namespaces, veth pairs, bridges, addresses, routes, forwarding, NAT) from a
/// definition file (.psd1, .json, containerlab .clab.yml) or a hashtable. Everything is checked first; the build is
/// all or nothing.
/// </summary>
[Cmdlet(VerbsCommon.New, "NetLab", SupportsShouldProcess = true, DefaultParameterSetName = "Path")]
[OutputType(typeof(NetLab))]
public sealed class NewNetLabCommand : NetCmdlet
{
    /// <summary>The definition file.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Path")]
    [ValidateNotNullOrEmpty]
    [PathArgument]
    public string Path { get; set; } = "";

    /// <summary>The definition as a hashtable (the same keys as a .psd1 file).</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Definition")]
    [ValidateNotNull]
    public IDictionary? Definition { get; set; }

    /// <summary>The lab's name (default: the definition's Name, else the file's name).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>What every node's namespace name starts with (default: NAME-). Give each test run its own.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Prefix { get; set; }

    protected override void ProcessRecord()
    {
        Try(Name ?? Path, () =>
        {
            var lab = ParameterSetName == "Path"
                ? LabDefinitionReader.FromPath(SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path))
                : LabDefinitionReader.FromHashtable(Definition!);
            foreach (var warning in lab.Warnings) WriteWarning(warning);
            string? name = Name ?? lab.Name ?? (ParameterSetName == "Path" ? DefaultName(Path) : null);
            var (labName, prefix) = NetLabs.Names(lab, name, Prefix);
            if (!ShouldProcess($"network lab '{labName}' ({lab.Nodes.Count} nodes as namespaces {prefix}*, {lab.Links.Count} links)", "Create")) return;
            var progress = new ProgressReporter(this, $"Building network lab '{labName}' ({lab.Nodes.Count} nodes, {lab.Links.Count} links)");
            try
            {
                WriteObject(NetLabs.Create(lab, labName, prefix, (step, took) => WriteVerbose($"{step}: {took.TotalMilliseconds:0} ms"),
                    (index, count, step) => progress.Report(index, count, $"Step {index + 1} of {count}: {step}")));
            }
            finally
            {
                progress.Complete();
            }
        });
    }

    /// <summary>"routers.clab.yml" → "routers".</summary>
    private static string DefaultName(string path)
    {
        string file = System.IO.Path.GetFileName(path);
        int dot = file.IndexOf('.');
        return dot > 0 ? file[..dot] : file;
    }
}
