using System.Globalization;
using System.Management.Automation.Host;

namespace LinuxNetPS.PowerShell.Tests.Support;

/// <summary>
/// A PSHost for the engine tests: whatever the host shows (Out-Default's tables, warnings, errors)
/// is captured as plain text, so tests can compare the format views with iproute2's output.
/// </summary>
internal sealed class CaptureHost : PSHost
{
    private readonly CaptureHostUserInterface _ui;

    public CaptureHost(TextWriter output, TextWriter error, int width) => _ui = new CaptureHostUserInterface(output, error, width);

    /// <summary>The code passed to `exit` at the top level of a script, if it called exit.</summary>
    public int? ExitCode { get; private set; }

    public override string Name => "LinuxNetPS.Tests.CaptureHost";
    public override Version Version { get; } = typeof(CaptureHost).Assembly.GetName().Version ?? new Version(0, 1);
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override CultureInfo CurrentCulture => CultureInfo.CurrentCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.CurrentUICulture;
    public override PSHostUserInterface UI => _ui;

    internal CaptureHostUserInterface UserInterface => _ui;

    public override void SetShouldExit(int exitCode) => ExitCode = exitCode;
    public override void EnterNestedPrompt() => throw new NotSupportedException("This host has no nested prompt.");
    public override void ExitNestedPrompt() => throw new NotSupportedException("This host has no nested prompt.");
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
}
