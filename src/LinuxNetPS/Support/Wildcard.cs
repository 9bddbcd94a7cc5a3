namespace LinuxNetPS.Support;

/// <summary>
/// PowerShell wildcard patterns (*, ?, [abc], [a-z], backtick escapes), matched case-insensitively
/// as PowerShell does. Our own copy so that the filtering logic is testable without a PowerShell runtime.
/// </summary>
public static class Wildcard
{
    /// <summary>Whether the text contains an unescaped wildcard character.</summary>
    public static bool IsPattern(string? text)
    {
        if (string.IsNullOrEmpty(text)) return false;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '`') { i++; continue; }
            if (text[i] is '*' or '?' or '[') return true;
        }
        return false;
    }

    /// <summary>The literal text a pattern without wildcards stands for (backtick escapes removed).</summary>
    public static string Unescape(string text)
    {
        if (!text.Contains('`')) return text;
        var result = new System.Text.StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '`' && i + 1 < text.Length) i++;
            result.Append(text[i]);
        }
        return result.ToString();
    }

    public static bool Matches(string pattern, string text) => Match(pattern, 0, text, 0);

    private static bool Match(string p, int pi, string t, int ti)
    {
        while (pi < p.Length)
        {
            char c = p[pi];
            switch (c)
            {
                case '*':
                    while (pi < p.Length && p[pi] == '*') pi++;
                    if (pi == p.Length) return true;
                    for (int k = ti; k <= t.Length; k++)
                        if (Match(p, pi, t, k)) return true;
                    return false;
                case '?':
                    if (ti >= t.Length) return false;
                    pi++; ti++;
                    break;
                case '[':
                    if (ti >= t.Length) return false;
                    int close = FindClose(p, pi);
                    if (close < 0)
                    {
                        // An unclosed '[' is taken literally.
                        if (!SameChar(c, t[ti])) return false;
                        pi++; ti++;
                        break;
                    }
                    if (!InSet(p, pi + 1, close, t[ti])) return false;
                    pi = close + 1; ti++;
                    break;
                case '`' when pi + 1 < p.Length:
                    if (ti >= t.Length || !SameChar(p[pi + 1], t[ti])) return false;
                    pi += 2; ti++;
                    break;
                default:
                    if (ti >= t.Length || !SameChar(c, t[ti])) return false;
                    pi++; ti++;
                    break;
            }
        }
        return ti == t.Length;
    }

    private static int FindClose(string p, int open)
    {
        for (int i = open + 1; i < p.Length; i++)
        {
            if (p[i] == '`') { i++; continue; }
            if (p[i] == ']' && i > open + 1) return i;
        }
        return -1;
    }

    private static bool InSet(string p, int start, int end, char c)
    {
        for (int i = start; i < end; i++)
        {
            char lo = p[i];
            if (lo == '`' && i + 1 < end) lo = p[++i];
            if (i + 2 < end && p[i + 1] == '-')
            {
                char hi = p[i + 2];
                if (hi == '`' && i + 3 < end) { hi = p[i + 3]; i++; }
                i += 2;
                char lc = char.ToLowerInvariant(c), uc = char.ToUpperInvariant(c);
                if ((lc >= lo && lc <= hi) || (uc >= lo && uc <= hi) || (c >= lo && c <= hi)) return true;
                continue;
            }
            if (SameChar(lo, c)) return true;
        }
        return false;
    }

    private static bool SameChar(char a, char b) => char.ToUpperInvariant(a) == char.ToUpperInvariant(b);
}
