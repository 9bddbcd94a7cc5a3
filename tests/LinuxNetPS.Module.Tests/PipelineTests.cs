using LinuxNetPS.Module.Tests.Support;

namespace LinuxNetPS.Module.Tests;

/// <summary>
/// THE pipelines: every "A | B" listed in about_LinuxNetPS binds what the user means and nothing else.
/// </summary>
public class PipelineTests
{
    public static TheoryData<string, string> DocumentedPipelines()
    {
        var data = new TheoryData<string, string>();
        foreach (var (from, to, _) in PipelineList.Read(Repo.AboutPage)) data.Add(from, to);
        return data;
    }

    [Fact]
    public void The_about_page_lists_every_pipeline_the_contract_promises()
    {
        var listed = PipelineList.Read(Repo.AboutPage).Select(p => (p.From, p.To)).ToHashSet();
        var missing = Contract.RequiredPipelines.Where(p => !listed.Contains(p)).Select(p => $"{p.From} | {p.To}").ToList();
        Assert.True(missing.Count == 0, "about_LinuxNetPS.md SUPPORTED PIPELINES lacks: " + string.Join("; ", missing));
    }

    [Theory]
    [MemberData(nameof(DocumentedPipelines))]
    public void Pipeline_binds_what_it_means(string from, string to)
    {
        var module = ModuleMetadata.Instance;
        var a = module.Cmdlet(from);
        var b = module.Cmdlet(to);
        var problems = new Problems();
        if (a.OutputTypes.Count == 0) problems.Add($"{from} declares no [OutputType], so nothing says what it pipes");

        foreach (var output in a.OutputTypes)
        {
            if (output.Type is null) { problems.Add($"{from}: output type '{output.Name}' is not a type in the module's assemblies"); continue; }
            var results = Binding.Bind(output.Type, b).ToList();
            var binding = results.FirstOrDefault(r => r.Binds);
            if (binding is null)
            {
                problems.Add($"{output.Type.Name} from {from} does not bind {to} in any parameter set: " + string.Join("; ", results.Select(r =>
                    $"set '{r.Set}': " + (r.UnboundMandatory.Count > 0
                        ? "mandatory pipeline parameter(s) " + string.Join(", ", r.UnboundMandatory.Select(p => "-" + p.Name)) + " have no property of that name or alias"
                        : "no parameter takes anything from it"))));
                continue;
            }

            // Every property that binds in ANY set must mean what the parameter means: PowerShell binds them all.
            foreach (var r in results)
                foreach (var bound in r.ByName)
                {
                    var propertyMeaning = Meaning(Contract.PropertyMeanings, output.Type.Name, bound.Property.Name);
                    var parameterMeaning = Meaning(Contract.PipelineParameters, to, bound.Parameter.Name);
                    if (propertyMeaning is null)
                        problems.Add($"{output.Type.Name}.{bound.Property.Name} binds {to} -{bound.Parameter.Name} (by {bound.Via}) but has no meaning in Contract.PropertyMeanings");
                    if (parameterMeaning is null)
                        problems.Add($"{to} -{bound.Parameter.Name} takes pipeline input but has no meaning in Contract.PipelineParameters");
                    if (propertyMeaning is not null && parameterMeaning is not null && propertyMeaning != parameterMeaning)
                        problems.Add($"{from} | {to}: {output.Type.Name}.{bound.Property.Name} ({propertyMeaning}) would bind -{bound.Parameter.Name} ({parameterMeaning}) by {bound.Via}");
                    if (!Binding.Converts(bound.Property.PropertyType, bound.Parameter.Type))
                        problems.Add($"{from} | {to}: {output.Type.Name}.{bound.Property.Name} is {bound.Property.PropertyType.Name}, which does not convert to -{bound.Parameter.Name} ({bound.Parameter.Type.Name})");
                }
        }
        problems.AssertNone($"{from} | {to}");
    }

    [Fact]
    public void Only_allow_listed_identity_parameters_take_pipeline_input()
    {
        var problems = new Problems();
        foreach (var c in ModuleMetadata.Instance.Cmdlets)
        {
            if (!Contract.PipelineParameters.TryGetValue(c.Name, out var allowed))
            {
                problems.Add($"{c}: not in Contract.PipelineParameters; review which of its parameters are identity");
                continue;
            }
            foreach (var p in c.Parameters)
            {
                if (p.ByPropertyName)
                    problems.Check(allowed.ContainsKey(p.Name), $"{c}: -{p.Name} is ValueFromPipelineByPropertyName but is not an identity parameter in the allow-list");
                if (p.ByValue)
                    problems.Check(Contract.ByValueParameters.Contains((c.Name, p.Name)), $"{c}: -{p.Name} is ValueFromPipeline (by value) but not in Contract.ByValueParameters");
            }
        }
        problems.AssertNone("pipeline-bound parameters");
    }

