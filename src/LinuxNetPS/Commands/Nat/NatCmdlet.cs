using System.Management.Automation;
using LinuxNetPS.Errors;
using LinuxNetPS.Nftables;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// What the NAT cmdlets share: the -WhatIf target text, the note when a requested rule was already
/// there, and the forward-path warnings after a rule is put in place.
/// </summary>
public abstract class NatCmdlet : NamespacedCmdlet
{
    /// <summary>Tags of our information messages, so they can be told apart with -InformationVariable.</summary>
    private static readonly string[] NoteTags = ["PSHOST", "LinuxNetPS"];

    /// <summary>"NAT rule 'ip saddr ... masquerade' in namespace 'red'".</summary>
    protected string RuleTarget(string rule) => NatText.Target(rule, Namespace);

    /// <summary>
    /// After an Enable-/Add- call: says so when the rule was already there (adding is idempotent, and the
    /// user should know that nothing changed), then warns about anything that stops the rule working.
    /// </summary>
    protected void Completed(NatOperations nat, NatChange change) => Completed(change, ForwardPathWarnings(nat));

    /// <summary>The same, with warnings already worked out (once for a batch of rules put in place together).</summary>
    protected void Completed(NatChange change, IReadOnlyList<string> warnings)
    {
        if (!change.Added) Note(NatText.AlreadyInPlace(change.Rule));
        foreach (var warning in warnings) WriteWarning(warning);
    }

    /// <summary>
    /// An information message shown like Write-Host's (so it is seen by default), yet on the information
    /// stream: -InformationAction Ignore silences it and -InformationVariable captures it.
    /// </summary>
    protected void Note(string message) => WriteInformation(new HostInformationMessage { Message = message }, NoteTags);

    /// <summary>
    /// Warnings from <see cref="NatOperations.CheckForwardPath"/>: a forward chain with policy drop, forwarding off.
    /// The rule is in place either way, so a failure of the check itself is a warning too, not an error.
    /// </summary>
    protected IReadOnlyList<string> ForwardPathWarnings(NatOperations nat)
    {
        try
        {
            return nat.CheckForwardPath(onlyNew: true);
        }
        catch (NetOperationException e)
        {
            return [$"Could not check whether forwarded traffic can pass {TargetText.Where(Namespace)}: {e.Message}"];
        }
    }
}
