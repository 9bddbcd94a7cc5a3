using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Errors;
using LinuxNetPS.Links;
using LinuxNetPS.Model;
using LinuxNetPS.Primitives;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>
/// Rename-NetAdapter: renames an interface (`ip link set X name Y`), Windows' NetAdapter shape of Set-NetLink -NewName.
/// A wildcard must match exactly one interface. Most kinds must be down to be renamed (the kernel says Busy otherwise).
/// </summary>
[Cmdlet(VerbsCommon.Rename, "NetAdapter", SupportsShouldProcess = true)]
[OutputType(typeof(NetLink))]
public sealed class RenameNetAdapterCommand : NamespacedCmdlet
{
    /// <summary>The interface to rename; a wildcard must match exactly one.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("ifAlias")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string Name { get; set; } = "";

    /// <summary>The new name (at most 15 bytes, no '/', ':' or spaces).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string NewName { get; set; } = "";

    /// <summary>Write the renamed interface to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        Try(Name, () =>
        {
            LinkName.Validate(NewName);
            var client = Client;
            var matches = NameFilter.Select(client.Links.List(), l => l.Name, [Name], out var missing);
            if (missing.Count > 0)
                throw NetOperationException.NotFound($"There is no interface '{missing[0]}' in {TargetText.Where(Namespace)}.", Name).WithErrorId(ErrorIds.LinkNotFound);
            if (matches.Count != 1)
                throw NetOperationException.Invalid(
                    $"'{Name}' matches {(matches.Count == 0 ? "no interface" : string.Join(", ", matches.Select(m => m.Name)))}; Rename-NetAdapter renames exactly one.", Name)
                    .WithErrorId(matches.Count == 0 ? ErrorIds.LinkNotFound : ErrorIds.ParameterConflict);
            var changes = new LinkChanges { NewName = NewName };
            if (!ShouldProcess(Target("link", matches[0].Name), LinkChangeRequest.Describe(changes))) return;
            var renamed = client.Links.Set(matches[0].Name, changes);
            if (PassThru) WriteObject(renamed);
        });
    }
}
