using System.Diagnostics;
using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Compose.Labs;
using LinuxNetPS.Errors;

namespace LinuxNetPS.Commands;

/// <summary>
/// Show-NetLab: the lab's topology as Mermaid or Graphviz DOT text (nodes, links, interface names, addresses);
/// with -OutFile x.svg or x.png, Graphviz's `dot` draws it (the only program this module starts for you besides
/// those you name).
/// </summary>
[Cmdlet(VerbsCommon.Show, "NetLab", DefaultParameterSetName = "Text")]
[OutputType(typeof(string), ParameterSetName = new[] { "Text" })]
[OutputType(typeof(FileInfo), ParameterSetName = new[] { "File" })]
public sealed class ShowNetLabCommand : NetCmdlet
{
    /// <summary>The lab's name, or a lab from New-NetLab / Get-NetLab.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LabNameCompleter))]
    public string Name { get; set; } = "";

    /// <summary>Mermaid (default) or Dot.</summary>
    [Parameter(ParameterSetName = "Text")]
    [ValidateSet("Mermaid", "Dot")]
    public string Format { get; set; } = "Mermaid";

    /// <summary>An .svg or .png file for `dot` to draw.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "File")]
    [ValidateNotNullOrEmpty]
    public string OutFile { get; set; } = "";

    protected override void ProcessRecord()
    {
        Try(Name, () =>
        {
            NetLabs.ValidateName(Name);
            var record = NetLabs.RecordOf(Name);
            if (ParameterSetName == "Text")
            {
                WriteObject(Format == "Dot" ? LabDiagram.Dot(record) : LabDiagram.Mermaid(record));
                return;
            }
            string path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutFile);
            string type = System.IO.Path.GetExtension(path).ToLowerInvariant() switch
            {
                ".svg" => "svg",
                ".png" => "png",
                _ => throw NetOperationException.Invalid($"-OutFile '{OutFile}' must end in .svg or .png.", OutFile).WithErrorId(ErrorIds.OutFileNotWritable),
            };
            Draw(LabDiagram.Dot(record), type, path);
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
