using LinuxNetPS.Errors;

namespace LinuxNetPS.Primitives;

/// <summary>Interface-name rules of the kernel (dev_valid_name), checked before we ask it.</summary>
public static class LinkName
{
    /// <summary>IFNAMSIZ - 1: the longest name the kernel accepts, in bytes.</summary>
    public const int MaxBytes = 15;

    public static bool IsValid(string? name, out string? problem)
    {
        problem = null;
        if (string.IsNullOrEmpty(name)) problem = "An interface name cannot be empty.";
        else if (System.Text.Encoding.UTF8.GetByteCount(name) > MaxBytes)
            problem = $"The interface name '{InputText.Echo(name)}' is {System.Text.Encoding.UTF8.GetByteCount(name)} bytes long; Linux allows at most {MaxBytes} (for example '{Shorten(name)}').";
        else if (name is "." or "..") problem = $"'{name}' is not a valid interface name.";
        else if (name.Any(c => c == '/' || c == ':' || char.IsWhiteSpace(c) || char.IsControl(c)))
            problem = $"The interface name '{InputText.Echo(name)}' contains '/', ':', a space or a control character (NUL included), which Linux does not allow.";
        return problem is null;
    }

    /// <summary>IFALIASZ - 1: the longest alias the kernel keeps, in bytes.</summary>
    public const int MaxAliasBytes = 255;

    /// <summary>An interface alias: at most 255 bytes, no NUL (the kernel would cut the text there). Empty clears it.</summary>
    public static string ValidateAlias(string alias)
    {
        if (alias.Contains('\0'))
            throw NetOperationException.Invalid($"The alias '{InputText.Echo(alias)}' contains a NUL character, which would cut it short; leave it out.", alias);
        int bytes = System.Text.Encoding.UTF8.GetByteCount(alias);
        if (bytes > MaxAliasBytes)
            throw NetOperationException.Invalid($"An interface alias is at most {MaxAliasBytes} bytes; this one is {bytes} ('{InputText.Echo(alias)}').", alias);
        return alias;
    }

    /// <summary>Throws an InvalidArgument error naming the problem and what to type instead.</summary>
    public static string Validate(string? name)
    {
        if (!IsValid(name, out var problem))
            throw NetOperationException.Invalid(problem!, name).WithErrorId(
                name is not null && System.Text.Encoding.UTF8.GetByteCount(name) > MaxBytes ? ErrorIds.InterfaceNameTooLong : ErrorIds.InvalidInterfaceName);
        return name!;
    }

    private static string Shorten(string name)
    {
        var clean = new string(name.Where(c => c != '/' && c != ':' && !char.IsWhiteSpace(c) && !char.IsControl(c)).Take(MaxBytes).ToArray());
        while (System.Text.Encoding.UTF8.GetByteCount(clean) > MaxBytes) clean = clean[..^1];
        return clean;
    }
}
