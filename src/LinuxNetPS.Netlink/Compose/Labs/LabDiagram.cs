using System.Text;

namespace LinuxNetPS.Compose.Labs;

/// <summary>
/// A lab as a picture, in the two text forms people paste: Mermaid (renders in GitHub and many wikis) and Graphviz
/// DOT (for `dot -Tsvg`). Nodes show their kind and addresses, edges their interface names.
/// </summary>
public static class LabDiagram
{
    public static string Mermaid(LabRecord lab)
    {
        var sb = new StringBuilder();
        sb.AppendLine("graph LR");
        foreach (var group in NodesOf(lab).GroupBy(n => n.Host))
        {
            // A split lab: each host is a subgraph named after it (key and underlay address).
            string indent = group.Key is null ? "  " : "    ";
            if (group.Key is { } host) sb.AppendLine($"  subgraph {Id("host_" + host)}[\"host {HostLabel(lab, host)}\"]");
            foreach (var node in group)
            {
                string label = Label(node, "<br/>");
                sb.AppendLine(node.Kind == nameof(LabNodeKind.Bridge) ? $"{indent}{Id(node.Name)}{{{{\"{label}\"}}}}" : $"{indent}{Id(node.Name)}[\"{label}\"]");
            }
            if (group.Key is not null) sb.AppendLine("  end");
        }
        foreach (var link in lab.Links.Concat(lab.RemoteLinks))
        {
            var (a, ai) = Split(link.A);
            var (b, bi) = Split(link.B);
            sb.AppendLine($"  {Id(a)} ---|\"{ai} — {bi}{Shaping(link)}\"| {Id(b)}");
        }
        return sb.ToString();
    }

    public static string Dot(LabRecord lab)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"graph \"{Escape(lab.Name)}\" {{");
        sb.AppendLine("  rankdir=LR;");
        sb.AppendLine("  node [fontname=\"Helvetica\", fontsize=10];");
        sb.AppendLine("  edge [fontname=\"Helvetica\", fontsize=9];");
        foreach (var group in NodesOf(lab).GroupBy(n => n.Host))
        {
            string indent = group.Key is null ? "  " : "    ";
            if (group.Key is { } host) sb.AppendLine($"  subgraph \"cluster_{Escape(host)}\" {{ label=\"host {Escape(HostLabel(lab, host))}\";");
            foreach (var node in group)
            {
                string shape = node.Kind == nameof(LabNodeKind.Bridge) ? "hexagon" : node.Forwarding ? "box3d" : "box";
                sb.AppendLine($"{indent}\"{Escape(node.Name)}\" [shape={shape}, label=\"{Escape(Label(node, "\n")).Replace("\n", "\\n")}\"];");
            }
            if (group.Key is not null) sb.AppendLine("  }");
        }
        foreach (var link in lab.Links.Concat(lab.RemoteLinks))
        {
            var (a, ai) = Split(link.A);
            var (b, bi) = Split(link.B);
            sb.AppendLine($"  \"{Escape(a)}\" -- \"{Escape(b)}\" [taillabel=\"{Escape(ai)}\", headlabel=\"{Escape(bi)}\"{(Shaping(link).Length > 0 ? $", label=\"{Escape(Shaping(link).Trim())}\"" : "")}];");
        }
        sb.AppendLine("}");
        return sb.ToString();
    }

    /// <summary>What the picture needs of a node, here or (in a split lab) on another host.</summary>
    private sealed record Node(string Name, string Kind, bool Forwarding, IReadOnlyList<string> Addresses, string? Host);

    private static IEnumerable<Node> NodesOf(LabRecord lab) =>
        lab.Nodes.Select(n => new Node(n.Name, n.Kind, n.Forwarding, n.Addresses, n.Host ?? lab.Host))
            .Concat(lab.RemoteNodes.Select(n => new Node(n.Name, n.Kind, n.Forwarding, n.Addresses, n.Host)))
            .OrderBy(n => n.Host is null ? -1 : lab.Hosts.Keys.ToList().IndexOf(n.Host));

    private static string HostLabel(LabRecord lab, string host) => lab.Hosts.TryGetValue(host, out var address) ? $"{host} ({address})" : host;

    private static string Label(Node node, string newline) =>
        string.Join(newline, new[] { $"{node.Name}{(node.Kind == nameof(LabNodeKind.Bridge) ? " (bridge)" : node.Forwarding ? " (router)" : "")}" }
            .Concat(node.Addresses));

    private static string Shaping(LabLinkRecord link)
    {
        var parts = new[] { link.ImpairmentA, link.ImpairmentB }.Where(s => s is not null).Distinct().ToList();
        return parts.Count == 0 ? "" : " " + string.Join(" / ", parts);
    }

    private static (string Node, string Interface) Split(string end)
    {
        int colon = end.IndexOf(':');
        return (end[..colon], end[(colon + 1)..]);
    }

    /// <summary>Mermaid ids: letters, digits and '_' only.</summary>
    private static string Id(string name) => "n_" + new string(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());

    private static string Escape(string text) => text.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
