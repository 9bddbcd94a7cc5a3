namespace LinuxNetPS.Errors;

/// <summary>How user input is quoted back in messages: capped, so a 100,000-character value does not fill the screen.</summary>
public static class InputText
{
    /// <summary>The most characters of one input repeated in a message.</summary>
    public const int MaxEchoed = 64;

    /// <summary>The input as written, or its first <see cref="MaxEchoed"/> characters and how long it was; control characters shown as \uXXXX.</summary>
    public static string Echo(string? text)
    {
        if (text is null) return "";
        bool tooLong = text.Length > MaxEchoed;
        var shown = tooLong ? text[..MaxEchoed] : text;
        if (shown.Any(char.IsControl))
            shown = string.Concat(shown.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
        return tooLong ? $"{shown}... ({text.Length} characters)" : shown;
    }
}
