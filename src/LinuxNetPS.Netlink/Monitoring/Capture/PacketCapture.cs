using LinuxNetPS.Client;
using LinuxNetPS.Errors;
using LinuxNetPS.Interop;
using LinuxNetPS.Model;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Monitoring.Capture;

/// <summary>
/// Captures the frames of one interface (what `tcpdump -i IFACE` sees): an AF_PACKET socket created in
/// the interface's namespace and bound to it, in promiscuous mode unless asked not to (a bridge then
/// sees the frames it forwards between its ports). The membership ends when the socket is closed, so
/// nothing outlives the capture. Read with <see cref="Next"/>; dispose to stop.
/// </summary>
public sealed class PacketCapture : IDisposable
{
    private const ushort ArphrdEther = 1, ArphrdLoopback = 772, ArphrdNone = 0xfffe;
    /// <summary>Room for the largest frame a veth or bridge hands over with GRO (64 KiB) and then some.</summary>
    public const int SnapLength = 262144;

    private readonly FileDescriptor _socket;
    private readonly byte[] _buffer = new byte[SnapLength];
    private readonly string? _namespace;

    private PacketCapture(FileDescriptor socket, string interfaceName, string? ns, bool ethernet)
    {
        _socket = socket;
        Interface = interfaceName;
        _namespace = ns;
        HasEthernetHeader = ethernet;
    }

    public string Interface { get; }

    /// <summary>Whether frames start with an Ethernet header (pcap LINKTYPE_ETHERNET) rather than with IP (LINKTYPE_RAW).</summary>
    public bool HasEthernetHeader { get; }

    /// <summary>Opens the capture; NotFound for an unknown interface, NotSupported for a link type we cannot decode.</summary>
    public static PacketCapture Open(NetClient client, string interfaceName, bool promiscuous = true)
    {
        int index = client.Links.Get(interfaceName).Index;
        var (socket, hardwareType) = InNamespace.Create(client, () =>
        {
            // Protocol 0 receives nothing until bound, so no frame of another interface slips in before bind.
            var s = FileDescriptor.OpenSocket(Sys.AF_PACKET, Sys.SOCK_RAW, 0, "open packet capture socket");
            try
            {
                Sys.SetReceiveBuffer(s, 8 * 1024 * 1024);
                var address = new Sys.SockaddrLl
                {
                    Family = Sys.AF_PACKET, Protocol = Sys.HostToNetwork(Sys.ETH_P_ALL), IfIndex = index,
                };
                Sys.ThrowIfFailed(Sys.Bind(s, address, 20), "bind packet capture socket", interfaceName);
                if (promiscuous)
                {
                    var membership = new Sys.PacketMreq { IfIndex = index, Type = Sys.PACKET_MR_PROMISC };
                    Sys.ThrowIfFailed(Sys.SetSockOpt(s, Sys.SOL_PACKET, Sys.PACKET_ADD_MEMBERSHIP, membership, 16),
                        "put interface in promiscuous mode", interfaceName);
                }
                int length = 20;
                Sys.ThrowIfFailed(Sys.GetPacketSocketAddress(s, out var bound, ref length), "read packet socket address", interfaceName);
                return (s, bound.HaType);
            }
            catch
            {
                s.Dispose();
                throw;
            }
        });
        bool ethernet = hardwareType is ArphrdEther or ArphrdLoopback;
        if (!ethernet && hardwareType != ArphrdNone)
        {
            socket.Dispose();
            throw new NetOperationException(NetErrorKind.NotSupported,
                $"Cannot capture on '{interfaceName}': its link type (ARPHRD {hardwareType}) is neither Ethernet, loopback nor raw IP, which is what LinuxNetPS decodes.",
                operation: "capture packets", target: interfaceName);
        }
        return new PacketCapture(socket, interfaceName, client.NamespaceSpec, ethernet);
    }

    /// <summary>The next frame, or null when <paramref name="deadlineUtc"/> passes or <paramref name="cancel"/> fires first.</summary>
    public unsafe NetPacket? Next(DateTime deadlineUtc, CancellationToken cancel)
    {
        var sockets = new[] { _socket };
        while (!cancel.IsCancellationRequested && DateTime.UtcNow < deadlineUtc)
        {
            if (SocketWait.Readable(sockets, deadlineUtc, cancel).Count == 0) continue;
            Sys.SockaddrLl from;
            int fromLength = 20;
            nint length;
            // MSG_TRUNC: the return value is the frame's real length even when it did not fit.
            fixed (byte* p = _buffer) length = Sys.RecvFrom(_socket, p, _buffer.Length, Sys.MSG_TRUNC | Sys.MSG_DONTWAIT, &from, &fromLength);
            var when = DateTime.Now;
            if (length < 0)
            {
                var errno = Sys.LastErrno();
                if (errno is Errno.EINTR or Errno.EAGAIN) continue;
                if (errno == Errno.ENETDOWN)
                    throw new NetOperationException(NetErrorKind.Unreachable,
                        $"Cannot capture on '{Interface}': the interface is down (or went down while capturing). Bring it up (Set-NetLink {Interface} -Up) and capture again.",
                        errno, operation: "receive packet", target: Interface).WithErrorId(ErrorIds.LinkDown);
                throw ErrnoMapper.FromErrno(errno, "receive packet", Interface, null);
            }
            int captured = (int)Math.Min(length, _buffer.Length);
            return PacketDecoder.Decode(_buffer.AsSpan(0, captured), HasEthernetHeader, (int)length, _namespace, Interface, when, (PacketDirection)from.PacketType);
        }
        return null;
    }

    public void Dispose() => _socket.Dispose();
}
