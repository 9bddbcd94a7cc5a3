using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Monitoring.Probes;

namespace LinuxNetPS.Commands;

/// <summary>
/// Test-NetConnection: ICMP echo, or a TCP connect with -Port, from inside a namespace; reports RTT, source, route, or
/// why it failed. -DiagnoseRouting sends nothing: it asks the kernel which route and source it would choose.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "NetConnection")]
[OutputType(typeof(NetConnectionTestResult), typeof(NetRouteDiagnostics), typeof(bool))]
public sealed class TestNetConnectionCommand : NamespacedCmdlet
{
    private readonly CancellationTokenSource _stop = new();

    /// <summary>The address (or host name) to test.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string ComputerName { get; set; } = "";

    /// <summary>A TCP port: test a connection to it instead of sending ICMP echo.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? Port { get; set; }

    /// <summary>Echo requests to send, or connections to try.</summary>
    [Parameter]
    [ValidateRange(1, 10000)]
    public int Count { get; set; } = 1;

    /// <summary>Seconds to wait for each answer.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int Timeout { get; set; } = 2;

    /// <summary>Return only $true or $false.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    /// <summary>Windows' spelling: Quiet returns only $true or $false (as -Quiet); Detailed returns the whole result (the default).</summary>
    [Parameter]
    [ValidateSet("Quiet", "Detailed", IgnoreCase = true)]
    public string? InformationLevel { get; set; }

    /// <summary>Send nothing: report the route and source address the kernel would choose (`ip route get`), as Windows' route diagnostics.</summary>
    [Parameter]
    public SwitchParameter DiagnoseRouting { get; set; }

    /// <summary>With -DiagnoseRouting: the index of the only interface the route may leave by (`ip route get ... oif`).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? ConstrainInterface { get; set; }

    /// <summary>With -DiagnoseRouting: the source address the route must use, one of the namespace's own (`ip route get ... from`).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ConstrainSourceAddress { get; set; }

    protected override void ProcessRecord()
    {
        Try(ComputerName, () =>
        {
            if (DiagnoseRouting || ConstrainInterface is not null || ConstrainSourceAddress is not null)
            {
                Diagnose();
                return;
            }
            var client = Client;
            var address = Resolve(ComputerName);
            var timeout = TimeSpan.FromSeconds(Timeout);
            var result = Port is not null
                ? ConnectionProbe.Connect(client, ComputerName, address, ParsePort(Port), Count, timeout, _stop.Token)
                : ConnectionProbe.Ping(client, ComputerName, address, Count, timeout, _stop.Token);
            if (Quiet || string.Equals(InformationLevel, "Quiet", StringComparison.OrdinalIgnoreCase)) WriteObject(result.Succeeded);
            else WriteObject(result);
        });
    }

    private void Diagnose()
    {
        if (!DiagnoseRouting)
            throw NetOperationException.Invalid("-ConstrainInterface and -ConstrainSourceAddress constrain route diagnostics; add -DiagnoseRouting.", ComputerName)
                .WithErrorId(ErrorIds.ParameterConflict);
        if (Port is not null || MyInvocation.BoundParameters.ContainsKey(nameof(Count)) || Quiet)
            throw NetOperationException.Invalid("-DiagnoseRouting sends nothing, so -Port, -Count and -Quiet do not apply; use -InformationLevel Quiet for a bool.", ComputerName)
                .WithErrorId(ErrorIds.ParameterConflict);
        var client = Client;
        var address = Resolve(ComputerName);
        var source = ConstrainSourceAddress is null ? null : Primitives.IPPrefix.ParseAddress(ConstrainSourceAddress, "source address");
        if (source is not null && source.AddressFamily != address.AddressFamily)
            throw NetOperationException.Invalid($"The source address {source} and the destination {address} are of different families.", ConstrainSourceAddress)
                .WithErrorId(ErrorIds.InvalidAddressFamily);
        if (source is not null && !client.Addresses.List().Any(a => a.IPAddress.Equals(source)))
            throw NetOperationException.NotFound($"{source} is not an address of {Support.TargetText.Where(Namespace)}; a route's source must be one of its own.", ConstrainSourceAddress)
                .WithErrorId(ErrorIds.AddressNotFound);
        if (ConstrainInterface is int index) Support.WindowsInterfaces.One(client, null, index); // LinkNotFound for an index that is not there

        var result = new NetRouteDiagnostics
        {
            Namespace = Namespace, ComputerName = ComputerName, RemoteAddress = address,
            ConstrainInterfaceIndex = ConstrainInterface, ConstrainSourceAddress = source,
        };
        try
        {
            var choice = RouteLookup.For(client, address, ConstrainInterface, source);
            result = result with
            {
                SelectedSourceAddress = choice.Source, OutgoingInterfaceIndex = choice.InterfaceIndex, OutgoingInterfaceAlias = choice.Interface,
                SelectedNetRoute = choice.Route,
                NextHop = choice.Gateway?.ToString() ?? (address.AddressFamily == AddressFamily.InterNetworkV6 ? "::" : "0.0.0.0"),
                RouteDiagnosticsSucceeded = true,
            };
        }
        catch (NetOperationException e) when (e.Kind is NetErrorKind.Unreachable or NetErrorKind.InvalidArgument)
        {
            // No route under the constraints is the answer, not a failure of the cmdlet (Windows says False too).
            result = result with { Message = e.Message };
        }
        if (string.Equals(InformationLevel, "Quiet", StringComparison.OrdinalIgnoreCase)) WriteObject(result.RouteDiagnosticsSucceeded);
        else WriteObject(result);
    }

    /// <summary>One TCP port, 1-65535 (a string, as -Port is everywhere in the module, where port forwards also take ranges).</summary>
    private static int ParsePort(string text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int port) && port is >= 1 and <= 65535
            ? port
            : throw NetOperationException.Invalid($"'{text}' is not a TCP port; give one number from 1 to 65535.", text).WithErrorId(ErrorIds.InvalidPort);

    /// <summary>An address as typed, or a name resolved by the host's resolver (IPv4 first).</summary>
    private static IPAddress Resolve(string computerName)
    {
        // A NUL would end the text for the parser ("10.0.0.1`0" read as 10.0.0.1): no control character is part of a name.
        if (computerName.Any(char.IsControl))
            throw NetOperationException.Invalid(
                $"'{InputText.Echo(computerName)}' holds a control character; give an IPv4 or IPv6 address, or a host name.", computerName)
                .WithErrorId(ErrorIds.InvalidHostName);
        if (IPAddress.TryParse(computerName, out var address)) return address;
        if (computerName.Length > 253 || computerName.Split('.').Any(label => label.Length > 63))
            throw NetOperationException.Invalid(
                $"'{InputText.Echo(computerName)}' is too long for a host name (at most 253 characters, and 63 between dots); give an IPv4 or IPv6 address, or a host name.", computerName)
                .WithErrorId(ErrorIds.InvalidHostName);
        IPAddress[] found;
        try { found = Dns.GetHostAddresses(computerName); }
        catch (SocketException e)
        {
            throw new NetOperationException(NetErrorKind.NotFound,
                $"Cannot resolve '{InputText.Echo(computerName)}': {e.Message}. Give an IPv4 or IPv6 address, or a name the host's resolver knows.", target: computerName, inner: e)
                .WithErrorId(ErrorIds.HostNameNotResolved);
        }
        return found.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? found.FirstOrDefault()
            ?? throw NetOperationException.NotFound($"'{computerName}' has no address.", computerName).WithErrorId(ErrorIds.HostNameNotResolved);
    }

    protected override void StopProcessing() => _stop.Cancel();
}
