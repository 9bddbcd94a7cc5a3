using LinuxNetPS.Module.Tests.Support;

namespace LinuxNetPS.Module.Tests;

/// <summary>Every cmdlet against the conventions of CMDLETS.md and PowerShell's own rules.</summary>
public class CmdletConventionTests
{
    private static IReadOnlyList<CmdletInfo> Cmdlets => ModuleMetadata.Instance.Cmdlets;

    /// <summary>PowerShell's common parameters and their aliases: a cmdlet that declares one of these fails to load.</summary>
    private static readonly string[] CommonNames =
    [
        "Verbose", "vb", "Debug", "db", "ErrorAction", "ea", "WarningAction", "wa", "InformationAction", "infa",
        "ProgressAction", "proga", "ErrorVariable", "ev", "WarningVariable", "wv", "InformationVariable", "iv",
        "OutVariable", "ov", "OutBuffer", "ob", "PipelineVariable", "pv", "WhatIf", "wi", "Confirm", "cf", "UseTransaction", "usetx",
    ];

    [Fact]
    public void The_assembly_has_every_cmdlet_of_the_contract()
    {
        var names = Cmdlets.Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var missing = Contract.Cmdlets.Where(c => !names.Contains(c)).ToList();
        Assert.True(missing.Count == 0, "missing cmdlets: " + string.Join(", ", missing));
    }

    [Fact]
    public void Cmdlets_live_in_LinuxNetPS_Commands_and_are_named_after_themselves()
    {
        var problems = new Problems();
        foreach (var c in Cmdlets)
        {
            problems.Check(c.Type.Namespace?.StartsWith("LinuxNetPS.Commands") == true, $"{c}: class {c.Type.FullName} is not in namespace LinuxNetPS.Commands");
            problems.Check(c.Type.Name == $"{c.Verb}{c.Noun}Command", $"{c}: class is {c.Type.Name}, expected {c.Verb}{c.Noun}Command");
            problems.Check(c.Type.BaseType is not null && InheritsFrom(c.Type, "System.Management.Automation.PSCmdlet"), $"{c}: does not derive from PSCmdlet");
        }
        problems.AssertNone("cmdlet classes");
    }

    [Fact]
    public void Verbs_are_approved()
    {
        var approved = ModuleMetadata.Instance.ApprovedVerbs;
        Assert.Contains("New", approved); // the list really came from System.Management.Automation
        Assert.Contains("Invoke", approved);
        Assert.DoesNotContain("Create", approved);
        var problems = new Problems();
        foreach (var c in Cmdlets)
            problems.Check(approved.Contains(c.Verb), $"{c}: '{c.Verb}' is not an approved verb (Get-Verb)");
        problems.AssertNone("verbs");
    }

    [Fact]
    public void Cmdlets_that_emit_objects_declare_OutputType_with_real_types()
    {
        var problems = new Problems();
        foreach (var c in Cmdlets)
        {
            bool silentByContract = c.Verb is "Remove" or "Disable" && c.Parameter("PassThru") is null;
            problems.Check(c.OutputTypes.Count > 0 || silentByContract, $"{c}: no [OutputType] (only Remove-/Disable- without -PassThru may omit it)");
            foreach (var o in c.OutputTypes)
            {
                problems.Check(o.Type is not null, $"{c}: [OutputType(\"{o.Name}\")] names no type in the module's assemblies");
                foreach (var set in o.ParameterSets)
                    problems.Check(c.ParameterSets.Contains(set), $"{c}: [OutputType] for parameter set '{set}', which the cmdlet does not have");
            }
        }
        problems.AssertNone("[OutputType]");
    }

    [Fact]
    public void State_changing_cmdlets_support_ShouldProcess_and_readers_do_not()
    {
        var problems = new Problems();
        foreach (var c in Cmdlets)
        {
            if (Contract.StateChangingVerbs.Contains(c.Verb))
                problems.Check(c.SupportsShouldProcess, $"{c}: changes state but has no SupportsShouldProcess (-WhatIf/-Confirm)");
            if (Contract.ReadOnlyVerbs.Contains(c.Verb))
                problems.Check(!c.SupportsShouldProcess, $"{c}: only reads but declares SupportsShouldProcess");
            if (c.Verb == "Remove")
            {
                string expected = Contract.HighImpact.Contains(c.Name) ? "High" : "Medium";
                problems.Check(c.ConfirmImpact == expected, $"{c}: ConfirmImpact is {c.ConfirmImpact ?? "not set (Medium by default is not the contract: set it)"}, expected {expected}");
            }
            if (Contract.HighImpact.Contains(c.Name))
                problems.Check(c.Parameter("Force") is { IsSwitch: true }, $"{c}: ConfirmImpact High asks by default, so it needs a -Force switch to skip the question");
        }
        problems.AssertNone("ShouldProcess");
    }

