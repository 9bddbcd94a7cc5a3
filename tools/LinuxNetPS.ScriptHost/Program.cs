using LinuxNetPS.ScriptHost;

// LinuxNetPS.ScriptHost <script.ps1> [arguments...]: pwsh -File for machines without pwsh.
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: LinuxNetPS.ScriptHost <script.ps1> [arguments...]");
    Console.Error.WriteLine("Runs the script in the PowerShell engine (engine cmdlets only: no Format-*, Join-Path, Write-Host ...).");
    return 2;
}

bool terminal = !Console.IsOutputRedirected;
int width = terminal ? Math.Max(Console.WindowWidth, 40) : 120;
bool color = terminal && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
return ScriptRunner.Run(args[0], args[1..], Console.Out, Console.Error, width, color);
