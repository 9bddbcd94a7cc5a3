using System.Management.Automation.Language;

namespace LinuxNetPS.Module.Tests.Support;

/// <summary>One element of a pipeline: "Get-NetLink -Name eth0 -Namespace red" in "Get-NetLink ... | Move-NetLink ...".</summary>
internal sealed record PipelineElement(string File, int Line, string Head, ScriptToken.Kinds HeadKind, IReadOnlyList<string> Parameters, IReadOnlyList<ScriptToken> Arguments);

internal sealed record ScriptToken(ScriptToken.Kinds Kind, string Text, int Line)
{
    public enum Kinds { Word, Parameter, String, Variable, Number, Operator, Group }
}

/// <summary>
/// The pipelines in our scripts and in the code blocks of our docs, read with PowerShell's own
/// parser (<see cref="Parser.ParseInput(string, string, out Token[], out ParseError[])"/>): every
/// pipeline anywhere in the code (in script blocks, assignments, sub-expressions), the command at
/// each element and the parameter names it is given. Syntax errors are reported with the parser's
/// message and error id.
/// </summary>
internal static class ScriptScanner
{
    public static List<List<PipelineElement>> Pipelines(string code, string file, int firstLine = 1) =>
        Scan(code, file, firstLine).Pipelines;

    /// <summary>Pipelines plus the parser's errors ("file:line: message (ErrorId)").</summary>
    public static (List<List<PipelineElement>> Pipelines, List<string> Errors) Scan(string code, string file, int firstLine = 1)
    {
        var ast = Parser.ParseInput(code, file, out _, out var parseErrors);
        int Line(IScriptExtent extent) => extent.StartLineNumber + firstLine - 1;
        var errors = parseErrors.Select(e => $"{file}:{Line(e.Extent)}: {e.Message} ({e.ErrorId})").ToList();
        var pipelines = ast.FindAll(a => a is PipelineAst, searchNestedScriptBlocks: true)
            .Cast<PipelineAst>()
            .OrderBy(p => p.Extent.StartOffset)
            .Select(p => p.PipelineElements.Select(e => Element(e, file, Line(e.Extent), firstLine)).ToList())
            .ToList();
        return (pipelines, errors);
    }

    private static PipelineElement Element(CommandBaseAst element, string file, int line, int firstLine)
    {
        if (element is CommandAst command)
        {
            var name = command.GetCommandName();
            var head = command.CommandElements[0];
            // Everything after `--` is an argument, however it looks.
            var parameters = command.CommandElements.TakeWhile(e => e.Extent.Text != "--")
                .OfType<CommandParameterAst>().Select(p => p.ParameterName).ToList();
            var arguments = command.CommandElements.Select(e => Token(e, firstLine)).ToList();
            return name is not null && command.InvocationOperator == TokenKind.Unknown
                ? new PipelineElement(file, line, name, ScriptToken.Kinds.Word, parameters, arguments)
                : new PipelineElement(file, line, head.Extent.Text, Token(head, firstLine).Kind, parameters, arguments);
        }

        // An expression at the head of a pipeline: 'red', "green" | ... or $links | ...
        var expression = ((CommandExpressionAst)element).Expression;
        var first = expression is ArrayLiteralAst array ? array.Elements[0] : expression;
        var token = Token(first, firstLine);
        var text = first is StringConstantExpressionAst s ? s.Value : first is ExpandableStringExpressionAst x ? x.Value : first.Extent.Text;
        return new PipelineElement(file, line, text, token.Kind, [], [token]);
    }

    private static ScriptToken Token(Ast ast, int firstLine)
    {
        var kind = ast switch
        {
            StringConstantExpressionAst { StringConstantType: StringConstantType.BareWord } => ScriptToken.Kinds.Word,
            StringConstantExpressionAst or ExpandableStringExpressionAst => ScriptToken.Kinds.String,
            CommandParameterAst => ScriptToken.Kinds.Parameter,
            VariableExpressionAst => ScriptToken.Kinds.Variable,
            ConstantExpressionAst => ScriptToken.Kinds.Number,
            _ => ScriptToken.Kinds.Group,
        };
        return new ScriptToken(kind, ast.Extent.Text, ast.Extent.StartLineNumber + firstLine - 1);
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
            // Unlabelled blocks are not code: platyPS pages put the SYNTAX diagrams in them.
            if (info is "powershell" or "pwsh" or "ps1" or "ps")
                yield return (string.Join("\n", body.Select(StripPrompt)), start + 1);
        }
    }

    private static string StripPrompt(string line)
    {
        var t = line.TrimStart();
        if (t.StartsWith("PS>") || t.StartsWith("PS ") && t.Contains('>')) return t[(t.IndexOf('>') + 1)..];
        return line;
    }
}
