using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace LinuxNetPS.Tests.Architecture;

/// <summary>
/// Which of an assembly's own types each of its types uses, read from the built file with System.Reflection.Metadata
/// (nothing is loaded or run): base types and interfaces, field, method and local-variable signatures, attributes,
/// and every type, method and field token in the method bodies' IL. A nested type (a lambda's closure, an iterator)
/// counts as its outermost declaring type, which is the type its source was written in.
/// </summary>
public sealed class TypeReferenceReader
{
    private readonly MetadataReader _md;

    private TypeReferenceReader(MetadataReader md) => _md = md;

    /// <summary>(user, used) pairs of full type names, user != used, for the assembly at <paramref name="path"/>.</summary>
    public static IReadOnlyCollection<(string From, string To)> Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var reader = new TypeReferenceReader(pe.GetMetadataReader());
        return reader.ReadAll(pe);
    }

    private HashSet<(string, string)> ReadAll(PEReader pe)
    {
        var edges = new HashSet<(string, string)>();
        foreach (var handle in _md.TypeDefinitions)
        {
            string from = NameOf(Outermost(handle));
            var used = new HashSet<TypeDefinitionHandle>();
            CollectFromType(pe, handle, used);
            foreach (var to in used)
            {
                string name = NameOf(Outermost(to));
                if (name != from) edges.Add((from, name));
            }
        }
        return edges;
    }

    private void CollectFromType(PEReader pe, TypeDefinitionHandle handle, HashSet<TypeDefinitionHandle> used)
    {
        var type = _md.GetTypeDefinition(handle);
        Entity(type.BaseType, used);
        foreach (var i in type.GetInterfaceImplementations()) Entity(_md.GetInterfaceImplementation(i).Interface, used);
        foreach (var p in type.GetGenericParameters())
            foreach (var c in _md.GetGenericParameter(p).GetConstraints()) Entity(_md.GetGenericParameterConstraint(c).Type, used);
        Attributes(type.GetCustomAttributes(), used);
        foreach (var f in type.GetFields())
        {
            var field = _md.GetFieldDefinition(f);
            Add(field.DecodeSignature(Types, null), used);
            Attributes(field.GetCustomAttributes(), used);
        }
        foreach (var m in type.GetMethods())
        {
            var method = _md.GetMethodDefinition(m);
            Signature(method.DecodeSignature(Types, null), used);
            Attributes(method.GetCustomAttributes(), used);
            if (method.RelativeVirtualAddress == 0) continue;
            try
            {
                Body(pe.GetMethodBody(method.RelativeVirtualAddress), used);
            }
            catch (BadImageFormatException e)
            {
                throw new InvalidOperationException($"Cannot read the IL of {NameOf(handle)}.{_md.GetString(method.Name)} at {_last}: {e.Message}", e);
            }
        }
        foreach (var p in type.GetProperties()) Attributes(_md.GetPropertyDefinition(p).GetCustomAttributes(), used);
    }

    private void Body(MethodBodyBlock body, HashSet<TypeDefinitionHandle> used)
    {
        if (!body.LocalSignature.IsNil)
            foreach (var local in _md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(Types, null)) Add(local, used);
        foreach (var region in body.ExceptionRegions) Entity(region.CatchType, used);
        var il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            int at = il.Offset;
            var opcode = ReadOpCode(ref il);
            _last = (at, opcode);
            var operand = IlOperands.SizeOf(opcode);
            if (operand == IlOperands.Token) Entity(MetadataTokens.EntityHandle(il.ReadInt32()), used);
            else if (operand == IlOperands.Switch)
            {
                int targets = il.ReadInt32(); // read first: `il.Offset += 4 * il.ReadInt32()` would add to the offset before the count
                il.Offset += 4 * targets;
            }
            else il.Offset += operand;
        }
    }

    /// <summary>The offset and opcode last read, for the message when a body cannot be read.</summary>
    private (int Offset, ILOpCode OpCode) _last;

    private static ILOpCode ReadOpCode(ref BlobReader il)
    {
        byte first = il.ReadByte();
        return first == 0xFE ? (ILOpCode)(0xFE00 | il.ReadByte()) : (ILOpCode)first;
    }

    private void Attributes(CustomAttributeHandleCollection attributes, HashSet<TypeDefinitionHandle> used)
    {
        foreach (var a in attributes) Entity(_md.GetCustomAttribute(a).Constructor, used);
    }

    /// <summary>Any metadata entity a token can name, reduced to the assembly's own types it involves.</summary>
    private void Entity(EntityHandle handle, HashSet<TypeDefinitionHandle> used)
    {
        if (handle.IsNil) return;
        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                used.Add((TypeDefinitionHandle)handle);
                break;
            case HandleKind.TypeSpecification:
                Add(_md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(Types, null), used);
                break;
            case HandleKind.MethodDefinition:
                used.Add(_md.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType());
                break;
            case HandleKind.FieldDefinition:
                used.Add(_md.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                break;
            case HandleKind.MemberReference:
                var member = _md.GetMemberReference((MemberReferenceHandle)handle);
                Entity(member.Parent, used);
                if (member.GetKind() == MemberReferenceKind.Method) Signature(member.DecodeMethodSignature(Types, null), used);
                else Add(member.DecodeFieldSignature(Types, null), used);
                break;
            case HandleKind.MethodSpecification:
                var spec = _md.GetMethodSpecification((MethodSpecificationHandle)handle);
                Entity(spec.Method, used);
                foreach (var t in spec.DecodeSignature(Types, null)) Add(t, used);
                break;
            case HandleKind.StandaloneSignature:
                var sig = _md.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                if (sig.GetKind() == StandaloneSignatureKind.Method) Signature(sig.DecodeMethodSignature(Types, null), used);
                break;
            // TypeReference: another assembly's type; the rest name no type of ours.
        }
    }

    private static void Signature(MethodSignature<ImmutableArray<TypeDefinitionHandle>> sig, HashSet<TypeDefinitionHandle> used)
    {
        Add(sig.ReturnType, used);
        foreach (var p in sig.ParameterTypes) Add(p, used);
    }

    private static void Add(ImmutableArray<TypeDefinitionHandle> types, HashSet<TypeDefinitionHandle> used)
    {
        foreach (var t in types) used.Add(t);
    }

    private TypeDefinitionHandle Outermost(TypeDefinitionHandle handle)
    {
        while (true)
        {
            var declaring = _md.GetTypeDefinition(handle).GetDeclaringType();
            if (declaring.IsNil) return handle;
            handle = declaring;
        }
    }

    private string NameOf(TypeDefinitionHandle handle)
    {
        var type = _md.GetTypeDefinition(handle);
        string ns = _md.GetString(type.Namespace);
        string name = _md.GetString(type.Name);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    private SignatureTypes Types => _types ??= new SignatureTypes(this);
    private SignatureTypes? _types;

    /// <summary>Decodes a signature into the set of the assembly's own type definitions it mentions.</summary>
    private sealed class SignatureTypes(TypeReferenceReader owner) : ISignatureTypeProvider<ImmutableArray<TypeDefinitionHandle>, object?>
    {
        private static readonly ImmutableArray<TypeDefinitionHandle> None = ImmutableArray<TypeDefinitionHandle>.Empty;

        public ImmutableArray<TypeDefinitionHandle> GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => [handle];
        public ImmutableArray<TypeDefinitionHandle> GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => None;
        public ImmutableArray<TypeDefinitionHandle> GetTypeFromSpecification(MetadataReader reader, object? context, TypeSpecificationHandle handle, byte rawTypeKind) =>
            owner._md.GetTypeSpecification(handle).DecodeSignature(this, context);
        public ImmutableArray<TypeDefinitionHandle> GetPrimitiveType(PrimitiveTypeCode typeCode) => None;
        public ImmutableArray<TypeDefinitionHandle> GetSZArrayType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;
        public ImmutableArray<TypeDefinitionHandle> GetArrayType(ImmutableArray<TypeDefinitionHandle> elementType, ArrayShape shape) => elementType;
        public ImmutableArray<TypeDefinitionHandle> GetByReferenceType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;
        public ImmutableArray<TypeDefinitionHandle> GetPointerType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;
        public ImmutableArray<TypeDefinitionHandle> GetPinnedType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;
        public ImmutableArray<TypeDefinitionHandle> GetGenericInstantiation(ImmutableArray<TypeDefinitionHandle> genericType, ImmutableArray<ImmutableArray<TypeDefinitionHandle>> typeArguments) =>
            genericType.AddRange(typeArguments.SelectMany(a => a));
        public ImmutableArray<TypeDefinitionHandle> GetGenericMethodParameter(object? context, int index) => None;
        public ImmutableArray<TypeDefinitionHandle> GetGenericTypeParameter(object? context, int index) => None;
        public ImmutableArray<TypeDefinitionHandle> GetModifiedType(ImmutableArray<TypeDefinitionHandle> modifier, ImmutableArray<TypeDefinitionHandle> unmodifiedType, bool isRequired) => unmodifiedType;
        public ImmutableArray<TypeDefinitionHandle> GetFunctionPointerType(MethodSignature<ImmutableArray<TypeDefinitionHandle>> signature) =>
            signature.ReturnType.AddRange(signature.ParameterTypes.SelectMany(p => p));
    }
}