    [Fact]
    public void One_PassThru_rule_New_writes_what_it_made_every_other_change_writes_only_with_PassThru()
    {
        var problems = new Problems();
        foreach (var c in Cmdlets)
        {
            var passThru = c.Parameter("PassThru");
            bool writesObjects = c.OutputTypes.Any(o => o.Type is not null && o.Type.FullName != "System.Void");
            if (Contract.AlwaysEmitVerbs.Contains(c.Verb))
            {
                problems.Check(passThru is null, $"{c}: {c.Verb}-* always writes what it made, so -PassThru is meaningless");
                problems.Check(writesObjects, $"{c}: {c.Verb}-* writes what it made, but its [OutputType] says nothing");
            }
            if (Contract.PassThruVerbs.Contains(c.Verb))
            {
                problems.Check(!writesObjects || passThru is not null, $"{c}: declares [OutputType] but has no -PassThru: {c.Verb}-* writes objects only with -PassThru");
                problems.Check(writesObjects || passThru is null, $"{c}: has -PassThru but [OutputType] says it writes nothing");
            }
            if (passThru is null) continue;
            problems.Check(passThru.IsSwitch, $"{c}: -PassThru is {passThru.Type.Name}, not a switch");
            problems.Check(c.OutputTypes.Count > 0, $"{c}: has -PassThru but no [OutputType] saying what it passes");
            problems.Check(!passThru.FromPipeline, $"{c}: -PassThru takes pipeline input");
        }
        problems.AssertNone("-PassThru");
    }

    [Fact]
    public void Every_cmdlet_but_the_namespace_ones_has_a_pipeline_bound_Namespace_with_a_completer()
    {
        var problems = new Problems();
        foreach (var c in Cmdlets)
        {
            var ns = c.Parameter("Namespace");
            if (Contract.WithoutNamespaceParameter.Contains(c.Name))
            {
                problems.Check(ns is null, $"{c}: targets a namespace itself and must not have -Namespace (use -Name)");
                continue;
            }
            if (ns is null) { problems.Add($"{c}: has no -Namespace"); continue; }
            problems.Check(ns.Type.FullName == "System.String", $"{c}: -Namespace is {ns.Type.Name}, expected String");
            if (Contract.NamespaceNotFromPipeline.Contains(c.Name))
                problems.Check(ns.Sets.All(s => !s.ByPropertyName && s.Position == 0), $"{c}: -Namespace must be positional (0) and not pipeline-bound (Contract.NamespaceNotFromPipeline)");
            else
                problems.Check(ns.Sets.All(s => s.ByPropertyName), $"{c}: -Namespace is not ValueFromPipelineByPropertyName in every parameter set");
            problems.Check(ns.HasCompleter, $"{c}: -Namespace has no argument completer");
        }
        problems.AssertNone("-Namespace");
    }

    [Fact]
    public void Parameters_that_name_an_existing_namespace_link_or_bridge_have_completers()
    {
        var problems = new Problems();
        foreach (var c in Cmdlets)
            foreach (var p in c.Parameters)
            {
                bool refersToExisting = p.Name is "TargetNamespace" or "PeerNamespace" or "Interface" or "Bridge"
                    || (p.Name == "Name" && c.Noun is "NetLink" or "NetBridge" or "BridgePort" && c.Verb != "New")
                    || (p.Name == "Name" && c.Noun == "NetNamespace" && c.Verb is "Get" or "Remove")
                    || (p.Name is "Master" or "OutInterface" or "ExcludeOutInterface" or "Parent");
                if (refersToExisting)
                    problems.Check(p.HasCompleter, $"{c}: -{p.Name} names an existing object but has no argument completer");
            }
        problems.AssertNone("argument completers");
    }

