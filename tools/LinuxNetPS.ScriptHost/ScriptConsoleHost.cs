using System.Globalization;
using System.Management.Automation.Host;

namespace LinuxNetPS.ScriptHost;

/// <summary>The PSHost: identity, culture and the UI. `exit N` in a script ends up in <see cref="SetShouldExit"/>.</summary>
public sealed class ScriptConsoleHost : PSHost
{
    private readonly HostUserInterface _ui;

    public ScriptConsoleHost(TextWriter output, TextWriter error, int width) => _ui = new HostUserInterface(output, error, width);

    /// <summary>The code passed to `exit` at the top level of a script, if it called exit.</summary>
    public int? ExitCode { get; private set; }

    public override string Name => "LinuxNetPS.ScriptHost";
    public override Version Version { get; } = typeof(ScriptConsoleHost).Assembly.GetName().Version ?? new Version(0, 1);
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override CultureInfo CurrentCulture => CultureInfo.CurrentCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.CurrentUICulture;
    public override PSHostUserInterface UI => _ui;

    internal HostUserInterface UserInterface => _ui;

    public override void SetShouldExit(int exitCode) => ExitCode = exitCode;
    public override void EnterNestedPrompt() => throw new NotSupportedException("This host has no nested prompt.");
    public override void ExitNestedPrompt() => throw new NotSupportedException("This host has no nested prompt.");
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
}
