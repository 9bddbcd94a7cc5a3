using System.Runtime.InteropServices;

namespace LinuxNetPS.Nftables.Wire;

/// <summary>struct nfgenmsg (4 bytes): the fixed header of every nfnetlink message.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct NfGenMsg
{
    /// <summary>NFPROTO_* of the table the message is about (or 0 for batch markers and "all families").</summary>
    public byte Family;
    public byte Version;
    /// <summary>res_id in network byte order: the subsystem for batch markers, otherwise 0.</summary>
    public ushort ResIdBigEndian;

    public static NfGenMsg For(byte family) => new() { Family = family, Version = Nfnl.Version0 };

    /// <summary>The header of NFNL_MSG_BATCH_BEGIN/END: res_id names the subsystem that gets the batch.</summary>
    public static NfGenMsg Batch() => new()
    {
        Family = NfProto.Unspec,
        Version = Nfnl.Version0,
        ResIdBigEndian = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness((ushort)Nfnl.SubsysNftables),
    };
}
