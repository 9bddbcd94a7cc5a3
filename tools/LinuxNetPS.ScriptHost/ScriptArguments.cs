using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace LinuxNetPS.ScriptHost;

/// <summary>
/// Command-line words to script parameters, as `pwsh -File` does: "-Name value" names a value,
/// "-Switch" alone sets a switch, "-Name:value" names its value, anything else is positional.
/// Whether "-Name" takes the next word depends on the script's own parameters, so they are asked for.
/// </summary>
public static class ScriptArguments
{
    public static List<CommandParameter> Parse(IReadOnlyList<string> words, CommandInfo script)
    {
        var result = new List<CommandParameter>();
        for (int i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (!LooksLikeName(word))
            {
                result.Add(new CommandParameter(null, word));
                continue;
            }
            int colon = word.IndexOf(':');
            if (colon >= 0)
            {
                result.Add(new CommandParameter(word[1..colon], ParseValue(word[(colon + 1)..])));
                continue;
            }
            var name = word[1..];
            bool takesValue = Find(script, name) is { SwitchParameter: false };
            if (takesValue && i + 1 < words.Count) result.Add(new CommandParameter(name, words[++i]));
            else result.Add(new CommandParameter(name, true));
        }
        return result;
    }

    private static bool LooksLikeName(string word) => word.Length > 1 && word[0] == '-' && (char.IsLetter(word[1]) || word[1] == '_');

    /// <summary>The parameter a name selects: exact name, alias, or unique prefix (as the binder resolves it).</summary>
    private static ParameterMetadata? Find(CommandInfo script, string name)
    {
        var all = script.Parameters.Values;
        var exact = all.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)
                                            || p.Aliases.Contains(name, StringComparer.OrdinalIgnoreCase));
        if (exact is not null) return exact;
        var prefixed = all.Where(p => p.Name.StartsWith(name, StringComparison.OrdinalIgnoreCase)).ToList();
        return prefixed.Count == 1 ? prefixed[0] : null;
    }

    /// <summary>"-Switch:$false" and "-Switch:$true" mean booleans, as in pwsh -File; other values stay text.</summary>
    private static object ParseValue(string text) => text.ToLowerInvariant() switch
    {
        "$true" => true,
        "$false" => false,
        _ => text,
    };
}
