using System.Diagnostics;
using System.Management.Automation;
using LinuxNetPS.Compose.Labs;
using LinuxNetPS.Errors;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// Show-NetLab: the lab's topology as Mermaid or Graphviz DOT text (nodes, links, interface names, addresses);
/// with -OutFile x.svg or x.png, Graphviz's `dot` draws it (the only program this module starts for you besides
/// those you name).
/// </summary>
[Cmdlet(VerbsCommon.Show, "NetLab")]
[OutputType(typeof(string), typeof(FileInfo))]
public sealed class ShowNetLabCommand : LabTargetCmdlet
{
    /// <summary>Mermaid (default) or Dot.</summary>
    [Parameter]
    [ValidateSet("Mermaid", "Dot")]
    public string Format { get; set; } = "Mermaid";

    /// <summary>An .svg or .png file for `dot` to draw (then -Format does not apply).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [PathArgument]
    public string? OutFile { get; set; }

    /// <summary>A lab split over hosts: the hosts' PowerShell sessions; drawn by the first host that has the lab (each part records the whole lab), hosts as groups.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public System.Management.Automation.Runspaces.PSSession[]? Session { get; set; }

    protected override void ProcessRecord()
    {
        Try(Lab, () =>
        {
            string? text = null;
            if (Session is not null)
            {
                // Every part records the whole lab (its hosts, the nodes and links elsewhere): one host draws it all.
                var (output, errors) = RemoteHosts.Run(this, RemoteHosts.Distinct(Session), "param($lab, $format) Show-NetLab -Lab $lab -Format $format -ErrorAction Stop",
                    LabName, OutFile is null ? Format : "Dot");
                text = output.Select(o => o.BaseObject).OfType<string>().FirstOrDefault();
                if (text is null)
                {
                    foreach (var e in errors) WriteError(e);
                    return;
                }
            }
            if (OutFile is null)
            {
                var record = text is null ? NetLabs.RecordOf(LabName) : null;
                WriteObject(text ?? (Format == "Dot" ? LabDiagram.Dot(record!) : LabDiagram.Mermaid(record!)));
                return;
            }
            string path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutFile);
            string type = System.IO.Path.GetExtension(path).ToLowerInvariant() switch
            {
                ".svg" => "svg",
                ".png" => "png",
                _ => throw NetOperationException.Invalid($"-OutFile '{OutFile}' must end in .svg or .png.", OutFile).WithErrorId(ErrorIds.OutFileNotWritable),
            };
            Draw(text ?? LabDiagram.Dot(NetLabs.RecordOf(LabName)), type, path);
            WriteObject(new FileInfo(path));
        });
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Where(System.IO.Path.IsPathRooted).Select(d => System.IO.Path.Combine(d, name)).FirstOrDefault(File.Exists);

    private static void Draw(string dot, string type, string path)
    {
        string program = FindOnPath("dot") ?? throw new NetOperationException(NetErrorKind.NotFound,
            "Graphviz's 'dot' is not installed (apt-get install graphviz); without it Show-NetLab writes the DOT or Mermaid text only (-Format Dot).",
            operation: "draw network lab", target: "dot").WithErrorId(ErrorIds.GraphvizNotInstalled);
        var start = new ProcessStartInfo(program) { RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add($"-T{type}");
        start.ArgumentList.Add("-o");
        start.ArgumentList.Add(path);
        using var process = Process.Start(start)!;
        process.StandardInput.Write(dot);
        process.StandardInput.Close();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new NetOperationException(NetErrorKind.InvalidArgument, $"dot could not write '{path}': {error.Trim()}", operation: "draw network lab", target: path)
                .WithErrorId(ErrorIds.OutFileNotWritable);
    }
}
