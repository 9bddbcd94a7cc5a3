using System.Management.Automation;
using LinuxNetPS.Errors;

namespace LinuxNetPS.Support;

/// <summary>
/// PowerShell's own wildcards (<see cref="WildcardPattern"/>: *, ?, [a-z], backtick escapes), in the
/// one form the cmdlets use them: case-insensitive, as every built-in -Name filter matches.
/// </summary>
public static class Wildcard
{
    /// <summary>Whether the text contains an unescaped wildcard character.</summary>
    public static bool IsPattern(string? text) => !string.IsNullOrEmpty(text) && WildcardPattern.ContainsWildcardCharacters(text);

    /// <summary>The literal text a pattern without wildcards stands for (backtick escapes removed).</summary>
    public static string Unescape(string text) => WildcardPattern.Unescape(text);

    public static bool Matches(string pattern, string text) => Get(pattern).IsMatch(text);

    /// <summary>
    /// The pattern, read once: a pattern PowerShell cannot read (an unclosed '[') is InvalidWildcardPattern, an
    /// InvalidArgument that names it, before anything is listed or changed; PowerShell itself would only throw
    /// when the pattern is first matched, as a WildcardPatternException with no id of ours.
    /// </summary>
    public static WildcardPattern Get(string pattern)
    {
        var wildcard = WildcardPattern.Get(pattern, WildcardOptions.IgnoreCase);
        try
        {
            wildcard.IsMatch("");
        }
        catch (WildcardPatternException)
        {
            throw NetOperationException.Invalid(
                $"'{InputText.Echo(pattern)}' is not a valid wildcard pattern: a '[' opens a set of characters that needs its ']' (as in eth[01]); " +
                "write `[ and `] for the brackets themselves.", pattern).WithErrorId(ErrorIds.InvalidWildcardPattern);
        }
        return wildcard;
    }
}
