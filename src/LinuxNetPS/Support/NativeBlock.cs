using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Language;
using LinuxNetPS.Errors;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Support;

/// <summary>One native program of a recognised block: its absolute path and its argv (without argv[0]).</summary>
internal sealed record NativeCommandLine(string FileName, IReadOnlyList<string> Arguments);

/// <summary>
/// Recognises a script block that is nothing but a native command, or a pipeline of native commands,
/// whose arguments are literals and $using: values: `{ ping -c 1 10.0.0.2 }`, `{ ip -br link | grep UP }`.
/// Such a block means the same when the programs are started directly in the namespace (no child pwsh),
/// so Invoke-NetNamespace takes that path for it.
/// </summary>
/// <remarks>
/// Strict on purpose: whatever is not certainly a plain native command returns null and the block keeps
/// the isolated child pwsh, which runs anything correctly, only slower. Not recognised: variables other
/// than unqualified $using:NAME holding strings, characters or integers (or arrays of them); subexpressions,
/// expandable strings, splatting, redirections, `--%`, `--`, `-name:value`, a trailing `&amp;`; barewords
/// PowerShell would glob or tilde-expand (* ? [ ] ~); several statements, param/begin/process blocks,
/// traps; a name that an alias, function or cmdlet of this session (or a NAME.ps1 in PATH) shadows; a name with
/// wildcards; a relative path (./tool); any bare name while PATH has a relative entry such as '.' (PowerShell
/// would search it and could reach a program planted in the current directory; our lookup never does).
/// </remarks>
internal static class NativeBlock
{
    private static readonly char[] ShellSpecial = ['*', '?', '[', ']', '~'];

    /// <summary>The programs of <paramref name="block"/> in pipeline order, or null when it is not a plain native block.</summary>
    public static IReadOnlyList<NativeCommandLine>? Recognize(ScriptBlock block, PSCmdlet cmdlet)
    {
        if (block.Ast is not ScriptBlockAst ast) return null;
        if (ast.ParamBlock is not null || ast.BeginBlock is not null || ast.ProcessBlock is not null || ast.DynamicParamBlock is not null) return null;
        if (ast.ScriptRequirements is not null || ast.UsingStatements.Count > 0 || HasProperty(ast, "CleanBlock")) return null;
        if (ast.EndBlock is not { } end || end.Traps is { Count: > 0 } || end.Statements.Count != 1) return null;
        // Exact type: PowerShell 7's `a && b` chain and assignments are other statement kinds.
        if (end.Statements[0] is not PipelineAst pipeline || pipeline.GetType() != typeof(PipelineAst)) return null;
        if (HasProperty(pipeline, "Background")) return null; // `ping x &` is a job (PowerShell 6+, absent from the 5.1 reference)

        var workingDirectory = cmdlet.SessionState.Path.CurrentFileSystemLocation.ProviderPath;
        var path = Environment.GetEnvironmentVariable("PATH");
        var commands = new List<NativeCommandLine>(pipeline.PipelineElements.Count);
        foreach (var element in pipeline.PipelineElements)
        {
            if (element is not CommandAst command || Recognize(command, cmdlet, workingDirectory, path) is not { } line) return null;
            commands.Add(line);
        }
        return commands;
    }

    private static NativeCommandLine? Recognize(CommandAst command, PSCmdlet cmdlet, string workingDirectory, string? path)
    {
        if (command.InvocationOperator is not (TokenKind.Unknown or TokenKind.Ampersand) || command.Redirections.Count > 0) return null;
        if (command.CommandElements[0] is not StringConstantExpressionAst { Value: var name } || !IsPlainName(name)) return null;
        if (ResolveProgram(name, cmdlet, workingDirectory, path) is not { } file) return null;

        var arguments = new List<string>(command.CommandElements.Count - 1);
        for (var i = 1; i < command.CommandElements.Count; i++)
            if (!AddArgument(command.CommandElements[i], cmdlet, arguments)) return null;
        return new NativeCommandLine(file, arguments);
    }

    /// <summary>A bare name (found in PATH) or an absolute path, without wildcards.</summary>
    private static bool IsPlainName(string name) =>
        name.Length > 0 && name.IndexOfAny(ShellSpecial) < 0 && (name[0] == '/' || !name.Contains('/'));

