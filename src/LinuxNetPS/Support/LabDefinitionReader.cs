using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using LinuxNetPS.Compose.Labs;
using LinuxNetPS.Errors;

namespace LinuxNetPS.Support;

/// <summary>
/// The PowerShell sources of a lab definition: a .psd1 file, read with PowerShell's parser (never run: only
/// constants, arrays, hashtables and $true/$false/$null are allowed, as in a module manifest), which gives each value its
/// line and column; and a hashtable given to -Definition, whose values have only their key path as location.
/// Both become the core's definition tree, so every check and message is the core's.
/// </summary>
internal static class LabDefinitionReader
{
    public static LabDefinition FromPath(string path)
    {
        var (tree, warnings) = TreeFromPath(path);
        return LabBinder.Bind(tree, warnings);
    }

    /// <summary>The file's tree, not yet checked (a split lab rewrites its Hosts before handing it on).</summary>
    public static (LabValue Tree, IReadOnlyList<string> Warnings) TreeFromPath(string path)
    {
        if (!path.EndsWith(".psd1", StringComparison.OrdinalIgnoreCase)) return NetLabs.Read(path);
        // Opened by the core (a regular file of at most 16 MB, checked before reading), then parsed from that text.
        var ast = Parser.ParseInput(LabFile.ReadText(path), path, out _, out var errors);
        if (errors.Length > 0)
        {
            var e = errors[0];
            throw LabErrors.Invalid(new SourceLocation(path, e.Extent.StartLineNumber, e.Extent.StartColumnNumber, ""), $"This is not a valid PowerShell data file: {e.Message}");
        }
        var body = ast.EndBlock?.Statements.Count == 1 ? ast.EndBlock.Statements[0] : null;
        var hashtable = body is PipelineAst { PipelineElements.Count: 1 } p && p.PipelineElements[0] is CommandExpressionAst { Expression: HashtableAst h } ? h : null;
        if (hashtable is null)
            throw LabErrors.Invalid(new SourceLocation(path, 1, 1, ""), "A lab data file holds one hashtable: @{ Nodes = @{ ... }; Links = @( ... ) }.");
        return (FromAst(hashtable, path, ""), []);
    }

    public static LabDefinition FromHashtable(IDictionary definition) => LabBinder.Bind(TreeFromHashtable(definition));

    public static LabValue TreeFromHashtable(IDictionary definition) => FromObject(definition, "");

    private static SourceLocation At(Ast ast, string file, string path) => new(file, ast.Extent.StartLineNumber, ast.Extent.StartColumnNumber, path);

    private static LabValue FromAst(Ast ast, string file, string path)
    {
        switch (ast)
        {
            case HashtableAst h:
                return new LabMap(h.KeyValuePairs.Select(kv =>
                {
                    string key = kv.Item1 is StringConstantExpressionAst s ? s.Value
                        : kv.Item1 is ConstantExpressionAst c ? Convert.ToString(c.Value, System.Globalization.CultureInfo.InvariantCulture) ?? ""
                        : throw LabErrors.Invalid(At(kv.Item1, file, path), "Hashtable keys must be plain names or quoted texts.");
                    string keyPath = path.Length == 0 ? key : $"{path}.{key}";
                    return new LabEntry(key, At(kv.Item1, file, keyPath), FromAst(kv.Item2, file, keyPath));
                }).ToList(), At(h, file, path));
            case PipelineAst { PipelineElements.Count: 1 } pipe when pipe.PipelineElements[0] is CommandExpressionAst ce:
                return FromAst(ce.Expression, file, path);
            case CommandExpressionAst ce2:
                return FromAst(ce2.Expression, file, path);
            case ArrayExpressionAst array:
            {
                var statements = array.SubExpression.Statements;
                var items = new List<LabValue>();
                foreach (var statement in statements)
                {
                    var value = FromAst(statement, file, $"{path}[{items.Count}]");
                    if (value is LabList inner && statement is PipelineAst { PipelineElements: [CommandExpressionAst { Expression: ArrayLiteralAst }] }) items.AddRange(inner.Items);
                    else items.Add(value);
                }
                return new LabList(items, At(array, file, path));
            }
            case ArrayLiteralAst literal:
                return new LabList(literal.Elements.Select((e, i) => FromAst(e, file, $"{path}[{i}]")).ToList(), At(literal, file, path));
            case ParenExpressionAst paren:
                return FromAst(paren.Pipeline, file, path);
            case StringConstantExpressionAst text:
                return new LabScalar(text.Value, At(text, file, path));
            case ConstantExpressionAst constant:
                return new LabScalar(Convert.ToString(constant.Value, System.Globalization.CultureInfo.InvariantCulture), At(constant, file, path));
            case VariableExpressionAst variable when variable.VariablePath.UserPath.Equals("true", StringComparison.OrdinalIgnoreCase):
                return new LabScalar("true", At(variable, file, path), isBoolean: true);
            case VariableExpressionAst variable when variable.VariablePath.UserPath.Equals("false", StringComparison.OrdinalIgnoreCase):
                return new LabScalar("false", At(variable, file, path), isBoolean: true);
            case VariableExpressionAst variable when variable.VariablePath.UserPath.Equals("null", StringComparison.OrdinalIgnoreCase):
                return new LabScalar(null, At(variable, file, path));
            default:
                throw LabErrors.Invalid(At(ast, file, path), $"'{Short(ast.Extent.Text)}' is not allowed in a lab data file: only texts, numbers, $true, $false, $null, @( ) and @{{ }} (the file is read, never run).");
        }
    }

    private static string Short(string text) => text.Length > 40 ? text[..40] + "..." : text;

    private static LabValue FromObject(object? value, string path)
    {
        var where = new SourceLocation(null, 0, 0, path);
        if (value is PSObject p) value = p.BaseObject;
        switch (value)
        {
            case null:
                return new LabScalar(null, where);
            case IDictionary map:
                var entries = new List<LabEntry>();
                foreach (DictionaryEntry e in map)
                {
                    string key = e.Key is PSObject k ? k.BaseObject.ToString()! : e.Key.ToString()!;
                    string keyPath = path.Length == 0 ? key : $"{path}.{key}";
                    entries.Add(new LabEntry(key, new SourceLocation(null, 0, 0, keyPath), FromObject(e.Value, keyPath)));
                }
                // A plain @{} has no order; sorting makes pools hand out the same addresses every time. An ordered one
                // ([ordered]@{}, ConvertFrom-Json -AsHashtable: a split lab's hosts get theirs so) keeps its order.
                if (map.GetType() == typeof(Hashtable))
                    entries = entries.OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
                return new LabMap(entries, where);
            case bool b:
                return new LabScalar(b ? "true" : "false", where, isBoolean: true);
            case SwitchParameter s:
                return new LabScalar(s.IsPresent ? "true" : "false", where, isBoolean: true);
            case string text:
                return new LabScalar(text, where);
            case System.Management.Automation.Runspaces.PSSession session:
                // A host of Hosts given as a session (New-NetLab uses the session itself; the tree keeps its name).
                return new LabScalar(session.ComputerName, where);
            case IEnumerable list:
                var items = new List<LabValue>();
                foreach (var item in list) items.Add(FromObject(item, $"{path}[{items.Count}]"));
                return new LabList(items, where);
            case IFormattable f:
                return new LabScalar(f.ToString(null, System.Globalization.CultureInfo.InvariantCulture), where);
            default:
                throw LabErrors.Invalid(where, $"A value of type {value.GetType().Name} is not allowed in a lab definition: only texts, numbers, booleans, lists and hashtables.");
        }
    }
}
