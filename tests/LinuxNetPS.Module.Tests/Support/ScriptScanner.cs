using System.Text;

namespace LinuxNetPS.Module.Tests.Support;

/// <summary>One element of a pipeline: "Get-NetLink -Name eth0 -Namespace red" in "Get-NetLink ... | Move-NetLink ...".</summary>
internal sealed record PipelineElement(string File, int Line, string Head, ScriptToken.Kinds HeadKind, IReadOnlyList<string> Parameters, IReadOnlyList<ScriptToken> Arguments);

internal sealed record ScriptToken(ScriptToken.Kinds Kind, string Text, int Line)
{
    public enum Kinds { Word, Parameter, String, Variable, Number, Operator, Group }
}

/// <summary>
/// A small PowerShell scanner, enough to find the pipelines in scripts and help examples and the
/// parameters each command is called with: quotes, comments, (), {}, [], @(), $(), @{ }, line
/// continuations, assignments. PowerShell cannot run here, so this is how our .ps1 files and
/// the code in our docs get checked against the real cmdlets at all.
/// </summary>
internal static class ScriptScanner
{
    public static List<List<PipelineElement>> Pipelines(string code, string file, int firstLine = 1) =>
        Scan(code, file, firstLine).Pipelines;

    /// <summary>Pipelines plus structural errors (unbalanced brackets, unterminated strings and comments).</summary>
    public static (List<List<PipelineElement>> Pipelines, List<string> Errors) Scan(string code, string file, int firstLine = 1)
    {
        var scanner = new Scanner(code, file, firstLine);
        scanner.Frame(closer: '\0', openedAt: firstLine);
        return (scanner.Result, scanner.Errors);
    }

