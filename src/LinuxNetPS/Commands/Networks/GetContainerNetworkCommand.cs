using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Compose.Networks;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>Get-ContainerNetwork: `docker network ls` / `inspect`: the built-in networks (bridge, host, none) and ours, reconciled with the kernel.</summary>
[Cmdlet(VerbsCommon.Get, "ContainerNetwork")]
[OutputType(typeof(ContainerNetwork))]
public sealed class GetContainerNetworkCommand : NamespacedCmdlet
{
    /// <summary>Names (wildcards allowed) or network objects; omitted: all.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ContainerNetworkCompleter))]
    public object[]? Network { get; set; }

    protected override void ProcessRecord()
    {
        Try(Namespace, () =>
        {
            var all = ContainerNetworks.For(Client).List();
            if (Network is null)
            {
                WriteObject(all, enumerateCollection: true);
                return;
            }
            var names = Network.Select(n => NetworkArgument.Resolve(n, Namespace).Name).ToList();
            var selected = NameFilter.Select(all, n => n.Network, names, out var missing);
            WriteObject(selected, enumerateCollection: true);
            foreach (var name in missing)
                Report(NetOperationException.NotFound($"There is no container network '{InputText.Echo(name)}' in {TargetText.Where(Namespace)}; Get-ContainerNetwork lists them.", name)
                    .WithErrorId(ErrorIds.NetworkNotFound), name);
        });
    }
}
