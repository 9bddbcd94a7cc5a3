using System.Management.Automation;
using System.Reflection;

namespace LinuxNetPS.Support;

/// <summary>
/// Whether a cmdlet's output would go straight to the console (it is last in the pipeline and
/// nothing captures it): then a native program can be given the terminal itself, as PowerShell
/// does for its own native commands, so `bash` gets a prompt and `top` a screen.
/// </summary>
/// <remarks>
/// PowerShell decides this by looking at the command downstream of the output pipe: the host's
/// Out-Default means "to the console". Those members are internal, so they are read by
/// reflection; if any is missing, the answer is "captured", which always works (the program's
/// output is then read line by line into the pipeline).
/// </remarks>
internal static class OutputDestination
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;

    public static bool IsConsole(PSCmdlet cmdlet)
    {
        try
        {
            if (cmdlet.MyInvocation.PipelinePosition != cmdlet.MyInvocation.PipelineLength) return false;
            var runtime = cmdlet.CommandRuntime;
            var pipe = Read(runtime, "OutputPipe");
            if (pipe is null || Read(pipe, "NullPipe") is true) return false;
            var downstream = Read(pipe, "DownstreamCmdlet");
            if (downstream is null) return false;
            return Read(downstream, "CommandInfo") is CmdletInfo { Name: "Out-Default" } info
                && info.ImplementingType?.FullName == "Microsoft.PowerShell.Commands.OutDefaultCommand";
        }
        catch (Exception e) when (e is TargetInvocationException or InvalidCastException or MemberAccessException)
        {
            return false;
        }
    }

    private static object? Read(object target, string name)
    {
        var type = target.GetType();
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t.GetProperty(name, Instance | BindingFlags.DeclaredOnly) is { } property) return property.GetValue(target);
            if (t.GetField(name, Instance | BindingFlags.DeclaredOnly) is { } field) return field.GetValue(target);
        }
        return null;
    }
}
