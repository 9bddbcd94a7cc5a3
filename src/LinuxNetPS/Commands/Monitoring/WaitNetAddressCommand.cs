using System.Management.Automation;
using System.Net;
using LinuxNetPS.Completers;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Monitoring.Events;
using LinuxNetPS.Primitives;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>Wait-NetAddress: waits until an address is present and has left the IPv6 tentative state (duplicate address detection done).</summary>
[Cmdlet(VerbsLifecycle.Wait, "NetAddress")]
[OutputType(typeof(NetAddress))]
public sealed class WaitNetAddressCommand : NamespacedCmdlet
{
    private readonly CancellationTokenSource _stop = new();

    /// <summary>The interface the address is on.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Name", "InterfaceAlias")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string Interface { get; set; } = "";

    /// <summary>The address to wait for (without prefix length). Omitted: every address of the interface.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("IPAddress")]
    [ValidateNotNullOrEmpty]
    public string? Address { get; set; }

    /// <summary>Seconds to wait at most (0: check once).</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int Timeout { get; set; } = 30;

    protected override void ProcessRecord()
    {
        Try(Address ?? Interface, () =>
        {
            LinkName.Validate(Interface);
            IPAddress? address = null;
            if (Address is not null && !IPAddress.TryParse(Address, out address))
                throw NetOperationException.Invalid($"'{Address}' is not an IPv4 or IPv6 address; give one like 10.0.0.1 or fd00::1, without a prefix length.", Address)
                    .WithErrorId(ErrorIds.InvalidAddress);
            var outcome = AddressWait.UntilSettled(Client, Interface, address, TimeSpan.FromSeconds(Timeout), _stop.Token);
            if (_stop.IsCancellationRequested) return;
            if (!outcome.Satisfied)
            {
                string what = Address is null ? $"The addresses of '{Interface}'" : $"Address {Address} on '{Interface}'";
                string now = Address is not null && outcome.Value!.Count == 0 ? "it is not there" : "it is still tentative";
                Report(WaitErrors.TimedOut($"{what} in {TargetText.Where(Namespace)} did not become usable within {Timeout} s; {now}.",
                    Address ?? Interface), Address ?? Interface);
                return;
            }
            WriteObject(outcome.Value, true);
        });
    }

    protected override void StopProcessing() => _stop.Cancel();
}
