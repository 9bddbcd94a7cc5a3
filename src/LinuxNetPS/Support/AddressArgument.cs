using System.Net;
using LinuxNetPS.Errors;
using LinuxNetPS.Model;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Support;

/// <summary>
/// The address Remove-NetAddress means: "10.0.0.1/24", or "10.0.0.1" with -PrefixLength, or
/// "10.0.0.1" alone, in which case the prefix length is the one the interface has it with
/// (as `ip addr del` does, but without guessing when there is nothing to find).
/// </summary>
public static class AddressArgument
{
    /// <summary>The prefix as far as the arguments say; PrefixLength is null when it must be looked up.</summary>
    public static (IPAddress Address, int? PrefixLength) Read(string text, int? prefixLength)
    {
        var parsed = IPPrefix.Parse(text);
        bool hasLength = text.Contains('/');
        if (prefixLength is { } given)
        {
            if (given < 0 || given > parsed.MaxLength)
                throw NetOperationException.Invalid($"-PrefixLength {given} is out of range for {parsed.Address}; it must be from 0 to {parsed.MaxLength}.", text);
            if (hasLength && parsed.PrefixLength != given)
                throw NetOperationException.Invalid(
                    $"'{text}' already has a prefix length, which differs from -PrefixLength {given}; give the length once.", text);
            return (parsed.Address, given);
        }
        return (parsed.Address, hasLength ? parsed.PrefixLength : null);
    }

    /// <summary>Completes the prefix from the interface's current addresses; NotFound if it does not have the address.</summary>
    public static IPPrefix Resolve(IPAddress address, int? prefixLength, IEnumerable<NetAddress> current, string interfaceName)
    {
        if (prefixLength is { } known) return new IPPrefix(address, known);
        var match = current.FirstOrDefault(a => a.IPAddress.Equals(address) && a.Interface == interfaceName);
        return match is null
            ? throw NetOperationException.NotFound($"Interface '{interfaceName}' does not have the address {address}.", address.ToString()).WithErrorId(ErrorIds.AddressNotFound)
            : new IPPrefix(address, match.PrefixLength);
    }
}
