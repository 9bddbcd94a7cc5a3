using System.Management.Automation;

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

    public static bool Matches(string pattern, string text) => WildcardPattern.Get(pattern, WildcardOptions.IgnoreCase).IsMatch(text);
}
