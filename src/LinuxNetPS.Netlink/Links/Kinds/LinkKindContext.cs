using System.Globalization;
using System.Net;
using LinuxNetPS.Errors;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Links.Kinds;

/// <summary>
/// What a kind driver sees while preparing a request: the spec, the namespace's session, and
/// helpers that read options and produce InvalidArgument errors naming the option and what to
/// type instead. Option names are matched without regard to case (PowerShell hashtables).
/// </summary>
public sealed class LinkKindContext
{
    private readonly Dictionary<string, string> _options;

    internal LinkKindContext(NamespaceSession session, LinkSpec spec, ILinkKind kind)
    {
        Session = session;
        Spec = spec;
        Kind = kind;
        _options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in spec.Options)
        {
            if (!kind.OptionNames.Contains(key, StringComparer.OrdinalIgnoreCase))
                throw NetOperationException.Invalid(kind.OptionNames.Count == 0
                    ? LinkKinds.Find(kind.Kind) is null
                        ? $"LinuxNetPS has no driver for link kind '{kind.Kind}', so it cannot pass the option '{key}'. Create it without options."
                        : $"Link kind '{kind.Kind}' takes no options, but '{key}' was given."
                    : $"Link kind '{kind.Kind}' has no option '{key}'. Its options are: {string.Join(", ", kind.OptionNames)}.", key).WithErrorId(ErrorIds.InvalidLinkOption);
            _options[key] = value;
        }
    }

    public NamespaceSession Session { get; }
    public LinkSpec Spec { get; }
    public ILinkKind Kind { get; }

    /// <summary>The option's text, or null if it was not given.</summary>
    public string? Option(string name) => _options.TryGetValue(name, out var v) ? v.Trim() : null;

    /// <summary>An unsigned number in [min, max], or null if not given.</summary>
    public uint? UInt32(string name, uint min = 0, uint max = uint.MaxValue)
    {
        if (Option(name) is not { } text) return null;
        if (!uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint value) || value < min || value > max)
            throw Invalid($"Option '{name}' of link kind '{Kind.Kind}' must be a whole number from {min} to {max}, not '{text}'.", name);
        return value;
    }

    /// <summary>on/off, true/false, yes/no, 1/0; null if not given.</summary>
    public bool? Boolean(string name)
    {
        if (Option(name) is not { } text) return null;
        return text.ToLowerInvariant() switch
        {
            "on" or "true" or "yes" or "1" => true,
            "off" or "false" or "no" or "0" => false,
            _ => throw Invalid($"Option '{name}' of link kind '{Kind.Kind}' must be on or off (or true/false, 1/0), not '{text}'.", name),
        };
    }

    /// <summary>One of a fixed set of words (case-insensitive); null if not given.</summary>
    public T? Choice<T>(string name, IReadOnlyDictionary<string, T> choices) where T : struct
    {
        if (Option(name) is not { } text) return null;
        foreach (var (word, value) in choices)
            if (string.Equals(word, text, StringComparison.OrdinalIgnoreCase)) return value;
        throw Invalid($"Option '{name}' of link kind '{Kind.Kind}' must be one of {string.Join(", ", choices.Keys)}, not '{text}'.", name);
    }

    /// <summary>An IPv4 or IPv6 address; null if not given.</summary>
    public IPAddress? Address(string name)
    {
        if (Option(name) is not { } text) return null;
        if (!IPAddress.TryParse(text, out var address) || text.Contains('/') ||
            address.AddressFamily is not (System.Net.Sockets.AddressFamily.InterNetwork or System.Net.Sockets.AddressFamily.InterNetworkV6))
            throw Invalid($"Option '{name}' of link kind '{Kind.Kind}' must be an IP address such as 192.0.2.1 or 2001:db8::1 (no prefix length), not '{text}'.", name);
        return address;
    }

    /// <summary>Interface names separated by commas or spaces ("eth1,eth2"), each checked; empty if not given.</summary>
    public IReadOnlyList<string> LinkNames(string name)
    {
        if (Option(name) is not { } text) return [];
        var names = text.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var n in names) Primitives.LinkName.Validate(n);
        return names;
    }

    /// <summary>The index of <see cref="LinkSpec.Parent"/>; InvalidArgument if required and missing, NotFound if it does not exist.</summary>
    public int? ParentIndex(bool required)
    {
        if (Spec.Parent is null)
        {
            if (required)
                throw Invalid($"A {Kind.Kind} link sits on another interface: give the parent (lower) interface, e.g. Parent = 'eth0'.", Spec.Name);
            return null;
        }
        return LinkResolver.IndexOf(Session, Spec.Parent);
    }

    /// <summary>Refuses a parent for kinds that do not stack on another interface.</summary>
    public void NoParent()
    {
        if (Spec.Parent is not null)
            throw Invalid($"A {Kind.Kind} link does not sit on another interface; leave the parent out (got '{Spec.Parent}').", Spec.Parent);
    }

    public NetOperationException Invalid(string message, string? target = null) =>
        NetOperationException.Invalid(message, target).WithErrorId(ErrorIds.InvalidLinkOption);
}
