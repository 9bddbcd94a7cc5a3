using System.Management.Automation;
using LinuxNetPS.Model;
using LinuxNetPS.Routes;

namespace LinuxNetPS.Commands;

/// <summary>Add-NetRoute: adds a route (`ip route add`); fails if an equal route exists.</summary>
[Cmdlet(VerbsCommon.Add, "NetRoute", SupportsShouldProcess = true)]
[OutputType(typeof(NetRoute))]
public sealed class AddNetRouteCommand : RouteWriteCmdlet
{
    protected override string Verb => "Add";

    protected override NetRoute Apply(RouteOperations routes, RouteSpec spec) => routes.Add(spec);
}
