using System.Management.Automation;

namespace LinuxNetPS.Support;

/// <summary>
/// Windows' Remove-NetRoute, Set-NetRoute and Remove-NetIPAddress are ConfirmImpact High: a line that names no single
/// object, and so may touch a namespace's every route or address, asks first. Our cmdlets keep Medium for the one
/// object a -Destination or -IPAddress names, and ask this question only for the many, as a High cmdlet would: unless
/// $ConfirmPreference is None, -Confirm:$false was given, or -WhatIf only shows what would happen.
/// </summary>
internal static class WholesaleConfirmation
{
    public static bool Confirm(PSCmdlet cmdlet, string question, string caption)
    {
        var bound = cmdlet.MyInvocation.BoundParameters;
        if (bound.TryGetValue("WhatIf", out var whatIf) && whatIf is SwitchParameter { IsPresent: true }) return true;
        // -Confirm asks per object through ShouldProcess already; -Confirm:$false asks nothing.
        if (bound.ContainsKey("Confirm")) return true;
        if (LanguagePrimitives.TryConvertTo(cmdlet.GetVariableValue("ConfirmPreference"), out ConfirmImpact preference) && preference == ConfirmImpact.None) return true;
        if (cmdlet.GetVariableValue("WhatIfPreference") is true or SwitchParameter { IsPresent: true }) return true;
        return cmdlet.ShouldContinue(question, caption);
    }
}
