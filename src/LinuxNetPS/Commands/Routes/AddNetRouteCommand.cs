using System.Management.Automation;
using LinuxNetPS.Model;
using LinuxNetPS.Routes;

namespace LinuxNetPS.Commands;

/// <summary>Add-NetRoute: adds a route (`ip route add`); fails if an equal route exists.</summary>
[Cmdlet(VerbsCommon.Add, "NetRoute", SupportsShouldProcess = true)]
[OutputType(typeof(NetRoute))]
public sealed class AddNetRouteCommand : RouteWriteCmdlet
{
    /// <summary>"default" or a prefix such as 10.10.0.0/16 (a bare address means /32 or /128).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [Alias("DestinationPrefix")]
    [ValidateNotNullOrEmpty]
    public string Destination { get; set; } = "";

    protected override string? RouteDestination => Destination;

    protected override string Verb => "Add";

    protected override NetRoute? Apply(RouteOperations routes, RouteSpec spec, bool shown) => routes.Add(spec);
}
