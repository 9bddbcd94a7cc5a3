using LinuxNetPS.Support;

namespace LinuxNetPS.Module.UnitTests;

/// <summary>What pwsh's own arguments say about whether anyone can type at it (Enter-NetNamespace, issue 27 item 7).</summary>
public class InteractivePromptTests
{
    [Theory]
    [InlineData("-NonInteractive")]
    [InlineData("-noni", "-NoProfile")]
    [InlineData("-NoProfile", "-c", "Enter-NetNamespace demo")]
    [InlineData("-Command", "Enter-NetNamespace demo")]
    [InlineData("-File", "script.ps1")]
    [InlineData("-f", "script.ps1")]
    [InlineData("script.ps1")]
    [InlineData("-EncodedCommand", "ZQBjAGgAbwA=")]
    [InlineData("-NoExit", "-NonInteractive", "-c", "x")]
    public void No_prompt(params string[] arguments) => Assert.NotNull(InteractivePrompt.WhyNotFromCommandLine(arguments));

    [Theory]
    [InlineData]
    [InlineData("-NoProfile", "-NoLogo")]
    [InlineData("-NoExit", "-c", "Import-Module LinuxNetPS")]
    [InlineData("-noe", "-File", "setup.ps1")]
    [InlineData("-ExecutionPolicy", "Bypass", "-wd", "/tmp")]
    [InlineData("-NoExit", "-c", "x", "-NonInteractive")] // after -c everything is the command
    public void A_prompt(params string[] arguments) => Assert.Null(InteractivePrompt.WhyNotFromCommandLine(arguments));
}