    [Fact]
    public void Parameter_declarations_are_loadable_by_PowerShell()
    {
        var problems = new Problems();
        foreach (var c in Cmdlets)
        {
            var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var p in c.Parameters)
                foreach (var n in p.NameAndAliases)
                {
                    if (seen.TryGetValue(n, out var other)) problems.Add($"{c}: '{n}' is used by both -{other} and -{p.Name}");
                    else seen[n] = p.Name;
                    problems.Check(!CommonNames.Contains(n, StringComparer.OrdinalIgnoreCase), $"{c}: -{p.Name} uses '{n}', a common parameter name");
                }

            var sets = c.ParameterSets;
            if (sets.Count > 1)
                problems.Check(c.DefaultParameterSet is not null && sets.Contains(c.DefaultParameterSet),
                    $"{c}: has parameter sets {string.Join(", ", sets)} but DefaultParameterSetName is '{c.DefaultParameterSet}'");
            foreach (var set in sets)
            {
                var members = c.In(set).ToList();
                foreach (var dup in members.Where(m => m.Membership.Position is not null).GroupBy(m => m.Membership.Position).Where(g => g.Count() > 1))
                    problems.Add($"{c}: in set '{set}' position {dup.Key} is claimed by {string.Join(", ", dup.Select(d => "-" + d.Parameter.Name))}");
                var byValueTypes = members.Where(m => m.Membership.ByValue).GroupBy(m => m.Parameter.ElementType.FullName).Where(g => g.Count() > 1);
                foreach (var g in byValueTypes)
                    problems.Add($"{c}: in set '{set}' several parameters take {g.Key} by value: {string.Join(", ", g.Select(d => "-" + d.Parameter.Name))}");
                problems.Check(members.Count(m => m.Membership.RemainingArguments) <= 1, $"{c}: several ValueFromRemainingArguments in set '{set}'");
            }
            foreach (var p in c.Parameters)
            {
                problems.Check(p.Property.CanWrite && p.Property.SetMethod?.IsPublic == true, $"{c}: -{p.Name} has no public setter");
                problems.Check(char.IsUpper(p.Name[0]), $"{c}: -{p.Name} is not PascalCase");
                if (p.IsSwitch) problems.Check(p.Sets.All(s => s.Position is null), $"{c}: switch -{p.Name} has a position");
            }
        }
        problems.AssertNone("parameter declarations");
    }

    [Fact]
    public void Same_parameter_name_means_the_same_type_everywhere()
    {
        var problems = new Problems();
        var groups = Cmdlets.SelectMany(c => c.Parameters.Select(p => (Cmdlet: c, Parameter: p)))
            .GroupBy(x => Contract.FamilySpecificParameters.TryGetValue(x.Parameter.Name, out var family)
                ? $"{x.Parameter.Name} ({family(x.Cmdlet.Name)})" : x.Parameter.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var g in groups)
        {
            // string and string[] are the same parameter taking one or many values; IPFamily? is IPFamily that may be omitted.
            var types = g.GroupBy(x => (Binding.UnderlyingNullable(x.Parameter.ElementType) ?? x.Parameter.ElementType).FullName).ToList();
            if (types.Count > 1)
                problems.Add($"-{g.Key} has different types: " + string.Join("; ", types.Select(t => $"{t.Key} in {string.Join(", ", t.Select(x => x.Cmdlet.Name))}")));
            var spellings = g.Select(x => x.Parameter.Name).Distinct(StringComparer.Ordinal).ToList();
            if (spellings.Count > 1) problems.Add($"-{g.Key} is spelled {string.Join(" / ", spellings)}");
        }
        // An alias means one parameter everywhere: -NextHop is -Gateway in every cmdlet that has it.
        var aliasOwners = Cmdlets.SelectMany(c => c.Parameters.SelectMany(p => p.Aliases.Select(a => (Alias: a, Parameter: p.Name, Cmdlet: c.Name))))
            .GroupBy(x => x.Alias, StringComparer.OrdinalIgnoreCase);
        foreach (var a in aliasOwners.Where(a => a.Select(x => x.Parameter).Distinct(StringComparer.OrdinalIgnoreCase).Count() > 1))
            problems.Add($"alias -{a.Key} stands for different parameters: " + string.Join("; ", a.Select(x => $"-{x.Parameter} in {x.Cmdlet}")));
        problems.AssertNone("parameter name/type consistency");
    }

    [Fact]
    public void Windows_NetTCPIP_spellings_are_aliases_of_our_parameters()
    {
        var problems = new Problems();
        foreach (var (parameter, alias, appliesTo) in Contract.WindowsAliases)
        {
            var holders = Cmdlets.Where(c => appliesTo(c.Name) && c.Parameter(parameter) is not null).ToList();
            problems.Check(holders.Count > 0, $"no cmdlet has -{parameter}, so the Windows alias -{alias} has nowhere to go");
            foreach (var c in holders)
                problems.Check(c.Parameter(parameter)!.Aliases.Contains(alias, StringComparer.OrdinalIgnoreCase), $"{c}: -{parameter} lacks the Windows alias -{alias}");
        }
        problems.AssertNone("Windows aliases");
    }

    [Fact]
    public void Windows_NetTCPIP_property_names_are_types_file_aliases_of_our_properties()
    {
        var problems = new Problems();
        foreach (var (typeName, alias, property) in Contract.WindowsPropertyAliases)
        {
            var type = ModuleMetadata.Instance.FindType("LinuxNetPS.Model." + typeName);
            if (type is null) { problems.Add($"no type {typeName}"); continue; }
            var found = Binding.Properties(type).FirstOrDefault(p => p.Name == alias);
            problems.Check(found?.AliasOf == property, $"{typeName}.{alias} is not a types-file alias of {property} (found: {found?.AliasOf ?? "nothing"})");
        }
        problems.AssertNone("Windows property aliases");
    }

    [Fact]
    public void No_property_is_named_like_a_member_of_System_Array()
    {
        // `(Get-NetAddress).Address` on two or more objects reaches Array.Address(int), not the objects' property:
        // member enumeration never sees an element property that the array itself has.
        string[] arrayMembers = ["Address", "Get", "Set", "Length", "LongLength", "Rank", "Count", "SyncRoot", "IsReadOnly", "IsFixedSize", "IsSynchronized"];
        var problems = new Problems();
        var own = ModuleMetadata.Instance.OwnAssemblies;
        var types = Cmdlets.SelectMany(c => c.OutputTypes).Where(o => o.Type is not null && own.Contains(o.Type.Assembly)).Select(o => o.Type!).Distinct();
        foreach (var t in types)
            foreach (var p in Binding.Properties(t))
                problems.Check(!arrayMembers.Contains(p.Name, StringComparer.OrdinalIgnoreCase), $"{t.Name}.{p.Name} is shadowed by System.Array's {p.Name} under member enumeration");
        problems.AssertNone("member enumeration");
    }

    [Fact]
    public void Names_taken_by_value_refuse_other_objects_of_the_module()
    {
        var problems = new Problems();
        foreach (var c in Cmdlets)
            foreach (var p in c.Parameters.Where(p => p.ByValue && p.ElementType.FullName == "System.String"))
                problems.Check(p.Property.CustomAttributes.Any(a => a.AttributeType.Name == "ObjectNamesAttribute"),
                    $"{c}: -{p.Name} takes strings by value but has no [ObjectNames]: PowerShell would convert a NetNamespace (or any object) into a name");
        problems.AssertNone("by-value names");
    }

    [Fact]
    public void The_contract_names_are_used_for_links_addresses_bridges_and_moves()
    {
        var problems = new Problems();
        foreach (var c in Cmdlets)
        {
            foreach (var bad in new[] { "Link", "Dev", "Device", "NetNs", "Netns", "Ns", "Peer", "Target", "Iface", "InterfaceName", "LinkName" })
                problems.Check(c.Parameter(bad) is null || c.Parameter(bad)!.Name != bad,
                    $"{c}: parameter -{bad}; the contract names are -Name (link cmdlets), -Interface (address/route), -Bridge, -PeerName/-PeerNamespace, -TargetNamespace");
            if (c.Noun is "NetAddress" or "NetRoute")
                problems.Check(c.Parameters.All(p => p.Name != "Name"), $"{c}: the link of an address/route cmdlet is -Interface (alias Name), not -Name");
        }
        problems.AssertNone("parameter names");
    }

    private static bool InheritsFrom(Type t, string fullName)
    {
        for (var b = t.BaseType; b is not null; b = b.BaseType)
            if (b.FullName == fullName) return true;
        return false;
    }
}
