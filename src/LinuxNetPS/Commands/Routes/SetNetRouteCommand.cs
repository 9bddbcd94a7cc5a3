using System.Management.Automation;
using LinuxNetPS.Model;
using LinuxNetPS.Routes;

namespace LinuxNetPS.Commands;

/// <summary>Set-NetRoute: adds or replaces a route (`ip route replace`).</summary>
[Cmdlet(VerbsCommon.Set, "NetRoute", SupportsShouldProcess = true)]
[OutputType(typeof(NetRoute))]
public sealed class SetNetRouteCommand : RouteWriteCmdlet
{
    protected override string Verb => "Replace";

    protected override NetRoute Apply(RouteOperations routes, RouteSpec spec) => routes.Replace(spec);
}
