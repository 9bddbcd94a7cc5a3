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
            problem = $"The interface name '{name}' is {System.Text.Encoding.UTF8.GetByteCount(name)} bytes long; Linux allows at most {MaxBytes} (for example '{Shorten(name)}').";
        else if (name is "." or "..") problem = $"'{name}' is not a valid interface name.";
        else if (name.Any(c => c == '/' || c == ':' || char.IsWhiteSpace(c) || char.IsControl(c)))
            problem = $"The interface name '{name}' contains '/', ':', a space or a control character, which Linux does not allow.";
        return problem is null;
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
        var clean = new string(name.Where(c => c != '/' && c != ':' && !char.IsWhiteSpace(c)).ToArray());
        while (System.Text.Encoding.UTF8.GetByteCount(clean) > MaxBytes) clean = clean[..^1];
        return clean;
    }
}
