namespace LinuxNetPS.Compose.Labs;

/// <summary>
/// Maps the part of a containerlab topology that means something without containers onto the lab schema, keeping
/// every location: name, topology.nodes with kind linux (a namespace) or bridge (a bridge node; containerlab puts
/// it in the host, a lab keeps it in its own namespace), topology.defaults.kind, topology.links[].endpoints.
/// Container settings (image, cmd, binds, env ...) have no meaning here: they are ignored with a warning.
/// Other node kinds (network operating systems) are refused.
/// </summary>
public static class ContainerlabTranslator
{
    public static LabValue Translate(LabValue root, List<string> warnings)
    {
        var map = LabValues.Map(root, "A containerlab topology");
        var topologyEntry = map.Find("topology");
        if (topologyEntry is null)
        {
            // Not a containerlab file: a lab definition written in YAML, read as it is.
            return root;
        }
        foreach (var entry in map.Entries.Where(e => !e.Key.Equals("name", StringComparison.Ordinal) && !e.Key.Equals("topology", StringComparison.Ordinal)))
            warnings.Add($"{entry.KeyLocation}: '{entry.Key}' is a containerlab setting without meaning for a lab of namespaces; ignored.");
        var topology = LabValues.Map(topologyEntry.Value, "topology");
        string defaultKind = "linux";
        LabValue? defaultKindValue = null;
        foreach (var entry in topology.Entries)
        {
            if (entry.Key is "nodes" or "links") continue;
            if (entry.Key == "defaults" && LabValues.Map(entry.Value, "topology.defaults").Find("kind") is { } k)
            {
                defaultKind = LabValues.Text(k.Value, "kind");
                defaultKindValue = k.Value;
                continue;
            }
            warnings.Add($"{entry.KeyLocation}: 'topology.{entry.Key}' is ignored (only nodes, links and defaults.kind are read).");
        }

        var nodes = new List<LabEntry>();
        if (topology.Find("nodes") is { } nodesEntry)
            foreach (var node in LabValues.Map(nodesEntry.Value, "topology.nodes").Entries)
            {
                var settings = LabValues.Map(node.Value, $"The node '{node.Key}'");
                var kindValue = settings.Find("kind")?.Value ?? defaultKindValue;
                string kind = kindValue is null ? defaultKind : LabValues.Text(kindValue, "kind");
                if (kind is not ("linux" or "bridge"))
                    throw LabErrors.Invalid(kindValue?.Location ?? node.KeyLocation,
                        $"The containerlab node kind '{kind}' needs containers; a lab of namespaces takes kind linux or bridge.");
                foreach (var setting in settings.Entries.Where(e => e.Key != "kind"))
                    warnings.Add($"{setting.KeyLocation}: '{setting.Key}' of node '{node.Key}' is ignored (nodes are namespaces, not containers).");
                var kindAt = kindValue?.Location ?? node.KeyLocation;
                nodes.Add(new LabEntry(node.Key, node.KeyLocation, new LabMap([new LabEntry("Kind", kindAt, new LabScalar(kind, kindAt))], node.KeyLocation)));
            }

        var links = new List<LabValue>();
        if (topology.Find("links") is { } linksEntry)
            foreach (var link in LabValues.OneOrMany(linksEntry.Value))
            {
                var settings = LabValues.Map(link, "A link");
                var endpoints = settings.Find("endpoints") ?? throw LabErrors.Invalid(link.Location, "A containerlab link needs endpoints: [\"a:eth1\", \"b:eth1\"].");
                foreach (var setting in settings.Entries.Where(e => e.Key != "endpoints"))
                    warnings.Add($"{setting.KeyLocation}: '{setting.Key}' of a link is ignored.");
                links.Add(new LabMap([new LabEntry("Endpoints", endpoints.KeyLocation, endpoints.Value)], link.Location));
            }

        var entries = new List<LabEntry>();
        if (map.Find("name") is { } name) entries.Add(new LabEntry("Name", name.KeyLocation, name.Value));
        entries.Add(new LabEntry("Nodes", topologyEntry.KeyLocation, new LabMap(nodes, topologyEntry.KeyLocation)));
        entries.Add(new LabEntry("Links", topologyEntry.KeyLocation, new LabList(links, topologyEntry.KeyLocation)));
        return new LabMap(entries, root.Location);
    }
}
