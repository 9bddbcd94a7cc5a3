using System.Reflection;
using System.Reflection.Emit;

namespace LinuxNetPS.Tests.Architecture;

/// <summary>
/// Issue 19: nothing in the core library imports upward. Read from the built assembly, so a `using` that is there but
/// unused does not count, and a fully qualified name that no `using` shows does.
/// </summary>
public class LayerTests
{
    private static string CoreAssemblyPath => typeof(LinuxNetPS.Netlink.NetlinkSocket).Assembly.Location;

    [Fact]
    public void No_type_of_the_core_library_uses_a_type_of_a_higher_floor()
    {
        var upward = Layers.UpwardUses(TypeReferenceReader.Read(CoreAssemblyPath));
        Assert.True(upward.Count == 0, "Upward uses (move the type down, or pass what it needs in from above):\n" + string.Join("\n", upward));
    }

    [Fact]
    public void Every_type_of_the_core_library_is_on_a_floor()
    {
        var unplaced = Layers.Unplaced(TypeReferenceReader.Read(CoreAssemblyPath));
        Assert.True(unplaced.Count == 0, "Types in no floor of Layers.Floors (give their namespace a floor):\n" + string.Join("\n", unplaced));
    }

    [Fact]
    public void The_reader_sees_uses_in_signatures_fields_and_bodies()
    {
        // The client façade uses every operation set: in its constructor (newobj), its properties' signatures and its fields.
        var uses = TypeReferenceReader.Read(CoreAssemblyPath);
        foreach (var ops in new[] { "LinuxNetPS.Links.LinkOperations", "LinuxNetPS.Nftables.NatOperations", "LinuxNetPS.Namespaces.NamespaceSession" })
            Assert.Contains(("LinuxNetPS.Client.NetClient", ops), uses);
    }

    /// <summary>
    /// The test above is real: an assembly made here, whose low floor calls into a high one from a method body only
    /// (no signature shows it) and from a field, is reported with both type names; the same uses downward are not.
    /// </summary>
    [Fact]
    public void An_upward_use_in_a_synthetic_assembly_is_reported_by_name()
    {
        string path = Path.Combine(Path.GetTempPath(), $"lnps-layers-{Environment.ProcessId}-{Guid.NewGuid():N}.dll");
        try
        {
            WriteSyntheticAssembly(path);
            var uses = TypeReferenceReader.Read(path);
            var upward = Layers.UpwardUses(uses);
            Assert.Contains("LinuxNetPS.Interop.Low (Base) uses LinuxNetPS.Compose.High (Compose)", upward);
            Assert.Contains("LinuxNetPS.Netlink.FieldHolder (Wire) uses LinuxNetPS.Client.Facade (Client)", upward);
            Assert.DoesNotContain(upward, u => u.StartsWith("LinuxNetPS.Compose.High", StringComparison.Ordinal));
            Assert.Contains(("LinuxNetPS.Compose.High", "LinuxNetPS.Interop.Low"), uses); // downward: seen, allowed
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void WriteSyntheticAssembly(string path)
    {
        var assembly = new PersistedAssemblyBuilder(new AssemblyName("LayerProbe"), typeof(object).Assembly);
        var module = assembly.DefineDynamicModule("LayerProbe");

        var high = module.DefineType("LinuxNetPS.Compose.High", TypeAttributes.Public | TypeAttributes.Class);
        var highWork = high.DefineMethod("Work", MethodAttributes.Public | MethodAttributes.Static, typeof(void), Type.EmptyTypes);
        highWork.GetILGenerator().Emit(OpCodes.Ret);

        var low = module.DefineType("LinuxNetPS.Interop.Low", TypeAttributes.Public | TypeAttributes.Class);
        var lowCall = low.DefineMethod("Call", MethodAttributes.Public | MethodAttributes.Static, typeof(void), Type.EmptyTypes);
        var il = lowCall.GetILGenerator();
        il.Emit(OpCodes.Call, highWork); // only the body mentions High
        il.Emit(OpCodes.Ret);

        var useLow = high.DefineMethod("UseLow", MethodAttributes.Public | MethodAttributes.Static, typeof(void), Type.EmptyTypes);
        var il2 = useLow.GetILGenerator();
        il2.Emit(OpCodes.Call, lowCall);
        il2.Emit(OpCodes.Ret);

        var facade = module.DefineType("LinuxNetPS.Client.Facade", TypeAttributes.Public | TypeAttributes.Class);
        var holder = module.DefineType("LinuxNetPS.Netlink.FieldHolder", TypeAttributes.Public | TypeAttributes.Class);
        holder.DefineField("client", facade, FieldAttributes.Public);

        foreach (var t in new[] { high, low, facade, holder }) t.CreateType();
        assembly.Save(path);
    }
}
