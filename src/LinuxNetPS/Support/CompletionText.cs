using System.Management.Automation;

namespace LinuxNetPS.Support;

/// <summary>
/// The string side of argument completion: which candidates fit what was typed, and how to
/// write a candidate so that PowerShell parses it back as one argument.
/// </summary>
public static class CompletionText
{
    /// <summary>Candidates that start with the typed word (quotes removed; wildcards honoured), sorted, without duplicates.</summary>
    public static IReadOnlyList<string> Filter(IEnumerable<string> candidates, string? wordToComplete)
    {
        var word = Unquote(wordToComplete ?? "");
        // '*' and '?' typed on purpose are wildcards; a lone '[' (as in a half-typed name) is literal.
        var pattern = (word.IndexOfAny(['*', '?']) >= 0 ? word : WildcardPattern.Escape(word)) + "*";
        return candidates
            .Where(c => !string.IsNullOrEmpty(c) && Wildcard.Matches(pattern, c))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The candidate as it must be typed: bare when safe, otherwise in single quotes.</summary>
    public static string Quote(string candidate)
    {
        bool safe = candidate.Length > 0
            && candidate[0] is not ('-' or '@' or '#' or '~')
            && candidate.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '+' or '/' or '=' or '%' or '^');
        return safe ? candidate : "'" + candidate.Replace("'", "''") + "'";
    }

    private static string Unquote(string word)
    {
        if (word.Length > 0 && word[0] is '\'' or '"') word = word[1..];
        if (word.Length > 0 && word[^1] is '\'' or '"') word = word[..^1];
        return word;
    }
}
