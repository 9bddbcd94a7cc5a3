using System.Text;

namespace LinuxNetPS.Module.Tests.Support;

/// <summary>
/// Reads a module manifest (a PowerShell hashtable literal) as data, without PowerShell:
/// strings ('..' and ".."), numbers, $true/$false/$null, @( ) arrays, @{ } hashtables,
/// bare comma lists, # and &lt;# #&gt; comments. Values are string, bool, null, List&lt;object?&gt;
/// or Dictionary&lt;string, object?&gt;. Anything else is an error, not a guess.
/// </summary>
internal sealed class Psd1
{
    private readonly string _text;
    private int _pos;

    private Psd1(string text) => _text = text;

    public static Dictionary<string, object?> Parse(string text)
    {
        var p = new Psd1(text);
        p.Skip();
        var result = p.Hashtable();
        p.Skip();
        if (p._pos < p._text.Length) throw p.Error("text after the closing }");
        return result;
    }

    /// <summary>A value as a list of strings: 'a' → [a], @('a','b') → [a, b], @() → [].</summary>
    public static IReadOnlyList<string> Strings(object? value) => value switch
    {
        null => [],
        string s => [s],
        List<object?> list => list.Select(v => v as string ?? throw new FormatException($"expected strings, found {v}")).ToList(),
        _ => throw new FormatException($"expected a string or an array of strings, found {value.GetType().Name}"),
    };

    private Dictionary<string, object?> Hashtable()
    {
        Expect("@{");
        var result = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            Skip(newlines: true, separators: ";");
            if (Peek('}')) { _pos++; return result; }
            var key = Peek('\'') || Peek('"') ? String() : Word();
            Skip();
            Expect("=");
            Skip();
            if (result.ContainsKey(key)) throw Error($"key '{key}' appears twice");
            result[key] = Value(allowBareList: true);
        }
    }

    private object? Value(bool allowBareList)
    {
        var first = Single();
        if (!allowBareList) return first;
        Skip(newlines: false);
        if (!Peek(',')) return first;
        var list = new List<object?> { first };
        while (Peek(','))
        {
            _pos++;
            Skip(newlines: true);
            list.Add(Single());
            Skip(newlines: false);
        }
        return list;
    }

    private object? Single()
    {
        if (Starts("@{")) return Hashtable();
        if (Starts("@(")) return Array();
        if (Peek('\'') || Peek('"')) return String();
        if (Peek('$'))
        {
            _pos++;
            var w = Word();
            return w.ToLowerInvariant() switch { "true" => true, "false" => false, "null" => null, _ => throw Error($"variable ${w} in a manifest") };
        }
        var token = Word();
        if (double.TryParse(token, System.Globalization.CultureInfo.InvariantCulture, out _)) return token;
        throw Error($"unexpected '{token}'");
    }

    private List<object?> Array()
    {
        Expect("@(");
        var list = new List<object?>();
        while (true)
        {
            Skip(newlines: true, separators: ",");
            if (Peek(')')) { _pos++; return list; }
            list.Add(Single());
        }
    }

    private string String()
    {
        char quote = _text[_pos++];
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length) throw Error("unterminated string");
            char c = _text[_pos++];
            if (c == quote)
            {
                if (_pos < _text.Length && _text[_pos] == quote) { sb.Append(quote); _pos++; continue; }
                return sb.ToString();
            }
            if (c == '`' && quote == '"' && _pos < _text.Length) { sb.Append(_text[_pos++]); continue; }
            sb.Append(c);
        }
    }

    private string Word()
    {
        int start = _pos;
        while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '.' or '-')) _pos++;
        if (_pos == start) throw Error($"unexpected '{(_pos < _text.Length ? _text[_pos] : "end of file")}'");
        return _text[start.._pos];
    }

    private void Skip(bool newlines = true, string separators = "")
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c == '#') { while (_pos < _text.Length && _text[_pos] != '\n') _pos++; }
            else if (Starts("<#"))
            {
                int end = _text.IndexOf("#>", _pos + 2, StringComparison.Ordinal);
                if (end < 0) throw Error("unterminated <# comment");
                _pos = end + 2;
            }
            else if (c is ' ' or '\t' or '\r' || (newlines && c == '\n') || separators.Contains(c)) _pos++;
            else if (c == '`' && _pos + 1 < _text.Length && _text[_pos + 1] is '\n' or '\r') _pos += 2;
            else return;
        }
    }

    private bool Peek(char c) => _pos < _text.Length && _text[_pos] == c;
    private bool Starts(string s) => string.CompareOrdinal(_text, _pos, s, 0, s.Length) == 0;

    private void Expect(string s)
    {
        if (!Starts(s)) throw Error($"expected '{s}'");
        _pos += s.Length;
    }

    private FormatException Error(string message)
    {
        int line = _text.AsSpan(0, Math.Min(_pos, _text.Length)).Count('\n') + 1;
        return new FormatException($"manifest line {line}: {message}");
    }
}
