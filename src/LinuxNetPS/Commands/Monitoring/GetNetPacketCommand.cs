using System.Management.Automation;
using LinuxNetPS.Completers;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Monitoring.Capture;
using LinuxNetPS.Primitives;
using LinuxNetPS.Support;

namespace LinuxNetPS.Commands;

/// <summary>Get-NetPacket: captures frames on an interface (`tcpdump -i IFACE [-w FILE] FILTER`), always bounded by -Count and -Timeout.</summary>
[Cmdlet(VerbsCommon.Get, "NetPacket")]
[OutputType(typeof(NetPacket))]
public sealed class GetNetPacketCommand : NamespacedCmdlet
{
    private readonly CancellationTokenSource _stop = new();

    /// <summary>The interface to capture on.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [Alias("Name", "InterfaceAlias")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string Interface { get; set; } = "";

    /// <summary>Which packets to keep: icmp, tcp, udp, arp, icmp6, ip, ip6, [src|dst] host A, net P, port N, with and/or/not.</summary>
    [Parameter(Position = 1)]
    public string? Filter { get; set; }

    /// <summary>Stop after this many matching packets.</summary>
    [Parameter]
    [ValidateRange(1, 1_000_000)]
    public int Count { get; set; } = 100;

    /// <summary>Stop after this many seconds.</summary>
    [Parameter]
    [ValidateRange(1, 86_400)]
    public int Timeout { get; set; } = 60;

    /// <summary>Also write the matching packets to this pcap file (tcpdump -w).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [PathArgument]
    public string? OutFile { get; set; }

    /// <summary>Do not put the interface into promiscuous mode (tcpdump -p).</summary>
    [Parameter]
    public SwitchParameter NoPromiscuous { get; set; }

    protected override void ProcessRecord()
    {
        Try(Interface, () =>
        {
            LinkName.Validate(Interface);
            var filter = PacketFilter.Parse(Filter);
            var client = Client;
            using var capture = PacketCapture.Open(client, Interface, promiscuous: !NoPromiscuous);
            using var pcap = OutFile is null ? null : new PcapWriter(CreateOutFile(), capture.HasEthernetHeader);
            var deadline = DateTime.UtcNow.AddSeconds(Timeout);
            int matched = 0;
            var progress = new ProgressReporter(this, $"Capturing on {Interface} {TargetText.Where(Namespace)}");
            try
            {
                progress.Report(0, Count, $"0 of {Count} packets; until {deadline.ToLocalTime():T} at the latest");
                while (matched < Count && capture.Next(deadline, _stop.Token) is { } packet)
                {
                    if (!filter.Matches(packet)) continue;
                    matched++;
                    pcap?.Write(packet);
                    WriteObject(packet);
                    progress.Report(matched, Count, $"{matched} of {Count} packets; until {deadline.ToLocalTime():T} at the latest");
                }
            }
            finally
            {
                progress.Complete();
            }
            WriteVerbose($"{matched} packet(s) captured on {Interface}" + (OutFile is null ? "." : $", written to {OutFile}."));
        });
    }

    /// <summary>
    /// The pcap file, created (or emptied) only once the capture is open; a path that cannot be written stops the command.
    /// Never through a symlink, and an existing file only when it is a regular file of this user (CaptureFile), so root's
    /// capture into /tmp cannot be bent onto another file.
    /// </summary>
    private Stream CreateOutFile()
    {
        string path = GetUnresolvedProviderPathFromPSPath(OutFile);
        try
        {
            return CaptureFile.Create(path);
        }
        catch (NetOperationException e)
        {
            var message = e.Message.StartsWith("Cannot ", StringComparison.Ordinal) ? e.Message : $"Cannot write the capture to '{path}': {e.Message}";
            ThrowUsage(new NetOperationException(e.Kind, message, e.ErrnoCode, operation: "create pcap file", target: path, inner: e)
                .WithErrorId(ErrorIds.OutFileNotWritable));
            throw; // not reached: ThrowUsage throws
        }
    }

    protected override void StopProcessing() => _stop.Cancel();
}
