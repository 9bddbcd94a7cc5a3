using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using LinuxNetPS.Support;

namespace LinuxNetPS.Completers;

/// <summary>
/// Shared shape of our completers: produce candidate names, keep those that fit the typed word,
/// quote where needed. Completion must never fail the user's typing, so any error means "no suggestions".
/// </summary>
public abstract class NameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            return CompletionText.Filter(Candidates(fakeBoundParameters), wordToComplete)
                .Select(name => new CompletionResult(CompletionText.Quote(name), name, CompletionResultType.ParameterValue, name))
                .ToList();
        }
        catch
        {
            return [];
        }
    }

    /// <summary>The names that could be typed here.</summary>
    protected abstract IEnumerable<string> Candidates(IDictionary fakeBoundParameters);

    /// <summary>The -Namespace already typed on the command line (null = host).</summary>
    protected static string? BoundNamespace(IDictionary fakeBoundParameters)
    {
        if (fakeBoundParameters is null || !fakeBoundParameters.Contains("Namespace")) return null;
        return Unwrap(fakeBoundParameters["Namespace"])?.ToString();
    }

    /// <summary>Strips PowerShell's PSObject wrapper from a bound value.</summary>
    protected static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
}
