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
        foreach (var node in lab.Nodes)
        {
            string label = Label(node, "<br/>");
            sb.AppendLine(node.Kind == nameof(LabNodeKind.Bridge) ? $"  {Id(node.Name)}{{{{\"{label}\"}}}}" : $"  {Id(node.Name)}[\"{label}\"]");
        }
        foreach (var link in lab.Links)
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
        foreach (var node in lab.Nodes)
        {
            string shape = node.Kind == nameof(LabNodeKind.Bridge) ? "hexagon" : node.Forwarding ? "box3d" : "box";
            sb.AppendLine($"  \"{Escape(node.Name)}\" [shape={shape}, label=\"{Escape(Label(node, "\n")).Replace("\n", "\\n")}\"];");
        }
        foreach (var link in lab.Links)
        {
            var (a, ai) = Split(link.A);
            var (b, bi) = Split(link.B);
            sb.AppendLine($"  \"{Escape(a)}\" -- \"{Escape(b)}\" [taillabel=\"{Escape(ai)}\", headlabel=\"{Escape(bi)}\"{(Shaping(link).Length > 0 ? $", label=\"{Escape(Shaping(link).Trim())}\"" : "")}];");
        }
        sb.AppendLine("}");
        return sb.ToString();
    }

    private static string Label(LabNodeRecord node, string newline) =>
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
