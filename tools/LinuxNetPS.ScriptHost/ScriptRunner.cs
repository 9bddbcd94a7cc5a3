using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;

namespace LinuxNetPS.ScriptHost;

/// <summary>
/// Runs one script file in a fresh runspace (InitialSessionState.CreateDefault2: the engine's
/// own cmdlets and providers) and renders everything through Out-Default, so format views apply.
/// Exit code, as `pwsh -File`: 1 when the script threw (a terminating error), the number given
/// to `exit N`, otherwise 0 (non-terminating errors are shown but do not fail the run).
/// </summary>
public static class ScriptRunner
{
    /// <param name="color">ANSI colors in tables and errors (for a terminal); plain text otherwise.</param>
    public static int Run(string scriptPath, IReadOnlyList<string> arguments, TextWriter output, TextWriter error, int width, bool color = false)
    {
        UseColor(color);
        var path = Path.GetFullPath(scriptPath);
        if (!File.Exists(path))
        {
            error.WriteLine($"The script '{scriptPath}' does not exist.");
            return 2;
        }

        var host = new ScriptConsoleHost(output, error, width);
        using var runspace = RunspaceFactory.CreateRunspace(host, InitialSessionState.CreateDefault2());
        runspace.Open();
        using var ps = PowerShell.Create(runspace);
        try
        {
            // Reading the script's parameters parses it: a syntax error is reported like a thrown one.
            var script = new Command(path, isScript: false);
            var info = runspace.SessionStateProxy.InvokeCommand.GetCommand(path, CommandTypes.ExternalScript);
            foreach (var parameter in ScriptArguments.Parse(arguments, info)) script.Parameters.Add(parameter);
            // Errors join the output so Out-Default renders them in order with it (as pwsh's console does);
            // warnings, verbose and information reach the host UI directly.
            script.MergeMyResults(PipelineResultTypes.Error, PipelineResultTypes.Output);
            ps.Commands.AddCommand(script);
            ps.AddCommand("Out-Default");
            ps.Invoke();
        }
        catch (RuntimeException e)
        {
            Report(runspace, host, e, error);
            return host.ExitCode ?? 1;
        }
        return host.ExitCode ?? ExitCodeOf(ps, runspace, path);
    }

    /// <summary>
    /// `exit N` inside a script file ends the script and sets $LASTEXITCODE: the engine handles it
    /// at the file's boundary (only pwsh's own host can make it propagate). A non-zero exit marks the
    /// run as failed, so a failed run of a script that has an exit statement ends with $LASTEXITCODE.
    /// Scripts without one end with 0, whatever native command they ran last, as under pwsh -File.
    /// </summary>
    private static int ExitCodeOf(PowerShell ps, Runspace runspace, string path)
    {
        if (!ps.HadErrors || !CallsExit(path)) return 0;
        return runspace.SessionStateProxy.GetVariable("LASTEXITCODE") is int code ? code : 0;
    }

    private static bool CallsExit(string path) =>
        Parser.ParseFile(path, out _, out _).Find(a => a is ExitStatementAst, searchNestedScriptBlocks: true) is not null;

    /// <summary>
    /// The engine decides about ANSI escapes from $PSStyle.OutputRendering, a process-wide setting:
    /// plain text unless the output is a terminal, so files, pipes and test captures stay readable.
    /// </summary>
    public static void UseColor(bool color) =>
        PSStyle.Instance.OutputRendering = color ? OutputRendering.Ansi : OutputRendering.PlainText;

    /// <summary>Shows a terminating error the way PowerShell formats errors, or as plain text if even that fails.</summary>
    private static void Report(Runspace runspace, ScriptConsoleHost host, RuntimeException e, TextWriter errorWriter)
    {
        try
        {
            // Rendered by Out-Default with $ErrorView (file, line, caret), all of it to the error writer.
            using var toError = host.UserInterface.WriteOutputToError();
            using var ps = PowerShell.Create(runspace);
            ps.AddCommand("Out-Default").Invoke(new object[] { e.ErrorRecord });
        }
        catch (RuntimeException)
        {
            errorWriter.WriteLine(e.ErrorRecord.ToString());
        }
    }
}
