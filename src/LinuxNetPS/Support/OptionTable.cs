using System.Collections;
using System.Globalization;
using LinuxNetPS.Errors;

namespace LinuxNetPS.Support;

/// <summary>New-NetLink's -Option @{ mode = 'bridge'; id = 42 } as the string map the core takes.</summary>
public static class OptionTable
{
    /// <param name="table">The -Option hashtable (null: no options).</param>
    /// <param name="unwrap">Turns PowerShell's PSObject wrappers into the values they wrap (supplied by the cmdlet).</param>
    public static IReadOnlyDictionary<string, string> Convert(IDictionary? table, Func<object?, object?>? unwrap = null)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (table is null) return result;
        unwrap ??= v => v;
        foreach (DictionaryEntry entry in table)
        {
            var key = unwrap(entry.Key)?.ToString();
            if (string.IsNullOrWhiteSpace(key))
                throw NetOperationException.Invalid("-Option keys must be non-empty names, for example @{ mode = 'bridge' }.").WithErrorId(ErrorIds.InvalidLinkOption);
            var value = unwrap(entry.Value);
            result[key.Trim()] = value switch
            {
                null => throw NetOperationException.Invalid($"-Option '{key}' has no value; write it like @{{ {key} = 'value' }}.", key).WithErrorId(ErrorIds.InvalidLinkOption),
                bool b => b ? "true" : "false",
                string s => s,
                // @{ ports = 'eth1', 'eth2' }: a list is its items, comma-separated.
                IEnumerable list => string.Join(",", list.Cast<object?>().Select(item => unwrap(item)?.ToString())),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString() ?? "",
            };
        }
        return result;
    }
}
