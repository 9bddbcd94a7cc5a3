using LinuxNetPS.Errors;

namespace LinuxNetPS.Namespaces;

/// <summary>
/// How the user named a network namespace: nothing (the host, i.e. PID 1's), a name under
/// /run/netns (iproute2's convention), an absolute path to a namespace file, or a process id.
/// </summary>
public sealed class NamespaceRef : IEquatable<NamespaceRef>
{
    public const string RunDirectory = "/run/netns";
    public const string Pid1Path = "/proc/1/ns/net";

    /// <summary>
    /// The host namespace's file: PID 1's, or, where that cannot be opened (no CAP_SYS_PTRACE, as
    /// in some containers and sandboxes), the namespace this process was started in.
    /// </summary>
    public static string HostPath { get; } = ChooseHostPath();

    private static string ChooseHostPath()
    {
        using var fd = Interop.FileDescriptor.TryOpenCarefully(Pid1Path, noFollow: false, out _);
        return fd is null ? "/proc/self/ns/net" : Pid1Path;
    }

    private NamespaceRef(string? spec, string path, bool isHost)
    {
        Spec = spec;
        Path = path;
        IsHost = isHost;
    }

    /// <summary>The host namespace (the one PID 1 lives in).</summary>
    public static NamespaceRef Host { get; } = new(null, HostPath, true);

    /// <summary>The text that names this namespace, null for the host. Round-trips through <see cref="Parse"/>.</summary>
    public string? Spec { get; }

    /// <summary>The file that represents the namespace.</summary>
    public string Path { get; }

    public bool IsHost { get; }

    /// <summary>"the host namespace" or "namespace 'red'", for messages.</summary>
    public string Description => IsHost ? "the host namespace" : $"namespace '{this}'";

    /// <summary>The name under /run/netns, when it was given by name.</summary>
    public string? Name => Spec is not null && !Spec.StartsWith('/') && !IsAllDigits(Spec) ? Spec : null;

    /// <summary>
    /// Reads a namespace spec: null = the host (nothing was said); "/path" = a namespace file; digits = a pid
    /// ("1" is the host); anything else = a name under /run/netns, validated like iproute2 does. An empty or
    /// blank spec is refused, as `ip -n ''` refuses it: the host is named by saying nothing or "1", never by a
    /// value that happens to be empty.
    /// </summary>
    public static NamespaceRef Parse(string? spec)
    {
        if (spec is null) return Host;
        if (string.IsNullOrWhiteSpace(spec))
            throw NetOperationException.Invalid(
                "The namespace is empty. Name one (a name under /run/netns, a path or a process id), or for the host namespace omit -Namespace or give -Namespace 1.", spec);
        if (spec.Contains('\0'))
            throw NetOperationException.Invalid($"The namespace '{InputText.Echo(spec)}' contains a NUL character, which no file name can hold.", spec);
        if (spec.StartsWith('/')) return spec == HostPath || spec == Pid1Path ? Host : new NamespaceRef(spec, spec, false);
        if (IsAllDigits(spec))
        {
            if (!int.TryParse(spec, out int pid) || pid <= 0)
                throw NetOperationException.Invalid($"'{InputText.Echo(spec)}' is not a valid process id.", spec);
            return pid == 1 ? Host : new NamespaceRef(spec, $"/proc/{pid}/ns/net", false);
        }
        ValidateName(spec);
        return new NamespaceRef(spec, $"{RunDirectory}/{spec}", false);
    }

    /// <summary>Checks a name for /run/netns: not empty, no '/', not '.' or '..', no whitespace or control characters, at most 255 bytes.</summary>
    public static void ValidateName(string name)
    {
        if (string.IsNullOrEmpty(name))
            throw NetOperationException.Invalid("A network namespace name cannot be empty.", name).WithErrorId(ErrorIds.InvalidNamespaceName);
        if (name is "." or ".." || name.Contains('/') || name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            throw NetOperationException.Invalid(
                $"'{InputText.Echo(name)}' is not a valid network namespace name: use letters, digits, '-', '_' or '.', without '/' or spaces (for example 'red' or 'lab-1').", name).WithErrorId(ErrorIds.InvalidNamespaceName);
        if (System.Text.Encoding.UTF8.GetByteCount(name) > 255)
            throw NetOperationException.Invalid($"The network namespace name '{name[..20]}...' is longer than 255 bytes.", name).WithErrorId(ErrorIds.InvalidNamespaceName);
        if (IsAllDigits(name))
            throw NetOperationException.Invalid($"'{InputText.Echo(name)}' would be read as a process id; give the namespace a name that is not all digits.", name).WithErrorId(ErrorIds.InvalidNamespaceName);
    }

    private static bool IsAllDigits(string s) => s.Length > 0 && s.All(char.IsAsciiDigit);

    public bool Equals(NamespaceRef? other) => other is not null && other.Path == Path;
    public override bool Equals(object? obj) => Equals(obj as NamespaceRef);
    public override int GetHashCode() => Path.GetHashCode();
    public override string ToString() => Spec ?? "(host)";
}