    /// <summary>The code of the fenced PowerShell blocks of a markdown file, with prompts ("PS> ") removed.</summary>
    public static IEnumerable<(string Code, int Line)> MarkdownCode(string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var fence = lines[i].TrimStart();
            if (!fence.StartsWith("```")) continue;
            var info = fence[3..].Trim().ToLowerInvariant();
            int start = i + 1;
            var body = new List<string>();
            for (i++; i < lines.Length && !lines[i].TrimStart().StartsWith("```"); i++) body.Add(lines[i]);
            if (info is "" or "powershell" or "pwsh" or "ps1" or "ps")
                yield return (string.Join("\n", body.Select(StripPrompt)), start + 1);
        }
    }

    private static string StripPrompt(string line)
    {
        var t = line.TrimStart();
        if (t.StartsWith("PS>") || t.StartsWith("PS ") && t.Contains('>')) return t[(t.IndexOf('>') + 1)..];
        return line;
    }

    private sealed class Scanner(string code, string file, int firstLine)
    {
        private int _pos;
        private int _line = firstLine;
        public List<List<PipelineElement>> Result { get; } = [];
        public List<string> Errors { get; } = [];

        /// <summary>Reads statements until the closer of this frame; returns nothing, records pipelines.</summary>
        public void Frame(char closer, int openedAt)
        {
            var pipeline = new List<PipelineElement>();
            var element = new List<ScriptToken>();
            int elementLine = _line;

            void EndElement()
            {
                if (element.Count > 0) pipeline.Add(MakeElement(element, elementLine));
                element = [];
            }
            void EndStatement()
            {
                EndElement();
                if (pipeline.Count > 0) Result.Add(pipeline);
                pipeline = [];
            }

            while (_pos < code.Length)
            {
                char c = code[_pos];
                if (element.Count == 0) elementLine = _line;
                if (c == closer) { _pos++; EndStatement(); return; }
                switch (c)
                {
                    case '\n':
                        _pos++; _line++;
                        // A statement continues when the line ended with '|' or the next line starts with '|'.
                        if (element.Count == 0 && pipeline.Count > 0) break;
                        if (!NextLineStartsWithPipe()) EndStatement();
                        break;
                    case ' ' or '\t' or '\r':
                        _pos++;
                        break;
                    case '`' when _pos + 1 < code.Length && code[_pos + 1] is '\n' or '\r':
                        _pos++; // the newline after it is skipped as plain whitespace below
                        while (_pos < code.Length && code[_pos] is '\r' or '\n') { if (code[_pos] == '\n') _line++; _pos++; }
                        break;
                    case '#':
                        while (_pos < code.Length && code[_pos] != '\n') _pos++;
                        break;
                    case '<' when Peek("<#"):
                        int end = code.IndexOf("#>", _pos + 2, StringComparison.Ordinal);
                        if (end < 0) Errors.Add($"{file}:{_line}: '<#' comment is never closed");
                        var comment = end < 0 ? code[_pos..] : code[_pos..(end + 2)];
                        _line += comment.Count(ch => ch == '\n');
                        _pos += comment.Length;
                        break;
                    case ';':
                        _pos++; EndStatement();
                        break;
                    case '|' when Peek("||"):
                        _pos += 2; EndStatement();
                        break;
                    case '|':
                        _pos++; EndElement();
                        break;
                    case '&' when Peek("&&"):
                        _pos += 2; EndStatement();
                        break;
                    case '(' or '{' or '[':
                        element.Add(Group(c));
                        break;
                    case ')' or '}' or ']':
                        Errors.Add($"{file}:{_line}: '{c}' closes nothing" + (closer == '\0' ? "" : $" (expected '{closer}' for the bracket opened at line {openedAt})"));
                        _pos++;
                        EndStatement();
                        break;
                    case '@' or '$' when _pos + 1 < code.Length && code[_pos + 1] is '(' or '{':
                        _pos++;
                        element.Add(Group(code[_pos]));
                        break;
                    case '\'' or '"':
                        element.Add(new ScriptToken(ScriptToken.Kinds.String, ReadString(c), _line));
                        break;
                    case '@' when _pos + 1 < code.Length && code[_pos + 1] is '\'' or '"' && HereStringStart():
                        element.Add(new ScriptToken(ScriptToken.Kinds.String, ReadHereString(), _line));
                        break;
                    case '$':
                        element.Add(new ScriptToken(ScriptToken.Kinds.Variable, ReadWord(), _line));
                        break;
                    case '=' when element.Count > 0 && element[^1].Kind == ScriptToken.Kinds.Variable:
                    case '=' when element.Count > 0 && element[^1].Kind == ScriptToken.Kinds.Group:
                        // "$x = Get-Thing ...": the command starts after the assignment.
                        _pos++;
                        if (_pos < code.Length && code[_pos] == '=') { _pos++; element.Add(new ScriptToken(ScriptToken.Kinds.Operator, "==", _line)); break; }
                        element.Clear();
                        elementLine = _line;
                        break;
                    case '-' when _pos + 1 < code.Length && char.IsLetter(code[_pos + 1]) && (_pos == 0 || char.IsWhiteSpace(code[_pos - 1]) || code[_pos - 1] is '(' or '{'):
                        _pos++;
                        var name = ReadWord();
                        element.Add(new ScriptToken(ScriptToken.Kinds.Parameter, name.Split(':')[0], _line));
                        if (name.EndsWith(':') && _pos < code.Length && code[_pos] is '(' or '$' or '[') { /* value follows, scanned as its own token */ }
                        break;
                    default:
                        var word = ReadWord();
                        if (word.Length == 0) { _pos++; break; }
                        element.Add(new ScriptToken(char.IsDigit(word[0]) ? ScriptToken.Kinds.Number : ScriptToken.Kinds.Word, word, _line));
                        break;
                }
            }
            if (closer != '\0') Errors.Add($"{file}:{openedAt}: '{closer}' missing for the bracket opened here");
            EndStatement();
        }

        private ScriptToken Group(char open)
        {
            int line = _line;
            _pos++;
            char closer = open switch { '(' => ')', '{' => '}', _ => ']' };
            if (open == '[')
            {
                // Type literals and indexes hold no commands worth checking: skip to the matching ].
                int depth = 1;
                while (_pos < code.Length && depth > 0)
                {
                    if (code[_pos] == '[') depth++;
                    else if (code[_pos] == ']') depth--;
                    else if (code[_pos] == '\n') _line++;
                    _pos++;
                }
                return new ScriptToken(ScriptToken.Kinds.Group, "[]", line);
            }
            Frame(closer, line);
            return new ScriptToken(ScriptToken.Kinds.Group, open + "" + closer, line);
        }

        private string ReadString(char quote)
        {
            var sb = new StringBuilder();
            int startLine = _line;
            _pos++;
            while (_pos < code.Length)
            {
                char c = code[_pos++];
                if (c == '\n') _line++;
                if (c == '`' && quote == '"' && _pos < code.Length) { sb.Append(code[_pos++]); continue; }
                if (c == quote)
                {
                    if (_pos < code.Length && code[_pos] == quote) { sb.Append(quote); _pos++; continue; }
                    break;
                }
                sb.Append(c);
                if (_pos >= code.Length) Errors.Add($"{file}:{startLine}: string starting here is never closed");
            }
            return sb.ToString();
        }

        private bool HereStringStart()
        {
            int i = _pos + 2;
            while (i < code.Length && code[i] is ' ' or '\t' or '\r') i++;
            return i < code.Length && code[i] == '\n';
        }

        private string ReadHereString()
        {
            char quote = code[_pos + 1];
            var terminator = "\n" + quote + "@";
            int end = code.IndexOf(terminator, _pos, StringComparison.Ordinal);
            if (end < 0) Errors.Add($"{file}:{_line}: here-string is never closed");
            var text = end < 0 ? code[_pos..] : code[_pos..(end + terminator.Length)];
            _line += text.Count(ch => ch == '\n');
            _pos += text.Length;
            return text;
        }

        private string ReadWord()
        {
            int start = _pos;
            if (_pos < code.Length && code[_pos] == '$') _pos++;
            while (_pos < code.Length && !char.IsWhiteSpace(code[_pos]) && code[_pos] is not ('|' or ';' or '(' or ')' or '{' or '}' or ',' or '\'' or '"' or '[' or ']' or '='))
                _pos++;
            // "$x.Name" and "$x[0]" stay one token; a trailing ":" (-Confirm:$false) is kept for the caller.
            return code[start.._pos];
        }

        private bool Peek(string s) => string.CompareOrdinal(code, _pos, s, 0, s.Length) == 0;

        private bool NextLineStartsWithPipe()
        {
            int i = _pos;
            while (i < code.Length && code[i] is ' ' or '\t' or '\r') i++;
            return i < code.Length && code[i] == '|' && !(i + 1 < code.Length && code[i + 1] == '|');
        }

        private PipelineElement MakeElement(List<ScriptToken> tokens, int line)
        {
            var head = tokens[0];
            if (head.Kind == ScriptToken.Kinds.Word && head.Text is "&" or "." && tokens.Count > 1) head = tokens[1];
            // "--" ends the parameters: what follows is passed on as plain arguments (-c 1 for ping).
            return new PipelineElement(file, line, head.Text, head.Kind,
                tokens.TakeWhile(t => !(t.Kind == ScriptToken.Kinds.Word && t.Text == "--"))
                      .Where(t => t.Kind == ScriptToken.Kinds.Parameter).Select(t => t.Text).ToList(), tokens);
        }
    }
}
