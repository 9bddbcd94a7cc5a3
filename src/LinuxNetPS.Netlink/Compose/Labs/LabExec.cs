using System.Diagnostics;
using LinuxNetPS.Errors;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Compose.Labs;

/// <summary>What one Exec line did: its exit code and everything it printed (stdout, then stderr).</summary>
public sealed record LabExecResult(string Node, string Command, int ExitCode, string Output, SourceLocation Location);

/// <summary>
/// containerlab's exec: each node's command lines, in the order written, run inside the node once the lab is built,
/// as `/bin/sh -c LINE` started by <see cref="IsolatedProcessLauncher"/> (entirely in the node: its network, /sys, and
/// /etc/netns/NS files such as the lab's hosts). A line that exits non-zero, or runs longer than
/// <see cref="LineTimeout"/>, fails the build with the node, the file:line of the line and what it printed; the plan
/// then removes the lab.
/// </summary>
internal static class LabExec
{
    public static readonly TimeSpan LineTimeout = TimeSpan.FromSeconds(60);

    public static List<LabExecResult> Run(LabDefinition lab, IReadOnlyDictionary<string, string> namespaces)
    {
        var results = new List<LabExecResult>();
        foreach (var node in lab.Nodes)
            foreach (var line in node.Exec)
            {
                var result = RunLine(node.Name, NamespaceRef.Parse(namespaces[node.Name]), line);
                results.Add(result);
                if (result.ExitCode != 0)
                    throw new NetOperationException(NetErrorKind.InvalidArgument,
                        $"{line.Location}: the exec line of node '{node.Name}' failed ({(result.ExitCode == -1 ? $"still running after {LineTimeout.TotalSeconds:0} s" : $"exit code {result.ExitCode}")}): {line.Command}" +
                        (result.Output.Length > 0 ? $"\n{Trim(result.Output)}" : ""),
                        operation: "run lab exec line", target: node.Name).WithErrorId(ErrorIds.LabExecFailed);
            }
        return results;
    }

    private static LabExecResult RunLine(string node, NamespaceRef ns, LabExecLine line)
    {
        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(line.Command);
        using var process = IsolatedProcessLauncher.Start(ns, info);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        int code;
        if (process.WaitForExit(LineTimeout)) code = process.ExitCode;
        else
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            process.WaitForExit();
            code = -1;
        }
        string output = stdout.Result + stderr.Result;
        return new LabExecResult(node, line.Command, code, output, line.Location);
    }

    private static string Trim(string output)
    {
        output = output.TrimEnd();
        return output.Length <= 2000 ? output : output[..2000] + " ...";
    }
}
