using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Internal;
using System.Security;

namespace LinuxNetPS.PowerShell.Tests.Support;

/// <summary>
/// Text in and out of the host: formatted output to <c>Out</c>, errors, warnings, verbose and
/// debug lines to <c>Error</c> with the same prefixes pwsh uses when redirected ("WARNING: ...").
/// Non-interactive: a prompt (such as -Confirm) cannot be answered, so it fails instead of hanging.
/// </summary>
internal sealed class CaptureHostUserInterface : PSHostUserInterface
{
    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private TextWriter _out;
    private readonly CaptureHostRawUserInterface _raw;

    public CaptureHostUserInterface(TextWriter output, TextWriter error, int width)
    {
        _output = _out = output;
        _error = error;
        _raw = new CaptureHostRawUserInterface(width);
    }

    public override PSHostRawUserInterface RawUI => _raw;

    /// <summary>Until disposed, formatted output goes to the error writer (to show a terminating error there).</summary>
    internal IDisposable WriteOutputToError()
    {
        _out = _error;
        return new Restore(this);
    }

    private sealed class Restore(CaptureHostUserInterface ui) : IDisposable
    {
        public void Dispose() => ui._out = ui._output;
    }

    /// <summary>Escape sequences reach the writer only when $PSStyle.OutputRendering is Ansi.</summary>
    public override bool SupportsVirtualTerminal => PSStyle.Instance.OutputRendering == OutputRendering.Ansi;

    public override void Write(string value) => _out.Write(Render(value));
    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => _out.Write(Render(value));
    public override void WriteLine(string value) => _out.WriteLine(Render(value));
    public override void WriteErrorLine(string value) => _error.WriteLine(Render(value));
    public override void WriteWarningLine(string message) => _error.WriteLine("WARNING: " + Render(message));
    public override void WriteVerboseLine(string message) => _error.WriteLine("VERBOSE: " + Render(message));
    public override void WriteDebugLine(string message) => _error.WriteLine("DEBUG: " + Render(message));
    public override void WriteProgress(long sourceId, ProgressRecord record) { }

    /// <summary>
    /// The formatter decorates table headers and errors with ANSI escapes whatever the setting; a host
    /// removes them for plain output (as pwsh's console host does when redirected).
    /// </summary>
    private string Render(string text) =>
        SupportsVirtualTerminal ? text : new StringDecorated(text).ToString(OutputRendering.PlainText);

    public override string ReadLine() => throw NoInput("read a line");
    public override SecureString ReadLineAsSecureString() => throw NoInput("read a secret");
    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw NoInput($"prompt: {caption} {message}");
    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) => throw NoInput($"ask: {caption} {message}");
    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw NoInput("ask for a credential");
    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw NoInput("ask for a credential");

    private static PSInvalidOperationException NoInput(string what) =>
        new($"LinuxNetPS.ScriptHost is not interactive and cannot {what}. Pass -Confirm:$false (or -Force) to commands that would ask.");
}