    /// <summary>
    /// The program's absolute path when this session would run a native application of that name and our
    /// PATH-only lookup finds it; null when an alias, function or loaded cmdlet of this session has the name,
    /// a PATH folder holds NAME.ps1, PATH has a relative entry (PowerShell would search it, we do not), or
    /// nothing is found. Checked directly rather than by CommandInvocationIntrinsics.GetCommand, which costs
    /// about 3 ms a name, as much as starting the program.
    /// </summary>
    private static string? ResolveProgram(string name, PSCmdlet cmdlet, string workingDirectory, string? path)
    {
        var folders = (path ?? "").Split(':');
        if (folders.Any(f => !Path.IsPathRooted(f))) return null;
        if (name[0] != '/')
        {
            var items = cmdlet.SessionState.InvokeProvider.Item;
            if (items.Exists("alias:\\" + name, force: false, literalPath: true) || items.Exists("function:\\" + name, force: false, literalPath: true)) return null;
            if (cmdlet.InvokeCommand.GetCmdlet(name) is not null) return null;
            if (folders.Any(f => File.Exists(Path.Combine(f, name + ".ps1")))) return null;
        }
        else if (name.EndsWith(".ps1", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        try
        {
            return ProgramPath.Resolve(name, workingDirectory, path);
        }
        catch (NetOperationException)
        {
            return null;
        }
    }

    private static bool AddArgument(CommandElementAst element, PSCmdlet cmdlet, List<string> arguments)
    {
        switch (element)
        {
            case CommandParameterAst parameter:
                // `-c` reaches a native program as the text typed; `-name:value` is left to PowerShell.
                if (parameter.Argument is not null || !parameter.Extent.Text.StartsWith('-') || IsEndOfParameters(parameter.Extent.Text)) return false;
                return Add(arguments, parameter.Extent.Text);
            case StringConstantExpressionAst text:
                if (text.StringConstantType == StringConstantType.BareWord && (text.Value.IndexOfAny(ShellSpecial) >= 0 || IsEndOfParameters(text.Value)))
                    return false;
                return Add(arguments, text.Value);
            case ConstantExpressionAst constant when constant.GetType() == typeof(ConstantExpressionAst):
                // A number reaches a native program either as typed or as PowerShell's string for its value, depending on the
                // literal and the version (7.6 passes 0x10 as typed, but 0.30000000000000004 as 0.3). Only where the two agree
                // (1, 0.2, 0.0001) is the argument certain; 0x10, 1kb, 1e3, 1.0, 1.5d are left to PowerShell. Fractions matter:
                // `{ ping -i 0.2 x }` fell back to the child pwsh, where Ctrl+C reaches ping through a pipe, not the terminal.
                return LanguagePrimitives.ConvertTo<string>(constant.Value) is { } number && number == constant.Extent.Text && Add(arguments, number);
            case UsingExpressionAst { SubExpression: VariableExpressionAst variable } when !variable.Splatted && variable.VariablePath.IsUnqualified:
                return AddValue(arguments, cmdlet.SessionState.PSVariable.Get(variable.VariablePath.UserPath));
            default:
                return false;
        }
    }

    /// <summary>`--` and `--%` mean something to PowerShell's parser and have changed between versions.</summary>
    private static bool IsEndOfParameters(string text) => text == "--" || text.StartsWith("--%", StringComparison.Ordinal);

    /// <summary>A $using: value: a string, character or integer is one argument; an array of them is one argument each, as PowerShell passes it.</summary>
    private static bool AddValue(List<string> arguments, PSVariable? variable)
    {
        if (variable is null) return false;
        var value = variable.Value is PSObject wrapped ? wrapped.BaseObject : variable.Value;
        if (value is object[] or string[])
        {
            foreach (var item in (System.Collections.IEnumerable)value)
                if (FormatScalar(item is PSObject p ? p.BaseObject : item) is not { } text || !Add(arguments, text)) return false;
            return true;
        }
        return FormatScalar(value) is { } single && Add(arguments, single);
    }

    private static string? FormatScalar(object? value) => value switch
    {
        string s => s,
        char c => c.ToString(),
        sbyte or byte or short or ushort or int or uint or long or ulong => Convert.ToString(value, CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>An argument with a NUL byte cannot be passed in argv at all.</summary>
    private static bool Add(List<string> arguments, string value)
    {
        if (value.Contains('\0')) return false;
        arguments.Add(value);
        return true;
    }

    /// <summary>Whether a property that newer PowerShell versions have (CleanBlock, Background) is set on <paramref name="ast"/>.</summary>
    private static bool HasProperty(Ast ast, string name) =>
        ast.GetType().GetProperty(name)?.GetValue(ast) is { } value && value is not false;
}
