namespace LinuxNetPS.HelpBuilder;

/// <summary>Everything a platyPS command page says, in the shape MAML needs.</summary>
internal sealed record CommandHelp
{
    public required string Name { get; init; }
    public string Verb => Name.Contains('-') ? Name[..Name.IndexOf('-')] : Name;
    public string Noun => Name.Contains('-') ? Name[(Name.IndexOf('-') + 1)..] : "";
    public string Synopsis { get; init; } = "";
    public IReadOnlyList<string> Description { get; init; } = [];
    public IReadOnlyList<SyntaxSet> Syntax { get; init; } = [];
    public IReadOnlyList<ParameterHelp> Parameters { get; init; } = [];
    public IReadOnlyList<ExampleHelp> Examples { get; init; } = [];
    public IReadOnlyList<TypeHelp> Inputs { get; init; } = [];
    public IReadOnlyList<TypeHelp> Outputs { get; init; } = [];
    public IReadOnlyList<string> Notes { get; init; } = [];
    public IReadOnlyList<LinkHelp> RelatedLinks { get; init; } = [];
    public string? OnlineVersion { get; init; }

    public ParameterHelp? Parameter(string name) =>
        Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One "### SetName (Default)" entry of the SYNTAX section: the parameters in the order the syntax line shows them.</summary>
internal sealed record SyntaxSet(string Name, bool IsDefault, IReadOnlyList<string> ParameterOrder, string Line);

/// <summary>A "### -Name" entry. A parameter that behaves differently per parameter set has several yaml blocks (Variants).</summary>
internal sealed record ParameterHelp(string Name, IReadOnlyList<string> Description, IReadOnlyList<ParameterVariant> Variants)
{
    public ParameterVariant? For(string setName) =>
        Variants.FirstOrDefault(v => v.AppliesTo(setName));
}

internal sealed record ParameterVariant
{
    public required string Type { get; init; }
    /// <summary>Empty = "(All)".</summary>
    public IReadOnlyList<string> ParameterSets { get; init; } = [];
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public IReadOnlyList<string> AcceptedValues { get; init; } = [];
    public bool Required { get; init; }
    /// <summary>"Named" or a number.</summary>
    public string Position { get; init; } = "Named";
    public string DefaultValue { get; init; } = "None";
    /// <summary>As platyPS writes it: "False", "True (ByPropertyName)", "True (ByValue)", "True (ByPropertyName, ByValue)".</summary>
    public string PipelineInput { get; init; } = "False";
    public bool Globbing { get; init; }

    public bool IsSwitch => Type.Equals("SwitchParameter", StringComparison.OrdinalIgnoreCase)
                            || Type.EndsWith(".SwitchParameter", StringComparison.OrdinalIgnoreCase);
    public bool ByValue => PipelineInput.Contains("ByValue", StringComparison.OrdinalIgnoreCase);
    public bool ByPropertyName => PipelineInput.Contains("ByPropertyName", StringComparison.OrdinalIgnoreCase);

    public bool AppliesTo(string setName) =>
        ParameterSets.Count == 0 || setName == "__AllParameterSets"
        || ParameterSets.Any(s => string.Equals(s, setName, StringComparison.OrdinalIgnoreCase));
}

internal sealed record ExampleHelp(string Title, IReadOnlyList<string> Introduction, string Code, IReadOnlyList<string> Remarks);

internal sealed record TypeHelp(string Name, IReadOnlyList<string> Description);

internal sealed record LinkHelp(string Text, string Uri);