    [Fact]
    public void Identity_parameters_exist_and_take_pipeline_input_as_the_contract_says()
    {
        var problems = new Problems();
        var module = ModuleMetadata.Instance;
        var required = Contract.RequiredPipelineParameters.ToList();
        required.AddRange(module.Cmdlets.Where(c => !Contract.WithoutNamespaceParameter.Contains(c.Name) && !Contract.NamespaceNotFromPipeline.Contains(c.Name))
            .Select(c => (c.Name, "Namespace")));
        foreach (var (cmdlet, name) in required)
        {
            var c = module.Cmdlets.FirstOrDefault(x => x.Name.Equals(cmdlet, StringComparison.OrdinalIgnoreCase));
            if (c is null) continue; // reported by The_assembly_has_every_cmdlet_of_the_contract
            var p = c.Parameter(name);
            if (p is null) problems.Add($"{cmdlet}: identity parameter -{name} does not exist");
            else problems.Check(p.FromPipeline, $"{cmdlet}: -{name} is an identity parameter the contract pipes into, but it takes no pipeline input");
        }
        foreach (var (cmdlet, parameters) in Contract.PipelineParameters)
        {
            var c = module.Cmdlets.FirstOrDefault(x => x.Name.Equals(cmdlet, StringComparison.OrdinalIgnoreCase));
            foreach (var name in parameters.Keys.Where(n => c is not null && c.Parameter(n) is null))
                problems.Add($"Contract.PipelineParameters: {cmdlet} has no -{name}; remove it from the allow-list or add the parameter");
        }
        problems.AssertNone("identity parameters");
    }

    [Fact]
    public void The_meaning_tables_name_real_properties()
    {
        var problems = new Problems();
        var module = ModuleMetadata.Instance;
        foreach (var (typeName, properties) in Contract.PropertyMeanings)
        {
            var type = module.OwnAssemblies.SelectMany(a => a.GetTypes()).FirstOrDefault(t => t.IsPublic && t.Name == typeName);
            if (type is null)
            {
                // A contract type not written yet (its cmdlets are reported missing elsewhere); one a cmdlet emits must exist.
                if (module.Cmdlets.Any(c => c.OutputTypes.Any(o => o.Name.EndsWith("." + typeName) || o.Name == typeName)))
                    problems.Add($"Contract.PropertyMeanings lists {typeName}, which a cmdlet emits but is no public type of the module");
                continue;
            }
            var real = Binding.Properties(type).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var name in properties.Keys)
                problems.Check(real.Contains(name), $"Contract.PropertyMeanings: {typeName}.{name} does not exist");
        }
        problems.AssertNone("meaning tables");
    }

    /// <summary>
    /// Beyond the documented pairs: for ANY emitted type piped into ANY cmdlet, if PowerShell would run the
    /// pipeline (every mandatory pipeline parameter binds), no property may land in a parameter of another
    /// meaning, unless that binding is a reviewed entry of Contract.AcceptedCrossBindings.
    /// </summary>
    [Fact]
    public void No_emitted_type_binds_a_parameter_of_another_meaning_in_any_pipeline_that_would_run()
    {
        var problems = new Problems();
        var module = ModuleMetadata.Instance;
        var outputs = module.Cmdlets.SelectMany(c => c.OutputTypes).Where(o => o.Type is not null).Select(o => o.Type!).Distinct().ToList();
        foreach (var type in outputs)
            foreach (var target in module.Cmdlets)
                foreach (var r in Binding.Bind(type, target).Where(r => r.Binds))
                    foreach (var bound in r.ByName)
                    {
                        var pm = Meaning(Contract.PropertyMeanings, type.Name, bound.Property.Name);
                        var qm = Meaning(Contract.PipelineParameters, target.Name, bound.Parameter.Name);
                        if (pm is null || qm is null || pm == qm) continue;
                        if (Contract.AcceptedCrossBindings.Any(a => a.Property == $"{type.Name}.{bound.Property.Name}" && a.Cmdlet == target.Name)) continue;
                        problems.Add($"{type.Name} | {target.Name}: {type.Name}.{bound.Property.Name} ({pm}) would bind -{bound.Parameter.Name} ({qm}) by {bound.Via}");
                    }
        problems.AssertNone("cross-meaning bindings");
    }

    [Fact]
    public void Accepted_cross_bindings_are_still_real()
    {
        var module = ModuleMetadata.Instance;
        foreach (var (property, cmdlet, _) in Contract.AcceptedCrossBindings)
        {
            var target = module.Cmdlets.FirstOrDefault(c => c.Name == cmdlet);
            var typeName = property[..property.IndexOf('.')];
            var type = module.OwnAssemblies.SelectMany(a => a.GetTypes()).FirstOrDefault(t => t.IsPublic && t.Name == typeName);
            if (target is null || type is null) continue; // not built yet; nothing to accept
            Assert.True(Binding.Bind(type, target).Any(r => r.ByName.Any(b => $"{typeName}.{b.Property.Name}" == property)),
                $"Contract.AcceptedCrossBindings lists {property} -> {cmdlet}, which no longer binds: remove the entry");
        }
    }

    private static string? Meaning(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> table, string owner, string member) =>
        table.TryGetValue(owner, out var members) && members.TryGetValue(member, out var meaning) ? meaning : null;
}
