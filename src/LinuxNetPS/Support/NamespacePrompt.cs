using System.Management.Automation.Runspaces;

namespace LinuxNetPS.Support;

/// <summary>Gives a namespace session a prompt that names the namespace, so nobody forgets where they are typing.</summary>
internal static class NamespacePrompt
{
    public static void Install(PSSession session)
    {
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = session.Runspace;
        ps.AddScript("function global:prompt { \"(netns $env:" + NamespaceSessions.NamespaceVariable + ") PS $($executionContext.SessionState.Path.CurrentLocation)> \" }");
        ps.Invoke();
    }
}
