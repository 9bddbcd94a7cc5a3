using System.Reflection.Metadata;

namespace LinuxNetPS.Tests.Architecture;

/// <summary>How many operand bytes follow each IL opcode (ECMA-335 partition III), and which operands are metadata tokens.</summary>
internal static class IlOperands
{
    /// <summary>A 4-byte metadata token (type, method, field, signature, or a ldtoken's any of them).</summary>
    public const int Token = -1;
    /// <summary>switch: a 4-byte count, then that many 4-byte targets.</summary>
    public const int Switch = -2;

    public static int SizeOf(ILOpCode op) => op switch
    {
        // metadata tokens
        ILOpCode.Jmp or ILOpCode.Call or ILOpCode.Calli or ILOpCode.Callvirt or ILOpCode.Cpobj or ILOpCode.Ldobj or
        ILOpCode.Newobj or ILOpCode.Castclass or ILOpCode.Isinst or ILOpCode.Unbox or ILOpCode.Ldfld or ILOpCode.Ldflda or
        ILOpCode.Stfld or ILOpCode.Ldsfld or ILOpCode.Ldsflda or ILOpCode.Stsfld or ILOpCode.Stobj or ILOpCode.Box or
        ILOpCode.Newarr or ILOpCode.Ldelema or ILOpCode.Ldelem or ILOpCode.Stelem or ILOpCode.Unbox_any or
        ILOpCode.Refanyval or ILOpCode.Mkrefany or ILOpCode.Ldtoken or ILOpCode.Ldftn or ILOpCode.Ldvirtftn or
        ILOpCode.Initobj or ILOpCode.Constrained or ILOpCode.Sizeof => Token,
        ILOpCode.Switch => Switch,
        // a string token: no type in it
        ILOpCode.Ldstr => 4,
        // 1 byte: short branches, ldc.i4.s, short variable numbers, unaligned.
        >= ILOpCode.Br_s and <= ILOpCode.Blt_un_s => 1,
        ILOpCode.Leave_s or ILOpCode.Ldc_i4_s or ILOpCode.Unaligned => 1,
        ILOpCode.Ldarg_s or ILOpCode.Ldarga_s or ILOpCode.Starg_s or ILOpCode.Ldloc_s or ILOpCode.Ldloca_s or ILOpCode.Stloc_s => 1,
        // 2 bytes: long variable numbers
        ILOpCode.Ldarg or ILOpCode.Ldarga or ILOpCode.Starg or ILOpCode.Ldloc or ILOpCode.Ldloca or ILOpCode.Stloc => 2,
        // 4 bytes: long branches, ldc.i4, ldc.r4
        >= ILOpCode.Br and <= ILOpCode.Blt_un => 4,
        ILOpCode.Leave or ILOpCode.Ldc_i4 or ILOpCode.Ldc_r4 => 4,
        // 8 bytes
        ILOpCode.Ldc_i8 or ILOpCode.Ldc_r8 => 8,
        _ => 0,
    };
}
